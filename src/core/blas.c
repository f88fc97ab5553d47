/* blas: OpenBLAS through its CBLAS interface, when the build found it (GRADLAB_OPENBLAS,
 * set by the Makefile's BLAS switch); otherwise stubs that say there is none. In src/core,
 * under mat, which decides by size which products come here (see mat_gemm). */
#include "core/blas.h"

#include "core/invariant.h"

#include <stddef.h>

#ifdef GRADLAB_OPENBLAS

#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>

/* OpenBLAS starts as many threads as the machine has cores. gradlab's products are a few
 * milliseconds at most, where waking threads costs more than it brings, and a user who
 * runs several gradlabs (or a test suite) would oversubscribe the cores; so one thread,
 * unless the user set OPENBLAS_NUM_THREADS, OpenBLAS's own way to ask for more. */
static pthread_once_t threads_once = PTHREAD_ONCE_INIT;

static void set_threads(void)
{
	const char *asked = getenv("OPENBLAS_NUM_THREADS");
	if (!asked || !*asked)
		openblas_set_num_threads(1);
}

int blas_linked(void)
{
	return 1;
}

void blas_dgemm(int M, int N, int K, const double *A, int lda, int transA, const double *B,
		int ldb, int transB, double beta, double *C, int ldc)
{
	GL_ASSERT(beta == 0.0 || beta == 1.0, "a product overwrites or accumulates");
	pthread_once(&threads_once, set_threads);
	cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
		    transB ? CblasTrans : CblasNoTrans, M, N, K, 1.0, A, lda, B, ldb, beta, C, ldc);
}

const char *blas_config(void)
{
	return openblas_get_config();
}

const char *blas_core(void)
{
	return openblas_get_corename();
}

int blas_threads(void)
{
	return openblas_get_num_threads();
}

#else

int blas_linked(void)
{
	return 0;
}

void blas_dgemm(int M, int N, int K, const double *A, int lda, int transA, const double *B,
		int ldb, int transB, double beta, double *C, int ldc)
{
	(void)M, (void)N, (void)K, (void)A, (void)lda, (void)transA, (void)B, (void)ldb;
	(void)transB, (void)beta, (void)C, (void)ldc;
	GL_ASSERT(0, "blas_dgemm is called only when gradlab was built with a BLAS");
}

const char *blas_config(void)
{
	return NULL;
}

const char *blas_core(void)
{
	return NULL;
}

int blas_threads(void)
{
	return 0;
}

#endif
