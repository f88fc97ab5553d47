/* test_ui_quiz: quizzes that cannot be gamed (src/ui/quiz.c, reader_cells.c), headless over
 * the fixture lessons in tests/data/book. A wrong answer does not show the right one; the
 * learner tries again, or asks for the answer with s; the first try is kept, shown in the
 * contents and saved, and an answer seen first never counts. A choice quiz selected on
 * screen takes its letters before the reader's keys (b chooses instead of scrolling), and
 * gives them back when it is left. Numbers may be fractions and powers, and a malformed one
 * is refused with why, in English and Chinese. Older progress files keep their scores. */
#include "test_util.h"
#include "ui_fixture.h"

#include "learn/progress.h"

#include <string.h>

static int fake_calls;

/* A gradlab that prints its command line and tanh'(x) at --from for the predict quiz. */
static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)err;
	fake_calls++;
	fprintf(out, "fake");
	for (int i = 1; i < argc; i++)
		fprintf(out, " %s", argv[i]);
	fputc('\n', out);
	return 0;
}

static void start(T *t, const char *lang, int rows, int cols)
{
	fixture_init(t, "/tmp/gradlab-quiz-XXXXXX", BOOK, fake_run);
	fake_calls = 0;
	open_book(t, lang, TW_UTF8, rows, cols);
}

static CellState *cell(T *t, int k)
{
	return &t->app->books[0].cells[k];
}

/* The fixture's first lesson: cell 0 an experiment, 1 the choice quiz (answer b), 2 the
 * numeric one (0.25 give or take 0.001), 3 the predict one, 4 a check. */
#define TO_CHOICE "<Enter><Tab>"
#define TO_NUMERIC "<Enter><Tab><Tab>"
#define TO_PREDICT "<Enter><Tab><Tab><Tab>"

static char *progress_text(T *t)
{
	char path[128];
	snprintf(path, sizeof path, "%s/progress.json", t->state);
	char *json = slurp(path);
	assert_non_null(json);
	return json;
}

/* Wrong, then right: the right answer was never on the screen before it was typed, and the
 * quiz is not right at the first try, here, in the file, or after a restart. */
static void test_wrong_then_retry(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 24, 80);
	play(&t, TO_NUMERIC "<Enter>0.5<Enter>");
	assert_screen_has(&t, "Your answer: 0.5");
	assert_screen_has(&t, "Not quite. Try again, or press s to see the answer.");
	assert_screen_lacks(&t, "0.25");
	assert_screen_lacks(&t, "Why:");   /* the why gives it away: 0.5 × 0.5 */
	assert_screen_has(&t, "Press Enter to answer again.");
	assert_int_equal(cell(&t, 2)->first, PROGRESS_FIRST_WRONG);
	play(&t, "<Enter>0.25<Enter>");
	assert_screen_has(&t, "✓ Correct.");
	assert_screen_lacks(&t, "Right at the first try");
	assert_screen_has(&t, "Why:");
	assert_int_equal(cell(&t, 2)->first, PROGRESS_FIRST_WRONG);
	char *json = progress_text(&t);
	assert_non_null(strstr(json, "\"first_try_right\": false"));
	free(json);
	play(&t, "q");
	assert_screen_has(&t, "0/3");
	reopen(&t, "en", TW_UTF8);
	play(&t, "");
	assert_screen_has(&t, "0/3");
	stop(&t);
}

static void test_right_at_first_try(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 24, 80);
	play(&t, TO_NUMERIC "<Enter>0.25<Enter>");
	assert_screen_has(&t, "✓ Correct. Right at the first try.");
	/* A later wrong answer does not take the first try back. */
	play(&t, "<Enter>0.3<Enter>");
	assert_screen_has(&t, "Not quite. Try again");
	play(&t, "q");
	assert_screen_has(&t, "First try");
	assert_screen_has(&t, "1/3");
	reopen(&t, "en", TW_UTF8);
	play(&t, "");
	assert_screen_has(&t, "1/3");
	play(&t, "L");
	assert_screen_has(&t, "一次答对");
	assert_screen_has(&t, "1/3");
	stop(&t);
}

/* s shows the answer and the why on request; typing it then is right, never at the first
 * try, and the request is saved. */
static void test_reveal(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 24, 80);
	play(&t, TO_NUMERIC);
	assert_screen_has(&t, "s show answer");
	play(&t, "s");
	assert_screen_has(&t, "The answer is 0.25 (give or take 0.001).");
	assert_screen_has(&t, "Why:");
	assert_screen_has(&t, "You asked to see the answer");
	assert_screen_lacks(&t, "s show answer");
	play(&t, "<Enter>0.25<Enter>");
	assert_screen_has(&t, "✓ Correct.");
	assert_screen_lacks(&t, "Right at the first try");
	char *json = progress_text(&t);
	assert_non_null(strstr(json, "\"revealed\": true"));
	free(json);
	reopen(&t, "en", TW_UTF8);
	play(&t, "");
	assert_true(cell(&t, 2)->revealed);
	assert_screen_has(&t, "You asked to see the answer");
	play(&t, "q");
	assert_screen_has(&t, "0/3");
	/* In Chinese too; and s on a cell that is not a quiz says what it is for. */
	play(&t, "<Enter>L<BTab>");   /* from the numeric quiz, where the lesson was left */
	assert_int_equal(t.app->books[0].sel, 1);
	play(&t, "s");
	assert_screen_has(&t, "答案是 b。");
	assert_screen_has(&t, "你查看了答案");
	play(&t, "<BTab>");
	assert_int_equal(t.app->books[0].sel, 0);
	play(&t, "s");
	assert_screen_has(&t, "s 用来查看测验的答案");
	stop(&t);
}

/* A wrong prediction does not run the command (its output is the answer); a right one or
 * the answer asked for does. */
static void test_predict_runs_only_when_known(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 24, 80);
	play(&t, TO_PREDICT "<Enter>0.5<Enter>");
	assert_screen_has(&t, "Not quite. Try again");
	assert_int_equal(fake_calls, 0);
	assert_screen_lacks(&t, "What the command gives:");
	play(&t, "s");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "✗ Not quite: the answer is 0.786448 (give or take 0.01).");
	assert_screen_has(&t, "What the command gives:");
	stop(&t);
	start(&t, "en", 24, 80);
	play(&t, TO_PREDICT "<Enter>0.79<Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "Right at the first try");
	stop(&t);
}

/* The letters of a selected choice quiz choose, b included; other keys still move; and
 * once the quiz is left, b scrolls again. */
static void test_letters_choose(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 24, 80);
	play(&t, TO_CHOICE);
	assert_int_equal(t.app->books[0].sel, 1);
	assert_screen_has(&t, "a-c choose");
	assert_screen_has(&t, "Press the letter of your answer.");
	int top = t.app->top;
	play(&t, "b");
	assert_int_equal(t.app->top, top);
	assert_non_null(cell(&t, 1)->answer);
	assert_string_equal(cell(&t, 1)->answer, "b");
	assert_screen_has(&t, "✓ Correct. Right at the first try.");
	assert_int_equal(t.app->input, INPUT_NONE);
	/* A capital chooses too; a wrong letter after a right one keeps the first try. */
	play(&t, "A");
	assert_string_equal(cell(&t, 1)->answer, "A");
	assert_screen_has(&t, "Not quite. Try again");
	assert_int_equal(cell(&t, 1)->first, PROGRESS_FIRST_RIGHT);
	/* j is not a choice: it scrolls. */
	play(&t, "j");
	assert_int_equal(t.app->top, top + 1);
	/* Tab leaves the quiz: b scrolls again and chooses nothing. */
	play(&t, "<Tab>");
	assert_int_equal(t.app->books[0].sel, 2);
	top = t.app->top;
	play(&t, "b");
	assert_true(t.app->top < top);
	assert_string_equal(cell(&t, 1)->answer, "A");
	assert_null(cell(&t, 2)->answer);
	stop(&t);
}

/* The help names the key that shows an answer and how letters choose. */
static void test_help(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 60, 100);
	play(&t, "?");
	assert_screen_has(&t, "show the selected quiz's answer");
	assert_screen_has(&t, "while a choice quiz is selected, its letters choose");
	play(&t, "L");
	assert_screen_has(&t, "显示所选测验的答案");
	assert_screen_has(&t, "选中选择题时，按字母即作答");
	stop(&t);
}

/* Fractions and powers are numbers; a malformed one is refused with why, and the input
 * stays open to fix it. */
static void test_fractions_and_powers(void **state)
{
	(void)state;
	T t;
	start(&t, "en", 24, 80);
	play(&t, TO_NUMERIC "<Enter>1/<Enter>");
	assert_screen_has(&t, "That is not a number: a number is missing after '1/'.");
	assert_int_equal(t.app->input, INPUT_QUIZ);
	assert_null(cell(&t, 2)->answer);
	play(&t, "<Bksp><Bksp>0.5x<Enter>");
	assert_screen_has(&t, "'x' cannot come after '0.5'");
	play(&t, "<Bksp><Bksp><Bksp><Bksp>1/0<Enter>");
	assert_screen_has(&t, "divides by zero");
	play(&t, "<Bksp><Bksp><Bksp>10^400<Enter>");
	assert_screen_has(&t, "too large");
	assert_null(cell(&t, 2)->answer);   /* nothing refused counts as a try */
	play(&t, "<Esc>L<Enter>2^<Enter>");
	assert_screen_has(&t, "这不是一个数：“2^”后面缺少数字。");
	play(&t, "<Bksp><Bksp>1/4<Enter>");
	assert_screen_has(&t, "正确。第一次就答对了。");
	play(&t, "L<Enter>2^-2<Enter>");
	assert_screen_has(&t, "Your answer: 2^-2");
	assert_screen_has(&t, "✓ Correct.");
	stop(&t);
}

/* A file from before first tries were kept: one right try counts, more do not. */
static void test_old_progress_file(void **state)
{
	(void)state;
	T t;
	fixture_init(&t, "/tmp/gradlab-quiz-XXXXXX", BOOK, fake_run);
	char path[128];
	snprintf(path, sizeof path, "%s/progress.json", t.state);
	write_file(path, "{\"version\": 1, \"lessons\": {\"01-gates\": {\"quizzes\": {"
			 "\"gate\": {\"answer\": \"b\", \"correct\": true, \"tries\": 1}, "
			 "\"peak\": {\"answer\": \"0.25\", \"correct\": true, \"tries\": 2}}}}}");
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "");
	assert_screen_has(&t, "1/3");
	play(&t, TO_NUMERIC);
	assert_int_equal(cell(&t, 1)->first, PROGRESS_FIRST_RIGHT);
	assert_int_equal(cell(&t, 2)->first, PROGRESS_FIRST_UNKNOWN);
	assert_screen_has(&t, "✓ Correct. Right at the first try.");   /* gate */
	stop(&t);
}

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrong_then_retry),
		cmocka_unit_test(test_right_at_first_try),
		cmocka_unit_test(test_reveal),
		cmocka_unit_test(test_predict_runs_only_when_known),
		cmocka_unit_test(test_letters_choose),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_fractions_and_powers),
		cmocka_unit_test(test_old_progress_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
