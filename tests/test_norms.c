/* test_norms: the gradient-flow experiment obeys the laws the lesson states. */
#include "test_util.h"

#include "lab/norms.h"

static void run(const NormsConfig *c, NormsResult *r)
{
	Status st = norms_run(c, r);
	if (st != ST_OK)
		fail_msg("norms_run: %s", status_detail());
}

/* Linear RNN, orthogonal W_hh scaled by R, loss at the last step: each step back multiplies
 * the gradient by R^T Q^T, an exact scaling by R, so the ratio is R^(T-t) to rounding. */
static void test_linear_rnn_law(void **state)
{
	(void)state;
	const double radii[] = { 0.9, 1.0, 1.1 };
	for (int i = 0; i < 3; i++) {
		NormsConfig c = norms_defaults();
		c.act = ACT_LINEAR;
		c.radius = radii[i];
		c.steps = 60;
		NormsResult r;
		run(&c, &r);
		const NormsCell *cell = &r.cells[0];
		assert_close(radii[i], cell->spectral_norm, 0, 1e-12);
		assert_close(1.0, cell->grad_h[59], 0, 1e-14); /* dL/dh_T = u, a unit vector */
		for (int t = 1; t <= 60; t++)
			assert_close(pow(radii[i], 60 - t), cell->grad_h[t - 1] / cell->grad_h[59], 0,
				     1e-12);
		/* For a linear cell the bound is attained: ||W_hh|| * f' = R at every step. */
		assert_close(pow(radii[i], 59), cell->bound[0], 0, 1e-12);
		norms_result_free(&r);
	}
}

/* The ratio can never exceed the bound prod ||W_hh|| max|f'|. */
static void test_tanh_rnn_respects_the_bound(void **state)
{
	(void)state;
	NormsConfig c = norms_defaults();
	c.radius = 1.5;
	c.orthogonal = 0;
	NormsResult r;
	run(&c, &r);
	const NormsCell *cell = &r.cells[0];
	for (int t = 0; t < c.steps; t++) {
		double ratio = cell->grad_h[t] / cell->grad_h[c.steps - 1];
		assert_true(ratio <= cell->bound[t] * (1 + 1e-12));
		assert_true(cell->step_bound[t] <= 1.5 * (1 + 1e-9));
	}
	norms_result_free(&r);
}

static void test_lstm_with_forget_bias_keeps_gradient(void **state)
{
	(void)state;
	NormsConfig c = norms_defaults();
	c.cells[0] = REC_RNN;
	c.cells[1] = REC_LSTM;
	c.n_cells = 2;
	c.steps = 60;
	c.forget_bias = 5.0;
	NormsResult r;
	run(&c, &r);
	double rnn = r.cells[0].grad_h[0], lstm = r.cells[1].grad_h[0];
	assert_true(lstm > 100 * rnn);
	/* the forget gates are near sigmoid(5) = 0.9933, so their product over 59 steps is
	 * near 0.9933^59 = 0.67 */
	assert_true(r.cells[1].gate_product[0] > 0.5 && r.cells[1].gate_product[0] < 0.8);
	norms_result_free(&r);
}

static void test_clipping_caps_the_global_norm(void **state)
{
	(void)state;
	NormsConfig c = norms_defaults();
	c.radius = 1.3;
	c.act = ACT_LINEAR;
	c.loss_all = 1;
	NormsResult r;
	run(&c, &r);
	double unclipped = r.cells[0].grad_norm, term = r.cells[0].grad_W_hh[c.steps - 1];
	assert_true(unclipped > 1000);
	norms_result_free(&r);
	c.clip = 1.0;
	run(&c, &r);
	assert_close(unclipped, r.cells[0].grad_norm, 0, 1e-12);
	assert_close(1.0, r.cells[0].clipped_norm, 0, 1e-5);
	/* every term shrinks by the same factor */
	assert_close(term / unclipped, r.cells[0].grad_W_hh[c.steps - 1], 0, 1e-5);
	norms_result_free(&r);
}

static void test_truncation_cuts_older_steps(void **state)
{
	(void)state;
	NormsConfig c = norms_defaults();
	c.steps = 30;
	c.truncate = 10;
	NormsResult r;
	run(&c, &r);
	const NormsCell *cell = &r.cells[0];
	for (int t = 1; t <= 20; t++) { /* the loss is at step 30: chunks 1-10, 11-20 get nothing */
		assert_true(cell->grad_h[t - 1] == 0.0);
		assert_true(cell->grad_W_hh[t - 1] == 0.0);
	}
	for (int t = 21; t <= 30; t++)
		assert_true(cell->grad_h[t - 1] > 0);
	assert_true(cell->grad_W_hh[21] > 0);
	norms_result_free(&r);
}

static void test_overflow_is_reported_as_inf(void **state)
{
	(void)state;
	NormsConfig c = norms_defaults();
	c.act = ACT_LINEAR;
	c.radius = 10;
	c.steps = 400; /* 10^399 does not fit in a double */
	c.hidden = 4;
	NormsResult r;
	run(&c, &r);
	const NormsCell *cell = &r.cells[0];
	assert_true(cell->overflow_at > 0);
	assert_true(isinf(cell->grad_h[0]));
	assert_true(isfinite(cell->grad_h[cell->overflow_at]));
	assert_true(isinf(cell->grad_h[cell->overflow_at - 1]));
	norms_result_free(&r);
}

static void test_bad_configs_are_refused(void **state)
{
	(void)state;
	NormsResult r;
	NormsConfig c = norms_defaults();
	c.radius = 0;
	assert_int_equal(norms_run(&c, &r), ST_ERANGE);
	c = norms_defaults();
	c.steps = NORMS_MAX_STEPS + 1;
	assert_int_equal(norms_run(&c, &r), ST_ELIMIT);
	c = norms_defaults();
	c.steps = 5000;
	c.hidden = 512;
	assert_int_equal(norms_run(&c, &r), ST_ELIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linear_rnn_law),
		cmocka_unit_test(test_tanh_rnn_respects_the_bound),
		cmocka_unit_test(test_lstm_with_forget_bias_keeps_gradient),
		cmocka_unit_test(test_clipping_caps_the_global_norm),
		cmocka_unit_test(test_truncation_cuts_older_steps),
		cmocka_unit_test(test_overflow_is_reported_as_inf),
		cmocka_unit_test(test_bad_configs_are_refused),
	};
	return cmocka_run_group_tests_name("norms", tests, NULL, NULL);
}
