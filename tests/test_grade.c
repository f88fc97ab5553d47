/* test_grade: the grader end to end on real files. Every reference solution gets full marks,
 * every exercise as shipped fails, every classic mistake in tests/buggy/ fails naming the
 * wrong gradient, and every hostile submission in tests/hostile/ is a clear failure of the
 * right kind, within its time limit, leaving no process and no file behind, after which the
 * grader still grades. Every message is there in Chinese too. A signal that sets the
 * cancel flag stops grading at once, leaving nothing behind. Also: the exercise list's
 * errors, the progress file, the report formats. Runs from the top of the source tree (make
 * test does). */
#include "test_util.h"

#include "grade/grade.h"
#include "grade/grade_progress.h"
#include "grade/grade_report.h"
#include "grade/sandbox.h"

#include <dirent.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <json-c/json.h>
#include <regex.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static GradeSetup setup;
static char tmp_root[256];

/* {==== Helpers ==== */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	assert_non_null(in);
	assert_non_null(out);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* The value of " * key: value" in the header comment of a test file. */
static int tag(const char *path, const char *key, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[1024], want[64];
	snprintf(want, sizeof want, " * %s: ", key);
	int found = 0;
	for (int i = 0; i < 12 && fgets(line, sizeof line, f); i++)
		if (strncmp(line, want, strlen(want)) == 0) {
			snprintf(buf, size, "%s", line + strlen(want));
			buf[strcspn(buf, "\n")] = '\0';
			found = 1;
			break;
		}
	fclose(f);
	return found;
}

/* The .c files of dir, sorted; n of them. */
static int c_files(const char *dir, char names[][256], int max)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t len = strlen(e->d_name);
		if (len > 2 && strcmp(e->d_name + len - 2, ".c") == 0)
			snprintf(names[n++], 256, "%s", e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, 256, (int (*)(const void *, const void *))strcmp);
	return n;
}

/* A fresh folder holding file as exercise e's file. */
static void submission(const GradeExercise *e, const char *file, char *dir, size_t size)
{
	snprintf(dir, size, "%s/sub-XXXXXX", tmp_root);
	assert_non_null(mkdtemp(dir));
	char to[600];
	snprintf(to, sizeof to, "%s/%s", dir, e->file);
	copy_file(file, to);
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Processes running this very program, besides this one: a sandbox's leftovers. */
static int strays(void)
{
	char self[4096], exe[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	assert_true(n > 0);
	self[n] = '\0';
	DIR *d = opendir("/proc");
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || atoi(e->d_name) == getpid() ||
		    atoi(e->d_name) == getppid())
			continue;
		char path[300];
		snprintf(path, sizeof path, "/proc/%s/exe", e->d_name);
		ssize_t k = readlink(path, exe, sizeof exe - 1);
		if (k <= 0)
			continue;
		exe[k] = '\0';
		if (strcmp(exe, self) == 0) {
			/* a zombie waiting for its parent is not running anything */
			char stat_path[300], state = '?';
			snprintf(stat_path, sizeof stat_path, "/proc/%s/stat", e->d_name);
			FILE *f = fopen(stat_path, "r");
			if (f) {
				if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
					state = '?';
				fclose(f);
			}
			count += state != 'Z';
		}
	}
	closedir(d);
	return count;
}

static const GradeExercise *exercise(const char *name)
{
	const GradeExercise *e = registry_find(setup.list, name);
	assert_non_null(e);
	return e;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* }==== */

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmp_root, sizeof tmp_root, "/tmp/gradlab-test-XXXXXX");
	if (!mkdtemp(tmp_root) || chmod(tmp_root, 0711) != 0)
		return -1;
	/* Every private folder of the runner goes here, to be counted and removed. */
	char tmpdir[300], state_dir[300];
	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", tmp_root);
	snprintf(state_dir, sizeof state_dir, "%s/state", tmp_root);
	if (mkdir(tmpdir, 0711) != 0 || mkdir(state_dir, 0700) != 0)
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	setenv("XDG_STATE_HOME", state_dir, 1);
	if (grade_setup_open(&setup, "exercises") != ST_OK) {
		fprintf(stderr, "test_grade: %s\n", status_detail());
		return -1;
	}
	/* Ten times what the slowest hostile file that must not time out (huge_allocation.c,
	 * touching 256 MiB) needs on a loaded machine; honest code needs far less. */
	setup.run.timeout = 5.0;
	fprintf(stderr, "test_grade: sandbox: %s\n", sandbox_mode_describe(sandbox_mode(), 0));
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	grade_setup_close(&setup);
	remove_tree(tmp_root);
	return 0;
}

/* {==== Solutions, exercises, classic mistakes ==== */

static void grade_folder(const char *dir, GradeResult *res)
{
	GradeTask tasks[32];
	int n = setup.list->n;
	for (int i = 0; i < n; i++)
		tasks[i] = (GradeTask){ &setup.list->ex[i], dir };
	assert_int_equal(grade_many(&setup, tasks, n, 0, res, NULL, NULL), ST_OK);
}

static void test_solutions_full_marks(void **state)
{
	(void)state;
	assert_true(setup.list->n >= 10);
	GradeResult res[32];
	grade_folder("solutions", res);
	for (int i = 0; i < setup.list->n; i++) {
		if (!grade_result_passed(&res[i]))
			grade_report_text(stderr, &res[i], 1, NULL);
		assert_true(grade_result_passed(&res[i]));
		assert_close(res[i].max_score, res[i].score, 1e-9, 0);
		assert_int_equal(res[i].max_score, setup.list->ex[i].points);
	}
}

static void test_exercises_fail_as_shipped(void **state)
{
	(void)state;
	GradeResult res[32];
	grade_folder("exercises", res);
	for (int i = 0; i < setup.list->n; i++) {
		assert_true(res[i].compiled); /* each compiles as shipped */
		assert_false(grade_result_passed(&res[i]));
		assert_true(res[i].score < res[i].max_score);
		assert_int_equal(res[i].hint_number, 1);
		assert_true(res[i].hint[0] != '\0');
	}
}

static void test_buggy_fail_naming_the_gradient(void **state)
{
	(void)state;
	char names[64][256];
	int n = c_files("tests/buggy", names, 64);
	assert_true(n >= 28); /* every classic mistake of tests/buggy: none may go missing */
	for (int i = 0; i < n; i++) {
		char path[600], ex[64], expect[256], tensor[32], dir[600];
		snprintf(path, sizeof path, "tests/buggy/%.200s", names[i]);
		assert_true(tag(path, "exercise", ex, sizeof ex));
		assert_true(tag(path, "expect", expect, sizeof expect));
		assert_true(tag(path, "tensor", tensor, sizeof tensor));
		submission(exercise(ex), path, dir, sizeof dir);
		GradeResult r;
		assert_int_equal(grade_one(&setup, exercise(ex), dir, &r), ST_OK);
		assert_false(grade_result_passed(&r));
		int named = 0, matched = 0;
		regex_t re;
		assert_int_equal(regcomp(&re, expect, REG_EXTENDED | REG_NOSUB), 0);
		for (int k = 0; k < r.n_checks; k++) {
			const GradeCheck *gc = &r.checks[k];
			if (gc->passed)
				continue;
			assert_int_equal(gc->problem, GRADE_WRONG);
			for (int w = 0; w < gc->n_wrong; w++)
				named |= strcmp(gc->wrong[w].tensor, tensor) == 0;
			char text[1200];
			snprintf(text, sizeof text, "%s", gc->message[LANG_EN]);
			for (int w = 0; w < gc->n_wrong; w++) {
				size_t len = strlen(text);
				snprintf(text + len, sizeof text - len, " %s%s", gc->wrong[w].tensor,
					 gc->wrong[w].index);
			}
			matched |= regexec(&re, text, 0, NULL, 0) == 0;
			/* the same in Chinese: the numbers with their Chinese words */
			assert_non_null(strstr(gc->message[LANG_ZH], "：期望值 "));
			assert_null(strstr(gc->message[LANG_ZH], "expected"));
		}
		regfree(&re);
		if (!named || !matched) {
			fprintf(stderr, "%s: expected %s and /%s/\n", names[i], tensor, expect);
			grade_report_text(stderr, &r, 1, NULL);
		}
		assert_true(named);
		assert_true(matched);
		remove_tree(dir);
	}
}

/* }==== */

/* {==== Hostile submissions ==== */

static const char *const escapes[] = { "/tmp/gradlab-hostile-escape.txt",
				       "/var/tmp/gradlab-hostile-escape.txt",
				       "/dev/shm/gradlab-hostile-escape.txt",
				       "gradlab-hostile-escape.txt" };

static void hostile_all(void)
{
	char names[64][256], tmpdir[300];
	int n = c_files("tests/hostile", names, 64);
	assert_true(n >= 11);
	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", tmp_root);
	for (int i = 0; i < n; i++) {
		char path[600], ex[64], expect[256], dir[600];
		snprintf(path, sizeof path, "tests/hostile/%.200s", names[i]);
		assert_true(tag(path, "exercise", ex, sizeof ex));
		assert_true(tag(path, "expect", expect, sizeof expect));
		submission(exercise(ex), path, dir, sizeof dir);
		GradeResult r;
		double t0 = now();
		assert_int_equal(grade_one(&setup, exercise(ex), dir, &r), ST_OK);
		double took = now() - t0;
		/* the first check meets the hostile code; its problem is one the file names */
		const GradeCheck *gc = &r.checks[0];
		char problem[64];
		snprintf(problem, sizeof problem, "|%s|", grade_problem_name(gc->problem));
		char expected[300];
		snprintf(expected, sizeof expected, "|%s|", expect);
		if (gc->passed || !strstr(expected, problem)) {
			fprintf(stderr, "%s: expected %s\n", names[i], expect);
			grade_report_text(stderr, &r, 1, NULL);
		}
		assert_false(grade_result_passed(&r));
		assert_false(gc->passed);
		assert_non_null(strstr(expected, problem));
		assert_true(gc->message[LANG_EN][0] != '\0');
		assert_true(gc->message[LANG_ZH][0] != '\0');
		assert_string_not_equal(gc->message[LANG_EN], gc->message[LANG_ZH]);
		assert_true(r.score < r.max_score);
		/* within its limits: compile, then each check's wall clock and the kill margin */
		assert_true(took < r.n_checks * (setup.run.timeout + 2.0) + 5.0);
		/* nothing left behind: processes, files in the submission, the shared folders, the
		 * runner's private folders, the grader's own folder */
		int left = strays();
		for (int wait = 0; left && wait < 100; wait++) {
			usleep(20000); /* killed, but not yet gone */
			left = strays();
		}
		if (left)
			fprintf(stderr, "%s left %d processes\n", names[i], left);
		assert_int_equal(left, 0);
		assert_int_equal(entries(dir), 1);
		assert_int_equal(entries(tmpdir), 0);
		if (gc->problem == GRADE_ESCAPED || strstr(names[i], "escape"))
			for (size_t k = 0; k < sizeof escapes / sizeof escapes[0]; k++)
				if (access(escapes[k], F_OK) == 0 && getuid() == 0) {
					fprintf(stderr, "%s left %s\n", names[i], escapes[k]);
					fail();
				}
		if (gc->problem == GRADE_NOT_COMPILED)
			assert_non_null(strstr(r.compile_output, "error"));
		if (strstr(names[i], "fake_pass"))
			assert_non_null(strstr(r.output, "ok    rnn_step_forward"));
		remove_tree(dir);
	}
	/* and the grader still grades */
	GradeResult ok;
	assert_int_equal(grade_one(&setup, exercise("rnn_step"), "solutions", &ok), ST_OK);
	assert_true(grade_result_passed(&ok));
}

static void test_hostile(void **state)
{
	(void)state;
	hostile_all();
}

/* The same without namespaces, as in a container that refuses them: as root, a user of its
 * own and the process group are all that stand between the code and the machine. The mode is
 * decided once per process, so this runs the hostile test again in a fresh copy of this
 * program with GRADLAB_SANDBOX=uid. */
static void test_hostile_without_namespaces(void **state)
{
	(void)state;
	if (geteuid() != 0 || sandbox_mode() != SANDBOX_NAMESPACES) {
		fprintf(stderr, "test_grade: no namespaces here: the test above ran without them\n");
		skip();
	}
	fflush(NULL);
	pid_t p = fork();
	assert_true(p >= 0);
	if (p == 0) {
		setenv("GRADLAB_SANDBOX", "uid", 1);
		char *argv[] = { "test_grade", "--hostile-only", NULL };
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	int st;
	assert_int_equal(waitpid(p, &st, 0), p);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* {==== The boundary ==== */

/* A submission that tries, at run time, what the sandbox must stop, and prints what it
 * reached: the grader's solutions by absolute path, the grader's programs, the terminal
 * (/dev/tty, TIOCSTI on every descriptor, any descriptor that is a tty), a session of its
 * own, descriptors beyond 0-3, the grader's environment, a signal to its parent. */
static const char probe_text[] =
	"#define _GNU_SOURCE\n"
	"#include \"gradlab_exercise.h\"\n"
	"#include <fcntl.h>\n#include <signal.h>\n#include <stdio.h>\n#include <string.h>\n"
	"#include <sys/ioctl.h>\n#include <termios.h>\n#include <unistd.h>\n"
	"extern char **environ;\n"
	"static void say(const char *what, int reached)\n"
	"{ printf(\"%%s=%%s\\n\", what, reached ? \"REACHED\" : \"denied\"); }\n"
	"void sigmoid_backward(double *dx, const double *dy, const double *y, int n)\n{\n"
	"\tsay(\"solution\", open(\"%s\", O_RDONLY) >= 0);\n"
	"\tsay(\"grader\", open(\"%s\", O_RDONLY) >= 0 || open(\"%s\", O_RDONLY) >= 0);\n"
	"\tsay(\"tty\", open(\"/dev/tty\", O_RDWR) >= 0);\n"
	"\tchar c = ' ';\n\tint sti = 0, tty = 0, high = 0;\n"
	"\tfor (int i = 0; i < 1024; i++) {\n"
	"\t\tsti |= ioctl(i, TIOCSTI, &c) == 0;\n\t\ttty |= isatty(i);\n"
	"\t\thigh |= i > 3 && fcntl(i, F_GETFD) >= 0;\n\t}\n"
	"\tsay(\"tiocsti\", sti);\n\tsay(\"tty_fd\", tty);\n\tsay(\"fd_above_3\", high);\n"
	"\tsay(\"grader_session\", getsid(0) != getpid());\n"
	"\tsay(\"signal_parent\", getppid() > 1 && kill(getppid(), 0) == 0);\n"
	"\tsay(\"environment\", environ[0] && (strcmp(environ[0], \"LC_ALL=C\") || environ[1]));\n"
	"\tfflush(stdout);\n}\n";

static void test_boundary(void **state)
{
	(void)state;
	char sol[4096], grader[4096], gradlab[4096], dir[600], path[700];
	assert_non_null(realpath("solutions/01_activations.c", sol));
	assert_non_null(realpath("/proc/self/exe", grader));
	assert_non_null(realpath("exercises", gradlab)); /* readable by anyone, if reachable */
	snprintf(dir, sizeof dir, "%s/probe-XXXXXX", tmp_root);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/01_activations.c", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, probe_text, sol, grader, gradlab);
	assert_int_equal(fclose(f), 0);
	GradeResult r;
	assert_int_equal(grade_one(&setup, exercise("activations"), dir, &r), ST_OK);
	const char *said[] = { "solution=denied", "grader=denied", "tty=denied",
			       "tiocsti=denied", "tty_fd=denied", "fd_above_3=denied",
			       "grader_session=denied", "signal_parent=denied",
			       "environment=denied" };
	int missing = 0;
	for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
		if (!strstr(r.output, said[i])) {
			fprintf(stderr, "test_boundary: no \"%s\" in what the probe printed:\n%s\n",
				said[i], r.output);
			missing = 1;
		}
	assert_false(missing);
	assert_null(strstr(r.output, "REACHED"));
	assert_false(r.checks[0].passed);
	remove_tree(dir);
}

/* A submission that is a symbolic link (to a solution) or a named pipe is refused, at once,
 * as that learner's failure, saying why; a link is never followed. */
static void test_not_regular_files(void **state)
{
	(void)state;
	char dir[600], path[700], target[4096];
	const GradeExercise *e = exercise("rnn_step");
	assert_non_null(realpath("solutions/04_rnn_step.c", target));
	for (int kind = 0; kind < 2; kind++) {
		snprintf(dir, sizeof dir, "%s/odd-XXXXXX", tmp_root);
		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof path, "%s/%s", dir, e->file);
		if (kind == 0)
			assert_int_equal(symlink(target, path), 0);
		else
			assert_int_equal(mkfifo(path, 0600), 0);
		GradeResult r;
		double t0 = now();
		assert_int_equal(grade_one(&setup, e, dir, &r), ST_OK);
		assert_true(now() - t0 < 10.0); /* a FIFO opened to read would wait forever */
		assert_false(grade_result_passed(&r));
		assert_int_equal(r.score, 0);
		assert_int_equal(r.checks[0].problem, GRADE_NO_FILE);
		assert_non_null(strstr(r.checks[0].message[LANG_EN], kind == 0 ? "symbolic link" : "named pipe"));
		assert_non_null(strstr(r.checks[0].message[LANG_ZH], kind == 0 ? "符号链接" : "命名管道"));
		remove_tree(dir);
	}
}

/* As root, a sandbox user range that meets a real user's id (nobody, 65534) or is not a
 * number is refused with a clear reason, and nothing runs. */
static void test_uid_range(void **state)
{
	(void)state;
	SandboxMode m = sandbox_mode();
	if (geteuid() != 0 || (m != SANDBOX_NAMESPACES && m != SANDBOX_UID)) {
		fprintf(stderr, "test_grade: no sandbox users here (not root)\n");
		skip();
	}
	const char *bases[] = { "65000", "12x" };
	const char *words[] = { "/etc/passwd", "GRADLAB_SANDBOX_UID_BASE=12x" };
	for (int i = 0; i < 2; i++) {
		setenv("GRADLAB_SANDBOX_UID_BASE", bases[i], 1);
		GradeResult r;
		assert_int_equal(grade_one(&setup, exercise("rnn_step"), "solutions", &r), ST_OK);
		unsetenv("GRADLAB_SANDBOX_UID_BASE");
		assert_false(grade_result_passed(&r));
		assert_int_equal(r.checks[0].problem, GRADE_INTERNAL);
		assert_non_null(strstr(r.checks[0].message[LANG_EN], "refuses to grade"));
		assert_non_null(strstr(r.checks[0].message[LANG_EN], words[i]));
	}
	GradeResult ok;
	assert_int_equal(grade_one(&setup, exercise("rnn_step"), "solutions", &ok), ST_OK);
	assert_true(grade_result_passed(&ok));
}

/* Another program of the grader's user keeps making files in /dev/shm, /tmp and /var/tmp
 * while an honest solution is graded: in every mode it still gets full marks (basic mode
 * cannot tell those files from the code's, so it does not look at /dev/shm, nor, under
 * Landlock, which keeps the code out of them, at /tmp and /var/tmp). */
static void test_shm_neighbours(void **state)
{
	(void)state;
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t p = fork();
	assert_true(p >= 0);
	if (p == 0) {
		close(go[1]);
		char path[100];
		int n = 0;
		struct pollfd pf = { go[0], POLLIN, 0 };
		const char *dirs[] = { "/dev/shm", "/tmp", "/var/tmp" };
		while (poll(&pf, 1, 5) == 0 && n < 2000) {
			for (int d = 0; d < 3; d++) {
				snprintf(path, sizeof path, "%s/gradlab-neighbour-%d-%d", dirs[d],
					 (int)getpid(), n);
				FILE *f = fopen(path, "w");
				if (f)
					fclose(f);
			}
			n++;
		}
		for (int i = 0; i < n; i++)
			for (int d = 0; d < 3; d++) {
				snprintf(path, sizeof path, "%s/gradlab-neighbour-%d-%d", dirs[d],
					 (int)getpid(), i);
				unlink(path);
			}
		_exit(0);
	}
	close(go[0]);
	GradeResult r;
	assert_int_equal(grade_one(&setup, exercise("rnn_step"), "solutions", &r), ST_OK);
	close(go[1]);
	int st;
	assert_int_equal(waitpid(p, &st, 0), p);
	if (!grade_result_passed(&r))
		grade_report_text(stderr, &r, 1, NULL);
	assert_true(grade_result_passed(&r));
}

/* The boundary in basic mode (not root, no user namespaces): as root, this program again as
 * nobody with GRADLAB_SANDBOX=basic; not root, as itself. Skipped when nobody cannot read
 * the source tree. */
static void test_basic_mode(void **state)
{
	(void)state;
	fflush(NULL);
	pid_t p = fork();
	assert_true(p >= 0);
	if (p == 0) {
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
				       setuid(65534) != 0))
			_exit(77);
		if (access("exercises/exercises.list", R_OK) != 0 ||
		    access("/proc/self/exe", X_OK) != 0)
			_exit(77);
		setenv("GRADLAB_SANDBOX", "basic", 1);
		unsetenv("TMPDIR");
		unsetenv("XDG_STATE_HOME");
		char *argv[] = { "test_grade", "--hostile-only", NULL };
		execv("/proc/self/exe", argv);
		_exit(77);
	}
	int st;
	assert_int_equal(waitpid(p, &st, 0), p);
	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) == 77) {
		fprintf(stderr, "test_grade: nobody cannot run this test here\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* A sandbox that cannot be set up as promised does not run: here its working folder does not
 * exist, which fails the set-up (chdir, or the bind at /tmp/work) with the reason. */
static void test_setup_fails_closed(void **state)
{
	(void)state;
	SandboxLimits lim = sandbox_limits_compile(5);
	lim.workdir = "/nonexistent/gradlab-no-such-folder";
	char *argv[] = { "/bin/true", NULL }, *env[] = { NULL };
	SandboxRun run;
	assert_int_equal(sandbox_exec(&lim, argv, env, &run), ST_EIO);
	assert_non_null(strstr(status_detail(), "could not set up"));
	assert_non_null(strstr(status_detail(), "gradlab-no-such-folder"));
}

/* }==== */

/* {==== Stopping ==== */

static volatile sig_atomic_t cancel_flag;

static void on_cancel(int sig)
{
	cancel_flag = sig;
}

/* A signal whose handler sets the cancel flag stops grading at once: in this process
 * (grade_one), and in the workers (grade_many sends them SIGTERM, whose handler they inherit).
 * Nothing is left running, no private folder is left, and every result says it was
 * interrupted. Without the signal the infinite loop would take 10 s a check. */
static void test_cancel(void **state)
{
	(void)state;
	char dir[600], tmpdir[300];
	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", tmp_root);
	const GradeExercise *e = exercise("rnn_step");
	submission(e, "tests/hostile/infinite_loop.c", dir, sizeof dir);
	struct sigaction sa, old_alarm, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_cancel;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old_alarm);
	sigaction(SIGTERM, &sa, &old_term);
	GradeSetup s = setup; /* shares the list; not closed */
	s.run.timeout = 10;
	s.run.cancel = &cancel_flag;
	for (int many = 0; many < 2; many++) {
		GradeTask tasks[4];
		GradeResult res[4];
		int n = many ? 4 : 1;
		for (int i = 0; i < n; i++)
			tasks[i] = (GradeTask){ e, dir };
		cancel_flag = 0;
		double t0 = now();
		alarm(1);
		if (many)
			assert_int_equal(grade_many(&s, tasks, n, 2, res, NULL, NULL), ST_OK);
		else
			assert_int_equal(grade_one(&s, e, dir, &res[0]), ST_OK);
		double took = now() - t0;
		alarm(0);
		assert_int_equal(cancel_flag, SIGALRM);
		/* a second to the alarm, at most two for the workers to end */
		assert_true(took < 4.0);
		for (int i = 0; i < n; i++) {
			assert_true(res[i].interrupted);
			assert_false(grade_result_passed(&res[i]));
			assert_non_null(strstr(res[i].checks[res[i].n_checks - 1].message[LANG_EN],
					       "interrupted"));
		}
		int left = strays();
		for (int wait = 0; left && wait < 100; wait++) {
			usleep(20000);
			left = strays();
		}
		assert_int_equal(left, 0);
		assert_int_equal(entries(tmpdir), 0);
	}
	sigaction(SIGALRM, &old_alarm, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	remove_tree(dir);
}

/* }==== */

/* {==== The exercise list ==== */

static void expect_list_error(const char *text, const char *where, const char *words)
{
	char path[400];
	snprintf(path, sizeof path, "%s/bad.list", tmp_root);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	Status st;
	GradeList *l = registry_load(path, &st);
	assert_null(l);
	assert_int_not_equal(st, ST_OK);
	char want[500];
	snprintf(want, sizeof want, "%s:%s", path, where);
	if (!strstr(status_detail(), want) || !strstr(status_detail(), words))
		fail_msg("got '%s', wanted '%s' and '%s'", status_detail(), want, words);
}

static void test_list_errors(void **state)
{
	(void)state;
	expect_list_error("name: rnn_step\nfile: 04_rnn_step.c\nlesson: x\npoints: 5\ntitle: t\n"
			  "colour: red\n",
			  "6:1", "unknown key");
	expect_list_error("name: no_such_exercise\n", "1:7", "no checks");
	expect_list_error("name: rnn_step\nfile: 04_rnn_step.c\nlesson: x\npoints: 5\ntitle: t\n",
			  "1:1", "'hint:'");
	expect_list_error("name: rnn_step\nfile: 04_rnn_step.c\nlesson: x\npoints: lots\n", "4:9",
			  "whole number");
	expect_list_error("name: rnn_step\nfile: ../04_rnn_step.c\n", "2:7", "C file name");
	expect_list_error("name: rnn_step\nfile: 04_rnn_step.c\nlesson: x\npoints: 5\ntitle: t\n"
			  "hint: a\nhint: b\nhint_zh: 甲\n",
			  "1:1", "both languages");
	/* the shipped list: every exercise has several hints in both languages */
	for (int i = 0; i < setup.list->n; i++) {
		const GradeExercise *e = &setup.list->ex[i];
		assert_true(e->n_hints[LANG_EN] >= 3);
		assert_int_equal(e->n_hints[LANG_ZH], e->n_hints[LANG_EN]);
		assert_true(e->title[LANG_ZH][0] != '\0');
		assert_string_equal(registry_hint(e, 99, LANG_EN), e->hint[LANG_EN][e->n_hints[LANG_EN] - 1]);
		assert_string_equal(registry_hint(e, 1, LANG_ZH), e->hint[LANG_ZH][0]);
	}
}

/* }==== */

/* {==== Progress ==== */

static void test_progress(void **state)
{
	(void)state;
	char dir[400], file[500];
	snprintf(dir, sizeof dir, "%s/progress", tmp_root);
	snprintf(file, sizeof file, "%s/%s", dir, GRADE_PROGRESS_FILE);
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(dir, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, GRADE_PROGRESS_NEW);
	assert_int_equal(grade_progress_get(p, "rnn_step").status, GRADE_STATUS_NEW);
	GradeResult r = { .n_checks = 1, .score = 3, .max_score = 10 };
	snprintf(r.exercise, sizeof r.exercise, "rnn_step");
	grade_progress_record(p, &r);
	r.checks[0].passed = 1;
	r.score = 10;
	grade_progress_record(p, &r);
	grade_progress_set_hint(p, "rnn_step", 2);
	assert_int_equal(grade_progress_save(p), ST_OK);
	grade_progress_free(p);

	/* another program saves another exercise meanwhile: both survive */
	GradeProgress *a = grade_progress_open(dir, &note), *b = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_LOADED);
	snprintf(r.exercise, sizeof r.exercise, "bptt");
	r.checks[0].passed = 0;
	grade_progress_record(a, &r);
	snprintf(r.exercise, sizeof r.exercise, "clip");
	grade_progress_record(b, &r);
	assert_int_equal(grade_progress_save(a), ST_OK);
	assert_int_equal(grade_progress_save(b), ST_OK);
	grade_progress_free(a);
	grade_progress_free(b);

	p = grade_progress_open(dir, &note);
	GradeProgressEntry e = grade_progress_get(p, "rnn_step");
	assert_int_equal(e.status, GRADE_STATUS_PASSED);
	assert_int_equal(e.tries, 2);
	assert_int_equal(e.hint, 2);
	assert_close(10, e.score, 0, 0);
	assert_close(10, e.best, 0, 0);
	assert_true(e.when > 0);
	assert_int_equal(grade_progress_get(p, "bptt").status, GRADE_STATUS_FAILED);
	assert_int_equal(grade_progress_get(p, "clip").status, GRADE_STATUS_FAILED);
	grade_progress_free(p);

	/* a corrupt file is set aside with a message, and a fresh store begins */
	FILE *f = fopen(file, "w");
	fputs("{\"version\": 1, \"exercises\": [tru", f);
	fclose(f);
	p = grade_progress_open(dir, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, GRADE_PROGRESS_SET_ASIDE);
	assert_true(note.reason[0] != '\0');
	assert_int_equal(access(note.moved_to, F_OK), 0);
	assert_int_equal(grade_progress_get(p, "rnn_step").status, GRADE_STATUS_NEW);
	grade_progress_record(p, &r);
	assert_int_equal(grade_progress_save(p), ST_OK);
	grade_progress_free(p);
	p = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_LOADED);
	grade_progress_free(p);
}

/* }==== */

/* {==== Reports ==== */

/* A failing result with everything a writer must escape: quotes, markup, a NaN, control
 * bytes and invalid UTF-8 in what the learner's code printed. */
static void nasty_result(GradeResult *r)
{
	const GradeExercise *e = exercise("rnn_step");
	GradeResult ok;
	assert_int_equal(grade_one(&setup, e, "solutions", &ok), ST_OK);
	*r = ok;
	GradeCheck *gc = &r->checks[1];
	gc->passed = 0;
	gc->points = 0;
	r->score = r->checks[0].points;
	gc->problem = GRADE_WRONG;
	gc->failed_case = 1;
	snprintf(gc->case_note[LANG_EN], sizeof gc->case_note[LANG_EN], "B=2 I=3 H=4");
	snprintf(gc->message[LANG_EN], sizeof gc->message[LANG_EN],
		 "dW_hh[1,2]: expected 0.5, got NaN <\"&'> ]]>\n  dW_hh: a reason\n");
	gc->n_wrong = 1;
	snprintf(gc->wrong[0].tensor, sizeof gc->wrong[0].tensor, "dW_hh");
	snprintf(gc->wrong[0].index, sizeof gc->wrong[0].index, "[1,2]");
	gc->wrong[0].expected = 0.5;
	gc->wrong[0].got = NAN;
	gc->wrong[0].rel_err = INFINITY;
	gc->wrong[0].fd = 0.5;
	snprintf(r->output, sizeof r->output, "PASS \x1b[32m\x01\xff\xfe ok 1 - fake\n</failure>");
	r->hint_number = 1;
	r->hint_count = 4;
	snprintf(r->hint, sizeof r->hint, "%s", registry_hint(e, 1, 1));
}

static char *render(ReportFormat f, const GradeResult *r, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ReportOptions o = { .list = setup.list };
	grade_report_write(m, f, r, n, "student \"x\"", &o);
	fclose(m);
	return buf;
}

static void test_report_formats(void **state)
{
	(void)state;
	GradeResult r[2];
	nasty_result(&r[0]);
	assert_int_equal(grade_one(&setup, exercise("clip"), "solutions", &r[1]), ST_OK);

	char *text = render(REPORT_TEXT, r, 2);
	assert_non_null(strstr(text, "FAIL  rnn_step_backward"));
	assert_non_null(strstr(text, "dW_hh[1,2]: expected 0.5, got NaN"));
	assert_null(strstr(text, "\x1b")); /* the learner's escape sequences are defused */
	assert_non_null(strstr(text, "  | PASS "));
	free(text);

	const ReportFormat json_like[] = { REPORT_JSON, REPORT_GRADESCOPE };
	for (int i = 0; i < 2; i++) {
		char *s = render(json_like[i], r, 2);
		enum json_tokener_error err;
		json_object *j = json_tokener_parse_verbose(s, &err);
		if (!j)
			fail_msg("%s: %s\n%s", i ? "gradescope" : "json", json_tokener_error_desc(err), s);
		json_object *v, *tests;
		assert_true(json_object_object_get_ex(j, "score", &v));
		assert_close(r[0].score + r[1].score, json_object_get_double(v), 1e-9, 0);
		if (json_like[i] == REPORT_GRADESCOPE) {
			assert_true(json_object_object_get_ex(j, "tests", &tests));
			assert_int_equal(json_object_array_length(tests), r[0].n_checks + r[1].n_checks);
			json_object *t = json_object_array_get_idx(tests, 1);
			const char *keys[] = { "name", "score", "max_score", "output", "visibility" };
			for (int k = 0; k < 5; k++)
				assert_true(json_object_object_get_ex(t, keys[k], &v));
			json_object_object_get_ex(t, "output", &v);
			assert_non_null(strstr(json_object_get_string(v), "dW_hh[1,2]"));
			assert_non_null(strstr(json_object_get_string(v), "hint 1/4"));
		}
		json_object_put(j);
		free(s);
	}

	char *tap = render(REPORT_TAP, r, 2);
	assert_true(strncmp(tap, "TAP version 14\n1..3\n", 20) == 0);
	assert_non_null(strstr(tap, "ok 1 - rnn_step: rnn_step_forward\n"));
	assert_non_null(strstr(tap, "not ok 2 - rnn_step: rnn_step_backward\n  ---\n"));
	assert_non_null(strstr(tap, "\n  got: .nan\n  expect: 0.5\n"));
	assert_non_null(strstr(tap, "\n  ...\n# clip: 6/6 points\nok 3 - clip: clip_grad_norm\n"));
	free(tap);

	char *xml = render(REPORT_JUNIT, r, 2);
	assert_non_null(strstr(xml, "<testsuites name=\"student &quot;x&quot;\" tests=\"3\" failures=\"1\""));
	assert_non_null(strstr(xml, "&lt;/failure&gt;"));
	assert_null(strstr(xml, "\x01"));
	free(xml);

	char *csv = NULL;
	size_t len;
	FILE *m = open_memstream(&csv, &len);
	const GradeExercise *ex[2] = { exercise("rnn_step"), exercise("clip") };
	grade_report_csv_header(m, ex, 2);
	grade_report_csv_row(m, "=cmd|' /C calc'!A0", ex, 2, r);
	fclose(m);
	assert_string_equal(csv, "student,rnn_step,clip,total,max\r\n"
				 "\"'=cmd|' /C calc'!A0\",5,6,11,16\r\n");
	free(csv);
}

/* }==== */

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--hostile-only") == 0) {
		const struct CMUnitTest only[] = { cmocka_unit_test(test_solutions_full_marks),
						   cmocka_unit_test(test_hostile),
						   cmocka_unit_test(test_boundary),
						   cmocka_unit_test(test_not_regular_files),
						   cmocka_unit_test(test_shm_neighbours),
						   cmocka_unit_test(test_setup_fails_closed) };
		return cmocka_run_group_tests_name("test_grade (no namespaces)", only, group_setup,
						   group_teardown);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_solutions_full_marks),
		cmocka_unit_test(test_exercises_fail_as_shipped),
		cmocka_unit_test(test_buggy_fail_naming_the_gradient),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_hostile_without_namespaces),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_not_regular_files),
		cmocka_unit_test(test_uid_range),
		cmocka_unit_test(test_shm_neighbours),
		cmocka_unit_test(test_setup_fails_closed),
		cmocka_unit_test(test_basic_mode),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_report_formats),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
