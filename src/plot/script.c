/* script: gnuplot commands and datablocks for line plots and heatmaps; see script.h.
 * In src/plot, under plot.c and beside text.c, with which it shares the axes (axis.c).
 * The script is self-contained (reset, terminal, data inline), so it runs the same piped
 * into a long-lived gnuplot and on its own as `gnuplot FILE`. */
#include "plot/script.h"

#include "plot/axis.h"

#include <math.h>
#include <string.h>

#define MAX_TICKS 64
#define FONT "Sans,13"
#define TITLE_FONT "Sans,15"

/* Colour-blind safe (Okabe-Ito), dark enough on white; the clamped marks are red. */
static const char *const colours[] = { "#0072B2", "#D55E00", "#009E73", "#CC79A7",
				       "#E69F00", "#56B4E9", "#000000", "#999933" };
#define N_COLOURS (int)(sizeof colours / sizeof colours[0])
#define CLAMP_COLOUR "#E00000"

Status plot_quote_file(const char *name, char *buf, size_t size)
{
	if (!name || !name[0])
		return status_fail(ST_EINVAL, "output file name is empty");
	const char *p = name + strspn(name, " \t");
	if (*p == '|' || *p == '<')
		return status_fail(ST_EINVAL,
				   "output file '%s': a name starting with '%c' would make gnuplot "
				   "run a command",
				   name, *p);
	for (p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return status_fail(ST_EINVAL,
					   "output file name contains a newline or another control "
					   "character");
	size_t n = 0;
	if (size < 3)
		goto full;
	buf[n++] = '\'';
	for (p = name; *p; p++) {
		if (n + (*p == '\'' ? 2 : 1) + 2 > size)
			goto full;
		if (*p == '\'')
			buf[n++] = '\'';
		buf[n++] = *p;
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return ST_OK;
full:
	return status_fail(ST_ELIMIT, "output file name '%.40s...' is too long", name);
}

/* s as a single-quoted gnuplot string; control characters (a newline would end the
 * command) become spaces. */
static void put_text(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'')
			fputs("''", f);
		else
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, f);
	}
	fputc('\'', f);
}

static void put_label(FILE *f, const char *what, const char *s, const char *opts)
{
	if (!s || !s[0])
		return;
	fprintf(f, "set %s ", what);
	put_text(f, s);
	fprintf(f, " noenhanced%s\n", opts);
}

static int is_text(PlotKind k)
{
	return k == PLOT_DUMB || k == PLOT_TEXT || k == PLOT_AUTO;
}

/* One branch of the `if` that picks the first terminal gnuplot has. */
static void pick_terminal(FILE *f, const char *const *names, int n, const char *opts,
			  int depth)
{
	if (n == 1) {
		fprintf(f, "%*sset terminal %s %s\n", depth * 4, "", names[0], opts);
		return;
	}
	fprintf(f, "%*sif (strstrt(' '.GPVAL_TERMINALS.' ', ' %s ') > 0) {\n", depth * 4, "",
		names[0]);
	fprintf(f, "%*sset terminal %s %s\n", depth * 4 + 4, "", names[0], opts);
	fprintf(f, "%*s} else {\n", depth * 4, "");
	pick_terminal(f, names + 1, n - 1, opts, depth + 1);
	fprintf(f, "%*s}\n", depth * 4, "");
}

static Status terminal(FILE *f, const PlotTarget *t)
{
	int w = t->width > 0 ? t->width : 0, h = t->height > 0 ? t->height : 0;
	char opts[160];
	fputs("# Written by gradlab; run it again with: gnuplot THIS-FILE\n", f);
	fputs("reset\nset encoding utf8\n", f);
	if (is_text(t->kind)) {
		fprintf(f, "set terminal dumb size %d,%d noenhanced\nset output\n",
			w ? w : PLOT_TEXT_COLS, h ? h : PLOT_TEXT_ROWS);
		return ST_OK;
	}
	snprintf(opts, sizeof opts, "size %d,%d enhanced font '%s'", w ? w : PLOT_IMAGE_WIDTH,
		 h ? h : PLOT_IMAGE_HEIGHT, FONT);
	if (t->kind == PLOT_WINDOW) {
		static const char *const windows[] = { "qt", "wxt", "x11" };
		strncat(opts, " persist", sizeof opts - strlen(opts) - 1);
		pick_terminal(f, windows, 3, opts, 0);
		fputs("set output\n", f);
		return ST_OK;
	}
	if (t->kind == PLOT_PNG) {
		static const char *const pngs[] = { "pngcairo", "png" };
		pick_terminal(f, pngs, 2, opts, 0);
	} else {
		strncat(opts, " background rgb 'white'", sizeof opts - strlen(opts) - 1);
		fprintf(f, "set terminal svg %s\n", opts);
	}
	char quoted[4200];
	Status st = plot_quote_file(t->file, quoted, sizeof quoted);
	if (st)
		return st;
	fprintf(f, "set output %s\n", quoted);
	return ST_OK;
}

static Status finish(FILE *f, const PlotTarget *t)
{
	if (t->kind == PLOT_PNG || t->kind == PLOT_SVG)
		fputs("unset output\n", f);
	if (fflush(f) != 0 || ferror(f))
		return status_fail(ST_EIO, "could not write the gnuplot commands");
	return ST_OK;
}

/* {==== Line plots ==== */

/* Ticks, format and range of a log axis ("x" or "y"); pad widens the range by a factor at
 * each end so that clamped points sit off the border. */
static void log_axis(FILE *f, const char *name, const PlotAxis *a, int text, double pad)
{
	double ticks[MAX_TICKS];
	int n = plot_axis_ticks(a, text ? 6 : 9, ticks, MAX_TICKS);
	fprintf(f, "set logscale %s 10\n", name);
	/* %T is gnuplot's power of ten; %% because this is a C format string. */
	fprintf(f, "set format %s '%s'\n", name, text ? "1e%+03T" : "10^{%T}");
	fprintf(f, "set %srange [%.17g:%.17g]\n", name, a->lo / pad, a->hi * pad);
	fprintf(f, "set %stics (", name);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%.17g", i ? ", " : "", ticks[i]);
	fputs(")\n", f);
	int lo = (int)lround(log10(a->lo)), hi = (int)lround(log10(a->hi));
	int step = n > 1 ? (int)lround(log10(ticks[1] / ticks[0])) : 1;
	if (step > 1 && hi - lo <= 2 * MAX_TICKS) {
		/* A minor tick at every decade the labels skip. */
		fprintf(f, "set %stics add (", name);
		for (int d = lo, first = 1; d <= hi; d++) {
			if (d % step == 0)
				continue;
			fprintf(f, "%s'' 1e%d 1", first ? "" : ", ", d);
			first = 0;
		}
		fputs(")\n", f);
	}
}

static void line_body(FILE *f, const PlotLine *p, const PlotTarget *t, const PlotAxis *px,
		      const PlotAxis *py)
{
	static const int point_types[] = { 7, 5, 9, 11, 13, 15, 4, 6 };
	const PlotAxis ax = *px, ay = *py;
	int text = is_text(t->kind);
	put_label(f, "title", p->title, text ? "" : " font '" TITLE_FONT "'");
	put_label(f, "xlabel", p->xlabel, "");
	put_label(f, "ylabel", p->ylabel, text ? " norotate" : "");
	if (text) {
		fputs("set key outside below horizontal noenhanced\n", f);
	} else {
		fputs("set key outside right top vertical Left reverse noenhanced spacing 1.3\n", f);
		fputs("set border 3 lw 1.2\nset tics nomirror out\n", f);
		fputs("set grid xtics ytics lw 1 lc rgb '#e4e4e4'\n", f);
	}
	if (ax.log)
		log_axis(f, "x", &ax, text, 1);
	else
		fprintf(f, "set xrange [%.17g:%.17g]\n", ax.lo, ax.hi);
	if (ay.log && !p->yrange) {
		/* Off the border by 0.4 decade, or on text by about a row and a half. */
		int rows = (t->height > 0 ? t->height : PLOT_TEXT_ROWS) - 8;
		double decades = log10(ay.hi / ay.lo);
		double pad = text && rows > 0 ? fmax(0.4, 1.5 * decades / rows) : 0.4;
		log_axis(f, "y", &ay, text, ay.n_clamped ? pow(10, pad) : 1);
	} else if (ay.log) {
		log_axis(f, "y", &ay, text, 1);
	} else {
		double pad = ay.n_clamped ? 0.04 * (ay.hi - ay.lo) : 0;
		fprintf(f, "set yrange [%.17g:%.17g]\n", ay.lo - pad, ay.hi + pad);
	}

	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		fprintf(f, "$S%d << EOD\n", s + 1);
		for (int i = 0; i < ser->n; i++)
			fprintf(f, "%.17g %.17g\n", plot_series_x(ser, i),
				plot_axis_place(&ay, ser->y[i], NULL));
		fputs("EOD\n", f);
	}
	if (ay.n_clamped) {
		fputs("$CLAMPED << EOD\n", f);
		for (int s = 0; s < p->n_series; s++)
			for (int i = 0; i < p->series[s].n; i++) {
				unsigned kind;
				double y = plot_axis_place(&ay, p->series[s].y[i], &kind);
				if (kind)
					fprintf(f, "%.17g %.17g\n", plot_series_x(&p->series[s], i), y);
			}
		fputs("EOD\n", f);
	}

	fputs("plot ", f);
	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		if (s)
			fputs(", \\\n     ", f);
		if (ser->n)
			fprintf(f, "$S%d using 1:2", s + 1);
		else
			fputs("NaN", f); /* no points, but a legend entry */
		if (text)
			fprintf(f, " with lines lt %d", s + 1);
		else
			fprintf(f, " with linespoints lw 2 pt %d ps 0.9 pi %d lc rgb '%s'",
				point_types[s % 8], ser->n > 20 ? ser->n / 12 : 1,
				colours[s % N_COLOURS]);
		fputs(" title ", f);
		put_text(f, ser->label && ser->label[0] ? ser->label : p->zh ? "（未命名）" : "(unnamed)");
		fputs(" noenhanced", f);
	}
	if (ay.n_clamped) {
		char label[128];
		plot_axis_clamp_label(ay.clamped, p->zh, label, sizeof label);
		fputs(p->n_series ? ", \\\n     " : "", f);
		fputs("$CLAMPED using 1:2 with points", f);
		if (text)
			fputs(" pt '!'", f);
		else
			fputs(" pt 6 ps 2.6 lw 2.5 lc rgb '" CLAMP_COLOUR "'", f);
		fputs(" title ", f);
		put_text(f, label);
		fputs(" noenhanced", f);
	}
	if (!p->n_series && !ay.n_clamped)
		fputs("NaN notitle", f);
	fputc('\n', f);
}

Status plot_script_line(FILE *f, const PlotLine *p, const PlotTarget *t)
{
	PlotAxis ax, ay;
	Status st;
	/* Check the data before writing anything, so a refused plot sends gnuplot nothing. */
	if ((st = plot_axis_x(p, &ax)) || (st = plot_axis_y(p, &ay)))
		return st;
	if ((st = terminal(f, t)))
		return st;
	line_body(f, p, t, &ax, &ay);
	return finish(f, t);
}

/* }==== */

/* {==== Heatmaps ==== */

/* Tick labels for n cells, every k-th when there are more than fit. */
static void cell_tics(FILE *f, const char *axis, const char *const *labels, int n, int rotate)
{
	int k = n > 40 ? (n + 39) / 40 : 1;
	fprintf(f, "set %stics (", axis);
	for (int i = 0; i < n; i += k) {
		if (i)
			fputs(", ", f);
		if (labels && labels[i])
			put_text(f, labels[i]);
		else
			fprintf(f, "'%d'", i);
		fprintf(f, " %d", i);
	}
	fprintf(f, ") scale 0 noenhanced%s\n", rotate ? " rotate by 45 right" : "");
}

Status plot_script_heat(FILE *f, const PlotHeat *h, const PlotTarget *t)
{
	if (h->rows < 1 || h->cols < 1 || !h->v)
		return status_fail(ST_EINVAL, "a heatmap needs values, got %dx%d", h->rows, h->cols);
	Status st = terminal(f, t);
	if (st)
		return st;
	double lo = INFINITY, hi = -INFINITY;
	long bad = 0;
	for (long i = 0; i < (long)h->rows * h->cols; i++) {
		if (isfinite(h->v[i])) {
			lo = fmin(lo, h->v[i]);
			hi = fmax(hi, h->v[i]);
		} else {
			bad++;
		}
	}
	put_label(f, "title", h->title, is_text(t->kind) ? "" : " font '" TITLE_FONT "'");
	put_label(f, "xlabel", h->xlabel, "");
	put_label(f, "ylabel", h->ylabel, "");
	fputs("unset key\nset tics out\n", f);
	fprintf(f, "set xrange [-0.5:%g]\nset yrange [%g:-0.5]\n", h->cols - 0.5, h->rows - 0.5);
	int longest = 0;
	for (int j = 0; h->col_labels && j < h->cols; j++)
		if (h->col_labels[j] && (int)strlen(h->col_labels[j]) > longest)
			longest = (int)strlen(h->col_labels[j]);
	cell_tics(f, "x", h->col_labels, h->cols, longest > 3 && h->cols > 6);
	cell_tics(f, "y", h->row_labels, h->rows, 0);
	/* viridis: dark for small, yellow for large, readable in grey */
	fputs("set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', "
	      "4 '#fde725')\n",
	      f);
	if (lo < hi)
		fprintf(f, "set cbrange [%.17g:%.17g]\n", lo, hi);
	/* gnuplot would leave a non-finite cell blank, with a warning on stderr: draw it at
	 * the low end of the scale and mark it with a red x that the label explains. */
	if (bad && h->zh)
		fprintf(f, "set label 1 'x = 非有限值（%ld 格）' at graph 0, graph -0.1 noenhanced\n",
			bad);
	else if (bad)
		fprintf(f, "set label 1 'x = not finite (%ld %s)' at graph 0, graph -0.1 "
			   "noenhanced\n",
			bad, bad == 1 ? "cell" : "cells");
	fputs("$H << EOD\n", f);
	for (int i = 0; i < h->rows; i++) {
		for (int j = 0; j < h->cols; j++) {
			double v = h->v[(long)i * h->cols + j];
			fprintf(f, "%s%.17g", j ? " " : "", isfinite(v) ? v : lo < hi ? lo : 0);
		}
		fputc('\n', f);
	}
	fputs("EOD\n", f);
	if (bad) {
		fputs("$NONFINITE << EOD\n", f);
		for (int i = 0; i < h->rows; i++)
			for (int j = 0; j < h->cols; j++)
				if (!isfinite(h->v[(long)i * h->cols + j]))
					fprintf(f, "%d %d\n", j, i);
		fputs("EOD\n", f);
	}
	fputs("plot $H matrix with image pixels", f);
	if (bad)
		fputs(", \\\n     $NONFINITE using 1:2 with points pt 2 ps 2.5 lw 3 lc rgb '" CLAMP_COLOUR
		      "'",
		      f);
	fputc('\n', f);
	return finish(f, t);
}

/* }==== */
