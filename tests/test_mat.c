/* test_mat: the dense kernels of src/core/mat.c. mat_gemm against a naive triple loop in all
 * four transpose cases, at odd sizes that leave remainders in every unrolled loop and panel,
 * overwriting and accumulating, and without memory for its packing buffer; the products it
 * sends to OpenBLAS (when built with it) against the same loop, and taken by size; mat_norm
 * without overflow or underflow at 1e+-200; mat_all_finite naming the first bad element. */
#include "test_util.h"

#include "core/blas.h"
#include "core/mat.h"
#include "core/mem.h"

#include <float.h>
#include <string.h>

/* {==== Matrix product ==== */

/* C (M,N) = beta*C + op(A) op(B), the slow and obvious way. */
static void naive_gemm(Mat *C, const Mat *A, int ta, const Mat *B, int tb, double beta)
{
	int M = C->rows, N = C->cols, K = ta ? A->rows : A->cols;
	for (int i = 0; i < M; i++)
		for (int j = 0; j < N; j++) {
			double s = 0.0;
			for (int k = 0; k < K; k++) {
				double a = ta ? MAT_AT(A, k, i) : MAT_AT(A, i, k);
				double b = tb ? MAT_AT(B, j, k) : MAT_AT(B, k, j);
				s += a * b;
			}
			MAT_AT(C, i, j) = beta * MAT_AT(C, i, j) + s;
		}
}

/* One product on one path (mat_gemm's own choice when path is -1) against the naive loop. */
static void check_gemm_on(int path, int M, int N, int K, int ta, int tb, double beta, Rng *rng)
{
	Mat *A = ta ? mat_new(K, M) : mat_new(M, K);
	Mat *B = tb ? mat_new(N, K) : mat_new(K, N);
	Mat *C = mat_new(M, N), *E = mat_new(M, N);
	assert_non_null(A);
	assert_non_null(B);
	assert_non_null(C);
	assert_non_null(E);
	mat_fill_normal(A, rng, 1.0);
	mat_fill_normal(B, rng, 1.0);
	/* With beta 0 the old contents must vanish, NaN included. */
	if (beta == 0.0)
		for (size_t i = 0; i < mat_size(C); i++)
			C->data[i] = NAN;
	else
		mat_fill_normal(C, rng, 1.0);
	mat_copy(E, C);
	if (beta == 0.0)
		mat_zero(E);
	naive_gemm(E, A, ta, B, tb, beta);
	if (path < 0)
		mat_gemm(C, A, ta, B, tb, beta);
	else
		mat_gemm_on((MatGemmPath)path, C, A, ta, B, tb, beta);
	for (size_t i = 0; i < mat_size(C); i++)
		if (!close_enough(E->data[i], C->data[i], 1e-12, 1e-12))
			fail_msg("gemm path %d M=%d N=%d K=%d transA=%d transB=%d beta=%g: "
				 "C[%zu,%zu] expected %.17g, got %.17g",
				 path, M, N, K, ta, tb, beta, i / (size_t)N, i % (size_t)N, E->data[i],
				 C->data[i]);
	mat_free(A);
	mat_free(B);
	mat_free(C);
	mat_free(E);
}

static void check_gemm(int M, int N, int K, int ta, int tb, double beta, Rng *rng)
{
	check_gemm_on(-1, M, N, K, ta, tb, beta, rng);
}

static void test_gemm_matches_naive_loop(void **state)
{
	(void)state;
	static const int sizes[] = { 1, 3, 17, 33 };
	Rng rng;
	rng_seed(&rng, 2024);
	/* every (M, N, K) from sizes, every transpose pair, beta 0 and 1 */
	for (int c = 0; c < 4 * 4 * 4 * 4 * 2; c++) {
		int M = sizes[c % 4], N = sizes[c / 4 % 4], K = sizes[c / 16 % 4];
		int ta = c / 64 % 2, tb = c / 128 % 2;
		double beta = c / 256 % 2;
		check_gemm(M, N, K, ta, tb, beta, &rng);
	}
}

/* Products above the crossover, on both paths and on mat_gemm's choice, in every layout,
 * overwriting (NaN in C must vanish) and accumulating: OpenBLAS gets the right leading
 * dimensions and transposes, and the own kernel still serves the large sizes of a build
 * without it. */
static void test_gemm_large_on_each_path(void **state)
{
	(void)state;
	static const int sizes[][3] = { { 64, 96, 80 }, { 37, 129, 65 }, { 5, 300, 70 } };
	Rng rng;
	rng_seed(&rng, 15);
	for (int c = 0; c < 3 * 4 * 2; c++) {
		const int *s = sizes[c % 3];
		int ta = c / 3 % 2, tb = c / 6 % 2;
		double beta = c / 12 % 2;
		check_gemm_on(-1, s[0], s[1], s[2], ta, tb, beta, &rng);
		check_gemm_on(MAT_GEMM_OWN, s[0], s[1], s[2], ta, tb, beta, &rng);
		if (blas_linked())
			check_gemm_on(MAT_GEMM_BLAS, s[0], s[1], s[2], ta, tb, beta, &rng);
	}
}

/* The path by size: with OpenBLAS linked, a product of 4 rows or more goes to it, a tiny
 * one or one of 1 to 3 rows (a recurrent step at batch 1) stays with the own kernel; without it,
 * everything does. mat_gemm takes that path: its result is the forced path's, bit for bit. */
static void test_gemm_path_by_size(void **state)
{
	(void)state;
	MatGemmPath big = blas_linked() ? MAT_GEMM_BLAS : MAT_GEMM_OWN;
	assert_int_equal(mat_gemm_path(32, 1024, 256), big);
	assert_int_equal(mat_gemm_path(3200, 1024, 256), big);
	assert_int_equal(mat_gemm_path(4, 32, 8), big);
	assert_int_equal(mat_gemm_path(4, 4, 4), MAT_GEMM_OWN);
	assert_int_equal(mat_gemm_path(3, 1024, 256), MAT_GEMM_OWN);
	assert_int_equal(mat_gemm_path(1, 4096, 4096), MAT_GEMM_OWN);
	Rng rng;
	rng_seed(&rng, 16);
	static const int sizes[][3] = { { 6, 7, 8 }, { 40, 200, 100 } };
	for (int s = 0; s < 2; s++) {
		int M = sizes[s][0], N = sizes[s][1], K = sizes[s][2];
		Mat *A = mat_new(M, K), *B = mat_new(N, K), *C = mat_new(M, N), *E = mat_new(M, N);
		assert_non_null(E);
		mat_fill_normal(A, &rng, 1.0);
		mat_fill_normal(B, &rng, 1.0);
		mat_gemm(C, A, 0, B, 1, 0.0);
		mat_gemm_on(mat_gemm_path(M, N, K), E, A, 0, B, 1, 0.0);
		assert_memory_equal(C->data, E->data, mat_size(C) * sizeof(double));
		mat_free(A);
		mat_free(B);
		mat_free(C);
		mat_free(E);
	}
}

/* With no memory for its packing buffer, mat_gemm falls back to plain loops: still right. */
static void test_gemm_without_memory(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 77);
	for (int ta = 0; ta < 2; ta++)
		for (int tb = 0; tb < 2; tb++) {
			/* K larger than any product before, so the buffer would have to grow. */
			int M = 9, N = 11, K = 3000 + 500 * (2 * ta + tb);
			Mat *A = ta ? mat_new(K, M) : mat_new(M, K);
			Mat *B = tb ? mat_new(N, K) : mat_new(K, N);
			Mat *C = mat_new(M, N), *E = mat_new(M, N);
			assert_non_null(E);
			double beta = ta == tb ? 0.0 : 1.0;
			mat_fill_normal(A, &rng, 1.0);
			mat_fill_normal(B, &rng, 1.0);
			mat_fill_normal(C, &rng, 1.0);
			mat_copy(E, C);
			naive_gemm(E, A, ta, B, tb, beta);
			long before = mem_count();
			mem_fail_after(0);
			mat_gemm_on(MAT_GEMM_OWN, C, A, ta, B, tb, beta);
			mem_fail_after(-1);
			assert_int_equal(mem_count() - before, 1); /* it did ask, and was refused */
			assert_mat_close(E, C, 1e-11, 1e-11);
			mat_free(A);
			mat_free(B);
			mat_free(C);
			mat_free(E);
		}
}

/* A product small enough to do by hand, in every layout. */
static void test_gemm_by_hand(void **state)
{
	(void)state;
	Mat A = { 2, 3, (double[]){ 1, 2, 3, 4, 5, 6 } };
	Mat At = { 3, 2, (double[]){ 1, 4, 2, 5, 3, 6 } };
	Mat B = { 3, 2, (double[]){ 7, 8, 9, 10, 11, 12 } };
	Mat Bt = { 2, 3, (double[]){ 7, 9, 11, 8, 10, 12 } };
	Mat E = { 2, 2, (double[]){ 58, 64, 139, 154 } };
	Mat *C = mat_new(2, 2);
	const Mat *as[2] = { &A, &At }, *bs[2] = { &B, &Bt };
	for (int ta = 0; ta < 2; ta++)
		for (int tb = 0; tb < 2; tb++) {
			mat_gemm(C, as[ta], ta, bs[tb], tb, 0.0);
			assert_mat_close(&E, C, 0, 0);
		}
	/* beta 1 accumulates: twice the product */
	mat_gemm(C, &A, 0, &B, 0, 1.0);
	Mat E2 = { 2, 2, (double[]){ 116, 128, 278, 308 } };
	assert_mat_close(&E2, C, 0, 0);
	mat_free(C);
}

/* }==== */

/* {==== Norm ==== */

static void test_norm_simple(void **state)
{
	(void)state;
	Mat v = { 1, 2, (double[]){ 3, -4 } };
	assert_close(5.0, mat_norm(&v), 0, 1e-15);
	Mat z = { 2, 2, (double[]){ 0, 0, 0, 0 } };
	assert_true(mat_norm(&z) == 0.0);
	Mat m = { 2, 3, (double[]){ 1, -2, 0, 2, 0, -4 } };
	assert_close(5.0, mat_norm(&m), 0, 1e-15);

	/* Random values against the plain formula. */
	Mat *r = mat_new(7, 9);
	Rng rng;
	rng_seed(&rng, 3);
	mat_fill_normal(r, &rng, 2.0);
	double ss = 0.0;
	for (size_t i = 0; i < mat_size(r); i++)
		ss += r->data[i] * r->data[i];
	assert_close(sqrt(ss), mat_norm(r), 0, 1e-14);
	mat_free(r);
}

static void test_norm_of_huge_and_tiny_values(void **state)
{
	(void)state;
	/* A naive sum of squares overflows to inf here ... */
	Mat big = { 1, 3, (double[]){ 1e200, -1e200, 1e200 } };
	assert_close(sqrt(3.0) * 1e200, mat_norm(&big), 0, 1e-15);
	/* ... and underflows to 0 here. */
	Mat tiny = { 1, 4, (double[]){ 3e-200, 0, -4e-200, 0 } };
	assert_close(5e-200, mat_norm(&tiny), 0, 1e-15);
	Mat sub = { 1, 2, (double[]){ 3 * DBL_TRUE_MIN, 4 * DBL_TRUE_MIN } };
	assert_true(mat_norm(&sub) > 0.0);
	/* Mixed magnitudes: the small ones vanish next to the large one, nothing breaks. */
	Mat mixed = { 1, 3, (double[]){ 1e-200, 1e200, 1e-200 } };
	assert_close(1e200, mat_norm(&mixed), 0, 1e-15);
	/* Order does not matter: growing scale after small values. */
	Mat rising = { 1, 3, (double[]){ 1e-200, 3e200, 4e200 } };
	assert_close(5e200, mat_norm(&rising), 0, 1e-15);
	/* Close to DBL_MAX the result itself still fits. */
	Mat edge = { 1, 2, (double[]){ DBL_MAX / 2, DBL_MAX / 2 } };
	double n = mat_norm(&edge);
	assert_true(isfinite(n));
	assert_close(DBL_MAX / sqrt(2.0), n, 0, 1e-15);
}

static void test_norm_of_non_finite(void **state)
{
	(void)state;
	Mat inf = { 1, 3, (double[]){ 1, -INFINITY, 2 } };
	assert_true(isinf(mat_norm(&inf)) && mat_norm(&inf) > 0);
	Mat nan = { 1, 3, (double[]){ 1, 2, NAN } };
	assert_true(isnan(mat_norm(&nan)));
}

/* }==== */

/* {==== Finite check and the small helpers ==== */

static void test_all_finite(void **state)
{
	(void)state;
	Mat *m = mat_new(3, 4);
	size_t bad = 12345;
	assert_true(mat_all_finite(m, &bad));
	assert_int_equal(bad, 12345); /* untouched when all are finite */
	m->data[11] = DBL_MAX;
	m->data[0] = -DBL_MAX;
	assert_true(mat_all_finite(m, NULL));

	m->data[9] = NAN;
	assert_false(mat_all_finite(m, &bad));
	assert_int_equal(bad, 9);
	m->data[6] = INFINITY;
	assert_false(mat_all_finite(m, &bad));
	assert_int_equal(bad, 6); /* the first one */
	m->data[2] = -INFINITY;
	assert_false(mat_all_finite(m, NULL));
	assert_false(mat_all_finite(m, &bad));
	assert_int_equal(bad, 2);

	Mat last = { 1, 5, (double[]){ 0, 0, 0, 0, NAN } };
	assert_false(mat_all_finite(&last, &bad));
	assert_int_equal(bad, 4);
	mat_free(m);
}

static void test_new_clone_dot(void **state)
{
	(void)state;
	assert_null(mat_new(0, 3));
	assert_null(mat_new(3, -1));
	mat_free(NULL);
	Mat *m = mat_new(2, 3);
	assert_non_null(m);
	for (size_t i = 0; i < mat_size(m); i++) {
		assert_true(m->data[i] == 0.0);
		m->data[i] = (double)i + 1;
	}
	assert_true(MAT_AT(m, 1, 0) == 4.0);
	Mat *c = mat_clone(m);
	assert_non_null(c);
	assert_ptr_not_equal(c->data, m->data);
	assert_mat_close(m, c, 0, 0);
	assert_close(91.0, mat_dot(m, c), 0, 0);
	mat_zero(c);
	assert_close(0.0, mat_norm(c), 0, 0);
	mat_free(m);
	mat_free(c);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gemm_matches_naive_loop),
		cmocka_unit_test(test_gemm_without_memory),
		cmocka_unit_test(test_gemm_by_hand),
		cmocka_unit_test(test_gemm_large_on_each_path),
		cmocka_unit_test(test_gemm_path_by_size),
		cmocka_unit_test(test_norm_simple),
		cmocka_unit_test(test_norm_of_huge_and_tiny_values),
		cmocka_unit_test(test_norm_of_non_finite),
		cmocka_unit_test(test_all_finite),
		cmocka_unit_test(test_new_clone_dot),
	};
	return cmocka_run_group_tests_name("mat", tests, NULL, NULL);
}
