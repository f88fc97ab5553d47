/* runner: copy, compile, run each check sandboxed, judge, clean up. */
#include "grade/runner.h"

#include "core/clock.h"
#include "core/mem.h"
#include "core/path.h"
#include "grade/grade_report.h"
#include "grade/harness.h"
#include "grade/sandbox.h"
#include "grade/verdict.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/random.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#define MAX_SOURCE (1L << 20)

RunnerOptions runner_defaults(void)
{
	RunnerOptions o;
	memset(&o, 0, sizeof o);
	o.timeout = 3.0;
	o.compile_timeout = 30.0;
	o.hint = 1;
	return o;
}

uint64_t runner_random_seed(void)
{
	uint64_t s = 0;
	if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		s = (uint64_t)ts.tv_nsec * 6364136223846793005ULL ^ (uint64_t)ts.tv_sec ^
		    (uint64_t)getpid() << 32;
	}
	return s ? s : 1;
}

Status runner_find_compiler(const char *name, char *out, size_t size)
{
	const char *env = getenv("GRADLAB_CC");
	if (env && *env)
		name = env;
	if (strchr(name, '/')) {
		if (access(name, X_OK) != 0)
			return status_fail(ST_EIO, "the C compiler %s cannot be run: %s", name,
					   strerror(errno));
		snprintf(out, size, "%s", name);
		return ST_OK;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		if (len > 0 && snprintf(out, size, "%.*s/%s", (int)len, path, name) < (int)size &&
		    access(out, X_OK) == 0)
			return ST_OK;
		path += len + (colon ? 1 : 0);
	}
	return status_fail(ST_EIO, "no C compiler '%s' in PATH (install gcc, or set GRADLAB_CC)",
			   name);
}

/* {==== The private folder ==== */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void runner_remove_tree(const char *dir)
{
	if (dir[0])
		nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Copy the learner's file src to dst: opened without following a link or waiting on a FIFO,
 * a regular file only, and at most MAX_SOURCE bytes counted as they are read (a size that
 * fstat reports is only a claim). 1 when copied; 0 with errno (EINVAL: not a regular file,
 * ELOOP: a symbolic link); -1 when too large. */
static int copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), out = -1, ok = 0;
	if (in < 0)
		return 0;
	struct stat st;
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(in);
		errno = EINVAL;
		return 0;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out >= 0) {
		char buf[65536];
		ssize_t n;
		long total = 0;
		ok = 1;
		while ((n = read(in, buf, sizeof buf)) > 0) {
			total += n;
			if (total > MAX_SOURCE) {
				ok = -1;
				break;
			}
			if (write(out, buf, (size_t)n) != n) {
				ok = 0;
				break;
			}
		}
		if (n < 0)
			ok = 0;
		if (close(out) != 0 && ok > 0)
			ok = 0;
	}
	close(in);
	return ok;
}

/* Write n bytes to a new file path; 0 on failure. */
static int write_bytes(const char *path, const void *bytes, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return 0;
	int ok = sandbox_write_all(fd, bytes, n) == 0;
	return close(fd) == 0 && ok;
}

typedef struct Job {
	char dir[PATH_MAX]; /* the private folder */
	char src[PATH_MAX], exe[PATH_MAX], header[PATH_MAX], harness[PATH_MAX], work[PATH_MAX];
	char solutions[PATH_MAX]; /* the grader's reference solutions, beside its exercises */
	uid_t uid;
} Job;

static Status job_open(Job *j, const char *src, const RunnerOptions *o, int *too_large)
{
	memset(j, 0, sizeof *j);
	*too_large = 0;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp || access(tmp, W_OK) != 0)
		tmp = "/tmp";
	if (path_join(j->dir, sizeof j->dir, tmp, "gradlab-XXXXXX") != ST_OK || !mkdtemp(j->dir)) {
		Status st = status_fail(ST_EIO, "cannot make a temporary folder in %s: %s", tmp,
					strerror(errno));
		j->dir[0] = '\0';
		return st;
	}
	SandboxLimits lim = sandbox_limits_compile(1);
	j->uid = sandbox_uid(&lim);
	Status st;
	if ((st = path_join(j->src, sizeof j->src, j->dir, "exercise.c")) != ST_OK ||
	    (st = path_join(j->exe, sizeof j->exe, j->dir, "check")) != ST_OK ||
	    (st = path_join(j->header, sizeof j->header, j->dir, "gradlab_exercise.h")) != ST_OK ||
	    (st = path_join(j->harness, sizeof j->harness, j->dir, "gradlab_harness.o")) != ST_OK ||
	    (st = path_join(j->work, sizeof j->work, j->dir, "work")) != ST_OK)
		return st;
	/* <exercises>/gradlab_exercise.h -> <exercises>/../solutions; or, installed, the whole
	 * data folder PREFIX/share/gradlab that holds both */
	if ((st = path_copy(j->solutions, sizeof j->solutions, o->header)) != ST_OK)
		return st;
	char *cut = strrchr(j->solutions, '/');
	if (cut) {
		*cut = '\0';
		char *parent = strrchr(j->solutions, '/');
		int installed = parent && parent - j->solutions >= 8 &&
				memcmp(parent - 8, "/gradlab", 8) == 0;
		if (installed)
			*parent = '\0';
		else if ((st = path_join(j->solutions, sizeof j->solutions, j->solutions,
					   "../solutions")) != ST_OK)
			return st;
	} else {
		snprintf(j->solutions, sizeof j->solutions, "../solutions");
	}
	int copied = copy_file(src, j->src);
	if (copied < 0)
		*too_large = 1;
	if (copied == 0)
		return status_fail(ST_EIO, "cannot copy %s: %s", src, strerror(errno));
	if (copy_file(o->header, j->header) <= 0)
		return status_fail(ST_EIO, "cannot copy the grader's header %s: %s", o->header,
				   strerror(errno));
	if (!write_bytes(j->harness, harness_object, harness_object_size))
		return status_fail(ST_EIO, "cannot write %s: %s", j->harness, strerror(errno));
	if (mkdir(j->work, 0700) != 0)
		return status_fail(ST_EIO, "cannot make %s: %s", j->work, strerror(errno));
	/* As root the compiler and the checks run as the sandbox's own user: it owns the folder. */
	if (geteuid() == 0 && sandbox_mode() != SANDBOX_BASIC) {
		const char *own[] = { j->dir, j->src, j->header, j->harness, j->work };
		for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
			if (chown(own[i], j->uid, (gid_t)j->uid) != 0)
				return status_fail(ST_EIO, "cannot hand %s to the sandbox: %s", own[i],
						   strerror(errno));
	}
	return ST_OK;
}

/* }==== */

/* {==== Messages ==== */

static int cancelled(const RunnerOptions *o)
{
	return o->cancel && *o->cancel;
}

/* A copy of s with every occurrence of from replaced by to; NULL when out of memory. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), count = 0;
	for (const char *p = s; fl && (p = strstr(p, from)); p += fl)
		count++;
	char *out = mem_alloc(strlen(s) + count * (tl > fl ? tl - fl : 0) + 1);
	if (!out)
		return NULL;
	char *o = out;
	for (const char *p = s; *p;) {
		if (fl && strncmp(p, from, fl) == 0) {
			memcpy(o, to, tl);
			o += tl;
			p += fl;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* The compiler's first lines, with the private folder's names turned back into the
 * learner's: at most 14 lines ("" when out of memory: the verdict says it does not
 * compile all the same). */
static void compile_message(char *dst, size_t size, const char *text, const Job *j,
			    const char *display)
{
	/* The compiler ran on "exercise.c" in its folder (the private one, or /tmp/work) */
	char dir_slash[PATH_MAX + 1], shown[4200];
	path_join(dir_slash, sizeof dir_slash, j->dir, ""); /* j->dir fits PATH_MAX - 1 */
	snprintf(shown, sizeof shown, "%s:", display);
	char *a = replace_all(text ? text : "", "exercise.c:", shown);
	char *b = a ? replace_all(a, dir_slash, "") : NULL;
	mem_free(a);
	dst[0] = '\0';
	if (!b)
		return;
	int lines = 0;
	size_t len = 0;
	for (const char *p = b; *p && lines < 14 && len + 1 < size; p++) {
		dst[len++] = *p;
		if (*p == '\n')
			lines++;
	}
	dst[len] = '\0';
	mem_free(b);
}

/* What killed the learner's code, as a message id; GM_NONE for a signal with none. */
static GradeMsg signal_words(int sig)
{
	switch (sig) {
	case SIGSEGV: return GM_SIG_SEGV;
	case SIGBUS: return GM_SIG_BUS;
	case SIGABRT: return GM_SIG_ABRT;
	case SIGFPE: return GM_SIG_FPE;
	case SIGILL: return GM_SIG_ILL;
	case SIGKILL: return GM_SIG_KILL;
	case SIGXFSZ: return GM_SIG_XFSZ;
	case SIGPIPE: return GM_SIG_PIPE;
	default: return GM_NONE;
	}
}

/* Whether path is on /proc or /sys, whose files claim sizes they do not have. */
static int on_proc(const char *path)
{
	struct statfs fs;
	return statfs(path, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC);
}

/* As root, the sandbox's users must be nobody else's: 1 (and why) when they collide. */
static int uid_collision(GradeWhy *why)
{
	static int known = -1;
	static char saved[400], base[64];
	SandboxMode m = sandbox_mode();
	if (geteuid() != 0 || (m != SANDBOX_NAMESPACES && m != SANDBOX_UID))
		return 0;
	const char *env = getenv("GRADLAB_SANDBOX_UID_BASE");
	if (strncmp(base, env ? env : "", sizeof base) != 0) {
		known = -1; /* looked at again for another range */
		snprintf(base, sizeof base, "%s", env ? env : "");
	}
	if (known < 0) {
		known = sandbox_check_uids() != ST_OK;
		if (known)
			snprintf(saved, sizeof saved, "%s", status_detail());
	}
	if (known)
		GRADE_SAY_ALL(why->text, GM_UID_COLLISION, saved);
	return known;
}

/* Why a file cannot be read, for the learner: the usual reasons in words of each language
 * (the system's own where a language has none). */
static GradeMsg errno_words(int e)
{
	return e == ENOENT ? GM_ERRNO_ENOENT
	       : e == EACCES ? GM_ERRNO_EACCES
	       : e == EISDIR ? GM_ERRNO_EISDIR
			     : GM_ERRNO_OTHER;
}

/* }==== */

/* {==== One check ==== */

/* A private folder of some grader's (job_open's mkdtemp): another student's, in a class run. */
static int grader_folder(const char *name)
{
	return strncmp(name, "gradlab-", 8) == 0 && strlen(name) == 14;
}

/* A listing of dir (name, size, time) for finding files a run wrote where it may not,
 * when there are no namespaces to stop it. */
static char *listing(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t cap = 4096, len = 0;
	char *s = mem_alloc(cap);
	struct dirent *e;
	while (s && (e = readdir(d))) {
		char path[PATH_MAX], line[600];
		struct stat st;
		if (path_join(path, sizeof path, dir, e->d_name) != ST_OK)
			continue; /* lstat could not look at it either */
		/* Not "." nor "..": the parent's time changes whenever anyone else's folder comes
		 * or goes. Not the grader's own private folders (other students' runs). */
		if (strcmp(e->d_name, "work") == 0 || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 || grader_folder(e->d_name) || lstat(path, &st) != 0)
			continue;
		int n = snprintf(line, sizeof line, "%s\t%lld\t%lld\n", e->d_name, (long long)st.st_size,
				 (long long)st.st_mtime);
		if (n < 0)
			continue;
		if (len + (size_t)n + 1 > cap) {
			char *g = mem_realloc(s, cap * 2 + (size_t)n);
			if (!g)
				break;
			s = g;
			cap = cap * 2 + (size_t)n;
		}
		memcpy(s + len, line, (size_t)n);
		len += (size_t)n;
	}
	if (s)
		s[len] = '\0';
	closedir(d);
	return s;
}

/* Lines of after that are not in before: new or changed files. */
static void listing_diff(const char *before, const char *after, const char *dir, char *out,
			 size_t size)
{
	if (!before || !after)
		return;
	for (const char *p = after; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		int found = 0;
		for (const char *q = before; *q && !found;) {
			const char *ql = strchr(q, '\n');
			size_t m = ql ? (size_t)(ql - q) + 1 : strlen(q);
			found = m == n && memcmp(p, q, n) == 0;
			q += m;
		}
		if (!found) {
			const char *tab = memchr(p, '\t', n);
			grade_text_add(out, size, "%s%s/%.*s", out[0] ? ", " : "", dir,
				       (int)(tab ? tab - p : 0), p);
		}
		p += n;
	}
}

/* The folders anyone may write to, where code that has no namespaces can leave files. */
static const char *const shared_dirs[] = { "/tmp", "/var/tmp", "/run/lock", "/dev/shm" };
#define N_SHARED 4
/* Without a user of its own (basic mode), only these first ones are looked at: anything of the
 * grader's user may appear in /dev/shm (a browser's, a desktop's) while a check runs, and must
 * fail no one. */
#define N_SHARED_BASIC 3

/* Entries of the shared folders owned by uid that are not named in before[] (listings taken
 * before the run; NULL: every entry counts). With remove, they are deleted: as the sandbox's
 * own user, whatever it owns there it made. */
static void shared_escapes(uid_t uid, char *const *before, int remove, const char *job_dir,
			   char *out, size_t size)
{
	for (size_t k = 0; k < (remove ? N_SHARED : N_SHARED_BASIC); k++) {
		DIR *d = opendir(shared_dirs[k]);
		if (!d)
			continue;
		struct dirent *e;
		while ((e = readdir(d))) {
			char path[PATH_MAX];
			struct stat st;
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (path_join(path, sizeof path, shared_dirs[k], e->d_name) != ST_OK ||
			    lstat(path, &st) != 0 || st.st_uid != uid || strcmp(path, job_dir) == 0 ||
			    grader_folder(e->d_name))
				continue;
			if (before && before[k]) {
				char line[600];
				snprintf(line, sizeof line, "%s\t", e->d_name);
				int seen = strncmp(before[k], line, strlen(line)) == 0;
				char nl_line[602];
				snprintf(nl_line, sizeof nl_line, "\n%s", line);
				seen |= strstr(before[k], nl_line) != NULL;
				if (seen)
					continue;
			}
			grade_text_add(out, size, "%s%s", out[0] ? ", " : "", path);
			if (remove)
				runner_remove_tree(path);
		}
		closedir(d);
	}
}

/* The verdict on a run that did not come back whole, into gc's message: an escape, a hang, a
 * crash, a channel that cannot be trusted, code that would not load or ended too soon. Nothing
 * is said (and gc->problem stays GRADE_OK) when every case came back. */
static void judge_run(const GradeExercise *ex, const SandboxRun *run, const HarnessReport *rep,
		      const RunnerOptions *o, GradeCheck *gc)
{
	/* The order matters: a run that wrote outside its folder fails whatever else it did. */
	if (run->escaped[0]) {
		gc->problem = GRADE_ESCAPED;
		GRADE_SAY(gc, GM_ESCAPED, run->escaped);
	} else if (run->timed_out || run->cpu_limit) {
		gc->problem = GRADE_TIMEOUT;
		double took = run->timed_out ? run->wall_seconds : run->cpu_seconds;
		for (int l = 0; l < LANG_COUNT; l++)
			grade_say_in(l, gc->message[l], sizeof gc->message[l], GM_TIMEOUT, took,
				     grade_msg(l, run->timed_out ? GM_CLOCK_WALL : GM_CLOCK_CPU),
				     o->timeout);
	} else if (run->signal) {
		gc->problem = GRADE_CRASHED;
		GradeMsg w = signal_words(run->signal);
		if (w != GM_NONE) {
			for (int l = 0; l < LANG_COUNT; l++)
				grade_say_in(l, gc->message[l], sizeof gc->message[l], GM_CRASHED_WITH,
					     grade_msg(l, w));
		} else {
			const char *abbrev = sigabbrev_np(run->signal);
			GRADE_SAY(gc, GM_CRASHED_SIGNAL, run->signal, strsignal(run->signal),
				  abbrev ? abbrev : "?");
		}
	} else if (rep->garbled || run->data_truncated) {
		gc->problem = GRADE_GARBLED;
		for (int l = 0; l < LANG_COUNT; l++) {
			char why[300];
			snprintf(why, sizeof why, "%s", grade_msg(l, GM_GARBLE_TOO_MUCH));
			if (rep->garbled)
				snprintf(why, sizeof why, grade_msg(l, rep->garble), rep->garble_a,
					 rep->garble_b);
			grade_say_in(l, gc->message[l], sizeof gc->message[l], GM_GARBLED, why);
		}
	} else if (rep->internal[0]) {
		gc->problem = GRADE_INTERNAL;
		GRADE_SAY(gc, GM_NO_CASE, rep->internal);
	} else if (!rep->loaded) {
		gc->problem = rep->load_error[0] ? GRADE_MISSING : GRADE_EXITED;
		const char *undef = strstr(rep->load_error, "undefined symbol: ");
		if (undef)
			GRADE_SAY(gc, GM_UNDEFINED, undef + strlen("undefined symbol: "));
		else if (rep->load_error[0])
			GRADE_SAY(gc, GM_CANNOT_LOAD, rep->load_error);
		else
			GRADE_SAY(gc, GM_ENDED_LOADING, run->code);
	} else if (rep->missing[0]) {
		gc->problem = GRADE_MISSING;
		GRADE_SAY(gc, GM_NOT_DEFINED, ex->file, rep->missing);
	} else if (!rep->done) {
		gc->problem = GRADE_EXITED;
		GRADE_SAY(gc, GM_ENDED_EARLY, run->code);
	}
}

/* The check's problem when grading stopped under it. */
static void mark_interrupted(GradeCheck *gc, GradeResult *res)
{
	gc->problem = GRADE_INTERNAL;
	GRADE_SAY(gc, GM_INTERRUPTED_LINE);
	res->interrupted = 1;
}

static void run_check(const GradeExercise *ex, const CkCheck *check, const Job *j,
		      const char *src, const RunnerOptions *o, GradeCheck *gc, GradeResult *res)
{
	double t0 = clock_seconds();
	gc->n_cases = check->n_cases;
	gc->failed_case = -1;
	uint64_t token = runner_random_seed();
	unsigned char *input = NULL;
	size_t input_len = 0;
	/* Everything below is freed once, at done; each is empty until it is made. */
	char *before_src = NULL, *before_job = NULL, *before_shared[N_SHARED] = { 0 };
	SandboxRun run;
	HarnessReport rep;
	memset(&run, 0, sizeof run);
	memset(&rep, 0, sizeof rep);
	if (harness_input(check, o->seed, token, &input, &input_len) != ST_OK) {
		gc->problem = GRADE_INTERNAL;
		GRADE_SAY(gc, GM_NO_CASE, status_detail());
		goto done;
	}
	SandboxLimits lim = sandbox_limits_check(o->timeout);
	lim.workdir = j->work;
	lim.program = j->exe;
	lim.uid = j->uid;
	lim.cancel = o->cancel;
	lim.input = input;
	lim.input_len = input_len;
	lim.hide = j->solutions;
	SandboxMode mode = sandbox_mode();
	int namespaced = mode == SANDBOX_NAMESPACES || mode == SANDBOX_USERNS;
	char *argv[] = { namespaced ? SANDBOX_PROGRAM : (char *)j->exe, NULL };
	char *env[] = { "LC_ALL=C", NULL };
	char src_dir[4096];
	snprintf(src_dir, sizeof src_dir, "%s", src);
	char *slash = strrchr(src_dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(src_dir, sizeof src_dir, ".");
	/* Nothing to look at outside the run's folder with namespaces, nor in basic mode under
	 * Landlock, which lets it write nowhere else: a file that appears there while it runs is
	 * another program's of the grader's user (a classmate's check, an editor) and must fail no
	 * one. */
	int blind = namespaced || (mode == SANDBOX_BASIC && sandbox_landlock());
	before_src = blind ? NULL : listing(src_dir);
	/* Without a user of its own, code runs as the grader: what it leaves in the shared
	 * folders can only be told by what was not there before (and is not removed). */
	int own_user = mode == SANDBOX_UID;
	for (int k = 0; k < N_SHARED_BASIC && !blind && !own_user; k++)
		before_shared[k] = listing(shared_dirs[k]);
	before_job = blind ? NULL : listing(j->dir);

	Status st = sandbox_exec(&lim, argv, env, &run);
	if (st != ST_OK) {
		gc->problem = GRADE_INTERNAL;
		GRADE_SAY(gc, GM_CANNOT_START, status_detail());
		goto done;
	}
	if (!blind) {
		/* The check runs in the private folder's work/: its own files there are "..". */
		char *after_src = listing(src_dir), *after_job = listing(j->dir);
		listing_diff(before_src, after_src, src_dir, run.escaped, sizeof run.escaped);
		listing_diff(before_job, after_job, "..", run.escaped, sizeof run.escaped);
		shared_escapes(own_user ? j->uid : getuid(), own_user ? NULL : before_shared,
			       own_user, j->dir, run.escaped, sizeof run.escaped);
		mem_free(after_src);
		mem_free(after_job);
	}
	if (run.output_len && strlen(res->output) + 1 < sizeof res->output) {
		/* A NUL the code printed would end the text there: it is shown as U+FFFD and
		 * what follows it is kept. */
		for (size_t at = 0; at < run.output_len;) {
			size_t piece = strnlen(run.output + at, run.output_len - at);
			grade_text_add(res->output, sizeof res->output, "%.*s", (int)piece,
				       run.output + at);
			at += piece;
			if (at < run.output_len) {
				grade_text_add(res->output, sizeof res->output, "\xEF\xBF\xBD");
				at++;
			}
		}
		if (run.output_truncated || run.output_len >= sizeof res->output)
			res->output_truncated = 1;
	}
	if (run.cancelled) {
		mark_interrupted(gc, res);
		goto done;
	}

	if (harness_parse(run.data, run.data_len, token, check, &rep) != ST_OK) {
		gc->problem = GRADE_INTERNAL;
		GRADE_SAY(gc, GM_NO_MEMORY_READ, status_detail());
		goto done;
	}
	int n = check->n_cases < HARNESS_MAX_CASES ? check->n_cases : HARNESS_MAX_CASES;
	int during = -1; /* the case that began and did not end */
	for (int k = 0; k < n; k++)
		if (rep.cases[k].begun && !rep.cases[k].ended)
			during = k;

	if (during >= 0) {
		CkCase c;
		gc->failed_case = during;
		if (checks_case_make(check, o->seed, during, &c) == ST_OK) {
			memcpy(gc->case_note, c.note, sizeof gc->case_note);
			checks_case_free(&c);
		}
	}
	judge_run(ex, &run, &rep, o, gc);
	if (gc->problem == GRADE_OK) {
		/* Every case came back: judge each against the answers computed here. */
		for (int k = 0; k < n; k++) {
			CkCase c;
			double *want[CK_MAX_TENSORS];
			if (checks_case_make(check, o->seed, k, &c) != ST_OK ||
			    checks_want(check, &c, want) != ST_OK) {
				gc->problem = GRADE_INTERNAL;
				GRADE_SAY(gc, GM_NO_ANSWERS, status_detail());
				checks_case_free(&c);
				break;
			}
			const double *got[CK_MAX_TENSORS] = { 0 };
			int complete = 1;
			for (int i = 0; i < c.n; i++) {
				if (c.t[i].role == CK_AUX)
					continue;
				size_t want_len = (size_t)c.t[i].rows * (size_t)c.t[i].cols + 2 * CK_GUARD;
				if (rep.cases[k].len[i] != want_len)
					complete = 0;
				got[i] = rep.cases[k].got[i];
			}
			int ok = 0;
			if (!complete) {
				gc->problem = GRADE_GARBLED;
				GRADE_SAY(gc, GM_ARRAY_MISSING, k + 1);
			} else {
				Verdict v;
				ok = verdict_case(check, &c, got, want, &v, gc);
				if (!ok)
					grade_report_verdict(check, &c, &v, gc);
			}
			if (!ok) {
				gc->failed_case = k;
				memcpy(gc->case_note, c.note, sizeof gc->case_note);
			}
			checks_want_free(want);
			checks_case_free(&c);
			if (!ok)
				break;
		}
	}
done:
	gc->passed = gc->problem == GRADE_OK;
	mem_free(input);
	mem_free(before_src);
	mem_free(before_job);
	for (int k = 0; k < N_SHARED; k++)
		mem_free(before_shared[k]);
	harness_report_free(&rep);
	sandbox_run_free(&run);
	gc->seconds = clock_seconds() - t0;
}

/* }==== */

/* {==== A result ==== */

void runner_result_start(const GradeExercise *ex, const char *src, const RunnerOptions *o,
			 GradeResult *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->exercise, sizeof out->exercise, "%s", ex->name);
	snprintf(out->file, sizeof out->file, "%s", src);
	snprintf(out->lesson, sizeof out->lesson, "%s", ex->lesson);
	out->seed = o->seed;
	out->max_score = ex->points;
	const CkExercise *ck = ex->checks;
	int total_weight = 0;
	/* registry_load refuses an exercise with more checks than a result holds. */
	out->n_checks = ck->n_checks;
	for (int i = 0; i < out->n_checks; i++)
		total_weight += ck->checks[i].weight;
	/* Whole points for each check, in proportion to its weight: the floors first, then one
	 * more point to the checks with the largest remainders, so the points add up to the
	 * exercise's (a report that says 0/4.67 reads like an error). */
	int given = 0;
	double rest[GRADE_MAX_CHECKS];
	for (int i = 0; i < out->n_checks; i++) {
		GradeCheck *gc = &out->checks[i];
		snprintf(gc->name, sizeof gc->name, "%s", ck->checks[i].name);
		double share = (double)ex->points * ck->checks[i].weight /
			       (total_weight ? total_weight : 1);
		gc->max_points = floor(share);
		rest[i] = share - gc->max_points;
		given += (int)gc->max_points;
		gc->failed_case = -1;
		gc->n_cases = ck->checks[i].n_cases;
	}
	for (; given < ex->points && out->n_checks > 0; given++) {
		int best = 0;
		for (int i = 1; i < out->n_checks; i++)
			if (rest[i] > rest[best])
				best = i;
		out->checks[best].max_points += 1;
		rest[best] = -1;
	}
}

void runner_result_fail_all(GradeResult *out, GradeProblem p, const GradeWhy *why)
{
	for (int i = 0; i < out->n_checks; i++) {
		GradeCheck *gc = &out->checks[i];
		gc->problem = p;
		for (int l = 0; l < LANG_COUNT; l++)
			snprintf(gc->message[l], sizeof gc->message[l], "%s\n", why->text[l]);
	}
}

void runner_result_hint(const GradeExercise *ex, const RunnerOptions *o, GradeResult *out)
{
	if (!ex->n_hints[LANG_EN])
		return;
	int k = o->hint < 1 ? 1 : o->hint > ex->n_hints[LANG_EN] ? ex->n_hints[LANG_EN] : o->hint;
	out->hint_number = k;
	out->hint_count = ex->n_hints[LANG_EN];
	snprintf(out->hint, sizeof out->hint, "%s", registry_hint(ex, k, o->lang));
}

/* }==== */

/* Compile the learner's copy in the job's folder. GRADE_OK when it compiled; otherwise the
 * problem, with why saying what went wrong. */
static GradeProblem compile(const Job *j, const char *src, const RunnerOptions *o,
			    GradeResult *out, Status *result, GradeWhy *why)
{
	/* Relative names: the same in the private folder and, with namespaces, at /tmp/work. The
	 * learner's file is linked with the harness program (compiled with gradlab); its own
	 * main() (for trying things out) is renamed out of the harness's way. */
	char *argv[] = { (char *)o->cc, "-std=c11", "-O1", "-fdiagnostics-color=never",
			 "-Werror=implicit-function-declaration", "-Werror=return-type",
			 "-Dmain=gradlab_learner_main", "-include", "gradlab_exercise.h", "-o", "check",
			 "exercise.c", "gradlab_harness.o", "-lm", NULL };
	/* Without namespaces the compiler's temporary files would go to the shared /tmp, where
	 * another student's check, run as the same user (basic mode), would be blamed for them. */
	char tmpdir[4200];
	snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", j->dir);
	SandboxMode mode = sandbox_mode();
	int namespaced = mode == SANDBOX_NAMESPACES || mode == SANDBOX_USERNS;
	char *env[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", namespaced ? NULL : tmpdir, NULL };
	SandboxLimits lim = sandbox_limits_compile(o->compile_timeout);
	lim.workdir = j->dir;
	lim.uid = j->uid;
	lim.cancel = o->cancel;
	lim.hide = j->solutions;
	if (namespaced && !sandbox_visible(o->cc)) {
		GRADE_SAY_ALL(why->text, GM_CC_HIDDEN, o->cc);
		return GRADE_INTERNAL;
	}
	SandboxRun run;
	if ((*result = sandbox_exec(&lim, argv, env, &run)) != ST_OK) {
		GRADE_SAY_ALL(why->text, GM_CC_START, status_detail());
		return GRADE_INTERNAL;
	}
	GradeProblem p = GRADE_OK;
	out->compiled = run.exited && run.code == 0 && access(j->exe, F_OK) == 0;
	if (run.cancelled) {
		out->interrupted = 1;
		GRADE_SAY_ALL(why->text, GM_INTERRUPTED);
		p = GRADE_INTERNAL;
	} else if (!out->compiled) {
		p = GRADE_NOT_COMPILED;
		compile_message(out->compile_output, sizeof out->compile_output, run.output, j, src);
		if (run.timed_out || run.cpu_limit) {
			GRADE_SAY_ALL(why->text, GM_CC_TIMEOUT, o->compile_timeout);
		} else if (!run.exited) {
			GRADE_SAY_ALL(why->text, GM_CC_SIGNAL, run.signal);
		} else {
			GRADE_SAY_ALL(why->text, GM_NOT_COMPILED, src);
		}
	}
	sandbox_run_free(&run);
	return p;
}

Status runner_grade(const GradeExercise *ex, const char *src, const RunnerOptions *o,
		    GradeResult *out)
{
	double t0 = clock_seconds();
	runner_result_start(ex, src, o, out);
	for (int l = 0; l < LANG_COUNT; l++)
		snprintf(out->sandbox[l], sizeof out->sandbox[l], "%s",
			 sandbox_mode_describe(sandbox_mode(), l));

	Status result = ST_OK;
	Job j;
	int too_large = 0;
	struct stat st;
	GradeProblem all = GRADE_OK;
	GradeWhy why = { 0 };
	memset(&j, 0, sizeof j);
	if (cancelled(o)) {
		all = GRADE_INTERNAL;
		out->interrupted = 1;
		GRADE_SAY_ALL(why.text, GM_INTERRUPTED);
	} else if (lstat(src, &st) != 0) {
		all = GRADE_NO_FILE;
		int e = errno;
		for (int l = 0; l < LANG_COUNT; l++) {
			char words[300] = "";
			grade_say_in(l, words, sizeof words, errno_words(e), strerror(e));
			grade_say_in(l, why.text[l], sizeof why.text[l], GM_CANNOT_READ, src, words);
		}
	} else if (!S_ISREG(st.st_mode) || on_proc(src)) {
		/* Never followed, never opened in a way that could wait: a link could name a
		 * file the learner may not read (a solution), a FIFO or device could hang. */
		all = GRADE_NO_FILE;
		GradeMsg what = S_ISLNK(st.st_mode)				? GM_KIND_LINK
				: S_ISFIFO(st.st_mode)				? GM_KIND_FIFO
				: S_ISDIR(st.st_mode)				? GM_KIND_DIR
				: S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)	? GM_KIND_DEVICE
				: S_ISREG(st.st_mode)				? GM_KIND_PROC
										: GM_KIND_OTHER;
		for (int l = 0; l < LANG_COUNT; l++)
			grade_say_in(l, why.text[l], sizeof why.text[l], GM_NOT_REGULAR, src,
				     grade_msg(l, what));
	} else if (uid_collision(&why)) {
		all = GRADE_INTERNAL;
	} else if ((result = job_open(&j, src, o, &too_large)) != ST_OK || too_large) {
		all = too_large ? GRADE_NOT_COMPILED : GRADE_INTERNAL;
		if (too_large) {
			result = ST_OK;
			GRADE_SAY_ALL(why.text, GM_TOO_LARGE);
		} else {
			GRADE_SAY_ALL(why.text, GM_NO_TMPDIR, status_detail());
		}
	} else {
		all = compile(&j, src, o, out, &result, &why);
	}
	if (all != GRADE_OK)
		runner_result_fail_all(out, all, &why);
	for (int i = 0; i < out->n_checks; i++) {
		GradeCheck *gc = &out->checks[i];
		if (all == GRADE_OK && cancelled(o))
			mark_interrupted(gc, out);
		else if (all == GRADE_OK)
			run_check(ex, &ex->checks->checks[i], &j, src, o, gc, out);
		gc->points = gc->passed ? gc->max_points : 0;
		out->score += gc->points;
	}
	runner_remove_tree(j.dir);
	if (!grade_result_passed(out))
		runner_result_hint(ex, o, out);
	out->seconds = clock_seconds() - t0;
	return result;
}
