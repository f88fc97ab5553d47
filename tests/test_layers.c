/* test_layers: core/ad_layers' fused ops and the nn layers on them (nn/norm, dropout,
 * embedding, linear without a bias). Values worked by hand; every gradient against central
 * finite differences (check/gradcheck) on random shapes, in training and eval, with and
 * without the affine parameters; the running statistics as PyTorch moves them; and the
 * broken inputs each op must refuse. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "core/mem.h"
#include "core/rng.h"
#include "nn/dropout.h"
#include "nn/embedding.h"
#include "nn/linear.h"
#include "nn/norm.h"

/* {==== Finite differences over any op ==== */

enum { MAX_T = 4 };

/* L = sum(op(tensors...) .* R): which op is `kind`; the tensors are its inputs in order. */
typedef struct Problem {
	const char *kind;
	GcTensor t[MAX_T];
	int n;
	Mat *R, *rmean, *rvar, *mask;
	int C, S, with_w, with_b, training;
	int index[16], n_index;
	double p;
} Problem;

static AdNode *problem_loss(Tape *t, void *ctx)
{
	Problem *p = ctx;
	AdNode *in[MAX_T];
	for (int k = 0; k < p->n; k++)
		in[k] = ad_param(t, p->t[k].value, p->t[k].grad);
	AdNode *w = p->with_w ? in[1] : NULL, *b = p->with_b ? in[1 + p->with_w] : NULL, *y;
	if (strcmp(p->kind, "layer_norm") == 0)
		y = ad_layer_norm(t, in[0], w, b, 1e-5);
	else if (strcmp(p->kind, "batch_norm") == 0)
		y = ad_batch_norm(t, in[0], w, b, p->training ? NULL : ad_const(t, p->rmean),
				  p->training ? NULL : ad_const(t, p->rvar), p->C, p->S, 1e-5);
	else if (strcmp(p->kind, "dropout") == 0)
		y = dropout_apply(t, in[0], p->mask, p->p);
	else
		y = ad_embedding(t, in[0], p->index, p->n_index);
	return ad_sum(t, ad_mul(t, y, ad_const(t, p->R)));
}

static Mat *randn(Rng *r, int rows, int cols, double std)
{
	Mat *m = mat_new(rows, cols);
	assert_non_null(m);
	mat_fill_normal(m, r, std);
	return m;
}

static void add(Problem *p, Rng *r, const char *name, int rows, int cols)
{
	p->t[p->n++] = (GcTensor){ name, randn(r, rows, cols, 1.5), mat_new(rows, cols) };
}

static void expect_gradcheck(Problem *p, int out_rows, int out_cols, Rng *r, const char *label)
{
	p->R = randn(r, out_rows, out_cols, 1.0);
	GcProblem gp = { p->t, p->n, problem_loss, p, 1 };
	GcOptions o = gradcheck_defaults();
	o.rtol = 1e-6;
	GcReport rep;
	assert_int_equal(gradcheck_run(&gp, &o, &rep), ST_OK);
	if (!rep.passed)
		for (int k = 0; k < rep.n_tensors; k++)
			if (rep.tensors[k].failed)
				fail_msg("%s: %s[%d,%d] numeric %.12g analytic %.12g", label, rep.tensors[k].name,
					 rep.tensors[k].worst_row, rep.tensors[k].worst_col,
					 rep.tensors[k].worst_numeric, rep.tensors[k].worst_analytic);
	assert_true(rep.passed);
	gradcheck_report_free(&rep);
	for (int k = 0; k < p->n; k++) {
		mat_free(p->t[k].value);
		mat_free(p->t[k].grad);
	}
	mat_free(p->R);
	mat_free(p->rmean);
	mat_free(p->rvar);
	mat_free(p->mask);
}

static void test_norms_against_differences(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 41);
	for (int shape = 0; shape < 3; shape++)
		for (int affine = 0; affine < 4; affine++) {
			int N = 1 + rng_below(&r, 4), D = 2 + rng_below(&r, 5);
			Problem p = { .kind = "layer_norm", .with_w = affine & 1, .with_b = affine >> 1 };
			add(&p, &r, "x", N, D);
			if (p.with_w)
				add(&p, &r, "weight", 1, D);
			if (p.with_b)
				add(&p, &r, "bias", 1, D);
			expect_gradcheck(&p, N, D, &r, "layer_norm");
		}
	for (int training = 0; training < 2; training++)
		for (int affine = 0; affine < 4; affine++) {
			int N = 2 + rng_below(&r, 3), C = 1 + rng_below(&r, 3), S = 1 + rng_below(&r, 4);
			Problem p = { .kind = "batch_norm", .with_w = affine & 1, .with_b = affine >> 1,
				      .C = C, .S = S, .training = training };
			add(&p, &r, "x", N * C, S); /* N x C x S as (N*C, S) */
			if (p.with_w)
				add(&p, &r, "weight", 1, C);
			if (p.with_b)
				add(&p, &r, "bias", 1, C);
			p.rmean = randn(&r, 1, C, 1.0);
			p.rvar = mat_new(1, C);
			mat_fill_uniform(p.rvar, &r, 0.5, 2.0);
			expect_gradcheck(&p, N * C, S, &r, training ? "batch_norm training" : "batch_norm eval");
		}
}

static void test_dropout_embedding_against_differences(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 43);
	for (int k = 0; k < 3; k++) {
		Problem p = { .kind = "dropout", .p = 0.25 * k };
		add(&p, &r, "x", 3, 4);
		p.mask = mat_new(3, 4);
		for (int i = 0; i < 12; i++)
			p.mask->data[i] = rng_uniform(&r) >= p.p;
		expect_gradcheck(&p, 3, 4, &r, "dropout");
	}
	Problem p = { .kind = "embedding", .n_index = 9 };
	add(&p, &r, "weight", 4, 3);
	for (int i = 0; i < p.n_index; i++)
		p.index[i] = rng_below(&r, 4);
	expect_gradcheck(&p, 9, 3, &r, "embedding");
}

/* }==== */

/* {==== Values by hand ==== */

/* One row (1, 2, 3): mean 2, biased variance 2/3, so with eps 0 xhat = (-1, 0, 1) *
 * sqrt(3/2); weight (1, 2, 3) and bias (0, 1, 0) scale and shift it. */
static void test_layer_norm_by_hand(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat x = { 1, 3, (double[]){ 1, 2, 3 } }, w = { 1, 3, (double[]){ 1, 2, 3 } },
	    b = { 1, 3, (double[]){ 0, 1, 0 } };
	AdNode *y = ad_layer_norm(t, ad_const(t, &x), ad_const(t, &w), ad_const(t, &b), 0.0);
	assert_non_null(y);
	double s = sqrt(1.5);
	assert_close(-s, y->value.data[0], 1e-15, 1e-15);
	assert_close(1.0, y->value.data[1], 1e-15, 1e-15);
	assert_close(3 * s, y->value.data[2], 1e-15, 1e-15);
	/* A constant row has var 0: eps keeps it finite, and every xhat is 0. */
	Mat c = { 2, 2, (double[]){ 5, 5, 1, 3 } };
	y = ad_layer_norm(t, ad_const(t, &c), NULL, NULL, 1e-5);
	assert_true(y->value.data[0] == 0 && y->value.data[1] == 0);
	assert_close(-1 / sqrt(1 + 1e-5), y->value.data[2], 0, 1e-15);
	ad_tape_free(t);
}

/* LayerNorm starts as PyTorch's: weight 1 and bias 0, so its output is xhat; its parameters
 * are listed for an optimizer. */
static void test_layer_norm_layer(void **state)
{
	(void)state;
	LayerNorm *l = layer_norm_new(2, 0.0);
	Tape *t = ad_tape_new();
	Mat x = { 1, 2, (double[]){ 1, 3 } };
	AdNode *y = layer_norm_forward(t, l, ad_const(t, &x));
	assert_true(y->value.data[0] == -1 && y->value.data[1] == 1);
	Mat dy = { 1, 2, (double[]){ 2, 5 } };
	assert_int_equal(ad_backward_vjp(t, y, &dy), ST_OK);
	Mat *v[2], *g[2];
	assert_int_equal(layer_norm_params(l, v, g), 2);
	assert_true(v[0] == l->weight && g[1] == l->dbias);
	assert_true(l->dweight->data[0] == -2 && l->dweight->data[1] == 5);
	assert_true(l->dbias->data[0] == 2 && l->dbias->data[1] == 5);
	assert_null(layer_norm_new(0, 1e-5));
	layer_norm_free(l);
	layer_norm_free(NULL);
	ad_tape_free(t);
}

/* x = ((1), (3)): one channel, mean 2, biased variance 1 (normalises), unbiased 2 (is
 * kept): running_mean = 0.9 * 0 + 0.1 * 2, running_var = 0.9 * 1 + 0.1 * 2. Eval then
 * normalises by those and moves nothing. */
static void test_batch_norm_running_statistics(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	BatchNorm *bn = batch_norm_new(1, 1e-5, 0.1);
	assert_non_null(bn);
	Mat x = { 2, 1, (double[]){ 1, 3 } };
	AdNode *y = batch_norm_forward(t, bn, ad_const(t, &x), 1, 1);
	assert_non_null(y);
	assert_close(-1 / sqrt(1 + 1e-5), y->value.data[0], 0, 1e-15);
	assert_close(1 / sqrt(1 + 1e-5), y->value.data[1], 0, 1e-15);
	assert_close(0.2, bn->running_mean->data[0], 0, 1e-15);
	assert_close(1.1, bn->running_var->data[0], 0, 1e-15);
	assert_int_equal(bn->batches_tracked, 1);
	/* The parameters an optimizer steps, with the gradients backward adds into. */
	Mat *v[2], *g[2];
	assert_int_equal(batch_norm_params(bn, v, g), 2);
	assert_true(v[0] == bn->weight && v[1] == bn->bias && g[0] == bn->dweight && g[1] == bn->dbias);
	Mat dy = { 2, 1, (double[]){ 1, 0 } };
	AdNode *y2 = batch_norm_forward(t, bn, ad_const(t, &x), 1, 1);
	assert_int_equal(ad_backward_vjp(t, y2, &dy), ST_OK);
	assert_close(y2->value.data[0], bn->dweight->data[0], 0, 1e-15); /* dw = dy . xhat */
	assert_true(bn->dbias->data[0] == 1);
	mat_copy(bn->running_mean, &(Mat){ 1, 1, (double[]){ 0.2 } });
	mat_copy(bn->running_var, &(Mat){ 1, 1, (double[]){ 1.1 } });
	bn->batches_tracked = 1;
	y = batch_norm_forward(t, bn, ad_const(t, &x), 1, 0);
	assert_close((1 - 0.2) / sqrt(1.1 + 1e-5), y->value.data[0], 0, 1e-15);
	assert_close(0.2, bn->running_mean->data[0], 0, 0);
	assert_close(1.1, bn->running_var->data[0], 0, 0);
	assert_int_equal(bn->batches_tracked, 1);
	/* Two channels of N x C x S = 1 x 2 x 2: channel 0 is (0, 2), channel 1 (4, 8). */
	BatchNorm *b2 = batch_norm_new(2, 0.0, 1.0);
	Mat img = { 2, 2, (double[]){ 0, 2, 4, 8 } };
	y = batch_norm_forward(t, b2, ad_const(t, &img), 2, 1);
	assert_true(y->value.data[0] == -1 && y->value.data[1] == 1);
	assert_true(y->value.data[2] == -1 && y->value.data[3] == 1);
	assert_true(b2->running_mean->data[0] == 1 && b2->running_mean->data[1] == 6);
	assert_true(b2->running_var->data[0] == 2 && b2->running_var->data[1] == 8);
	batch_norm_free(b2);
	batch_norm_free(bn);
	ad_tape_free(t);
}

/* Rows 1, 1 and 0 of a 3 x 2 table: row 1 gathers two gradients, row 2 none. */
static void test_embedding_gathers_repeats(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 1);
	Tape *t = ad_tape_new();
	Embedding *e = embedding_new(3, 2, &r);
	int idx[] = { 1, 1, 0 };
	AdNode *y = embedding_forward(t, e, idx, 3);
	assert_non_null(y);
	assert_true(y->value.data[0] == e->weight->data[2] && y->value.data[5] == e->weight->data[1]);
	Mat dy = { 3, 2, (double[]){ 1, 2, 10, 20, 100, 200 } };
	assert_int_equal(ad_backward_vjp(t, y, &dy), ST_OK);
	double want[] = { 100, 200, 11, 22, 0, 0 };
	for (int i = 0; i < 6; i++)
		assert_true(e->dweight->data[i] == want[i]);
	embedding_free(e);
	ad_tape_free(t);
}

/* A seeded layer draws the same masks; about 1 - p of the units are kept, scaled by
 * 1/(1 - p); eval is x itself. */
static void test_dropout_layer(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Dropout *a = dropout_new(0.25, 7), *b = dropout_new(0.25, 7);
	Mat ones = { 40, 50, mem_calloc(2000, sizeof(double)) };
	for (int i = 0; i < 2000; i++)
		ones.data[i] = 1;
	AdNode *x = ad_const(t, &ones);
	AdNode *ya = dropout_forward(t, a, x, 1), *yb = dropout_forward(t, b, x, 1);
	int kept = 0;
	for (int i = 0; i < 2000; i++) {
		assert_true(ya->value.data[i] == yb->value.data[i]);
		assert_true(ya->value.data[i] == 0 || ya->value.data[i] == 1 / 0.75);
		kept += ya->value.data[i] != 0;
	}
	/* Binomial(2000, 0.75): mean 1500, sd 19; 8 sd either side. */
	assert_true(kept > 1350 && kept < 1650);
	assert_ptr_equal(dropout_forward(t, a, x, 0), x);
	assert_null(dropout_new(1.0, 1));
	assert_null(dropout_new(-0.1, 1));
	dropout_free(a);
	dropout_free(b);
	dropout_free(NULL);
	mem_free(ones.data);
	ad_tape_free(t);
}

static void test_linear_without_bias(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 2);
	Linear *l = linear_new(2, 1, &r);
	mat_free(l->bias);
	l->bias = NULL;
	l->weight->data[0] = 2;
	l->weight->data[1] = -1;
	Tape *t = ad_tape_new();
	Mat x = { 1, 2, (double[]){ 3, 4 } };
	AdNode *y = linear_forward(t, l, ad_const(t, &x));
	assert_true(y && y->value.data[0] == 2);
	linear_free(l);
	ad_tape_free(t);
}

/* }==== */

/* {==== Broken inputs ==== */

static void expect_fail(Tape *t, Status code, const char *message)
{
	if (ad_tape_status(t) != code || strcmp(ad_tape_error(t), message) != 0)
		fail_msg("expected %d '%s', got %d '%s'", code, message, ad_tape_status(t), ad_tape_error(t));
	ad_tape_reset(t);
}

static void test_broken_inputs_refused(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat x = { 2, 3, (double[]){ 1, 2, 3, 4, 5, 6 } }, w2 = { 1, 2, (double[]){ 1, 1 } },
	    one = { 1, 1, (double[]){ 1 } };
	assert_null(ad_layer_norm(t, ad_const(t, &x), ad_const(t, &w2), NULL, 1e-5));
	expect_fail(t, ST_ESHAPE, "layer_norm: weight must be 1x3, got 1x2");
	assert_null(ad_layer_norm(t, ad_const(t, &x), NULL, NULL, -1));
	expect_fail(t, ST_ERANGE, "layer_norm: eps must be at least 0, got -1");
	assert_null(ad_batch_norm(t, ad_const(t, &x), NULL, NULL, NULL, NULL, 4, 1, 1e-5));
	expect_fail(t, ST_ESHAPE, "batch_norm: 2x3 does not hold N x 4 channels x 1");
	assert_null(ad_batch_norm(t, ad_const(t, &one), NULL, NULL, NULL, NULL, 1, 1, 1e-5));
	expect_fail(t, ST_EINVAL, "batch_norm: training needs more than 1 value per channel, got 1");
	assert_null(ad_batch_norm(t, ad_const(t, &x), NULL, ad_const(t, &w2), NULL, NULL, 3, 1, 1e-5));
	expect_fail(t, ST_ESHAPE, "batch_norm: bias must be 1x3, got 1x2");
	assert_null(ad_batch_norm(t, ad_const(t, &x), NULL, NULL, ad_const(t, &w2), ad_const(t, &w2), 3, 1, 1e-5));
	expect_fail(t, ST_ESHAPE, "batch_norm: running mean must hold 3 values, got 1x2");
	assert_null(dropout_apply(t, ad_const(t, &x), &w2, 0.5));
	expect_fail(t, ST_ESHAPE, "dropout: mask 1x2 does not match x 2x3");
	assert_null(dropout_apply(t, ad_const(t, &x), &x, 1.0));
	expect_fail(t, ST_ERANGE, "dropout: p must be in [0, 1), got 1");
	int idx[] = { 0, 2 };
	assert_null(ad_embedding(t, ad_const(t, &w2), idx, 2));
	expect_fail(t, ST_ERANGE, "embedding: index 2 (position 1) is outside 0..0");
	ad_tape_free(t);
}

/* Every allocation of the layers can fail, and each failure is a NULL, never a crash. */
static void test_out_of_memory(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 3);
	for (long n = 0;; n++) {
		mem_fail_after(n);
		LayerNorm *ln = layer_norm_new(3, 1e-5);
		BatchNorm *bn = batch_norm_new(3, 1e-5, 0.1);
		Embedding *e = embedding_new(3, 2, &r);
		Dropout *d = dropout_new(0.5, 1);
		mem_fail_after(-1);
		int ok = ln && bn && e && d;
		layer_norm_free(ln);
		batch_norm_free(bn);
		embedding_free(e);
		dropout_free(d);
		if (ok)
			break;
	}
	/* The house rule (test_free_null): every *_free accepts NULL. */
	layer_norm_free(NULL);
	batch_norm_free(NULL);
	embedding_free(NULL);
	dropout_free(NULL);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norms_against_differences),
		cmocka_unit_test(test_dropout_embedding_against_differences),
		cmocka_unit_test(test_layer_norm_by_hand),
		cmocka_unit_test(test_layer_norm_layer),
		cmocka_unit_test(test_batch_norm_running_statistics),
		cmocka_unit_test(test_embedding_gathers_repeats),
		cmocka_unit_test(test_dropout_layer),
		cmocka_unit_test(test_linear_without_bias),
		cmocka_unit_test(test_broken_inputs_refused),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
