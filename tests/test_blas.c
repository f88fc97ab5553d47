/* test_blas: what linking OpenBLAS (src/core/blas.c) must not change about a gradlab
 * process: products on one thread, and no worker threads left that a process started by a
 * raw clone() (the grader's sandbox) would wait for when it forks. In a build without
 * OpenBLAS the same checks hold trivially, and the facts say there is none. */
#include "test_util.h"

#include "core/blas.h"
#include "core/mat.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* OpenBLAS would use a thread per core (2 on the development machine); gradlab sets one,
 * whatever OPENBLAS_NUM_THREADS says. */
static void test_one_thread(void **state)
{
	(void)state;
	if (!blas_linked()) {
		assert_int_equal(blas_threads(), 0);
		assert_null(blas_core());
		assert_null(blas_config());
		return;
	}
	assert_int_equal(blas_threads(), 1);
	Mat *A = mat_new(64, 64), *C = mat_new(64, 64);
	assert_non_null(C);
	mat_gemm_on(MAT_GEMM_BLAS, C, A, 0, A, 1, 0.0);
	assert_int_equal(blas_threads(), 1);
	assert_non_null(blas_core());
	assert_non_null(blas_config());
	mat_free(A);
	mat_free(C);
}

/* A child made by a raw clone (no fork handlers run, no threads copied), as the grader's
 * sandbox is, forks and waits for its own child: OpenBLAS's fork handler must not wait for
 * worker threads the clone does not have. A hang is killed by the alarm, 10 s against the
 * few milliseconds this takes. Done before and after a product, which must not bring the
 * workers back. */
static void clone_then_fork(void)
{
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, 0);
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(10);
		pid_t inner = fork();
		if (inner < 0)
			_exit(3);
		if (inner == 0)
			_exit(0);
		int st;
		_exit(waitpid(inner, &st, 0) == inner && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 4);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		fail_msg("the cloned child was killed by signal %d (SIGALRM: its fork hung)",
			 WTERMSIG(st));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_fork_inside_clone(void **state)
{
	(void)state;
	clone_then_fork();
	Mat *A = mat_new(128, 128), *C = mat_new(128, 128);
	assert_non_null(C);
	mat_gemm(C, A, 0, A, 0, 0.0);
	clone_then_fork();
	mat_free(A);
	mat_free(C);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_thread),
		cmocka_unit_test(test_fork_inside_clone),
	};
	return cmocka_run_group_tests_name("blas", tests, NULL, NULL);
}
