/* checks_tools: the checks of exercises 06 gradcheck (the learner's own finite-difference
 * checker) and 07 clip (clipping by global norm). Neither is a function on the tape: the
 * checker is held to the central difference and the tolerance rule the exercise states,
 * worked out here with the case's own eps, atol and rtol; the clipper to nn/clip. */
#include "grade/checks.h"

#include "core/mem.h"
#include "nn/clip.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define V(name) (ck_find(c, name)->v)
#define AT(name) ck_find(c, name)

/* {==== 06 gradcheck ==== */

static double log_uniform(Rng *r, double lo, double hi)
{
	return exp(rng_range(r, log(lo), log(hi)));
}

static double random_sign(Rng *r)
{
	return rng_uniform(r) < 0.5 ? -1.0 : 1.0;
}

/* {---- numeric_gradient ---- */

/* The function the learner's checker differentiates, with curvature in every coordinate so
 * that a one-sided difference is visibly worse than a central one:
 *   f(x) = sum_i a_i sin(b_i x_i) + (sum_i c_i x_i)^2 / 2 + sum_i d_i x_i^3 / 3
 *   df/dx_i = a_i b_i cos(b_i x_i) + c_i (sum_j c_j x_j) + d_i x_i^2
 * The learner's side evaluates the very same expression in the same order, so both sides
 * see the same f, bit for bit, at the same x. */
static double smooth_f(const double *x, int n, void *ctx)
{
	CkCase *c = ctx;
	const double *a = V("a"), *b = V("b"), *cc = V("c"), *d = V("d");
	double s = 0, lin = 0;
	for (int i = 0; i < n && i < c->dim[CK_DIM_N]; i++) {
		s += a[i] * sin(b[i] * x[i]) + d[i] * x[i] * x[i] * x[i] / 3.0;
		lin += cc[i] * x[i];
	}
	return s + 0.5 * lin * lin;
}

/* The central difference of smooth_f in coordinate i with step eps, worked out as the
 * exercise asks for it; x[i] is put back exactly. */
static double central(CkCase *c, double *x, int i, double eps)
{
	double old = x[i];
	x[i] = old + eps;
	double up = smooth_f(x, c->dim[CK_DIM_N], c);
	x[i] = old - eps;
	double down = smooth_f(x, c->dim[CK_DIM_N], c);
	x[i] = old;
	return (up - down) / (2.0 * eps);
}

/* Case k: n values (exactly 1 in case 3) and an eps from 1e-6 to 0.3. The right answer is
 * the central difference with that very eps, as the exercise promises; it is off the
 * derivative by about eps^2 f'''/6. Each d_i takes the sign of the sine's third derivative
 * at x_i, so |f'''| >= 1 in every coordinate: from eps = 0.01 on, a checker that uses a step
 * of its own (1e-5, 1e-6) is off by far more than the tolerance, everywhere. */
static Status make_numeric(CkCase *c, Rng *r, int k)
{
	static const int n_lo[] = { 1, 4, 10, 1, 2 }, n_hi[] = { 3, 9, 20, 1, 20 };
	static const double eps_lo[] = { 1e-6, 1e-4, 1e-2, 1e-2, 1e-6 };
	static const double eps_hi[] = { 1e-4, 1e-2, 0.3, 0.3, 0.3 };
	int n = ck_between(r, n_lo[k], n_hi[k]);
	c->dim[CK_DIM_N] = n;
	double *x, *a, *b, *d;
	CK_TRY(x = ck_tensor(c, r, "x", CK_IN, 1, n));
	CK_TRY(a = ck_tensor(c, r, "a", CK_AUX, 1, n));
	CK_TRY(b = ck_tensor(c, r, "b", CK_AUX, 1, n));
	CK_TRY(ck_tensor(c, r, "c", CK_AUX, 1, n));
	CK_TRY(d = ck_tensor(c, r, "d", CK_AUX, 1, n));
	CK_TRY(ck_tensor(c, r, "grad", CK_OUT, 1, n));
	for (int i = 0; i < n; i++) {
		x[i] *= 2.0;
		a[i] = (a[i] < 0 ? -1 : 1) * (1.0 + fabs(a[i]));
		b[i] = (b[i] < 0 ? -1 : 1) * (1.0 + fabs(b[i]));
		double third = -a[i] * b[i] * b[i] * b[i] * cos(b[i] * x[i]);
		d[i] = (third < 0 ? -1 : 1) * (0.5 + 0.5 * fabs(d[i]));
	}
	c->scalar[CK_SCALAR_EPS] = log_uniform(r, eps_lo[k], eps_hi[k]); /* eps */
	GRADE_SAY_ALL(c->note, GM_NOTE_EPS, n, c->scalar[CK_SCALAR_EPS]);
	return ST_OK;
}

static Status expect_numeric(CkCase *c, double **want)
{
	double *x = V("x"), *g = want[AT("grad") - c->t];
	for (int i = 0; i < c->dim[CK_DIM_N]; i++)
		g[i] = central(c, x, i, c->scalar[CK_SCALAR_EPS]);
	return ST_OK;
}

/* numeric_gradient moves x[i] to f(x + eps) and f(x - eps): it must put it back exactly. */
static GradeMsg restore_x(const CkTensor *t)
{
	return strcmp(t->name, "x") == 0 ? GM_RESTORE_X : GM_NONE;
}

/* The differences a learner may have written instead of the central one with the eps given. */
static const char *explain_numeric(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				   char *buf, size_t size)
{
	(void)t;
	int n = c->dim[CK_DIM_N];
	double eps = c->scalar[CK_SCALAR_EPS], *x = V("x"), old = x[i];
	double here = smooth_f(x, n, c);
	x[i] = old + eps;
	double up = smooth_f(x, n, c);
	x[i] = old - eps;
	double down = smooth_f(x, n, c);
	x[i] = old;
	double fwd = (up - here) / eps, bwd = (here - down) / eps, wide = (up - down) / eps;
	double tol = 1e-9 * fmax(1.0, fabs(got));
	if (fabs(got - fwd) <= tol || fabs(got - bwd) <= tol)
		return grade_msg(lang, GM_EXPLAIN_ONE_SIDED);
	if (fabs(got - wide) <= tol)
		return grade_msg(lang, GM_EXPLAIN_WIDE);
	/* A step of the learner's own instead of the argument: the fixed step whose central
	 * difference comes closest, when it is far closer than the right one. */
	static const double fixed[] = { 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8 };
	double right = central(c, x, (int)i, eps), best = INFINITY, step = 0;
	for (size_t f = 0; f < sizeof fixed / sizeof fixed[0]; f++) {
		double off = fabs(got - central(c, x, (int)i, fixed[f]));
		if (off < best) {
			best = off;
			step = fixed[f];
		}
	}
	if (best <= 1e-7 * fmax(1.0, fabs(got)) && fabs(got - right) > 100 * best &&
	    fabs(step - eps) > 0.01 * eps) {
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_FIXED_STEP), step, eps);
		return buf;
	}
	return NULL;
}

/* }---- */

/* {---- first_mismatch ---- */

/* What case k of first_mismatch plants, in this order. */
enum {
	FM_AGREE,        /* nothing: -1 */
	FM_SEVERAL,      /* two to four disagree: the first of them */
	FM_NAN_NUMERIC,  /* a NaN in numeric first, sometimes a plain mismatch after it */
	FM_NAN_ANALYTIC, /* the same in analytic */
	FM_ATOL,         /* tiny values within atol though relatively far apart; maybe one beyond */
	FM_RTOL,         /* large values within rtol * max(|a|, |b|) though far beyond atol */
	FM_INF,          /* an infinity facing a finite value or the other infinity */
	FM_ONE,          /* n = 1 */
	FM_CASES
};

/* The rule the exercise states: a and b disagree when either is NaN or infinite, or when
 * |a - b| > atol + rtol * max(|a|, |b|). */
static int disagree(double a, double b, double atol, double rtol)
{
	return !isfinite(a) || !isfinite(b) ||
	       !(fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b)));
}

/* A value near a: within half the tolerance (they agree), or 2 to 5 times beyond it (a clear
 * mismatch, whichever of |a| and |b| a rule scales rtol by). */
static double near(Rng *r, double a, double atol, double rtol, int mismatch)
{
	double tol = atol + rtol * fabs(a);
	return a + random_sign(r) * (mismatch ? rng_range(r, 2.0, 5.0) : rng_range(r, 0.0, 0.5)) * tol;
}

static Status make_mismatch(CkCase *c, Rng *r, int k)
{
	int n = k == FM_ONE ? 1 : k == FM_AGREE ? ck_between(r, 1, 6) : ck_between(r, 5, 16);
	c->dim[CK_DIM_N] = n;
	double *a, *b;
	CK_TRY(a = ck_tensor(c, r, "analytic", CK_IN, 1, n));
	CK_TRY(b = ck_tensor(c, r, "numeric", CK_IN, 1, n));
	CK_TRY(ck_tensor(c, r, "returned", CK_OUT, 1, 1));
	double atol = log_uniform(r, 1e-12, 1e-4), rtol = log_uniform(r, 1e-9, 1e-2);
	double lo = 1e-3, hi = 1e2; /* the sizes of the values */
	if (k == FM_ATOL) {
		/* rtol * |a| below 1e-4 atol; the differences 0.05 to 0.5 atol */
		atol = log_uniform(r, 1e-8, 1e-5);
		rtol = log_uniform(r, 1e-8, 1e-3);
		lo = 1e-3 * atol;
		hi = 0.1 * atol;
	} else if (k == FM_RTOL) {
		/* the differences 0.05 to 0.4 rtol * |a|, so at least 5 atol */
		atol = log_uniform(r, 1e-12, 1e-10);
		rtol = log_uniform(r, 1e-8, 1e-3);
		lo = 10;
		hi = 1e4;
	}
	for (int i = 0; i < n; i++) {
		a[i] = random_sign(r) * log_uniform(r, lo, hi);
		if (k == FM_ATOL)
			b[i] = a[i] + random_sign(r) * rng_range(r, 0.05, 0.5) * atol;
		else if (k == FM_RTOL)
			b[i] = a[i] * (1 + random_sign(r) * rng_range(r, 0.05, 0.4) * rtol);
		else
			b[i] = near(r, a[i], atol, rtol, 0);
	}
	/* j: the first planted disagreement; anything planted later goes after it */
	int j = k == FM_ATOL || k == FM_RTOL ? ck_between(r, 1, n - 1) : rng_below(r, n);
	int later = j + 1 < n && rng_uniform(r) < 0.5;
	GradeMsg what = GM_NONE;
	switch (k) {
	case FM_AGREE:
		later = 0;
		what = GM_MISMATCH_AGREE;
		break;
	case FM_SEVERAL:
		j = rng_below(r, n - 1);
		b[j] = near(r, a[j], atol, rtol, 1);
		for (int m = ck_between(r, 1, 3); m > 0; m--) {
			int p = ck_between(r, j + 1, n - 1);
			b[p] = near(r, a[p], atol, rtol, 1);
		}
		later = 0;
		what = GM_MISMATCH_SEVERAL;
		break;
	case FM_NAN_NUMERIC:
		b[j] = NAN;
		what = GM_MISMATCH_NAN_NUMERIC;
		break;
	case FM_NAN_ANALYTIC:
		a[j] = NAN;
		what = GM_MISMATCH_NAN_ANALYTIC;
		break;
	case FM_ATOL:
	case FM_RTOL:
		/* half of the time one real mismatch, 3 to 10 times beyond */
		if (rng_uniform(r) < 0.5) {
			double far = random_sign(r) * rng_range(r, 3.0, 10.0);
			b[j] = k == FM_ATOL ? a[j] + far * atol : a[j] * (1 + far * rtol);
		}
		later = 0;
		what = k == FM_ATOL ? GM_MISMATCH_TINY : GM_MISMATCH_LARGE;
		break;
	case FM_INF: {
		double inf = random_sign(r) * INFINITY;
		int how = rng_below(r, 3);
		if (how == 0)
			a[j] = inf;
		else if (how == 1)
			b[j] = inf;
		else
			a[j] = -(b[j] = inf);
		what = GM_MISMATCH_INF;
		break;
	}
	default: { /* FM_ONE */
		int how = rng_below(r, 5);
		double *side = rng_uniform(r) < 0.5 ? a : b;
		if (how == 1)
			b[0] = near(r, a[0], atol, rtol, 1);
		else if (how == 2)
			side[0] = NAN;
		else if (how == 3)
			side[0] = random_sign(r) * INFINITY;
		else if (how == 4)
			a[0] = b[0] = random_sign(r) * INFINITY;
		later = 0;
		what = how == 0 ? GM_MISMATCH_THEY_AGREE : GM_MISMATCH_THEY_DISAGREE;
		break;
	}
	}
	if (later) {
		int p = ck_between(r, j + 1, n - 1);
		b[p] = near(r, a[p], atol, rtol, 1);
	}
	c->scalar[CK_SCALAR_ATOL] = atol;
	c->scalar[CK_SCALAR_RTOL] = rtol;
	for (int l = 0; l < LANG_COUNT; l++)
		grade_say_in(l, c->note[l], sizeof c->note[l], GM_NOTE_MISMATCH, n, atol, rtol,
			     grade_msg(l, what));
	return ST_OK;
}

static Status expect_mismatch(CkCase *c, double **want)
{
	const double *a = V("analytic"), *b = V("numeric");
	int first = -1;
	for (int i = 0; i < c->dim[CK_DIM_N] && first < 0; i++)
		if (disagree(a[i], b[i], c->scalar[CK_SCALAR_ATOL], c->scalar[CK_SCALAR_RTOL]))
			first = i;
	want[AT("returned") - c->t][0] = first;
	return ST_OK;
}

/* Why the index returned is not the first that disagrees: a NaN or an infinity missed, the
 * last one returned, or a pair taken for a mismatch that atol or rtol lets agree. */
static const char *explain_mismatch(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				    char *buf, size_t size)
{
	(void)t;
	(void)i;
	const double *a = V("analytic"), *b = V("numeric");
	double atol = c->scalar[CK_SCALAR_ATOL], rtol = c->scalar[CK_SCALAR_RTOL];
	int n = c->dim[CK_DIM_N], first = -1, last = -1;
	for (int p = 0; p < n; p++)
		if (disagree(a[p], b[p], atol, rtol)) {
			first = first < 0 ? p : first;
			last = p;
		}
	if (!(got >= -1 && got < n && got == (int)got)) {
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_INDEX_RANGE), n);
		return buf;
	}
	int g = (int)got;
	if (first >= 0 && g != first && (g < 0 || g > first)) {
		int a_bad = !isfinite(a[first]);
		double v = a_bad ? a[first] : b[first];
		const char *side = a_bad ? "analytic" : "numeric";
		if (isnan(v))
			snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_NAN_SIDE), side, first);
		else if (!isfinite(v))
			snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_INF_SIDE), side, first,
				 v > 0 ? "inf" : "-inf");
		else if (g == last)
			snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_LAST), g, first);
		else
			snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_DISAGREE), first, fabs(a[first] - b[first]),
				 atol + rtol * fmax(fabs(a[first]), fabs(b[first])));
		return buf;
	}
	if (g >= 0 && (first < 0 || g < first)) {
		double d = fabs(a[g] - b[g]), m = fmax(fabs(a[g]), fabs(b[g]));
		const char *which = d > rtol * m ? "atol" : "rtol * max(|a|, |b|)";
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_AGREE), g, d, atol + rtol * m, which);
		return buf;
	}
	return NULL;
}

/* }---- */

/* numeric_gradient's atol: f is evaluated on the learner's side by its own copy of
 * smooth_f; were that copy compiled to round once differently (a fused multiply-add), the
 * two sides' f would differ by an ulp of f (up to 1e-14), which 2 eps = 2e-6 makes 5e-9. */
static const CkCheck gradcheck_checks[] = {
	{ "numeric_gradient", { "numeric_gradient" }, 1, 5, 1e-8, 1e-7, make_numeric, NULL, expect_numeric, explain_numeric, restore_x },
	{ "first_mismatch", { "first_mismatch" }, 1, FM_CASES, 0, 0, make_mismatch, NULL, expect_mismatch, explain_mismatch, NULL },
};

const CkExercise ck_gradcheck = { "gradcheck", gradcheck_checks, 2 };

/* }==== */

/* {==== 07 clip ==== */

static const char *const rnn_names[3] = { "dW_ih", "dW_hh", "db" };

/* The gradients of a case are its CK_INOUT tensors, in order; they go to the learner as
 * grads[0..n_grads-1]. */
static int gradients_of(CkCase *c, CkTensor **list)
{
	int n = 0;
	for (int i = 0; i < c->n; i++)
		if (c->t[i].role == CK_INOUT)
			list[n++] = &c->t[i];
	return n;
}

/* Cases 0 to 2: an RNN's dW_ih, dW_hh and db, as the exercise describes them: 0 far above
 * max_norm, with values both above and below it (so clipping each value is visibly wrong);
 * 1 below max_norm, nothing changes; 2 just above it. Then any number of gradients of any
 * size, 1 included: 3 from 4 to 19 of them; 4 a single one; 5 two tiny ones (norm near
 * 1e-3, where the 1e-6 in max_norm / (total + 1e-6) shows); 6 huge ones (up to 1e6) against
 * a small max_norm; 7 a few below max_norm. */
static Status make_clip(CkCase *c, Rng *r, int k)
{
	static const int n_lo[] = { 3, 3, 3, 4, 1, 2, 2, 3 }, n_hi[] = { 3, 3, 3, 19, 1, 2, 6, 10 };
	int n_grads = ck_between(r, n_lo[k], n_hi[k]), H = ck_between(r, 2, 5);
	int I = ck_between(r, 1, 4), values = 0;
	double sum = 0, scale = k == 5 ? 1e-3 : k == 6 ? log_uniform(r, 1e4, 1e6) : 2.0;
	/* first, so that a report naming only the first few wrong arrays names it */
	CK_TRY(ck_tensor(c, r, "total_norm", CK_OUT, 1, 1));
	for (int g = 0; g < n_grads; g++) {
		char name[32];
		int rows = 1, cols = g == 0 && (k == 4 || k == 5) ? ck_between(r, 1, 2)
								   : ck_between(r, 1, 8);
		if (k < 3) {
			rows = g == 2 ? 1 : H;
			cols = g == 0 ? I : H;
			snprintf(name, sizeof name, "%s", rnn_names[g]);
		} else {
			snprintf(name, sizeof name, "grads[%d]", g);
		}
		double *v;
		CK_TRY(v = ck_tensor(c, r, name, CK_INOUT, rows, cols));
		for (int i = 0; i < rows * cols; i++) {
			v[i] *= scale;
			sum += v[i] * v[i];
		}
		values += rows * cols;
	}
	double total = sqrt(sum), max_norm;
	switch (k) {
	case 0: max_norm = 1.0; break;
	case 1: max_norm = total * 1.5; break;
	case 2: max_norm = total * 0.9; break;
	case 6: max_norm = log_uniform(r, 0.1, 10); break;
	case 7: max_norm = total * rng_range(r, 1.01, 3.0); break;
	default: max_norm = total * rng_range(r, 0.1, 0.8); break;
	}
	c->scalar[CK_SCALAR_MAX_NORM] = max_norm;
	c->dim[CK_DIM_N_GRADS] = n_grads;
	if (k < 3) {
		GRADE_SAY_ALL(c->note, GM_NOTE_CLIP_RNN, H, I, total, max_norm);
	} else {
		GRADE_SAY_ALL(c->note, GM_NOTE_CLIP, n_grads, values, total, max_norm);
	}
	return ST_OK;
}

/* Past n_grads the lists hold NULL and 0, not what an earlier case left on the stack: code
 * that assumes more gradients than it is given reads nothing there, and fails on its values,
 * the same way every time. */

static Status expect_clip(CkCase *c, double **want)
{
	CkTensor *list[CK_MAX_TENSORS];
	Mat m[CK_MAX_TENSORS], *mats[CK_MAX_TENSORS];
	int n = gradients_of(c, list);
	for (int g = 0; g < n; g++) {
		CkTensor *t = list[g];
		double *w = want[t - c->t];
		for (int i = 0; i < t->rows * t->cols; i++)
			w[i] = t->start[i];
		m[g] = (Mat){ t->rows, t->cols, w };
		mats[g] = &m[g];
	}
	double total = 0;
	Status st = clip_grad_norm(mats, n, c->scalar[CK_SCALAR_MAX_NORM], &total);
	want[AT("total_norm") - c->t][0] = total;
	return st;
}

static double norm_of(const CkTensor *t)
{
	double s = 0;
	for (int i = 0; i < t->rows * t->cols; i++)
		s += t->start[i] * t->start[i];
	return s;
}

/* Within the check's tolerance. */
static int same(double want, double got)
{
	return fabs(want - got) <= 1e-12 + 1e-9 * fmax(fabs(want), fabs(got));
}

/* The norm after clipping, the norm of only the first gradients, each gradient clipped by
 * its own norm, and the factor without its 1e-6. */
static const char *explain_clip(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				char *buf, size_t size)
{
	CkTensor *list[CK_MAX_TENSORS];
	int n = gradients_of(c, list);
	double max_norm = c->scalar[CK_SCALAR_MAX_NORM], sum = 0;
	for (int g = 0; g < n; g++)
		sum += norm_of(list[g]);
	double total = sqrt(sum), scale = max_norm / (total + 1e-6);
	if (t->role == CK_OUT) {
		double after = total * fmin(1.0, scale), part = 0;
		if (scale < 1 && same(after, got)) {
			snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_NORM_AFTER), after, total);
			return buf;
		}
		for (int g = 0; g + 1 < n; g++) {
			part += norm_of(list[g]);
			if (same(sqrt(part), got)) {
				snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_NORM_PART), g + 1, n);
				return buf;
			}
		}
		return NULL;
	}
	double own = sqrt(norm_of(t)), own_scale = max_norm / (own + 1e-6);
	double start = t->start[i];
	if (scale < 1 && own_scale < 1 && same(start * own_scale, got) && !same(start * scale, got)) {
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_OWN_NORM), own, total);
		return buf;
	}
	if (scale < 1 && own_scale >= 1 && got == start) {
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_LEFT), own, total);
		return buf;
	}
	if (scale < 1 && same(start * max_norm / total, got) && !same(start * scale, got))
		return grade_msg(lang, GM_EXPLAIN_NO_EPS);
	return NULL;
}

static const CkCheck clip_checks[] = {
	{ "clip_grad_norm", { "clip_grad_norm" }, 1, 8, 1e-12, 1e-9, make_clip, NULL,
	  expect_clip, explain_clip, NULL },
};

const CkExercise ck_clip = { "clip", clip_checks, 1 };

/* }==== */
