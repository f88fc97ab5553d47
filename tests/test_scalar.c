/* test_scalar: the fast tanh agrees with libm to a few units in the last place. */
#include "test_util.h"

#include "core/rng.h"
#include "core/scalar.h"

static double rel(double a, double b)
{
	return a == b ? 0.0 : fabs(a - b) / fmax(fabs(a), fabs(b));
}

static void test_tanh_matches_libm(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 5);
	double worst = 0;
	for (int i = 0; i < 200000; i++) {
		/* uniform in [-20, 20] and log-uniform magnitudes 1e-300 .. 1 */
		double x = i % 2 ? rng_range(&r, -20, 20)
				 : (i % 4 ? 1 : -1) * pow(10.0, rng_range(&r, -300, 0));
		worst = fmax(worst, rel(tanh(x), scalar_tanh(x)));
	}
	if (worst > 5e-16)
		fail_msg("largest relative difference from libm tanh: %.3g", worst);
	/* around the switch between the two formulas */
	for (double x = 0.6; x < 0.65; x += 1e-5)
		assert_true(rel(tanh(x), scalar_tanh(x)) <= 5e-16);
}

/* Against 1/(1 + e^-x) in long double, which has 11 more bits than the result needs. */
static void test_sigmoid_matches_extended_precision(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 6);
	double worst = 0;
	for (int i = 0; i < 200000; i++) {
		double x = i % 2 ? rng_range(&r, -3, 3) : rng_range(&r, -700, 700);
		long double ref = 1.0L / (1.0L + expl(-(long double)x));
		worst = fmax(worst, rel((double)ref, scalar_sigmoid(x)));
	}
	if (worst > 5e-16)
		fail_msg("largest relative difference from extended precision: %.3g", worst);
	assert_true(scalar_sigmoid(0.0) == 0.5);
	assert_true(scalar_sigmoid(-800.0) == 0.0 && scalar_sigmoid(800.0) == 1.0);
	assert_true(isnan(scalar_sigmoid(NAN)));
}

static void test_tanh_edges(void **state)
{
	(void)state;
	assert_true(scalar_tanh(0.0) == 0.0 && !signbit(scalar_tanh(0.0)));
	assert_true(signbit(scalar_tanh(-0.0)));
	assert_true(scalar_tanh(INFINITY) == 1.0 && scalar_tanh(-INFINITY) == -1.0);
	assert_true(scalar_tanh(400.0) == 1.0 && scalar_tanh(-1000.0) == -1.0);
	assert_true(isnan(scalar_tanh(NAN)));
	assert_true(scalar_tanh(1e-300) == 1e-300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tanh_matches_libm),
		cmocka_unit_test(test_sigmoid_matches_extended_precision),
		cmocka_unit_test(test_tanh_edges),
	};
	return cmocka_run_group_tests_name("scalar", tests, NULL, NULL);
}
