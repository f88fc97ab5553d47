/* test_ui_train: the book's live train cell (src/ui/train_cell.c), headless. The fixture
 * lesson tests/data/book-train holds a short run and a long one; the cells run the real
 * `gradlab train` through cli_run. The book's turns (UiPump) come from a script here, one
 * after every iteration (train_slice 0), so what the screen shows at each turn is fixed:
 * the progress line moves, scrolling, the help and the language work while it runs, the
 * keys that would run or leave something say to stop first, Esc stops it with the
 * iterations done so far kept, and a second look at a finished run comes from the cache
 * (R runs it again). Also the lesson rule: train runs, its file options do not. */
#include "test_util.h"
#include "ui_fixture.h"

#include "cli/commands.h"
#include "learn/lesson.h"
#include "ui/app.h"

#include <string.h>

#define TRAIN_BOOK "tests/data/book-train"
#define MAX_TURNS 1000   /* a run that will not stop fails instead of hanging */

typedef struct Step {
	int turn;            /* at this turn (1: before the first iteration) */
	const char *keys;    /* play these */
	void (*check)(T *t, long iter);   /* after them, with the iteration shown before */
} Step;

typedef struct Script {
	T *t;
	const Step *steps;
	int n_steps;
	int turns;
	long last_iter;      /* the iteration on the progress line at the last step */
} Script;

/* The iteration on the progress line ("Training: iteration N of"), -1 when none shows. */
static long progress_iter(const Canvas *c)
{
	char row[2048];
	for (int y = 0; y < c->rows; y++) {
		canvas_mem_row(c, y, row, sizeof row);
		const char *p = strstr(row, "Training: iteration ");
		long n;
		if (p && sscanf(p, "Training: iteration %ld of", &n) == 1)
			return n;
	}
	return -1;
}

static void pump(App *app, void *ctx)
{
	Script *s = ctx;
	s->turns++;
	app_draw(app, s->t->c);
	if (s->turns > MAX_TURNS) {
		app_train_stop(app);
		return;
	}
	for (int i = 0; i < s->n_steps; i++)
		if (s->steps[i].turn == s->turns) {
			long iter = progress_iter(s->t->c);
			s->last_iter = iter;
			play(s->t, s->steps[i].keys);
			if (s->steps[i].check)
				s->steps[i].check(s->t, iter);
		}
}

/* The book open at cell k of the fixture lesson, with the script's turns. */
static void open_at(T *t, Script *s, int k)
{
	fixture_init(t, "/tmp/gradlab-uitrain-XXXXXX", TRAIN_BOOK, cli_run);
	open_book(t, "en", TW_UTF8, 24, 80);
	t->app->pump = pump;
	t->app->pump_ctx = s;
	t->app->train_slice = 0;
	s->t = t;
	play(t, "<Enter>");
	assert_ptr_equal(t->app->screen, &screen_reader);
	Book *b = &t->app->books[t->app->cur];
	for (int i = 0; b->sel != k && i < 10; i++)
		play(t, "<Tab>");
	assert_int_equal(b->sel, k);
}

/* {==== The long run: progress, keys while it runs, Esc ==== */

static int top_before;

static void sees_progress(T *t, long iter)
{
	/* Turn 3 comes after iteration 2: the line is the run's own count, moving. */
	if (iter != 2) {
		print_screen(t->c);
		fail_msg("turn 3 shows iteration %ld, not 2", iter);
	}
	assert_screen_has(t, "of 1000000, loss ");
	assert_screen_has(t, "Esc stops the run");
	top_before = t->app->top;
}

static void scrolled(T *t, long iter)
{
	(void)iter;
	assert_int_equal(t->app->top, top_before - 1);   /* k scrolled up a row */
}

static void busy(T *t, long iter)
{
	(void)iter;
	assert_ptr_equal(t->app->screen, &screen_reader);   /* q did not leave */
	assert_screen_has(t, "A training run is going: Esc stops it first.");
	assert_non_null(t->app->live);
}

static void help_open(T *t, long iter)
{
	(void)iter;
	assert_ptr_equal(t->app->screen, &screen_help);
	assert_screen_has(t, "While a training cell runs");
}

static void help_closed(T *t, long iter)
{
	(void)iter;
	/* Esc on the help closes the help; the run goes on. */
	assert_ptr_equal(t->app->screen, &screen_reader);
	assert_non_null(t->app->live);
}

static void chinese(T *t, long iter)
{
	(void)iter;
	assert_screen_has(t, "训练中：第 ");
}

static void test_progress_keys_and_stop(void **state)
{
	(void)state;
	T t;
	Script s = { 0 };
	static const Step steps[] = {
		{ 3, "", sees_progress },
		{ 3, "k", scrolled },
		{ 4, "q", busy },
		{ 5, "?G", help_open },
		{ 6, "<Esc>", help_closed },
		{ 7, "L", chinese },
		{ 8, "L", NULL },
		{ 9, "<Esc>", NULL },
	};
	s.steps = steps;
	s.n_steps = (int)(sizeof steps / sizeof steps[0]);
	open_at(&t, &s, 1);
	play(&t, "<Enter>");   /* runs until the Esc at turn 9 */
	assert_null(t.app->live);
	assert_int_equal(s.turns, 9);
	long at = s.last_iter;
	assert_int_equal(at, 8);
	Book *b = &t.app->books[t.app->cur];
	CellRun *r = b->cells[1].cur;
	assert_non_null(r);
	assert_true(r->train);
	assert_true(r->stopped);
	assert_false(r->live);
	assert_int_equal(r->points, at);
	char want[128];
	snprintf(want, sizeof want, "interrupted at iteration %ld\n", at);
	if (!r->out || !strstr(r->out, want))
		fail_msg("the output lacks \"%s\":\n%s", want, r->out ? r->out : "(none)");
	/* The command's own final plot of the iterations so far (the book asked for --plot). */
	assert_non_null(strstr(r->out, "gradient norm"));
	assert_int_equal(r->status, 0);
	snprintf(want, sizeof want, "Stopped by you after %ld iterations", at);
	assert_screen_has(&t, want);
	assert_screen_lacks(&t, "Esc stops the run");
	assert_false(t.app->quit);
	stop(&t);
}

/* Ctrl-C while it runs: the run stops with what it learned, then the book ends. */
static void test_ctrl_c_stops_and_quits(void **state)
{
	(void)state;
	T t;
	Script s = { 0 };
	static const Step steps[] = { { 4, "<Ctrl-C>", NULL } };
	s.steps = steps;
	s.n_steps = 1;
	open_at(&t, &s, 1);
	play(&t, "<Enter>");
	assert_int_equal(s.turns, 4);
	assert_true(t.app->quit);
	CellRun *r = t.app->books[t.app->cur].cells[1].cur;
	assert_non_null(r);
	assert_true(r->stopped);
	assert_int_equal(r->points, 3);
	stop(&t);
}

/* Esc before the first iteration: nothing was trained, nothing failed. */
static void test_stop_before_start(void **state)
{
	(void)state;
	T t;
	Script s = { 0 };
	static const Step steps[] = { { 1, "<Esc>", NULL } };
	s.steps = steps;
	s.n_steps = 1;
	open_at(&t, &s, 1);
	play(&t, "<Enter>");
	assert_int_equal(s.turns, 1);
	CellRun *r = t.app->books[t.app->cur].cells[1].cur;
	assert_non_null(r);
	assert_true(r->stopped);
	assert_int_equal(r->points, 0);
	assert_int_equal(r->status, 0);
	assert_screen_has(&t, "Stopped by you after 0 iterations");
	assert_screen_lacks(&t, "exit status");
	stop(&t);
}

/* }==== */

/* {==== The short run: finished, then cached, then R ==== */

static void test_finished_then_cached(void **state)
{
	(void)state;
	T t;
	Script s = { 0 };
	open_at(&t, &s, 0);
	play(&t, "<Enter>");
	/* A turn before the first iteration and one after each of the 40. */
	assert_int_equal(s.turns, 41);
	Book *b = &t.app->books[t.app->cur];
	CellRun *r = b->cells[0].cur;
	assert_non_null(r);
	assert_false(r->stopped);
	assert_non_null(strstr(r->out, "finished: 40 iterations"));
	assert_screen_lacks(&t, "cached");
	/* Closed and opened again: the same result at once, said to be kept. */
	play(&t, "<Enter><Enter>");
	assert_int_equal(s.turns, 41);
	assert_ptr_equal(b->cells[0].cur, r);
	assert_screen_has(&t, "(cached). R runs it again.");
	/* R trains again, and the result is new. */
	play(&t, "R");
	assert_int_equal(s.turns, 82);
	assert_ptr_not_equal(b->cells[0].cur, NULL);
	assert_non_null(strstr(b->cells[0].cur->out, "finished: 40 iterations"));
	assert_screen_lacks(&t, "cached");
	/* Another language is another command line (--lang zh): nothing is kept for it, and
	 * switching does not set a run going; Enter does, and the cell stays open. */
	play(&t, "L");
	assert_int_equal(s.turns, 82);
	assert_true(b->cells[0].shown);
	play(&t, "<Enter>");
	assert_int_equal(s.turns, 123);
	assert_true(b->cells[0].shown);
	assert_non_null(strstr(b->cells[0].cur->command, "--lang zh"));
	/* Back in English: the English run is still kept. */
	play(&t, "L");
	assert_int_equal(s.turns, 123);
	assert_screen_has(&t, "(cached). R runs it again.");
	stop(&t);
}

/* }==== */

/* {==== The rule ==== */

static LessonRunRefusal judge(const char *line)
{
	LessonArgv a = { 0 };
	assert_int_equal(lesson_argv_split(line, &a), ST_OK);
	int word;
	LessonRunRefusal r = lesson_run_judge(&a, LESSON_EXPERIMENT, &word);
	lesson_argv_free(&a);
	return r;
}

static void test_rule(void **state)
{
	(void)state;
	assert_true(lesson_command_allowed("train"));
	assert_int_equal(judge("train adding --iters 10 --cell gru --residual"), LESSON_RUN_OK);
	assert_int_equal(judge("train adding --save /tmp/x"), LESSON_RUN_UNKNOWN_OPTION);
	assert_int_equal(judge("train adding --resume /tmp/x"), LESSON_RUN_UNKNOWN_OPTION);
	assert_int_equal(judge("train adding --log=/tmp/x"), LESSON_RUN_UNKNOWN_OPTION);
	assert_int_equal(judge("train adding --plot png:/tmp/x.png"), LESSON_RUN_BOOK_OPTION);
	assert_int_equal(judge("train adding spirals"), LESSON_RUN_ARGUMENT);
	assert_int_equal(lesson_option_judge("train", "save"), LESSON_RUN_UNKNOWN_OPTION);
	assert_int_equal(lesson_option_judge("train", "lr"), LESSON_RUN_OK);
}

/* }==== */

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_keys_and_stop),
		cmocka_unit_test(test_ctrl_c_stops_and_quits),
		cmocka_unit_test(test_stop_before_start),
		cmocka_unit_test(test_finished_then_cached),
		cmocka_unit_test(test_rule),
	};
	return cmocka_run_group_tests_name("ui train", tests, NULL, NULL);
}
