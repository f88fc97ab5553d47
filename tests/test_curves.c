/* test_curves: the activation curves (src/lab/curves.c): the table's samples as asked, and
 * the plot's points, where f' jumps, both one-sided limits at the jump itself, so that the
 * plotted derivative rises straight up there instead of ramping between two samples. */
#include "test_util.h"

#include "lab/curves.h"

static Curve *compute(Activation act, double param, double from, double to, int n)
{
	Curve *c = curves_compute(act, param, from, to, n);
	if (!c)
		fail_msg("curves_compute: %s", status_detail());
	return c;
}

/* The index in the plot's points of the first point at x, or -1. */
static int plot_index(const Curve *c, double x)
{
	for (int i = 0; i < c->n_plot; i++)
		if (c->px[i] == x)
			return i;
	return -1;
}

/* relu on a grid with 0 on it: left limit 0, then relu'(0) = 0 as PyTorch has it, then
 * the right limit 1, all at x = 0; every sample is still there, in order. */
static void test_relu_jump_on_a_sample(void **state)
{
	(void)state;
	Curve *c = compute(ACT_RELU, 0, -4, 4, 17);
	assert_int_equal(c->n, 17);
	assert_int_equal(c->n_plot, 19);
	int z = plot_index(c, 0);
	assert_true(z > 0);
	assert_true(c->px[z] == 0 && c->px[z + 1] == 0 && c->px[z + 2] == 0);
	assert_true(c->pdf[z] == 0 && c->pdf[z + 1] == 0 && c->pdf[z + 2] == 1);
	assert_true(c->pf[z] == 0 && c->pf[z + 2] == 0);
	for (int i = 1; i < c->n_plot; i++)
		assert_true(c->px[i - 1] <= c->px[i]);
	/* the table's samples are untouched: the CSV and the table do not change */
	for (int i = 0; i < c->n; i++)
		assert_close(-4 + 0.5 * i, c->x[i], 0, 1e-15);
	assert_int_equal(c->dead, 9);
	curves_free(c);
}

/* A grid without 0 on it (-1, -1/3, 1/3, 1): the two limits go between the samples; leaky
 * relu jumps from its slope to 1. */
static void test_leaky_jump_between_samples(void **state)
{
	(void)state;
	Curve *c = compute(ACT_LEAKY_RELU, 0.1, -1, 1, 4);
	assert_int_equal(c->n_plot, 6);
	assert_true(c->px[1] < 0 && c->px[2] == 0 && c->px[3] == 0 && c->px[4] > 0);
	assert_close(0.1, c->pdf[2], 0, 1e-15);
	assert_close(1.0, c->pdf[3], 0, 1e-15);
	curves_free(c);
}

/* No jump, no extra point: smooth functions, elu with alpha 1 (f' is continuous at 0), a
 * range that does not reach 0, one point. elu with alpha 0.5 jumps from 0.5 to 1. */
static void test_no_jump(void **state)
{
	(void)state;
	struct {
		Activation act;
		double param, from, to;
		int n, extra;
	} cases[] = {
		{ ACT_SIGMOID, 0, -6, 6, 121, 0 }, { ACT_TANH, 0, -6, 6, 121, 0 },
		{ ACT_ELU, 1, -4, 4, 17, 0 },      { ACT_RELU, 0, 1, 4, 7, 0 },
		{ ACT_RELU, 0, 0, 0, 1, 0 },       { ACT_LEAKY_RELU, 1, -1, 1, 5, 0 },
		{ ACT_ELU, 0.5, -4, 4, 17, 2 },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		Curve *c = compute(cases[k].act, cases[k].param, cases[k].from, cases[k].to,
				   cases[k].n);
		assert_int_equal(c->n_plot, cases[k].n + cases[k].extra);
		curves_free(c);
	}
	Curve *c = compute(ACT_ELU, 0.5, -4, 4, 17);
	int z = plot_index(c, 0);
	assert_close(0.5, c->pdf[z], 0, 1e-12);
	assert_close(1.0, c->pdf[z + 2], 0, 1e-12);
	curves_free(c);
	curves_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relu_jump_on_a_sample),
		cmocka_unit_test(test_leaky_jump_between_samples),
		cmocka_unit_test(test_no_jump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
