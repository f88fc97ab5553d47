/* test_registry: how the exercise list reader (src/grade/registry.c) refuses a file it must
 * not read as a list: a NUL byte named by line and column (not "too long"), a FIFO or a
 * folder refused by name without waiting (alarm fails the test on a hang), a file past the
 * size cap; and that a list without a final newline, or with CRLF lines, still reads; an
 * exercise with more checks than a result holds is refused by name, not cut short. The
 * list's own grammar is tested in test_grade. */
#include "test_util.h"

#include "grade/registry.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64], path[128];

#define ENTRY "name: rnn_step\nfile: 04_rnn_step.c\nlesson: 03-bptt\npoints: 5\ntitle: t\nhint: h\n"

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gradlab-registry-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/exercises.list", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void write_bytes(const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void expect_error(Status want, const char *where, const char *words)
{
	Status st;
	alarm(20);
	GradeList *l = registry_load(path, &st);
	alarm(0);
	assert_null(l);
	assert_int_equal(st, want);
	char prefix[200];
	snprintf(prefix, sizeof prefix, "%s%s", path, where);
	if (strncmp(status_detail(), prefix, strlen(prefix)) != 0 || !strstr(status_detail(), words))
		fail_msg("got '%s', wanted '%s' and '%s'", status_detail(), prefix, words);
}

static void test_nul_byte(void **state)
{
	(void)state;
	static const char text[] = ENTRY "hint: a\0b\n";
	write_bytes(text, sizeof text - 1);
	expect_error(ST_EPARSE, ":7:8:", "a NUL byte");
	/* On the first line, at its start, and on a line with no newline after it. */
	write_bytes("\0name: rnn_step\n", 16);
	expect_error(ST_EPARSE, ":1:1:", "a NUL byte");
	static const char last[] = ENTRY "hint: x\0";
	write_bytes(last, sizeof last - 1);
	expect_error(ST_EPARSE, ":7:8:", "a NUL byte");
}

static void test_not_a_file(void **state)
{
	(void)state;
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_error(ST_EIO, ": cannot read the exercise list:", "a FIFO, not a regular file");
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	expect_error(ST_EIO, ": cannot read the exercise list:", "a folder");
	rmdir(path);
	expect_error(ST_EIO, ": cannot read the exercise list:", "No such file");
}

static void test_too_big(void **state)
{
	(void)state;
	size_t n = (1 << 20) + 1;
	char *text = malloc(n);
	assert_non_null(text);
	memset(text, '#', n);
	for (size_t i = 100; i < n; i += 100)
		text[i] = '\n';
	write_bytes(text, n);
	free(text);
	expect_error(ST_EIO, ": cannot read the exercise list:", "larger than 1048576 bytes");
}

static void test_long_line(void **state)
{
	(void)state;
	char text[2100];
	memset(text, '#', sizeof text);
	text[sizeof text - 1] = '\n';
	write_bytes(text, sizeof text);
	expect_error(ST_EPARSE, ":1:2047:", "line longer than 2046 characters");
}

static void test_line_endings(void **state)
{
	(void)state;
	const char *texts[] = { ENTRY "hint: last", "name: rnn_step\r\nfile: 04_rnn_step.c\r\n"
						    "lesson: 03-bptt\r\npoints: 5\r\ntitle: t\r\nhint: h\r\n" };
	for (int i = 0; i < 2; i++) {
		write_bytes(texts[i], strlen(texts[i]));
		Status st;
		GradeList *l = registry_load(path, &st);
		if (!l)
			fail_msg("case %d: %s", i, status_detail());
		assert_int_equal(l->n, 1);
		assert_int_equal(l->ex[0].n_hints[LANG_EN], i == 0 ? 2 : 1);
		assert_string_equal(l->ex[0].hint[LANG_EN][l->ex[0].n_hints[LANG_EN] - 1], i == 0 ? "last" : "h");
		registry_free(l);
	}
}

/* {==== More checks than a result holds ==== */
/* Checks that are never run: the list only counts them. */
static const CkCheck some_checks[GRADE_MAX_CHECKS + 1] = {
	{ .name = "a", .weight = 1 }, { .name = "b", .weight = 1 }, { .name = "c", .weight = 1 },
	{ .name = "d", .weight = 1 }, { .name = "e", .weight = 1 },
};
static CkExercise fake = { "fake", some_checks, GRADE_MAX_CHECKS };

static const CkExercise *find_fake(const char *name)
{
	return strcmp(name, "fake") == 0 ? &fake : NULL;
}

#define FAKE_ENTRY "name: fake\nfile: 01_fake.c\nlesson: 01\npoints: 5\ntitle: t\nhint: h\n"

static void test_too_many_checks(void **state)
{
	(void)state;
	write_bytes(FAKE_ENTRY, strlen(FAKE_ENTRY));
	Status st;
	fake.n_checks = GRADE_MAX_CHECKS; /* as many as fit: read */
	GradeList *l = registry_load_with(path, find_fake, &st);
	assert_non_null(l);
	assert_int_equal(l->ex[0].checks->n_checks, GRADE_MAX_CHECKS);
	registry_free(l);
	fake.n_checks = GRADE_MAX_CHECKS + 1; /* one more: refused where the name is */
	assert_null(registry_load_with(path, find_fake, &st));
	assert_int_equal(st, ST_EPARSE);
	char want[300];
	snprintf(want, sizeof want, "%s:1:7: exercise 'fake' declares %d checks; a result holds 1 to %d",
		 path, GRADE_MAX_CHECKS + 1, GRADE_MAX_CHECKS);
	if (strncmp(status_detail(), want, strlen(want)) != 0)
		fail_msg("got '%s', wanted '%s'", status_detail(), want);
}
/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_endings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_checks, setup, teardown),
	};
	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
