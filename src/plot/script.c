/* script: gnuplot commands and datablocks for line plots and heatmaps; see script.h.
 * In src/plot, under plot.c and beside text.c, with which it shares the axes (axis.c).
 * The script is self-contained (reset, terminal, data inline), so it runs the same piped
 * into a long-lived gnuplot and on its own as `gnuplot FILE`. */
#include "plot/script.h"

#include "core/mem.h"
#include "core/utf8.h"
#include "plot/axis.h"
#include "plot/plot_msg.h"

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

/* The title, and under it the subtitle: two single-quoted strings joined by a newline. */
static void put_title(FILE *f, const char *title, const char *subtitle, const char *opts)
{
	int has_title = title && title[0], has_sub = subtitle && subtitle[0];
	if (!has_title && !has_sub)
		return;
	fputs("set title ", f);
	put_text(f, has_title ? title : subtitle);
	if (has_title && has_sub) {
		fputs(".\"\\n\".", f);
		put_text(f, subtitle);
	}
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

/* {==== Log axes ==== */

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

/* }==== */

/* {==== Gaps ==== */

/* The bands behind the gaps of one kind: every run of x values (over all series, in
 * order) where some series has such a gap, from half way to the x before it to half way
 * to the x after it (geometrically on a log x axis). Drawn as rectangles behind the lines
 * (objects from number *obj on), with one legend entry for all (see gap_key). */
static void gap_bands(FILE *f, const PlotLine *p, const PlotAxis *ax, const PlotAxis *ay,
		      unsigned kind, const char *style, int *obj)
{
	/* The x values, sorted and unique, each with whether a series has a gap there. */
	int n = 0;
	for (int s = 0; s < p->n_series; s++)
		n += p->series[s].n;
	double *xs = mem_alloc((size_t)(n ? n : 1) * sizeof *xs);
	unsigned char *hit = mem_calloc((size_t)(n ? n : 1), 1);
	if (!xs || !hit)
		goto done;
	int m = 0;
	for (int s = 0; s < p->n_series; s++)
		for (int i = 0; i < p->series[s].n; i++) {
			double x = plot_series_x(&p->series[s], i);
			int j = 0;
			while (j < m && xs[j] < x)
				j++;
			if (j == m || xs[j] != x) {
				memmove(xs + j + 1, xs + j, (size_t)(m - j) * sizeof *xs);
				memmove(hit + j + 1, hit + j, (size_t)(m - j));
				xs[j] = x;
				hit[j] = 0;
				m++;
			}
			if (plot_axis_gap(ay, p->series[s].y[i]) == kind)
				hit[j] = 1;
		}
	for (int i = 0; i < m; i++) {
		if (!hit[i])
			continue;
		int j = i;
		while (j + 1 < m && hit[j + 1])
			j++;
		double lo = i == 0 ? ax->lo : ax->log ? sqrt(xs[i - 1] * xs[i]) : (xs[i - 1] + xs[i]) / 2;
		double hi = j == m - 1 ? ax->hi
				       : ax->log ? sqrt(xs[j] * xs[j + 1]) : (xs[j] + xs[j + 1]) / 2;
		fprintf(f, "set object %d rect from %.17g, graph 0 to %.17g, graph 1 behind %s\n",
			++*obj, lo, hi, style);
		i = j;
	}
done:
	mem_free(xs);
	mem_free(hit);
}

#define GAP_ZERO_STYLE "fc rgb '#d8d8d8' fs transparent solid 0.6 noborder"
#define GAP_NAN_STYLE "fc rgb '#a0a0a0' fs transparent pattern 4 noborder"

/* }==== */

/* {==== Line plots ==== */

/* Series s of p as the datablock $S<id>: a blank line where a gap breaks the line. */
static void series_data(FILE *f, int id, const PlotSeries *ser, const PlotAxis *ay)
{
	fprintf(f, "$S%d << EOD\n", id);
	int broken = 1;
	for (int i = 0; i < ser->n; i++) {
		if (plot_axis_gap(ay, ser->y[i])) {
			if (!broken)
				fputc('\n', f);
			broken = 1;
			continue;
		}
		fprintf(f, "%.17g %.17g\n", plot_series_x(ser, i), plot_axis_place(ay, ser->y[i], NULL));
		broken = 0;
	}
	fputs("EOD\n", f);
}

/* The axes, data and plot command of one plot (a whole line plot, or one panel): its series
 * are p's, its datablocks numbered from first; obj counts the objects set so far. x_labels:
 * 0 none (a panel above others), 1 as gnuplot writes them, 2 the same after a 0. */
static void line_body(FILE *f, const PlotLine *p, const PlotTarget *t, const PlotAxis *px,
		      const PlotAxis *py, int first, int *obj, int x_labels)
{
	static const int point_types[] = { 7, 5, 9, 11, 13, 15, 4, 6 };
	const PlotAxis ax = *px, ay = *py;
	int text = is_text(t->kind);
	double bottom = ay.lo; /* of the y range drawn */
	put_title(f, p->title, p->subtitle, text ? "" : " font '" TITLE_FONT "'");
	put_label(f, "xlabel", p->xlabel, "");
	put_label(f, "ylabel", p->ylabel, text ? " norotate" : "");
	if (text && p->panel_of) { /* a panel: below it is the next one */
		fputs("set key inside top left horizontal noenhanced\n", f);
	} else if (text) {
		fputs("set key outside below horizontal noenhanced\n", f);
	} else {
		/* gnuplot sizes the key by bytes: three for a Chinese character that is drawn
		 * about two columns wide, so a Chinese key took half the plot's width */
		int extra = 0;
		for (int k = 0; k < p->n_series + 2; k++) {
			unsigned gap = k == p->n_series ? PLOT_CLAMP_ZERO : PLOT_CLAMP_NAN;
			if (k >= p->n_series && !(ay.gaps & gap))
				continue; /* a band with no entry in this key */
			const char *l = k < p->n_series ? p->series[k].label
							: plot_axis_gap_label(p, gap);
			int wide = 0; /* characters of three or four bytes, whatever the locale */
			for (const char *c = l; c && *c; c++)
				wide += (unsigned char)*c >= 0xe0;
			extra = wide > extra ? wide : extra;
		}
		extra /= 2; /* by measure: half a column for each */
		fprintf(f, "set key outside right top vertical Left reverse noenhanced spacing 1.3%s",
			extra ? "" : "\n");
		if (extra)
			fprintf(f, " width -%d\n", extra);
		fputs("set border 3 lw 1.2\nset tics nomirror out\n", f);
		fputs("set grid xtics ytics lw 1 lc rgb '#e4e4e4'\n", f);
	}
	if (ax.log)
		log_axis(f, "x", &ax, text, 1);
	else
		fprintf(f, "set xrange [%.17g:%.17g]\n", ax.lo, ax.hi);
	if (!x_labels)
		fputs("set format x ''\n", f);
	else if (x_labels == 2 && !ax.log) /* back after the panels above took them away */
		fputs("set format x '% h'\n", f);
	if (ay.log && !p->yrange) {
		/* Off the border by 0.4 decade, or on text by about a row and a half. */
		int rows = (t->height > 0 ? t->height : PLOT_TEXT_ROWS) - 8;
		double decades = log10(ay.hi / ay.lo);
		double pad = text && rows > 0 ? fmax(0.4, 1.5 * decades / rows) : 0.4;
		log_axis(f, "y", &ay, text, ay.n_clamped ? pow(10, pad) : 1);
		bottom = ay.lo / (ay.n_clamped ? pow(10, pad) : 1);
	} else if (ay.log) {
		log_axis(f, "y", &ay, text, 1);
	} else {
		double pad = ay.n_clamped ? 0.04 * (ay.hi - ay.lo) : 0;
		fprintf(f, "set yrange [%.17g:%.17g]\n", ay.lo - pad, ay.hi + pad);
		bottom = ay.lo - pad;
	}
	/* Gaps: shaded bands behind the lines; on text, which draws no shading, marks on the
	 * x axis ('0', '?') that the legend explains. */
	if (!text && (ay.gaps & PLOT_CLAMP_NAN)) /* the hatch first: the grey lets it through */
		gap_bands(f, p, &ax, &ay, PLOT_CLAMP_NAN, GAP_NAN_STYLE, obj);
	if (!text && (ay.gaps & PLOT_CLAMP_ZERO))
		gap_bands(f, p, &ax, &ay, PLOT_CLAMP_ZERO, GAP_ZERO_STYLE, obj);

	for (int s = 0; s < p->n_series; s++)
		series_data(f, first + s, &p->series[s], &ay);
	if (ay.n_clamped) {
		fprintf(f, "$CLAMPED%d << EOD\n", first);
		for (int s = 0; s < p->n_series; s++)
			for (int i = 0; i < p->series[s].n; i++) {
				unsigned kind;
				double y = plot_axis_place(&ay, p->series[s].y[i], &kind);
				if (kind)
					fprintf(f, "%.17g %.17g\n", plot_series_x(&p->series[s], i), y);
			}
		fputs("EOD\n", f);
	}
	for (unsigned k = PLOT_CLAMP_ZERO; text && k; k = k == PLOT_CLAMP_ZERO ? PLOT_CLAMP_NAN : 0) {
		if (!(ay.gaps & k))
			continue;
		fprintf(f, "$GAP%s%d << EOD\n", k == PLOT_CLAMP_ZERO ? "ZERO" : "NAN", first);
		for (int s = 0; s < p->n_series; s++)
			for (int i = 0; i < p->series[s].n; i++)
				if (plot_axis_gap(&ay, p->series[s].y[i]) == k)
					fprintf(f, "%.17g\n", plot_series_x(&p->series[s], i));
		fputs("EOD\n", f);
	}

	fputs("plot ", f);
	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		if (s)
			fputs(", \\\n     ", f);
		int drawn = 0;
		for (int i = 0; i < ser->n && !drawn; i++)
			drawn = !plot_axis_gap(&ay, ser->y[i]);
		if (drawn)
			fprintf(f, "$S%d using 1:2", first + s);
		else
			fputs("NaN", f); /* no points (or only gaps), but a legend entry */
		if (text)
			fprintf(f, " with lines lt %d", s + 1);
		else /* dash and point types apart, so no two lines differ by colour alone */
			fprintf(f, " with linespoints lw 2 dt %d pt %d ps 0.9 pi %d lc rgb '%s'",
				s % 5 + 1, point_types[s % 8], ser->n > 20 ? ser->n / 12 : 1,
				colours[s % N_COLOURS]);
		fputs(" title ", f);
		put_text(f, ser->label && ser->label[0] ? ser->label : plot_msg(p->lang, PM_UNNAMED));
		fputs(" noenhanced", f);
	}
	int any = p->n_series > 0;
	if (ay.n_clamped) {
		char label[128];
		plot_axis_clamp_label(ay.clamped, p->lang, label, sizeof label);
		fputs(any ? ", \\\n     " : "", f);
		fprintf(f, "$CLAMPED%d using 1:2 with points", first);
		if (text)
			fputs(" pt '!'", f);
		else
			fputs(" pt 6 ps 2.6 lw 2.5 lc rgb '" CLAMP_COLOUR "'", f);
		fputs(" title ", f);
		put_text(f, label);
		fputs(" noenhanced", f);
		any = 1;
	}
	for (unsigned k = PLOT_CLAMP_ZERO; k; k = k == PLOT_CLAMP_ZERO ? PLOT_CLAMP_NAN : 0) {
		if (!(ay.gaps & k))
			continue;
		fputs(any ? ", \\\n     " : "", f);
		if (text) /* on the x axis, the bottom of the range */
			fprintf(f, "$GAP%s%d using 1:(%.17g) with points pt '%c'",
				k == PLOT_CLAMP_ZERO ? "ZERO" : "NAN", first, bottom,
				k == PLOT_CLAMP_ZERO ? '0' : '?');
		else /* a legend entry for the bands */
			fprintf(f, "NaN with boxes %s",
				k == PLOT_CLAMP_ZERO ? GAP_ZERO_STYLE : GAP_NAN_STYLE);
		fputs(" title ", f);
		put_text(f, plot_axis_gap_label(p, k));
		fputs(" noenhanced", f);
		any = 1;
	}
	if (!any)
		fputs("NaN notitle", f);
	fputc('\n', f);
}

/* The series of panel k of p (the last panel takes any panel number past the end) into
 * sub, as a plot of its own; its y axis in *ay. */
static Status panel_line(const PlotLine *p, int k, int n, PlotSeries *sub, PlotLine *one,
			 PlotAxis *ay)
{
	int m = 0;
	for (int s = 0; s < p->n_series; s++)
		if (p->panel_of[s] == k || (k == n - 1 && p->panel_of[s] >= n))
			sub[m++] = p->series[s];
	*one = *p;
	one->title = one->subtitle = NULL;
	one->xlabel = k == n - 1 ? p->xlabel : NULL;
	one->ylabel = p->panel_ylabels[k];
	one->series = sub;
	one->n_series = m;
	one->panels = 0;
	return plot_axis_y(one, ay);
}

/* Columns of the widest y tick label, as gnuplot measures it (by its characters, the
 * enhanced-text markup included: 10^{-2} counts 7), and of the widest legend entry. */
static void panel_widths(const PlotLine *one, const PlotAxis *ay, int *tick, int *key)
{
	if (ay->log) {
		char e[32];
		for (int i = 0; i < 2; i++) {
			snprintf(e, sizeof e, "10^{%.0f}", floor(log10(i ? ay->hi : ay->lo) + 1e-9));
			*tick = (int)strlen(e) > *tick ? (int)strlen(e) : *tick;
		}
	}
	for (int s = 0; s < one->n_series; s++)
		if (one->series[s].label && utf8_cols(one->series[s].label) > *key)
			*key = utf8_cols(one->series[s].label);
	char label[128];
	if (ay->n_clamped) {
		plot_axis_clamp_label(ay->clamped, one->lang, label, sizeof label);
		*key = utf8_cols(label) > *key ? utf8_cols(label) : *key;
	}
	for (unsigned k = PLOT_CLAMP_ZERO; k; k = k == PLOT_CLAMP_ZERO ? PLOT_CLAMP_NAN : 0)
		if ((ay->gaps & k) && utf8_cols(plot_axis_gap_label(one, k)) > *key)
			*key = utf8_cols(plot_axis_gap_label(one, k));
}

/* A plot with panels: each panel's series as a plot of its own, stacked, the x axis and
 * its label shared, the title over all of them. ST_ENOMEM, or a panel's axis failure. */
static Status panels_body(FILE *f, const PlotLine *p, const PlotTarget *t, const PlotAxis *ax)
{
	int n = p->panels > PLOT_MAX_PANELS ? PLOT_MAX_PANELS : p->panels, text = is_text(t->kind);
	PlotSeries *sub = mem_alloc((size_t)(p->n_series ? p->n_series : 1) * sizeof *sub);
	if (!sub)
		return status_fail(ST_ENOMEM, "out of memory writing the gnuplot commands");
	fputs("set multiplot layout ", f);
	fprintf(f, "%d,1 ", n);
	if (p->title && p->title[0]) {
		fputs("title ", f);
		put_text(f, p->title);
		if (p->subtitle && p->subtitle[0]) {
			fputs(".\"\\n\".", f);
			put_text(f, p->subtitle);
		}
		fputs(text ? " noenhanced" : " noenhanced font '" TITLE_FONT "'", f);
	}
	/* Fixed margins line the panels' x axes up; they are as wide as the widest panel's
	 * tick labels and legend need (in an image, as gnuplot sizes them: about 8.5 pixels a
	 * column of tick label, 11 a column of legend and 100 for the key's sample and gaps),
	 * so a key with a long entry (inf clamped) does not run into the curves, and tick
	 * labels of 10^{300} do not push the y label off the image. */
	Status st = ST_OK;
	int tick = 7, key = 0;
	for (int k = 0; k < n && !st; k++) {
		PlotLine one;
		PlotAxis ay;
		if (!(st = panel_line(p, k, n, sub, &one, &ay)))
			panel_widths(&one, &ay, &tick, &key);
	}
	if (st) {
		mem_free(sub);
		return st;
	}
	double width = t->width > 0 ? t->width : PLOT_IMAGE_WIDTH;
	double left = fmin(0.25, 0.09 + (tick - 7) * 8.5 / width);
	double right = fmax(0.5, fmin(0.76, 1 - (key * 11 + 100) / width));
	if (text)
		fputs(" margins 0.12,0.97,0.10,0.92 spacing 0,0.04\n", f);
	else
		fprintf(f, " margins %.3f,%.3f,0.13,0.90 spacing 0,0.04\n", left, right);
	int first = 1, obj = 0;
	for (int k = 0; k < n && !st; k++) {
		PlotLine one;
		PlotAxis ay;
		if ((st = panel_line(p, k, n, sub, &one, &ay)))
			break;
		if (k) /* what the panel before set and this one may not */
			fputs("unset object\nunset logscale y\nset ytics autofreq\nset format y '%g'\n",
			      f);
		/* x tick labels under the lowest panel only: the panels share the x axis */
		line_body(f, &one, t, ax, &ay, first, &obj, k < n - 1 ? 0 : k ? 2 : 1);
		first += one.n_series;
	}
	fputs("unset multiplot\n", f);
	mem_free(sub);
	return st;
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
	if (p->panels > 1 && p->panel_of) {
		if ((st = panels_body(f, p, t, &ax)))
			return st;
	} else {
		int obj = 0;
		line_body(f, p, t, &ax, &ay, 1, &obj, 1);
	}
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

/* A value as written in its cell: two decimals, the same in every cell, and "<0.01" for a
 * weight too small for them but not 0 (softmax never gives 0 but to a masked key). */
static void cell_value(char *b, size_t size, double v)
{
	if (v > 0 && v < 0.005)
		snprintf(b, size, "<0.01");
	else if (v < 0 && v > -0.005)
		snprintf(b, size, ">-0.01");
	else if (fabs(v) < 1000)
		snprintf(b, size, "%.2f", v);
	else
		snprintf(b, size, "%.2g", v);
}

/* The value in each cell of a small grid (white on dark cells, black on light ones), and
 * "masked" on a masked one. Returns which datablocks have labels (bit 0 dark, bit 1 light):
 * gnuplot warns about an empty one. */
static int cell_labels(FILE *f, const PlotHeat *h, double lo, double hi)
{
	int used = 0;
	for (int light = 0; light < 2; light++) {
		fprintf(f, "$LABELS%d << EOD\n", light);
		for (int i = 0; i < h->rows; i++)
			for (int j = 0; j < h->cols; j++) {
				long at = (long)i * h->cols + j;
				double v = h->v[at];
				int masked = h->masked && h->masked[at];
				/* viridis turns light above about 60 per cent of the scale; the
				 * hatch of a masked cell is light too */
				int is_light = masked || (isfinite(v) && hi > lo && (v - lo) / (hi - lo) > 0.6);
				if (is_light != light || (!isfinite(v) && !masked))
					continue;
				char b[32];
				if (masked)
					snprintf(b, sizeof b, "%s", plot_msg(h->lang, PM_MASKED));
				else
					cell_value(b, sizeof b, v);
				fprintf(f, "%d %d \"%s\"\n", j, i, b);
				used |= 1 << light;
			}
		fputs("EOD\n", f);
	}
	return used;
}

Status plot_script_heat(FILE *f, const PlotHeat *h, const PlotTarget *t)
{
	if (h->rows < 1 || h->cols < 1 || !h->v)
		return status_fail(ST_EINVAL, "a heatmap needs values, got %dx%d", h->rows, h->cols);
	if (h->fixed_range && !(isfinite(h->vmin) && isfinite(h->vmax) && h->vmin < h->vmax))
		return status_fail(ST_EINVAL, "heatmap colour range %g..%g: need finite vmin < vmax",
				   h->vmin, h->vmax);
	Status st = terminal(f, t);
	if (st)
		return st;
	double lo = INFINITY, hi = -INFINITY;
	long bad = 0, masked = 0;
	for (long i = 0; i < (long)h->rows * h->cols; i++) {
		masked += h->masked && h->masked[i];
		if (isfinite(h->v[i])) {
			lo = fmin(lo, h->v[i]);
			hi = fmax(hi, h->v[i]);
		} else {
			bad++;
		}
	}
	if (h->fixed_range)
		lo = h->vmin, hi = h->vmax;
	int text = is_text(t->kind);
	int labelled = !text && h->rows <= PLOT_HEAT_LABELLED && h->cols <= PLOT_HEAT_LABELLED;
	put_title(f, h->title, h->subtitle, text ? "" : " font '" TITLE_FONT "'");
	put_label(f, "xlabel", h->xlabel, "");
	put_label(f, "ylabel", h->ylabel, "");
	fputs("unset key\nset tics out\n", f);
	fprintf(f, "set xrange [-0.5:%g]\nset yrange [%g:-0.5]\n", h->cols - 0.5, h->rows - 0.5);
	int longest = 0;
	for (int j = 0; h->col_labels && j < h->cols; j++)
		if (h->col_labels[j] && (int)strlen(h->col_labels[j]) > longest)
			longest = (int)strlen(h->col_labels[j]);
	cell_tics(f, "x", h->col_labels, h->cols, (longest > 3 && h->cols > 6) || h->cols > 16);
	cell_tics(f, "y", h->row_labels, h->rows, 0);
	/* viridis: dark for small, yellow for large, readable in grey */
	fputs("set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', "
	      "4 '#fde725')\n",
	      f);
	/* A fixed range (0..1 for weights) lets two heatmaps be compared colour for colour. */
	if (lo < hi)
		fprintf(f, "set cbrange [%.17g:%.17g]\n", lo, hi);
	/* gnuplot would leave a non-finite cell blank, with a warning on stderr: draw it at
	 * the low end of the scale and mark it with a red x that the label explains. */
	if (bad) {
		char b[128];
		plot_format(b, sizeof b, h->lang, bad == 1 ? PM_NOT_FINITE_ONE : PM_NOT_FINITE_MANY, bad);
		fprintf(f, "set label 1 '%s' at graph 0, graph -0.1 noenhanced\n", b);
	}
	if (masked && !labelled)
		fprintf(f, "set label 2 '%s' at graph 1, graph -0.1 right noenhanced\n",
			plot_msg(h->lang, PM_HATCHED));
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
	if (masked) {
		fputs("$MASKED << EOD\n", f);
		for (int i = 0; i < h->rows; i++)
			for (int j = 0; j < h->cols; j++)
				if (h->masked[(long)i * h->cols + j])
					fprintf(f, "%d %d\n", j, i);
		fputs("EOD\n", f);
	}
	int labels = labelled ? cell_labels(f, h, lo, hi) : 0;
	fputs("plot $H matrix with image pixels", f);
	if (bad)
		fputs(", \\\n     $NONFINITE using 1:2 with points pt 2 ps 2.5 lw 3 lc rgb '" CLAMP_COLOUR
		      "'",
		      f);
	if (masked)
		fputs(", \\\n     $MASKED using 1:2:(0.5):(0.5) with boxxyerror fs pattern 4 noborder "
		      "lc rgb '#b4b4b4'",
		      f);
	if (labels & 1)
		fputs(", \\\n     $LABELS0 using 1:2:3 with labels tc rgb 'white' font '" FONT "'", f);
	if (labels & 2)
		fputs(", \\\n     $LABELS1 using 1:2:3 with labels tc rgb 'black' font '" FONT "'", f);
	fputc('\n', f);
	return finish(f, t);
}

/* }==== */
