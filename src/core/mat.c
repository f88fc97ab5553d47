/* mat: allocation and the dense kernels. The matrix product is written so that the
 * innermost loop runs along contiguous rows, which the compiler vectorises. */
#include "core/mat.h"

#include "core/blas.h"
#include "core/invariant.h"
#include "core/mem.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

Mat *mat_new(int rows, int cols)
{
	if (rows <= 0 || cols <= 0)
		return NULL;
	Mat *m = mem_alloc(sizeof *m);
	if (!m)
		return NULL;
	m->rows = rows;
	m->cols = cols;
	m->data = mem_calloc((size_t)rows * (size_t)cols, sizeof(double));
	if (!m->data) {
		mem_free(m);
		return NULL;
	}
	return m;
}

void mat_free(Mat *m)
{
	if (!m)
		return;
	mem_free(m->data);
	mem_free(m);
}

Mat *mat_clone(const Mat *m)
{
	Mat *c = mat_new(m->rows, m->cols);
	if (c)
		mat_copy(c, m);
	return c;
}

void mat_zero(Mat *m)
{
	memset(m->data, 0, mat_size(m) * sizeof(double));
}

void mat_copy(Mat *dst, const Mat *src)
{
	GL_ASSERT(dst->rows == src->rows && dst->cols == src->cols, "a copy goes between matrices of one shape");
	memmove(dst->data, src->data, mat_size(src) * sizeof(double));
}

void mat_fill_normal(Mat *m, Rng *r, double std)
{
	for (size_t i = 0; i < mat_size(m); i++)
		m->data[i] = std * rng_normal(r);
}

void mat_fill_uniform(Mat *m, Rng *r, double lo, double hi)
{
	for (size_t i = 0; i < mat_size(m); i++)
		m->data[i] = rng_range(r, lo, hi);
}

double mat_norm(const Mat *m)
{
	/* Scaled sum of squares, so that norms near 1e+200 or 1e-200 do not overflow. */
	double scale = 0.0, ssq = 1.0;
	for (size_t i = 0; i < mat_size(m); i++) {
		double a = fabs(m->data[i]);
		if (a == 0.0)
			continue;
		if (!isfinite(a))
			return a;
		if (scale < a) {
			ssq = 1.0 + ssq * (scale / a) * (scale / a);
			scale = a;
		} else {
			ssq += (a / scale) * (a / scale);
		}
	}
	return scale * sqrt(ssq);
}

double mat_dot(const Mat *a, const Mat *b)
{
	GL_ASSERT(mat_size(a) == mat_size(b), "both matrices hold as many values");
	double s = 0.0;
	for (size_t i = 0; i < mat_size(a); i++)
		s += a->data[i] * b->data[i];
	return s;
}

int mat_all_finite(const Mat *m, size_t *first_bad)
{
	for (size_t i = 0; i < mat_size(m); i++) {
		if (!isfinite(m->data[i])) {
			if (first_bad)
				*first_bad = i;
			return 0;
		}
	}
	return 1;
}

/* {==== Matrix product ==== */

/* Two ways to multiply, chosen by the shape:
 * - one or a few rows of A (a recurrent step with batch 1), or a sum over a few k (the
 *   outer product of a weight gradient): stream through B once, as
 *   row updates c += a_ik * B[k,:] when B is row-major, or as dot products of rows when
 *   B is given transposed;
 * - more rows: copy an 8-column panel of op(B) into a contiguous buffer (so power-of-two
 *   row strides cannot make the panel's lines collide in cache), then keep a 6x8 block
 *   of C in twelve 4-wide vector registers while k runs.
 * GCC's vector extensions keep this portable; target_clones adds an AVX2+FMA copy of the
 * hot loops, chosen at run time on CPUs that have it. */
typedef double v4d __attribute__((vector_size(32), aligned(8)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MULTIVERSION
#endif

/* Macros, not functions: passing v4d by value would change the ABI between the clones. */
#define LOAD4(v, p) memcpy(&(v), (p), sizeof(v4d))
#define STORE4(p, v) memcpy((p), &(v), sizeof(v4d))

#define PANEL 8

/* c[0..N) += sum_k a[k*as_k] * B[k*ldb + 0..N): 16 columns of c stay in four registers
 * while k runs, so the loop loads only B. */
MULTIVERSION
static void row_times_b(int N, int K, const double *a, ptrdiff_t as_k, const double *B,
			ptrdiff_t ldb, double *c)
{
	int N16 = N - N % 16;
	for (int j = 0; j < N16; j += 16) {
		v4d c0, c1, c2, c3;
		LOAD4(c0, c + j);
		LOAD4(c1, c + j + 4);
		LOAD4(c2, c + j + 8);
		LOAD4(c3, c + j + 12);
		for (int k = 0; k < K; k++) {
			const double *b = B + k * ldb + j;
			double ak = a[k * as_k];
			v4d b0, b1, b2, b3;
			LOAD4(b0, b);
			LOAD4(b1, b + 4);
			LOAD4(b2, b + 8);
			LOAD4(b3, b + 12);
			c0 += ak * b0;
			c1 += ak * b1;
			c2 += ak * b2;
			c3 += ak * b3;
		}
		STORE4(c + j, c0);
		STORE4(c + j + 4, c1);
		STORE4(c + j + 8, c2);
		STORE4(c + j + 12, c3);
	}
	for (int k = 0; k < K; k++) {
		double ak = a[k * as_k];
		const double *b = B + k * ldb;
		for (int j = N16; j < N; j++)
			c[j] += ak * b[j];
	}
}

/* c[j] += dot(a, B[j*ldb + 0..K)) for j < N, with a contiguous; four rows of B at a time
 * share each load of a. */
MULTIVERSION
static void row_dot_rows(int N, int K, const double *a, const double *B, ptrdiff_t ldb,
			 double *c)
{
	int K4 = K - K % 4, N4 = N - N % 4;
	for (int j = 0; j < N; j += j < N4 ? 4 : 1) {
		int rows = j < N4 ? 4 : 1;
		const double *b0 = B + j * ldb, *b1 = b0 + (rows > 1) * ldb;
		const double *b2 = b0 + 2 * (rows > 1) * ldb, *b3 = b0 + 3 * (rows > 1) * ldb;
		v4d s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
		for (int k = 0; k < K4; k += 4) {
			v4d x, y0, y1, y2, y3;
			LOAD4(x, a + k);
			LOAD4(y0, b0 + k);
			LOAD4(y1, b1 + k);
			LOAD4(y2, b2 + k);
			LOAD4(y3, b3 + k);
			s0 += x * y0;
			s1 += x * y1;
			s2 += x * y2;
			s3 += x * y3;
		}
		double d[4] = { (s0[0] + s0[1]) + (s0[2] + s0[3]), (s1[0] + s1[1]) + (s1[2] + s1[3]),
				(s2[0] + s2[1]) + (s2[2] + s2[3]), (s3[0] + s3[1]) + (s3[2] + s3[3]) };
		const double *bs[4] = { b0, b1, b2, b3 };
		for (int r = 0; r < rows; r++) {
			for (int k = K4; k < K; k++)
				d[r] += a[k] * bs[r][k];
			c[j + r] += d[r];
		}
	}
}

/* A 6x8 block: C[i..i+rows, j..j+cols] += six rows of op(A) times the packed panel
 * (K x 8). Twelve accumulators, two panel registers and one broadcast fill 15 of the 16
 * AVX registers: each k does 12 multiply-adds for 8 loads. */
#define BLOCK_ROWS 6

MULTIVERSION
static void block_6x8(int K, const double *const *a, ptrdiff_t as_k, const double *panel,
		      double *C, ptrdiff_t ldc, int rows, int cols)
{
	v4d acc[BLOCK_ROWS][2] = { { { 0 } } };
	const double *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5];
	for (int k = 0; k < K; k++) {
		v4d b0, b1;
		LOAD4(b0, panel + k * PANEL);
		LOAD4(b1, panel + k * PANEL + 4);
		double x;
		x = a0[k * as_k]; acc[0][0] += x * b0; acc[0][1] += x * b1;
		x = a1[k * as_k]; acc[1][0] += x * b0; acc[1][1] += x * b1;
		x = a2[k * as_k]; acc[2][0] += x * b0; acc[2][1] += x * b1;
		x = a3[k * as_k]; acc[3][0] += x * b0; acc[3][1] += x * b1;
		x = a4[k * as_k]; acc[4][0] += x * b0; acc[4][1] += x * b1;
		x = a5[k * as_k]; acc[5][0] += x * b0; acc[5][1] += x * b1;
	}
	double tile[BLOCK_ROWS][PANEL];
	for (int r = 0; r < BLOCK_ROWS; r++) {
		STORE4(tile[r], acc[r][0]);
		STORE4(tile[r] + 4, acc[r][1]);
	}
	for (int r = 0; r < rows; r++)
		for (int j = 0; j < cols; j++)
			C[r * ldc + j] += tile[r][j];
}

/* Panels and transposed copies live in a buffer kept per thread and grown as needed. */
static _Thread_local double *scratch;
static _Thread_local size_t scratch_size;

static double *scratch_get(size_t n)
{
	if (n > scratch_size) {
		double *p = mem_realloc(scratch, n * sizeof *p);
		if (!p)
			return NULL;
		scratch = p;
		scratch_size = n;
	}
	return scratch;
}

/* C += op(A) op(B) with plain loops: the fallback when no buffer can be had. */
static void gemm_plain(int M, int N, int K, const Mat *A, int tA, const Mat *B, int tB, Mat *C)
{
	for (int i = 0; i < M; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < K; k++)
				s += (tA ? MAT_AT(A, k, i) : MAT_AT(A, i, k)) *
				     (tB ? MAT_AT(B, j, k) : MAT_AT(B, k, j));
			MAT_AT(C, i, j) += s;
		}
}

/* C += op(A) op(B) with the own kernels. */
static void own_gemm(int M, int N, int K, Mat *C, const Mat *A, int transA, const Mat *B,
		     int transB)
{
	ptrdiff_t as_i = transA ? 1 : A->cols, as_k = transA ? A->cols : 1;
	ptrdiff_t ldb = B->cols, ldc = C->cols;

	/* Few rows of C, or an outer product (small K): stream, nothing is worth packing. */
	if ((M < 4 && !(transA && transB)) || (K < 4 && !transB)) {
		for (int i = 0; i < M; i++) {
			const double *a = A->data + i * as_i;
			double *c = C->data + i * ldc;
			if (!transB)
				row_times_b(N, K, a, as_k, B->data, ldb, c);
			else
				row_dot_rows(N, K, a, B->data, ldb, c);
		}
		return;
	}
	double *panel = scratch_get((size_t)K * PANEL);
	if (!panel) {
		gemm_plain(M, N, K, A, transA, B, transB, C);
		return;
	}
	for (int j = 0; j < N; j += PANEL) {
		int cols = N - j < PANEL ? N - j : PANEL;
		for (int k = 0; k < K; k++)
			for (int jj = 0; jj < PANEL; jj++)
				panel[k * PANEL + jj] =
					jj >= cols ? 0.0
					: transB   ? B->data[(ptrdiff_t)(j + jj) * ldb + k]
						   : B->data[(ptrdiff_t)k * ldb + j + jj];
		for (int i = 0; i < M; i += BLOCK_ROWS) {
			int rows = M - i < BLOCK_ROWS ? M - i : BLOCK_ROWS;
			/* Missing rows of a ragged last block read row i again; their sums are dropped. */
			const double *a[BLOCK_ROWS];
			for (int r = 0; r < BLOCK_ROWS; r++)
				a[r] = A->data + (i + (r < rows ? r : 0)) * as_i;
			block_6x8(K, a, as_k, panel, C->data + i * ldc + j, ldc, rows, cols);
		}
	}
}

/* The crossover, measured with `./build/bench gemm` on the three products a recurrent
 * step makes (h W^T, dY W, dY^T h; the README's Speed section has the figures): with 1 to 3
 * rows of C (a step at batch 1, 2 or 3) the own kernel streams B once and is 2-3x faster
 * than OpenBLAS, which packs both operands first; from 4 rows OpenBLAS's kernels for each
 * CPU win at every size measured, 1.5-3x, down to a 4x32 by 32x8 product. Below a few
 * hundred multiply-adds the call itself (a microsecond's dispatch and packing) is most of
 * the cost, and the own kernel keeps those. */
#define BLAS_MIN_WORK 512.0 /* M*N*K */
#define BLAS_MIN_ROWS 4

MatGemmPath mat_gemm_path(int M, int N, int K)
{
	if (!blas_linked() || M < BLAS_MIN_ROWS || (double)M * N * K < BLAS_MIN_WORK)
		return MAT_GEMM_OWN;
	return MAT_GEMM_BLAS;
}

void mat_gemm_on(MatGemmPath path, Mat *C, const Mat *A, int transA, const Mat *B, int transB,
		 double beta)
{
	int M = transA ? A->cols : A->rows;
	int K = transA ? A->rows : A->cols;
	int N = transB ? B->rows : B->cols;
	GL_ASSERT((transB ? B->cols : B->rows) == K, "the inner sizes of a product agree");
	GL_ASSERT(C->rows == M && C->cols == N, "the product fits its destination");
	GL_ASSERT(beta == 0.0 || beta == 1.0, "a product overwrites or accumulates");
	GL_ASSERT(path == MAT_GEMM_OWN || blas_linked(), "a product goes to a BLAS only when linked");
	if (path == MAT_GEMM_BLAS) {
		blas_dgemm(M, N, K, A->data, A->cols, transA, B->data, B->cols, transB, beta,
			   C->data, C->cols);
		return;
	}
	if (beta == 0.0)
		mat_zero(C);
	own_gemm(M, N, K, C, A, transA, B, transB);
}

void mat_gemm(Mat *C, const Mat *A, int transA, const Mat *B, int transB, double beta)
{
	int M = transA ? A->cols : A->rows;
	int K = transA ? A->rows : A->cols;
	int N = transB ? B->rows : B->cols;
	mat_gemm_on(mat_gemm_path(M, N, K), C, A, transA, B, transB, beta);
}

/* }==== */
