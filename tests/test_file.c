/* test_file: the file and OS helpers in src/core that every layer shares: the monotonic clock
 * (clock.h); path_join and path_copy, which refuse a path that does not fit and name it
 * (path.h); and file.h's folder making, capped reading, atomic writes (whole buffers and
 * streams) and state-file folders, each with its failure: a path past PATH_MAX, a folder that
 * cannot be made or written in, a cap exceeded. Then the callers that build paths: state
 * files, the lesson linter and the book refuse a folder whose paths do not fit, never cut. */
#include "test_util.h"

#include "core/clock.h"
#include "core/file.h"
#include "core/mem.h"
#include "core/path.h"
#include "grade/grade_progress.h"
#include "learn/lint.h"
#include "learn/progress.h"
#include "ui/app.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gradlab-file-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

/* rm_tree stops at 512 bytes of path: the deep folders are removed from the inside out. */
static void rm_deep(const char *path)
{
	char *p = strdup(path);
	assert_non_null(p);
	size_t base = strlen(dir);
	while (strlen(p) > base) {
		rm_tree(p);
		*strrchr(p, '/') = '\0';
	}
	free(p);
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A folder (made, under dir) whose path is exactly len bytes: components of at most 200
 * bytes, so that each mkdir's own path is a legal one. The path in out (PATH_MAX bytes). */
static void deep_dir(char *out, size_t len)
{
	snprintf(out, PATH_MAX, "%s", dir);
	while (strlen(out) < len) {
		size_t left = len - strlen(out) - 1; /* after the '/' */
		size_t n = left > 200 ? 200 : left;
		if (left > 200 && left - 200 < 2)
			n = 150; /* never leave a last component too short to name */
		size_t at = strlen(out);
		out[at] = '/';
		memset(out + at + 1, 'd', n);
		out[at + 1 + n] = '\0';
		assert_int_equal(mkdir(out, 0700), 0);
	}
	assert_int_equal(strlen(out), len);
}

/* A string of n bytes "/x/xxx...": a path longer than any buffer here (mem_free). */
static char *long_path(size_t n)
{
	char *s = mem_alloc(n + 1);
	assert_non_null(s);
	memset(s, 'x', n);
	s[0] = '/';
	s[n] = '\0';
	return s;
}

/* {==== clock ==== */

static void test_clock(void **state)
{
	(void)state;
	double a = clock_seconds();
	double ms = clock_ms();
	double b = clock_seconds();
	/* One clock: read in milliseconds between two readings in seconds, it lies between them. */
	assert_true(a <= b);
	assert_true(a * 1e3 <= ms + 1e-6 && ms <= b * 1e3 + 1e-6);
	/* Monotonic: never back, however many times it is read. */
	double last = clock_seconds();
	for (int i = 0; i < 10000; i++) {
		double t = clock_seconds();
		assert_true(t >= last);
		last = t;
	}
}

/* }==== */

/* {==== path_join, path_copy ==== */

static void test_path_join_fits(void **state)
{
	(void)state;
	char buf[16];
	assert_int_equal(path_join(buf, sizeof buf, "lessons", "en"), ST_OK);
	assert_string_equal(buf, "lessons/en");
	/* "%s/%s" as before: a trailing slash stays, so messages name paths as they did */
	assert_int_equal(path_join(buf, sizeof buf, "a/", "b"), ST_OK);
	assert_string_equal(buf, "a//b");
	/* exactly full: 15 bytes and the NUL */
	assert_int_equal(path_join(buf, sizeof buf, "1234567", "1234567"), ST_OK);
	assert_string_equal(buf, "1234567/1234567");
	/* appended in place */
	assert_int_equal(path_join(buf, sizeof buf, "a", "b"), ST_OK);
	assert_int_equal(path_join(buf, sizeof buf, buf, "c"), ST_OK);
	assert_string_equal(buf, "a/b/c");
	assert_int_equal(path_copy(buf, sizeof buf, "abc/def"), ST_OK);
	assert_string_equal(buf, "abc/def");
}

static void test_path_join_too_long(void **state)
{
	(void)state;
	char buf[16];
	errno = 0;
	/* one byte more than fits: refused, never cut to "1234567/1234567" */
	assert_int_equal(path_join(buf, sizeof buf, "1234567", "12345678"), ST_ELIMIT);
	assert_string_equal(buf, "");
	assert_int_equal(errno, ENAMETOOLONG);
	assert_string_equal(status_detail(), "the path 1234567/12345678 is 16 bytes, longer than "
					     "the 15 a path may have here");
	/* in place: the message still names the whole path */
	assert_int_equal(path_join(buf, sizeof buf, "abcdefghij", "k"), ST_OK);
	assert_int_equal(path_join(buf, sizeof buf, buf, "lmnop"), ST_ELIMIT);
	assert_non_null(strstr(status_detail(), "abcdefghij/k/lmnop is 18 bytes"));
	assert_int_equal(path_copy(buf, sizeof buf, "abcdefghijklmnopq"), ST_ELIMIT);
	assert_string_equal(status_detail(), "the path abcdefghijklmnopq is 17 bytes, longer than "
					     "the 15 a path may have here");

	/* past PATH_MAX: its start and its end, with the name, in a message that fits */
	char *big = long_path(PATH_MAX + 100);
	big[1] = 'S';
	big[PATH_MAX + 98] = 'E';
	char path[PATH_MAX];
	assert_int_equal(path_join(path, sizeof path, big, "progress.json"), ST_ELIMIT);
	const char *m = status_detail();
	assert_int_equal(strncmp(m, "the path /Sxx", 13), 0);
	assert_non_null(strstr(m, "xEx/progress.json is 4210 bytes, longer than the 4095 a path may "
				  "have here"));
	assert_non_null(strstr(m, "..."));
	/* a long name shows its own end */
	assert_int_equal(path_join(path, sizeof path, "/tmp", big), ST_ELIMIT);
	assert_int_equal(strncmp(status_detail(), "the path /tmp...xxx", 19), 0);
	assert_non_null(strstr(status_detail(), "xEx is 4201 bytes, longer than the 4095"));
	assert_int_equal(path_copy(path, sizeof path, big), ST_ELIMIT);
	assert_non_null(strstr(status_detail(), "xEx is 4196 bytes, longer than the 4095"));
	mem_free(big);
}

/* }==== */

/* {==== Folders ==== */

static void test_make_dirs(void **state)
{
	(void)state;
	char path[256], why[512];
	snprintf(path, sizeof path, "%s/a/b/c", dir);
	assert_int_equal(file_make_dirs(path, why, sizeof why), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(file_make_dirs(path, why, sizeof why), 0); /* already there: fine */

	/* a folder nobody may make a folder in, root included: the one that could not be made */
	assert_int_equal(file_make_dirs("/proc/gradlab-no/sub", why, sizeof why), -1);
	assert_int_equal(strncmp(why, "cannot create /proc/gradlab-no: ", 32), 0);
	if (geteuid() != 0) {
		char ro[256];
		snprintf(ro, sizeof ro, "%s/ro", dir);
		assert_int_equal(mkdir(ro, 0500), 0);
		snprintf(path, sizeof path, "%s/ro/sub", dir);
		assert_int_equal(file_make_dirs(path, why, sizeof why), -1);
		char want[512];
		snprintf(want, sizeof want, "cannot create %s: Permission denied", path);
		assert_string_equal(why, want);
	}
	/* a file in the way */
	char file[256], want[512];
	snprintf(file, sizeof file, "%s/plain", dir);
	write_file(file, "x");
	snprintf(path, sizeof path, "%s/plain/sub", dir);
	assert_int_equal(file_make_dirs(path, why, sizeof why), -1);
	snprintf(want, sizeof want, "%s is not a folder", file);
	assert_string_equal(why, want);

	/* too long: refused before any folder is made */
	char *big = long_path(PATH_MAX + 10);
	assert_int_equal(file_make_dirs(big, why, sizeof why), -1);
	assert_non_null(strstr(why, "is too long"));
	mem_free(big);
}

/* }==== */

/* {==== Reading with a cap ==== */

static void test_read_capped(void **state)
{
	(void)state;
	char path[256], why[256];
	snprintf(path, sizeof path, "%s/ten", dir);
	write_file(path, "0123456789");
	char *text;
	size_t len;
	assert_int_equal(file_read_capped(path, 10, &text, &len, why, sizeof why), FILE_READ_OK);
	assert_int_equal(len, 10);
	assert_string_equal(text, "0123456789");
	mem_free(text);
	/* one byte over the cap */
	assert_int_equal(file_read_capped(path, 9, &text, &len, why, sizeof why), FILE_READ_TOO_BIG);
	assert_null(text);
	assert_string_equal(why, "it is larger than 9 bytes");
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(file_read_capped(path, 9, &text, &len, why, sizeof why), FILE_READ_MISSING);
	assert_int_equal(file_read_capped(dir, 9, &text, &len, why, sizeof why),
			 FILE_READ_NOT_REGULAR);
	assert_string_equal(why, "it is a folder, not a regular file");
	char *big = long_path(PATH_MAX + 10);
	assert_int_equal(file_read_capped(big, 9, &text, &len, why, sizeof why), FILE_READ_FAILED);
	assert_string_equal(why, "cannot read it: File name too long");
	mem_free(big);
}

/* }==== */

/* {==== Writing whole ==== */

/* The number of entries in folder d, "." and ".." aside. */
static int entries(const char *d)
{
	DIR *dd = opendir(d);
	assert_non_null(dd);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dd)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(dd);
	return n;
}

static void test_write_atomic(void **state)
{
	(void)state;
	char sub[256], path[300];
	snprintf(sub, sizeof sub, "%s/w", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/state.json", sub);
	assert_int_equal(file_write_atomic(path, "{}\n", 3, 3), ST_OK);
	char *text, why[128];
	size_t len;
	assert_int_equal(file_read_capped(path, 100, &text, &len, why, sizeof why), FILE_READ_OK);
	assert_string_equal(text, "{}\n");
	mem_free(text);
	assert_int_equal(entries(sub), 1); /* no temporary file left */

	/* over the reader's cap: refused, the old file kept */
	assert_int_equal(file_write_atomic(path, "{\"a\":1}\n", 8, 7), ST_ELIMIT);
	char want[512];
	snprintf(want, sizeof want, "%s would be 8 bytes, more than the 7 it may hold; it was not "
				    "written", path);
	assert_string_equal(status_detail(), want);
	assert_int_equal(file_read_capped(path, 100, &text, &len, why, sizeof why), FILE_READ_OK);
	assert_string_equal(text, "{}\n");
	mem_free(text);

	/* a folder that cannot be written in (a file where the folder should be) */
	char file[256], bad[300];
	snprintf(file, sizeof file, "%s/plain", dir);
	write_file(file, "x");
	snprintf(bad, sizeof bad, "%s/state.json", file);
	assert_int_equal(file_write_atomic(bad, "{}", 2, 10), ST_EIO);
	assert_non_null(strstr(status_detail(), ": Not a directory"));
	assert_int_equal(strncmp(status_detail(), "cannot write ", 13), 0);

	/* a path past PATH_MAX */
	char *big = long_path(PATH_MAX + 10);
	assert_int_equal(file_write_atomic(big, "{}", 2, 10), ST_EIO);
	assert_int_equal(strncmp(status_detail(), "cannot write /xxx", 17), 0);
	mem_free(big);
	assert_int_equal(entries(sub), 1);
}

static void test_stream_atomic(void **state)
{
	(void)state;
	char sub[256], path[300], tmp[300];
	snprintf(sub, sizeof sub, "%s/s", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/book.csv", sub);
	FILE *f = file_stream_open(path, tmp, sizeof tmp);
	assert_non_null(f);
	fputs("a,b\n", f);
	/* not there until committed: a reader sees the old file or the whole new one */
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(file_stream_commit(f, tmp, path), 0);
	assert_int_not_equal(access(tmp, F_OK), 0);
	char *text, why[128];
	size_t len;
	assert_int_equal(file_read_capped(path, 100, &text, &len, why, sizeof why), FILE_READ_OK);
	assert_string_equal(text, "a,b\n");
	mem_free(text);
	/* the mode fopen would give: 0666 less the umask */
	mode_t mask = umask(022);
	umask(mask);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
	assert_int_equal(entries(sub), 1);

	/* a missing folder; a temporary name that does not fit */
	snprintf(path, sizeof path, "%s/none/book.csv", sub);
	errno = 0;
	assert_null(file_stream_open(path, tmp, sizeof tmp));
	assert_int_equal(errno, ENOENT);
	snprintf(path, sizeof path, "%s/book.csv", sub);
	char small[8];
	assert_null(file_stream_open(path, small, sizeof small));
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(entries(sub), 1);
}

/* }==== */

/* {==== State files past PATH_MAX ==== */

static void test_state_dir_too_long(void **state)
{
	(void)state;
	char *big = long_path(PATH_MAX + 10);
	char *old = getenv("XDG_STATE_HOME") ? strdup(getenv("XDG_STATE_HOME")) : NULL;
	setenv("XDG_STATE_HOME", big, 1);
	char buf[PATH_MAX];
	assert_int_equal(file_state_dir(buf, sizeof buf), -2);
	/* The stores open without saving, and say why, for both state files. */
	ProgressNote note;
	Progress *p = progress_open(NULL, &note);
	assert_non_null(p);
	assert_int_equal(note.opened, PROGRESS_NO_SAVE);
	assert_string_equal(note.reason, "the folder's path is too long");
	progress_free(p);
	GradeProgressNote gnote;
	GradeProgress *g = grade_progress_open(NULL, &gnote);
	assert_non_null(g);
	assert_int_equal(gnote.opened, GRADE_PROGRESS_NO_SAVE);
	assert_string_equal(gnote.reason, "the folder's path is too long");
	grade_progress_free(g);
	if (old)
		setenv("XDG_STATE_HOME", old, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(old);
	mem_free(big);

	/* A folder that exists, whose file's path would not fit: nothing made, nothing cut. */
	char deep[PATH_MAX], got[PATH_MAX];
	deep_dir(deep, PATH_MAX - 8);
	FileStateNote fn;
	assert_int_equal(file_state_prepare(deep, "progress.json", &fn, got, sizeof got), -1);
	assert_int_equal(fn.opened, FILE_STATE_NO_SAVE);
	assert_string_equal(fn.file, "");
	assert_string_equal(fn.reason, "the folder's path is too long");
	rm_deep(deep);
}

/* }==== */

/* {==== Lessons folders past PATH_MAX ==== */

static void test_lint_dir_too_long(void **state)
{
	(void)state;
	/* The folder opens, but its README.md's path does not fit: refused with the path named,
	 * not read from a cut-short path. */
	char deep[PATH_MAX];
	deep_dir(deep, PATH_MAX - 6);
	LessonProblems ps = { 0 };
	int n = -1;
	assert_int_equal(lint_dir(deep, NULL, &ps, &n), ST_ELIMIT);
	const char *m = status_detail();
	assert_int_equal(strncmp(m, "the path /tmp/gradlab-file-", 27), 0);
	assert_non_null(strstr(m, "ddd/README.md is 4100 bytes, longer than the 4095 a path may "
				  "have here"));
	lesson_problems_free(&ps);
	rm_deep(deep);
}

static void test_book_dir_too_long(void **state)
{
	(void)state;
	char state_dir[256];
	snprintf(state_dir, sizeof state_dir, "%s/state", dir);
	char *big = long_path(PATH_MAX + 10);
	UiOptions o = { .dir = big, .state_dir = state_dir, .lang = "en", .utf8 = 1, .display = 0 };
	char err[512] = "";
	App *app = app_new(&o, err, sizeof err);
	assert_null(app);
	assert_int_equal(strncmp(err, "the path /xxx", 13), 0);
	assert_non_null(strstr(err, "is 4106 bytes, longer than the 4095 a path may have here"));
	mem_free(big);

	/* A folder that fits, whose en/ does not: the same refusal, naming en. */
	char deep[PATH_MAX];
	deep_dir(deep, PATH_MAX - 2);
	o.dir = deep;
	assert_null(app_new(&o, err, sizeof err));
	assert_non_null(strstr(err, "ddd/en is 4097 bytes, longer than the 4095"));
	rm_deep(deep);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_path_join_fits),
		cmocka_unit_test(test_path_join_too_long),
		cmocka_unit_test_setup_teardown(test_make_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_dir_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_dir_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_book_dir_too_long, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
