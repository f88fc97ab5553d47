/* test_ui_walkthrough: what a newcomer reading the real book found broken, each pinned by a
 * headless test through the in-memory canvas (80x24 unless said). A combining mark stays on
 * its letter (h̃_t was shown as h_t); p is offered only where the command draws a plot; an
 * Enter typed out of habit right after a choice answered by its key is ignored, a later
 * one answers again, as the hint says; changing a parameter of a cell at the foot of the
 * screen brings its new output into view; the selection follows the page, so Enter runs
 * the experiment being read, not the quiz scrolled away; command output written for 80 columns reflows
 * as paragraphs instead of leaving a word alone on a row, while aligned lines stay apart;
 * every code block of every lesson fits an 80-column terminal, and its tables keep their
 * columns where ASCII spells σ as sigma; lessons refer only to
 * lessons that exist; p says so when a run draws no plot; the too-small screen says how
 * to leave. */
#include "test_util.h"

#include "cli/commands.h"
#include "core/mem.h"
#include "ui/app.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* {==== The book on a canvas ==== */

typedef struct W {
	App *app;
	Canvas *c;
	char state[64];
	char dir[64];   /* a lessons folder made by the test, "" for the real one */
} W;

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		unlink(path);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char p[512];
			snprintf(p, sizeof p, "%s/%s", path, e->d_name);
			remove_tree(p);
		}
	closedir(d);
	rmdir(path);
}

static void open_mode(W *w, const char *dir, UiRun run, const char *lang, TwMode mode, int rows,
		      int cols)
{
	snprintf(w->state, sizeof w->state, "/tmp/gradlab-walk-XXXXXX");
	assert_non_null(mkdtemp(w->state));
	UiOptions o = { 0 };
	o.dir = dir;
	o.state_dir = w->state;
	o.lang = lang;
	o.utf8 = mode != TW_ASCII;
	o.ascii = mode == TW_ASCII;
	o.ambiguous_wide = mode == TW_AMBIGUOUS_WIDE;
	o.display = 0;
	o.run = run;
	char err[512] = "";
	w->app = app_new(&o, err, sizeof err);
	if (!w->app)
		fail_msg("app_new: %s", err);
	w->c = canvas_mem_new(rows, cols);
	assert_non_null(w->c);
	app_resize(w->app, rows, cols);
	app_draw(w->app, w->c);
}

static void open_w(W *w, const char *dir, UiRun run, const char *lang, int rows, int cols)
{
	open_mode(w, dir, run, lang, TW_UTF8, rows, cols);
}

static void close_w(W *w)
{
	assert_int_equal(app_close(w->app), ST_OK);
	canvas_mem_free(w->c);
	remove_tree(w->state);
	if (w->dir[0])
		remove_tree(w->dir);
}

static void keys(W *w, const char *s)
{
	for (; *s; s++)
		app_key(w->app, (unsigned char)*s);
	app_draw(w->app, w->c);
}

static void key(W *w, int k)
{
	app_key(w->app, k);
	app_draw(w->app, w->c);
}

static int screen_has(const Canvas *c, const char *what)
{
	char row[4096];
	for (int y = 0; y < c->rows; y++) {
		canvas_mem_row(c, y, row, sizeof row);
		if (strstr(row, what))
			return 1;
	}
	return 0;
}

static void dump(const Canvas *c)
{
	char row[4096];
	for (int y = 0; y < c->rows; y++) {
		canvas_mem_row(c, y, row, sizeof row);
		print_message("|%s\n", row);
	}
}

#define assert_screen(w, what, want)                                                           \
	do {                                                                                   \
		if (screen_has((w)->c, (what)) != (want)) {                                    \
			dump((w)->c);                                                          \
			fail_msg("the screen %s \"%s\"", (want) ? "lacks" : "shows", (what));  \
		}                                                                              \
	} while (0)

/* Open the lesson whose slug starts with prefix, at its top. */
static Book *open_lesson(W *w, const char *prefix)
{
	for (int i = 0; i < w->app->n_books; i++)
		if (strncmp(w->app->books[i].slug, prefix, strlen(prefix)) == 0) {
			w->app->toc_sel = i;
			key(w, '\n');
			key(w, 'g');
			assert_ptr_equal(w->app->screen, &screen_reader);
			return &w->app->books[i];
		}
	fail_msg("no lesson %s", prefix);
	return NULL;
}

/* The index of the n-th cell (from 1) of kind in the book. */
static int nth_cell(W *w, Book *b, LessonBlockKind kind, int n)
{
	for (int k = 0; k < b->n_cells; k++) {
		const LessonBlock *blk = app_cell_block(w->app, b, k);
		if (blk && blk->kind == kind && --n == 0)
			return k;
	}
	fail_msg("%s has too few cells of kind %d", b->slug, (int)kind);
	return -1;
}

/* Tab until cell k is selected. */
static void select_cell(W *w, Book *b, int k)
{
	for (int i = 0; i < 200 && b->sel != k; i++)
		key(w, b->sel < k ? '\t' : UI_KEY_BTAB);
	assert_int_equal(b->sel, k);
}

/* }==== */

/* The tilde of h̃_t (h and U+0303) was dropped, turning a textbook's GRU formula into
 * h_t = z_t ⊙ h_t + ... */
static void test_combining_marks(void **state)
{
	(void)state;
	Canvas *c = canvas_mem_new(2, 12);
	assert_non_null(c);
	canvas_str(c, 0, 0, 12, "h\xCC\x83_t = y\xCC\x82", UI_NORMAL);
	char row[64];
	canvas_mem_row(c, 0, row, sizeof row);
	assert_string_equal(row, "h\xCC\x83_t = y\xCC\x82");
	/* Cut at the edge: a mark whose letter is not drawn goes with it. */
	canvas_str(c, 1, 0, 1, "ah\xCC\x83", UI_NORMAL);
	canvas_mem_row(c, 1, row, sizeof row);
	assert_string_equal(row, "a");
	canvas_mem_free(c);

	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	open_lesson(&w, "05");
	keys(&w, "/blogs write\n");
	assert_screen(&w, "z_t \xE2\x8A\x99 h\xCC\x83_t", 1);
	close_w(&w);
}

/* p was offered for every experiment; gradlab unroll, bptt and check draw no plot. */
static void test_plot_hint_only_where_a_plot_is(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&w, "02");
	select_cell(&w, b, nth_cell(&w, b, LESSON_EXPERIMENT, 1));   /* unroll */
	assert_screen(&w, "p plot", 0);
	assert_screen(&w, "Enter run", 1);
	key(&w, 'q');
	b = open_lesson(&w, "01");
	select_cell(&w, b, nth_cell(&w, b, LESSON_EXPERIMENT, 1));   /* curves */
	assert_screen(&w, "p plot", 1);
	close_w(&w);
}

/* "Press Enter to answer again" after a choice answered by its letter: the first Enter did
 * nothing, always, as if it were typed with the letter. Only an Enter right after the
 * letter is taken for that. */
static void test_enter_after_a_choice(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&w, "01");
	int k = nth_cell(&w, b, LESSON_QUIZ, 3);
	assert_int_equal(app_cell_block(w.app, b, k)->cell.kind, LESSON_QUIZ_CHOICE);
	select_cell(&w, b, k);
	keys(&w, "\na\n");   /* the letter and an Enter typed with it */
	assert_string_equal(b->cells[k].answer, "a");
	assert_int_equal(w.app->input, INPUT_NONE);
	assert_screen(&w, "Press Enter to answer again.", 1);
	/* The learner reads the explanation, then presses Enter: the answer opens. */
	keys(&w, "\na");
	w.app->swallow_until -= 60;
	key(&w, '\n');
	assert_int_equal(w.app->input, INPUT_QUIZ);
	assert_screen(&w, "Your answer:", 1);
	keys(&w, "c");
	assert_string_equal(b->cells[k].answer, "c");
	assert_true(b->cells[k].correct);
	close_w(&w);
}

/* A cell whose frame is at the foot of the screen: its parameter changed, its new output
 * stayed below the screen and nothing seemed to happen. */
static void test_parameter_change_shows_the_output(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&w, "01");
	int k = nth_cell(&w, b, LESSON_EXPERIMENT, 1);
	select_cell(&w, b, k);
	key(&w, '\n');
	assert_screen(&w, "$ gradlab curves --act sigmoid,tanh", 1);
	/* Scroll back until only the frame and the caption show at the foot. */
	int v = w.app->rows - 2;
	for (int i = 0; i < 200 && w.app->lay.cell_first[k] < w.app->top + v - 2; i++)
		key(&w, 'k');
	assert_int_equal(w.app->lay.cell_first[k], w.app->top + v - 2);
	assert_int_equal(b->sel, k);
	assert_screen(&w, "$ gradlab curves", 0);
	key(&w, 'l');
	assert_screen(&w, "$ gradlab curves --act sigmoid,tanh --from -5.5 --to 6", 1);
	assert_screen(&w, "sigmoid    max |f'|", 1);
	close_w(&w);
}

/* Paging down left the selection on a quiz of which only the last lines showed at the top,
 * while the experiment below said "Press Enter to run it here": Enter opened the quiz. */
static void test_selection_follows_the_reader(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&w, "01");
	int quiz = nth_cell(&w, b, LESSON_QUIZ, 3), exp = nth_cell(&w, b, LESSON_EXPERIMENT, 1);
	assert_int_equal(exp, quiz + 1);
	select_cell(&w, b, quiz);
	const Layout *L = &w.app->lay;
	for (int i = 0; i < 200 && w.app->top < L->cell_last[quiz] - 2; i++)
		key(&w, 'j');
	assert_int_equal(w.app->top, L->cell_last[quiz] - 2);   /* its last three rows */
	assert_true(L->cell_last[exp] < w.app->top + w.app->rows - 2);   /* all of it */
	assert_int_equal(b->sel, exp);
	key(&w, '\n');
	assert_int_equal(w.app->input, INPUT_NONE);
	assert_true(b->cells[exp].shown);
	assert_screen(&w, "sigmoid    max |f'|", 1);
	/* Its top scrolled away while its plot fills the screen: it stays selected. */
	for (int i = 0; i < 200 && w.app->top <= L->cell_first[exp] + 10; i++)
		key(&w, 'j');
	assert_int_equal(b->sel, exp);
	int top = w.app->top;
	key(&w, 'l');
	assert_non_null(strstr(b->cells[exp].cur->command, "--from -5.5 --to 6"));
	assert_int_equal(w.app->top, top);   /* the plot stays where the learner looks */
	close_w(&w);
}

/* {==== Output reflow ==== */

static const char *fake_output;

static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argc;
	(void)argv;
	(void)err;
	fputs(fake_output, out);
	return 0;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A lessons folder with one lesson of one experiment, in both languages. */
static void make_book(W *w)
{
	static const char en[] = "# Reflow\n\nText.\n\n```experiment\nrun: sweep\n```\n";
	static const char zh[] = "# 重排\n\n正文。\n\n```experiment\nrun: sweep\n```\n";
	char p[256];
	snprintf(w->dir, sizeof w->dir, "/tmp/gradlab-walk-book-XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	snprintf(p, sizeof p, "%s/en", w->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/zh", w->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/01-reflow.md", w->dir);
	write_text(p, en);
	snprintf(p, sizeof p, "%s/zh/01-reflow.md", w->dir);
	write_text(p, zh);
}

/* The footnote of gradlab norms is written for 80 columns: in the 76 of a cell its second
 * line left "over" alone on a row. */
static void test_output_reflows_as_paragraphs(void **state)
{
	(void)state;
	W w = { 0 };
	make_book(&w);
	fake_output =
		"bound: prod over later steps of\n"
		"||W_hh|| max|f'(a_s)|, which the ratio cannot exceed. prod f, prod z: mean over\n"
		"units of the forget (LSTM) or update (GRU) gates multiplied along the direct path.\n"
		"(every 2-th step shown; --format csv gives all)\n"
		"\n"
		"relu       max |f'| = 1; f' < 0.01 (saturated) at 9 of 17 points; f' = 0 exactly (dead) at 9\n"
		"leaky_relu max |f'| = 1\n"
		"  an indented line that is much longer than the cell and has to wrap, somewhere\n"
		"next, not a continuation\n";
	open_w(&w, w.dir, fake_run, "en", 40, 80);
	Book *b = open_lesson(&w, "01");
	select_cell(&w, b, 0);
	key(&w, '\n');
	assert_screen(&w, "over units of the forget (LSTM)", 1);
	assert_screen(&w, "direct path. (every 2-th step shown; --format csv gives all)", 1);
	/* Aligned lines keep their own rows. */
	assert_screen(&w, "\xE2\x94\x83 leaky_relu max |f'| = 1", 1);
	assert_screen(&w, "at 9 leaky_relu", 0);
	/* An indented line does not take the next one either. */
	assert_screen(&w, "\xE2\x94\x83 next, not a continuation", 1);
	/* And no word is left alone. */
	char row[4096];
	for (int y = 0; y < w.c->rows; y++) {
		canvas_mem_row(w.c, y, row, sizeof row);
		if (strcmp(row, " \xE2\x94\x83 over") == 0 || strcmp(row, " \xE2\x94\x83 path.") == 0) {
			dump(w.c);
			fail_msg("row %d holds one word: %s", y, row);
		}
	}
	close_w(&w);
}

/* }==== */

/* {==== The lessons themselves ==== */

/* The summary table of lesson 01 was 79 columns and wrapped in an 80-column terminal. */
static void test_code_blocks_fit_80_columns(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	int x0, width;
	app_text_column(w.app, &x0, &width);
	int room = width - 2;   /* code is indented by two columns */
	int checked = 0;
	for (int i = 0; i < w.app->n_books; i++)
		for (int lang = 0; lang < UI_N_LANGS; lang++) {
			const Lesson *l = w.app->books[i].l[lang];
			assert_non_null(l);
			for (int j = 0; j < l->n_blocks; j++) {
				const LessonBlock *blk = &l->blocks[j];
				if (blk->kind != LESSON_CODE)
					continue;
				for (int n = 0; n < blk->n_lines; n++) {
					int cols = tw_width(blk->lines[n], strlen(blk->lines[n]), 0);
					checked++;
					if (cols > room)
						fail_msg("%s line %d: %d columns, more than the %d of an "
							 "80-column terminal: %s",
							 l->file, blk->line + 1 + n, cols, room, blk->lines[n]);
				}
			}
		}
	assert_true(checked > 100);
	close_w(&w);
}

/* The column of the first occurrence of what in s, counted as written (narrow). */
static int column_of(const char *s, const char *what)
{
	const char *p = strstr(s, what);
	assert_non_null(p);
	return tw_width(s, (size_t)(p - s), 0);
}

/* In ASCII and ambiguous-wide modes σ is spelt "sigma": the summary table of lesson 01
 * lost its columns (every column after σ shifted right, and rows wrapped). */
static void test_tables_keep_their_columns(void **state)
{
	(void)state;
	static const char line[] = " sigmoid  \xCF\x83(1\xE2\x88\x92\xCF\x83)          1/4     both";
	int want = column_of(line, "1/4");
	for (int mode = TW_AMBIGUOUS_WIDE; mode <= TW_ASCII; mode++) {
		char *plain = tw_display(line, strlen(line), (TwMode)mode, NULL);
		char *al = tw_display_aligned(line, strlen(line), (TwMode)mode, NULL);
		assert_non_null(plain);
		assert_non_null(al);
		assert_non_null(strstr(al, "sigma(1"));
		assert_int_not_equal(column_of(plain, "1/4"), want);   /* what it was */
		assert_int_equal(column_of(al, "1/4"), want);
		assert_int_equal(column_of(al, "both"), column_of(line, "both"));
		mem_free(plain);
		mem_free(al);
	}
	/* The real table, in ASCII: the last column of the sigmoid, tanh and relu rows. */
	W w = { 0 };
	open_mode(&w, "lessons", cli_run, "en", TW_ASCII, 24, 80);
	open_lesson(&w, "01");
	key(&w, 'G');
	static const char *const rows[][2] = { { " sigmoid ", "both tails" },
						{ " tanh ", "both tails" },
						{ " relu ", "x <= 0 (dead)" } };
	int col[3] = { -1, -2, -3 };
	char row[4096];
	for (int y = 0; y < w.c->rows; y++) {
		canvas_mem_row(w.c, y, row, sizeof row);
		for (int i = 0; i < 3; i++)
			if (strstr(row, rows[i][0]) && strstr(row, rows[i][1]))
				col[i] = column_of(row, rows[i][1]);
	}
	if (col[0] < 0 || col[0] != col[1] || col[0] != col[2]) {
		dump(w.c);
		fail_msg("the last column is at %d, %d and %d", col[0], col[1], col[2]);
	}
	close_w(&w);
}

/* Lesson 02 sent the reader to lessons 07 and 10, which the book does not have. */
static void test_references_to_lessons_exist(void **state)
{
	(void)state;
	static const char *const langs[] = { "en", "zh" };
	int n_lessons = 0, refs = 0;
	DIR *d = opendir("lessons/en");
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		n_lessons += strlen(e->d_name) > 3 && strcmp(e->d_name + strlen(e->d_name) - 3, ".md") == 0;
	closedir(d);
	assert_int_equal(n_lessons, 6);
	for (int li = 0; li < 2; li++) {
		char path[256];
		snprintf(path, sizeof path, "lessons/%s", langs[li]);
		d = opendir(path);
		assert_non_null(d);
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char file[512];
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			FILE *f = fopen(file, "r");
			assert_non_null(f);
			char line[4096];
			for (int no = 1; fgets(line, sizeof line, f); no++) {
				/* "lesson 04", "lessons 03", "第 04 课" */
				static const char *const marks[] = { "lesson ", "lessons ", "第 " };
				for (int m = 0; m < 3; m++)
					for (const char *p = line; (p = strstr(p, marks[m])); p++) {
						const char *q = p + strlen(marks[m]);
						if (q[0] < '0' || q[0] > '9' || q[1] < '0' || q[1] > '9')
							continue;
						int n = (q[0] - '0') * 10 + (q[1] - '0');
						refs++;
						if (n < 1 || n > n_lessons)
							fail_msg("%s:%d refers to lesson %02d; the book has %d: %s",
								 file, no, n, n_lessons, line);
					}
			}
			fclose(f);
		}
		closedir(d);
	}
	assert_true(refs > 10);
}

/* }==== */

/* p on a predict quiz of one point said "Saved ....png", and no file was there: gradlab
 * curves draws nothing for --from 0 --to 0 and still exits 0. */
static void test_plot_of_a_single_point(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&w, "01");
	int k = nth_cell(&w, b, LESSON_QUIZ, 1);
	assert_string_equal(app_cell_block(w.app, b, k)->cell.run.s, "curves --act sigmoid --from 0 --to 0");
	select_cell(&w, b, k);
	keys(&w, "\n0.25\n");
	assert_true(b->cells[k].correct);
	key(&w, 'p');
	assert_screen(&w, "No plot for these values", 1);
	assert_screen(&w, "Saved", 0);
	close_w(&w);
}

/* q on the too-small screen leaves the book: the screen says so. */
static void test_too_small_says_how_to_leave(void **state)
{
	(void)state;
	W w = { 0 };
	open_w(&w, "lessons", cli_run, "en", 10, 30);
	assert_screen(&w, "Please enlarge", 1);
	assert_screen(&w, "q quits.", 1);
	key(&w, 'L');
	assert_screen(&w, "按 q", 1);
	key(&w, 'q');
	assert_true(app_done(w.app));
	close_w(&w);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_plot_hint_only_where_a_plot_is),
		cmocka_unit_test(test_enter_after_a_choice),
		cmocka_unit_test(test_parameter_change_shows_the_output),
		cmocka_unit_test(test_selection_follows_the_reader),
		cmocka_unit_test(test_output_reflows_as_paragraphs),
		cmocka_unit_test(test_code_blocks_fit_80_columns),
		cmocka_unit_test(test_tables_keep_their_columns),
		cmocka_unit_test(test_references_to_lessons_exist),
		cmocka_unit_test(test_plot_of_a_single_point),
		cmocka_unit_test(test_too_small_says_how_to_leave),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
