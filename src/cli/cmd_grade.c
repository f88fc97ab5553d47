/* cmd_grade: `gradlab grade [NAME...]` grades a learner's exercise files, or with --class
 * every student folder of a class in parallel, writing a gradebook and one report per
 * student. Exit status: 0 when everything asked for passes, 1 when something failed, 2 for
 * a usage error or a grader that cannot run (no compiler, no exercise list), 128 + N when
 * signal N (SIGINT, SIGTERM, SIGHUP) stopped it: then every check and worker is killed and
 * reaped, the temporary folders are gone, and no gradebook and no progress is written. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/state_notes.h"
#include "cli/stop_signals.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/mem.h"
#include "core/path.h"
#include "core/utf8.h"
#include "grade/grade.h"
#include "grade/grade_progress.h"
#include "grade/grade_report.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_NAMES 64
#define MAX_STUDENTS 4096

typedef struct GradeArgs {
	const char *format, *submission, *class_dir, *out, *lang, *exercises;
	int solutions, hint, jobs, verbose, no_progress;
	int lang_id; /* a Lang (core/lang.h), from lang */
	uint64_t seed;
	double timeout;
} GradeArgs;

/* {==== Stopping on a signal ==== */

/* The exit status for a stop, after its one line: 128 + the signal's number. */
static int stopped(const GradeArgs *a, FILE *err)
{
	int sig = stop_signal;
	const char *abbrev = sigabbrev_np(sig);
	cli_say(err, a->lang_id, CM_GRADE_STOPPED, abbrev ? abbrev : "?");
	return 128 + sig;
}

/* }==== */

/* "gradlab grade: WHAT PATH: the error", the path shown by the one escaping rule of the
 * reports (grade_report_escape), so that no name reaches the terminal raw. */
static void say_path_error(FILE *err, const char *what, const char *path)
{
	int e = errno;
	char *shown = grade_report_escaped(path, -1, 0);
	fprintf(err, "gradlab grade: %s%s: %s\n", what, shown ? shown : "", strerror(e));
	mem_free(shown);
}

static void help(FILE *out, const Opt *opts)
{
	fprintf(out,
		"usage: gradlab grade [NAME...] [OPTIONS]\n\n"
		"Compiles each exercise file with the system C compiler against gradlab's own\n"
		"header, runs its functions in a sandbox on shapes, seeds and values drawn now,\n"
		"and checks every output against gradlab's autodiff tape and finite differences.\n"
		"For each check: pass or fail, the first wrong number (which gradient, index,\n"
		"expected, got, relative error), the next hint, and the points.\n\n"
		"NAME is an exercise's name (rnn_step), file (04_rnn_step.c) or number (4); none\n"
		"grades them all. The files are read from ./exercises (or the installed copy).\n\n"
		"  gradlab grade rnn_step                    one exercise\n"
		"  gradlab grade rnn_step --hint 2           the same, with the second hint\n"
		"  gradlab grade --submission DIR            a copy of ./exercises elsewhere\n"
		"  gradlab grade --solutions                 the reference solutions (full marks)\n"
		"  gradlab grade --class DIR --format gradescope\n"
		"        every student folder in DIR, in parallel; writes DIR/gradebook.csv and\n"
		"        a report per student, named after them, in DIR/gradlab-reports/\n"
		"        (--out elsewhere)\n\n"
		"Exit status: 0 everything asked for passes, 1 something failed, 2 a usage error\n"
		"or a grader that cannot run, 130 (143) stopped by Ctrl-C (SIGTERM), which leaves\n"
		"nothing behind. The sandbox and its limits: exercises/README.md.\n\n"
		"options:\n");
	args_print_options(opts, out);
}

/* {==== One learner ==== */

static int select_exercises(const GradeSetup *s, const char **names, int n_names,
			    const GradeExercise **sel, FILE *err)
{
	if (n_names == 0) {
		for (int i = 0; i < s->list->n; i++)
			sel[i] = &s->list->ex[i];
		return s->list->n;
	}
	int n = 0;
	for (int i = 0; i < n_names; i++) {
		const GradeExercise *e = registry_find(s->list, names[i]);
		if (!e) {
			char *shown = grade_report_escaped(names[i], -1, 0);
			fprintf(err, "gradlab grade: no exercise '%s'; the exercises are:",
				shown ? shown : "");
			mem_free(shown);
			for (int k = 0; k < s->list->n; k++)
				fprintf(err, " %s", s->list->ex[k].name);
			fprintf(err, "\n");
			return -1;
		}
		int dup = 0;
		for (int k = 0; k < n; k++)
			dup |= sel[k] == e;
		if (!dup)
			sel[n++] = e;
	}
	return n;
}

static int open_output(const char *path, FILE **f, FILE *out, FILE *err)
{
	*f = out;
	if (!path || strcmp(path, "-") == 0)
		return 0;
	/* Opened without waiting: a named pipe nobody reads would otherwise hold the grader
	 * in open(), deaf to SIGTERM (the stop handler restarts system calls). */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0666);
	if (fd >= 0) {
		int fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 || !(*f = fdopen(fd, "w"))) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		int e = errno;
		char *shown = grade_report_escaped(path, -1, 0);
		fprintf(err, "gradlab grade: --out %s: %s\n", shown ? shown : "",
			e == ENXIO ? "a named pipe that nobody reads" : strerror(e));
		mem_free(shown);
		return -1;
	}
	return 0;
}

static int close_output(FILE *f, FILE *out, const char *path, FILE *err)
{
	if (f == out)
		return 0;
	if (fclose(f) != 0) {
		say_path_error(err, "--out ", path);
		return -1;
	}
	return 0;
}

static void record_progress(const GradeResult *r, int n, int lang, FILE *err)
{
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(NULL, &note);
	if (!p) {
		status_fail(ST_ENOMEM, "out of memory");
		state_save_failed_say(err, "grade", lang);
		return;
	}
	state_note_say(err, "grade", &note, lang);
	for (int i = 0; i < n; i++)
		grade_progress_record(p, &r[i]);
	if (grade_progress_save(p) != ST_OK)
		state_save_failed_say(err, "grade", lang);
	grade_progress_free(p);
}

static int grade_learner(GradeSetup *s, const GradeArgs *a, const char **names, int n_names,
			 FILE *out, FILE *err)
{
	const GradeExercise *sel[256];
	int n = select_exercises(s, names, n_names, sel, err);
	if (n < 0)
		return 2;
	char dir[PATH_MAX];
	int own = 0; /* the learner's own ./exercises: progress is recorded */
	if (a->solutions) {
		if (path_join(dir, sizeof dir, s->dir, "../solutions") != ST_OK) {
			fprintf(err, "gradlab grade: --solutions: %s\n", status_detail());
			return 2;
		}
		struct stat st;
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(err, "gradlab grade: --solutions: no solutions folder beside %s\n", s->dir);
			return 2;
		}
	} else if (a->submission) {
		struct stat st;
		if (stat(a->submission, &st) != 0 || !S_ISDIR(st.st_mode)) {
			char *shown = grade_report_escaped(a->submission, -1, 0);
			fprintf(err, "gradlab grade: --submission %s: not a folder\n",
				shown ? shown : "");
			mem_free(shown);
			return 2;
		}
		grade_submission_dir(a->submission, dir, sizeof dir);
	} else {
		struct stat st;
		own = stat("exercises", &st) == 0 && S_ISDIR(st.st_mode);
		if (path_copy(dir, sizeof dir, own ? "exercises" : s->dir) != ST_OK) {
			fprintf(err, "gradlab grade: %s\n", status_detail());
			return 2;
		}
		if (!own)
			cli_say(err, a->lang_id, CM_GRADE_INSTALLED, s->dir, s->dir);
	}
	GradeResult *res = mem_calloc((size_t)n, sizeof *res);
	GradeTask *tasks = mem_calloc((size_t)n, sizeof *tasks);
	if (!res || !tasks) {
		mem_free(res);
		mem_free(tasks);
		fprintf(err, "gradlab grade: out of memory\n");
		return 2;
	}
	for (int i = 0; i < n; i++)
		tasks[i] = (GradeTask){ sel[i], dir };
	Status st = n == 1 ? grade_one(s, sel[0], dir, &res[0])
			   : grade_many(s, tasks, n, a->jobs, res, NULL, NULL);
	int rc = 1;
	if (stop_signal) {
		rc = stopped(a, err);
		goto done;
	}
	if (st != ST_OK && n > 1) {
		fprintf(err, "gradlab grade: %s\n", status_detail());
		rc = 2;
		goto done;
	}
	FILE *f;
	if (open_output(a->out, &f, out, err) != 0) {
		rc = 2;
		goto done;
	}
	ReportOptions ro = { .list = s->list, .lang = a->lang_id,
			     .color = f == stdout && isatty(fileno(stdout)) && !getenv("NO_COLOR"),
			     .verbose = a->verbose, .command = "gradlab grade" };
	ReportFormat fmt = (ReportFormat)grade_report_format(a->format);
	grade_report_write(f, fmt, res, n, "gradlab", &ro);
	if (close_output(f, out, a->out, err) != 0) {
		rc = 2;
		goto done;
	}
	if (own && !a->no_progress)
		record_progress(res, n, a->lang_id, err);
	rc = 0;
	for (int i = 0; i < n; i++)
		if (!grade_result_passed(&res[i]))
			rc = 1;
done:
	mem_free(res);
	mem_free(tasks);
	return rc;
}

/* }==== */

/* {==== A class ==== */

#define REPORTS_DIR "gradlab-reports"
/* The file that marks a folder as gradlab's reports folder, so that a student's folder of
 * the same name (a class graded in place) is graded, not written into. */
#define REPORTS_MARK ".gradlab-reports"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_report_file(const char *name)
{
	static const char *const ext[] = { ".txt", ".json", ".xml", ".tap" };
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
		if (strcmp(dot, ext[i]) == 0)
			return 1;
	return 0;
}

/* Is folder name in the folder dfd gradlab's reports folder: 1 for one with the mark, 2 for
 * one an earlier gradlab wrote before there was a mark (report files only, at least one), 0
 * for anything else. Opened as a folder without following a link, so a named pipe never
 * blocks it. */
static int is_reports_folder(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	if (fstatat(fd, REPORTS_MARK, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	int reports = 0, other = 0;
	struct dirent *e;
	while (!other && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && is_report_file(e->d_name))
			reports++;
		else
			other++;
	}
	closedir(d);
	return reports > 0 && !other ? 2 : 0;
}

/* The name of the reports folder in out_dir: gradlab-reports, or when something else has
 * that name (a student's folder), gradlab-reports-2, -3, ...; -1 (errno set) when out_dir
 * cannot be opened, -2 when all REPORTS_TRIES names are taken. */
#define REPORTS_TRIES 1000
static int pick_reports(const char *out_dir, char *name, size_t size)
{
	int dfd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	int rc = -2;
	for (int k = 1; k <= REPORTS_TRIES && rc < 0; k++) {
		if (k == 1)
			snprintf(name, size, "%s", REPORTS_DIR);
		else
			snprintf(name, size, "%s-%d", REPORTS_DIR, k);
		struct stat st;
		if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? errno == ENOENT
		    : S_ISDIR(st.st_mode) && is_reports_folder(dfd, name))
			rc = 0;
	}
	close(dfd);
	return rc;
}

/* The gradebook's name in out_dir: gradebook.csv, or gradebook-2.csv, ... when a folder (a
 * student's) has that name, as a file cannot replace a folder. */
static void pick_gradebook(const char *out_dir, char *path, size_t size)
{
	for (int k = 1; k <= 1000; k++) {
		if (k == 1)
			snprintf(path, size, "%s/gradebook.csv", out_dir);
		else
			snprintf(path, size, "%s/gradebook-%d.csv", out_dir, k);
		struct stat st;
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			return;
	}
}

/* The student folders in dir, sorted: every folder but hidden ones, gradlab's reports
 * folders and the output folder itself. Each entry is looked at relative to the open folder
 * (a name too long to join to dir's path is still a student), and never opened but to see
 * whether it is a reports folder. */
static int list_students(const char *dir, const char *out_dir, char ***names, FILE *err, int lang)
{
	DIR *d = opendir(dir);
	if (!d) {
		char *shown = grade_report_escaped(dir, -1, 0);
		fprintf(err, "gradlab grade: --class %s: %s\n", shown ? shown : "", strerror(errno));
		mem_free(shown);
		return -1;
	}
	struct stat out_st;
	int have_out = stat(out_dir, &out_st) == 0;
	char **v = NULL;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		/* A link may lead anywhere (to the solutions, say): it is nobody's own work. */
		if (S_ISLNK(st.st_mode)) {
			char *shown = grade_report_escaped(e->d_name, -1, 0);
			cli_say(err, lang, CM_GRADE_CLASS_LINK, shown ? shown : "?");
			mem_free(shown);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		if (have_out && st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino)
			continue;
		int reports = strncmp(e->d_name, REPORTS_DIR, strlen(REPORTS_DIR)) == 0
				      ? is_reports_folder(dirfd(d), e->d_name)
				      : 0;
		if (reports == 2) {
			/* A guess (no mark): a student who handed in only such files would
			 * otherwise vanish from the gradebook without a word. */
			char *shown = grade_report_escaped(e->d_name, -1, 0);
			cli_say(err, lang, CM_GRADE_CLASS_REPORTS, shown ? shown : "?");
			mem_free(shown);
		}
		if (reports)
			continue;
		if (n >= MAX_STUDENTS) {
			cli_say(err, lang, CM_GRADE_CLASS_MANY, MAX_STUDENTS);
			break;
		}
		char **g = mem_realloc(v, (size_t)(n + 1) * sizeof *g);
		if (!g || !(g[n] = mem_strdup(e->d_name))) {
			if (g)
				v = g;
			fprintf(err, "gradlab grade: out of memory\n");
			for (int i = 0; i < n; i++)
				mem_free(v[i]);
			mem_free(v);
			closedir(d);
			return -1;
		}
		v = g;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, by_name);
	*names = v;
	return n;
}

typedef struct ClassProgress {
	FILE *err;
	int done, total, show, lang;
} ClassProgress;

static void class_tick(void *ctx, int task, const GradeResult *r)
{
	(void)task;
	(void)r;
	ClassProgress *p = ctx;
	p->done++;
	if (p->show)
		cli_say(p->err, p->lang, CM_GRADE_CLASS_TICK, p->done, p->total);
}

/* Write path through a new hidden file in its folder and a rename, so that a reader never
 * sees half of it and no name a student chose can be in the way. */
/* The reports folder, made when missing, with its mark. */
static int make_reports(const char *reports)
{
	if (mkdir(reports, 0755) != 0 && errno != EEXIST)
		return -1;
	int dfd = open(reports, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	int fd = openat(dfd, REPORTS_MARK, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
			0644);
	int saved = errno;
	if (fd >= 0) {
		static const char mark[] = "gradlab writes its reports in this folder\n";
		ssize_t w = write(fd, mark, sizeof mark - 1);
		(void)w;
		close(fd);
	}
	close(dfd);
	errno = saved;
	return fd >= 0 ? 0 : -1;
}

/* Report file names for every student: safe in any folder (grade_report_file_name), short
 * enough for the file system with ext and a ~N, and unique even where case is not told
 * apart: the second of two alike gets ~2, and so on ('~' is in no safe name). */
static char **report_names(char **students, int n, const char *reports, const char *ext)
{
	char **v = mem_calloc((size_t)(n > 0 ? n : 1), sizeof *v);
	if (!v)
		return NULL;
	long name_max = pathconf(reports, _PC_NAME_MAX);
	if (name_max <= 0 || name_max > 255)
		name_max = 255;
	size_t max = (size_t)name_max - strlen(ext) - 1 - strlen("~4096");
	char base[256];
	for (int i = 0; i < n; i++) {
		grade_report_file_name(students[i], max, base, sizeof base);
		int same = 0;
		for (int k = 0; k < i; k++) {
			const char *t = strchr(v[k], '~');
			size_t len = t ? (size_t)(t - v[k]) : strlen(v[k]);
			same += len == strlen(base) && strncasecmp(v[k], base, len) == 0;
		}
		char name[300];
		if (same)
			snprintf(name, sizeof name, "%s~%d", base, same + 1);
		else
			snprintf(name, sizeof name, "%s", base);
		if (!(v[i] = mem_strdup(name))) {
			for (int k = 0; k < i; k++)
				mem_free(v[k]);
			mem_free(v);
			return NULL;
		}
	}
	return v;
}

/* One line of the summary: the student's name as the one rule shows it, padded to 24
 * columns, the points, and the report's file when its name is not the student's. */
static void summary_line(FILE *out, const char *student, const char *file, const char *ext,
			 const GradeResult *r, int n_ex, int lang)
{
	double score = 0, max = 0;
	int passed = 0;
	for (int k = 0; k < n_ex; k++) {
		score += r[k].score;
		max += r[k].max_score;
		passed += grade_result_passed(&r[k]);
	}
	char sc[32], mx[32];
	grade_report_points(score, sc, sizeof sc);
	grade_report_points(max, mx, sizeof mx);
	char *shown = grade_report_escaped(student, -1, 0);
	const char *name = shown ? shown : "?";
	int cols = utf8_cols(name);
	fprintf(out, "%s%*s", name, cols < 24 ? 24 - cols : 0, "");
	cli_say(out, lang, n_ex == 1 ? CM_GRADE_CLASS_LINE_ONE : CM_GRADE_CLASS_LINE_MANY, sc, mx,
		passed, n_ex);
	if (strcmp(file, student) != 0)
		cli_say(out, lang, CM_GRADE_CLASS_REPORT, file, ext);
	fputc('\n', out);
	mem_free(shown);
}

static int grade_class(GradeSetup *s, const GradeArgs *a, const char **names, int n_names,
		       FILE *out, FILE *err)
{
	const GradeExercise *sel[256];
	int n_ex = select_exercises(s, names, n_names, sel, err);
	if (n_ex < 0)
		return 2;
	const char *out_dir = a->out ? a->out : a->class_dir;
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
		say_path_error(err, "--out ", out_dir);
		return 2;
	}
	char reports_name[64];
	int picked = pick_reports(out_dir, reports_name, sizeof reports_name);
	if (picked == -1) {
		say_path_error(err, "--out ", out_dir);
		return 2;
	}
	if (picked == -2) {
		char *shown = grade_report_escaped(out_dir, -1, 0);
		cli_say(err, a->lang_id, CM_GRADE_OUT_TAKEN, shown ? shown : "", REPORTS_DIR, REPORTS_DIR,
			REPORTS_DIR, REPORTS_TRIES);
		mem_free(shown);
		return 2;
	}
	char **students = NULL, **files = NULL;
	int n_st = list_students(a->class_dir, out_dir, &students, err, a->lang_id);
	if (n_st < 0)
		return 2;
	if (n_st == 0) {
		char *shown = grade_report_escaped(a->class_dir, -1, 0);
		fprintf(err, "gradlab grade: --class %s holds no student folders\n",
			shown ? shown : "");
		mem_free(shown);
		mem_free(students);
		return 2;
	}
	ReportFormat fmt = (ReportFormat)grade_report_format(a->format);
	const char *ext = grade_report_extension(fmt);
	int rc = 2, n = n_st * n_ex;
	char **dirs = mem_calloc((size_t)n_st, sizeof *dirs);
	GradeWhy *why = mem_calloc((size_t)n_st, sizeof *why); /* why a student is refused */
	/* The tasks that are started, the results they give, and where those go in res. */
	GradeTask *tasks = mem_calloc((size_t)n, sizeof *tasks);
	GradeResult *res = mem_calloc((size_t)n, sizeof *res);
	GradeResult *graded = mem_calloc((size_t)n, sizeof *graded);
	int *at = mem_calloc((size_t)n, sizeof *at), n_go = 0;
	size_t plen = strlen(out_dir) + sizeof reports_name + 320;
	char *reports = mem_alloc(plen), *book = mem_alloc(plen), *tmp = mem_alloc(plen);
	char *path = mem_alloc(plen), *ptmp = mem_alloc(plen);
	FILE *csv = NULL;
	if (!dirs || !why || !tasks || !res || !graded || !at || !reports || !book || !tmp || !path || !ptmp) {
		fprintf(err, "gradlab grade: out of memory for %d students\n", n_st);
		goto done;
	}
	/* plen holds out_dir and the reports folder's name: the join cannot fail. */
	path_join(reports, plen, out_dir, reports_name);
	if (!(files = report_names(students, n_st, reports, ext))) {
		fprintf(err, "gradlab grade: out of memory for %d students\n", n_st);
		goto done;
	}
	size_t longest = 0;
	for (int k = 0; k < n_ex; k++)
		if (strlen(sel[k]->file) > longest)
			longest = strlen(sel[k]->file);
	for (int i = 0; i < n_st; i++) {
		size_t flen = strlen(a->class_dir) + strlen(students[i]) + 2;
		char *folder = mem_alloc(flen);
		if (!folder || !(dirs[i] = mem_alloc(flen + 16))) {
			mem_free(folder);
			fprintf(err, "gradlab grade: out of memory for %d students\n", n_st);
			goto done;
		}
		path_join(folder, flen, a->class_dir, students[i]); /* flen is its length */
		grade_submission_dir(folder, dirs[i], flen + 16);
		mem_free(folder);
		/* A path the system cannot open is this student's failure alone, said plainly. */
		size_t plen_i = strlen(dirs[i]) + 1 + longest;
		if (plen_i >= PATH_MAX) {
			GRADE_SAY_ALL(why[i].text, GM_PATH_TOO_LONG, plen_i, PATH_MAX);
		}
		for (int k = 0; k < n_ex; k++) {
			GradeTask t = { sel[k], dirs[i] };
			if (why[i].text[LANG_EN][0]) {
				grade_result_unstarted(s, &t, GRADE_NO_FILE, &why[i], &res[i * n_ex + k]);
			} else {
				at[n_go] = i * n_ex + k;
				tasks[n_go++] = t;
			}
		}
	}
	double t0 = clock_seconds();
	ClassProgress cp = { err, n - n_go, n, isatty(fileno(err)) && err == stderr, a->lang_id };
	Status st = grade_many(s, tasks, n_go, a->jobs, graded, class_tick, &cp);
	for (int k = 0; k < n_go; k++)
		res[at[k]] = graded[k];
	double t1 = clock_seconds();
	if (cp.show)
		fprintf(err, "\n");
	if (stop_signal) {
		rc = stopped(a, err);
		goto done;
	}
	if (st != ST_OK) {
		fprintf(err, "gradlab grade: %s\n", status_detail());
		goto done;
	}

	ReportOptions ro = { .list = s->list, .lang = a->lang_id, .verbose = a->verbose,
			     .command = "gradlab grade" };
	if (make_reports(reports) != 0) {
		say_path_error(err, "", reports);
		goto done;
	}
	pick_gradebook(out_dir, book, plen);
	/* Each report and the gradebook appear whole or not at all: a temporary file renamed
	 * when complete. A signal stops the writing before the next report, and the gradebook,
	 * written last, is then removed unfinished. */
	if (!(csv = file_stream_open(book, tmp, plen))) {
		say_path_error(err, "", book);
		goto done;
	}
	grade_report_csv_header(csv, sel, n_ex);
	int all = 1, failed_writes = 0;
	for (int i = 0; i < n_st; i++) {
		const GradeResult *r = &res[i * n_ex];
		grade_report_csv_row(csv, students[i], sel, n_ex, r);
		snprintf(path, plen, "%s/%s.%s", reports, files[i], ext);
		FILE *f = file_stream_open(path, ptmp, plen);
		if (f) {
			grade_report_write(f, fmt, r, n_ex, students[i], &ro);
			if (file_stream_commit(f, ptmp, path) != 0)
				f = NULL;
		}
		if (stop_signal) {
			rc = stopped(a, err);
			goto done;
		}
		if (!f) {
			say_path_error(err, "cannot write ", path);
			failed_writes++;
		}
		for (int k = 0; k < n_ex; k++)
			all &= grade_result_passed(&r[k]);
		summary_line(out, students[i], files[i], ext, r, n_ex, a->lang_id);
	}
	int closed = file_stream_commit(csv, tmp, book);
	csv = NULL;
	if (closed != 0) {
		say_path_error(err, "cannot write ", book);
		goto done;
	}
	double took = t1 - t0;
	char *book_shown = grade_report_escaped(book, -1, 0);
	char *reports_shown = grade_report_escaped(reports, -1, 0);
	cli_say(out, a->lang_id, CM_GRADE_CLASS_DONE, n_st,
		cli_msg_n(a->lang_id, n_st, CM_STUDENT_ONE, CM_STUDENT_MANY), n_ex,
		cli_msg_n(a->lang_id, n_ex, CM_EXERCISE_ONE, CM_EXERCISE_MANY), took,
		(unsigned long long)s->run.seed, book_shown ? book_shown : "",
		reports_shown ? reports_shown : "");
	mem_free(book_shown);
	mem_free(reports_shown);
	rc = failed_writes ? 2 : all ? 0 : 1;
done:
	if (csv) {
		fclose(csv);
		unlink(tmp);
	}
	for (int i = 0; i < n_st; i++) {
		mem_free(students[i]);
		if (files)
			mem_free(files[i]);
		if (dirs)
			mem_free(dirs[i]);
	}
	mem_free(students);
	mem_free(files);
	mem_free(dirs);
	mem_free(why);
	mem_free(tasks);
	mem_free(res);
	mem_free(graded);
	mem_free(at);
	mem_free(reports);
	mem_free(book);
	mem_free(tmp);
	mem_free(path);
	mem_free(ptmp);
	return rc;
}

/* }==== */

int cmd_grade(int argc, char **argv, FILE *out, FILE *err)
{
	GradeArgs a = { .format = "text", .lang = "en", .hint = 1, .timeout = 3.0 };
	const Opt opts[] = {
		{ "format", OPT_STRING, &a.format, 0, 0, 0, "text|json|junit|tap|gradescope", "FMT",
		  "report format (default text)" },
		{ "submission", OPT_STRING, &a.submission, 0, 0, 0, NULL, "DIR",
		  "grade the files in DIR (or DIR/exercises) instead of ./exercises" },
		{ "class", OPT_STRING, &a.class_dir, 0, 0, 0, NULL, "DIR",
		  "grade every student folder in DIR, in parallel" },
		{ "out", OPT_STRING, &a.out, 0, 0, 0, NULL, "PATH",
		  "write the report to PATH (with --class: the folder for the gradebook and reports)" },
		{ "solutions", OPT_FLAG, &a.solutions, 0, 0, 0, NULL, NULL,
		  "grade the reference solutions" },
		{ "seed", OPT_U64, &a.seed, 0, 0, 0, NULL, "N",
		  "the grading seed, to grade the same cases again (default: random)" },
		{ "hint", OPT_INT, &a.hint, 1, 100, 0, NULL, "K", "show hint K (default 1)" },
		{ "lang", OPT_STRING, &a.lang, 0, 0, 0, LANG_CHOICES, "LANG", "the language of the report (default en)" },
		{ "timeout", OPT_DOUBLE, &a.timeout, 0.1, 60, 0, NULL, "S",
		  "seconds of CPU and wall-clock time per check (default 3)" },
		{ "jobs", OPT_INT, &a.jobs, 0, 512, 0, NULL, "N",
		  "exercises graded at once (default: the number of cores)" },
		{ "exercises", OPT_STRING, &a.exercises, 0, 0, 0, NULL, "DIR",
		  "the grader's exercises folder (default: ./exercises or the installed one)" },
		{ "verbose", OPT_FLAG, &a.verbose, 0, 0, 0, NULL, NULL,
		  "text: also the seed, time and sandbox of each exercise" },
		{ "no-progress", OPT_FLAG, &a.no_progress, 0, 0, 0, NULL, NULL,
		  "do not record the results in the progress file" },
		{ 0 },
	};
	const char *names[MAX_NAMES];
	int n_names;
	int rc = args_parse("grade", opts, argc, argv, names, MAX_NAMES, &n_names, err);
	if (rc == ARGS_HELP) {
		help(out, opts);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	/* A text report is read in this terminal, so Chinese needs a UTF-8 locale; the machine
	 * formats are UTF-8 files read elsewhere, whatever this locale is. */
	a.lang_id = strcmp(a.format, "text") == 0 ? lang_resolve("grade", a.lang, err)
					      : lang_of_code(a.lang);
	if (!!a.solutions + !!a.submission + !!a.class_dir > 1) {
		fprintf(err, "gradlab grade: --solutions, --submission and --class exclude each other\n");
		return 2;
	}
	/* Caught before the set-up, which starts processes (the sandbox probe): a stop that
	 * comes then is seen by the run, not lost to the default action. */
	struct sigaction old[STOP_SIGNALS_N];
	stop_signals_catch(old);
	GradeSetup s;
	if (grade_setup_open(&s, a.exercises) != ST_OK) {
		stop_signals_restore(old);
		fprintf(err, "gradlab grade: %s\n", status_detail());
		return 2;
	}
	if (a.seed)
		s.run.seed = a.seed;
	s.run.hint = a.hint;
	s.run.lang = a.lang_id;
	s.run.timeout = a.timeout;
	s.run.cancel = &stop_signal;
	rc = a.class_dir ? grade_class(&s, &a, names, n_names, out, err)
			 : grade_learner(&s, &a, names, n_names, out, err);
	stop_signals_restore(old);
	grade_setup_close(&s);
	return rc;
}
