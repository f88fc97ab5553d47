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
#include "ui_fixture.h"

#include "cli/commands.h"
#include "core/mem.h"

#include <dirent.h>
#include <sys/stat.h>

/* {==== The book on a canvas ==== */

/* The lessons in dir (the real book: "lessons") opened in mode at rows x cols, drawn. */
static void open_mode(T *t, const char *dir, UiRun run, const char *lang, TwMode mode, int rows,
		      int cols)
{
	fixture_init(t, "/tmp/gradlab-walk-XXXXXX", dir, run);
	open_book(t, lang, mode, rows, cols);
	play(t, "");
}

static void open_w(T *t, const char *dir, UiRun run, const char *lang, int rows, int cols)
{
	open_mode(t, dir, run, lang, TW_UTF8, rows, cols);
}

/* Open the lesson whose slug starts with prefix, at its top. */
static Book *open_lesson(T *t, const char *prefix)
{
	for (int i = 0; i < t->app->n_books; i++)
		if (strncmp(t->app->books[i].slug, prefix, strlen(prefix)) == 0) {
			t->app->toc_sel = i;
			play(t, "\ng");
			assert_ptr_equal(t->app->screen, &screen_reader);
			return &t->app->books[i];
		}
	fail_msg("no lesson %s", prefix);
	return NULL;
}

/* The index of the n-th cell (from 1) of kind in the book. */
static int nth_cell(T *t, Book *b, LessonBlockKind kind, int n)
{
	for (int k = 0; k < b->n_cells; k++) {
		const LessonBlock *blk = app_cell_block(t->app, b, k);
		if (blk && blk->kind == kind && --n == 0)
			return k;
	}
	fail_msg("%s has too few cells of kind %d", b->slug, (int)kind);
	return -1;
}

/* Tab until cell k is selected. */
static void select_cell(T *t, Book *b, int k)
{
	for (int i = 0; i < 200 && b->sel != k; i++)
		play(t, b->sel < k ? "<Tab>" : "<BTab>");
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

	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	open_lesson(&t, "05");
	play(&t, "/blogs write\n");
	assert_screen_has(&t, "z_t \xE2\x8A\x99 h\xCC\x83_t");
	stop(&t);
}

/* p was offered for every experiment; gradlab unroll, bptt and check draw no plot. */
static void test_plot_hint_only_where_a_plot_is(void **state)
{
	(void)state;
	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&t, "02");
	select_cell(&t, b, nth_cell(&t, b, LESSON_EXPERIMENT, 1));   /* unroll */
	assert_screen_lacks(&t, "p plot");
	assert_screen_has(&t, "Enter run");
	play(&t, "q");
	b = open_lesson(&t, "01");
	select_cell(&t, b, nth_cell(&t, b, LESSON_EXPERIMENT, 1));   /* curves */
	assert_screen_has(&t, "p plot");
	stop(&t);
}

/* "Press Enter to answer again" after a choice answered by its letter: the first Enter did
 * nothing, always, as if it were typed with the letter. Only an Enter right after the
 * letter is taken for that. */
static void test_enter_after_a_choice(void **state)
{
	(void)state;
	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&t, "01");
	int k = nth_cell(&t, b, LESSON_QUIZ, 3);
	assert_int_equal(app_cell_block(t.app, b, k)->cell.kind, LESSON_QUIZ_CHOICE);
	select_cell(&t, b, k);
	play(&t, "\na\n");   /* the letter and an Enter typed with it */
	assert_string_equal(b->cells[k].answer, "a");
	assert_int_equal(t.app->input, INPUT_NONE);
	assert_screen_has(&t, "Press Enter to answer again.");
	/* The learner reads the explanation, then presses Enter: the answer opens. */
	play(&t, "\na");
	t.app->swallow_until -= 60;
	play(&t, "\n");
	assert_int_equal(t.app->input, INPUT_QUIZ);
	assert_screen_has(&t, "Your answer:");
	play(&t, "c");
	assert_string_equal(b->cells[k].answer, "c");
	assert_true(b->cells[k].correct);
	stop(&t);
}

/* A cell whose frame is at the foot of the screen: its parameter changed, its new output
 * stayed below the screen and nothing seemed to happen. */
static void test_parameter_change_shows_the_output(void **state)
{
	(void)state;
	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&t, "01");
	int k = nth_cell(&t, b, LESSON_EXPERIMENT, 1);
	select_cell(&t, b, k);
	play(&t, "\n");
	assert_screen_has(&t, "$ gradlab curves --act sigmoid,tanh");
	/* Scroll back until only the frame and the caption show at the foot. */
	int v = t.app->rows - 2;
	for (int i = 0; i < 200 && t.app->lay.cell_first[k] < t.app->top + v - 2; i++)
		play(&t, "k");
	assert_int_equal(t.app->lay.cell_first[k], t.app->top + v - 2);
	assert_int_equal(b->sel, k);
	assert_screen_lacks(&t, "$ gradlab curves");
	play(&t, "l");
	assert_screen_has(&t, "$ gradlab curves --act sigmoid,tanh --from -5.5 --to 6");
	assert_screen_has(&t, "sigmoid    max |f'|");
	stop(&t);
}

/* Paging down left the selection on a quiz of which only the last lines showed at the top,
 * while the experiment below said "Press Enter to run it here": Enter opened the quiz. */
static void test_selection_follows_the_reader(void **state)
{
	(void)state;
	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&t, "01");
	int quiz = nth_cell(&t, b, LESSON_QUIZ, 3), exp = nth_cell(&t, b, LESSON_EXPERIMENT, 1);
	assert_int_equal(exp, quiz + 1);
	select_cell(&t, b, quiz);
	const Layout *L = &t.app->lay;
	for (int i = 0; i < 200 && t.app->top < L->cell_last[quiz] - 2; i++)
		play(&t, "j");
	assert_int_equal(t.app->top, L->cell_last[quiz] - 2);   /* its last three rows */
	assert_true(L->cell_last[exp] < t.app->top + t.app->rows - 2);   /* all of it */
	assert_int_equal(b->sel, exp);
	play(&t, "\n");
	assert_int_equal(t.app->input, INPUT_NONE);
	assert_true(b->cells[exp].shown);
	assert_screen_has(&t, "sigmoid    max |f'|");
	/* Its top scrolled away while its plot fills the screen: it stays selected. */
	for (int i = 0; i < 200 && t.app->top <= L->cell_first[exp] + 10; i++)
		play(&t, "j");
	assert_int_equal(b->sel, exp);
	int top = t.app->top;
	play(&t, "l");
	assert_non_null(strstr(b->cells[exp].cur->command, "--from -5.5 --to 6"));
	assert_int_equal(t.app->top, top);   /* the plot stays where the learner looks */
	stop(&t);
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

/* A lessons folder, made in dir (64 bytes), with one lesson of one experiment, in both
 * languages. */
static void make_book(char *dir)
{
	static const char en[] = "# Reflow\n\nText.\n\n```experiment\nrun: sweep\n```\n";
	static const char zh[] = "# 重排\n\n正文。\n\n```experiment\nrun: sweep\n```\n";
	char p[256];
	snprintf(dir, 64, "/tmp/gradlab-walk-book-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/en", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/zh", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/en/01-reflow.md", dir);
	write_file(p, en);
	snprintf(p, sizeof p, "%s/zh/01-reflow.md", dir);
	write_file(p, zh);
}

/* The footnote of gradlab norms is written for 80 columns: in the 76 of a cell its second
 * line left "over" alone on a row. */
static void test_output_reflows_as_paragraphs(void **state)
{
	(void)state;
	T t;
	char dir[64];
	make_book(dir);
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
	open_w(&t, dir, fake_run, "en", 40, 80);
	Book *b = open_lesson(&t, "01");
	select_cell(&t, b, 0);
	play(&t, "\n");
	assert_screen_has(&t, "over units of the forget (LSTM)");
	assert_screen_has(&t, "direct path. (every 2-th step shown; --format csv gives all)");
	/* Aligned lines keep their own rows. */
	assert_screen_has(&t, "\xE2\x94\x83 leaky_relu max |f'| = 1");
	assert_screen_lacks(&t, "at 9 leaky_relu");
	/* An indented line does not take the next one either. */
	assert_screen_has(&t, "\xE2\x94\x83 next, not a continuation");
	/* And no word is left alone. */
	char row[4096];
	for (int y = 0; y < t.c->rows; y++) {
		canvas_mem_row(t.c, y, row, sizeof row);
		if (strcmp(row, " \xE2\x94\x83 over") == 0 || strcmp(row, " \xE2\x94\x83 path.") == 0) {
			print_screen(t.c);
			fail_msg("row %d holds one word: %s", y, row);
		}
	}
	stop(&t);
	rm_tree(dir);
}

/* }==== */

/* {==== The lessons themselves ==== */

/* The summary table of lesson 01 was 79 columns and wrapped in an 80-column terminal. */
static void test_code_blocks_fit_80_columns(void **state)
{
	(void)state;
	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	int x0, width;
	app_text_column(t.app, &x0, &width);
	int room = width - 2;   /* code is indented by two columns */
	int checked = 0;
	for (int i = 0; i < t.app->n_books; i++)
		for (int lang = 0; lang < LANG_COUNT; lang++) {
			const Lesson *l = t.app->books[i].l[lang];
			assert_non_null(l);
			for (int j = 0; j < l->n_blocks; j++) {
				const LessonBlock *blk = &l->blocks[j];
				if (blk->kind != LESSON_CODE)
					continue;
				for (int n = 0; n < blk->n_lines; n++) {
					int cols = utf8_width(blk->lines[n], strlen(blk->lines[n]), 0);
					checked++;
					if (cols > room)
						fail_msg("%s line %d: %d columns, more than the %d of an "
							 "80-column terminal: %s",
							 l->file, blk->line + 1 + n, cols, room, blk->lines[n]);
				}
			}
		}
	assert_true(checked > 100);
	stop(&t);
}

/* The column of the first occurrence of what in s, counted as written (narrow). */
static int column_of(const char *s, const char *what)
{
	const char *p = strstr(s, what);
	assert_non_null(p);
	return utf8_width(s, (size_t)(p - s), 0);
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
	T t;
	open_mode(&t, "lessons", cli_run, "en", TW_ASCII, 24, 80);
	open_lesson(&t, "01");
	play(&t, "G");
	static const char *const rows[][2] = { { " sigmoid ", "both tails" },
						{ " tanh ", "both tails" },
						{ " relu ", "x <= 0 (dead)" } };
	int col[3] = { -1, -2, -3 };
	char row[4096];
	for (int y = 0; y < t.c->rows; y++) {
		canvas_mem_row(t.c, y, row, sizeof row);
		for (int i = 0; i < 3; i++)
			if (strstr(row, rows[i][0]) && strstr(row, rows[i][1]))
				col[i] = column_of(row, rows[i][1]);
	}
	if (col[0] < 0 || col[0] != col[1] || col[0] != col[2]) {
		print_screen(t.c);
		fail_msg("the last column is at %d, %d and %d", col[0], col[1], col[2]);
	}
	stop(&t);
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
	assert_int_equal(n_lessons, 10); /* 01-10 once lessons 07-10 (issue 14) are all merged */
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
						if ((q[2] >= '0' && q[2] <= '9') ||
						    (m == 2 && strncmp(q + 2, " 课", strlen(" 课")) != 0))
							continue; /* 第 214 次, 第 40 次迭代: counts */
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
	T t;
	open_w(&t, "lessons", cli_run, "en", 24, 80);
	Book *b = open_lesson(&t, "01");
	int k = nth_cell(&t, b, LESSON_QUIZ, 1);
	assert_string_equal(app_cell_block(t.app, b, k)->cell.run.s, "curves --act sigmoid --from 0 --to 0");
	select_cell(&t, b, k);
	play(&t, "\n0.25\n");
	assert_true(b->cells[k].correct);
	play(&t, "p");
	assert_screen_has(&t, "No plot for these values");
	assert_screen_lacks(&t, "Saved");
	stop(&t);
}

/* q on the too-small screen leaves the book: the screen says so. */
static void test_too_small_says_how_to_leave(void **state)
{
	(void)state;
	T t;
	open_w(&t, "lessons", cli_run, "en", 10, 30);
	assert_screen_has(&t, "Please enlarge");
	assert_screen_has(&t, "q quits.");
	play(&t, "L");
	assert_screen_has(&t, "按 q");
	play(&t, "q");
	assert_true(app_done(t.app));
	stop(&t);
}

int main(void)
{
	fixture_environment();
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
