/* plot_options: from options to a shown, saved or exported plot. */
#include "cli/plot_options.h"

#include "plot/csv.h"
#include "plot/script.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int plot_options_wanted(const PlotOptions *o)
{
	return o->plot || o->script || o->csv;
}

static int parse_size(const char *s, int *cols, int *rows)
{
	char *end;
	long c = strtol(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return -1;
	const char *r0 = end + 1;
	long r = strtol(r0, &end, 10);
	if (end == r0 || *end || c < PLOT_SIZE_MIN_COLS || c > PLOT_SIZE_MAX_COLS ||
	    r < PLOT_SIZE_MIN_ROWS || r > PLOT_SIZE_MAX_ROWS)
		return -1;
	*cols = (int)c;
	*rows = (int)r;
	return 0;
}

/* The target the options describe: size from --plot-size, else the terminal, else 80x24. */
static int make_target(const char *cmd, const PlotOptions *o, PlotTarget *t, FILE *err)
{
	memset(t, 0, sizeof *t);
	if (o->plot && plot_target_parse(o->plot, t) != ST_OK) {
		fprintf(err, "gradlab %s: --plot: %s\n", cmd, status_detail());
		return 2;
	}
	if (!o->plot)
		t->kind = PLOT_WINDOW; /* what a saved script draws when no file was asked for */
	t->glyphs = plot_glyphs_from_locale();
	if (o->glyphs)
		t->glyphs = strcmp(o->glyphs, "ascii") == 0	 ? PLOT_GLYPHS_ASCII
			    : strcmp(o->glyphs, "narrow") == 0 ? PLOT_GLYPHS_NARROW
							       : PLOT_GLYPHS_UNICODE;
	if (t->kind == PLOT_TEXT || t->kind == PLOT_DUMB || t->kind == PLOT_AUTO) {
		struct winsize ws;
		t->width = PLOT_TEXT_COLS;
		t->height = PLOT_TEXT_ROWS;
		if (o->size) {
			if (parse_size(o->size, &t->width, &t->height)) {
				fprintf(err, "gradlab %s: --plot-size must be COLSxROWS, at least %dx%d and at most %dx%d, got '%s'\n",
					cmd, PLOT_SIZE_MIN_COLS, PLOT_SIZE_MIN_ROWS, PLOT_SIZE_MAX_COLS,
					PLOT_SIZE_MAX_ROWS, o->size);
				return 2;
			}
		} else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
			   ws.ws_col >= PLOT_SIZE_MIN_COLS && ws.ws_row >= PLOT_SIZE_MIN_ROWS) {
			/* The terminal less a row for the prompt, within what --plot-size accepts. */
			int h = ws.ws_row - 1;
			t->width = ws.ws_col > PLOT_SIZE_MAX_COLS ? PLOT_SIZE_MAX_COLS : ws.ws_col;
			t->height = h < PLOT_SIZE_MIN_ROWS   ? PLOT_SIZE_MIN_ROWS
				    : h > PLOT_SIZE_MAX_ROWS ? PLOT_SIZE_MAX_ROWS
							     : h;
		}
	}
	return 0;
}

int plot_options_check(const char *cmd, const PlotOptions *o, FILE *err)
{
	PlotTarget t;
	return make_target(cmd, o, &t, err);
}

/* Write a file with one of the exporters; 0 or 2 with the file named. */
static int export(const char *cmd, const char *what, const char *path,
		  Status (*write)(FILE *, const void *, const PlotTarget *), const void *data,
		  const PlotTarget *t, FILE *err)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(err, "gradlab %s: --%s: cannot write '%s': %m\n", cmd, what, path);
		return 2;
	}
	Status st = write(f, data, t);
	if (fclose(f) != 0 || st != ST_OK) {
		fprintf(err, "gradlab %s: --%s: writing '%s' failed\n", cmd, what, path);
		return 2;
	}
	return 0;
}

/* What plot_options_line and plot_options_heat differ in: the kind of figure behind the
 * const void *, and the plot/ functions that take it. */
typedef struct FigureOps {
	const void *(*drawn)(const void *fig, const PlotTarget *t, char *note, size_t size);
	Status (*script)(FILE *f, const void *fig, const PlotTarget *t);
	Status (*csv)(FILE *f, const void *fig, const PlotTarget *t);
	Status (*show)(const void *fig, const PlotTarget *t, PlotShown *s);
} FigureOps;

static const void *line_drawn(const void *p, const PlotTarget *t, char *note, size_t size)
{
	return plot_line_for(p, t, note, size);
}
static Status line_script(FILE *f, const void *p, const PlotTarget *t)
{
	return plot_script_line(f, p, t);
}
static Status line_csv(FILE *f, const void *p, const PlotTarget *t)
{
	(void)t;
	return plot_csv_line(f, p);
}
static Status line_show(const void *p, const PlotTarget *t, PlotShown *s)
{
	return plot_line_show(p, t, s);
}
static const FigureOps LINE = { line_drawn, line_script, line_csv, line_show };

static const void *heat_drawn(const void *h, const PlotTarget *t, char *note, size_t size)
{
	return plot_heat_for(h, t, note, size);
}
static Status heat_script(FILE *f, const void *h, const PlotTarget *t)
{
	return plot_script_heat(f, h, t);
}
static Status heat_csv(FILE *f, const void *h, const PlotTarget *t)
{
	(void)t;
	return plot_csv_heat(f, h);
}
static Status heat_show(const void *h, const PlotTarget *t, PlotShown *s)
{
	return plot_heat_show(h, t, s);
}
static const FigureOps HEAT = { heat_drawn, heat_script, heat_csv, heat_show };

static int shown(const char *cmd, Status st, PlotShown *s, FILE *out, FILE *err)
{
	if (st != ST_OK) {
		fprintf(err, "gradlab %s: --plot: %s\n", cmd, status_detail());
		return 2;
	}
	if (s->note[0])
		fprintf(err, "gradlab %s: %s\n", cmd, s->note);
	if (s->text) {
		fputc('\n', out);
		for (int i = 0; i < s->text->n; i++)
			fprintf(out, "%s\n", s->text->lines[i]);
	}
	plot_shown_clear(s);
	return 0;
}

/* The note of a plot captioned in English for want of a Chinese font, when no --plot will
 * say it: the script was asked for without a plot. */
static void script_note(const char *cmd, const PlotOptions *o, const char *note, FILE *err)
{
	if (note[0] && !o->plot)
		fprintf(err, "gradlab %s: %s\n", cmd, note);
}

/* fig: the figure as the command made it; en: its English twin for the CSV (fig itself when
 * it has none). */
static int draw(const char *cmd, const PlotOptions *o, const FigureOps *k, const void *fig,
		const void *en, FILE *out, FILE *err)
{
	PlotTarget t;
	char note[320];
	int rc = make_target(cmd, o, &t, err);
	if (rc)
		return rc;
	/* The script draws what gnuplot draws here (asking for a font only when there is a
	 * script); the CSV's series names do not change with the language. */
	if (o->script) {
		const void *drawn = k->drawn(fig, &t, note, sizeof note);
		script_note(cmd, o, note, err);
		rc = export(cmd, "gnuplot-script", o->script, k->script, drawn, &t, err);
	}
	if (!rc && o->csv)
		rc = export(cmd, "csv", o->csv, k->csv, en, &t, err);
	if (!rc && o->plot) {
		PlotShown s;
		fflush(out);
		rc = shown(cmd, k->show(fig, &t, &s), &s, out, err);
	}
	return rc;
}

int plot_options_line(const char *cmd, const PlotOptions *o, const PlotLine *p, FILE *out,
		      FILE *err)
{
	return draw(cmd, o, &LINE, p, p->en ? p->en : p, out, err);
}

int plot_options_heat(const char *cmd, const PlotOptions *o, const PlotHeat *h, FILE *out,
		      FILE *err)
{
	return draw(cmd, o, &HEAT, h, h->en ? h->en : h, out, err);
}
