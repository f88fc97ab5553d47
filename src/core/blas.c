/* blas: OpenBLAS through its CBLAS interface, when the build found it (GRADLAB_OPENBLAS,
 * set by the Makefile's BLAS switch); otherwise stubs that say there is none. In src/core,
 * under mat, which decides by size which products come here (see mat_gemm). */
#include "core/blas.h"

#include "core/invariant.h"

#include <stddef.h>

#ifdef GRADLAB_OPENBLAS

#include <cblas.h>

/* One thread, and no pool of workers. Debian's OpenBLAS (the pthread build) starts a worker
 * per core when it loads and registers a fork handler that stops and joins them. gradlab's
 * products take milliseconds at most, where waking workers costs more than it brings, and
 * several gradlabs (or a test suite) would oversubscribe the cores; one thread also gives
 * the same numbers every run. And the grader starts its sandbox with a raw clone(), which
 * copies no threads and runs no fork handlers: a fork inside the sandbox would then wait
 * forever for workers that are not there. So before main: one thread, workers stopped. A
 * one-thread product never starts them again. (Run after OpenBLAS's own constructor, as a
 * library is initialised before what links it.) */
/* Exported by OpenBLAS's pthread build, not declared in cblas.h; weak, as the serial and
 * OpenMP builds (which libopenblas-dev may also bring) start no pool and lack it. */
__attribute__((weak)) int blas_thread_shutdown_(void);

__attribute__((constructor)) static void one_thread(void)
{
	openblas_set_num_threads(1);
	if (blas_thread_shutdown_)
		blas_thread_shutdown_();
}

int blas_linked(void)
{
	return 1;
}

void blas_dgemm(int M, int N, int K, const double *A, int lda, int transA, const double *B,
		int ldb, int transB, double beta, double *C, int ldc)
{
	GL_ASSERT(beta == 0.0 || beta == 1.0, "a product overwrites or accumulates");
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
