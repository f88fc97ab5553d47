/* cmd_grade: `gradlab grade [NAME...]` grades a learner's exercise files, or with --class
 * every student folder of a class in parallel, writing a gradebook and one report per
 * student. Exit status: 0 when everything asked for passes, 1 when something failed, 2 for
 * a usage error or a grader that cannot run (no compiler, no exercise list), 128 + N when
 * signal N (SIGINT, SIGTERM, SIGHUP) stopped it: then every check and worker is killed and
 * reaped, the temporary folders are gone, and no gradebook and no progress is written. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/state_notes.h"
#include "cli/stop_signals.h"
#include "core/mem.h"
#include "grade/grade.h"
#include "grade/grade_progress.h"
#include "grade/grade_report.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMES 64
#define MAX_STUDENTS 4096

typedef struct GradeArgs {
	const char *format, *submission, *class_dir, *out, *lang, *exercises;
	int solutions, hint, jobs, verbose, no_progress, zh;
	uint64_t seed;
	double timeout;
} GradeArgs;

/* {==== Stopping on a signal ==== */

/* The exit status for a stop, after its one line: 128 + the signal's number. */
static int stopped(const GradeArgs *a, FILE *err)
{
	int sig = stop_signal;
	const char *abbrev = sigabbrev_np(sig);
	if (a->zh)
		fprintf(err, "gradlab grade：被 SIG%s 中断：所有检查都已终止，临时文件已删除；没有写入"
			     "成绩单或进度\n",
			abbrev ? abbrev : "?");
	else
		fprintf(err, "gradlab grade: interrupted by SIG%s: every check was killed and its "
			     "temporary files removed; no gradebook or progress was written\n",
			abbrev ? abbrev : "?");
	return 128 + sig;
}

/* }==== */

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
		"        DIR/gradlab-reports/STUDENT.FORMAT (--out elsewhere)\n\n"
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
			fprintf(err, "gradlab grade: no exercise '%s'; the exercises are:", names[i]);
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
	if (!(*f = fopen(path, "w"))) {
		fprintf(err, "gradlab grade: --out %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int close_output(FILE *f, FILE *out, const char *path, FILE *err)
{
	if (f == out)
		return 0;
	if (fclose(f) != 0) {
		fprintf(err, "gradlab grade: --out %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void record_progress(const GradeResult *r, int n, int zh, FILE *err)
{
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(NULL, &note);
	if (!p) {
		status_fail(ST_ENOMEM, "out of memory");
		state_save_failed_say(err, "grade", zh);
		return;
	}
	state_note_say(err, "grade", &note, zh);
	for (int i = 0; i < n; i++)
		grade_progress_record(p, &r[i]);
	if (grade_progress_save(p) != ST_OK)
		state_save_failed_say(err, "grade", zh);
	grade_progress_free(p);
}

static int grade_learner(GradeSetup *s, const GradeArgs *a, const char **names, int n_names,
			 FILE *out, FILE *err)
{
	const GradeExercise *sel[256];
	int n = select_exercises(s, names, n_names, sel, err);
	if (n < 0)
		return 2;
	char dir[4200];
	int own = 0; /* the learner's own ./exercises: progress is recorded */
	if (a->solutions) {
		snprintf(dir, sizeof dir, "%s/../solutions", s->dir);
		struct stat st;
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(err, "gradlab grade: --solutions: no solutions folder beside %s\n", s->dir);
			return 2;
		}
	} else if (a->submission) {
		struct stat st;
		if (stat(a->submission, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(err, "gradlab grade: --submission %s: not a folder\n", a->submission);
			return 2;
		}
		grade_submission_dir(a->submission, dir, sizeof dir);
	} else {
		struct stat st;
		own = stat("exercises", &st) == 0 && S_ISDIR(st.st_mode);
		snprintf(dir, sizeof dir, "%s", own ? "exercises" : s->dir);
		if (!own && a->zh)
			fprintf(err, "gradlab grade：正在给 %s 中安装的副本评分；要做练习，请先把它们"
				     "复制到这里：cp -r %s .\n",
				s->dir, s->dir);
		else if (!own)
			fprintf(err, "gradlab grade: grading the installed copy in %s; to work on the "
				     "exercises, copy them here: cp -r %s .\n",
				s->dir, s->dir);
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
	ReportOptions ro = { .list = s->list, .zh = a->zh,
			     .color = f == stdout && isatty(fileno(stdout)) && !getenv("NO_COLOR"),
			     .verbose = a->verbose, .command = "gradlab grade" };
	ReportFormat fmt = (ReportFormat)grade_report_format(a->format);
	grade_report_write(f, fmt, res, n, "gradlab", &ro);
	if (close_output(f, out, a->out, err) != 0) {
		rc = 2;
		goto done;
	}
	if (own && !a->no_progress)
		record_progress(res, n, a->zh, err);
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

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The student folders in dir, sorted: every folder but hidden ones, the reports folder and
 * the output folder itself. */
static int list_students(const char *dir, const char *out_dir, char ***names, FILE *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(err, "gradlab grade: --class %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct stat out_st;
	int have_out = stat(out_dir, &out_st) == 0;
	char **v = NULL;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, REPORTS_DIR) == 0)
			continue;
		char path[8192];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (have_out && st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino)
			continue;
		if (n >= MAX_STUDENTS) {
			fprintf(err, "gradlab grade: --class %s: more than %d folders\n", dir,
				MAX_STUDENTS);
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
	int done, total, show, zh;
} ClassProgress;

static void class_tick(void *ctx, int task, const GradeResult *r)
{
	(void)task;
	(void)r;
	ClassProgress *p = ctx;
	p->done++;
	if (p->show)
		fprintf(p->err, p->zh ? "\r已评分 %d/%d" : "\rgraded %d of %d", p->done, p->total);
}

/* Write path through a temporary file and a rename, so a reader never sees half of it. */
static FILE *open_atomic(const char *path, char *tmp, size_t size)
{
	snprintf(tmp, size, "%s.tmp-%ld", path, (long)getpid());
	return fopen(tmp, "w");
}

static int close_atomic(FILE *f, const char *tmp, const char *path)
{
	int bad = ferror(f) | (fflush(f) != 0) | (fsync(fileno(f)) != 0);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
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
		fprintf(err, "gradlab grade: --out %s: %s\n", out_dir, strerror(errno));
		return 2;
	}
	char **students = NULL;
	int n_st = list_students(a->class_dir, out_dir, &students, err);
	if (n_st < 0)
		return 2;
	if (n_st == 0) {
		fprintf(err, "gradlab grade: --class %s holds no student folders\n", a->class_dir);
		mem_free(students);
		return 2;
	}
	int rc = 2, n = n_st * n_ex;
	char (*dirs)[4096] = mem_calloc((size_t)n_st, sizeof *dirs);
	GradeTask *tasks = mem_calloc((size_t)n, sizeof *tasks);
	GradeResult *res = mem_calloc((size_t)n, sizeof *res);
	char reports[4200], book[4200], tmp[4300];
	snprintf(reports, sizeof reports, "%s/%s", out_dir, REPORTS_DIR);
	snprintf(book, sizeof book, "%s/gradebook.csv", out_dir);
	FILE *csv = NULL;
	if (!dirs || !tasks || !res) {
		fprintf(err, "gradlab grade: out of memory for %d students\n", n_st);
		goto done;
	}
	for (int i = 0; i < n_st; i++) {
		char folder[8192];
		snprintf(folder, sizeof folder, "%s/%s", a->class_dir, students[i]);
		grade_submission_dir(folder, dirs[i], sizeof dirs[i]);
		for (int k = 0; k < n_ex; k++)
			tasks[i * n_ex + k] = (GradeTask){ sel[k], dirs[i] };
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ClassProgress cp = { err, 0, n, isatty(fileno(err)) && err == stderr, a->zh };
	Status st = grade_many(s, tasks, n, a->jobs, res, class_tick, &cp);
	clock_gettime(CLOCK_MONOTONIC, &t1);
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

	ReportFormat fmt = (ReportFormat)grade_report_format(a->format);
	ReportOptions ro = { .list = s->list, .zh = a->zh, .verbose = a->verbose,
			     .command = "gradlab grade" };
	if (mkdir(reports, 0755) != 0 && errno != EEXIST) {
		fprintf(err, "gradlab grade: %s: %s\n", reports, strerror(errno));
		goto done;
	}
	/* Each report and the gradebook appear whole or not at all: a temporary file renamed
	 * when complete. A signal stops the writing before the next report, and the gradebook,
	 * written last, is then removed unfinished. */
	if (!(csv = open_atomic(book, tmp, sizeof tmp))) {
		fprintf(err, "gradlab grade: %s: %s\n", book, strerror(errno));
		goto done;
	}
	grade_report_csv_header(csv, sel, n_ex);
	int all = 1, failed_writes = 0;
	for (int i = 0; i < n_st; i++) {
		const GradeResult *r = &res[i * n_ex];
		grade_report_csv_row(csv, students[i], sel, n_ex, r);
		char path[8400], ptmp[8500];
		snprintf(path, sizeof path, "%s/%s.%s", reports, students[i],
			 grade_report_extension(fmt));
		FILE *f = open_atomic(path, ptmp, sizeof ptmp);
		if (f) {
			grade_report_write(f, fmt, r, n_ex, students[i], &ro);
			if (close_atomic(f, ptmp, path) != 0)
				f = NULL;
		}
		if (stop_signal) {
			rc = stopped(a, err);
			goto done;
		}
		if (!f) {
			fprintf(err, "gradlab grade: cannot write %s: %s\n", path, strerror(errno));
			failed_writes++;
		}
		double score = 0, max = 0;
		int passed = 0;
		for (int k = 0; k < n_ex; k++) {
			score += r[k].score;
			max += r[k].max_score;
			passed += grade_result_passed(&r[k]);
		}
		all &= passed == n_ex;
		char sc[32], mx[32];
		grade_report_points(score, sc, sizeof sc);
		grade_report_points(max, mx, sizeof mx);
		fprintf(out, a->zh ? "%-24s %6s/%-4s 通过 %2d/%d 道练习\n"
				   : "%-24s %6s/%-4s %2d of %d exercises pass\n",
			students[i], sc, mx, passed, n_ex);
	}
	int closed = close_atomic(csv, tmp, book);
	csv = NULL;
	if (closed != 0) {
		fprintf(err, "gradlab grade: cannot write %s: %s\n", book, strerror(errno));
		goto done;
	}
	double took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
	if (a->zh)
		fprintf(out, "\n%d 名学生，每人 %d 道练习，评分用时 %.1f 秒（随机种子 %llu）\n"
			     "成绩单：%s\n报告：  %s/\n",
			n_st, n_ex, took, (unsigned long long)s->run.seed, book, reports);
	else
		fprintf(out, "\n%d students, %d exercises each, graded in %.1f s (seed %llu)\n"
			     "gradebook: %s\nreports:   %s/\n",
			n_st, n_ex, took, (unsigned long long)s->run.seed, book, reports);
	rc = failed_writes ? 2 : all ? 0 : 1;
done:
	if (csv) {
		fclose(csv);
		unlink(tmp);
	}
	for (int i = 0; i < n_st; i++)
		mem_free(students[i]);
	mem_free(students);
	mem_free(dirs);
	mem_free(tasks);
	mem_free(res);
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
		{ "lang", OPT_STRING, &a.lang, 0, 0, 0, "en|zh", "LANG", "the language of the report (default en)" },
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
	a.zh = strcmp(a.format, "text") == 0 ? lang_resolve_zh("grade", a.lang, err)
					      : strcmp(a.lang, "zh") == 0;
	if (!!a.solutions + !!a.submission + !!a.class_dir > 1) {
		fprintf(err, "gradlab grade: --solutions, --submission and --class exclude each other\n");
		return 2;
	}
	GradeSetup s;
	if (grade_setup_open(&s, a.exercises) != ST_OK) {
		fprintf(err, "gradlab grade: %s\n", status_detail());
		return 2;
	}
	if (a.seed)
		s.run.seed = a.seed;
	s.run.hint = a.hint;
	s.run.zh = a.zh;
	s.run.timeout = a.timeout;
	s.run.cancel = &stop_signal;
	struct sigaction old[STOP_SIGNALS_N];
	stop_signals_catch(old);
	rc = a.class_dir ? grade_class(&s, &a, names, n_names, out, err)
			 : grade_learner(&s, &a, names, n_names, out, err);
	stop_signals_restore(old);
	grade_setup_close(&s);
	return rc;
}
