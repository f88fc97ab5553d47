/* test_ui_screens: the book's screens drawn headlessly (src/ui). An App over the fixture
 * lessons in tests/data/book is driven by key scripts into the in-memory canvas, and each
 * screen is compared with a golden file in tests/golden (80x24, a resized 50x16, English
 * and Chinese, ASCII and ambiguous-wide modes). GRADLAB_UPDATE_GOLDEN=1 rewrites them; read
 * the diff before keeping it. Cells run through a fake command runner, so the screens do
 * not change when the lab commands do; its capabilities are the command table's, less
 * --plot or --lang or with other plot sizes on demand, and it refuses what it does not
 * declare as a real command does. Then behaviour: progress saved and restored, language switching by
 * cell, search, the cache, answers, resizes at any moment, and the fallback without plots. */
#include "test_util.h"
#include "ui_fixture.h"

#include "cli/commands.h"
#include "core/mem.h"
#include "learn/progress.h"
#include "ui/app.h"

#include <string.h>
#include <sys/stat.h>

/* {==== A fake gradlab ==== */

static int fake_calls;
static int fake_plots = 1;   /* 0: the command table says the command takes no plots */
static int fake_langs = 1;   /* 0: the command table says the command takes no --lang */
static UiCaps fake_sizes;    /* min/max cols/rows not 0: the --plot-size it declares */

static const char *opt_value(int argc, char **argv, const char *name)
{
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

/* The command table's capabilities (cli_caps), less what a test takes away, with the sizes
 * a test declares. */
static int fake_caps(int argc, char **argv, UiCaps *c)
{
	int known = cli_caps(argc, argv, c);
	c->plot &= fake_plots;
	c->lang &= fake_langs;
	if (c->plot && fake_sizes.max_cols) {
		c->min_cols = fake_sizes.min_cols;
		c->max_cols = fake_sizes.max_cols;
		c->min_rows = fake_sizes.min_rows;
		c->max_rows = fake_sizes.max_rows;
	}
	return known;
}

/* The command as its declared capabilities have it: what it does not take, or a plot size
 * outside what it accepts, is refused with exit 2, as gradlab's parsers do. */
static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	fake_calls++;
	UiCaps c;
	fake_caps(argc, argv, &c);
	const char *plot = opt_value(argc, argv, "--plot");
	const char *size = opt_value(argc, argv, "--plot-size");
	if (opt_value(argc, argv, "--lang") && !c.lang) {
		fprintf(err, "gradlab %s: unknown option '--lang' (see 'gradlab %s --help')\n", argv[1],
			argv[1]);
		return 2;
	}
	if (plot && !c.plot) {
		fprintf(err, "gradlab %s: unknown option '--plot' (see 'gradlab %s --help')\n", argv[1],
			argv[1]);
		return 2;
	}
	int w = 0, h = 0;
	if (size && (sscanf(size, "%dx%d", &w, &h) != 2 || w < c.min_cols || w > c.max_cols ||
		     h < c.min_rows || h > c.max_rows)) {
		fprintf(err, "gradlab %s: --plot-size must be COLSxROWS, at least %dx%d and at most %dx%d, got '%s'\n",
			argv[1], c.min_cols, c.min_rows, c.max_cols, c.max_rows, size);
		return 2;
	}
	if (strcmp(argv[1], "check") == 0) {
		fprintf(out, "gradient check of %s\nPASS: 6 values in 1 tensor agree\n", argv[2]);
		return 0;
	}
	fprintf(out, "fake %s", argv[1]);
	for (int i = 2; i < argc; i++) {
		if (strncmp(argv[i], "--plot", 6) == 0) {
			i++;
			continue;
		}
		fprintf(out, " %s", argv[i]);
	}
	fputc('\n', out);
	const char *from = opt_value(argc, argv, "--from"), *to = opt_value(argc, argv, "--to");
	double a = from ? atof(from) : 0, b = to ? atof(to) : 0;
	fprintf(out, "       x        f(x)\n");
	for (double x = a; x <= b + 1e-9; x += 1)
		fprintf(out, "%8.3g %11.6f\n", x, x / (1 + (x < 0 ? -x : x)));
	if (plot && strcmp(plot, "text") == 0) {
		fprintf(out, "plot %dx%d\n", w, h);
		for (int i = 0; i < w; i++)
			fputc(i == 0 || i == w - 1 ? '|' : '=', out);
		fputc('\n', out);
	} else if (plot) {
		fprintf(out, "plot to %s\n", plot);
	}
	return 0;
}

/* }==== */

/* {==== Harness ==== */

/* A new app on a fresh state folder, drawn at rows x cols. */
static void start(T *t, const char *lang, TwMode mode, int rows, int cols)
{
	fixture_init(t, "/tmp/gradlab-ui-XXXXXX", BOOK, fake_run);
	t->o.caps = fake_caps;
	fake_plots = 1;
	fake_langs = 1;
	memset(&fake_sizes, 0, sizeof fake_sizes);
	fake_calls = 0;
	open_book(t, lang, mode, rows, cols);
}

static Book *book(T *t, int i)
{
	return &t->app->books[i];
}

/* }==== */

/* {==== Golden screens ==== */

static void test_golden_contents(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "");
	golden(&t, "toc-80x24-en");
	play(&t, "L");
	golden(&t, "toc-80x24-zh");
	play(&t, "<Resize:50x16>");
	golden(&t, "toc-50x16-zh");
	stop(&t);
}

static void test_golden_reader(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Enter>");
	golden(&t, "reader-80x24-en-top");
	/* The experiment on screen is selected: run it, change a parameter, the next one,
	 * change it. */
	play(&t, "<Enter>");
	golden(&t, "reader-80x24-en-experiment");
	play(&t, "llvl");
	golden(&t, "reader-80x24-en-parameters");
	/* The choice quiz, answered wrong: the answer and the why. */
	play(&t, "<Tab><Enter>a");
	golden(&t, "reader-80x24-en-quiz");
	/* The same place in Chinese. */
	play(&t, "L");
	golden(&t, "reader-80x24-zh-quiz");
	play(&t, "g");
	golden(&t, "reader-80x24-zh-top");
	/* Resized while reading. */
	play(&t, "<Resize:50x16>");
	golden(&t, "reader-50x16-zh-top");
	play(&t, "<Tab><Tab>");
	golden(&t, "reader-50x16-zh-quiz");
	play(&t, "L");
	golden(&t, "reader-50x16-en-quiz");
	stop(&t);
}

static void test_golden_help_and_small(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "?");
	golden(&t, "help-80x24-en");
	play(&t, "L");
	golden(&t, "help-80x24-zh");
	play(&t, "<Resize:30x10>");
	golden(&t, "small-30x10-zh");
	play(&t, "L");
	golden(&t, "small-30x10-en");
	stop(&t);
}

static void test_golden_ascii_and_ambiguous(void **state)
{
	(void)state;
	T t;
	start(&t, "zh", TW_ASCII, 24, 80);
	/* No UTF-8: English whatever was asked, and only ASCII on the screen. */
	play(&t, "<Enter><Enter>");
	golden(&t, "reader-80x24-ascii");
	stop(&t);
	start(&t, "zh", TW_AMBIGUOUS_WIDE, 24, 80);
	play(&t, "<Enter>");
	golden(&t, "reader-80x24-zh-ambiguous");
	stop(&t);
}

/* }==== */

/* {==== Behaviour ==== */

/* The answer is graded, shown, saved; the next session finds it, and the position. */
static void test_progress_saved_and_restored(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Enter><Tab><Tab><Enter>0.25<Enter>");
	assert_screen_has(&t, "Correct.");
	assert_screen_has(&t, "Why:");
	char path[128];
	snprintf(path, sizeof path, "%s/progress.json", t.state);
	char *json = slurp(path);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"peak\""));
	assert_non_null(strstr(json, "\"0.25\""));
	free(json);
	int top = t.app->top, sel = book(&t, 0)->sel;
	assert_int_equal(sel, 2);
	play(&t, "q");   /* back to the contents: the position is saved */
	assert_screen_has(&t, "1/3");
	play(&t, "<Enter>j");
	reopen(&t, "en", TW_UTF8);
	/* Quit while reading: the book reopens in the lesson, at the same place. */
	play(&t, "");
	assert_ptr_equal(t.app->screen, &screen_reader);
	assert_int_equal(t.app->top, top + 1);
	assert_int_equal(book(&t, 0)->sel, sel);
	assert_screen_has(&t, "Your answer: 0.25");
	play(&t, "q");
	assert_screen_has(&t, "1/3");
	stop(&t);
}

/* Cells line up between the languages: the selection and the cell on screen survive L. */
static void test_language_keeps_the_cell(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Enter><Tab><Tab>");
	Book *b = book(&t, 0);
	assert_int_equal(b->sel, 2);
	play(&t, "L");
	assert_int_equal(t.app->lang, LANG_ZH);
	assert_int_equal(b->sel, 2);
	assert_screen_has(&t, "sigmoid'(x) 的最大值是多少？");
	play(&t, "L");
	assert_screen_has(&t, "What is the largest value of sigmoid'(x)?");
	stop(&t);
	/* The language is remembered. */
	start(&t, NULL, TW_UTF8, 24, 80);
	play(&t, "L");
	reopen(&t, NULL, TW_UTF8);
	play(&t, "");
	assert_int_equal(t.app->lang, LANG_ZH);
	assert_screen_has(&t, "门与梯度");
	stop(&t);
}

static void test_experiment_runs_and_caches(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Enter>");
	assert_int_equal(fake_calls, 0);   /* nothing runs until asked: startup is instant */
	play(&t, "<Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2 --plot text");
	assert_screen_has(&t, "plot 76x16");
	play(&t, "h");
	assert_int_equal(fake_calls, 2);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -3 --to 2 --plot text");
	assert_screen_has(&t, "fake curves --act tanh --from -3 --to 2");
	play(&t, "l");   /* back to a value seen before: from the cache */
	assert_int_equal(fake_calls, 2);
	assert_screen_has(&t, "--from -2 --to 2");
	play(&t, "vl");
	assert_screen_has(&t, "--act sigmoid");
	play(&t, "r");
	assert_screen_has(&t, "--act tanh --from -2 --to 2");
	assert_screen_has(&t, "Parameters back");
	play(&t, "vlllll");   /* past the end of the range: stays at the last value */
	assert_screen_has(&t, "--from 0 --to 2");
	play(&t, "<Enter>");   /* hide */
	assert_screen_lacks(&t, "plot 76x16");
	assert_screen_has(&t, "Press Enter to run it here.");
	/* A resize re-runs for the new width. */
	play(&t, "<Enter><Resize:60x20>");
	assert_non_null(strstr(book(&t, 0)->cells[0].cur->key, "--plot-size 56x12"));
	/* p without a display saves a PNG under the state folder. */
	play(&t, "p");
	assert_screen_has(&t, "Saved ");
	assert_screen_has(&t, "cell1.png");
	stop(&t);
}

/* A command whose table entry takes no plots: the table alone, asked for once, no plot
 * hint, and p says it draws none. */
static void test_commands_without_plots(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	fake_plots = 0;
	play(&t, "<Enter><Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2");
	assert_screen_lacks(&t, "--plot text");
	assert_screen_lacks(&t, "unknown option");
	assert_screen_lacks(&t, "p plot");
	assert_screen_has(&t, "fake curves --act tanh --from -2 --to 2");
	play(&t, "h");
	assert_int_equal(fake_calls, 2);
	play(&t, "p");
	assert_int_equal(fake_calls, 2);
	assert_screen_has(&t, "cannot draw plots yet");
	stop(&t);
}

/* The Chinese book asks for Chinese output: --lang zh on the commands that take it, and in
 * the command line shown, so that a copy prints the same. A command whose table entry takes
 * no --lang runs once without it, keeps its plot, and its command line does not claim
 * --lang zh; one that takes neither gets neither. */
static void test_chinese_output(void **state)
{
	(void)state;
	T t;
	start(&t, "zh", TW_UTF8, 24, 80);
	play(&t, "<Enter>");
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2 --lang zh");
	assert_int_equal(fake_calls, 0);
	play(&t, "<Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2 --lang zh --plot text");
	assert_screen_has(&t, "fake curves --act tanh --from -2 --to 2 --lang zh");
	assert_screen_has(&t, "plot 76x16");
	/* English again: the English run, not the cached Chinese one. */
	play(&t, "L");
	assert_int_equal(fake_calls, 2);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2 --plot text");
	assert_screen_lacks(&t, "--lang");
	play(&t, "L");
	assert_int_equal(fake_calls, 2);   /* the Chinese run is still cached */
	stop(&t);

	start(&t, "zh", TW_UTF8, 24, 80);
	fake_langs = 0;
	play(&t, "<Enter><Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2 --plot text");
	assert_screen_lacks(&t, "--lang");
	assert_screen_lacks(&t, "unknown option");
	assert_screen_has(&t, "plot 76x16");
	play(&t, "h");
	assert_int_equal(fake_calls, 2);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -3 --to 2 --plot text");
	play(&t, "l");
	assert_int_equal(fake_calls, 2);   /* the first run, from the cache */
	stop(&t);

	start(&t, "zh", TW_UTF8, 24, 80);
	fake_langs = 0;
	fake_plots = 0;
	play(&t, "<Enter><Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2");
	assert_screen_lacks(&t, "--lang");
	assert_screen_lacks(&t, "--plot text");
	assert_screen_lacks(&t, "unknown option");
	stop(&t);
}

/* A terminal with no room for the smallest plot the command accepts (here 80x12: 4 rows
 * to spare, curves takes 8 at least) runs the cell without its plot, in the book's
 * language, says so in one line, and nothing is refused; the plot comes back at the next
 * run once the terminal is larger, still in Chinese. */
static void test_small_terminal_no_plot(void **state)
{
	(void)state;
	T t;
	start(&t, "zh", TW_UTF8, 12, 80);
	play(&t, "<Enter><Tab><Enter>");   /* at this height the cell is not on the first page */
	assert_int_equal(fake_calls, 1);
	const CellRun *r = book(&t, 0)->cells[0].cur;
	assert_non_null(r);
	assert_int_equal(r->status, 0);
	assert_int_equal(r->too_small, 1);
	assert_string_equal(r->key, "curves --act tanh --from -2 --to 2 --lang zh");
	assert_string_equal(r->command, "gradlab curves --act tanh --from -2 --to 2 --lang zh");
	assert_true(!r->err || !r->err[0]);   /* nothing refused */
	assert_screen_has(&t, "fake curves --act tanh --from -2 --to 2 --lang zh");
	assert_screen_has(&t, ui_str(LANG_ZH, S_PLOT_TOO_SMALL));
	play(&t, "h");   /* every run at this size: the same */
	assert_int_equal(fake_calls, 2);
	assert_screen_has(&t, "--from -3 --to 2 --lang zh");
	assert_screen_has(&t, ui_str(LANG_ZH, S_PLOT_TOO_SMALL));
	play(&t, "L");
	assert_screen_has(&t, ui_str(LANG_EN, S_PLOT_TOO_SMALL));
	play(&t, "L<Resize:80x30>");   /* the shown cell runs again, with its plot */
	assert_int_equal(fake_calls, 4);
	r = book(&t, 0)->cells[0].cur;
	assert_int_equal(r->too_small, 0);
	assert_non_null(strstr(r->key, "--lang zh --plot text --plot-size 76x16"));
	assert_screen_lacks(&t, ui_str(LANG_ZH, S_PLOT_TOO_SMALL));
	play(&t, "l");   /* back to the first value: a new run with a plot, not the cached one */
	assert_int_equal(fake_calls, 5);
	assert_screen_has(&t, "$ gradlab curves --act tanh --from -2 --to 2 --lang zh --plot text");
	assert_screen_has(&t, "plot 76x16");
	stop(&t);

	/* Too narrow: the same. */
	start(&t, "en", TW_UTF8, 24, 40);
	fake_sizes = (UiCaps){ .min_cols = 40, .max_cols = 1000, .min_rows = 8, .max_rows = 500 };
	play(&t, "<Enter><Enter>");
	assert_int_equal(fake_calls, 1);
	assert_int_equal(book(&t, 0)->cells[0].cur->status, 0);
	assert_int_equal(book(&t, 0)->cells[0].cur->too_small, 1);
	stop(&t);
}

/* The plot's size comes from the limits the command declares, not from the book's own
 * idea of them: a command that takes 3 to 5 rows and 30 to 40 columns gets a plot of 40x5
 * in a tall terminal and 40x4 in one with 4 rows to spare, where curves would get none. */
static void test_plot_size_within_declared_limits(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 30, 80);
	fake_sizes = (UiCaps){ .min_cols = 30, .max_cols = 40, .min_rows = 3, .max_rows = 5 };
	play(&t, "<Enter><Enter>");
	assert_int_equal(fake_calls, 1);
	assert_screen_has(&t, "plot 40x5");
	play(&t, "<Resize:80x12>");
	assert_int_equal(fake_calls, 2);
	assert_int_equal(book(&t, 0)->cells[0].cur->too_small, 0);
	assert_non_null(strstr(book(&t, 0)->cells[0].cur->key, "--plot-size 40x4"));
	stop(&t);
}

static void test_quizzes(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	/* Choice: a key that is not a choice, then the right letter in capitals. */
	play(&t, "<Enter><Tab><Enter>x<Enter>");
	assert_screen_has(&t, "Type one of: a, b, c");
	play(&t, "<Bksp>B");
	assert_screen_has(&t, "Correct.");
	assert_screen_has(&t, "Your answer: B");
	play(&t, "<Enter>");   /* a habitual Enter after the letter does not reopen it */
	assert_int_equal(t.app->input, INPUT_NONE);
	/* Numeric: not a number, then wrong; Esc leaves the input. */
	play(&t, "<Tab><Enter>abc<Enter>");
	assert_screen_has(&t, "That is not a number");
	play(&t, "<Esc>");
	assert_int_equal(t.app->input, INPUT_NONE);
	play(&t, "<Enter>0.5<Enter>");
	assert_screen_has(&t, "Not quite. Try again");   /* without the answer: test_ui_quiz */
	/* Predict: the guess, then the run. */
	play(&t, "<Tab><Enter>0.78<Enter>");
	assert_screen_has(&t, "Correct.");
	play(&t, "j");
	assert_screen_has(&t, "$ gradlab curves --act tanh --from 0.5 --to 0.5");
	/* One point makes no curve: the book does not ask curves for a plot it would refuse. */
	const CellRun *run = book(&t, 0)->cells[book(&t, 0)->sel].cur;
	assert_non_null(run);
	assert_non_null(strstr(run->key, "--from 0.5 --to 0.5"));
	assert_null(strstr(run->key, "--plot"));
	assert_screen_lacks(&t, "--from 0.5 --to 0.5 --plot text");
	int right, total;
	app_quiz_score(t.app, book(&t, 0), &right, &total);
	assert_int_equal(right, 2);
	assert_int_equal(total, 3);
	stop(&t);
}

static void test_search(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 12, 60);
	play(&t, "<Enter>/DERIVATIVE<Enter>");
	assert_screen_has(&t, "Match 1 of 3");
	int first = t.app->match_row;
	assert_true(first >= t.app->top && first < t.app->top + 10);
	play(&t, "n");
	assert_screen_has(&t, "Match 2 of 3");
	assert_true(t.app->match_row > first);
	play(&t, "nn");
	assert_screen_has(&t, "Match 1 of 3 (the search went round)");
	assert_int_equal(t.app->match_row, first);
	play(&t, "N");
	assert_screen_has(&t, "Match 3 of 3 (the search went round)");
	play(&t, "N");
	assert_screen_has(&t, "Match 2 of 3");
	play(&t, "/nowhere-at-all<Enter>");
	assert_screen_has(&t, "Not found: nowhere-at-all");
	play(&t, "L/换行<Enter>");
	assert_screen_has(&t, "第 1 处，共 1 处");
	stop(&t);
}

static void test_small_and_resize_anywhere(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Resize:39x12>");
	assert_screen_has(&t, "Please enlarge the terminal");
	assert_screen_has(&t, "have 39x12");
	play(&t, "<Resize:40x12>");
	assert_screen_has(&t, "Gates and gradients");
	/* Random keys and sizes: nothing breaks, every row stays in its columns. */
	static const char *const keys[] = {
		"j", "k", "<PgDn>", "<PgUp>", "<Tab>", "<BTab>", "<Enter>", "l", "h", "v", "L",
		"?", "<Esc>", "q", "g", "G", "/", "a", "<Bksp>", "0", "n", "r",
	};
	play_random(&t, keys, sizeof keys / sizeof keys[0], 12345, 600, NULL);
	stop(&t);
}

static void test_eof_and_ctrl_c_quit(void **state)
{
	(void)state;
	T t;
	start(&t, "en", TW_UTF8, 24, 80);
	app_key(t.app, UI_KEY_EOF);
	assert_true(app_done(t.app));
	stop(&t);
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Enter><Ctrl-C>");
	assert_true(app_done(t.app));
	stop(&t);
	start(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Esc>");   /* Esc at the top does not quit; q does */
	assert_false(app_done(t.app));
	play(&t, "q");
	assert_true(app_done(t.app));
	stop(&t);
}

/* A corrupt progress file: set aside, said so, and the book works. */
static void test_corrupt_progress(void **state)
{
	(void)state;
	T t;
	fixture_init(&t, "/tmp/gradlab-ui-XXXXXX", BOOK, fake_run);
	char path[128];
	snprintf(path, sizeof path, "%s/progress.json", t.state);
	write_file(path, "{\"lessons\": {\"01-gates\": ");
	fake_plots = 1;
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "");
	assert_screen_has(&t, "Your progress file could not be read");
	assert_screen_has(&t, "progress.json.corrupt-");
	play(&t, "<Esc>");
	assert_screen_lacks(&t, "could not be read");
	play(&t, "<Enter><Tab><Enter>b");
	assert_screen_has(&t, "Correct.");
	stop(&t);
}

/* Lessons the lint would refuse: cells that differ between the languages, a lesson in one
 * language only, one without a title, a run: line that cannot be split. The book shows
 * what it can and never crashes. */
static void test_broken_lessons(void **state)
{
	(void)state;
	T t;
	fixture_init(&t, "/tmp/gradlab-ui-XXXXXX", "tests/data/book-broken", fake_run);
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "");
	assert_screen_has(&t, "Cells that do not line up");
	assert_screen_has(&t, "Only in English");
	assert_screen_has(&t, "只有中文 (not in English yet)");
	assert_screen_has(&t, "cannot be read");
	play(&t, "GG<Enter>");   /* the unreadable one: a message, no reader */
	assert_ptr_equal(t.app->screen, &screen_toc);
	assert_screen_has(&t, "cannot be read");
	play(&t, "k<Enter>");
	assert_screen_has(&t, "This lesson has no English version yet");
	play(&t, "q");
	/* Mismatched cells: run, change every parameter, switch language, answer, run. */
	play(&t, "g<Enter><Enter>llvlvl");
	play(&t, "L");
	assert_screen_has(&t, "对不上的单元");
	play(&t, "hlv<Tab><Enter>lvl<Tab><Enter>a<Tab><Enter>L<Tab><BTab><Enter>0.25<Enter>");
	play(&t, "<Tab><Tab><Tab><Enter>");
	play(&t, "jjjj<PgDn><PgDn>GLg");
	/* The run: line with quotes says why it cannot run. */
	for (int i = 0; i < 6 && book(&t, 0)->sel != 2; i++)
		play(&t, "<Tab>");
	assert_int_equal(book(&t, 0)->sel, 2);
	play(&t, "<Enter>");
	assert_screen_has(&t, "This cell cannot run: quotes and backslashes");
	play(&t, "<Resize:45x13>jjjkkkL<Tab><Enter>");
	stop(&t);
}

/* }==== */

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_contents),
		cmocka_unit_test(test_golden_reader),
		cmocka_unit_test(test_golden_help_and_small),
		cmocka_unit_test(test_golden_ascii_and_ambiguous),
		cmocka_unit_test(test_progress_saved_and_restored),
		cmocka_unit_test(test_language_keeps_the_cell),
		cmocka_unit_test(test_experiment_runs_and_caches),
		cmocka_unit_test(test_commands_without_plots),
		cmocka_unit_test(test_chinese_output),
		cmocka_unit_test(test_small_terminal_no_plot),
		cmocka_unit_test(test_plot_size_within_declared_limits),
		cmocka_unit_test(test_quizzes),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_small_and_resize_anywhere),
		cmocka_unit_test(test_eof_and_ctrl_c_quit),
		cmocka_unit_test(test_corrupt_progress),
		cmocka_unit_test(test_broken_lessons),
	};
	return cmocka_run_group_tests_name("ui screens", tests, NULL, NULL);
}
