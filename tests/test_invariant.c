/* test_invariant: GL_ASSERT (src/core/invariant.h) and the invariants the autodiff core
 * states with it. A kept invariant costs nothing visible; a broken one aborts with the file,
 * line, condition and what was meant, in debug builds; GRADLAB_RELEASE compiles it out
 * without evaluating the condition. Each broken invariant runs in a child process, whose
 * stderr is read back. */
#include "test_util.h"

#include "core/ad.h"
#include "core/invariant.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* Run fn in a child; return its stderr (static buffer) and set *sig to the signal that
 * ended it (0 if it exited). */
static const char *in_child(void (*fn)(void), int *sig)
{
	static char err[4096];
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid_t p = fork();
	assert_true(p >= 0);
	if (p == 0) {
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		close(fd[0]);
		dup2(fd[1], 2);
		fn();
		_exit(0);
	}
	close(fd[1]);
	size_t len = 0;
	ssize_t r;
	while (len < sizeof err - 1 && (r = read(fd[0], err + len, sizeof err - 1 - len)) > 0)
		len += (size_t)r;
	err[len] = '\0';
	close(fd[0]);
	int st;
	assert_int_equal(waitpid(p, &st, 0), p);
	*sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	return err;
}

static int evaluated;
static int count_evaluation(void)
{
	evaluated++;
	return 0;
}

static const int broken_line = __LINE__ + 1; /* the line below */
static void broken_assert(void) { int rows = 3; GL_ASSERT(rows == 4, "rows is four"); }

static void kept_assert(void)
{
	GL_ASSERT(1 + 1 == 2, "arithmetic holds");
}

static void test_kept_and_broken(void **state)
{
	(void)state;
	int sig;
	const char *err = in_child(kept_assert, &sig);
	assert_int_equal(sig, 0);
	assert_string_equal(err, "");
	err = in_child(broken_assert, &sig);
	assert_int_equal(sig, SIGABRT);
	/* File and line of the broken statement, what it means, and the condition as written. */
	char want[256];
	snprintf(want, sizeof want, "gradlab: %s:%d: invariant broken: rows is four (rows == 4)\n",
		 __FILE__, broken_line);
	assert_string_equal(err, want);
}

/* Two corruptions of a tape that only a bug in gradlab could make. */
static void grad_shape_broken(void)
{
	Tape *t = ad_tape_new();
	Mat *x = mat_new(2, 3), *dx = mat_new(2, 3);
	AdNode *xn = ad_param(t, x, dx);
	AdNode *s = ad_sum(t, ad_tanh(t, xn));
	xn->grad.cols = 2; /* the parameter's gradient no longer matches its value */
	ad_backward(t, s);
}

static int target[2] = { 0, 2 };
static void target_out_of_range(void)
{
	Tape *t = ad_tape_new();
	Mat *x = mat_new(2, 3);
	ad_cross_entropy(t, ad_const(t, x), target);
	target[1] = 3; /* no class 3 among 3 columns; the replay reads it again */
	ad_tape_replay(t);
}

static void test_tape_invariants(void **state)
{
	(void)state;
	int sig;
	const char *err = in_child(grad_shape_broken, &sig);
	assert_int_equal(sig, SIGABRT);
	assert_non_null(strstr(err, "ad_elementwise.c:"));
	assert_non_null(strstr(err, "an input's gradient is shaped like its value"));
	err = in_child(target_out_of_range, &sig);
	assert_int_equal(sig, SIGABRT);
	assert_non_null(strstr(err, "a cross-entropy target is a class index of its row"));
}

/* The header again, as a release build sees it (it may be included again, like assert.h). */
#define GRADLAB_RELEASE
#include "core/invariant.h"

static void test_release_compiles_out(void **state)
{
	(void)state;
	GL_ASSERT(count_evaluation() == 1, "never checked");
	GL_ASSERT(0, "never checked either");
	assert_int_equal(evaluated, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_and_broken),
		cmocka_unit_test(test_tape_invariants),
		cmocka_unit_test(test_release_compiles_out),
	};
	return cmocka_run_group_tests_name("invariant", tests, NULL, NULL);
}
