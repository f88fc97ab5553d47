/* test_init: orthogonal init is orthogonal, the spectral norm is the largest singular
 * value, and rescaling hits the radius the vanishing-gradient lesson asks for. */
#include "test_util.h"

#include "nn/init.h"

static void test_orthogonal_rows_are_orthonormal(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 3);
	Mat *W = mat_new(3 * 7, 7);
	assert_int_equal(init_orthogonal(W, 7, 7, &rng), ST_OK);
	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 7; j++) {
			double d = 0;
			for (int k = 0; k < 7; k++)
				d += MAT_AT(W, 7 + i, k) * MAT_AT(W, 7 + j, k);
			assert_close(i == j ? 1.0 : 0.0, d, 1e-14, 0);
		}
	/* Rows outside the block are untouched. */
	for (int k = 0; k < 7; k++)
		assert_true(MAT_AT(W, 0, k) == 0.0 && MAT_AT(W, 20, k) == 0.0);
	assert_close(1.0, init_spectral_norm(W, 7, 7), 0, 1e-13);
	assert_int_equal(init_orthogonal(W, 15, 7, &rng), ST_ESHAPE);
	mat_free(W);
}

static void test_spectral_norm_of_known_matrices(void **state)
{
	(void)state;
	Mat *D = mat_new(3, 3);
	MAT_AT(D, 0, 0) = 0.5;
	MAT_AT(D, 1, 1) = -3.0;
	MAT_AT(D, 2, 2) = 2.0;
	assert_close(3.0, init_spectral_norm(D, 0, 3), 0, 1e-12);
	/* [[1, 1], [0, 1]]: largest singular value is the golden ratio */
	Mat *S = mat_new(2, 2);
	MAT_AT(S, 0, 0) = MAT_AT(S, 0, 1) = MAT_AT(S, 1, 1) = 1.0;
	assert_close((1 + sqrt(5.0)) / 2, init_spectral_norm(S, 0, 2), 0, 1e-12);
	mat_zero(S);
	assert_close(0.0, init_spectral_norm(S, 0, 2), 0, 0);
	assert_int_equal(init_set_spectral_norm(S, 0, 2, 1.0), ST_ERANGE);
	mat_free(D);
	mat_free(S);
}

static void test_rescale_hits_the_radius(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 11);
	Mat *W = mat_new(32, 32);
	init_gaussian(W, &rng);
	assert_int_equal(init_set_spectral_norm(W, 0, 32, 1.1), ST_OK);
	assert_close(1.1, init_spectral_norm(W, 0, 32), 0, 1e-10);
	mat_free(W);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orthogonal_rows_are_orthonormal),
		cmocka_unit_test(test_spectral_norm_of_known_matrices),
		cmocka_unit_test(test_rescale_hits_the_radius),
	};
	return cmocka_run_group_tests_name("init", tests, NULL, NULL);
}
