/* test_grade_progress: the exercise progress file (src/grade/grade_progress.c) as a store
 * that loses nothing. A corrupt, foreign-version or oversized exercises.json is kept byte
 * for byte as the copy the note names; one that changes under a running grader is never
 * written over; a FIFO, a folder or a link is refused by name and left alone (without
 * hanging); numbers out of range are refused by their JSON path; counters stop at INT_MAX;
 * the size limit holds on writing; temporary files of a killed save are removed; a file
 * that cannot be set aside is left as it is with saving off. */
#include "test_util.h"
#include "state_seeds.h"

#include "core/file.h"
#include "grade/grade_progress.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64], file[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gradlab-gprogress-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof file, "%s/%s", dir, GRADE_PROGRESS_FILE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void write_bytes(const char *path, const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* How many names are in dir (not counting . and ..). */
static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static GradeResult result(const char *name, double score, int passed)
{
	GradeResult r = { .n_checks = 1, .score = score, .max_score = 10 };
	snprintf(r.exercise, sizeof r.exercise, "%s", name);
	r.checks[0].passed = passed;
	return r;
}

#define GOOD "{\"version\": 1, \"exercises\": {\"rnn_step\": {\"passed\": true, \"score\": 10, " \
	     "\"max_score\": 10, \"best\": 10, \"tries\": 2, \"when\": 1732250000, \"hint\": 1}}}"

/* Each of these is set aside whole, with a reason, and kept byte for byte. */
static void test_kept_byte_for_byte(void **state)
{
	(void)state;
	size_t big = GRADE_PROGRESS_MAX_BYTES + 1;
	char *oversize = malloc(big + 1);
	assert_non_null(oversize);
	memset(oversize, ' ', big);
	memcpy(oversize, GOOD, strlen(GOOD));
	oversize[big] = '\0';
	static const struct {
		const char *text, *reason;
	} cases[] = {
		{ "{\"version\": 1, \"exercises\": {\"rnn_step\": {\"score\": 3,\n\x01\xfe", "line 2" },
		{ "{\"version\": 2, \"exercises\": {\"rnn_step\": {\"grade\": \"A\"}}}\n", "version 2" },
		{ "{\"version\": 4294967297, \"exercises\": {}}", "version 4294967297" },
		{ "{\"exercises\": {}}", "not a version 1" },
		{ "{\"version\": 1, \"exercises\": []}", "\"exercises\" is not an object" },
		{ GOOD "\0{\"version\": 2}", "NUL" },
		{ NULL, "larger than 1048576 bytes" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *text = cases[i].text ? cases[i].text : oversize;
		size_t n = cases[i].text ? strlen(text) : big;
		if (i == 5)
			n = sizeof(GOOD "\0{\"version\": 2}") - 1;
		write_bytes(file, text, n);
		GradeProgressNote note;
		GradeProgress *p = grade_progress_open(dir, &note);
		assert_non_null(p);
		if (note.opened != GRADE_PROGRESS_SET_ASIDE || !strstr(note.reason, cases[i].reason))
			fail_msg("case %zu: opened %d, reason \"%s\", expected \"%s\"", i, note.opened,
				 note.reason, cases[i].reason);
		assert_non_null(strstr(note.moved_to, "exercises.json.corrupt-"));
		size_t got;
		char *copy = slurp_n(note.moved_to, &got);
		assert_int_equal(got, n);
		assert_memory_equal(copy, text, n);
		free(copy);
		/* A fresh store begins and saves. */
		assert_int_equal(grade_progress_get(p, "rnn_step").status, GRADE_STATUS_NEW);
		GradeResult r = result("clip", 4, 0);
		grade_progress_record(p, &r);
		assert_int_equal(grade_progress_save(p), ST_OK);
		grade_progress_free(p);
		unlink(note.moved_to);
		unlink(file);
	}
	/* Exactly the limit is read. */
	oversize[big - 1] = '\0';
	write_bytes(file, oversize, big - 1);
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_LOADED);
	assert_int_equal(grade_progress_get(p, "rnn_step").tries, 2);
	grade_progress_free(p);
	free(oversize);
}

/* Another program (a newer gradlab, an editor) changes the file while this one grades:
 * saving leaves that file as it is and says so, instead of writing a fresh store over it. */
static void test_changed_under_us(void **state)
{
	(void)state;
	static const char *const others[] = { "{\"version\": 2, \"exercises\": {\"x\": 1}}",
					       "{\"version\": 1, \"exercises\": {\"x\": {\"tries\": 1e999}}}",
					       "not json" };
	for (int i = 0; i < 3; i++) {
		write_bytes(file, GOOD, strlen(GOOD));
		GradeProgressNote note;
		GradeProgress *p = grade_progress_open(dir, &note);
		assert_int_equal(note.opened, GRADE_PROGRESS_LOADED);
		write_bytes(file, others[i], strlen(others[i]));
		GradeResult r = result("rnn_step", 4, 0);
		grade_progress_record(p, &r);
		assert_int_equal(grade_progress_save(p), ST_EIO);
		if (!strstr(status_detail(), file) || !strstr(status_detail(), "left as it is"))
			fail_msg("case %d: \"%s\"", i, status_detail());
		size_t n;
		char *now = slurp_n(file, &n);
		assert_string_equal(now, others[i]);
		free(now);
		grade_progress_free(p);
		assert_int_equal(count_entries(dir), 1);
	}
}

/* A FIFO, a folder or a link in place of the file: refused by name, never read (a FIFO
 * would block for ever: alarm fails the test instead), moved or written over. */
static void test_not_regular(void **state)
{
	(void)state;
	char target[128];
	snprintf(target, sizeof target, "%s/elsewhere.json", dir);
	write_bytes(target, GOOD, strlen(GOOD));
	static const char *const kinds[] = { "a FIFO", "a folder", "a symbolic link" };
	for (int i = 0; i < 3; i++) {
		int made = i == 0 ? mkfifo(file, 0600) : i == 1 ? mkdir(file, 0700) : symlink(target, file);
		assert_int_equal(made, 0);
		alarm(20);
		GradeProgressNote note;
		GradeProgress *p = grade_progress_open(dir, &note);
		alarm(0);
		assert_non_null(p);
		if (note.opened != GRADE_PROGRESS_NO_SAVE || !strstr(note.reason, file) ||
		    !strstr(note.reason, kinds[i]))
			fail_msg("%s: opened %d, reason \"%s\"", kinds[i], note.opened, note.reason);
		assert_int_equal(grade_progress_get(p, "rnn_step").status, GRADE_STATUS_NEW);
		GradeResult r = result("rnn_step", 4, 0);
		grade_progress_record(p, &r);
		assert_int_equal(grade_progress_save(p), ST_OK);
		grade_progress_free(p);
		struct stat st;
		assert_int_equal(lstat(file, &st), 0);
		assert_true(i == 0 ? S_ISFIFO(st.st_mode) : i == 1 ? S_ISDIR(st.st_mode) : S_ISLNK(st.st_mode));
		assert_int_equal(count_entries(dir), 2);
		if (i == 1)
			rmdir(file);
		else
			unlink(file);
	}
	size_t n;
	char *kept = slurp_n(target, &n);
	assert_string_equal(kept, GOOD);
	free(kept);
}

/* Numbers this program never writes are a corrupt file, named by their JSON path. */
static void test_out_of_range(void **state)
{
	(void)state;
	static const struct {
		const char *entry, *reason;
	} cases[] = {
		{ "{\"tries\": 2147483648}", "exercises.rnn_step.tries is 2147483648" },
		{ "{\"tries\": 99999999999999999999}", "exercises.rnn_step.tries: the integer" },
		{ "{\"tries\": -1}", "exercises.rnn_step.tries is -1" },
		{ "{\"tries\": 1e300}", "exercises.rnn_step.tries is" },
		{ "{\"tries\": 2.5}", "not a whole number" },
		{ "{\"hint\": 2147483648}", "exercises.rnn_step.hint is 2147483648" },
		{ "{\"when\": -5}", "exercises.rnn_step.when is -5" },
		{ "{\"when\": 9223372036854775807}", "exercises.rnn_step.when is" },
		{ "{\"score\": 1e400}", "exercises.rnn_step.score is" },
		{ "{\"best\": NaN}", "exercises.rnn_step.best is" },
		{ "{\"max_score\": -Infinity}", "exercises.rnn_step.max_score is" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[300];
		snprintf(text, sizeof text, "{\"version\": 1, \"exercises\": {\"rnn_step\": %s}}",
			 cases[i].entry);
		write_bytes(file, text, strlen(text));
		GradeProgressNote note;
		GradeProgress *p = grade_progress_open(dir, &note);
		/* json-c reads NaN, Infinity and 1e400; a stricter parser may refuse them first. */
		int non_finite = i >= 8;
		if (note.opened != GRADE_PROGRESS_SET_ASIDE ||
		    (!strstr(note.reason, cases[i].reason) &&
		     !(non_finite && strstr(note.reason, "it is not JSON"))))
			fail_msg("case %zu: opened %d, reason \"%s\", expected \"%s\"", i, note.opened,
				 note.reason, cases[i].reason);
		grade_progress_free(p);
		unlink(note.moved_to);
	}
	/* A key with an escape sequence is quoted escaped. */
	const char *esc = "{\"version\": 1, \"exercises\": {\"a\\u001b[2J\": {\"tries\": -1}}}";
	write_bytes(file, esc, strlen(esc));
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_SET_ASIDE);
	assert_non_null(strstr(note.reason, "exercises.a\\x1B[2J.tries"));
	assert_null(strchr(note.reason, '\033'));
	grade_progress_free(p);
}

/* tries at INT_MAX stays there when graded again (under UBSan a wrap is an error). */
static void test_counter_saturates(void **state)
{
	(void)state;
	const char *text = "{\"version\": 1, \"exercises\": {\"rnn_step\": {\"passed\": false, "
			   "\"tries\": 2147483646, \"hint\": 2147483647}}}";
	write_bytes(file, text, strlen(text));
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_LOADED);
	GradeResult r = result("rnn_step", 10, 1);
	for (int i = 0; i < 3; i++)
		grade_progress_record(p, &r);
	assert_int_equal(grade_progress_get(p, "rnn_step").tries, INT_MAX);
	grade_progress_set_hint(p, "rnn_step", INT_MAX);
	assert_int_equal(grade_progress_save(p), ST_OK);
	grade_progress_free(p);
	p = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_LOADED);
	GradeProgressEntry e = grade_progress_get(p, "rnn_step");
	assert_int_equal(e.tries, INT_MAX);
	assert_int_equal(e.hint, INT_MAX);
	assert_int_equal(e.status, GRADE_STATUS_PASSED);
	grade_progress_free(p);
}

/* More entries than the file may hold: saving refuses and writes nothing, so the next start
 * never finds a file it must set aside. */
static void test_size_limit_on_write(void **state)
{
	(void)state;
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(dir, &note);
	GradeResult r = result("rnn_step", 4, 0);
	grade_progress_record(p, &r);
	assert_int_equal(grade_progress_save(p), ST_OK);
	size_t n0;
	char *before = slurp_n(file, &n0);
	int i = 0;
	Status st = ST_OK;
	for (int round = 0; st == ST_OK && round < 40; round++) {
		for (int k = 0; k < 500; k++, i++) {
			char name[32];
			snprintf(name, sizeof name, "exercise_%d", i);
			r = result(name, 4, 0);
			grade_progress_record(p, &r);
		}
		st = grade_progress_save(p);
		if (st == ST_OK) {
			GradeProgressNote again;
			GradeProgress *q = grade_progress_open(dir, &again);
			assert_int_equal(again.opened, GRADE_PROGRESS_LOADED);
			grade_progress_free(q);
			free(before);
			before = slurp_n(file, &n0);
		}
	}
	assert_int_equal(st, ST_ELIMIT);
	assert_non_null(strstr(status_detail(), GRADE_PROGRESS_FILE));
	size_t n1;
	char *after = slurp_n(file, &n1);
	assert_int_equal(n1, n0);
	assert_memory_equal(after, before, n0);
	assert_int_equal(count_entries(dir), 1);
	free(before);
	free(after);
	grade_progress_free(p);
}

/* Temporary files of a killed save: a dead process's and an old one go, ours stays. */
static void test_stale_temps(void **state)
{
	(void)state;
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	char dead[160], mine[160], old[160];
	snprintf(dead, sizeof dead, "%s.tmp-%ld", file, (long)child);
	snprintf(mine, sizeof mine, "%s.tmp-%ld", file, (long)getpid());
	snprintf(old, sizeof old, "%s.tmp-1", file);
	write_bytes(dead, "{", 1);
	write_bytes(mine, "{", 1);
	write_bytes(old, "{", 1);
	struct timespec t[2] = { { time(NULL) - FILE_STALE_SECONDS - 5, 0 },
				 { time(NULL) - FILE_STALE_SECONDS - 5, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, old, t, 0), 0);
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(dir, &note);
	assert_int_equal(note.opened, GRADE_PROGRESS_NEW);
	grade_progress_free(p);
	assert_int_not_equal(access(dead, F_OK), 0);
	assert_int_not_equal(access(old, F_OK), 0);
	assert_int_equal(access(mine, F_OK), 0);
}

/* Remove the folders of deep, from the inside out, up to dir (rm_tree's paths are
 * shorter). */
static void rm_deep(char *deep)
{
	size_t top = strlen(dir);
	while (strlen(deep) > top) {
		rmdir(deep);
		*strrchr(deep, '/') = '\0';
	}
}

/* A corrupt file that cannot be renamed (its new name would be longer than a path may be:
 * this stops root too) is left as it is, saving is off, and the note says so. */
static void test_cannot_set_aside(void **state)
{
	(void)state;
	char deep[4200];
	int n = snprintf(deep, sizeof deep, "%s", dir);
	while (n < 4070) {
		int k = 4070 - n - 1 > 200 ? 200 : 4070 - n - 1;
		deep[n++] = '/';
		memset(deep + n, 'd', (size_t)k);
		n += k;
		deep[n] = '\0';
		assert_int_equal(mkdir(deep, 0700), 0);
	}
	char path[4300];
	snprintf(path, sizeof path, "%s/%s", deep, GRADE_PROGRESS_FILE);
	write_bytes(path, "{\"version\": 7}", 14);
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(deep, &note);
	assert_non_null(p);
	if (note.opened != GRADE_PROGRESS_NO_SAVE || !strstr(note.reason, "cannot be moved aside") ||
	    !strstr(note.reason, "version 7"))
		fail_msg("opened %d, reason \"%s\"", note.opened, note.reason);
	GradeResult r = result("rnn_step", 4, 0);
	grade_progress_record(p, &r);
	assert_int_equal(grade_progress_save(p), ST_OK);
	grade_progress_free(p);
	size_t got;
	char *kept = slurp_n(path, &got);
	assert_string_equal(kept, "{\"version\": 7}");
	free(kept);
	unlink(path);
	rm_deep(deep);
}

/* Opens and frees the store for state_seeds_check. */
static int open_close(const char *store_dir, FileStateNote *note)
{
	GradeProgress *p = grade_progress_open(store_dir, note);
	grade_progress_free(p);
	return p ? 0 : -1;
}

/* The seeds of the fuzz target (tests/fuzz/state/exercises-*) are what their names say
 * (state_seeds.h). */
static void test_fuzz_seeds(void **state)
{
	(void)state;
	state_seeds_check("exercises-", dir, "exercises.json", open_close);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz_seeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_under_us, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_saturates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit_on_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_temps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cannot_set_aside, setup, teardown),
	};
	return cmocka_run_group_tests_name("grade_progress", tests, NULL, NULL);
}
