/* heat: the built-in text heatmap, one character per value shade; see text.h. In src/plot
 * beside text.c. gnuplot's dumb terminal draws nothing for images, so this is the text
 * picture of attention weights, in the terminal and in the curses UI. */
#include "plot/text.h"

#include "core/mem.h"
#include "plot/cols.h"
#include "plot/plot_msg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIN_COLS 24
#define MIN_ROWS 6
#define MAX_CELL 8
#define BAD_MARK '?'
#define MASK_MARK 'x'   /* fills a masked cell: hatching in text */

static const unsigned ramp_unicode[] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };
static const unsigned ramp_ascii[] = { ' ', '.', ':', '-', '=', '+', '*', '#', '%', '@' };
/* Braille with more and more dots: narrow where block shades may be drawn wide. */
static const unsigned ramp_narrow[] = { ' ',    0x2801, 0x2803, 0x2807, 0x2847,
					0x284f, 0x285f, 0x287f, 0x28ff };

typedef struct Ramp {
	const unsigned *c;
	int n;
	unsigned bar;
} Ramp;

static Ramp ramp_for(PlotGlyphs g)
{
	if (g == PLOT_GLYPHS_UNICODE)
		return (Ramp){ ramp_unicode, 5, 0x2502 };
	if (g == PLOT_GLYPHS_NARROW)
		return (Ramp){ ramp_narrow, 9, '|' };
	return (Ramp){ ramp_ascii, 10, '|' };
}

static const char *label(const char *const *labels, int i, char *buf, size_t size)
{
	if (labels && labels[i])
		return labels[i];
	snprintf(buf, size, "%d", i);
	return buf;
}

static int max_label_cols(const char *const *labels, int n, int ascii)
{
	int w = 1;
	for (int i = 0; i < n; i++) {
		char b[16];
		int lw = plot_str_cols(label(labels, i, b, sizeof b), ascii);
		w = lw > w ? lw : w;
	}
	return w;
}

static unsigned shade(const Ramp *r, double v, double lo, double hi)
{
	if (!isfinite(v))
		return BAD_MARK;
	if (!(hi > lo))
		return r->c[r->n / 2];
	int k = (int)floor((v - lo) / (hi - lo) * r->n);
	return r->c[k < 0 ? 0 : k >= r->n ? r->n - 1 : k];
}

typedef struct Shape {
	int lw;              /* row label columns */
	int cw;              /* columns per cell */
	int rows, cols;      /* cells shown */
	int title, subtitle, xlabel, note;
} Shape;

/* Cells fill the columns there are, up to MAX_CELL each, and are as wide as their labels
 * need while they fit; the row labels' column is wide enough for the ylabel above it. */
static Status shape(const PlotHeat *h, int cols, int rows, int ascii, Shape *s)
{
	int lw = max_label_cols(h->row_labels, h->rows, ascii);
	int yw = h->ylabel ? plot_str_cols(h->ylabel, ascii) : 0;
	lw = yw > lw ? yw : lw;
	s->lw = lw < cols / 4 ? lw : cols / 4;
	int avail = cols - s->lw - 3; /* a space and two bars */
	int need = max_label_cols(h->col_labels, h->cols, ascii) + 1;
	int cw = avail / h->cols;
	cw = cw > MAX_CELL ? MAX_CELL : cw;
	cw = cw < need ? need : cw;
	if (cw * h->cols > avail)
		cw = avail / h->cols > 1 ? avail / h->cols : 1;
	s->cw = cw;
	s->cols = avail / cw < h->cols ? avail / cw : h->cols;
	s->title = h->title && h->title[0];
	s->subtitle = h->subtitle && h->subtitle[0];
	s->xlabel = h->xlabel && h->xlabel[0];
	int fixed = s->title + s->xlabel + 2; /* header and scale */
	/* the subtitle only where every row fits with it */
	if (s->subtitle && rows - fixed - 1 - (s->cols < h->cols) < h->rows)
		s->subtitle = 0;
	fixed += s->subtitle;
	s->note = s->cols < h->cols || rows - fixed < h->rows;
	int avail_rows = rows - fixed - s->note;
	s->rows = avail_rows < h->rows ? avail_rows : h->rows;
	if (s->rows < 1)
		return status_fail(ST_EINVAL, "a %dx%d text heatmap has no room for its rows", cols,
				   rows);
	return ST_OK;
}

static int centred(PlotText *t, const char *s, int from, int width, int cols, int ascii)
{
	Line l = { 0 };
	int w = plot_str_cols(s, ascii);
	plot_row_pad(&l, from + (w < width ? (width - w) / 2 : 0));
	plot_row_str(&l, s, cols - l.cols, ascii);
	return plot_text_push(t, &l);
}

/* The ylabel in the corner, then the column labels, each within its cell. */
static int header(PlotText *t, const PlotHeat *h, const Shape *s, int ascii)
{
	Line l = { 0 };
	if (h->ylabel)
		plot_row_str(&l, h->ylabel, s->lw, ascii);
	plot_row_pad(&l, s->lw + 2);
	int end = 0; /* first free column after the previous label, relative to the cells */
	for (int j = 0; j < s->cols; j++) {
		int at = j * s->cw;
		if (at < end)
			continue;
		char b[16];
		const char *lab = label(h->col_labels, j, b, sizeof b);
		int room = s->cw > 1 ? s->cw - 1 : 3;
		if (room > s->cols * s->cw - at)
			room = s->cols * s->cw - at;
		plot_row_pad(&l, s->lw + 2 + at);
		end = at + plot_row_str(&l, lab, room, ascii) + 1;
	}
	return plot_text_push(t, &l);
}

static int scale(PlotText *t, const Ramp *r, double lo, double hi, int bad, int masked,
		 int cols, int ascii, int lang)
{
	Line l = { 0 };
	char b[96];
	if (lo > hi)
		plot_format(b, sizeof b, lang, PM_SCALE_NONE);
	else
		plot_format(b, sizeof b, lang, lo == hi ? PM_SCALE_ONE : PM_SCALE, lo);
	plot_row_str(&l, b, cols, ascii);
	if (lo < hi) {
		for (int i = 0; i < r->n && l.cols < cols; i++)
			plot_row_cp(&l, r->c[i]);
		snprintf(b, sizeof b, "] %.4g", hi);
		plot_row_str(&l, b, cols - l.cols, 1);
	}
	if (bad)
		plot_row_str(&l, plot_msg(lang, PM_SCALE_NOT_FINITE), cols - l.cols, ascii);
	if (masked)
		plot_row_str(&l, plot_msg(lang, PM_SCALE_MASKED), cols - l.cols, ascii);
	return plot_text_push(t, &l);
}

Status plot_text_heat(const PlotHeat *h, int cols, int rows, PlotGlyphs g, PlotText **out)
{
	*out = NULL;
	if (cols < MIN_COLS || rows < MIN_ROWS)
		return status_fail(ST_EINVAL,
				   "a text heatmap needs at least %dx%d characters, got %dx%d",
				   MIN_COLS, MIN_ROWS, cols, rows);
	if (h->rows < 1 || h->cols < 1 || !h->v)
		return status_fail(ST_EINVAL, "a heatmap needs values, got %dx%d", h->rows,
				   h->cols);
	/* Words in Chinese (any language but English) keep their characters: the locale can
	 * show them. */
	int ascii = g == PLOT_GLYPHS_ASCII && h->lang == LANG_EN, bad = 0, masked = 0;
	Ramp r = ramp_for(g);
	double lo = INFINITY, hi = -INFINITY;
	for (long i = 0; i < (long)h->rows * h->cols; i++) {
		masked |= h->masked && h->masked[i];
		if (isfinite(h->v[i])) {
			lo = fmin(lo, h->v[i]);
			hi = fmax(hi, h->v[i]);
		} else {
			bad = 1;
		}
	}
	if (h->fixed_range && isfinite(h->vmin) && isfinite(h->vmax) && h->vmin < h->vmax)
		lo = h->vmin, hi = h->vmax;
	Shape s;
	Status st = shape(h, cols, rows, ascii, &s);
	if (st)
		return st;
	PlotText *t = plot_text_new();
	if (!t)
		return ST_ENOMEM;
	int cells_from = s.lw + 2, cells_w = s.cols * s.cw;
	if (s.title && centred(t, h->title, 0, cols, cols, ascii))
		goto fail;
	if (s.subtitle && centred(t, h->subtitle, 0, cols, cols, ascii))
		goto fail;
	if (s.xlabel && centred(t, h->xlabel, cells_from, cells_w, cols, ascii))
		goto fail;
	if (header(t, h, &s, ascii))
		goto fail;
	for (int i = 0; i < s.rows; i++) {
		Line l = { 0 };
		char b[16];
		const char *lab = label(h->row_labels, i, b, sizeof b);
		plot_row_pad(&l, s.lw - plot_str_cols(lab, ascii));
		plot_row_str(&l, lab, s.lw, ascii);
		plot_row_pad(&l, s.lw + 1);
		plot_row_cp(&l, r.bar);
		for (int j = 0; j < s.cols; j++) {
			long at = (long)i * h->cols + j;
			unsigned c = h->masked && h->masked[at] ? MASK_MARK : shade(&r, h->v[at], lo, hi);
			for (int k = 0; k < s.cw; k++)
				plot_row_cp(&l, c);
		}
		plot_row_cp(&l, r.bar);
		if (plot_text_push(t, &l))
			goto fail;
	}
	if (scale(t, &r, lo, hi, bad, masked, cols, ascii, h->lang))
		goto fail;
	if (s.note) {
		Line l = { 0 };
		char b[128];
		plot_format(b, sizeof b, h->lang, PM_SHOWING, s.rows, h->rows, s.cols, h->cols);
		plot_row_str(&l, b, cols, ascii);
		if (plot_text_push(t, &l))
			goto fail;
	}
	*out = t;
	return ST_OK;
fail:
	plot_text_free(t);
	return ST_ENOMEM;
}
