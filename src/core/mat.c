/* mat: allocation and the dense kernels. The matrix product is written so that the
 * innermost loop runs along contiguous rows, which the compiler vectorises. */
#include "core/mat.h"

#include "core/mem.h"

#include <assert.h>
#include <math.h>
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
	assert(dst->rows == src->rows && dst->cols == src->cols);
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
	assert(mat_size(a) == mat_size(b));
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

/* C[i,:] += A[i,k] * B[k,:]: rows of B stream through, C's row stays in cache. */
static void gemm_nn(int M, int N, int K, const double *A, int lda, const double *B, int ldb,
		    double *C, int ldc)
{
	for (int i = 0; i < M; i++) {
		double *c = C + (size_t)i * ldc;
		for (int k = 0; k < K; k++) {
			double a = A[(size_t)i * lda + k];
			const double *b = B + (size_t)k * ldb;
			for (int j = 0; j < N; j++)
				c[j] += a * b[j];
		}
	}
}

/* C += A^T B with A stored (K,M): the same row update, reading A down a column. */
static void gemm_tn(int M, int N, int K, const double *A, int lda, const double *B, int ldb,
		    double *C, int ldc)
{
	for (int k = 0; k < K; k++) {
		const double *b = B + (size_t)k * ldb;
		for (int i = 0; i < M; i++) {
			double a = A[(size_t)k * lda + i];
			double *c = C + (size_t)i * ldc;
			for (int j = 0; j < N; j++)
				c[j] += a * b[j];
		}
	}
}

/* C += A B^T with B stored (N,K): dot products of rows; four partial sums per pair keep
 * the additions independent without reordering beyond what a fixed pattern gives. */
static void gemm_nt(int M, int N, int K, const double *A, int lda, const double *B, int ldb,
		    double *C, int ldc)
{
	for (int i = 0; i < M; i++) {
		const double *a = A + (size_t)i * lda;
		for (int j = 0; j < N; j++) {
			const double *b = B + (size_t)j * ldb;
			double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			int k = 0;
			for (; k + 4 <= K; k += 4) {
				s0 += a[k] * b[k];
				s1 += a[k + 1] * b[k + 1];
				s2 += a[k + 2] * b[k + 2];
				s3 += a[k + 3] * b[k + 3];
			}
			for (; k < K; k++)
				s0 += a[k] * b[k];
			C[(size_t)i * ldc + j] += (s0 + s1) + (s2 + s3);
		}
	}
}

static void gemm_tt(int M, int N, int K, const double *A, int lda, const double *B, int ldb,
		    double *C, int ldc)
{
	for (int i = 0; i < M; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < K; k++)
				s += A[(size_t)k * lda + i] * B[(size_t)j * ldb + k];
			C[(size_t)i * ldc + j] += s;
		}
}

void mat_gemm(Mat *C, const Mat *A, int transA, const Mat *B, int transB, double beta)
{
	int M = transA ? A->cols : A->rows;
	int K = transA ? A->rows : A->cols;
	int N = transB ? B->rows : B->cols;
	assert((transB ? B->cols : B->rows) == K);
	assert(C->rows == M && C->cols == N);
	if (beta == 0.0)
		mat_zero(C);
	if (!transA && !transB)
		gemm_nn(M, N, K, A->data, A->cols, B->data, B->cols, C->data, C->cols);
	else if (transA && !transB)
		gemm_tn(M, N, K, A->data, A->cols, B->data, B->cols, C->data, C->cols);
	else if (!transA && transB)
		gemm_nt(M, N, K, A->data, A->cols, B->data, B->cols, C->data, C->cols);
	else
		gemm_tt(M, N, K, A->data, A->cols, B->data, B->cols, C->data, C->cols);
}

/* }==== */
