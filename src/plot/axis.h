/* axis: the range, ticks and clamping of one axis of a line plot, shared by the gnuplot
 * script (script.c) and the built-in text plot (text.c) so both draw the same picture.
 * Internal to src/plot. A log axis spans whole decades of the data; values it cannot show
 * (negative, inf, beyond 1e+-300) are moved to its floor or ceiling and counted, never
 * dropped. An exact 0 on a log axis and a NaN anywhere are gaps: no value, drawn as a
 * break in the line and a marked band, never as a point at a made-up height. */
#ifndef GRADLAB_PLOT_AXIS_H
#define GRADLAB_PLOT_AXIS_H

#include "plot/plot.h"

#include <stddef.h>

/* What a clamped value was; bits of PlotAxis.clamped. */
enum {
	PLOT_CLAMP_ZERO = 1 << 0,
	PLOT_CLAMP_NEG = 1 << 1,      /* finite and negative (log axis) */
	PLOT_CLAMP_INF = 1 << 2,
	PLOT_CLAMP_NINF = 1 << 3,
	PLOT_CLAMP_NAN = 1 << 4,
	PLOT_CLAMP_TINY = 1 << 5,     /* positive but below 1e-300 (log axis) */
	PLOT_CLAMP_HUGE = 1 << 6      /* finite but above 1e+300 (log axis) */
};

#define PLOT_LOG_DECADES_MAX 300

typedef struct PlotAxis {
	int log;
	double lo, hi;        /* the range drawn; on a log axis powers of ten */
	double floor, ceil;   /* where clamped values are drawn */
	int n_clamped;        /* values moved to floor or ceil */
	unsigned clamped;     /* PLOT_CLAMP_* bits of the values moved */
	int n_gaps;           /* values that are gaps (see plot_axis_gap) */
	unsigned gaps;        /* their kinds: PLOT_CLAMP_ZERO and PLOT_CLAMP_NAN bits */
} PlotAxis;

/* The x axis over every series. ST_EINVAL naming the series and point when an x is not
 * finite, or is <= 0 on a log axis (x comes from the program, not from a gradient). */
Status plot_axis_x(const PlotLine *p, PlotAxis *a);

/* The y axis: p's explicit range if it has one (ST_EINVAL when ymin >= ymax or, on a log
 * axis, ymin <= 0), else the data's. */
Status plot_axis_y(const PlotLine *p, PlotAxis *a);

/* The value to draw for y, and in *kind the PLOT_CLAMP_* bit when it was moved (else 0).
 * A gap comes back as it is, with *kind 0: ask plot_axis_gap first. */
double plot_axis_place(const PlotAxis *a, double y, unsigned *kind);

/* PLOT_CLAMP_ZERO for an exact 0 on a log axis, PLOT_CLAMP_NAN for a NaN: a gap, with no
 * value to draw; else 0. */
unsigned plot_axis_gap(const PlotAxis *a, double y);

/* The legend of the gaps of one kind (PLOT_CLAMP_ZERO or PLOT_CLAMP_NAN): p's own note
 * for it, or the general one in p's language. */
const char *plot_axis_gap_label(const PlotLine *p, unsigned kind);

/* Up to cap tick values inside [lo, hi], at most about max_ticks of them: powers of ten on a
 * log axis (every k-th decade, k in 1, 2, 5, 10, ...), multiples of 1, 2 or 5 x 10^e
 * otherwise. Returns how many. */
int plot_axis_ticks(const PlotAxis *a, int max_ticks, double *ticks, int cap);

/* The legend text for clamped values in lang, a Lang (plot_msg.h): "clamped (0 or inf)",
 * "画在边缘的值（0 或 inf）". */
void plot_axis_clamp_label(unsigned clamped, int lang, char *buf, size_t size);

/* x of point i of s (i itself when s->x is NULL). */
double plot_series_x(const PlotSeries *s, int i);

#endif
