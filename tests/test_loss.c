/* test_loss: core/ad's loss ops with PyTorch's options, ad_cross_entropy_ex and _weighted
 * (ignore_index, label_smoothing, class weights) and ad_bce_with_logits (pos_weight): values computed here the long way
 * (log of softmax, log of sigmoid), gradients against central finite differences on random
 * shapes and seeds, smoothing 0 bit for bit the plain cross_entropy, the inputs each must
 * refuse (every row ignored, a stray target, smoothing outside [0, 1], a target outside
 * [0, 1], shapes), and lesson 07's fact: at a confidently wrong sigmoid, MSE's gradient is
 * tiny while cross-entropy's is p - y. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "core/ad.h"
#include "core/rng.h"

#include <limits.h>

/* {==== Helpers ==== */

typedef struct Pass {
	Tape *t;
	Mat *x, *dx, *y, *dy, *w;
} Pass;

static void pass_new(Pass *p, int rows, int cols, uint64_t seed)
{
	Rng r;
	rng_seed(&r, seed);
	p->t = ad_tape_new();
	p->x = mat_new(rows, cols);
	p->dx = mat_new(rows, cols);
	p->y = mat_new(rows, cols);
	p->dy = mat_new(rows, cols);
	p->w = mat_new(1, cols);
	assert_true(p->t && p->x && p->dx && p->y && p->dy && p->w);
	mat_fill_normal(p->x, &r, 2.0);
	for (size_t i = 0; i < mat_size(p->y); i++)
		p->y->data[i] = rng_uniform(&r);
	for (int j = 0; j < cols; j++)
		p->w->data[j] = 0.25 + 2.0 * rng_uniform(&r);
}

static void pass_free(Pass *p)
{
	ad_tape_free(p->t);
	mat_free(p->x);
	mat_free(p->dx);
	mat_free(p->y);
	mat_free(p->dy);
	mat_free(p->w);
}

/* The cross-entropy the long way: mean over kept rows of sum_j -q_ij log p_ij with
 * q_ij = (1 - eps)[j = t_i] + eps / C and p_ij = exp(x_ij) / sum_k exp(x_ik). */
static double ce_by_hand_w(const Mat *x, const int *target, const Mat *w, int ignore, double eps)
{
	/* weighted: sum_i w[t_i] (-log p_i[t_i]) (1 - eps) + (eps / C) sum_i sum_j w_j (-log p_ij),
	 * over W = sum_i w[t_i] */
	double nll = 0, smooth = 0, W = 0;
	for (int i = 0; i < x->rows; i++) {
		if (target[i] == ignore)
			continue;
		double z = 0;
		for (int j = 0; j < x->cols; j++)
			z += exp(MAT_AT(x, i, j));
		for (int j = 0; j < x->cols; j++) {
			double lp = log(exp(MAT_AT(x, i, j)) / z);
			smooth -= w->data[j] * lp;
			if (j == target[i])
				nll -= w->data[j] * lp;
		}
		W += w->data[target[i]];
	}
	return (1 - eps) * nll / W + eps / x->cols * smooth / W;
}

static double ce_by_hand(const Mat *x, const int *target, int ignore, double eps)
{
	double s = 0;
	int n = 0;
	for (int i = 0; i < x->rows; i++) {
		if (target[i] == ignore)
			continue;
		double z = 0;
		for (int j = 0; j < x->cols; j++)
			z += exp(MAT_AT(x, i, j));
		for (int j = 0; j < x->cols; j++) {
			double q = (j == target[i] ? 1 - eps : 0) + eps / x->cols;
			s -= q * log(exp(MAT_AT(x, i, j)) / z);
		}
		n++;
	}
	return s / n;
}

static double sigmoid(double x) { return 1 / (1 + exp(-x)); }

/* }==== */

/* {==== cross_entropy with ignore_index and label_smoothing ==== */

static void test_ce_values_by_hand(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 5, 4, 11);
	const int target[] = { 2, -100, 0, 3, -100 };
	const double eps[] = { 0, 0.1, 0.5, 1 };
	for (size_t k = 0; k < sizeof eps / sizeof eps[0]; k++) {
		AdNode *L = ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), target, -100, eps[k]);
		assert_non_null(L);
		assert_close(ce_by_hand(p.x, target, -100, eps[k]), L->value.data[0], 1e-14, 1e-13);
	}
	/* another ignore_index: class 1 is the padding and -100 is no longer special */
	const int t2[] = { 1, 0, 1, 3, 2 };
	AdNode *L = ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), t2, 1, 0.2);
	assert_non_null(L);
	assert_close(ce_by_hand(p.x, t2, 1, 0.2), L->value.data[0], 1e-14, 1e-13);
	/* class weights, with and without smoothing */
	for (size_t k = 0; k < sizeof eps / sizeof eps[0]; k++) {
		L = ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), target, ad_const(p.t, p.w),
					      -100, eps[k]);
		assert_non_null(L);
		assert_close(ce_by_hand_w(p.x, target, p.w, -100, eps[k]), L->value.data[0], 1e-14, 1e-13);
	}
	pass_free(&p);
}

/* Weights of 1 are no weights (to rounding), and weights scaled by 3 give the same loss: the
 * mean divides by the kept rows' weights. */
static void test_ce_weights_normalise(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 4, 3, 16);
	const int target[] = { 0, 2, -100, 1 };
	for (int j = 0; j < 3; j++)
		p.w->data[j] = 1.0;
	AdNode *a = ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), target, -100, 0.3);
	AdNode *b = ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), target, ad_const(p.t, p.w), -100, 0.3);
	assert_close(a->value.data[0], b->value.data[0], 0, 1e-15);
	p.w->data[0] = 0.5;
	p.w->data[1] = 2.0;
	p.w->data[2] = 0.25;
	b = ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), target, ad_const(p.t, p.w), -100, 0.3);
	for (int j = 0; j < 3; j++)
		p.w->data[j] *= 3;
	AdNode *c = ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), target, ad_const(p.t, p.w), -100, 0.3);
	assert_close(b->value.data[0], c->value.data[0], 0, 1e-14);
	assert_false(fabs(a->value.data[0] - b->value.data[0]) < 1e-3); /* the weights do count */
	pass_free(&p);
}

/* Smoothing 0 with no ignored row is the plain cross_entropy, bit for bit, value and
 * gradient: the old op's numbers do not move. */
static void test_ce_plain_is_unchanged(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 6, 3, 12);
	const int target[] = { 2, 1, 0, 0, 1, 2 };
	Mat *dx2 = mat_new(6, 3);
	AdNode *a = ad_cross_entropy(p.t, ad_param(p.t, p.x, p.dx), target);
	assert_int_equal(ad_backward(p.t, a), ST_OK);
	ad_tape_reset(p.t);
	AdNode *b = ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, dx2), target, -100, 0.0);
	double va = a->value.data[0];
	assert_int_equal(ad_backward(p.t, b), ST_OK);
	assert_true(va == b->value.data[0]);
	assert_memory_equal(p.dx->data, dx2->data, mat_size(dx2) * sizeof(double));
	mat_free(dx2);
	pass_free(&p);
}

/* An ignored row gets no gradient, and the rest is the gradient of the loss of the kept
 * rows alone: (p - q) / n_kept, n_kept = 3 here, not 5. */
static void test_ce_ignored_rows(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 5, 4, 13);
	const int target[] = { 2, -100, 0, 3, -100 };
	const double eps = 0.3;
	AdNode *L = ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), target, -100, eps);
	assert_int_equal(ad_backward(p.t, L), ST_OK);
	for (int i = 0; i < 5; i++) {
		double z = 0;
		for (int j = 0; j < 4; j++)
			z += exp(MAT_AT(p.x, i, j));
		for (int j = 0; j < 4; j++) {
			double want = target[i] == -100 ? 0.0
				      : (exp(MAT_AT(p.x, i, j)) / z -
					 ((j == target[i] ? 1 - eps : 0) + eps / 4)) / 3;
			assert_close(want, MAT_AT(p.dx, i, j), 1e-15, 1e-12);
		}
	}
	pass_free(&p);
}

/* PyTorch's mean over no rows is 0/0 = NaN; gradlab refuses it as data. */
static void test_ce_all_ignored_is_refused(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 3, 4, 14);
	const int target[] = { -100, -100, -100 };
	assert_null(ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), target, -100, 0.1));
	assert_int_equal(ad_tape_status(p.t), ST_EINVAL);
	assert_string_equal(ad_tape_error(p.t),
			    "cross_entropy: every target is ignore_index -100, so the mean is over no rows");
	pass_free(&p);
}

static void test_ce_bad_inputs(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 2, 3, 15);
	/* a target that is neither a class nor the ignored value */
	assert_null(ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ -100, -1 }, -100, 0));
	assert_int_equal(ad_tape_status(p.t), ST_ERANGE);
	assert_string_equal(ad_tape_error(p.t),
			    "cross_entropy: target[1] = -1 is not a class index 0..2 nor ignore_index -100");
	/* without an ignore_index, -100 is just out of range, as it always was */
	ad_tape_reset(p.t);
	assert_null(ad_cross_entropy(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 0, -100 }));
	assert_string_equal(ad_tape_error(p.t), "cross_entropy: target[1] = -100 is not a class index 0..2");
	const double bad[] = { -0.01, 1.01, NAN, INFINITY };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		ad_tape_reset(p.t);
		assert_null(ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 0, 1 }, -100, bad[k]));
		assert_int_equal(ad_tape_status(p.t), ST_ERANGE);
		assert_non_null(strstr(ad_tape_error(p.t), "label_smoothing"));
	}
	/* the edges are allowed */
	ad_tape_reset(p.t);
	assert_non_null(ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 0, 1 }, -100, 0.0));
	assert_non_null(ad_cross_entropy_ex(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 0, 1 }, -100, 1.0));
	/* weights: one per class, and a positive sum over the kept rows' targets */
	ad_tape_reset(p.t);
	Mat *w2 = mat_new(1, 2);
	assert_null(ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 0, 1 }, ad_const(p.t, w2), -100, 0));
	assert_int_equal(ad_tape_status(p.t), ST_ESHAPE);
	assert_string_equal(ad_tape_error(p.t), "cross_entropy: weight must be 1x3 (one per class of the logits 2x3), got 1x2");
	ad_tape_reset(p.t);
	p.w->data[0] = 0;
	p.w->data[1] = 0;
	assert_null(ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 1, 0 }, ad_const(p.t, p.w), -100, 0));
	assert_int_equal(ad_tape_status(p.t), ST_EINVAL);
	assert_non_null(strstr(ad_tape_error(p.t), "weights of the kept rows' targets sum to 0"));
	ad_tape_reset(p.t); /* class 2 has weight, but its row is ignored */
	assert_null(ad_cross_entropy_weighted(p.t, ad_param(p.t, p.x, p.dx), (const int[]){ 2, 0 }, ad_const(p.t, p.w), 2, 0));
	mat_free(w2);
	pass_free(&p);
}

/* }==== */

/* {==== bce_with_logits ==== */

static void test_bce_values_by_hand(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 3, 4, 21);
	double s = 0, sw = 0;
	for (size_t i = 0; i < mat_size(p.x); i++) {
		double x = p.x->data[i], y = p.y->data[i], w = p.w->data[i % 4];
		s -= y * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x));
		sw -= w * y * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x));
	}
	AdNode *L = ad_bce_with_logits(p.t, ad_param(p.t, p.x, p.dx), ad_param(p.t, p.y, p.dy), NULL);
	assert_non_null(L);
	assert_close(s / 12, L->value.data[0], 1e-14, 1e-12);
	L = ad_bce_with_logits(p.t, ad_param(p.t, p.x, p.dx), ad_param(p.t, p.y, p.dy), ad_const(p.t, p.w));
	assert_non_null(L);
	assert_close(sw / 12, L->value.data[0], 1e-14, 1e-12);
	pass_free(&p);
}

/* The stable form: logits of +-800 (exp(800) overflows) give the loss 800 of a confident
 * wrong answer and 0 of a confident right one, and the gradient sigmoid(x) - y over N. */
static void test_bce_huge_logits(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *x = mat_new(1, 4), *dx = mat_new(1, 4), *y = mat_new(1, 4);
	const double xs[] = { 800, -800, 800, 0 }, ys[] = { 0, 1, 1, 0.25 };
	memcpy(x->data, xs, sizeof xs);
	memcpy(y->data, ys, sizeof ys);
	AdNode *L = ad_bce_with_logits(t, ad_param(t, x, dx), ad_const(t, y), NULL);
	assert_non_null(L);
	assert_close((800 + 800 + 0 + log(2.0)) / 4, L->value.data[0], 0, 1e-15);
	assert_int_equal(ad_backward(t, L), ST_OK);
	const double want[] = { 1.0 / 4, -1.0 / 4, 0, (0.5 - 0.25) / 4 };
	for (int j = 0; j < 4; j++)
		assert_close(want[j], dx->data[j], 1e-300, 1e-15);
	ad_tape_free(t);
	mat_free(x);
	mat_free(dx);
	mat_free(y);
}

static void test_bce_bad_inputs(void **state)
{
	(void)state;
	Pass p;
	pass_new(&p, 2, 3, 22);
	const double bad[] = { 1.5, -0.25, NAN };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		ad_tape_reset(p.t);
		double keep = p.y->data[4];
		p.y->data[4] = bad[k];
		assert_null(ad_bce_with_logits(p.t, ad_param(p.t, p.x, p.dx), ad_const(p.t, p.y), NULL));
		p.y->data[4] = keep;
		assert_int_equal(ad_tape_status(p.t), ST_ERANGE);
		assert_non_null(strstr(ad_tape_error(p.t), "target[1][1] = "));
		assert_non_null(strstr(ad_tape_error(p.t), "is outside [0, 1]"));
	}
	ad_tape_reset(p.t);
	Mat *y2 = mat_new(3, 2);
	assert_null(ad_bce_with_logits(p.t, ad_param(p.t, p.x, p.dx), ad_const(p.t, y2), NULL));
	assert_int_equal(ad_tape_status(p.t), ST_ESHAPE);
	assert_string_equal(ad_tape_error(p.t), "bce_with_logits: logits 2x3 and target 3x2 differ");
	ad_tape_reset(p.t);
	Mat *w2 = mat_new(1, 2);
	assert_null(ad_bce_with_logits(p.t, ad_param(p.t, p.x, p.dx), ad_const(p.t, p.y), ad_const(p.t, w2)));
	assert_int_equal(ad_tape_status(p.t), ST_ESHAPE);
	assert_non_null(strstr(ad_tape_error(p.t), "pos_weight must be 1x3"));
	mat_free(y2);
	mat_free(w2);
	pass_free(&p);
}

/* }==== */

/* {==== Against finite differences ==== */

typedef struct FdCase {
	int kind; /* 0 cross_entropy_ex, 1 bce, 2 bce with pos_weight, 3 weighted cross_entropy */
	double eps;
	int *target;
	Mat *w;
	GcTensor *ts; /* x, then y (bce) */
} FdCase;

static AdNode *fd_loss(Tape *t, void *ctx)
{
	const FdCase *c = ctx;
	GcTensor *ts = c->ts;
	AdNode *x = ad_param(t, ts[0].value, ts[0].grad);
	if (c->kind == 0)
		return ad_cross_entropy_ex(t, x, c->target, -100, c->eps);
	if (c->kind == 3)
		return ad_cross_entropy_weighted(t, x, c->target, ad_const(t, c->w), -100, c->eps);
	return ad_bce_with_logits(t, x, ad_param(t, ts[1].value, ts[1].grad),
				  c->kind == 2 ? ad_const(t, c->w) : NULL);
}

static void fd_run(int kind, double eps, int rows, int cols, uint64_t seed)
{
	Pass p;
	pass_new(&p, rows, cols, seed);
	/* soft targets away from 0 and 1, so a step never leaves [0, 1] */
	for (size_t i = 0; i < mat_size(p.y); i++)
		p.y->data[i] = 0.05 + 0.9 * p.y->data[i];
	int *target = malloc((size_t)rows * sizeof *target);
	Rng r;
	rng_seed(&r, seed + 100);
	for (int i = 0; i < rows; i++)
		target[i] = i % 3 == 1 ? -100 : rng_below(&r, cols);
	GcTensor ts[2] = { { "x", p.x, p.dx }, { "y", p.y, p.dy } };
	FdCase c = { kind, eps, target, p.w, ts };
	GcProblem prob = { ts, kind == 0 || kind == 3 ? 1 : 2, fd_loss, &c, 1 };
	GcOptions o = gradcheck_defaults();
	GcReport rep;
	assert_int_equal(gradcheck_run(&prob, &o, &rep), ST_OK);
	if (!rep.passed)
		fail_msg("kind %d eps %g %dx%d seed %llu: %s worst [%d,%d] numeric %.10g analytic %.10g",
			 kind, eps, rows, cols, (unsigned long long)seed, rep.tensors[0].name,
			 rep.tensors[0].worst_row, rep.tensors[0].worst_col,
			 rep.tensors[0].worst_numeric, rep.tensors[0].worst_analytic);
	/* an ignored row's gradient is exactly zero, not just small */
	if (kind == 0 || kind == 3)
		for (int i = 1; i < rows; i += 3)
			for (int j = 0; j < cols; j++)
				assert_true(MAT_AT(p.dx, i, j) == 0.0);
	gradcheck_report_free(&rep);
	free(target);
	pass_free(&p);
}

static void test_finite_differences(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		int rows = 1 + (int)(seed * 2), cols = 2 + (int)seed;
		fd_run(0, 0.0, rows, cols, seed);
		fd_run(0, 0.25, rows, cols, seed);
		fd_run(0, 1.0, rows, cols, seed);
		fd_run(3, 0.0, rows, cols, seed);
		fd_run(3, 0.4, rows, cols, seed);
		fd_run(1, 0, rows, cols, seed);
		fd_run(2, 0, rows, cols, seed);
	}
}

/* }==== */

/* {==== Lesson 07: the loss that does not vanish ==== */

/* At a confidently wrong sigmoid output (x = -6: p = 0.0025, y = 1), MSE's gradient with
 * respect to the logit is 2 (p - y) p (1 - p), which the sigmoid's slope p (1 - p) shrinks
 * to almost nothing, while cross-entropy's is p - y, nearly -1: their ratio is exactly
 * 2 p (1 - p), about 0.005. tests/cli_losses.sh shows the same with `gradlab grad`. */
static void test_confidently_wrong_sigmoid(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *x = mat_new(1, 1), *dmse = mat_new(1, 1), *dce = mat_new(1, 1), *y = mat_new(1, 1);
	x->data[0] = -6;
	y->data[0] = 1;
	AdNode *mse = ad_mse(t, ad_sigmoid(t, ad_param(t, x, dmse)), ad_const(t, y));
	assert_int_equal(ad_backward(t, mse), ST_OK);
	ad_tape_reset(t);
	AdNode *ce = ad_bce_with_logits(t, ad_param(t, x, dce), ad_const(t, y), NULL);
	assert_int_equal(ad_backward(t, ce), ST_OK);
	double p = sigmoid(-6);
	assert_close(p - 1, dce->data[0], 0, 1e-14);
	assert_close(2 * p * (1 - p), dmse->data[0] / dce->data[0], 0, 1e-12);
	assert_true(fabs(dmse->data[0]) < 0.01 * fabs(dce->data[0]));
	ad_tape_free(t);
	mat_free(x);
	mat_free(dmse);
	mat_free(dce);
	mat_free(y);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ce_values_by_hand),
		cmocka_unit_test(test_ce_plain_is_unchanged),
		cmocka_unit_test(test_ce_weights_normalise),
		cmocka_unit_test(test_ce_ignored_rows),
		cmocka_unit_test(test_ce_all_ignored_is_refused),
		cmocka_unit_test(test_ce_bad_inputs),
		cmocka_unit_test(test_bce_values_by_hand),
		cmocka_unit_test(test_bce_huge_logits),
		cmocka_unit_test(test_bce_bad_inputs),
		cmocka_unit_test(test_finite_differences),
		cmocka_unit_test(test_confidently_wrong_sigmoid),
	};
	return cmocka_run_group_tests_name("loss", tests, NULL, NULL);
}
