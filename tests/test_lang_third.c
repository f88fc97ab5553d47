/* test_lang_third: a third language is one line of src/core/lang.h's list. This file adds a
 * fake language "xx" to the list (LANG_EXTRA) and compiles with it what the list derives
 * outside the message tables (whose fake columns the msg table tests check): --lang's
 * choices and its parsing (cli/lang.c), the exercise list's keys title_xx and hint_xx
 * (grade/registry.c) and the lint's folder pairs, DIR/xx against DIR/en (learn/lint.c). None
 * of them names the fake language; each finds it in the list. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#include "../src/cli/lang.c"
#include "../src/grade/registry.c"
#include "../src/learn/lint.c"

#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FAKE = LANG_COUNT - 1 };

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void folder(const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/gradlab-lang-third-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_list(void **state)
{
	(void)state;
	assert_int_equal(LANG_COUNT, 3);
	assert_string_equal(LANG_CHOICES, "en|zh|xx");
	assert_int_equal(lang_of_code("xx"), FAKE);
	assert_int_equal(lang_of_code("zh"), LANG_ZH);
	assert_int_equal(lang_of_code("fr"), -1);
	assert_int_equal(lang_next(LANG_ZH), FAKE);
	assert_int_equal(lang_next(FAKE), LANG_EN);
	char b[64];
	assert_string_equal(lang_codes_join(b, sizeof b, "DIR/", "", " and "), "DIR/en, DIR/zh and DIR/xx");
	assert_string_equal(lang_codes_join(b, 12, "DIR/", "", " and "), "DIR/en, DIR");
}

static void test_lang_option(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&text, &len);
	assert_non_null(err);
	assert_int_equal(lang_resolve("relu", "xx", err), FAKE);
	assert_int_equal(lang_resolve("relu", "en", err), LANG_EN);
	assert_int_equal(lang_resolve("relu", NULL, err), LANG_EN);
	fclose(err);
	assert_string_equal(text, ""); /* xx needs no UTF-8 locale: no refusal */
	free(text);
}

static void test_exercise_list_keys(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/exercises.list", root);
	put("exercises.list", "name: activations\nfile: 01_activations.c\nlesson: 01\npoints: 5\n"
			      "title: Backprop\ntitle_xx: [xx]Backprop\n"
			      "hint: one\nhint: two\nhint_xx: [xx]one\nhint_xx: [xx]two\n");
	Status st;
	GradeList *l = registry_load(path, &st);
	if (!l)
		fail_msg("%s", status_detail());
	const GradeExercise *e = &l->ex[0];
	assert_string_equal(registry_title(e, FAKE), "[xx]Backprop");
	assert_string_equal(registry_title(e, LANG_ZH), "Backprop"); /* none given: English */
	assert_string_equal(registry_hint(e, 2, FAKE), "[xx]two");
	assert_string_equal(registry_hint(e, 2, LANG_ZH), "two");
	registry_free(l);

	put("exercises.list", "name: activations\nfile: 01_activations.c\nlesson: 01\npoints: 5\n"
			      "title: Backprop\nhint: one\nhint: two\nhint_xx: [xx]one\n");
	assert_null(registry_load(path, &st));
	assert_non_null(strstr(status_detail(), "has 2 hint lines and 1 hint_xx lines: give every "
						"hint in both languages or none in Fake"));
	put("exercises.list", "name: activations\ntitle_fr: x\n");
	assert_null(registry_load(path, &st));
	assert_non_null(strstr(status_detail(), "(the keys are name, file, lesson, points, title, "
						"title_zh, title_xx, hint, hint_zh, hint_xx)"));
}

static void test_lint_pairs(void **state)
{
	(void)state;
	folder("book");
	folder("book/en");
	folder("book/zh");
	folder("book/xx");
	const char *lesson = "# A\n\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 0.1\n"
			     "explain: e\n```\n";
	put("book/en/01-a.md", lesson);
	put("book/zh/01-a.md", lesson);
	put("book/xx/01-a.md", "# A\n\n```check\nrun: check sigmoid\n```\n");
	put("book/en/02-b.md", "# B\n");
	put("book/zh/02-b.md", "# B\n");
	put("book/xx/03-c.md", "# C\n");
	char dir[128];
	snprintf(dir, sizeof dir, "%s/book", root);
	LessonProblems ps = { 0 };
	int n = 0;
	assert_int_equal(lint_dir(dir, NULL, &ps, &n), ST_OK);
	assert_int_equal(n, 3);
	char want[3][256];
	snprintf(want[0], sizeof want[0], "%s/xx/01-a.md", dir);
	snprintf(want[1], sizeof want[1], "%s/en/02-b.md", dir);
	snprintf(want[2], sizeof want[2], "%s/xx/03-c.md", dir);
	int seen[3] = { 0 };
	for (int i = 0; i < ps.n; i++) {
		for (int k = 0; k < 3; k++)
			seen[k] += strcmp(ps.items[i].file, want[k]) == 0;
		if (strstr(ps.items[i].file, "/zh/"))
			fail_msg("zh matches en, yet: %s: %s", ps.items[i].file, ps.items[i].message);
	}
	/* xx's 01 differs from en's, en's 02 has no xx partner, xx's 03 no en one */
	for (int k = 0; k < 3; k++)
		if (!seen[k])
			fail_msg("no problem in %s (%d problems)", want[k], ps.n);
	lesson_problems_free(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_lang_option),
		cmocka_unit_test(test_exercise_list_keys),
		cmocka_unit_test(test_lint_pairs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
