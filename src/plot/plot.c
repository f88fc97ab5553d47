/* plot: choosing a target and falling back when gnuplot cannot draw; see plot.h. The top of
 * src/plot: script.c says what to draw, gnuplot.c runs gnuplot, text.c and heat.c draw
 * without it. Policy lives here: windows only with a display, text when gnuplot fails,
 * but never a silent text plot in place of a file that was asked for; a Chinese plot in
 * English where gnuplot has no font for it (fonts.c), and never in gnuplot's dumb terminal,
 * which cannot align it. */
#include "plot/plot.h"

#include "core/mem.h"
#include "plot/axis.h"
#include "plot/cols.h"
#include "plot/gnuplot.h"
#include "plot/plot_msg.h"
#include "plot/script.h"
#include "plot/text.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUOTED_MAX 4200

Status plot_target_parse(const char *spec, PlotTarget *t)
{
	static const struct {
		const char *word;
		PlotKind kind;
	} words[] = { { "auto", PLOT_AUTO },
		      { "text", PLOT_TEXT },
		      { "window", PLOT_WINDOW },
		      { "dumb", PLOT_DUMB } };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(spec, words[i].word) == 0) {
			t->kind = words[i].kind;
			t->file = NULL;
			return ST_OK;
		}
	PlotKind kind = strncmp(spec, "png:", 4) == 0 ? PLOT_PNG
			: strncmp(spec, "svg:", 4) == 0 ? PLOT_SVG
							: PLOT_AUTO;
	if (kind == PLOT_AUTO)
		return status_fail(ST_EINVAL,
				   "plot target '%s': expected auto, text, window, dumb, png:FILE "
				   "or svg:FILE",
				   spec);
	char quoted[QUOTED_MAX];
	if (plot_quote_file(spec + 4, quoted, sizeof quoted)) {
		char why[256];
		snprintf(why, sizeof why, "%s", status_detail());
		return status_fail(ST_EINVAL, "plot target '%.40s': %s", spec, why);
	}
	t->kind = kind;
	t->file = spec + 4;
	return ST_OK;
}

PlotGlyphs plot_glyphs_from_locale(void)
{
	return utf8_locale() ? PLOT_GLYPHS_UNICODE : PLOT_GLYPHS_ASCII;
}

void plot_shown_clear(PlotShown *out)
{
	plot_text_free(out->text);
	memset(out, 0, sizeof *out);
}

static int has_display(void)
{
	const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
	return (x && x[0]) || (w && w[0]);
}

/* A copy of the last failure's detail, for building a longer sentence around it. */
static void detail(char *b, size_t size)
{
	snprintf(b, size, "%s", status_detail());
}

/* {==== Running gnuplot ==== */

typedef struct Plot {
	const PlotLine *line;     /* one of these two */
	const PlotHeat *heat;
} Plot;

/* The language of p's captions, a Lang. */
static int plot_lang(const Plot *p)
{
	return p->line ? p->line->lang : p->heat->lang;
}

static Status write_script(FILE *f, const Plot *p, const PlotTarget *t)
{
	return p->line ? plot_script_line(f, p->line, t) : plot_script_heat(f, p->heat, t);
}

/* One gnuplot from start to exit: the script, a sync (which reports errors and, for dumb,
 * returns the text), then close. */
static Status run(const Plot *p, const PlotTarget *t, char **text)
{
	Gnuplot *g;
	Status st = gnuplot_open(&g, NULL, t->timeout_ms);
	if (st)
		return st;
	if (t->kind == PLOT_WINDOW) {
		static const char *const windows[] = { "qt", "wxt", "x11" };
		int found = 0;
		for (int i = 0; i < 3 && found == 0; i++)
			found = gnuplot_has_terminal(g, windows[i]);
		if (found < 0)
			st = ST_EIO;
		else if (!found)
			st = status_fail(ST_EIO, "%s", plot_msg(LANG_EN, PM_WHY_NO_WINDOW_TERMINAL));
	}
	if (!st) {
		/* A failed write means gnuplot is gone; the sync says how. */
		st = write_script(gnuplot_input(g), p, t);
		if (!st || st == ST_EIO)
			st = gnuplot_sync(g, text);
	}
	/* The first failure is the one to tell; after a success, a gnuplot that had to be
	 * killed on the way out has still drawn the plot (and been reaped). */
	char why[320];
	detail(why, sizeof why);
	gnuplot_close(g);
	if (st)
		status_fail(st, "%s", why);
	return st;
}

/* dumb's output as lines, trailing blank lines dropped. */
static Status split_lines(const char *s, int cols, PlotText **out)
{
	PlotText *t = plot_text_new();
	if (!t)
		return ST_ENOMEM;
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *one = mem_alloc(n + 1);
		Line l = { 0 };
		if (one) {
			memcpy(one, s, n);
			one[n] = '\0';
			plot_row_str(&l, one, cols, 0);
			mem_free(one);
		}
		if (!one || plot_text_push(t, &l)) {
			plot_text_free(t);
			return status_fail(ST_ENOMEM, "out of memory reading gnuplot's text plot");
		}
		s += n + (s[n] == '\n');
	}
	while (t->n > 0 && t->lines[t->n - 1][0] == '\0')
		mem_free(t->lines[--t->n]);
	*out = t;
	return ST_OK;
}

/* }==== */

/* A reason from gnuplot.c or this file in lang: the known ones (whose English text is the
 * failure's detail) in their own words, any other (gnuplot's own words) quoted. */
static void reason(const char *why, int lang, char *b, size_t size)
{
	static const PlotMsg known[] = { PM_WHY_NO_GNUPLOT, PM_WHY_NO_WINDOW_TERMINAL,
					 PM_WHY_NO_DISPLAY, PM_WHY_DUMB_HEAT, PM_WHY_DUMB_WIDE };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(why, plot_msg(LANG_EN, known[i])) == 0) {
			snprintf(b, size, "%s", plot_msg(lang, known[i]));
			return;
		}
	plot_format(b, size, lang, PM_WHY_GNUPLOT_SAID, why);
}

static Status draw_text(const Plot *p, const PlotTarget *t, PlotShown *out, const char *why)
{
	int cols = t->width > 0 ? t->width : PLOT_TEXT_COLS;
	int rows = t->height > 0 ? t->height : PLOT_TEXT_ROWS;
	Status st = p->line ? plot_text_line(p->line, cols, rows, t->glyphs, &out->text)
			    : plot_text_heat(p->heat, cols, rows, t->glyphs, &out->text);
	if (st)
		return st;
	out->drawn = PLOT_TEXT;
	if (why) {
		char b[256];
		int lang = plot_lang(p);
		reason(why, lang, b, sizeof b);
		plot_format(out->note, sizeof out->note, lang, PM_TEXT_INSTEAD, b,
			    plot_msg(lang, p->line ? PM_KIND_PLOT : PM_KIND_HEATMAP));
	}
	return ST_OK;
}

/* p as it goes to t: captioned in English where Chinese cannot be drawn, with the note. */
static Plot for_target(const Plot *p, const PlotTarget *t, PlotShown *out)
{
	if (p->line)
		return (Plot){ .line = plot_line_for(p->line, t, out->note, sizeof out->note) };
	return (Plot){ .heat = plot_heat_for(p->heat, t, out->note, sizeof out->note) };
}

static Status draw_window(const Plot *p, const PlotTarget *t, PlotShown *out)
{
	PlotTarget w = *t;
	w.kind = PLOT_WINDOW;
	w.width = w.height = 0; /* t's size is for the text fallback */
	if (!has_display())
		return draw_text(p, t, out, t->kind == PLOT_WINDOW
						    ? plot_msg(LANG_EN, PM_WHY_NO_DISPLAY)
						    : NULL);
	Plot shown = for_target(p, &w, out);
	if (run(&shown, &w, NULL)) {
		char why[256];
		detail(why, sizeof why);
		out->note[0] = '\0';
		return draw_text(p, t, out, why);
	}
	out->drawn = PLOT_WINDOW;
	return ST_OK;
}

static Status draw_dumb(const Plot *p, const PlotTarget *t, PlotShown *out)
{
	char *text = NULL, why[256];
	int cols = t->width > 0 ? t->width : PLOT_TEXT_COLS;
	if (p->heat)
		return draw_text(p, t, out, plot_msg(LANG_EN, PM_WHY_DUMB_HEAT));
	/* Captions in any language but English may hold wide characters. */
	if (plot_lang(p) != LANG_EN)
		return draw_text(p, t, out, plot_msg(LANG_EN, PM_WHY_DUMB_WIDE));
	if (run(p, t, &text)) {
		detail(why, sizeof why);
		return draw_text(p, t, out, why);
	}
	Status st = split_lines(text, cols, &out->text);
	mem_free(text);
	if (!st)
		out->drawn = PLOT_DUMB;
	return st;
}

/* PNG or SVG: no fallback. The file must be writable before gnuplot starts and there and
 * non-empty after it ends; a file this call created is removed when that fails. */
static Status draw_file(const Plot *p, const PlotTarget *t, PlotShown *out)
{
	char quoted[QUOTED_MAX], why[256];
	const char *file = t->file;
	Status st = plot_quote_file(file, quoted, sizeof quoted);
	if (st)
		return st;
	struct stat sb;
	int existed = stat(file, &sb) == 0;
	if (existed && S_ISDIR(sb.st_mode))
		return status_fail(ST_EIO, "cannot write %s: it is a directory", file);
	char *copy = mem_strdup(file);
	if (!copy)
		return status_fail(ST_ENOMEM, "out of memory");
	int ok = access(dirname(copy), W_OK | X_OK) == 0 && (!existed || access(file, W_OK) == 0);
	int why_not = errno;
	mem_free(copy);
	if (!ok)
		return status_fail(ST_EIO, "cannot write %s: %s", file, strerror(why_not));
	Plot shown = for_target(p, t, out);
	st = run(&shown, t, NULL);
	if (st) {
		detail(why, sizeof why);
		st = status_fail(st, "could not write %s: %s", file, why);
	} else if (stat(file, &sb) != 0) {
		st = status_fail(ST_EIO, "gnuplot did not write %s", file);
	} else if (sb.st_size == 0) {
		st = status_fail(ST_EIO, "gnuplot left %s empty", file);
	}
	if (st && !existed)
		unlink(file);
	if (st)
		out->note[0] = '\0';
	else
		out->drawn = t->kind;
	return st;
}

static Status show(const Plot *p, const PlotTarget *t, PlotShown *out)
{
	memset(out, 0, sizeof *out);
	switch (t->kind) {
	case PLOT_TEXT:
		return draw_text(p, t, out, NULL);
	case PLOT_AUTO:
	case PLOT_WINDOW:
		return draw_window(p, t, out);
	case PLOT_DUMB:
		return draw_dumb(p, t, out);
	case PLOT_PNG:
	case PLOT_SVG:
		return draw_file(p, t, out);
	}
	return status_fail(ST_EINVAL, "unknown plot target %d", (int)t->kind);
}

Status plot_line_show(const PlotLine *p, const PlotTarget *t, PlotShown *out)
{
	PlotAxis ax, ay;
	Status st;
	memset(out, 0, sizeof *out);
	/* Bad data is the caller's to fix, on every target: check it before starting gnuplot. */
	if ((st = plot_axis_x(p, &ax)) || (st = plot_axis_y(p, &ay)))
		return st;
	return show(&(Plot){ .line = p }, t, out);
}

Status plot_heat_show(const PlotHeat *h, const PlotTarget *t, PlotShown *out)
{
	memset(out, 0, sizeof *out);
	if (h->rows < 1 || h->cols < 1 || !h->v)
		return status_fail(ST_EINVAL, "a heatmap needs values, got %dx%d", h->rows, h->cols);
	return show(&(Plot){ .heat = h }, t, out);
}
