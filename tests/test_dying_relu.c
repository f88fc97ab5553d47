/* test_dying_relu: the dying-ReLU experiment. Its gradients agree with finite differences
 * (away from the corners); a unit off for every input gets exactly zero gradient and never
 * moves, while the leaky unit beside it moves from the first step and a unit on for some
 * inputs learns the target. */
#include "test_util.h"

#include "lab/dying_relu.h"

/* central differences of the unit's loss in w and b */
static void numeric(const DyingReluConfig *c, int leaky, double w, double b, double *dw, double *db)
{
	const double h = 1e-6;
	double lp, lm, g1, g2;
	int a;
	assert_int_equal(dying_relu_loss(c, leaky, w + h, b, &lp, &g1, &g2, &a), ST_OK);
	assert_int_equal(dying_relu_loss(c, leaky, w - h, b, &lm, &g1, &g2, &a), ST_OK);
	*dw = (lp - lm) / (2 * h);
	assert_int_equal(dying_relu_loss(c, leaky, w, b + h, &lp, &g1, &g2, &a), ST_OK);
	assert_int_equal(dying_relu_loss(c, leaky, w, b - h, &lm, &g1, &g2, &a), ST_OK);
	*db = (lp - lm) / (2 * h);
}

static void test_gradient_matches_finite_differences(void **state)
{
	(void)state;
	DyingReluConfig c = dying_relu_defaults();
	c.slope = 0.07;
	/* dead, partly active (no input on a corner: x = k/10, w x + b != 0), fully active */
	const double points[][2] = { { 1, -3 }, { 1.3, -0.55 }, { -0.8, 0.33 }, { 2.5, 0.2 } };
	for (size_t p = 0; p < sizeof points / sizeof points[0]; p++)
		for (int leaky = 0; leaky < 2; leaky++) {
			double L, dw, db, nw, nb;
			int active;
			assert_int_equal(dying_relu_loss(&c, leaky, points[p][0], points[p][1], &L, &dw,
							 &db, &active), ST_OK);
			numeric(&c, leaky, points[p][0], points[p][1], &nw, &nb);
			assert_close(nw, dw, 1e-8, 1e-6);
			assert_close(nb, db, 1e-8, 1e-6);
		}
}

static void test_dead_unit_never_moves(void **state)
{
	(void)state;
	DyingReluConfig c = dying_relu_defaults();
	c.steps = 50;
	DyingReluResult r;
	assert_int_equal(dying_relu_run(&c, &r), ST_OK);
	const DyingReluTrace *relu = &r.unit[0], *leaky = &r.unit[1];
	for (int s = 0; s <= c.steps; s++) {
		assert_true(relu->dw[s] == 0 && relu->db[s] == 0);
		assert_true(relu->w[s] == c.weight && relu->b[s] == c.bias);
		assert_int_equal(relu->active[s], 0);
	}
	/* target 2x + 1 on x = 0, 0.1, ..., 1: mean of (2x + 1)^2 = 4.4 */
	assert_close(4.4, relu->loss[c.steps], 1e-12, 1e-12);
	/* the leaky unit's b rises at every step: dL/db < 0 */
	for (int s = 0; s < c.steps; s++) {
		assert_true(leaky->db[s] < 0);
		assert_true(leaky->b[s + 1] > leaky->b[s]);
		assert_close(leaky->b[s] - c.lr * leaky->db[s], leaky->b[s + 1], 0, 1e-15);
	}
	dying_relu_result_free(&r);
	dying_relu_result_free(&r);
}

/* Off for some inputs is not dead: from b = -0.5 (on for x > 0.5) the ReLU unit learns
 * w = 2, b = 1; and a leaky unit with slope 0.1 comes back from b = -3. */
static void test_live_units_learn(void **state)
{
	(void)state;
	DyingReluConfig c = dying_relu_defaults();
	c.bias = -0.5;
	c.steps = 300;
	DyingReluResult r;
	assert_int_equal(dying_relu_run(&c, &r), ST_OK);
	assert_close(2.0, r.unit[0].w[c.steps], 1e-6, 0);
	assert_close(1.0, r.unit[0].b[c.steps], 1e-6, 0);
	assert_int_equal(r.unit[0].active[c.steps], c.points);
	dying_relu_result_free(&r);
	c = dying_relu_defaults();
	c.slope = 0.1;
	c.steps = 40;
	assert_int_equal(dying_relu_run(&c, &r), ST_OK);
	assert_int_equal(r.unit[1].active[0], 0);
	assert_int_equal(r.unit[1].active[c.steps], c.points);
	assert_true(r.unit[1].loss[c.steps] < 0.01);
	dying_relu_result_free(&r);
}

static void test_bad_config(void **state)
{
	(void)state;
	DyingReluConfig c = dying_relu_defaults();
	DyingReluResult r;
	c.points = 0;
	assert_int_not_equal(dying_relu_run(&c, &r), ST_OK);
	assert_non_null(strstr(status_detail(), "--points must be between 1 and 1000, got 0"));
	c = dying_relu_defaults();
	c.lr = 0;
	assert_int_not_equal(dying_relu_run(&c, &r), ST_OK);
	assert_non_null(strstr(status_detail(), "--lr greater than 0"));
	assert_null(r.unit[0].w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gradient_matches_finite_differences),
		cmocka_unit_test(test_dead_unit_never_moves),
		cmocka_unit_test(test_live_units_learn),
		cmocka_unit_test(test_bad_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
