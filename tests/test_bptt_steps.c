/* test_bptt_steps: lesson 03's experiment. The three ways (formula, autodiff, finite
 * differences) agree on dL/dh_t, delta_t, every parameter gradient and every per-step term;
 * the terms add up to the totals; dL/dh_t splits into the direct term and W_hh^T delta_{t+1};
 * the paths number T(T+1)/2 or T and their products add up to dL/dW_hh and dL/dW_ih, and
 * for H = 1 each product is the lesson's chain of scalars; with --loss all the totals are
 * `gradlab check rnn`'s gradients; bad sizes and out-of-memory fail in words. */
#include "test_util.h"

#include "check/models.h"
#include "core/mem.h"
#include "lab/bptt_steps.h"

#include <string.h>

static const Activation acts[] = { ACT_TANH, ACT_LINEAR, ACT_RELU, ACT_SIGMOID };

static void run(const BpttStepsConfig *c, BpttSteps *b)
{
	if (bptt_steps_run(c, b) != ST_OK)
		fail_msg("bptt_steps_run: %s", status_detail());
}

/* Rows (T*rows, cols) of per-step blocks, added up. */
static void sum_terms(const Mat *term, int T, Mat *total)
{
	mat_zero(total);
	for (int t = 0; t < T; t++)
		for (size_t i = 0; i < mat_size(total); i++)
			total->data[i] += term->data[t * mat_size(total) + i];
}

static void check_three_ways(const BpttSteps *b)
{
	for (int k = BS_AUTODIFF; k <= BS_FINITE; k++) {
		/* finite differences with eps = 1e-6 are good to ~1e-9 here */
		double atol = k == BS_AUTODIFF ? 1e-13 : 1e-8;
		assert_mat_close(b->dh[BS_FORMULA], b->dh[k], atol, 1e-8);
		assert_mat_close(b->delta[BS_FORMULA], b->delta[k], atol, 1e-8);
		for (int p = 0; p < REC_N_PARAMS; p++) {
			assert_mat_close(b->grad[BS_FORMULA][p], b->grad[k][p], atol, 1e-8);
			assert_mat_close(b->term[BS_FORMULA][p], b->term[k][p], atol, 1e-8);
		}
	}
}

static void check_terms_add_up(const BpttSteps *b)
{
	for (int k = 0; k < BS_WAYS; k++)
		for (int p = 0; p < REC_N_PARAMS; p++) {
			const Mat *g = b->grad[k][p];
			Mat *total = mat_new(g->rows, g->cols);
			sum_terms(b->term[k][p], b->steps, total);
			/* the formula's total is its sum; autodiff's and the differences' are
			 * independent, so they agree only to their accuracy */
			assert_mat_close(b->grad[BS_FORMULA][p], total, k == BS_FINITE ? 1e-8 : 1e-13,
					 1e-8);
			mat_free(total);
		}
	/* both biases enter a_t unchanged: the same gradient */
	assert_mat_close(b->grad[BS_FORMULA][REC_BIAS_IH], b->grad[BS_FORMULA][REC_BIAS_HH], 0, 0);
}

/* dL/dh_t = dL_t/dh_t + W_hh^T delta_{t+1}, delta_t = f'(a_t) dL/dh_t, computed here again. */
static void check_recursion(const BpttSteps *b)
{
	int T = b->steps, H = b->hidden;
	const Mat *W_hh = b->param[REC_WEIGHT_HH];
	for (int t = 0; t <= T; t++)
		for (int j = 0; j < H; j++) {
			double direct = t > 0 ? MAT_AT(b->direct, t - 1, j) : 0.0, rest = 0.0;
			if (t > 0 && !b->loss_all && t < T)
				assert_true(direct == 0.0);
			if (t > 0 && (b->loss_all || t == T))
				assert_true(direct == MAT_AT(b->r, t - 1, j));
			for (int i = 0; t < T && i < H; i++)
				rest += MAT_AT(W_hh, i, j) * MAT_AT(b->delta[BS_FORMULA], t, i);
			assert_close(rest, MAT_AT(b->recur, t, j), 1e-15, 1e-12);
			assert_close(direct + rest, MAT_AT(b->dh[BS_FORMULA], t, j), 1e-15, 1e-12);
			if (t > 0)
				assert_close(MAT_AT(b->fprime, t - 1, j) * MAT_AT(b->dh[BS_FORMULA], t, j),
					     MAT_AT(b->delta[BS_FORMULA], t - 1, j), 1e-15, 1e-12);
		}
}

static void check_paths(const BpttSteps *b)
{
	int T = b->steps, H = b->hidden, I = b->input;
	int want = b->loss_all ? T * (T + 1) / 2 : T;
	assert_int_equal(b->n_paths, want);
	assert_int_equal(bptt_steps_path_count(T, b->loss_all), want);
	/* the lesson's order: uses k = 1..T, and from h_k first L_k, then further on */
	int p = 0;
	for (int k = 1; k <= T; k++)
		for (int t = b->loss_all ? k : T; t <= T; t++, p++) {
			assert_int_equal(b->path_use[p], k);
			assert_int_equal(b->path_end[p], t);
		}
	/* the paths' shares add up to the gradients */
	Mat *sum_hh = mat_new(H, H), *sum_ih = mat_new(H, I);
	sum_terms(b->path_W_hh, b->n_paths, sum_hh);
	sum_terms(b->path_W_ih, b->n_paths, sum_ih);
	assert_mat_close(b->grad[BS_FORMULA][REC_WEIGHT_HH], sum_hh, 1e-14, 1e-12);
	assert_mat_close(b->grad[BS_FORMULA][REC_WEIGHT_IH], sum_ih, 1e-14, 1e-12);
	mat_free(sum_hh);
	mat_free(sum_ih);
	if (H != 1)
		return;
	/* one unit: the product of the local derivatives along W -> a_k -> h_k -> ... -> L_t,
	 * h_{k-1} f'(a_k) [w_hh f'(a_{k+1})] ... [w_hh f'(a_t)] dL_t/dh_t */
	double w = b->param[REC_WEIGHT_HH]->data[0];
	for (p = 0; p < b->n_paths; p++) {
		int k = b->path_use[p], t = b->path_end[p];
		double chain = b->fprime->data[k - 1] * b->r->data[t - 1];
		for (int s = k + 1; s <= t; s++)
			chain *= w * b->fprime->data[s - 1];
		assert_close(b->h->data[k - 1] * chain, b->path_W_hh->data[p], 1e-15, 1e-12);
		for (int j = 0; j < I; j++)
			assert_close(MAT_AT(b->x, k - 1, j) * chain, MAT_AT(b->path_W_ih, p, j), 1e-15,
				     1e-12);
	}
}

static void test_every_size_and_activation(void **state)
{
	(void)state;
	for (int a = 0; a < 4; a++)
		for (int T = 1; T <= BPTT_STEPS_MAX_STEPS; T++)
			for (int H = 1; H <= BPTT_STEPS_MAX_HIDDEN; H++)
				for (int I = 1; I <= BPTT_STEPS_MAX_INPUT; I += 2)
					for (int all = 0; all <= 1; all++) {
						BpttStepsConfig c = { T, H, I, acts[a], all,
								      (uint64_t)(7 * T + H + 3 * I), NULL };
						BpttSteps b;
						run(&c, &b);
						check_three_ways(&b);
						check_terms_add_up(&b);
						check_recursion(&b);
						check_paths(&b);
						bptt_steps_free(&b);
					}
}

/* The lesson's counts: 6 paths for T = 3 with a loss at every step, 10 for T = 4 (quiz q4),
 * T with the loss at the last step only. */
static void test_path_counts(void **state)
{
	(void)state;
	assert_int_equal(bptt_steps_path_count(3, 1), 6);
	assert_int_equal(bptt_steps_path_count(4, 1), 10);
	assert_int_equal(bptt_steps_path_count(6, 1), 21);
	for (int T = 1; T <= 6; T++)
		assert_int_equal(bptt_steps_path_count(T, 0), T);
	BpttStepsConfig c = bptt_steps_defaults();
	c.steps = 4;
	c.hidden = 1;
	BpttSteps b;
	run(&c, &b);
	assert_int_equal(b.n_paths, 10);
	bptt_steps_free(&b);
}

/* With --loss all the model, inputs and loss are `gradlab check rnn --batch 1`'s, so the
 * totals are that check's gradients (the lesson says every formula reproduces them). */
static void test_totals_are_check_rnns(void **state)
{
	(void)state;
	const char *names[] = { "tanh", "linear", "relu", "sigmoid" };
	for (int a = 0; a < 4; a++) {
		BpttStepsConfig c = { 4, 2, 2, acts[a], 1, 3, NULL };
		BpttSteps b;
		run(&c, &b);
		CheckConfig cc = check_config_defaults();
		cc.steps = c.steps;
		cc.hidden = c.hidden;
		cc.input = c.input;
		cc.batch = 1;
		cc.seed = c.seed;
		cc.act = names[a];
		CheckModel *m = check_model_new("rnn", &cc, 0);
		assert_non_null(m);
		GcProblem p = check_model_problem(m);
		Tape *t = ad_tape_new();
		AdNode *L = p.loss(t, p.ctx);
		assert_non_null(L);
		assert_int_equal(ad_backward(t, L), ST_OK);
		for (int k = 0; k < REC_N_PARAMS; k++) {
			assert_string_equal(p.tensors[k].name, recurrent_param_name(k));
			assert_mat_close(p.tensors[k].grad, b.grad[BS_FORMULA][k], 1e-13, 1e-12);
		}
		/* and the inputs are the same draw */
		assert_string_equal(p.tensors[REC_N_PARAMS].name, "x");
		assert_mat_close(p.tensors[REC_N_PARAMS].value, b.x, 0, 0);
		Mat h0 = { 1, c.hidden, b.h->data };
		assert_mat_close(p.tensors[REC_N_PARAMS + 1].value, &h0, 0, 0);
		ad_tape_free(t);
		check_model_free(m);
		bptt_steps_free(&b);
	}
}

/* A linear unit can be solved by hand: delta_t = dL/dh_t, and with the loss at the last step
 * dL/dh_t = w^(T-t) r_T (the lesson's running example: delta = 1, u, u^2). */
static void test_linear_unit_by_hand(void **state)
{
	(void)state;
	BpttStepsConfig c = { 5, 1, 1, ACT_LINEAR, 0, 9, NULL };
	BpttSteps b;
	run(&c, &b);
	double w = b.param[REC_WEIGHT_HH]->data[0], r = b.r->data[4];
	for (int t = 1; t <= 5; t++) {
		assert_close(pow(w, 5 - t) * r, b.delta[BS_FORMULA]->data[t - 1], 1e-16, 1e-13);
		assert_close(b.dh[BS_FORMULA]->data[t], b.delta[BS_FORMULA]->data[t - 1], 0, 0);
	}
	bptt_steps_free(&b);
}

/* Lesson 03's running example, given by hand: w = 0.5, u = 0.8, no biases, h_0 = 0,
 * x = (1, 2, 3), linear, L = h_3; then its tanh example with x = (1, 2), L = h_2. */
static void test_lesson_example_given_by_hand(void **state)
{
	(void)state;
	const double w = 0.5, u = 0.8, zero = 0, x[3] = { 1, 2, 3 }, r[3] = { 0, 0, 1 };
	TinyRnnValues v = { &w, &u, &zero, &zero, x, &zero, r };
	BpttStepsConfig c = { 3, 1, 1, ACT_LINEAR, 0, 1, &v };
	BpttSteps b;
	run(&c, &b);
	const double h[4] = { 0, 0.5, 1.4, 2.62 }, delta[3] = { 0.64, 0.8, 1 };
	for (int t = 0; t <= 3; t++)
		assert_close(h[t], b.h->data[t], 1e-15, 1e-14);
	for (int t = 0; t < 3; t++)
		assert_close(delta[t], b.delta[BS_FORMULA]->data[t], 1e-15, 1e-14);
	assert_close(2.62, b.loss, 1e-15, 1e-14);
	for (int k = 0; k < BS_WAYS; k++) {
		assert_close(1.8, b.grad[k][REC_WEIGHT_HH]->data[0], 1e-8, 1e-8);
		assert_close(5.24, b.grad[k][REC_WEIGHT_IH]->data[0], 1e-8, 1e-8);
		assert_close(2.44, b.grad[k][REC_BIAS_IH]->data[0], 1e-8, 1e-8);
	}
	check_three_ways(&b);
	bptt_steps_free(&b);
	c = (BpttStepsConfig){ 2, 1, 1, ACT_TANH, 0, 1, &v };
	const double r2[2] = { 0, 1 };
	v.r = r2;
	run(&c, &b);
	assert_close(0.87862, b.h->data[2], 1e-5, 0);
	assert_close(0.599508, b.grad[BS_FORMULA][REC_WEIGHT_IH]->data[0], 1e-6, 0);
	assert_close(0.105373, b.grad[BS_FORMULA][REC_WEIGHT_HH]->data[0], 1e-6, 0);
	bptt_steps_free(&b);
}

/* A value given by hand replaces its draw and nothing else: the seed's other values stay. */
static void test_given_value_moves_no_other(void **state)
{
	(void)state;
	BpttStepsConfig c = bptt_steps_defaults();
	BpttSteps drawn, given;
	run(&c, &drawn);
	const double W_hh[4] = { 0.9, -0.1, 0.2, 0.7 }, h0[2] = { 0, 0 };
	TinyRnnValues v = { .W_hh = W_hh, .h0 = h0 };
	c.given = &v;
	run(&c, &given);
	for (int i = 0; i < 4; i++)
		assert_true(given.param[REC_WEIGHT_HH]->data[i] == W_hh[i]);
	assert_mat_close(drawn.param[REC_WEIGHT_IH], given.param[REC_WEIGHT_IH], 0, 0);
	assert_mat_close(drawn.param[REC_BIAS_IH], given.param[REC_BIAS_IH], 0, 0);
	assert_mat_close(drawn.param[REC_BIAS_HH], given.param[REC_BIAS_HH], 0, 0);
	assert_mat_close(drawn.x, given.x, 0, 0);
	assert_mat_close(drawn.r, given.r, 0, 0);
	assert_true(given.h->data[0] == 0 && given.h->data[1] == 0);
	assert_true(drawn.h->data[0] != 0);
	check_three_ways(&given);
	bptt_steps_free(&drawn);
	bptt_steps_free(&given);
}

/* A value that is not finite or is too large is refused with which value and where. */
static void test_bad_values_are_refused(void **state)
{
	(void)state;
	const double x[3] = { 1, NAN, 3 }, big = 1e3, ok = 0.5;
	TinyRnnValues v = { .x = x };
	BpttStepsConfig c = { 3, 1, 1, ACT_TANH, 1, 1, &v };
	BpttSteps b;
	assert_int_equal(bptt_steps_run(&c, &b), ST_ERANGE);
	assert_string_equal(status_detail(), "--x: number 2 (nan) must be finite and at most 100 in size");
	assert_null(b.x);
	TinyRnnValue which;
	int index;
	assert_int_equal(tiny_rnn_check_values(&v, 3, 1, 1, &which, &index), ST_ERANGE);
	assert_int_equal(which, TRV_X);
	assert_int_equal(index, 1);
	v = (TinyRnnValues){ .W_ih = &ok, .b_hh = &big };
	assert_int_equal(tiny_rnn_check_values(&v, 3, 1, 1, &which, &index), ST_ERANGE);
	assert_int_equal(which, TRV_B_HH);
	assert_int_equal(index, 0);
	v.b_hh = &ok;
	assert_int_equal(tiny_rnn_check_values(&v, 3, 1, 1, &which, &index), ST_OK);
}

static void test_deterministic(void **state)
{
	(void)state;
	BpttStepsConfig c = bptt_steps_defaults();
	BpttSteps b1, b2;
	run(&c, &b1);
	run(&c, &b2);
	assert_true(b1.loss == b2.loss);
	assert_mat_close(b1.grad[BS_FINITE][REC_WEIGHT_HH], b2.grad[BS_FINITE][REC_WEIGHT_HH], 0, 0);
	bptt_steps_free(&b1);
	bptt_steps_free(&b2);
}

static void test_bad_sizes_are_refused(void **state)
{
	(void)state;
	BpttSteps b;
	const struct {
		int steps, hidden, input;
		const char *detail;
	} bad[] = {
		{ 7, 2, 1, "--steps must be between 1 and 6, got 7" },
		{ 3, 0, 1, "--hidden must be between 1 and 4, got 0" },
		{ 3, 2, 4, "--input must be between 1 and 3, got 4" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		BpttStepsConfig c = { bad[k].steps, bad[k].hidden, bad[k].input, ACT_TANH, 1, 1, NULL };
		assert_int_equal(bptt_steps_run(&c, &b), ST_ELIMIT);
		assert_string_equal(status_detail(), bad[k].detail);
		assert_null(b.grad[0][0]);
	}
	bptt_steps_free(NULL);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	BpttStepsConfig c = bptt_steps_defaults();
	int failed = 0;
	for (long n = 0; n < 100000; n++) {
		BpttSteps b;
		mem_fail_after(n);
		Status st = bptt_steps_run(&c, &b);
		mem_fail_after(-1);
		if (st == ST_OK) {
			check_three_ways(&b);
			bptt_steps_free(&b);
			break;
		}
		assert_int_equal(st, ST_ENOMEM);
		assert_null(b.x);
		failed++;
	}
	assert_true(failed >= 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_size_and_activation),
		cmocka_unit_test(test_path_counts),
		cmocka_unit_test(test_totals_are_check_rnns),
		cmocka_unit_test(test_linear_unit_by_hand),
		cmocka_unit_test(test_lesson_example_given_by_hand),
		cmocka_unit_test(test_given_value_moves_no_other),
		cmocka_unit_test(test_bad_values_are_refused),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_sizes_are_refused),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests_name("bptt_steps", tests, NULL, NULL);
}
