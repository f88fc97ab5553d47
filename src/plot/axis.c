/* axis: ranges, ticks and clamping for line plots; see axis.h. In src/plot, under script.c
 * and text.c, which must agree on them so that the saved gnuplot script and the text plot
 * show the same range and the same clamped points. Only arithmetic on the values given:
 * nothing is drawn here and nothing about the data is computed beyond its extent. */
#include "plot/axis.h"

#include "plot/plot_msg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LOG_TINY 1e-300
#define LOG_HUGE 1e+300

double plot_series_x(const PlotSeries *s, int i)
{
	return s->x ? s->x[i] : (double)i;
}

static const char *label_of(const PlotSeries *s)
{
	return s->label && s->label[0] ? s->label : "(unnamed)";
}

Status plot_axis_x(const PlotLine *p, PlotAxis *a)
{
	memset(a, 0, sizeof *a);
	a->log = p->logx;
	double lo = INFINITY, hi = -INFINITY;
	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		for (int i = 0; i < ser->n; i++) {
			double x = plot_series_x(ser, i);
			if (!isfinite(x))
				return status_fail(ST_EINVAL, "series '%s', point %d: x is %g",
						   label_of(ser), i, x);
			if (a->log && !(x >= LOG_TINY && x <= LOG_HUGE))
				return status_fail(ST_EINVAL,
						   "series '%s', point %d: x = %g cannot go on a log x axis",
						   label_of(ser), i, x);
			lo = fmin(lo, x);
			hi = fmax(hi, x);
		}
	}
	if (lo > hi) {
		lo = a->log ? 1 : 0;
		hi = a->log ? 10 : 1;
	} else if (lo == hi) {
		lo = a->log ? lo / 10 : lo - 1;
		hi = a->log ? hi * 10 : hi + 1;
	}
	a->lo = a->floor = lo;
	a->hi = a->ceil = hi;
	return ST_OK;
}

/* The PLOT_CLAMP_* bit of a value the axis cannot show (0 if it can), and in *up whether
 * it goes to the ceiling rather than the floor. */
static unsigned gap(int log, double y)
{
	return isnan(y) ? PLOT_CLAMP_NAN : log && y == 0 ? PLOT_CLAMP_ZERO : 0;
}

unsigned plot_axis_gap(const PlotAxis *a, double y)
{
	return gap(a->log, y);
}

const char *plot_axis_gap_label(const PlotLine *p, unsigned kind)
{
	const char *own = kind == PLOT_CLAMP_ZERO ? p->zero_note : p->nan_note;
	if (own && own[0])
		return own;
	return plot_msg(p->lang, kind == PLOT_CLAMP_ZERO ? PM_GAP_ZERO : PM_GAP_NAN);
}

/* Gaps are not clamped: the callers skip them first. */
static unsigned classify(int log, double y, int *up)
{
	*up = y == INFINITY || (log && y > LOG_HUGE && isfinite(y));
	if (gap(log, y))
		return 0;
	if (y == INFINITY)
		return PLOT_CLAMP_INF;
	if (y == -INFINITY)
		return PLOT_CLAMP_NINF;
	if (!log)
		return 0;
	if (y == 0)
		return PLOT_CLAMP_ZERO;
	if (y < 0)
		return PLOT_CLAMP_NEG;
	if (y < LOG_TINY)
		return PLOT_CLAMP_TINY;
	if (y > LOG_HUGE)
		return PLOT_CLAMP_HUGE;
	return 0;
}

double plot_axis_place(const PlotAxis *a, double y, unsigned *kind)
{
	int up;
	unsigned k = classify(a->log, y, &up);
	if (kind)
		*kind = k;
	if (!k)
		return y;
	return up ? a->ceil : a->floor;
}

/* The data's range on a log axis: whole decades around the positive finite values, one more
 * decade below (above) when something is drawn at the floor (ceiling), so that clamped
 * points stand apart from real ones. */
static void log_range(const PlotLine *p, PlotAxis *a)
{
	double minpos = INFINITY, maxpos = 0;
	int below = 0, above = 0;
	for (int s = 0; s < p->n_series; s++)
		for (int i = 0; i < p->series[s].n; i++) {
			double y = p->series[s].y[i];
			int up;
			if (gap(1, y))
				continue;
			if (classify(1, y, &up)) {
				above += up;
				below += !up;
				continue;
			}
			minpos = fmin(minpos, y);
			maxpos = fmax(maxpos, y);
		}
	int lo_dec = 0, hi_dec = 1;
	if (maxpos > 0) {
		lo_dec = (int)floor(log10(minpos));
		hi_dec = (int)ceil(log10(maxpos));
		if (hi_dec == lo_dec) /* one power of ten */
			hi_dec++;
		/* Data within one decade is not drawn along the border, where it would hide in
		 * the frame: a decade more on the side it touches. */
		if (hi_dec - lo_dec == 1 && minpos < pow(10, lo_dec) * 1.05)
			lo_dec--;
		if (hi_dec - lo_dec <= 2 && maxpos > pow(10, hi_dec) / 1.05 && minpos > pow(10, lo_dec) * 1.05)
			hi_dec++;
	}
	lo_dec -= below > 0;
	hi_dec += above > 0;
	if (lo_dec < -PLOT_LOG_DECADES_MAX - 1)
		lo_dec = -PLOT_LOG_DECADES_MAX - 1;
	if (hi_dec > PLOT_LOG_DECADES_MAX + 1)
		hi_dec = PLOT_LOG_DECADES_MAX + 1;
	a->lo = a->floor = pow(10, lo_dec);
	a->hi = a->ceil = pow(10, hi_dec);
}

static void linear_range(const PlotLine *p, PlotAxis *a)
{
	double lo = INFINITY, hi = -INFINITY;
	int below = 0, above = 0;
	for (int s = 0; s < p->n_series; s++)
		for (int i = 0; i < p->series[s].n; i++) {
			double y = p->series[s].y[i];
			if (isfinite(y)) {
				lo = fmin(lo, y);
				hi = fmax(hi, y);
			} else if (y == -INFINITY) {
				below++;
			} else if (y == INFINITY) {
				above++;
			}
		}
	if (lo > hi)
		lo = 0, hi = 1;
	if (lo == hi) {
		double pad = lo != 0 ? fabs(lo) * 0.5 : 1;
		lo -= pad;
		hi += pad;
	}
	double span = hi - lo;
	if (below)
		lo -= 0.1 * span;
	if (above)
		hi += 0.1 * span;
	a->lo = a->floor = lo;
	a->hi = a->ceil = hi;
}

Status plot_axis_y(const PlotLine *p, PlotAxis *a)
{
	memset(a, 0, sizeof *a);
	a->log = p->logy;
	if (p->yrange) {
		if (!(isfinite(p->ymin) && isfinite(p->ymax) && p->ymin < p->ymax))
			return status_fail(ST_EINVAL, "y range %g..%g: need finite ymin < ymax",
					   p->ymin, p->ymax);
		if (a->log && p->ymin <= 0)
			return status_fail(ST_EINVAL, "y range %g..%g: a log y axis needs ymin > 0",
					   p->ymin, p->ymax);
		a->lo = a->floor = p->ymin;
		a->hi = a->ceil = p->ymax;
	} else if (a->log) {
		log_range(p, a);
	} else {
		linear_range(p, a);
	}
	for (int s = 0; s < p->n_series; s++)
		for (int i = 0; i < p->series[s].n; i++) {
			unsigned k = gap(a->log, p->series[s].y[i]);
			if (k) {
				a->n_gaps++;
				a->gaps |= k;
				continue;
			}
			plot_axis_place(a, p->series[s].y[i], &k);
			if (k) {
				a->n_clamped++;
				a->clamped |= k;
			}
		}
	return ST_OK;
}

/* {==== Ticks ==== */

static int log_ticks(const PlotAxis *a, int max_ticks, double *ticks, int cap)
{
	int lo = (int)ceil(log10(a->lo) - 1e-9), hi = (int)floor(log10(a->hi) + 1e-9);
	if (lo > hi) {
		int n = 0;
		if (n < cap)
			ticks[n++] = a->lo;
		if (n < cap)
			ticks[n++] = a->hi;
		return n;
	}
	static const int steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500 };
	int k = steps[0];
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		k = steps[i];
		if ((hi - lo) / k + 1 <= max_ticks)
			break;
	}
	int n = 0;
	int first = (int)ceil((double)lo / k) * k;
	for (int d = first; d <= hi && n < cap; d += k)
		ticks[n++] = pow(10, d);
	return n;
}

static int linear_ticks(const PlotAxis *a, int max_ticks, double *ticks, int cap)
{
	double span = a->hi - a->lo;
	double raw = span / (max_ticks > 1 ? max_ticks - 1 : 1);
	double mag = pow(10, floor(log10(raw)));
	double norm = raw / mag;
	double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
	double first = ceil(a->lo / step - 1e-9);
	int n = 0;
	for (int i = 0; n < cap; i++) {
		double t = (first + i) * step;
		if (t > a->hi + step * 1e-9)
			break;
		ticks[n++] = fabs(t) < step * 1e-9 ? 0.0 : t;
	}
	return n;
}

int plot_axis_ticks(const PlotAxis *a, int max_ticks, double *ticks, int cap)
{
	if (max_ticks < 2)
		max_ticks = 2;
	if (!(a->hi > a->lo))
		return 0;
	return a->log ? log_ticks(a, max_ticks, ticks, cap) : linear_ticks(a, max_ticks, ticks, cap);
}

/* }==== */

void plot_axis_clamp_label(unsigned clamped, int lang, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		PlotMsg word;
	} kinds[] = {
		{ PLOT_CLAMP_ZERO, PM_CLAMP_ZERO }, { PLOT_CLAMP_NEG, PM_CLAMP_NEG },
		{ PLOT_CLAMP_TINY, PM_CLAMP_TINY }, { PLOT_CLAMP_INF, PM_CLAMP_INF },
		{ PLOT_CLAMP_NINF, PM_CLAMP_NINF }, { PLOT_CLAMP_NAN, PM_CLAMP_NAN },
		{ PLOT_CLAMP_HUGE, PM_CLAMP_HUGE },
	};
	PlotMsg words[sizeof kinds / sizeof kinds[0]];
	int n = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (clamped & kinds[i].bit)
			words[n++] = kinds[i].word;
	size_t used = (size_t)snprintf(buf, size, "%s", plot_msg(lang, PM_CLAMPED_OPEN));
	for (int i = 0; i < n && used < size; i++) {
		const char *sep = i == 0     ? ""
				  : i == n - 1 ? plot_msg(lang, PM_LIST_OR)
					       : plot_msg(lang, PM_LIST_COMMA);
		used += (size_t)snprintf(buf + used, size - used, "%s%s", sep,
					 plot_msg(lang, words[i]));
	}
	if (used < size)
		snprintf(buf + used, size - used, "%s", plot_msg(lang, PM_CLAMPED_CLOSE));
}
