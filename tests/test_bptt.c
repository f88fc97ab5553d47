/* test_bptt: the hand-derived backpropagation through time equals autodiff and central
 * finite differences (to ~1e-9 relative) for every nonlinearity on random shapes with
 * batches; every parameter gradient is the sum of its per-step terms; exact gradient norms
 * over time in a case that can be solved by hand (a linear unit with W_hh = w: |w|^(T-t));
 * wrong layers and shapes refused in words; every out-of-memory path of bptt_new. */
#include "test_util.h"

#include "core/mem.h"
#include "nn/bptt.h"
#include "nn/seqloss.h"

#include <stdlib.h>
#include <string.h>

typedef struct Case {
	Recurrent *r;
	int I, H, T, B;
	Mat *x, *h0, *R;    /* R (T*B, H): dL_t/dh_t, the loss is sum_t <R_t, h_t> */
} Case;

static Case case_new(Activation act, int I, int H, int T, int B, uint64_t seed)
{
	Case c = { .I = I, .H = H, .T = T, .B = B };
	Rng rng;
	rng_seed(&rng, seed);
	c.r = recurrent_new(REC_RNN, I, H, act, &rng);
	assert_non_null(c.r);
	/* Weights a little larger than PyTorch's default, so the recurrence matters. */
	mat_fill_normal(c.r->weight_hh, &rng, 0.8 / sqrt((double)H));
	c.x = mat_new(T * B, I);
	c.h0 = mat_new(B, H);
	c.R = mat_new(T * B, H);
	mat_fill_normal(c.x, &rng, 1.0);
	mat_fill_normal(c.h0, &rng, 0.5);
	mat_fill_normal(c.R, &rng, 1.0);
	return c;
}

static void case_free(Case *c)
{
	recurrent_free(c->r);
	mat_free(c->x);
	mat_free(c->h0);
	mat_free(c->R);
}

static Mat *clone_grad(Recurrent *r, int k)
{
	Mat *g[REC_N_PARAMS];
	recurrent_grads(r, g);
	return mat_clone(g[k]);
}

/* L = sum_t <R_t, h_t> from the hand-written forward alone: what finite differences see. */
static double bptt_loss(Bptt *b, Case *c)
{
	assert_int_equal(bptt_forward(b, c->r, c->x, c->h0), ST_OK);
	double L = 0;
	for (int t = 0; t < c->T; t++) {
		Mat h_t = bptt_block(b->h, t + 1, c->B), R_t = bptt_block(c->R, t, c->B);
		L += mat_dot(&h_t, &R_t);
	}
	return L;
}

/* {==== Hand-derived == autodiff == finite differences ==== */

static void three_ways(Activation act, int I, int H, int T, int B, uint64_t seed)
{
	Case c = case_new(act, I, H, T, B, seed);
	Mat *dx = mat_new(T * B, I), *dh0 = mat_new(B, H);

	/* Autodiff. */
	Tape *t = ad_tape_new();
	AdNode **h = calloc((size_t)T, sizeof *h);
	AdNode *x = ad_param(t, c.x, dx), *h0 = ad_param(t, c.h0, dh0);
	assert_int_equal(recurrent_forward(t, c.r, x, T, h0, NULL, h, NULL), ST_OK);
	assert_int_equal(ad_backward(t, seqloss_dot(t, h, c.R, T, SEQ_SUM, NULL)), ST_OK);
	Mat *auto_grad[REC_N_PARAMS];
	for (int k = 0; k < REC_N_PARAMS; k++)
		auto_grad[k] = clone_grad(c.r, k);

	/* By hand. */
	recurrent_zero_grad(c.r);
	Bptt *b = bptt_new(c.r, T, B, 1);
	assert_non_null(b);
	assert_int_equal(bptt_forward(b, c.r, c.x, c.h0), ST_OK);
	assert_int_equal(bptt_backward(b, c.r, c.R), ST_OK);
	Mat *g[REC_N_PARAMS];
	recurrent_grads(c.r, g);
	for (int k = 0; k < REC_N_PARAMS; k++)
		assert_mat_close(auto_grad[k], g[k], 1e-13, 1e-9);
	assert_mat_close(dx, b->dx, 1e-13, 1e-9);
	assert_mat_close(dh0, b->dh0, 1e-13, 1e-9);
	for (int s = 0; s < T; s++) {
		Mat h_s = bptt_block(b->h, s + 1, B), dh_s = bptt_block(b->dh, s, B);
		assert_mat_close(&h[s]->value, &h_s, 1e-14, 1e-12);
		assert_mat_close(&h[s]->grad, &dh_s, 1e-13, 1e-9);
		assert_close(mat_norm(&h[s]->grad), b->norm_dh[s], 1e-13, 1e-9);
	}

	/* Finite differences of the hand-written forward, every value of every tensor. */
	Mat *p[REC_N_PARAMS];
	recurrent_params(c.r, p);
	Mat *vals[] = { p[0], p[1], p[2], p[3], c.x, c.h0 };
	Mat *grads[] = { g[0], g[1], g[2], g[3], b->dx, b->dh0 };
	Bptt *probe = bptt_new(c.r, T, B, 0);
	const double eps = 1e-6;
	for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++)
		for (size_t i = 0; i < mat_size(vals[k]); i++) {
			double orig = vals[k]->data[i];
			vals[k]->data[i] = orig + eps;
			double Lp = bptt_loss(probe, &c);
			vals[k]->data[i] = orig - eps;
			double Lm = bptt_loss(probe, &c);
			vals[k]->data[i] = orig;
			double numeric = (Lp - Lm) / (2 * eps);
			if (!close_enough(numeric, grads[k]->data[i], 1e-8, 1e-6))
				fail_msg("%s I=%d H=%d T=%d B=%d: tensor %zu [%zu]: numeric %.12g, by hand %.12g",
					 activation_name(act), I, H, T, B, k, i, numeric,
					 grads[k]->data[i]);
		}

	for (int k = 0; k < REC_N_PARAMS; k++)
		mat_free(auto_grad[k]);
	bptt_free(probe);
	bptt_free(b);
	free(h);
	ad_tape_free(t);
	mat_free(dx);
	mat_free(dh0);
	case_free(&c);
}

static void test_three_ways(void **state)
{
	(void)state;
	Activation acts[] = { ACT_TANH, ACT_RELU, ACT_SIGMOID, ACT_LINEAR, ACT_LEAKY_RELU, ACT_ELU };
	for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++)
		for (uint64_t seed = 1; seed <= 3; seed++) {
			Rng rng;
			rng_seed(&rng, 1000 * a + seed);
			int I = 1 + rng_below(&rng, 4), H = 1 + rng_below(&rng, 5);
			int T = 1 + rng_below(&rng, 8), B = seed == 1 ? 3 : 1 + rng_below(&rng, 3);
			three_ways(acts[a], I, H, T, B, 1000 * a + seed);
		}
	three_ways(ACT_TANH, 6, 8, 30, 2, 99); /* a long sequence */
}

/* }==== */

/* {==== Per-step terms ==== */

/* dW_hh = sum_t delta_t^T h_{t-1}, and likewise for dW_ih and the biases: the kept terms add
 * up to the totals, and the norms are the norms of the terms. Gradients accumulate. */
static void test_terms_sum_to_total(void **state)
{
	(void)state;
	Case c = case_new(ACT_TANH, 3, 4, 7, 2, 5);
	Bptt *b = bptt_new(c.r, c.T, c.B, 1);
	assert_non_null(b);
	assert_int_equal(bptt_forward(b, c.r, c.x, c.h0), ST_OK);
	assert_int_equal(bptt_backward(b, c.r, c.R), ST_OK);
	Mat *sum_hh = mat_new(c.H, c.H), *sum_ih = mat_new(c.H, c.I), *sum_b = mat_new(1, c.H);
	for (int t = 0; t < c.T; t++) {
		Mat hh = bptt_block(b->term_dW_hh, t, c.H), ih = bptt_block(b->term_dW_ih, t, c.H);
		Mat tb = bptt_block(b->term_db, t, 1);
		for (size_t i = 0; i < mat_size(sum_hh); i++)
			sum_hh->data[i] += hh.data[i];
		for (size_t i = 0; i < mat_size(sum_ih); i++)
			sum_ih->data[i] += ih.data[i];
		for (size_t i = 0; i < mat_size(sum_b); i++)
			sum_b->data[i] += tb.data[i];
		assert_close(mat_norm(&hh), b->norm_dW_hh[t], 0, 1e-15);
		assert_close(mat_norm(&ih), b->norm_dW_ih[t], 0, 1e-15);
		assert_close(mat_norm(&tb), b->norm_db[t], 0, 1e-15);
		Mat d = bptt_block(b->delta, t, c.B);
		assert_close(mat_norm(&d), b->norm_delta[t], 0, 1e-15);
		/* term t is delta_t^T h_{t-1}: check one entry directly */
		Mat hp = bptt_block(b->h, t, c.B);
		double e = 0;
		for (int r = 0; r < c.B; r++)
			e += MAT_AT(&d, r, 1) * MAT_AT(&hp, r, 2);
		assert_close(e, MAT_AT(&hh, 1, 2), 1e-15, 1e-13);
	}
	assert_mat_close(sum_hh, c.r->dweight_hh, 1e-14, 1e-12);
	assert_mat_close(sum_ih, c.r->dweight_ih, 1e-14, 1e-12);
	assert_mat_close(sum_b, c.r->dbias_ih, 1e-14, 1e-12);
	assert_mat_close(sum_b, c.r->dbias_hh, 1e-14, 1e-12);

	/* A second backward adds the same again; a Bptt without kept terms has the norms. */
	Bptt *lean = bptt_new(c.r, c.T, c.B, 0);
	assert_null(lean->term_dW_hh);
	assert_int_equal(bptt_forward(lean, c.r, c.x, c.h0), ST_OK);
	assert_int_equal(bptt_backward(lean, c.r, c.R), ST_OK);
	for (size_t i = 0; i < mat_size(sum_hh); i++)
		assert_close(2 * sum_hh->data[i], c.r->dweight_hh->data[i], 1e-14, 1e-12);
	for (int t = 0; t < c.T; t++)
		assert_close(b->norm_dW_hh[t], lean->norm_dW_hh[t], 0, 1e-15);
	bptt_free(lean);
	mat_free(sum_hh);
	mat_free(sum_ih);
	mat_free(sum_b);
	bptt_free(b);
	case_free(&c);
}

/* One linear unit, W_hh = w, W_ih = 0, no biases, h0 = 1, the loss on h_T only (dL/dh_T = 1):
 * h_t = w^t, dh_t = delta_t = w^(T-t), and the step-t term of dW_hh is delta_t h_{t-1} =
 * w^(T-1) at every step, so dW_hh = T w^(T-1). With w = 1/2 every number is exact. */
static void test_vanishing_by_hand(void **state)
{
	(void)state;
	enum { T = 12 };
	Rng rng;
	rng_seed(&rng, 1);
	Recurrent *r = recurrent_new(REC_RNN, 1, 1, ACT_LINEAR, &rng);
	Mat *p[REC_N_PARAMS];
	recurrent_params(r, p);
	for (int k = 0; k < REC_N_PARAMS; k++)
		mat_zero(p[k]);
	r->weight_hh->data[0] = 0.5;
	Mat *x = mat_new(T, 1), *h0 = mat_new(1, 1), *dL = mat_new(T, 1);
	h0->data[0] = 1.0;
	dL->data[T - 1] = 1.0;
	Bptt *b = bptt_new(r, T, 1, 1);
	assert_int_equal(bptt_forward(b, r, x, h0), ST_OK);
	assert_int_equal(bptt_backward(b, r, dL), ST_OK);
	for (int t = 0; t < T; t++) {
		/* array index t is step t+1 */
		assert_true(b->h->data[t + 1] == ldexp(1.0, -(t + 1)));
		assert_true(b->norm_dh[t] == ldexp(1.0, -(T - 1 - t)));
		assert_true(b->norm_delta[t] == ldexp(1.0, -(T - 1 - t)));
		assert_true(b->term_dW_hh->data[t] == ldexp(1.0, -(T - 1)));
		assert_true(b->norm_dW_ih[t] == 0.0);
		assert_true(b->norm_db[t] == ldexp(1.0, -(T - 1 - t)));
	}
	assert_true(r->dweight_hh->data[0] == T * ldexp(1.0, -(T - 1)));
	assert_true(b->dh0->data[0] == ldexp(1.0, -T));
	mat_free(x);
	mat_free(h0);
	mat_free(dL);
	bptt_free(b);
	recurrent_free(r);
}

/* The step kernel on a one-unit tanh step written out: delta = dh (1 - h^2). */
static void test_step_kernel_by_hand(void **state)
{
	(void)state;
	double W_ih = 0.5, W_hh = -0.75, b_ih = 0.1, b_hh = -0.2, x = 2.0, hp = 0.4, dh = 1.5;
	Mat mW_ih = { 1, 1, &W_ih }, mW_hh = { 1, 1, &W_hh }, mb_ih = { 1, 1, &b_ih },
	    mb_hh = { 1, 1, &b_hh }, mx = { 1, 1, &x }, mhp = { 1, 1, &hp }, mdh = { 1, 1, &dh };
	double a = 0, h = 0, delta = 0, dx = 10, dhp = 20, dWi = 1, dWh = 2, dbi = 3, dbh = 4;
	Mat ma = { 1, 1, &a }, mh = { 1, 1, &h }, mdelta = { 1, 1, &delta }, mdx = { 1, 1, &dx },
	    mdhp = { 1, 1, &dhp }, mdWi = { 1, 1, &dWi }, mdWh = { 1, 1, &dWh }, mdbi = { 1, 1, &dbi },
	    mdbh = { 1, 1, &dbh };
	bptt_step_forward(&mh, &ma, &mx, &mhp, &mW_ih, &mW_hh, &mb_ih, &mb_hh, ACT_TANH, 0);
	double a_want = 0.5 * 2.0 - 0.75 * 0.4 + 0.1 - 0.2;
	assert_close(a_want, a, 0, 1e-15);
	assert_close(tanh(a_want), h, 0, 1e-15);
	bptt_step_backward(&mdx, &mdhp, &mdWi, &mdWh, &mdbi, &mdbh, &mdelta, &mdh, &mx, &mhp, &ma,
			   &mW_ih, &mW_hh, ACT_TANH, 0);
	double d = 1.5 * (1 - h * h);
	assert_close(d, delta, 0, 1e-15);
	assert_close(10 + d * 0.5, dx, 0, 1e-15);     /* += delta W_ih */
	assert_close(20 + d * -0.75, dhp, 0, 1e-15);  /* += delta W_hh */
	assert_close(1 + d * 2.0, dWi, 0, 1e-15);     /* += delta x */
	assert_close(2 + d * 0.4, dWh, 0, 1e-15);     /* += delta h_prev */
	assert_close(3 + d, dbi, 0, 1e-15);
	assert_close(4 + d, dbh, 0, 1e-15);
}

/* }==== */

/* {==== Errors ==== */

static void test_errors(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 3);
	Recurrent *lstm = recurrent_new(REC_LSTM, 2, 3, ACT_TANH, &rng);
	assert_null(bptt_new(lstm, 4, 1, 0));
	assert_string_equal(status_detail(), "bptt: the hand-derived BPTT is for the Elman rnn, got a lstm");
	recurrent_free(lstm);

	Case c = case_new(ACT_TANH, 2, 3, 4, 2, 8);
	assert_null(bptt_new(c.r, 0, 2, 0));
	assert_null(bptt_new(c.r, 4, 0, 0));
	Bptt *b = bptt_new(c.r, 4, 2, 0);
	assert_non_null(b);
	Mat *x_bad = mat_new(8, 3), *h_bad = mat_new(1, 3), *dL_bad = mat_new(8, 2);
	assert_int_equal(bptt_backward(b, c.r, c.R), ST_EINVAL);
	assert_string_equal(status_detail(), "bptt: run bptt_forward before bptt_backward");
	assert_int_equal(bptt_forward(b, c.r, x_bad, c.h0), ST_ESHAPE);
	assert_string_equal(status_detail(), "bptt: x must be 8x2 (T*B x I), got 8x3");
	assert_int_equal(bptt_forward(b, c.r, c.x, h_bad), ST_ESHAPE);
	assert_string_equal(status_detail(), "bptt: h0 must be 2x3 (B x H), got 1x3");
	assert_int_equal(bptt_forward(b, c.r, NULL, c.h0), ST_EINVAL);
	assert_int_equal(bptt_forward(b, c.r, c.x, NULL), ST_OK);
	assert_int_equal(bptt_backward(b, c.r, dL_bad), ST_ESHAPE);
	assert_string_equal(status_detail(), "bptt: dL_dh must be 8x3 (T*B x H), got 8x2");
	assert_int_equal(bptt_forward(NULL, c.r, c.x, NULL), ST_EINVAL);

	/* A layer of another size, or one with a broken weight. */
	Recurrent *other = recurrent_new(REC_RNN, 2, 4, ACT_TANH, &rng);
	assert_int_equal(bptt_forward(b, other, c.x, NULL), ST_ESHAPE);
	assert_string_equal(status_detail(), "bptt: made for input 2 and hidden 3, given a layer with 2 and 4");
	recurrent_free(other);
	Mat *good = c.r->weight_hh, *bad = mat_new(3, 2);
	c.r->weight_hh = bad;
	assert_int_equal(bptt_forward(b, c.r, c.x, NULL), ST_ESHAPE);
	assert_string_equal(status_detail(), "weight_hh must be 3x3 (H x H), got 3x2");
	c.r->weight_hh = good;
	mat_free(bad);

	/* Every allocation of bptt_new can fail: NULL, never a crash or a leak. */
	int failed = 0;
	for (long n = 0; n < 64; n++) {
		mem_fail_after(n);
		Bptt *k = bptt_new(c.r, 4, 2, 1);
		mem_fail_after(-1);
		if (k) {
			bptt_free(k);
			break;
		}
		failed++;
		assert_int_equal(strncmp(status_detail(), "bptt: out of memory", 19), 0);
	}
	assert_true(failed >= 20);
	bptt_free(NULL);

	mat_free(x_bad);
	mat_free(h_bad);
	mat_free(dL_bad);
	bptt_free(b);
	case_free(&c);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_ways),
		cmocka_unit_test(test_terms_sum_to_total),
		cmocka_unit_test(test_vanishing_by_hand),
		cmocka_unit_test(test_step_kernel_by_hand),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
