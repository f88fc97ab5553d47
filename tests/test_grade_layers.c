/* test_grade_layers: the right answers of exercises 11 dropout, 12 batchnorm, 13 layernorm and
 * 14 conv2d (src/grade/checks_layers.c), held to what does not depend on gradlab's layers:
 * every gradient the grader expects against central differences of a loss written here with
 * plain loops (not the grader's tape), every forward output against such a loop, on every
 * case of several seeds.
 * And the cases themselves: every size and argument varies, and the hard ranges the checks
 * promise (p = 0 and near 1, eval with dropped units, a constant line, values near 1e4, a
 * spread below eps, a stride above the kernel, more padding than the kernel) are there. */
#include "test_util.h"

#include "grade/checks.h"
#include "check_of.h"

#include <string.h>

#define SEEDS 3

#define V(c, name) (ck_find(c, name)->v)

/* {==== The losses, written here with plain loops: sum(dy .* f(inputs)) ==== */

static double dropout_loss(CkCase *c)
{
	const double *x = V(c, "x"), *mask = V(c, "mask"), *dy = V(c, "dy");
	double p = c->scalar[CK_SCALAR_P], L = 0;
	for (int i = 0; i < c->dim[CK_DIM_N]; i++)
		L += dy[i] * (c->dim[CK_DIM_TRAINING] ? x[i] * mask[i] / (1.0 - p) : x[i]);
	return L;
}

/* columns: batchnorm (statistics down each column), else layernorm (along each row); in long
 * double, so that a line near 1e4 with a spread of 0.1 loses nothing a difference sees */
static double norm_loss(CkCase *c, int columns)
{
	int N = c->dim[CK_DIM_N], C = c->dim[CK_DIM_NORM_C];
	const double *x = V(c, "x"), *g = V(c, "gamma"), *b = V(c, "beta"), *dy = V(c, "dy");
	long double eps = c->scalar[CK_SCALAR_NORM_EPS], L = 0;
	int lines = columns ? C : N, len = columns ? N : C;
	for (int j = 0; j < lines; j++) {
		long double mean = 0, var = 0;
		for (int i = 0; i < len; i++)
			mean += x[columns ? i * C + j : j * C + i];
		mean /= len;
		for (int i = 0; i < len; i++) {
			long double d = x[columns ? i * C + j : j * C + i] - mean;
			var += d * d;
		}
		var /= len;
		for (int i = 0; i < len; i++) {
			int at = columns ? i * C + j : j * C + i, col = columns ? j : i;
			L += dy[at] * (g[col] * (x[at] - mean) / sqrtl(var + eps) + b[col]);
		}
	}
	return (double)L;
}

static double batchnorm_loss(CkCase *c)
{
	return norm_loss(c, 1);
}

static double layernorm_loss(CkCase *c)
{
	return norm_loss(c, 0);
}

static double conv_at(const double *a, int i0, int i1, int i2, int i3, int d1, int d2, int d3)
{
	return a[(((size_t)i0 * d1 + i1) * d2 + i2) * d3 + i3];
}

/* y (N, Cout, Ho, Wo) of conv2d with zero padding, as the exercise states it */
static void conv_loop(const CkCase *c, const double *x, const double *w, const double *b,
		      double *y)
{
	const int *d = c->dim;
	int N = d[CK_DIM_N], Cin = d[CK_DIM_CIN], H = d[CK_DIM_HIN], W = d[CK_DIM_WIN];
	int Cout = d[CK_DIM_COUT], kH = d[CK_DIM_KH], kW = d[CK_DIM_KW];
	int sh = d[CK_DIM_STRIDE_H], sw = d[CK_DIM_STRIDE_W], ph = d[CK_DIM_PAD_H], pw = d[CK_DIM_PAD_W];
	int Ho = (H + 2 * ph - kH) / sh + 1, Wo = (W + 2 * pw - kW) / sw + 1;
	for (int n = 0; n < N; n++)
		for (int co = 0; co < Cout; co++)
			for (int oh = 0; oh < Ho; oh++)
				for (int ow = 0; ow < Wo; ow++) {
					double s = b[co];
					for (int ci = 0; ci < Cin; ci++)
						for (int kh = 0; kh < kH; kh++)
							for (int kw = 0; kw < kW; kw++) {
								int ih = oh * sh - ph + kh, iw = ow * sw - pw + kw;
								if (ih >= 0 && ih < H && iw >= 0 && iw < W)
									s += conv_at(w, co, ci, kh, kw, Cin, kH, kW) *
									     conv_at(x, n, ci, ih, iw, Cin, H, W);
							}
					y[(((size_t)n * Cout + co) * Ho + oh) * Wo + ow] = s;
				}
}

static double conv_loss(CkCase *c)
{
	const CkTensor *dy = ck_find(c, "dy");
	size_t n = (size_t)dy->rows * (size_t)dy->cols;
	double *y = malloc(n * sizeof *y), L = 0;
	assert_non_null(y);
	conv_loop(c, V(c, "x"), V(c, "weight"), V(c, "bias"), y);
	for (size_t i = 0; i < n; i++)
		L += dy->v[i] * y[i];
	free(y);
	return L;
}

/* }==== */

/* Every CK_GRAD answer of every case against the central difference of the loss above, in
 * the input the gradient belongs to ("dgamma": "gamma"). */
static void gradients_match_differences(const char *exercise, const char *name,
					double (*loss)(CkCase *c))
{
	const CkCheck *check = check_of(exercise, name);
	int compared = 0;
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c;
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			for (int g = 0; g < c.n; g++) {
				if (c.t[g].role != CK_GRAD)
					continue;
				CkTensor *in = ck_find(&c, c.t[g].name + 1);
				assert_non_null(in);
				size_t n = (size_t)c.t[g].rows * (size_t)c.t[g].cols;
				for (size_t i = 0; i < n; i++) {
					/* a step of its own size, not of x's (a line near 1e4
					 * spreads over 0.1 only), divided by the step taken */
					double old = in->v[i], h = 1e-6, xu = old + h, xd = old - h;
					in->v[i] = xu;
					double up = loss(&c);
					in->v[i] = xd;
					double down = loss(&c);
					in->v[i] = old;
					double fd = (up - down) / (xu - xd);
					if (!close_enough(fd, want[g][i], 1e-6, 1e-5))
						fail_msg("%s seed %llu case %d: %s[%zu] is %.12g, finite "
							 "differences give %.12g (%s)",
							 name, (unsigned long long)seed, k, c.t[g].name, i,
							 want[g][i], fd, c.note[LANG_EN]);
					compared++;
				}
			}
			checks_want_free(want);
			checks_case_free(&c);
		}
	assert_true(compared > 100);
}

static void test_dropout_backward_differences(void **state)
{
	(void)state;
	gradients_match_differences("dropout", "dropout_backward", dropout_loss);
}

static void test_batchnorm_differences(void **state)
{
	(void)state;
	gradients_match_differences("batchnorm", "batchnorm_backward", batchnorm_loss);
}

static void test_layernorm_differences(void **state)
{
	(void)state;
	gradients_match_differences("layernorm", "layernorm_backward", layernorm_loss);
}

static void test_conv2d_backward_differences(void **state)
{
	(void)state;
	gradients_match_differences("conv2d", "conv2d_backward", conv_loss);
}


/* The forward outputs against loops of this file; and the dropout cases' promises. */
static void test_dropout_forward_loop(void **state)
{
	(void)state;
	const CkCheck *check = check_of("dropout", "dropout_forward");
	int p_zero = 0, p_high = 0, eval_dropped = 0, single = 0;
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c;
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			int n = c.dim[CK_DIM_N], training = c.dim[CK_DIM_TRAINING];
			double p = c.scalar[CK_SCALAR_P];
			const double *x = V(&c, "x"), *mask = V(&c, "mask");
			int kept = 0, dropped = 0;
			for (int i = 0; i < n; i++) {
				assert_true(mask[i] == 0.0 || mask[i] == 1.0);
				kept += mask[i] == 1.0;
				dropped += mask[i] == 0.0;
				double y = training ? x[i] * mask[i] / (1.0 - p) : x[i];
				assert_close(y, want[2][i], 1e-15, 1e-14);
			}
			/* with p > 0 the mask and the scale are both seen */
			if (p > 0 && n > 1)
				assert_true(kept > 0 && dropped > 0);
			assert_true(p >= 0 && p < 1);
			p_zero += p == 0.0 && training;
			p_high += p > 0.8 && training;
			eval_dropped += !training && dropped > 0;
			single += n == 1;
			checks_want_free(want);
			checks_case_free(&c);
		}
	assert_true(p_zero && p_high && eval_dropped && single);
}

static void test_conv2d_forward_loop(void **state)
{
	(void)state;
	const CkCheck *check = check_of("conv2d", "conv2d_forward");
	int stride_over_kernel = 0, pad_over_kernel = 0, axes_differ = 0, one_by_one = 0;
	int seen[CK_DIM_PAD_W + 1][8] = { { 0 } };
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c;
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			const int *d = c.dim;
			int N = d[CK_DIM_N], H = d[CK_DIM_HIN], W = d[CK_DIM_WIN];
			int Cout = d[CK_DIM_COUT], kH = d[CK_DIM_KH], kW = d[CK_DIM_KW];
			int sh = d[CK_DIM_STRIDE_H], sw = d[CK_DIM_STRIDE_W];
			int ph = d[CK_DIM_PAD_H], pw = d[CK_DIM_PAD_W];
			int Ho = (H + 2 * ph - kH) / sh + 1, Wo = (W + 2 * pw - kW) / sw + 1;
			const double *x = V(&c, "x"), *w = V(&c, "weight"), *b = V(&c, "bias");
			int y = 0;
			while (strcmp(c.t[y].name, "y") != 0)
				y++;
			assert_int_equal(c.t[y].rows * c.t[y].cols, N * Cout * Ho * Wo);
			double *mine = malloc((size_t)N * Cout * Ho * Wo * sizeof *mine);
			assert_non_null(mine);
			conv_loop(&c, x, w, b, mine);
			for (int i = 0; i < N * Cout * Ho * Wo; i++)
				assert_close(mine[i], want[y][i], 1e-13, 1e-12);
			free(mine);
			stride_over_kernel += sh > kH || sw > kW;
			pad_over_kernel += ph >= kH || pw >= kW;
			axes_differ += sh != sw && ph != pw;
			one_by_one += kH == 1 && kW == 1;
			for (int i = 0; i <= CK_DIM_PAD_W; i++)
				if (d[i] >= 0 && d[i] < 8)
					seen[i][d[i]] = 1;
			checks_want_free(want);
			checks_case_free(&c);
		}
	assert_true(stride_over_kernel && pad_over_kernel && axes_differ && one_by_one);
	/* every size and argument takes two values at least */
	for (int i = 0; i <= CK_DIM_PAD_W; i++) {
		int values = 0;
		for (int v = 0; v < 8; v++)
			values += seen[i][v];
		if (values < 2)
			fail_msg("conv2d: size %d takes one value in every case", i);
	}
}

/* A normalisation's cases reach its hard ranges: a constant line, a line near +-1e4, a spread
 * far below eps, the fewest values per line; eps itself varies. */
static void norm_ranges(const char *exercise, const char *name, int columns)
{
	const CkCheck *check = check_of(exercise, name);
	int constant = 0, offset = 0, tiny = 0, fewest = 0, eps_other = 0, one_value = 0;
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c;
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			int N = c.dim[CK_DIM_N], C = c.dim[CK_DIM_NORM_C];
			int lines = columns ? C : N, len = columns ? N : C;
			const double *x = V(&c, "x");
			for (int j = 0; j < lines; j++) {
				double lo = 1e300, hi = -1e300;
				for (int i = 0; i < len; i++) {
					double v = columns ? x[i * C + j] : x[j * C + i];
					lo = v < lo ? v : lo;
					hi = v > hi ? v : hi;
				}
				constant += len > 1 && lo == hi;
				offset += fabs(lo) > 8000;
				tiny += len > 1 && hi > lo && hi - lo < 3e-3;
			}
			fewest += len <= 2;
			one_value += len == 1;
			eps_other += c.scalar[CK_SCALAR_NORM_EPS] != 1e-5;
			checks_case_free(&c);
		}
	assert_true(constant && offset && tiny && fewest && eps_other);
	if (!columns)
		assert_true(one_value); /* D = 1: batchnorm in training needs N >= 2, as PyTorch */
}

static void test_norm_ranges(void **state)
{
	(void)state;
	norm_ranges("batchnorm", "batchnorm_backward", 1);
	norm_ranges("layernorm", "layernorm_backward", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dropout_backward_differences),
		cmocka_unit_test(test_batchnorm_differences),
		cmocka_unit_test(test_layernorm_differences),
		cmocka_unit_test(test_conv2d_backward_differences),
		cmocka_unit_test(test_dropout_forward_loop),
		cmocka_unit_test(test_conv2d_forward_loop),
		cmocka_unit_test(test_norm_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
