/* test_grade_msg: the grader's message table (src/grade/grade_msg.c). Every id has a text in
 * every language, and every language takes the same printf arguments (by type, in order, or
 * by position where a text numbers them), checked by tests/msg_table.h as for every table.
 * A third language is one more column: this file builds the table and the result words with
 * a fake column "xx" (each English text behind a "[xx]" mark), and checks that every lookup in
 * that language, grade_say's buffers and a check's message and problem words, comes from that
 * column, never silently from English. The table and result.c are compiled into this test with
 * the extra column, so it uses nothing else of the grade layer. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "[xx]" en
#include "../src/grade/grade_msg.c"
#include "../src/grade/result.c"

#include "test_util.h"
#include "msg_table.h"

#include <string.h>

enum { FAKE = LANG_COUNT - 1 };

static void test_conversions_helper(void **state)
{
	(void)state;
	char a[64], b[64];
	assert_true(msg_conversions("crashed with signal %d (%s)%.0s\n", a, sizeof a));
	assert_true(msg_conversions("崩溃了：信号 %d%.0s（SIG%s）\n", b, sizeof b));
	assert_string_equal(a, "1:d 2:s 3:s");
	assert_string_equal(a, b);
	assert_true(msg_conversions("%1$s/%2$s, %4$d of %3$d (%5$llu)", a, sizeof a));
	assert_string_equal(a, "1:s 2:s 3:d 4:d 5:llu");
	assert_true(msg_conversions("%zu %.3g %%", a, sizeof a));
	assert_string_equal(a, "1:zu 2:f");
	/* a text that takes fewer or other arguments is told apart */
	assert_true(msg_conversions("%s %d", a, sizeof a));
	assert_true(msg_conversions("%d %s", b, sizeof b));
	assert_string_not_equal(a, b);
	assert_false(msg_conversions("%1$s %d", a, sizeof a));
	/* a * precision takes an int before its value */
	assert_true(msg_conversions("'%s' after '%.*s'", a, sizeof a));
	assert_string_equal(a, "1:s 2:d 3:s");
}

static const char *cell(int lang, int id)
{
	return table[id][lang];
}

static const char *lookup(int lang, int id)
{
	return grade_msg(lang, (GradeMsg)id);
}

/* Chinese is a translation, not a copy: notes of numbers only ("n=%d") aside. */
static int numbers_only(int id)
{
	return strstr(table[id][LANG_EN], "=%") != NULL;
}

/* Only the empty id may be empty. */
static int is_none(int id)
{
	return id == GM_NONE;
}

static void test_every_id_every_language(void **state)
{
	(void)state;
	msg_table_check("grade_msg", cell, GM_COUNT, LANG_COUNT, is_none, numbers_only);
	assert_string_equal(grade_msg(LANG_ZH, GM_PROBLEM_CRASHED), "崩溃");
	assert_string_equal(grade_msg(9, GM_PROBLEM_CRASHED), "crashed");
	assert_string_equal(grade_msg(LANG_EN, GM_COUNT), "");
}

/* Every lookup in the fake language reads its column: nothing falls back to English. */
static void test_third_language(void **state)
{
	(void)state;
	msg_fake_check("grade_msg", lookup, GM_COUNT, FAKE, "[xx]", GM_NONE);
	for (int p = 0; p < GRADE_PROBLEM_COUNT; p++) {
		const char *w = grade_problem_words((GradeProblem)p, FAKE);
		if (strncmp(w, "[xx]", 4) != 0)
			fail_msg("problem %d in the fake language is \"%s\"", p, w);
		assert_string_equal(grade_problem_name((GradeProblem)p),
				    grade_problem_words((GradeProblem)p, LANG_EN));
	}
	/* grade_say writes every language's buffer, the fake one from its own column */
	GradeCheck gc;
	memset(&gc, 0, sizeof gc);
	GRADE_SAY_ALL(gc.message, GM_WRONG_REL, 0.25);
	GRADE_SAY_ALL(gc.case_note, GM_NOTE_BIH, 2, 3, 4);
	assert_string_equal(grade_check_message(&gc, LANG_EN), " (relative error 0.25)");
	assert_string_equal(grade_check_message(&gc, LANG_ZH), "（相对误差 0.25）");
	assert_string_equal(grade_check_message(&gc, FAKE), "[xx] (relative error 0.25)");
	assert_string_equal(grade_check_case_note(&gc, FAKE), "[xx]B=2 I=3 H=4");
	/* a language past the table's reads English, as every caller's default */
	assert_string_equal(grade_check_message(&gc, FAKE + 1), " (relative error 0.25)");
	/* one language at a time, with per-language words as arguments */
	char buf[200] = "";
	grade_say_in(FAKE, buf, sizeof buf, GM_TIMEOUT, 1.5, grade_msg(FAKE, GM_CLOCK_CPU), 3.0);
	assert_string_equal(buf, "[xx]did not finish: stopped after 1.5 s of [xx]CPU time (the "
				 "limit is 3 s). An infinite loop, or a loop whose condition never "
				 "becomes false?\n");
}

/* Text is cut to fit each buffer, in every language, and never overflows it. */
static void test_cut_to_fit(void **state)
{
	(void)state;
	char text[LANG_COUNT][12];
	memset(text, 0, sizeof text);
	GRADE_SAY_ALL(text, GM_GUESS_SIGN);
	assert_string_equal(text[LANG_EN], "every value");
	assert_int_equal(strlen(text[FAKE]), sizeof text[FAKE] - 1);
	GRADE_SAY_ALL(text, GM_GUESS_TWICE); /* full: nothing more */
	assert_string_equal(text[LANG_EN], "every value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_helper),
		cmocka_unit_test(test_every_id_every_language),
		cmocka_unit_test(test_third_language),
		cmocka_unit_test(test_cut_to_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
