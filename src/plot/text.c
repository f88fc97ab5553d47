/* text: the built-in line plot, in braille dots (2x4 per character) or ASCII; see text.h.
 * In src/plot, beside script.c and drawing the same axes (axis.c): the fallback when there
 * is no gnuplot, and the plot the curses UI draws inline. */
#include "plot/text.h"

#include "core/mem.h"
#include "plot/axis.h"
#include "plot/cols.h"
#include "plot/plot_msg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIN_COLS 24
#define MIN_ROWS 8
#define MAX_TICKS 40
#define CLAMP_MARK '!'
#define GAP_ZERO_MARK '0'   /* on the x axis, under an exact 0 a log axis cannot show */
#define GAP_NAN_MARK '?'    /* on the x axis, under a NaN */

typedef struct Frame {
	unsigned vbar, ytick, corner, hbar, xtick;
} Frame;

static const Frame frame_unicode = { 0x2502, 0x2524, 0x2514, 0x2500, 0x252c };
static const Frame frame_ascii = { '|', '+', '+', '-', '+' };

static const char ascii_marks[] = "*o#x@%&=$~";

static unsigned series_mark(int s, int braille)
{
	if (braille)
		return 'a' + (unsigned)(s % 26);
	return (unsigned char)ascii_marks[s % (int)(sizeof ascii_marks - 1)];
}

/* {==== The plot area ==== */

typedef struct Canvas {
	int W, H;              /* characters */
	int sx, sy;            /* dots per character: 2x4 braille, 1x1 ASCII */
	int braille;
	unsigned char *dots;   /* W*H braille patterns */
	unsigned *seen;        /* ASCII: W*H sets of the series through each character (bit
				* s % 32 for series s), so later series cannot hide earlier ones */
	unsigned *over;        /* W*H characters drawn over the dots, 0 for none */
	unsigned *gap;         /* W: GAP_*_MARK for a column with a gap, drawn on the x axis */
	int *pass;             /* W: the row the current series last passed in each column */
	int series;            /* the series being drawn */
} Canvas;

static void dot(Canvas *c, int x, int y)
{
	static const unsigned char bit[4][2] = { { 0x01, 0x08 }, { 0x02, 0x10 },
						 { 0x04, 0x20 }, { 0x40, 0x80 } };
	if (x < 0 || y < 0 || x >= c->W * c->sx || y >= c->H * c->sy)
		return;
	int cx = x / c->sx, cy = y / c->sy;
	if (c->braille)
		c->dots[cy * c->W + cx] |= bit[y % 4][x % 2];
	else
		c->seen[cy * c->W + cx] |= 1u << (c->series % 32);
	c->pass[cx] = cy;
}

/* Liang-Barsky: cut the segment to the box; 0 when nothing of it is inside. */
static int clip(double *x0, double *y0, double *x1, double *y1, double xmax, double ymax)
{
	const double lo = -0.49;
	double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
	double p[4] = { -dx, dx, -dy, dy };
	double q[4] = { *x0 - lo, xmax - *x0, *y0 - lo, ymax - *y0 };
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return 0;
			continue;
		}
		double r = q[i] / p[i];
		if (p[i] < 0 && r > t0)
			t0 = r;
		else if (p[i] > 0 && r < t1)
			t1 = r;
		if (t0 > t1)
			return 0;
	}
	double ox = *x0, oy = *y0;
	*x0 = ox + t0 * dx, *y0 = oy + t0 * dy;
	*x1 = ox + t1 * dx, *y1 = oy + t1 * dy;
	return 1;
}

static void segment(Canvas *c, double x0, double y0, double x1, double y1)
{
	if (!clip(&x0, &y0, &x1, &y1, c->W * c->sx - 0.51, c->H * c->sy - 0.51))
		return;
	double dx = x1 - x0, dy = y1 - y0;
	int steps = (int)ceil(fmax(fabs(dx), fabs(dy)));
	for (int i = 0; i <= steps; i++) {
		double t = steps ? (double)i / steps : 0;
		dot(c, (int)lround(x0 + t * dx), (int)lround(y0 + t * dy));
	}
}

/* Position of v along an axis drawn with n dots, 0 at a->lo; kept finite and near the box
 * so that clipping does the rest. */
static double place(const PlotAxis *a, double v, int n)
{
	double f = a->log ? (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo))
			  : (v - a->lo) / (a->hi - a->lo);
	double pos = f * (n - 1);
	return fmax(-1e6, fmin(1e6, pos));
}

/* Letters on the curve every k columns, shifted per series so they do not pile up. */
static void letter(Canvas *c, int s, int n_series)
{
	int k = c->W / 4 > 8 ? c->W / 4 : 8;
	for (int x = k / 4 + s * k / n_series; x < c->W; x += k)
		for (int dx = 0; dx < 3 && x + dx < c->W; dx++) {
			int cx = x + dx, cy = c->pass[cx];
			if (cy >= 0 && !c->over[cy * c->W + cx]) {
				c->over[cy * c->W + cx] = series_mark(s, 1);
				break;
			}
		}
}

static void draw_series(Canvas *c, const PlotLine *p, const PlotAxis *ax, const PlotAxis *ay)
{
	int sw = c->W * c->sx, sh = c->H * c->sy;
	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		for (int x = 0; x < c->W; x++)
			c->pass[x] = -1;
		c->series = s;
		double px = 0, py = 0;
		int broken = 1;
		for (int i = 0; i < ser->n; i++) {
			double x = place(ax, plot_series_x(ser, i), sw);
			unsigned g = plot_axis_gap(ay, ser->y[i]);
			if (g) { /* no point; the line breaks and the axis is marked */
				int cx = (int)lround(x) / c->sx;
				if (cx >= 0 && cx < c->W && c->gap[cx] != GAP_NAN_MARK)
					c->gap[cx] = g == PLOT_CLAMP_NAN ? GAP_NAN_MARK : GAP_ZERO_MARK;
				broken = 1;
				continue;
			}
			double y = (sh - 1) - place(ay, plot_axis_place(ay, ser->y[i], NULL), sh);
			if (broken)
				px = x, py = y;
			broken = 0;
			segment(c, px, py, x, y);
			px = x, py = y;
		}
		if (c->braille)
			letter(c, s, p->n_series);
	}
	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		for (int i = 0; i < ser->n; i++) {
			unsigned kind;
			double y = plot_axis_place(ay, ser->y[i], &kind);
			if (!kind)
				continue;
			int cx = (int)lround(place(ax, plot_series_x(ser, i), sw)) / c->sx;
			int cy = (int)lround((sh - 1) - place(ay, y, sh)) / c->sy;
			if (cx >= 0 && cx < c->W && cy >= 0 && cy < c->H)
				c->over[cy * c->W + cx] = CLAMP_MARK;
		}
	}
}

/* }==== */

/* {==== Ticks, labels, legend ==== */

static void tick_label(const PlotAxis *a, const double *ticks, int n, int i, char *buf,
		       size_t size)
{
	double t = ticks[i];
	if (a->log) {
		double d = log10(t);
		if (fabs(d - round(d)) < 1e-9) {
			snprintf(buf, size, "1e%+03d", (int)lround(d));
			return;
		}
		snprintf(buf, size, "%.2g", t);
		return;
	}
	double step = n > 1 ? ticks[1] - ticks[0] : fabs(t);
	double big = fmax(fabs(ticks[0]), fabs(ticks[n - 1]));
	if (step >= 1e-4 && big < 1e6) {
		int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
		snprintf(buf, size, "%.*f", decimals, t);
	} else {
		snprintf(buf, size, "%.3g", t);
	}
}

/* The legend, wrapped to cols: "a rnn   b lstm   ! clamped (inf)   0 exactly 0: ...". */
static PlotText *legend(const PlotLine *p, const PlotAxis *ay, int cols, int braille, int ascii)
{
	PlotText *t = plot_text_new();
	if (!t)
		return NULL;
	Line l = { 0 };
	char clamp_label[128];
	plot_axis_clamp_label(ay->clamped, p->lang, clamp_label, sizeof clamp_label);
	int n = p->n_series + 3;
	for (int s = 0; s < n; s++) {
		const char *label;
		unsigned mark;
		if (s < p->n_series) {
			label = p->series[s].label;
			mark = series_mark(s, braille);
		} else if (s == p->n_series) {
			if (!ay->n_clamped)
				continue;
			label = clamp_label;
			mark = CLAMP_MARK;
		} else {
			unsigned k = s == p->n_series + 1 ? PLOT_CLAMP_ZERO : PLOT_CLAMP_NAN;
			if (!(ay->gaps & k))
				continue;
			label = plot_axis_gap_label(p, k);
			mark = k == PLOT_CLAMP_ZERO ? GAP_ZERO_MARK : GAP_NAN_MARK;
		}
		if (!label || !label[0])
			label = plot_msg(p->lang, PM_UNNAMED);
		int w = 2 + plot_str_cols(label, ascii);
		if (l.cols > 0 && l.cols + 3 + w > cols && plot_text_push(t, &l))
			goto fail;
		if (l.cols > 0)
			plot_row_str(&l, "   ", 3, 1);
		plot_row_cp(&l, mark);
		plot_row_cp(&l, ' ');
		plot_row_str(&l, label, cols - l.cols, ascii);
	}
	if (l.cols > 0 && plot_text_push(t, &l))
		goto fail;
	return t;
fail:
	plot_text_free(t);
	return NULL;
}

/* }==== */

typedef struct Layout {
	int title, subtitle, ylabel, xlabel; /* whether each gets a line */
	int H;
} Layout;

static int has(const char *s)
{
	return s && s[0];
}

static Status layout(const PlotLine *p, int rows, int legend_lines, Layout *lay)
{
	lay->title = has(p->title);
	lay->subtitle = has(p->subtitle);
	lay->ylabel = has(p->ylabel);
	lay->xlabel = has(p->xlabel);
	for (;;) {
		lay->H = rows - lay->title - lay->subtitle - lay->ylabel - 2 - lay->xlabel -
			 legend_lines;
		if (lay->H >= 3)
			return ST_OK;
		if (lay->subtitle)
			lay->subtitle = 0;
		else if (lay->ylabel)
			lay->ylabel = 0;
		else if (lay->xlabel)
			lay->xlabel = 0;
		else if (lay->title)
			lay->title = 0;
		else
			return status_fail(ST_EINVAL, "a text plot of %d rows has no room for the plot "
						      "and a legend of %d lines",
					   rows, legend_lines);
	}
}

/* Ticks for the y axis of an area H rows high. A log axis also labels its two ends, so the
 * whole range can be read off it (1e-12 ... 1e+00); they come first so that they win when
 * two ticks fall on one row. */
static int y_ticks(const PlotAxis *ay, int H, double *ticks)
{
	int n = ay->log ? 2 : 0;
	n += plot_axis_ticks(ay, H / 2 + 1, ticks + n, MAX_TICKS - n);
	if (ay->log)
		ticks[0] = ay->lo, ticks[1] = ay->hi;
	return n;
}

/* The ASCII character for a place that the series in `seen` pass through: where several
 * overlap they take turns along the row ("*#@*#@"), so each stays visible. */
static unsigned ascii_char(unsigned seen, int x)
{
	int k = 0, s[32];
	for (int i = 0; i < 32; i++)
		if (seen & 1u << i)
			s[k++] = i;
	return series_mark(s[x % k], 0);
}

/* Rows of the plot area, each prefixed with its y tick label (or none) and the axis. */
static int plot_rows(PlotText *t, const Canvas *c, const PlotAxis *ay, const Frame *f, int lw)
{
	double ticks[MAX_TICKS];
	int n = y_ticks(ay, c->H, ticks), row[MAX_TICKS];
	char labels[MAX_TICKS][24];
	for (int i = 0; i < n; i++) {
		int sh = c->H * c->sy;
		row[i] = (int)lround((sh - 1) - place(ay, ticks[i], sh)) / c->sy;
		for (int j = 0; j < i; j++)
			if (row[j] == row[i])
				row[i] = -1; /* two ticks on one row: the first wins */
		tick_label(ay, ticks, n, i, labels[i], sizeof labels[i]);
	}
	for (int r = 0; r < c->H; r++) {
		Line l = { 0 };
		int i = n - 1;
		while (i >= 0 && row[i] != r)
			i--;
		if (i >= 0) {
			plot_row_pad(&l, lw - (int)strlen(labels[i]));
			plot_row_str(&l, labels[i], lw, 1);
		}
		plot_row_pad(&l, lw + 1);
		plot_row_cp(&l, i >= 0 ? f->ytick : f->vbar);
		for (int x = 0; x < c->W; x++) {
			unsigned over = c->over[r * c->W + x];
			unsigned char d = c->braille ? c->dots[r * c->W + x] : 0;
			if (!over && !c->braille && c->seen[r * c->W + x])
				over = ascii_char(c->seen[r * c->W + x], x);
			plot_row_cp(&l, over ? over : d ? 0x2800u + d : ' ');
		}
		if (plot_text_push(t, &l))
			return -1;
	}
	return 0;
}

/* Columns the y tick labels need for an area of H rows. */
static int y_label_cols(const PlotAxis *ay, int H)
{
	double ticks[MAX_TICKS];
	int n = y_ticks(ay, H, ticks), lw = 1;
	for (int i = 0; i < n; i++) {
		char b[24];
		tick_label(ay, ticks, n, i, b, sizeof b);
		lw = (int)strlen(b) > lw ? (int)strlen(b) : lw;
	}
	return lw;
}

/* The x axis line with its ticks and the line of tick labels under it. */
static int x_axis(PlotText *t, const Canvas *c, const PlotAxis *ax, const Frame *f, int margin,
		  int cols)
{
	double ticks[MAX_TICKS];
	int n = plot_axis_ticks(ax, c->W / 8 + 1, ticks, MAX_TICKS);
	Line axis = { 0 }, labels = { 0 };
	int width = cols;
	char *row = mem_alloc((size_t)width + 1);
	unsigned *marks = mem_calloc((size_t)c->W, sizeof *marks);
	if (!row || !marks) {
		mem_free(row);
		mem_free(marks);
		status_fail(ST_ENOMEM, "out of memory drawing a text plot");
		return -1;
	}
	memset(row, ' ', (size_t)width);
	row[width] = '\0';
	int last_end = -1;
	for (int i = 0; i < n; i++) {
		int x = (int)lround(place(ax, ticks[i], c->W * c->sx)) / c->sx;
		if (x < 0 || x >= c->W)
			continue;
		marks[x] = f->xtick;
		char b[24];
		tick_label(ax, ticks, n, i, b, sizeof b);
		int w = (int)strlen(b), at = margin + 1 + x - w / 2;
		if (at + w > width)
			at = width - w;
		if (at <= last_end || at < 0)
			continue;
		memcpy(row + at, b, (size_t)w);
		last_end = at + w;
	}
	plot_row_pad(&axis, margin);
	plot_row_cp(&axis, f->corner);
	for (int x = 0; x < c->W; x++)
		plot_row_cp(&axis, c->gap[x] ? c->gap[x] : marks[x] ? marks[x] : f->hbar);
	mem_free(marks);
	plot_row_str(&labels, row, width, 1);
	mem_free(row);
	int bad = plot_text_push(t, &axis);
	bad |= plot_text_push(t, &labels);
	plot_row_free(&axis);
	plot_row_free(&labels);
	return bad ? -1 : 0;
}

/* s centred over the columns from .. from+width, or as far right as fits in cols. */
static int centred(PlotText *t, const char *s, int from, int width, int cols, int ascii)
{
	Line l = { 0 };
	int w = plot_str_cols(s, ascii);
	int at = w <= width ? from + (width - w) / 2 : cols - w < from ? cols - w : from;
	plot_row_pad(&l, at > 0 ? at : 0);
	plot_row_str(&l, s, cols - l.cols, ascii);
	return plot_text_push(t, &l);
}

#define PANEL_MIN_ROWS 12 /* a panel smaller than this draws all on one pair of axes */

/* A plot with panels, when there are rows enough: each panel a text plot of its own, one
 * above the other, the title over the first and the xlabel under the last. */
static Status text_panels(const PlotLine *p, int cols, int rows, PlotGlyphs g, PlotText **out)
{
	int n = p->panels > PLOT_MAX_PANELS ? PLOT_MAX_PANELS : p->panels;
	PlotSeries *sub = mem_alloc((size_t)(p->n_series ? p->n_series : 1) * sizeof *sub);
	PlotText *t = plot_text_new();
	Status st = ST_OK;
	if (!sub || !t) {
		st = status_fail(ST_ENOMEM, "out of memory drawing a text plot");
		goto done;
	}
	for (int k = 0, used = 0; k < n && !st; k++) {
		int m = 0;
		for (int s = 0; s < p->n_series; s++)
			if (p->panel_of[s] == k || (k == n - 1 && p->panel_of[s] >= n))
				sub[m++] = p->series[s];
		PlotLine one = *p;
		one.panels = 0;
		one.panel_of = NULL;
		one.title = k ? NULL : p->title;
		one.subtitle = k ? NULL : p->subtitle;
		one.xlabel = k == n - 1 ? p->xlabel : NULL;
		one.ylabel = p->panel_ylabels[k];
		one.series = sub;
		one.n_series = m;
		int r = k == n - 1 ? rows - used : rows / n;
		PlotText *part;
		if ((st = plot_text_line(&one, cols, r, g, &part)))
			break;
		used += part->n;
		/* the lines move over as they are */
		for (int i = 0; i < part->n && !st; i++) {
			Line l = { .s = part->lines[i], .len = strlen(part->lines[i]) };
			l.cap = l.len + 1;
			part->lines[i] = NULL;
			if (plot_text_push(t, &l))
				st = ST_ENOMEM;
		}
		plot_text_free(part);
	}
done:
	mem_free(sub);
	if (st) {
		plot_text_free(t);
		return st;
	}
	*out = t;
	return ST_OK;
}

Status plot_text_line(const PlotLine *p, int cols, int rows, PlotGlyphs g, PlotText **out)
{
	PlotAxis ax, ay;
	PlotText *t = NULL, *leg = NULL;
	Canvas c = { 0 };
	Status st = ST_ENOMEM;
	*out = NULL;
	if (cols < MIN_COLS || rows < MIN_ROWS)
		return status_fail(ST_EINVAL, "a text plot needs at least %dx%d characters, got %dx%d",
				   MIN_COLS, MIN_ROWS, cols, rows);
	if ((st = plot_axis_x(p, &ax)) || (st = plot_axis_y(p, &ay)))
		return st;
	if (p->panels > 1 && p->panel_of && rows >= p->panels * PANEL_MIN_ROWS)
		return text_panels(p, cols, rows, g, out);
	st = ST_ENOMEM;
	/* Captions in Chinese (any language but English) keep their characters: the locale can
	 * show them. */
	int ascii = g == PLOT_GLYPHS_ASCII, words = ascii && p->lang == LANG_EN;
	const Frame *f = g == PLOT_GLYPHS_UNICODE ? &frame_unicode : &frame_ascii;
	Layout lay;
	if (!(leg = legend(p, &ay, cols, !ascii, words)))
		return ST_ENOMEM;
	if ((st = layout(p, rows, leg->n, &lay)))
		goto fail;
	st = ST_ENOMEM;
	int lw = y_label_cols(&ay, lay.H), margin = lw + 1;
	c.W = cols - margin - 1;
	c.H = lay.H;
	c.braille = !ascii;
	c.sx = c.braille ? 2 : 1;
	c.sy = c.braille ? 4 : 1;
	c.dots = mem_calloc((size_t)c.W * (size_t)c.H, 1);
	c.seen = mem_calloc((size_t)c.W * (size_t)c.H, sizeof *c.seen);
	c.over = mem_calloc((size_t)c.W * (size_t)c.H, sizeof *c.over);
	c.pass = mem_calloc((size_t)c.W, sizeof *c.pass);
	c.gap = mem_calloc((size_t)c.W, sizeof *c.gap);
	if (!c.dots || !c.seen || !c.over || !c.pass || !c.gap || !(t = plot_text_new())) {
		status_fail(ST_ENOMEM, "out of memory drawing a text plot");
		goto fail;
	}
	draw_series(&c, p, &ax, &ay);
	if (lay.title && centred(t, p->title, margin + 1, c.W, cols, words))
		goto fail;
	if (lay.subtitle && centred(t, p->subtitle, margin + 1, c.W, cols, words))
		goto fail;
	if (lay.ylabel && centred(t, p->ylabel, 0, 0, cols, words))
		goto fail;
	if (plot_rows(t, &c, &ay, f, lw) || x_axis(t, &c, &ax, f, margin, cols))
		goto fail;
	if (lay.xlabel && centred(t, p->xlabel, margin + 1, c.W, cols, words))
		goto fail;
	for (int i = 0; i < leg->n; i++) {
		Line l = { 0 };
		plot_row_str(&l, leg->lines[i], cols, words);
		if (plot_text_push(t, &l))
			goto fail;
	}
	plot_text_free(leg);
	mem_free(c.dots);
	mem_free(c.seen);
	mem_free(c.over);
	mem_free(c.pass);
	mem_free(c.gap);
	*out = t;
	return ST_OK;
fail:
	plot_text_free(leg);
	plot_text_free(t);
	mem_free(c.dots);
	mem_free(c.seen);
	mem_free(c.over);
	mem_free(c.pass);
	mem_free(c.gap);
	return st;
}
