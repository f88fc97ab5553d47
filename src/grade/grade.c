/* grade: finding the grader's files, grading in this process, and a pool of worker
 * processes with shared results and deadlines for grading many files at once. */
#include "grade/grade.h"

#include "core/clock.h"
#include "core/datadir.h"
#include "core/mem.h"
#include "core/path.h"
#include "grade/sandbox.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* {==== The grader's own files ==== */

static int has_list(const char *dir)
{
	char path[PATH_MAX];
	return path_join(path, sizeof path, dir, "exercises.list") == ST_OK &&
	       access(path, R_OK) == 0;
}

Status grade_find_dir(char *buf, size_t size)
{
	const char *env = getenv("GRADLAB_EXERCISES");
	if (env && *env) {
		if (!has_list(env))
			return status_fail(ST_EIO, "GRADLAB_EXERCISES=%s has no readable exercises.list",
					   env);
		return path_copy(buf, size, env);
	}
	if (datadir_find("exercises", has_list, buf, size))
		return ST_OK;
	return status_fail(ST_EIO, "no exercises.list in ./exercises, next to the program, or in "
				   "%s/exercises (set GRADLAB_EXERCISES to the exercises folder)",
			   GRADLAB_DATADIR);
}

Status grade_setup_open(GradeSetup *s, const char *dir)
{
	memset(s, 0, sizeof *s);
	s->run = runner_defaults();
	Status st = ST_OK;
	st = dir ? path_copy(s->dir, sizeof s->dir, dir) : grade_find_dir(s->dir, sizeof s->dir);
	if (st != ST_OK)
		return st;
	char path[PATH_MAX];
	if ((st = path_join(path, sizeof path, s->dir, "exercises.list")) != ST_OK)
		return st;
	if (!(s->list = registry_load(path, &st)))
		return st;
	if ((st = path_join(s->run.header, sizeof s->run.header, s->dir, "gradlab_exercise.h")) !=
	    ST_OK)
		goto fail;
	if (access(s->run.header, R_OK) != 0) {
		st = status_fail(ST_EIO, "%s: the grader's header cannot be read: %s", s->run.header,
				 strerror(errno));
		goto fail;
	}
	if ((st = runner_find_compiler("cc", s->run.cc, sizeof s->run.cc)) != ST_OK)
		goto fail;
	s->run.seed = runner_random_seed();
	/* Probe the sandbox once here, so that every worker inherits the answer. */
	sandbox_mode();
	return ST_OK;
fail:
	grade_setup_close(s);
	return st;
}

void grade_setup_close(GradeSetup *s)
{
	if (!s)
		return;
	registry_free(s->list);
	s->list = NULL;
}

void grade_submission_dir(const char *folder, char *buf, size_t size)
{
	char sub[2 * PATH_MAX + 16];
	struct stat st;
	snprintf(sub, sizeof sub, "%s/exercises", folder);
	/* lstat: a link named exercises (to the solutions, say) is not a folder of the learner's */
	int in_sub = lstat(sub, &st) == 0 && S_ISDIR(st.st_mode);
	snprintf(buf, size, "%s", in_sub ? sub : folder);
}

void grade_exercise_file(const GradeExercise *e, const char *exercises_dir, char *buf,
			 size_t size)
{
	snprintf(buf, size, "%s/%s", exercises_dir, e->file);
}

Status grade_one(const GradeSetup *s, const GradeExercise *e, const char *exercises_dir,
		 GradeResult *out)
{
	char file[2 * PATH_MAX + 256];
	grade_exercise_file(e, exercises_dir, file, sizeof file);
	return runner_grade(e, file, &s->run, out);
}

int grade_cores(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* }==== */

/* {==== Many at once ==== */

/* A result for a task whose worker never delivered one. */
static void result_lost(const GradeSetup *s, const GradeTask *t, GradeProblem p,
			const GradeWhy *why, GradeResult *r)
{
	char file[2 * PATH_MAX + 256];
	grade_exercise_file(t->ex, t->dir, file, sizeof file);
	runner_result_start(t->ex, file, &s->run, r);
	runner_result_fail_all(r, p, why);
	runner_result_hint(t->ex, &s->run, r);
}

void grade_result_unstarted(const GradeSetup *s, const GradeTask *t, GradeProblem p,
			    const GradeWhy *why, GradeResult *r)
{
	result_lost(s, t, p, why, r);
}

/* A result for a task that grading was stopped before or under. */
static void result_interrupted(const GradeSetup *s, const GradeTask *t, GradeResult *r)
{
	GradeWhy why = { 0 };
	GRADE_SAY_ALL(why.text, GM_INTERRUPTED);
	result_lost(s, t, GRADE_INTERNAL, &why, r);
	r->interrupted = 1;
}

typedef struct Worker {
	pid_t pid;
	int task;
	double deadline;
} Worker;

/* The longest one task may take: compiling, then every check with its kill margin. */
static double task_budget(const GradeSetup *s, const GradeExercise *e)
{
	int checks = e->checks->n_checks;
	return s->run.compile_timeout + checks * (s->run.timeout + 2.5) + 5.0;
}

static void finish(const GradeSetup *s, const GradeTask *tasks, Worker *w, int status,
		   GradeResult *out, GradeDoneFn done, void *ctx)
{
	GradeResult *r = &out[w->task];
	if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0 && r->n_checks > 0)) {
		GradeWhy why = { 0 };
		if (WIFSIGNALED(status)) {
			const char *abbrev = sigabbrev_np(WTERMSIG(status));
			GRADE_SAY_ALL(why.text, GM_WORKER_SIGNAL, WTERMSIG(status),
				      strsignal(WTERMSIG(status)), abbrev ? abbrev : "?");
		} else {
			int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			GRADE_SAY_ALL(why.text, GM_WORKER_FAILED, code);
		}
		result_lost(s, &tasks[w->task], GRADE_INTERNAL, &why, r);
	}
	if (done)
		done(ctx, w->task, r);
	w->pid = 0;
}

static int cancelled(const GradeSetup *s)
{
	return s->run.cancel && *s->run.cancel;
}

/* Wait for worker w to end, at most until deadline; 1 when it did (and was reaped). */
static int reap_by(Worker *w, double deadline, int *status)
{
	for (;;) {
		pid_t p = waitpid(w->pid, status, WNOHANG);
		if (p == w->pid || (p < 0 && errno != EINTR))
			return 1;
		if (clock_seconds() >= deadline)
			return 0;
		poll(NULL, 0, 5);
	}
}

/* Grading was cancelled: every worker is told to stop (its own sandbox then kills and reaps
 * what it runs, and its runner removes its private folder), and is killed outright if it has
 * not ended within two seconds. Their tasks are lost, marked interrupted. */
static void stop_workers(const GradeSetup *s, const GradeTask *tasks, Worker *w, int jobs,
			 GradeResult *out)
{
	for (int i = 0; i < jobs; i++)
		if (w[i].pid)
			kill(w[i].pid, SIGTERM);
	double deadline = clock_seconds() + 2.0;
	for (int i = 0; i < jobs; i++) {
		if (!w[i].pid)
			continue;
		int status;
		if (!reap_by(&w[i], deadline, &status)) {
			kill(w[i].pid, SIGKILL);
			while (waitpid(w[i].pid, &status, 0) < 0 && errno == EINTR)
				;
		}
		sandbox_kill_leftovers(w[i].pid);
		result_interrupted(s, &tasks[w[i].task], &out[w[i].task]);
		w[i].pid = 0;
	}
}

Status grade_many(const GradeSetup *s, const GradeTask *tasks, int n, int jobs,
		  GradeResult *out, GradeDoneFn done, void *ctx)
{
	if (n <= 0)
		return ST_OK;
	if (jobs <= 0)
		jobs = grade_cores();
	if (jobs > n)
		jobs = n;
	size_t bytes = (size_t)n * sizeof(GradeResult);
	GradeResult *shared = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				   -1, 0);
	if (shared == MAP_FAILED)
		return status_fail(ST_ENOMEM, "cannot share memory with the grading workers: %s",
				   strerror(errno));
	Worker *w = mem_calloc((size_t)jobs, sizeof *w);
	if (!w) {
		munmap(shared, bytes);
		return status_fail(ST_ENOMEM, "out of memory");
	}
	/* Every worker's private folders go under one root, removed at the end even when a
	 * worker was killed before it could clean up. The sandbox's users must pass through. */
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp || access(tmp, W_OK) != 0)
		tmp = "/tmp";
	char root[PATH_MAX];
	if (path_join(root, sizeof root, tmp, "gradlab-run-XXXXXX") != ST_OK || !mkdtemp(root) ||
	    chmod(root, 0711) != 0) {
		Status st = status_fail(ST_EIO, "cannot make a temporary folder in %s: %s", tmp,
					strerror(errno));
		mem_free(w);
		munmap(shared, bytes);
		return st;
	}
	fflush(NULL);
	int next = 0, running = 0;
	while (next < n || running > 0) {
		if (cancelled(s)) {
			stop_workers(s, tasks, w, jobs, shared);
			for (; next < n; next++)
				result_interrupted(s, &tasks[next], &shared[next]);
			break;
		}
		while (next < n && running < jobs) {
			int slot = 0;
			while (w[slot].pid)
				slot++;
			memset(&shared[next], 0, sizeof shared[next]);
			pid_t pid = fork();
			if (pid == 0) {
				setenv("TMPDIR", root, 1);
				GradeResult r;
				grade_one(s, tasks[next].ex, tasks[next].dir, &r);
				memcpy(&shared[next], &r, sizeof r);
				_exit(0);
			}
			if (pid < 0) {
				GradeWhy why = { 0 };
				GRADE_SAY_ALL(why.text, GM_WORKER_START, strerror(errno));
				result_lost(s, &tasks[next], GRADE_INTERNAL, &why, &shared[next]);
				if (done)
					done(ctx, next, &shared[next]);
				next++;
				continue;
			}
			w[slot] = (Worker){ pid, next, clock_seconds() + task_budget(s, tasks[next].ex) };
			next++;
			running++;
		}
		int reaped = 0;
		for (int i = 0; i < jobs; i++) {
			if (!w[i].pid)
				continue;
			int status;
			pid_t p = waitpid(w[i].pid, &status, WNOHANG);
			if (p == w[i].pid) {
				if (!WIFEXITED(status))
					sandbox_kill_leftovers(w[i].pid);
				finish(s, tasks, &w[i], status, shared, done, ctx);
				running--;
				reaped = 1;
			} else if (clock_seconds() > w[i].deadline) {
				kill(w[i].pid, SIGKILL);
				while (waitpid(w[i].pid, &status, 0) < 0 && errno == EINTR)
					;
				sandbox_kill_leftovers(w[i].pid);
				GradeWhy why = { 0 };
				GRADE_SAY_ALL(why.text, GM_WORKER_TOO_LONG);
				result_lost(s, &tasks[w[i].task], GRADE_TIMEOUT, &why,
					    &shared[w[i].task]);
				if (done)
					done(ctx, w[i].task, &shared[w[i].task]);
				w[i].pid = 0;
				running--;
				reaped = 1;
			}
		}
		if (!reaped && running > 0)
			poll(NULL, 0, 5);
	}
	memcpy(out, shared, bytes);
	munmap(shared, bytes);
	mem_free(w);
	runner_remove_tree(root);
	return ST_OK;
}

/* }==== */
