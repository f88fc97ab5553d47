/* blas: the optimised BLAS gradlab was built with (`make BLAS=openblas`, or found by
 * pkg-config with the default BLAS=auto), or none (BLAS=own). In src/core, under mat:
 * mat_gemm hands it the products where it beats the own kernel. Facts only: the library's
 * name and core, its thread count; the layers above word them. */
#ifndef GRADLAB_BLAS_H
#define GRADLAB_BLAS_H

/* 1 when gradlab was built with OpenBLAS, 0 with only its own kernel. */
int blas_linked(void);

/* C (M,N) = beta*C + op(A) op(B), all row-major with leading dimensions lda, ldb, ldc;
 * beta is 0 or 1. Only when blas_linked(). On one thread: OpenBLAS is set to one and its
 * worker threads stopped before main (blas.c says why), whatever OPENBLAS_NUM_THREADS says. */
void blas_dgemm(int M, int N, int K, const double *A, int lda, int transA, const double *B,
		int ldb, int transB, double beta, double *C, int ldc);

/* What the library says about itself: "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Zen MAX_THREADS=64"
 * and the kernel it chose for this CPU ("Zen", "Haswell", "SkylakeX"); NULL without one. */
const char *blas_config(void);
const char *blas_core(void);
/* The threads OpenBLAS uses for one product (1); 0 without OpenBLAS. */
int blas_threads(void);

#endif
