/* test_attention: every score function against finite differences, with and without a
 * padding mask; exact values in small cases (equal scores give uniform weights, a masked key
 * gets exactly zero weight and its value row exactly zero gradient); shape errors in words;
 * gradients that accumulate until zeroed; every out-of-memory path of attention_new. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "core/mem.h"
#include "nn/attention.h"

#include <stdlib.h>
#include <string.h>

/* {==== Gradient checks ==== */

enum { TQ = 3, TK = 5, D = 4, DV = 3, A = 6 };

typedef struct Fixture {
	Attention *attn;
	Mat *q, *k, *v, *dq, *dk, *dv;
	Mat *R, *Rw;           /* upstream gradients of context and of the weights */
	const int *keep;
	GcTensor tensors[7];
	int n_tensors;
} Fixture;

static Mat *normal(int rows, int cols, Rng *rng)
{
	Mat *m = mat_new(rows, cols);
	mat_fill_normal(m, rng, 1.0);
	return m;
}

static Fixture *fixture_new(AttnScore score, const int *keep, uint64_t seed)
{
	Fixture *f = calloc(1, sizeof *f);
	Rng rng;
	rng_seed(&rng, seed);
	f->attn = attention_new(score, D, A, &rng);
	assert_non_null(f->attn);
	f->q = normal(TQ, D, &rng);
	f->k = normal(TK, D, &rng);
	f->v = normal(TK, DV, &rng);
	f->R = normal(TQ, DV, &rng);
	f->Rw = normal(TQ, TK, &rng);
	f->dq = mat_new(TQ, D);
	f->dk = mat_new(TK, D);
	f->dv = mat_new(TK, DV);
	f->keep = keep;
	f->tensors[0] = (GcTensor){ "query", f->q, f->dq };
	f->tensors[1] = (GcTensor){ "keys", f->k, f->dk };
	f->tensors[2] = (GcTensor){ "values", f->v, f->dv };
	const char *names[ATTN_MAX_PARAMS];
	Mat *values[ATTN_MAX_PARAMS], *grads[ATTN_MAX_PARAMS];
	int n = attention_params(f->attn, names, values, grads);
	for (int i = 0; i < n; i++)
		f->tensors[3 + i] = (GcTensor){ names[i], values[i], grads[i] };
	f->n_tensors = 3 + n;
	return f;
}

static void fixture_free(Fixture *f)
{
	attention_free(f->attn);
	Mat *all[] = { f->q, f->k, f->v, f->dq, f->dk, f->dv, f->R, f->Rw };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		mat_free(all[i]);
	free(f);
}

/* L = sum(context .* R) + sum(weights .* Rw): both outputs reach the loss. */
static AdNode *attention_loss(Tape *t, void *ctx)
{
	Fixture *f = ctx;
	AdNode *w;
	AdNode *c = attention_forward(t, f->attn, ad_param(t, f->q, f->dq), ad_param(t, f->k, f->dk),
				      ad_param(t, f->v, f->dv), f->keep, &w);
	return ad_add(t, ad_sum(t, ad_mul(t, c, ad_const(t, f->R))),
		      ad_sum(t, ad_mul(t, w, ad_const(t, f->Rw))));
}

static void check_score(AttnScore score, const int *keep)
{
	for (uint64_t seed = 1; seed <= 3; seed++) {
		Fixture *f = fixture_new(score, keep, seed);
		GcProblem p = { f->tensors, f->n_tensors, attention_loss, f, 0 };
		GcOptions o = gradcheck_defaults();
		GcReport r;
		assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
		for (int k = 0; k < r.n_tensors; k++)
			if (r.tensors[k].failed || r.tensors[k].nonfinite.kind)
				fail_msg("%s score, seed %d: %s: %d of %d disagree, worst [%d,%d] numeric %.10g analytic %.10g %s",
					 attention_score_name(score), (int)seed, r.tensors[k].name,
					 r.tensors[k].failed, r.tensors[k].checked, r.tensors[k].worst_row,
					 r.tensors[k].worst_col, r.tensors[k].worst_numeric,
					 r.tensors[k].worst_analytic,
					 r.tensors[k].nonfinite.kind ? "(a non-finite value)" : "");
		assert_true(r.passed);
		int expect = score == ATTN_GENERAL ? 4 : score == ATTN_ADDITIVE ? 6 : 3;
		assert_int_equal(r.n_tensors, expect);
		gradcheck_report_free(&r);
		fixture_free(f);
	}
}

static const int some_masked[TK] = { 1, 0, 1, 1, 0 };

static void test_gradcheck_every_score(void **state)
{
	(void)state;
	for (int s = 0; s < ATTN_SCORE_COUNT; s++) {
		check_score((AttnScore)s, NULL);
		check_score((AttnScore)s, some_masked);
	}
}

/* }==== */

/* {==== Exact values ==== */

static Mat *from(int rows, int cols, const double *data)
{
	Mat *m = mat_new(rows, cols);
	memcpy(m->data, data, mat_size(m) * sizeof(double));
	return m;
}

/* A zero query scores every key 0: weights exactly 1/Tk, context the mean of the values. */
static void test_equal_scores_give_uniform_weights(void **state)
{
	(void)state;
	for (int s = 0; s < ATTN_SCORE_COUNT; s++) {
		Rng rng;
		rng_seed(&rng, 5);
		Attention *a = attention_new((AttnScore)s, 2, 3, &rng);
		Mat *q = mat_new(1, 2);
		Mat *k = from(4, 2, (double[]){ 1, 2, -3, 4, 0.5, 0.25, 7, -1 });
		Mat *v = from(4, 1, (double[]){ 1, 2, 3, 6 });
		Tape *t = ad_tape_new();
		AdNode *w;
		if (s == ATTN_ADDITIVE)
			mat_zero(a->v); /* v = 0 scores every pair 0 */
		AdNode *c = attention_forward(t, a, ad_const(t, q), ad_const(t, k), ad_const(t, v), NULL, &w);
		assert_non_null(c);
		for (int j = 0; j < 4; j++)
			assert_close(0.25, w->value.data[j], 0, 1e-15);
		assert_close(3.0, c->value.data[0], 0, 1e-15);
		ad_tape_free(t);
		mat_free(q);
		mat_free(k);
		mat_free(v);
		attention_free(a);
	}
}

/* q = (1, 0), keys e1 and e2: dot scores (1, 0), so weights (e, 1) / (e + 1); scaled_dot
 * scores (1/sqrt 2, 0) as d = 2; general with W = I scores as dot does. */
static void test_hand_computed_scores(void **state)
{
	(void)state;
	Mat *q = from(1, 2, (double[]){ 1, 0 });
	Mat *k = from(2, 2, (double[]){ 1, 0, 0, 1 });
	Mat *v = from(2, 2, (double[]){ 10, 0, 0, 20 });
	const struct { AttnScore score; double s0; } cases[] = {
		{ ATTN_DOT, 1.0 }, { ATTN_SCALED_DOT, 1.0 / sqrt(2.0) }, { ATTN_GENERAL, 1.0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		Attention *a = attention_new(cases[i].score, 2, 1, NULL);
		if (a->W) {
			MAT_AT(a->W, 0, 0) = 1;
			MAT_AT(a->W, 1, 1) = 1;
		}
		Tape *t = ad_tape_new();
		AdNode *w;
		AdNode *c = attention_forward(t, a, ad_const(t, q), ad_const(t, k), ad_const(t, v), NULL, &w);
		assert_non_null(c);
		double e = exp(cases[i].s0);
		assert_close(e / (e + 1), w->value.data[0], 0, 1e-15);
		assert_close(1 / (e + 1), w->value.data[1], 0, 1e-15);
		assert_close(10 * e / (e + 1), c->value.data[0], 0, 1e-15);
		assert_close(20 / (e + 1), c->value.data[1], 0, 1e-15);
		ad_tape_free(t);
		attention_free(a);
	}
	mat_free(q);
	mat_free(k);
	mat_free(v);
}

/* d = A = 1, W_q = W_k = 1, v = 2: s_j = 2 tanh(q + k_j); q = 0.5, keys 0.5 and -0.5 give
 * scores 2 tanh(1) and 0. d context / d v = weights, and the score's gradient through tanh. */
static void test_additive_by_hand(void **state)
{
	(void)state;
	Attention *a = attention_new(ATTN_ADDITIVE, 1, 1, NULL);
	a->W_q->data[0] = 1;
	a->W_k->data[0] = 1;
	a->v->data[0] = 2;
	Mat *q = from(1, 1, (double[]){ 0.5 });
	Mat *k = from(2, 1, (double[]){ 0.5, -0.5 });
	Mat *v = from(2, 1, (double[]){ 1, 3 });
	Mat *dv = mat_new(2, 1);
	Tape *t = ad_tape_new();
	AdNode *w;
	AdNode *c = attention_forward(t, a, ad_const(t, q), ad_const(t, k), ad_param(t, v, dv), NULL, &w);
	assert_non_null(c);
	double e = exp(2 * tanh(1.0));
	double w0 = e / (e + 1), w1 = 1 / (e + 1);
	assert_close(w0, w->value.data[0], 0, 1e-15);
	assert_close(w0 * 1 + w1 * 3, c->value.data[0], 0, 1e-15);
	assert_int_equal(ad_backward(t, c), ST_OK);
	assert_close(w0, dv->data[0], 0, 1e-15);
	assert_close(w1, dv->data[1], 0, 1e-15);
	/* dL/dv_score = sum_j dL/ds_j tanh(q + k_j), with dL/ds_j = w_j (v_j - c) */
	double c0 = c->value.data[0];
	double expect = w0 * (1 - c0) * tanh(1.0) + w1 * (3 - c0) * tanh(0.0);
	assert_close(expect, a->dv->data[0], 1e-15, 1e-13);
	ad_tape_free(t);
	mat_free(q);
	mat_free(k);
	mat_free(v);
	mat_free(dv);
	attention_free(a);
}

/* A masked key: weight exactly 0.0, and its value row and key row exactly zero gradient. */
static void test_masked_key_gets_exactly_zero(void **state)
{
	(void)state;
	for (int s = 0; s < ATTN_SCORE_COUNT; s++) {
		Fixture *f = fixture_new((AttnScore)s, some_masked, 11);
		Tape *t = ad_tape_new();
		AdNode *L = attention_loss(t, f);
		assert_non_null(L);
		/* the weights are the softmax node: the input of the matmul before the sums */
		AdNode *w = NULL;
		for (int i = 0; i < ad_tape_size(t); i++)
			if (strcmp(ad_tape_node(t, i)->op->name, "softmax") == 0)
				w = ad_tape_node(t, i);
		assert_non_null(w);
		assert_int_equal(ad_backward(t, L), ST_OK);
		for (int i = 0; i < TQ; i++) {
			double sum = 0;
			for (int j = 0; j < TK; j++) {
				double wij = MAT_AT(&w->value, i, j);
				if (!some_masked[j])
					assert_true(wij == 0.0);
				else
					assert_true(wij > 0.0);
				sum += wij;
			}
			assert_close(1.0, sum, 0, 1e-14);
		}
		for (int j = 0; j < TK; j++) {
			if (some_masked[j])
				continue;
			for (int c = 0; c < DV; c++)
				assert_true(MAT_AT(f->dv, j, c) == 0.0);
			for (int c = 0; c < D; c++)
				assert_true(MAT_AT(f->dk, j, c) == 0.0);
		}
		ad_tape_free(t);
		fixture_free(f);
	}
}

/* }==== */

/* {==== Errors ==== */

static Status forward_shapes(AttnScore score, int d, int tq, int dq, int tk, int dk, int tv,
			     int dv, const int *keep)
{
	Attention *a = attention_new(score, d, 2, NULL);
	Mat *q = mat_new(tq, dq), *k = mat_new(tk, dk), *v = mat_new(tv, dv);
	Tape *t = ad_tape_new();
	AdNode *w = (AdNode *)1;
	AdNode *c = attention_forward(t, a, ad_const(t, q), ad_const(t, k), ad_const(t, v), keep, &w);
	Status st = ad_tape_status(t);
	if (st != ST_OK) {
		assert_null(c);
		assert_null(w);
	}
	ad_tape_free(t);
	mat_free(q);
	mat_free(k);
	mat_free(v);
	attention_free(a);
	return st;
}

static void test_shape_errors_name_the_tensor(void **state)
{
	(void)state;
	assert_int_equal(forward_shapes(ATTN_DOT, 3, 2, 3, 4, 5, 4, 2, NULL), ST_ESHAPE);
	assert_string_equal(status_detail(),
			    "attention: keys must be Tk x 3 (d, as the query 2x3), got 4x5");
	assert_int_equal(forward_shapes(ATTN_GENERAL, 3, 2, 3, 4, 3, 5, 2, NULL), ST_ESHAPE);
	assert_string_equal(status_detail(),
			    "attention: values must have one row per key (keys 4x3), got 5x2");
	assert_int_equal(forward_shapes(ATTN_ADDITIVE, 3, 2, 4, 4, 4, 4, 2, NULL), ST_ESHAPE);
	assert_string_equal(status_detail(),
			    "attention: query must be Tq x 3 (the layer's d), got 2x4");
	assert_int_equal(forward_shapes(ATTN_SCALED_DOT, 3, 2, 3, 4, 3, 4, 2, NULL), ST_OK);
}

static void test_all_keys_masked_is_an_error(void **state)
{
	(void)state;
	const int none[3] = { 0, 0, 0 }, one[3] = { 0, 0, 1 };
	assert_int_equal(forward_shapes(ATTN_DOT, 2, 2, 2, 3, 2, 3, 2, none), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "the mask hides all 3 keys"));
	assert_int_equal(forward_shapes(ATTN_DOT, 2, 2, 2, 3, 2, 3, 2, one), ST_OK);
}

static void test_score_names(void **state)
{
	(void)state;
	for (int s = 0; s < ATTN_SCORE_COUNT; s++) {
		AttnScore out;
		assert_int_equal(attention_score_parse(attention_score_name((AttnScore)s), &out), ST_OK);
		assert_int_equal(out, s);
	}
	AttnScore out;
	assert_int_equal(attention_score_parse("scaled-dot", &out), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "unknown attention score 'scaled-dot'"));
	assert_null(attention_new(ATTN_DOT, 0, 1, NULL));
	assert_null(attention_new(ATTN_ADDITIVE, 2, 0, NULL));
}

/* }==== */

/* {==== Ownership ==== */

static void test_gradients_accumulate_until_zeroed(void **state)
{
	(void)state;
	Fixture *f = fixture_new(ATTN_ADDITIVE, NULL, 3);
	Mat *once = mat_new(A, D);
	for (int pass = 0; pass < 2; pass++) {
		Tape *t = ad_tape_new();
		assert_int_equal(ad_backward(t, attention_loss(t, f)), ST_OK);
		ad_tape_free(t);
		if (pass == 0)
			mat_copy(once, f->attn->dW_q);
	}
	assert_true(mat_norm(once) > 0);
	for (size_t i = 0; i < mat_size(once); i++)
		assert_close(2 * once->data[i], f->attn->dW_q->data[i], 0, 1e-14);
	attention_zero_grad(f->attn);
	assert_true(mat_norm(f->attn->dW_q) == 0 && mat_norm(f->attn->dW_k) == 0 &&
		    mat_norm(f->attn->dv) == 0);
	mat_free(once);
	fixture_free(f);
}

/* Every allocation of attention_new can fail; each returns NULL and leaks nothing. */
static void test_out_of_memory(void **state)
{
	(void)state;
	for (int s = 0; s < ATTN_SCORE_COUNT; s++)
		for (long n = 0;; n++) {
			mem_fail_after(n);
			Attention *a = attention_new((AttnScore)s, 3, 2, NULL);
			mem_fail_after(-1);
			if (a) {
				attention_free(a);
				break;
			}
		}
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gradcheck_every_score),
		cmocka_unit_test(test_equal_scores_give_uniform_weights),
		cmocka_unit_test(test_hand_computed_scores),
		cmocka_unit_test(test_additive_by_hand),
		cmocka_unit_test(test_masked_key_gets_exactly_zero),
		cmocka_unit_test(test_shape_errors_name_the_tensor),
		cmocka_unit_test(test_all_keys_masked_is_an_error),
		cmocka_unit_test(test_score_names),
		cmocka_unit_test(test_gradients_accumulate_until_zeroed),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
