/* test_sweep: double and single precision sweeps show the V in the right places. */
#include "test_util.h"

#include "lab/sweep.h"

static void test_single_rounds_off_sooner(void **state)
{
	(void)state;
	const char *models[] = { "sigmoid", "tanh", "elu", "rnn" };
	for (int m = 0; m < 4; m++) {
		Sweep s;
		assert_int_equal(sweep_precisions(models[m], -0.7, 3, &s), ST_OK);
		/* truncation: at large steps both precisions agree, and the error falls ~100x per
		 * decade for the central difference */
		assert_close(s.central[0][1], s.central[1][1], 0, 0.5);
		assert_true(s.central[0][2] < s.central[0][1] / 30);
		/* round-off: single's best step is at least 100 times larger than double's */
		assert_true(s.eps[s.best[1]] >= 100 * s.eps[s.best[0]]);
		assert_true(s.central[0][s.best[0]] < 1e-9);
		assert_true(s.central[1][s.best[1]] > 1e-8 && s.central[1][s.best[1]] < 1e-3);
		/* a step below float's resolution is reported as no step at all */
		assert_true(isnan(s.central[1][SWEEP_STEPS - 1]));
	}
}

static void test_exact_derivatives(void **state)
{
	(void)state;
	Sweep s;
	assert_int_equal(sweep_precisions("sigmoid", 0.0, 1, &s), ST_OK);
	assert_close(0.25, s.analytic, 0, 1e-15);
	assert_int_equal(sweep_precisions("relu", 0.5, 1, &s), ST_OK);
	assert_close(1.0, s.analytic, 0, 0);
	assert_close(0.0, s.central[0][0], 1e-15, 0); /* a line: no truncation error at all */
	assert_int_equal(sweep_precisions("mlp", 0.5, 1, &s), ST_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_rounds_off_sooner),
		cmocka_unit_test(test_exact_derivatives),
	};
	return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
