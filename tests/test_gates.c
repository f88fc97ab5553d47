/* test_gates: the gate values `gradlab gates` reads are the ones the cell computes with: the
 * cell's own equations, fed with them, give back the states it reached (so no gate is a
 * wrong slice or in the wrong place), and the forget-gate bias moves f as it should. */
#include "test_util.h"

#include "lab/gates.h"

static double norm(const double *v, int n)
{
	double s = 0;
	for (int j = 0; j < n; j++)
		s += v[j] * v[j];
	return sqrt(s);
}

/* c_t = f c_{t-1} + i g and h_t = o tanh(c_t), from the gates alone. */
static void test_lstm_gates_rebuild_the_states(void **state)
{
	(void)state;
	GatesConfig c = gates_defaults();
	c.steps = 12;
	c.hidden = 5;
	c.forget_bias = 1.5;
	GatesResult r;
	assert_int_equal(gates_run(&c, &r), ST_OK);
	assert_int_equal(r.gates, 4);
	assert_non_null(r.c_norm);
	double cs[GATES_MAX_HIDDEN] = { 0 }, h[GATES_MAX_HIDDEN];
	for (int t = 0; t < r.steps; t++) {
		for (int j = 0; j < r.hidden; j++) {
			double i = gates_at(&r, t, 0, j), f = gates_at(&r, t, 1, j);
			double g = gates_at(&r, t, 2, j), o = gates_at(&r, t, 3, j);
			assert_true(i > 0 && i < 1 && f > 0 && f < 1 && o > 0 && o < 1);
			assert_true(g > -1 && g < 1);
			cs[j] = f * cs[j] + i * g;
			h[j] = o * tanh(cs[j]);
		}
		assert_close(norm(cs, r.hidden), r.c_norm[t], 1e-14, 1e-12);
		assert_close(norm(h, r.hidden), r.h_norm[t], 1e-14, 1e-12);
	}
	/* the mean is the mean of the units */
	double m = 0;
	for (int j = 0; j < r.hidden; j++)
		m += gates_at(&r, 3, 1, j);
	assert_close(m / r.hidden, gates_at(&r, 3, 1, -1), 1e-15, 1e-14);
	gates_result_free(&r);
	gates_result_free(&r); /* freed results can be freed again */
}

/* h_t = (1 - z) n + z h_{t-1}, from the gates alone. */
static void test_gru_gates_rebuild_the_states(void **state)
{
	(void)state;
	GatesConfig c = gates_defaults();
	c.cell = REC_GRU;
	c.steps = 9;
	GatesResult r;
	assert_int_equal(gates_run(&c, &r), ST_OK);
	assert_int_equal(r.gates, 3);
	assert_null(r.c_norm);
	assert_string_equal(gates_letter(REC_GRU, 1), "z");
	double h[GATES_MAX_HIDDEN] = { 0 };
	for (int t = 0; t < r.steps; t++) {
		for (int j = 0; j < r.hidden; j++) {
			double z = gates_at(&r, t, 1, j), n = gates_at(&r, t, 2, j);
			h[j] = (1 - z) * n + z * h[j];
		}
		assert_close(norm(h, r.hidden), r.h_norm[t], 1e-14, 1e-12);
	}
	gates_result_free(&r);
}

/* A large forget bias holds f near 1 at every step, a negative one near 0; the other gates
 * and the inputs do not change with it. */
static void test_forget_bias_moves_f(void **state)
{
	(void)state;
	GatesConfig c = gates_defaults();
	GatesResult hi, lo;
	c.forget_bias = 6;
	assert_int_equal(gates_run(&c, &hi), ST_OK);
	c.forget_bias = -6;
	assert_int_equal(gates_run(&c, &lo), ST_OK);
	for (int t = 0; t < c.steps; t++) {
		assert_true(gates_at(&hi, t, 1, -1) > 0.98);
		assert_true(gates_at(&lo, t, 1, -1) < 0.02);
	}
	/* step 1 starts from h_0 = 0: its i, g, o depend on x_1 alone */
	for (int g = 0; g < 4; g += g == 0 ? 2 : 1)
		assert_close(gates_at(&hi, 0, g, -1), gates_at(&lo, 0, g, -1), 0, 0);
	gates_result_free(&hi);
	gates_result_free(&lo);
}

static void test_bad_config(void **state)
{
	(void)state;
	GatesConfig c = gates_defaults();
	GatesResult r;
	c.steps = 0;
	assert_int_not_equal(gates_run(&c, &r), ST_OK);
	assert_non_null(strstr(status_detail(), "--steps must be between 1 and 1000, got 0"));
	assert_null(r.value);
	c = gates_defaults();
	c.cell = REC_RNN;
	assert_int_not_equal(gates_run(&c, &r), ST_OK);
	assert_non_null(strstr(status_detail(), "--cell must be lstm or gru"));
	c = gates_defaults();
	c.hidden = GATES_MAX_HIDDEN + 1;
	assert_int_not_equal(gates_run(&c, &r), ST_OK);
	assert_non_null(strstr(status_detail(), "--hidden must be between 1 and 64"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lstm_gates_rebuild_the_states),
		cmocka_unit_test(test_gru_gates_rebuild_the_states),
		cmocka_unit_test(test_forget_bias_moves_f),
		cmocka_unit_test(test_bad_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
