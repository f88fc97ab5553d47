/* test_grade_msg: the grader's message table (src/grade/grade_msg.c). Every id has a text in
 * every language, and every language takes the same printf arguments (by type, in order, or
 * by position where a text numbers them), as test_ui_text checks for src/ui/strings.c.
 * A third language is one more column: this file builds the table and the result words with
 * a fake column "xx" (each English text behind a "[xx]" mark), and checks that every lookup in
 * that language, grade_say's buffers and a check's message and problem words, comes from that
 * column, never silently from English. The table and result.c are compiled into this test with
 * the extra column, so it uses nothing else of the grade layer. */
#define GRADE_EXTRA_LANGS 1
#define GRADE_EXTRA_COLUMN(en) , "[xx]" en
#include "../src/grade/grade_msg.c"
#include "../src/grade/result.c"

#include "test_util.h"

#include <string.h>

enum { FAKE = GRADE_N_LANGS - 1 };

/* The printf conversions of s as "1:d 2:s 3:f", one per argument in argument order: the
 * length modifier and a class of conversion (d for d and i, u for u, x, X and o, f for every
 * floating one), so that "%.0s" (which takes an argument and shows none) counts as an s.
 * "%2$s" puts its conversion at position 2. 0 when s mixes numbered and plain ones. */
static int conversions(const char *s, char *out, size_t size)
{
	char slot[16][8] = { { 0 } };
	int next = 0, numbered = 0, plain = 0, top = 0;
	for (; *s; s++) {
		if (*s != '%')
			continue;
		if (*++s == '%')
			continue;
		int pos = 0;
		const char *p = s;
		while (*p >= '0' && *p <= '9')
			pos = pos * 10 + (*p++ - '0');
		if (*p == '$' && pos > 0) {
			numbered = 1;
			s = p + 1;
		} else {
			plain = 1;
			pos = ++next;
		}
		while (*s && strchr("0123456789.-+ #'", *s))
			s++;
		char len[4] = "";
		int n = 0;
		while (*s && strchr("hlLqjzt", *s) && n < 3)
			len[n++] = *s++;
		len[n] = '\0';
		char c = *s;
		c = c == 'i' ? 'd' : strchr("xXo", c) ? 'u' : strchr("eEgGaAF", c) ? 'f' : c;
		if (pos < 1 || pos > 15)
			return 0;
		snprintf(slot[pos], sizeof slot[pos], "%s%c", len, c);
		top = pos > top ? pos : top;
		if (!*s)
			break;
	}
	if (numbered && plain)
		return 0;
	size_t o = 0;
	out[0] = '\0';
	for (int k = 1; k <= top && o < size; k++)
		o += (size_t)snprintf(out + o, size - o, "%s%d:%s", k > 1 ? " " : "", k,
				      slot[k][0] ? slot[k] : "?");
	return 1;
}

static void test_conversions_helper(void **state)
{
	(void)state;
	char a[64], b[64];
	assert_true(conversions("crashed with signal %d (%s)%.0s\n", a, sizeof a));
	assert_true(conversions("崩溃了：信号 %d%.0s（SIG%s）\n", b, sizeof b));
	assert_string_equal(a, "1:d 2:s 3:s");
	assert_string_equal(a, b);
	assert_true(conversions("%1$s/%2$s, %4$d of %3$d (%5$llu)", a, sizeof a));
	assert_string_equal(a, "1:s 2:s 3:d 4:d 5:llu");
	assert_true(conversions("%zu %.3g %%", a, sizeof a));
	assert_string_equal(a, "1:zu 2:f");
	/* a text that takes fewer or other arguments is told apart */
	assert_true(conversions("%s %d", a, sizeof a));
	assert_true(conversions("%d %s", b, sizeof b));
	assert_string_not_equal(a, b);
	assert_false(conversions("%1$s %d", a, sizeof a));
}

/* Two letters in a row outside the conversions: a word to translate. */
static int has_words(const char *s)
{
	int run = 0;
	for (; *s; s++) {
		if (*s == '%') {
			while (s[1] && !strchr("diouxXeEfgGaAcsp%", s[1]))
				s++;
			if (s[1])
				s++;
			run = 0;
			continue;
		}
		run = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ? run + 1 : 0;
		if (run >= 2)
			return 1;
	}
	return 0;
}

static void test_every_id_every_language(void **state)
{
	(void)state;
	for (int id = 0; id < GM_COUNT; id++) {
		char want[128], got[128];
		for (int l = 0; l < GRADE_N_LANGS; l++) {
			const char *s = table[id][l];
			if (!s || (id != GM_NONE && !s[0]))
				fail_msg("message %d has no text in language %d", id, l);
			if (!conversions(s, l ? got : want, sizeof got))
				fail_msg("message %d, language %d: numbered and plain conversions "
					 "mixed: \"%s\"",
					 id, l, s);
			if (l && strcmp(want, got) != 0)
				fail_msg("message %d: \"%s\" takes %s, \"%s\" (language %d) takes %s", id,
					 table[id][0], want, s, l, got);
		}
		/* Chinese is a translation, not a copy (numbers-only notes aside) */
		if (strcmp(table[id][GRADE_EN], table[id][GRADE_ZH]) == 0 && id != GM_NONE &&
		    has_words(table[id][GRADE_EN]) && !strstr(table[id][GRADE_EN], "=%"))
			fail_msg("message %d is not translated: \"%s\"", id, table[id][GRADE_EN]);
	}
	assert_string_equal(grade_msg(GRADE_ZH, GM_PROBLEM_CRASHED), "崩溃");
	assert_string_equal(grade_msg(9, GM_PROBLEM_CRASHED), "crashed");
	assert_string_equal(grade_msg(GRADE_EN, GM_COUNT), "");
}

/* Every lookup in the fake language reads its column: nothing falls back to English. */
static void test_third_language(void **state)
{
	(void)state;
	for (int id = 1; id < GM_COUNT; id++) {
		const char *s = grade_msg(FAKE, (GradeMsg)id);
		if (strncmp(s, "[xx]", 4) != 0 || strcmp(s + 4, grade_msg(GRADE_EN, (GradeMsg)id)))
			fail_msg("message %d in the fake language is \"%s\"", id, s);
	}
	for (int p = 0; p < GRADE_PROBLEM_COUNT; p++) {
		const char *w = grade_problem_words((GradeProblem)p, FAKE);
		if (strncmp(w, "[xx]", 4) != 0)
			fail_msg("problem %d in the fake language is \"%s\"", p, w);
		assert_string_equal(grade_problem_name((GradeProblem)p),
				    grade_problem_words((GradeProblem)p, GRADE_EN));
	}
	/* grade_say writes every language's buffer, the fake one from its own column */
	GradeCheck gc;
	memset(&gc, 0, sizeof gc);
	GRADE_SAY_ALL(gc.message, GM_WRONG_REL, 0.25);
	GRADE_SAY_ALL(gc.case_note, GM_NOTE_BIH, 2, 3, 4);
	assert_string_equal(grade_check_message(&gc, GRADE_EN), " (relative error 0.25)");
	assert_string_equal(grade_check_message(&gc, GRADE_ZH), "（相对误差 0.25）");
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
	char text[GRADE_N_LANGS][12];
	memset(text, 0, sizeof text);
	GRADE_SAY_ALL(text, GM_GUESS_SIGN);
	assert_string_equal(text[GRADE_EN], "every value");
	assert_int_equal(strlen(text[FAKE]), sizeof text[FAKE] - 1);
	GRADE_SAY_ALL(text, GM_GUESS_TWICE); /* full: nothing more */
	assert_string_equal(text[GRADE_EN], "every value");
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
