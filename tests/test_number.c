/* test_number: the numbers a quiz answer may be written as (src/learn/number.c). Each good
 * input reads as the C expression it stands for; each bad one is refused with the right
 * kind of problem at the right byte, and never with a value. Then lesson_grade, which marks
 * a learner's answer with it, and the lesson parser, which reads an answer: line with it. */
#include "test_util.h"

#include "learn/lesson.h"
#include "learn/number.h"

#include <float.h>
#include <math.h>
#include <string.h>

static void test_good(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		double want;
	} good[] = {
		{ "0.25", 0.25 },
		{ "-3", -3 },
		{ "+7", 7 },
		{ ".5", .5 },
		{ "5.", 5. },
		{ "1e-3", 1e-3 },
		{ "2.5E+2", 2.5e2 },
		{ "  42  ", 42 },
		{ "0", 0 },
		{ "-0", 0 },
		{ "1/1024", 1.0 / 1024 },
		{ "1 / 1024", 1.0 / 1024 },
		{ "-1/4", -1.0 / 4 },
		{ "1/-4", 1.0 / -4 },
		{ "3/2", 3.0 / 2 },
		{ "0.9^50", 0 /* pow below */ },
		{ "2^-10", 0 },
		{ "2 ^ -10", 0 },
		{ "2^+3", 8 },
		{ "-2^2", -4 },
		{ "10^0", 1 },
		{ "1.5e1^2", 225 },
		{ "3^2/2^5", 9.0 / 32 },
		{ "1/2^10", 1.0 / 1024 },
		{ "0^5", 0 },
		{ "1e-400", 0 },  /* below the smallest double: it is 0, as strtod has it */
	};
	/* A long decimal is read whole, however long. */
	char longer[400];
	memset(longer, '0', sizeof longer);
	memcpy(longer, "0.25", 4);
	longer[sizeof longer - 1] = '\0';
	double y = 0;
	assert_int_equal(number_parse(longer, &y, NULL), NUMBER_OK);
	assert_true(y == 0.25);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		double want = good[i].want;
		if (strcmp(good[i].s, "0.9^50") == 0)
			want = pow(0.9, 50);
		else if (strstr(good[i].s, "-10") && good[i].s[0] == '2')
			want = pow(2, -10);
		double x = NAN;
		size_t at = 99;
		NumberError e = number_parse(good[i].s, &x, &at);
		if (e != NUMBER_OK || x != want || at != 0)
			fail_msg("'%s': error %d at %zu, value %.17g; want %.17g", good[i].s, e, at, x,
				 want);
	}
}

static void test_bad(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		NumberError want;
		size_t at;
	} bad[] = {
		{ "", NUMBER_EMPTY, 0 },
		{ "   ", NUMBER_EMPTY, 0 },
		{ "abc", NUMBER_EXPECTED, 0 },
		{ "x1", NUMBER_EXPECTED, 0 },
		{ "1/", NUMBER_EXPECTED, 2 },
		{ "/2", NUMBER_EXPECTED, 0 },
		{ "2^", NUMBER_EXPECTED, 2 },
		{ "^2", NUMBER_EXPECTED, 0 },
		{ "-", NUMBER_EXPECTED, 1 },
		{ "+-5", NUMBER_EXPECTED, 1 },
		{ ".", NUMBER_EXPECTED, 0 },
		{ "1e", NUMBER_EXPECTED, 2 },
		{ "1e+", NUMBER_EXPECTED, 3 },
		{ "0.5x", NUMBER_UNEXPECTED, 3 },
		{ "1 2", NUMBER_UNEXPECTED, 2 },
		{ "1/2/3", NUMBER_UNEXPECTED, 3 },
		{ "2^3^2", NUMBER_UNEXPECTED, 3 },
		{ "1..2", NUMBER_UNEXPECTED, 2 },
		{ "1,5", NUMBER_UNEXPECTED, 1 },
		{ "(1/2)", NUMBER_EXPECTED, 0 },
		{ "1*2", NUMBER_UNEXPECTED, 1 },
		{ "inf", NUMBER_EXPECTED, 0 },
		{ "nan", NUMBER_EXPECTED, 0 },
		{ "0x10", NUMBER_UNEXPECTED, 1 },
		{ "25%", NUMBER_UNEXPECTED, 2 },
		{ "½", NUMBER_EXPECTED, 0 },
		{ "1/0", NUMBER_DIVIDE_BY_ZERO, 2 },
		{ "1/ 0.0", NUMBER_DIVIDE_BY_ZERO, 3 },
		{ "1/0^3", NUMBER_DIVIDE_BY_ZERO, 2 },
		{ "1e999", NUMBER_NOT_FINITE, 0 },
		{ "10^400", NUMBER_NOT_FINITE, 0 },
		{ "0^-1", NUMBER_NOT_FINITE, 0 },
		{ "1e300/1e-300", NUMBER_NOT_FINITE, 0 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double x = 12345;
		size_t at = 99;
		NumberError e = number_parse(bad[i].s, &x, &at);
		if (e != bad[i].want || at != bad[i].at || x != 12345)
			fail_msg("'%s': error %d at %zu (value %g); want error %d at %zu", bad[i].s, e,
				 at, x, bad[i].want, bad[i].at);
	}
	/* at may be NULL. */
	double x;
	assert_int_equal(number_parse("1/", &x, NULL), NUMBER_EXPECTED);
	assert_int_equal(number_parse(NULL, &x, NULL), NUMBER_EMPTY);
}

static LessonCell numeric(double answer, double tol)
{
	LessonCell c;
	memset(&c, 0, sizeof c);
	c.kind = LESSON_QUIZ_NUMERIC;
	c.answer_value = answer;
	c.tolerance = tol;
	return c;
}

/* The learner types what they worked out; the book marks its value. */
static void test_grading(void **state)
{
	(void)state;
	LessonCell q = numeric(1.0 / 1024, 1e-6);
	assert_int_equal(lesson_grade(&q, "1/1024"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(&q, "2^-10"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(&q, "0.0009765625"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(&q, "1/512"), LESSON_INCORRECT);
	assert_int_equal(lesson_grade(&q, "1/"), LESSON_UNPARSEABLE);
	q = numeric(pow(0.9, 50), 1e-4);
	assert_int_equal(lesson_grade(&q, "0.9^50"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(&q, "0.9^49"), LESSON_INCORRECT);
	q = numeric(1e-3, 1e-5);
	assert_int_equal(lesson_grade(&q, "1e-3"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(&q, "1/1000"), LESSON_CORRECT);
}

/* A lesson may write its answer: as a fraction or a power too; a malformed one is named. */
static void test_answer_lines(void **state)
{
	(void)state;
	const char *good = "# T\n\n```quiz\nkind: numeric\nask: 2 to the -10?\nanswer: 1/1024\n"
			   "tolerance: 2^-20\nexplain: halve it ten times.\n```\n";
	Lesson *l = NULL;
	LessonProblems ps = { 0 };
	assert_int_equal(lesson_parse("t.md", good, strlen(good), &l, &ps), ST_OK);
	assert_int_equal(ps.n, 0);
	assert_true(l->blocks[1].cell.answer_value == 1.0 / 1024);
	assert_true(l->blocks[1].cell.tolerance == pow(2, -20));
	lesson_free(l);
	lesson_problems_free(&ps);

	const char *bad = "# T\n\n```quiz\nkind: numeric\nask: 2 to the -10?\nanswer: 1/0\n"
			  "tolerance: 0.001\nexplain: halve it ten times.\n```\n";
	l = NULL;
	assert_int_equal(lesson_parse("t.md", bad, strlen(bad), &l, &ps), ST_OK);
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.items[0].line, 6);
	assert_non_null(strstr(ps.items[0].message, "'1/0'"));
	assert_non_null(strstr(ps.items[0].message, "divides by zero"));
	lesson_free(l);
	lesson_problems_free(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_grading),
		cmocka_unit_test(test_answer_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
