/* test_ui_lessons: the real book, headless. Every lesson in lessons/ is read in both
 * languages at 80x24 and 50x16, in UTF-8, ASCII and ambiguous-wide modes, through the
 * in-memory canvas: every experiment and check runs in place through cli_run (with its
 * plot), every parameter moves, every quiz is answered right and graded so, and every
 * screen is paged through. Nothing may fail: no command error on screen, no replacement
 * character, only ASCII in ASCII mode, no ambiguous-width character in ambiguous-wide
 * mode. Prints the slowest cell, which must feel live. */
#include "test_util.h"
#include "ui_fixture.h"

#include "cli/commands.h"
#include "core/mem.h"
#include "ui/app.h"

#include <string.h>
#include <time.h>

static double slowest_ms;
static char slowest[256];
static int screens;

/* The status a cell's command must end with: 1, a failing check, for a check of a teaching
 * fault (--broken), whose failure is what the cell shows; 0 for every other. */
static int want_status(const char *command)
{
	return command && strstr(command, " --broken") ? 1 : 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Draw and check what any screen must satisfy. */
static void look(App *app, Canvas *c, TwMode mode, const char *where)
{
	app_draw(app, c);
	screens++;
	char row[4096];
	for (int y = 0; y < c->rows; y++) {
		canvas_mem_row(c, y, row, sizeof row);
		const char *bad = NULL;
		if (strstr(row, "\xEF\xBF\xBD"))
			bad = "a replacement character";
		else if (strstr(row, "exited with status") || strstr(row, "unknown option") ||
			 strstr(row, "cannot run") || strstr(row, "退出状态"))
			bad = "a command error";
		for (const char *p = row; !bad && *p;) {
			size_t at = 0;
			uint32_t cp = utf8_next(p, &at);
			p += at;
			if (mode == TW_ASCII && cp >= 0x80)
				bad = "a character outside ASCII";
			if (mode == TW_AMBIGUOUS_WIDE && utf8_is_ambiguous(cp))
				bad = "an ambiguous-width character";
		}
		if (bad) {
			print_screen(c);
			fail_msg("%s: row %d has %s: %s", where, y, bad, row);
		}
	}
}

static void key(App *app, Canvas *c, TwMode mode, int k, const char *where)
{
	app_key(app, k);
	look(app, c, mode, where);
}

static void type(App *app, Canvas *c, TwMode mode, const char *s, const char *where)
{
	for (; *s; s++)
		app_key(app, (unsigned char)*s);
	look(app, c, mode, where);
}

static void read_book(int lang, TwMode mode, int rows, int cols)
{
	T t;
	fixture_init(&t, "/tmp/gradlab-lessons-XXXXXX", "lessons", cli_run);
	open_book(&t, lang_code(lang), mode, rows, cols);
	App *app = t.app;
	Canvas *c = t.c;
	assert_int_equal(app->n_books, 10); /* 01-10 once lessons 07-10 (issue 14) are all merged */
	look(app, c, mode, "contents");
	for (int i = 0; i < app->n_books; i++) {
		Book *b = &app->books[i];
		char where[256];
		snprintf(where, sizeof where, "%s (%s, %dx%d, mode %d)", b->slug,
			 lang_code(lang), cols, rows, mode);
		assert_null(b->problem);
		assert_non_null(b->l[LANG_EN]);
		assert_non_null(b->l[LANG_ZH]);
		assert_int_equal(b->l[LANG_EN]->n_cells, b->l[LANG_ZH]->n_cells);
		app->toc_sel = i;
		key(app, c, mode, '\n', where);
		assert_ptr_equal(app->screen, &screen_reader);
		key(app, c, mode, 'g', where);
		/* Every cell, in order. */
		for (int k = 0; k < b->n_cells; k++) {
			while (b->sel != k) {
				int before = b->sel;
				key(app, c, mode, '\t', where);
				if (b->sel == before)
					fail_msg("%s: Tab does not reach cell %d", where, k);
			}
			const LessonBlock *blk = app_cell_block(app, b, k);
			CellState *cs = &b->cells[k];
			if (blk->kind == LESSON_QUIZ) {
				key(app, c, mode, '\n', where);
				const char *answer = blk->cell.answer.s;
				double t0 = now_ms();
				if (blk->cell.kind == LESSON_QUIZ_CHOICE) {
					type(app, c, mode, answer, where);
					if (strlen(answer) > 1)
						key(app, c, mode, '\n', where);
				} else {
					type(app, c, mode, answer, where);
					key(app, c, mode, '\n', where);
				}
				double ms = now_ms() - t0;
				if (ms > slowest_ms)
					slowest_ms = ms, snprintf(slowest, sizeof slowest, "%.200s quiz %d", where, k);
				if (!cs->answer || !cs->correct)
					fail_msg("%s: quiz %s answered %s is not graded right", where,
						 blk->cell.id.s, answer);
				assert_int_equal(app->input, INPUT_NONE);
				if (blk->cell.kind == LESSON_QUIZ_PREDICT && blk->cell.run.s) {
					assert_non_null(cs->cur);
					assert_int_equal(cs->cur->status, 0);
				}
				continue;
			}
			double t0 = now_ms();
			key(app, c, mode, '\n', where);
			double ms = now_ms() - t0;
			if (ms > slowest_ms)
				slowest_ms = ms, snprintf(slowest, sizeof slowest, "%.100s cell %d: %.100s", where, k,
							   cs->cur ? cs->cur->command : "?");
			assert_true(cs->shown);
			assert_non_null(cs->cur);
			if (cs->cur->status != want_status(cs->cur->command))
				fail_msg("%s: %s exited %d: %s", where, cs->cur->command, cs->cur->status,
					 cs->cur->err ? cs->cur->err : "");
			/* Each parameter one step each way (or back from the end). */
			for (int v = 0; v < cs->n_vary; v++) {
				key(app, c, mode, 'l', where);
				key(app, c, mode, 'h', where);
				key(app, c, mode, 'h', where);
				if (cs->cur->status != want_status(cs->cur->command))
					fail_msg("%s: %s exited %d", where, cs->cur->command, cs->cur->status);
				key(app, c, mode, 'v', where);
			}
			if (cs->n_vary)
				key(app, c, mode, 'r', where);
		}
		/* Every screen of the lesson, from the top. */
		key(app, c, mode, 'g', where);
		for (int guard = 0; guard < 2000; guard++) {
			int top = app->top;
			key(app, c, mode, UI_KEY_PGDN, where);
			if (app->top == top)
				break;
		}
		int right, total;
		app_quiz_score(app, b, &right, &total);
		assert_int_equal(right, total);
		key(app, c, mode, 'q', where);
	}
	look(app, c, mode, "contents at the end");
	stop(&t);
}

static void test_english_80x24(void **state)
{
	(void)state;
	read_book(LANG_EN, TW_UTF8, 24, 80);
}

static void test_chinese_80x24(void **state)
{
	(void)state;
	read_book(LANG_ZH, TW_UTF8, 24, 80);
}

static void test_english_50x16(void **state)
{
	(void)state;
	read_book(LANG_EN, TW_UTF8, 16, 50);
}

static void test_chinese_50x16(void **state)
{
	(void)state;
	read_book(LANG_ZH, TW_UTF8, 16, 50);
}

static void test_ascii(void **state)
{
	(void)state;
	read_book(LANG_EN, TW_ASCII, 24, 80);
}

static void test_chinese_ambiguous_wide(void **state)
{
	(void)state;
	read_book(LANG_ZH, TW_AMBIGUOUS_WIDE, 24, 80);
}

static int report(void **state)
{
	(void)state;
	print_message("    %d screens checked; slowest cell %.1f ms (%s)\n", screens, slowest_ms,
		      slowest);
	return 0;
}

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_80x24),
		cmocka_unit_test(test_chinese_80x24),
		cmocka_unit_test(test_english_50x16),
		cmocka_unit_test(test_chinese_50x16),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_chinese_ambiguous_wide),
	};
	return cmocka_run_group_tests_name("ui lessons", tests, NULL, report);
}
