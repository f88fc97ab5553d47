/* mat: a dense row-major matrix of doubles, and the few kernels everything else uses.
 * In src/core, under ad. A Mat either owns its data (mat_new) or views memory owned by
 * an arena or a model; element (i, j) is data[i * cols + j]. Vectors are 1 x n. */
#ifndef GRADLAB_MAT_H
#define GRADLAB_MAT_H

#include "core/rng.h"

#include <stddef.h>

typedef struct Mat {
	int rows, cols;
	double *data;
} Mat;

#define MAT_AT(m, i, j) ((m)->data[(size_t)(i) * (size_t)(m)->cols + (size_t)(j)])

/* Heap matrix, zeroed; NULL when out of memory or a size is not positive. */
Mat *mat_new(int rows, int cols);
void mat_free(Mat *m);
Mat *mat_clone(const Mat *m);

static inline size_t mat_size(const Mat *m)
{
	return (size_t)m->rows * (size_t)m->cols;
}

void mat_zero(Mat *m);
void mat_copy(Mat *dst, const Mat *src);          /* same shape */
void mat_fill_normal(Mat *m, Rng *r, double std);
void mat_fill_uniform(Mat *m, Rng *r, double lo, double hi);
double mat_norm(const Mat *m);                    /* Frobenius (2-norm of a vector) */
double mat_dot(const Mat *a, const Mat *b);       /* sum of a .* b, same size */
int mat_all_finite(const Mat *m, size_t *first_bad);

/* C (M,N) = beta*C + op(A) op(B), op(X) = X or X^T. Shapes must agree (asserted):
 * op(A) is (M,K), op(B) is (K,N). beta is 0 or 1 (overwrite or accumulate). */
void mat_gemm(Mat *C, const Mat *A, int transA, const Mat *B, int transB, double beta);

/* Who computes a product: gradlab's own kernel, or the BLAS it was built with (src/core/
 * blas.h). mat_gemm takes mat_gemm_path's choice by size; mat_gemm_on forces one path, for
 * the bench that measures the crossover and the tests that compare the two. MAT_GEMM_BLAS
 * needs blas_linked(). */
typedef enum { MAT_GEMM_OWN, MAT_GEMM_BLAS } MatGemmPath;
MatGemmPath mat_gemm_path(int M, int N, int K);
void mat_gemm_on(MatGemmPath path, Mat *C, const Mat *A, int transA, const Mat *B, int transB,
		 double beta);

#endif
