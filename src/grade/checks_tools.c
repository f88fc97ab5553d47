/* checks_tools: the checks of exercises 06 gradcheck (the learner's own finite-difference
 * checker) and 07 clip (clipping by global norm). Neither is a function on the tape: the
 * checker is held to the exact derivative of a known function, the clipper to nn/clip. */
#include "grade/checks.h"

#include "core/mem.h"
#include "nn/clip.h"

#include <math.h>
#include <stdio.h>

#define V(name) (ck_find(c, name)->v)
#define AT(name) ck_find(c, name)

/* {==== 06 gradcheck ==== */

/* The function the learner's checker differentiates, with curvature in every coordinate so
 * that a one-sided difference is visibly worse than a central one:
 *   f(x) = sum_i a_i sin(b_i x_i) + (sum_i c_i x_i)^2 / 2 + sum_i d_i x_i^3 / 3
 *   df/dx_i = a_i b_i cos(b_i x_i) + c_i (sum_j c_j x_j) + d_i x_i^2 */
static double smooth_f(const double *x, int n, void *ctx)
{
	CkCase *c = ctx;
	const double *a = V("a"), *b = V("b"), *cc = V("c"), *d = V("d");
	double s = 0, lin = 0;
	for (int i = 0; i < n && i < c->dim[0]; i++) {
		s += a[i] * sin(b[i] * x[i]) + d[i] * x[i] * x[i] * x[i] / 3.0;
		lin += cc[i] * x[i];
	}
	return s + 0.5 * lin * lin;
}

static Status make_numeric(CkCase *c, Rng *r, int k)
{
	int n = k == 0 ? ck_between(r, 1, 3) : k == 1 ? ck_between(r, 4, 9) : ck_between(r, 10, 20);
	c->dim[0] = n;
	double *a, *b;
	CK_TRY(ck_tensor(c, r, "x", CK_IN, 1, n));
	CK_TRY(a = ck_tensor(c, r, "a", CK_AUX, 1, n));
	CK_TRY(b = ck_tensor(c, r, "b", CK_AUX, 1, n));
	CK_TRY(ck_tensor(c, r, "c", CK_AUX, 1, n));
	CK_TRY(ck_tensor(c, r, "d", CK_AUX, 1, n));
	CK_TRY(ck_tensor(c, r, "grad", CK_OUT, 1, n));
	for (int i = 0; i < n; i++) {
		a[i] = (a[i] < 0 ? -1 : 1) * (1.0 + fabs(a[i]));
		b[i] = (b[i] < 0 ? -1 : 1) * (1.0 + fabs(b[i]));
	}
	c->scalar[0] = 1e-5; /* eps */
	snprintf(c->note, sizeof c->note, "n=%d, eps=%g", n, c->scalar[0]);
	return ST_OK;
}

static Status expect_numeric(CkCase *c, double **want)
{
	int n = c->dim[0];
	const double *x = V("x"), *a = V("a"), *b = V("b"), *cc = V("c"), *d = V("d");
	double lin = 0;
	for (int i = 0; i < n; i++)
		lin += cc[i] * x[i];
	double *g = want[AT("grad") - c->t];
	for (int i = 0; i < n; i++)
		g[i] = a[i] * b[i] * cos(b[i] * x[i]) + cc[i] * lin + d[i] * x[i] * x[i];
	return ST_OK;
}

/* The one-sided differences a learner may have written instead of the central one. */
static const char *explain_numeric(CkCase *c, const CkTensor *t, size_t i, double got, int zh,
				   char *buf, size_t size)
{
	(void)t;
	(void)buf;
	(void)size;
	int n = c->dim[0];
	double eps = c->scalar[0], *x = ck_find(c, "x")->v, old = x[i];
	double here = smooth_f(x, n, c);
	x[i] = old + eps;
	double up = smooth_f(x, n, c);
	x[i] = old - eps;
	double down = smooth_f(x, n, c);
	x[i] = old;
	double fwd = (up - here) / eps, bwd = (here - down) / eps, wide = (up - down) / eps;
	double tol = 1e-9 * fmax(1.0, fabs(got));
	if (fabs(got - fwd) <= tol || fabs(got - bwd) <= tol)
		return zh ? "这是单侧差分 (f(x + eps) - f(x)) / eps：它的误差随 eps 缩小，中心差分"
			    "的误差随 eps^2 缩小"
			  : "that is a one-sided difference, (f(x + eps) - f(x)) / eps: its error "
			    "shrinks like eps, the central difference's like eps^2";
	if (fabs(got - wide) <= tol)
		return zh ? "这是 (f(x + eps) - f(x - eps)) / eps：两个点相距 2 eps"
			  : "that is (f(x + eps) - f(x - eps)) / eps: the two points are 2 eps apart";
	return NULL;
}

/* analytic and numeric agree to 1e-9 except where a case plants a disagreement: a clear
 * one, a NaN (which must count as one), and values below atol that differ relatively
 * (which must not). */
static Status make_mismatch(CkCase *c, Rng *r, int k)
{
	int n = ck_between(r, 4, 12);
	c->dim[0] = n;
	double *a, *b;
	CK_TRY(a = ck_tensor(c, r, "analytic", CK_IN, 1, n));
	CK_TRY(b = ck_tensor(c, r, "numeric", CK_IN, 1, n));
	CK_TRY(ck_tensor(c, r, "returned", CK_OUT, 1, 1));
	c->scalar[0] = 1e-8; /* atol */
	c->scalar[1] = 1e-6; /* rtol */
	for (int i = 0; i < n; i++)
		b[i] = a[i] * (1 + 1e-9 * rng_range(r, -1, 1));
	int j = rng_below(r, n);
	const char *what = "all agree", *what_zh = "全部一致";
	if (k == 0) {
		/* nothing planted */
	} else if (k == 1) {
		b[j] = a[j] * 1.001 + 1e-3;
		what = "one disagrees";
		what_zh = "有一个不一致";
	} else if (k == 2) {
		b[j] = NAN;
		what = "one numeric value is NaN";
		what_zh = "有一个数值梯度是 NaN";
	} else {
		/* tiny values: within atol although relatively far apart; then a real mismatch */
		for (int i = 0; i < n; i++) {
			a[i] *= 1e-10;
			b[i] = -a[i];
		}
		a[j] = 0.5;
		b[j] = 0.5 + 1e-4;
		what = "tiny values within atol, then one that disagrees";
		what_zh = "先是在 atol 以内的极小值，然后有一个不一致";
	}
	snprintf(c->note, sizeof c->note, "n=%d, atol=%g, rtol=%g: %s", n, c->scalar[0],
		 c->scalar[1], what);
	snprintf(c->note_zh, sizeof c->note_zh, "n=%d，atol=%g，rtol=%g：%s", n, c->scalar[0],
		 c->scalar[1], what_zh);
	return ST_OK;
}

static Status expect_mismatch(CkCase *c, double **want)
{
	const double *a = V("analytic"), *b = V("numeric");
	double atol = c->scalar[0], rtol = c->scalar[1];
	int first = -1;
	for (int i = 0; i < c->dim[0] && first < 0; i++)
		if (!(fabs(a[i] - b[i]) <= atol + rtol * fmax(fabs(a[i]), fabs(b[i]))))
			first = i;
	want[AT("returned") - c->t][0] = first;
	return ST_OK;
}

static const CkCheck gradcheck_checks[] = {
	{ "numeric_gradient", { "numeric_gradient" }, 1, 3, 1e-9, 1e-7, make_numeric, NULL,
	  expect_numeric, explain_numeric },
	{ "first_mismatch", { "first_mismatch" }, 1, 4, 0, 0, make_mismatch, NULL,
	  expect_mismatch, NULL },
};

const CkExercise ck_gradcheck = { "gradcheck", gradcheck_checks, 2 };

/* }==== */

/* {==== 07 clip ==== */

static const char *const clip_names[3] = { "dW_ih", "dW_hh", "db" };

/* Three gradients of random sizes. Case 0: far above max_norm, with elements both above and
 * below it (so clipping each element is visibly wrong); case 1: below max_norm, nothing
 * changes; case 2: just above it. */
static Status make_clip(CkCase *c, Rng *r, int k)
{
	int H = ck_between(r, 2, 5), I = ck_between(r, 1, 4);
	int rows[3] = { H, H, 1 }, cols[3] = { I, H, H };
	double sum = 0;
	for (int g = 0; g < 3; g++) {
		double *v;
		CK_TRY(v = ck_tensor(c, r, clip_names[g], CK_INOUT, rows[g], cols[g]));
		for (int i = 0; i < rows[g] * cols[g]; i++) {
			v[i] *= 2.0;
			sum += v[i] * v[i];
		}
	}
	CK_TRY(ck_tensor(c, r, "total_norm", CK_OUT, 1, 1));
	double total = sqrt(sum);
	c->scalar[0] = k == 0 ? 1.0 : k == 1 ? total * 1.5 : total * 0.9;
	snprintf(c->note, sizeof c->note, "H=%d I=%d, norm %.3g, max_norm %.3g", H, I, total,
		 c->scalar[0]);
	snprintf(c->note_zh, sizeof c->note_zh, "H=%d I=%d，范数 %.3g，max_norm %.3g", H, I,
		 total, c->scalar[0]);
	return ST_OK;
}

static Status expect_clip(CkCase *c, double **want)
{
	Mat m[3], *list[3];
	for (int g = 0; g < 3; g++) {
		CkTensor *t = AT(clip_names[g]);
		double *w = want[t - c->t];
		for (int i = 0; i < t->rows * t->cols; i++)
			w[i] = t->start[i];
		m[g] = (Mat){ t->rows, t->cols, w };
		list[g] = &m[g];
	}
	double total = 0;
	Status st = clip_grad_norm(list, 3, c->scalar[0], &total);
	want[AT("total_norm") - c->t][0] = total;
	return st;
}

static const CkCheck clip_checks[] = {
	{ "clip_grad_norm", { "clip_grad_norm" }, 1, 3, 1e-12, 1e-9, make_clip, NULL,
	  expect_clip, NULL },
};

const CkExercise ck_clip = { "clip", clip_checks, 1 };

/* }==== */
