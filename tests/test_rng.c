/* test_rng: the seedable generator (src/core/rng.c). The same seed gives the same stream
 * (and the published splitmix64/xoshiro256** numbers, so --seed means the same everywhere),
 * different seeds differ, normals have mean 0 and variance 1, uniforms and rng_below stay
 * in range and cover it. */
#include "test_util.h"

#include "core/rng.h"

static void test_same_seed_same_stream(void **state)
{
	(void)state;
	Rng a, b;
	rng_seed(&a, 12345);
	rng_seed(&b, 12345);
	for (int i = 0; i < 1000; i++)
		assert_true(rng_next(&a) == rng_next(&b));
	/* Re-seeding restarts the stream, through every kind of draw. */
	rng_seed(&a, 99);
	double u = rng_uniform(&a), n = rng_normal(&a), r = rng_range(&a, -3, 5);
	int k = rng_below(&a, 1000);
	rng_seed(&a, 99);
	assert_true(u == rng_uniform(&a));
	assert_true(n == rng_normal(&a));
	assert_true(r == rng_range(&a, -3, 5));
	assert_int_equal(k, rng_below(&a, 1000));
}

/* Seeding is splitmix64 (Vigna's test vector for seed 0), generation xoshiro256**. */
static void test_reference_numbers(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 0);
	assert_true(r.s[0] == 0xe220a8397b1dcdafULL);
	assert_true(r.s[1] == 0x6e789e6aa1b965f4ULL);
	assert_true(r.s[2] == 0x06c45d188009454fULL);
	assert_true(r.s[3] == 0xf88bb8a8724c81ecULL);
	assert_true(rng_next(&r) == 0x99ec5f36cb75f2b4ULL);
	assert_true(rng_next(&r) == 0xbf6e1f784956452aULL);
	assert_true(rng_next(&r) == 0x1a5f849d4933e6e0ULL);
}

/* Skipping n normals leaves the stream where n draws would: the next numbers are the same. */
static void test_skip_normals(void **state)
{
	(void)state;
	static const size_t skips[] = { 0, 1, 2, 7, 1000 };
	for (size_t k = 0; k < sizeof skips / sizeof skips[0]; k++) {
		Rng drawn, skipped;
		rng_seed(&drawn, 99);
		rng_seed(&skipped, 99);
		for (size_t i = 0; i < skips[k]; i++)
			rng_normal(&drawn);
		rng_skip_normals(&skipped, skips[k]);
		for (int i = 0; i < 3; i++)
			assert_true(rng_normal(&drawn) == rng_normal(&skipped));
		assert_true(rng_next(&drawn) == rng_next(&skipped));
	}
}

static void test_different_seeds_differ(void **state)
{
	(void)state;
	static const uint64_t seeds[] = { 0, 1, 2, 42, 0xffffffffffffffffULL };
	enum { NS = sizeof seeds / sizeof seeds[0], DRAWS = 64 };
	uint64_t first[NS][DRAWS];
	for (int s = 0; s < NS; s++) {
		Rng r;
		rng_seed(&r, seeds[s]);
		for (int i = 0; i < DRAWS; i++)
			first[s][i] = rng_next(&r);
	}
	/* Not a single equal draw at the same position between any two seeds. */
	for (int s = 0; s < NS; s++)
		for (int t = s + 1; t < NS; t++) {
			int same = 0;
			for (int i = 0; i < DRAWS; i++)
				same += first[s][i] == first[t][i];
			if (same)
				fail_msg("seeds %d and %d agree on %d of %d draws", s, t, same,
					 DRAWS);
		}
	/* Nor is a stream constant. */
	for (int i = 1; i < DRAWS; i++)
		assert_true(first[0][i] != first[0][i - 1]);
}

static void test_uniform_in_range(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 7);
	double sum = 0, lo = 1, hi = 0;
	for (int i = 0; i < 100000; i++) {
		double u = rng_uniform(&r);
		assert_true(u >= 0.0 && u < 1.0);
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
		sum += u;
		double x = rng_range(&r, -2.5, 4.0);
		assert_true(x >= -2.5 && x < 4.0);
	}
	assert_close(0.5, sum / 100000, 0.01, 0);
	assert_true(lo < 1e-3 && hi > 1 - 1e-3);
}

static void test_normal_moments(void **state)
{
	(void)state;
	enum { N = 100000 };
	Rng r;
	rng_seed(&r, 2718);
	double sum = 0, sumsq = 0, sum4 = 0;
	int beyond_2 = 0;
	for (int i = 0; i < N; i++) {
		double x = rng_normal(&r);
		assert_true(isfinite(x));
		sum += x;
		sumsq += x * x;
		sum4 += x * x * x * x;
		beyond_2 += fabs(x) > 2;
	}
	double mean = sum / N, var = sumsq / N - mean * mean;
	/* Standard errors are about 0.003 (mean), 0.0045 (variance): these bounds are loose. */
	assert_close(0.0, mean, 0.02, 0);
	assert_close(1.0, var, 0.03, 0);
	assert_close(3.0, sum4 / N, 0.15, 0);            /* normal kurtosis, not uniform's 1.8 */
	assert_close(0.0455, (double)beyond_2 / N, 0.005, 0); /* P(|x| > 2) */
}

static void test_below_in_range(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 31);
	static const int ns[] = { 1, 2, 7, 10, 1000 };
	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		int n = ns[k];
		int seen[1000] = { 0 };
		for (int i = 0; i < 20000; i++) {
			int v = rng_below(&r, n);
			if (v < 0 || v >= n)
				fail_msg("rng_below(%d) gave %d", n, v);
			seen[v]++;
		}
		/* Every value turns up, roughly equally often. */
		for (int v = 0; v < n; v++) {
			if (seen[v] == 0)
				fail_msg("rng_below(%d) never gave %d in 20000 draws", n, v);
			if (n <= 10)
				assert_close(20000.0 / n, seen[v], 0, 0.1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_stream),
		cmocka_unit_test(test_reference_numbers),
		cmocka_unit_test(test_different_seeds_differ),
		cmocka_unit_test(test_skip_normals),
		cmocka_unit_test(test_uniform_in_range),
		cmocka_unit_test(test_normal_moments),
		cmocka_unit_test(test_below_in_range),
	};
	return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
