/* test_ui_hostile: the book, headless, on lessons that try what a lesson may not do
 * (tests/data/lessons-hostile: a nested book, grade --class, watch, grad FILE, --csv,
 * --gnuplot-script and --plot png: naming any path, an output option as a vary, a value
 * that turns into --csv once varied, an option or argument the command does not take, a
 * predict quiz running book, a check writing CSV). Each cell, run with Enter, its plot with
 * p and its parameters moved, must show the refusal with its file and line, in English and
 * in Chinese, and never reach the command runner: a runner that records every call stands
 * in for cli_run (and passes the experiment commands on, so that a file they would write
 * appears), and no file named by a lesson may exist afterwards. */
#include "test_util.h"
#include "ui_fixture.h"

#include "cli/commands.h"
#include "learn/lesson.h"

#include <sys/stat.h>
#include <unistd.h>

#define HOSTILE "tests/data/lessons-hostile"

static int calls;
static char called[4096];

/* Every call is recorded; an experiment command runs for real (its files would appear),
 * anything else is not run at all: a nested book or watch would never come back here. */
static int recording_run(int argc, char **argv, FILE *out, FILE *err)
{
	calls++;
	size_t n = strlen(called);
	for (int i = 1; i < argc && n < sizeof called - 2; i++)
		n += (size_t)snprintf(called + n, sizeof called - n, "%s%s", argv[i],
				      i + 1 < argc ? " " : "; ");
	if (argc > 1 && lesson_command_allowed(argv[1]))
		return cli_run(argc, argv, out, err);
	fprintf(err, "not run here\n");
	return 2;
}

/* The paths the fixture lessons name, relative to the tests' folder (the project). */
static const char *const written[] = {
	"hostile-lesson.csv", "hostile-lesson.gp", "hostile-lesson.png", "hostile-lesson-a.csv",
	"hostile-lesson-b.csv", "hostile-lesson-check.csv", "hostile-class/gradebook.csv",
	"--steps",
};

static void remove_written(void)
{
	for (size_t i = 0; i < sizeof written / sizeof written[0]; i++)
		unlink(written[i]);
	rmdir("hostile-class");
}

static void assert_nothing_written(void)
{
	struct stat sb;
	for (size_t i = 0; i < sizeof written / sizeof written[0]; i++)
		if (lstat(written[i], &sb) == 0)
			fail_msg("a lesson wrote %s", written[i]);
}

/* The line of cell k's refusal in lesson l, as the parser recorded it. */
static int refused_line(const LessonBlock *blk)
{
	assert_int_not_equal(blk->cell.refused, LESSON_RUN_OK);
	assert_true(blk->cell.refused_line > 0);
	return blk->cell.refused_line;
}

static void every_cell_refused(const char *lang, const char *not_run)
{
	remove_written();
	rmdir("hostile-class");
	/* grade --class would write its gradebook into this folder. */
	assert_int_equal(mkdir("hostile-class", 0700), 0);
	calls = 0;
	called[0] = '\0';
	T t;
	fixture_init(&t, "/tmp/gradlab-book-rule-XXXXXX", HOSTILE, recording_run);
	open_book(&t, lang, TW_UTF8, 24, 100);
	App *app = t.app;
	assert_int_equal(app->n_books, 14);
	for (int i = 0; i < app->n_books; i++) {
		Book *b = &app->books[i];
		assert_null(b->problem);
		app->toc_sel = i;
		play(&t, "<Enter>g");
		assert_ptr_equal(app->screen, &screen_reader);
		assert_int_equal(b->n_cells, 1);
		for (int guard = 0; b->sel != 0 && guard < 4; guard++)
			play(&t, "<Tab>");
		if (b->sel != 0) {
			print_screen(t.c);
			fail_msg("%s: Tab does not reach the cell", b->slug);
		}
		const LessonBlock *blk = app_cell_block(app, b, 0);
		int line = refused_line(blk);
		if (blk->kind == LESSON_QUIZ)
			play(&t, "<Enter>1<Enter>");   /* a predict quiz runs its line once answered */
		else
			play(&t, "<Enter>");
		CellState *cs = &b->cells[0];
		assert_non_null(cs->cur);
		assert_true(cs->cur->refused);
		char want[256];
		snprintf(want, sizeof want, "%s" HOSTILE "/%s/%s.md:%d", not_run, lang, b->slug, line);
		assert_screen_has(&t, want);
		assert_screen_lacks(&t, "SECRET-LESSON");   /* what grad would have shown of secret.json */
		/* Parameters moved, the plot asked for, the cell run again: still nothing runs. */
		play(&t, blk->kind == LESSON_QUIZ ? "p" : "lhhp<Enter><Enter>");
		assert_int_equal(calls, 0);
		play(&t, "q");
	}
	stop(&t);
	if (calls)
		fail_msg("the book ran %d refused command(s): %s", calls, called);
	assert_nothing_written();
	remove_written();
}

static void test_refused_english(void **state)
{
	(void)state;
	every_cell_refused("en", "Not run: ");
}

static void test_refused_chinese(void **state)
{
	(void)state;
	every_cell_refused("zh", "未运行：");
}

/* The words of a refusal, in the Chinese book: the reason too, not only its frame. */
static void test_refusal_words(void **state)
{
	(void)state;
	T t;
	fixture_init(&t, "/tmp/gradlab-book-rule-XXXXXX", HOSTILE, recording_run);
	open_book(&t, "zh", TW_UTF8, 24, 120);
	App *app = t.app;
	app->toc_sel = 4;   /* 05-csv */
	play(&t, "<Enter>g<Tab><Enter>");
	assert_screen_has(&t, "“--csv”由教科书决定");
	play(&t, "q");
	app->toc_sel = 0;   /* 01-book */
	play(&t, "<Enter>g<Tab><Enter>");
	assert_screen_has(&t, "课程不能运行“book”");
	stop(&t);
}

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_english),
		cmocka_unit_test(test_refused_chinese),
		cmocka_unit_test(test_refusal_words),
	};
	return cmocka_run_group_tests_name("ui hostile lessons", tests, NULL, NULL);
}
