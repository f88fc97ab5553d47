/* cells: running a lesson's cells for the reader; see app.h. In src/ui. A cell's run: line
 * gets its current parameters, --lang zh in the Chinese book, and --plot text sized to the
 * cell, each only where the command table says the command takes it (the capabilities the
 * CLI gave beside the runner, UiOptions.caps): the book never learns what a command takes
 * from its error text. A plot is sized within the sizes the command accepts; a terminal
 * with no room for the smallest gets the output without its plot, and a note. The line
 * runs in-process through the callback the CLI gave (cli_run) with its output caught in
 * memory. Each run is kept per cell by its command line, so stepping back to a value is
 * instant. p asks for a gnuplot window or a PNG. (Quiz answers are graded in quiz.c.) A cell
 * the lesson may not run (learn's rule, lesson_run_judge: the parser's refusal, or the line
 * as it would run with its values put in) never reaches the runner: it shows why instead. */
#include "ui/app.h"

#include "core/file.h"
#include "core/mem.h"
#include "core/path.h"
#include "core/utf8.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* {==== Runs ==== */

void app_runs_free(CellRun *r)
{
	while (r) {
		CellRun *next = r->next;
		mem_free(r->key);
		mem_free(r->command);
		free(r->out);   /* open_memstream's buffers come from libc */
		free(r->err);
		mem_free(r);
		r = next;
	}
}

/* What the command of a (argv as the runner takes it) accepts, as the CLI declares it;
 * nothing when the CLI gave no way to ask. */
static UiCaps caps_of(const App *app, const LessonArgv *a)
{
	UiCaps c;
	memset(&c, 0, sizeof c);
	if (app->opt.caps && a->argc >= 2)
		app->opt.caps(a->argc, a->argv, &c);
	return c;
}

int app_cell_can_plot(const App *app, const Book *b, int k)
{
	const LessonBlock *blk = app_cell_block(app, b, k);
	LessonArgv a = { 0 };
	if (!blk || !blk->cell.run.s || lesson_argv_split(blk->cell.run.s, &a) != ST_OK)
		return 0;
	int plot = caps_of(app, &a).plot;
	lesson_argv_free(&a);
	return plot;
}

/* Run argv with its output caught in memory. The buffers are libc's (free). */
int app_execute(App *app, const LessonArgv *a, char **out, char **err)
{
	char *ob = NULL, *eb = NULL;
	size_t on = 0, en = 0;
	FILE *fo = open_memstream(&ob, &on);
	FILE *fe = open_memstream(&eb, &en);
	int status = 2;
	if (fo && fe && app->opt.run)
		status = app->opt.run(a->argc, a->argv, fo, fe);
	else if (fe)
		fprintf(fe, "%s\n", app->opt.run ? "out of memory" : "no way to run commands");
	if (fo)
		fclose(fo);
	if (fe)
		fclose(fe);
	*out = ob;
	*err = eb;
	return status;
}

/* What the book adds to a run: line. EXTRA_SMALL is no option: the command would plot,
 * but the terminal has no room for the smallest plot it accepts. */
enum { EXTRA_LANG = 1, EXTRA_PLOT = 2, EXTRA_SMALL = 4 };

#define CELL_PLOT_ROWS 16   /* the tallest plot in a cell: the text around it stays in view */
#define CELL_PLOT_MARGIN 8  /* the rows the reader keeps for the bars, the frame, the command */

/* The --plot-size of a plot in the cell: the text column's width less the frame, and the
 * rows the reader can spare, within the sizes c accepts. 0 when the smallest one does not
 * fit. */
static int plot_size(const App *app, const UiCaps *c, int *cols, int *rows)
{
	int x0, width;
	app_text_column(app, &x0, &width);
	int w = width - 2, h = app->rows - CELL_PLOT_MARGIN;
	if (h > CELL_PLOT_ROWS)
		h = CELL_PLOT_ROWS;
	if (w > c->max_cols)
		w = c->max_cols;
	if (h > c->max_rows)
		h = c->max_rows;
	if (w < c->min_cols || h < c->min_rows)
		return 0;
	*cols = w;
	*rows = h;
	return 1;
}

/* The extras for a (the run: line with its values): --lang CODE in a book in another
 * language than the commands' own English, and --plot text when these arguments draw a
 * plot and it fits, each where the command takes it. */
static unsigned extras_for(const App *app, const LessonArgv *a)
{
	UiCaps c = caps_of(app, a);
	unsigned e = 0;
	int cols, rows;
	if (app->lang != LANG_EN && c.lang)
		e |= EXTRA_LANG;
	if (c.plot && !c.nothing_to_plot)
		e |= plot_size(app, &c, &cols, &rows) ? EXTRA_PLOT : EXTRA_SMALL;
	return e;
}

/* The extras asked for added to a (--plot text sized to the cell); a is freed when they
 * cannot be. */
static int add_extras(const App *app, LessonArgv *a, unsigned extras)
{
	if ((extras & EXTRA_LANG) && lesson_argv_set(a, "lang", lang_code(app->lang)) != ST_OK)
		goto fail;
	if (extras & EXTRA_PLOT) {
		UiCaps c = caps_of(app, a);
		int cols, rows;
		if (!plot_size(app, &c, &cols, &rows))
			return 0;   /* extras_for said it fits: the same sizes, the same answer */
		char size[32];
		snprintf(size, sizeof size, "%dx%d", cols, rows);
		const char *glyphs_opt = app->mode == TW_ASCII ? "ascii"
					 : app->mode == TW_AMBIGUOUS_WIDE ? "narrow" : "unicode";
		if (lesson_argv_set(a, "plot", "text") != ST_OK ||
		    lesson_argv_set(a, "plot-size", size) != ST_OK ||
		    lesson_argv_set(a, "plot-glyphs", glyphs_opt) != ST_OK)
			goto fail;
	}
	return 0;
fail:
	lesson_argv_free(a);
	return -1;
}

/* {==== What a lesson may run ==== */

/* Why cell k may not run, as the rule of what a lesson may run (lesson_run_judge) has it. */
typedef struct Refusal {
	LessonRunRefusal why;
	int line;
	char cmd[32];
	char word[128];
} Refusal;

static void refusal_set(Refusal *r, LessonRunRefusal why, int line, const char *cmd,
			const char *word)
{
	r->why = why;
	r->line = line;
	snprintf(r->cmd, sizeof r->cmd, "%s", cmd ? cmd : "");
	snprintf(r->word, sizeof r->word, "%s", word ? word : "");
	/* Whatever the lesson holds (and a word cut at a character's middle), the message stays
	 * one line of plain text. */
	utf8_scrub(r->word);
}

/* The refusal in the book's language, as "Not run: FILE:LINE: why", into buf. */
static void refusal_text(const App *app, const Book *b, const Refusal *r, char *buf, size_t size)
{
	char why[512];
	switch (r->why) {
	case LESSON_RUN_GRADLAB:
		snprintf(why, sizeof why, "%s", app_str(app, S_REFUSE_GRADLAB));
		break;
	case LESSON_RUN_NOT_A_COMMAND:
		snprintf(why, sizeof why, app_str(app, S_REFUSE_COMMAND), r->word, lesson_command_names());
		break;
	case LESSON_RUN_CHECK_CELL:
		snprintf(why, sizeof why, app_str(app, S_REFUSE_CHECK_CELL), r->word);
		break;
	case LESSON_RUN_BOOK_OPTION:
		snprintf(why, sizeof why, app_str(app, S_REFUSE_BOOK_OPTION), r->word);
		break;
	case LESSON_RUN_ARGUMENT:
		snprintf(why, sizeof why, app_str(app, S_REFUSE_ARGUMENT), r->cmd, r->word);
		break;
	case LESSON_RUN_UNKNOWN_OPTION:
	default:
		snprintf(why, sizeof why, app_str(app, S_REFUSE_OPTION), r->word, r->cmd);
		break;
	}
	const Lesson *l = app_lesson(app, b, NULL);
	snprintf(buf, size, app_str(app, S_RUN_REFUSED), l ? l->file : b->slug, r->line, why);
}

/* }==== */

/* The run: line of cell k with its current values, as argv, and the extras asked for.
 * A line that cannot be split is said on the status line unless quiet. -2 (and *no says
 * why, when not NULL) when the lesson may not run it: the parser refused the cell, or the
 * line breaks the rule once its values are put in. Nothing refused is ever handed back. */
static int cell_argv_why(App *app, Book *b, int k, unsigned extras, LessonArgv *a, int quiet,
			 Refusal *no)
{
	const LessonBlock *blk = app_cell_block(app, b, k);
	a->argc = 0;
	a->argv = NULL;
	if (!blk || !blk->cell.run.s)
		return -1;
	if (blk->cell.refused) {
		if (no)
			refusal_set(no, blk->cell.refused, blk->cell.refused_line, NULL,
				    blk->cell.refused_word);
		if (no && lesson_argv_split(blk->cell.run.s, a) == ST_OK) {
			snprintf(no->cmd, sizeof no->cmd, "%s", a->argv[1]);
			lesson_argv_free(a);
		}
		return -2;
	}
	if (lesson_argv_split(blk->cell.run.s, a) != ST_OK) {
		if (!quiet)
			app_message(app, 1, S_RUN_CANNOT, status_detail());
		return -1;
	}
	const CellState *cs = &b->cells[k];
	for (int i = 0; blk->kind == LESSON_EXPERIMENT && i < blk->cell.n_vary && i < cs->n_vary; i++) {
		char v[64];
		lesson_vary_value(&blk->cell.vary[i], cs->vary_idx[i], v, sizeof v);
		if (lesson_argv_set(a, blk->cell.vary[i].name, v) != ST_OK) {
			lesson_argv_free(a);
			return -1;
		}
	}
	int word;
	LessonRunRefusal why = lesson_run_judge(a, blk->kind, &word);
	if (why != LESSON_RUN_OK) {
		if (no)
			refusal_set(no, why, blk->cell.run.line, a->argv[1], a->argv[word]);
		lesson_argv_free(a);
		return -2;
	}
	return add_extras(app, a, extras);
}

static int cell_argv(App *app, Book *b, int k, unsigned extras, LessonArgv *a, int quiet)
{
	return cell_argv_why(app, b, k, extras, a, quiet, NULL);
}

/* The command line a learner copies: the run: line with its values and --lang zh, and
 * --plot text where the book drew a plot (its size and glyphs are the cell's business). */
static void command_line(App *app, Book *b, int k, unsigned extras, char *buf, size_t size)
{
	LessonArgv a;
	buf[0] = '\0';
	if (cell_argv(app, b, k, extras & EXTRA_LANG, &a, 1) < 0) {
		const LessonBlock *blk = app_cell_block(app, b, k);
		if (blk && blk->cell.run.s)
			snprintf(buf, size, "gradlab %s", blk->cell.run.s);
		return;
	}
	char base[2048];
	lesson_argv_join(&a, base, sizeof base);
	snprintf(buf, size, "gradlab %s%s", base, extras & EXTRA_PLOT ? " --plot text" : "");
	lesson_argv_free(&a);
}

void app_cell_command(App *app, Book *b, int k, char *buf, size_t size)
{
	LessonArgv a;
	unsigned extras = 0;
	if (cell_argv(app, b, k, 0, &a, 1) == 0) {
		extras = extras_for(app, &a) & EXTRA_LANG;
		lesson_argv_free(&a);
	}
	command_line(app, b, k, extras, buf, size);
}

void app_reset_params(App *app, Book *b, int k)
{
	const LessonBlock *blk = app_cell_block(app, b, k);
	CellState *cs = &b->cells[k];
	LessonArgv a = { 0 };
	if (!blk || !blk->cell.run.s || lesson_argv_split(blk->cell.run.s, &a) != ST_OK)
		return;
	for (int i = 0; i < cs->n_vary && i < blk->cell.n_vary; i++) {
		const char *v = lesson_argv_get(&a, blk->cell.vary[i].name);
		int idx = v ? lesson_vary_index(&blk->cell.vary[i], v) : -1;
		cs->vary_idx[i] = idx < 0 ? 0 : idx;
	}
	lesson_argv_free(&a);
}

static CellRun *find_run(CellState *cs, const char *key)
{
	CellRun **p = &cs->runs;
	for (CellRun *r = cs->runs; r; p = &r->next, r = r->next)
		if (strcmp(r->key, key) == 0) {
			*p = r->next;          /* to the front */
			r->next = cs->runs;
			cs->runs = r;
			return r;
		}
	return NULL;
}

static void trim_cache(CellState *cs)
{
	int n = 0;
	for (CellRun *r = cs->runs; r; r = r->next)
		if (++n == UI_CACHE_PER_CELL) {
			app_runs_free(r->next);
			r->next = NULL;
			break;
		}
}

/* Cell k shows why it was not run, in the book's language, in place of a command's output. */
static const CellRun *refused_run(App *app, Book *b, int k, const Refusal *no)
{
	CellState *cs = &b->cells[k];
	char key[32];
	snprintf(key, sizeof key, "\x01refused-%s", lang_code(app->lang));
	CellRun *r = find_run(cs, key);
	if (r) {
		cs->cur = r;
		return r;
	}
	char text[1024], command[2400];
	refusal_text(app, b, no, text, sizeof text);
	const LessonBlock *blk = app_cell_block(app, b, k);
	snprintf(command, sizeof command, "gradlab %s", blk->cell.run.s);
	utf8_scrub(command);
	r = mem_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->status = 2;
	r->refused = 1;
	r->key = mem_strdup(key);
	r->command = mem_strdup(command);
	r->err = malloc(strlen(text) + 2);   /* err is libc's, as open_memstream's are */
	if (!r->key || !r->command || !r->err) {
		app_runs_free(r);
		return NULL;
	}
	snprintf(r->err, strlen(text) + 2, "%s\n", text);
	r->next = cs->runs;
	cs->runs = r;
	cs->cur = r;
	trim_cache(cs);
	return r;
}

const CellRun *app_run_cell(App *app, Book *b, int k)
{
	LessonArgv a;
	Refusal no;
	if (k < 0 || k >= b->n_cells)
		return NULL;
	/* While a train cell runs, it shows its progress whatever else changed (the language:
	 * it goes on in the one it started in). */
	CellRun *live = app_train_live_run(app, b, k);
	if (live)
		return b->cells[k].cur = live;
	int got = cell_argv_why(app, b, k, 0, &a, 0, &no);
	if (got == -2)
		return refused_run(app, b, k, &no);
	if (got < 0)
		return NULL;
	unsigned want = extras_for(app, &a);
	if (add_extras(app, &a, want) < 0)
		return NULL;
	CellState *cs = &b->cells[k];
	char key[2400], command[2400];
	lesson_argv_join(&a, key, sizeof key);
	command_line(app, b, k, want, command, sizeof command);
	/* A training run is kept by the command line the learner sees: a resize (another
	 * --plot-size) shows it again rather than training again. */
	int train = strcmp(a.argv[1], "train") == 0;
	if (train)
		snprintf(key, sizeof key, "%s", command);
	CellRun *r = find_run(cs, key);
	if (r) {
		lesson_argv_free(&a);
		if (r != cs->cur)
			r->just_ran = 0;   /* back to an earlier result: the cell says it is kept */
		cs->cur = r;
		return r;
	}
	/* One run at a time: another cell waits until the train cell is done (the layout asks
	 * for every open cell, and shows this one's command meanwhile). */
	if (app->live || (train && app->peek)) {
		lesson_argv_free(&a);
		return NULL;
	}
	r = mem_calloc(1, sizeof *r);
	if (r) {
		r->key = mem_strdup(key);
		r->command = mem_strdup(command);
	}
	if (!r || !r->key || !r->command) {
		app_runs_free(r);
		lesson_argv_free(&a);
		return NULL;
	}
	r->too_small = (want & EXTRA_SMALL) != 0;
	if (train)
		r->status = app_train_cell(app, b, k, &a, r);
	else
		r->status = app_execute(app, &a, &r->out, &r->err);
	lesson_argv_free(&a);
	r->next = cs->runs;
	cs->runs = r;
	cs->cur = r;
	trim_cache(cs);
	return r;
}

void app_forget_run(App *app, Book *b, int k)
{
	(void)app;
	if (k < 0 || k >= b->n_cells)
		return;
	CellState *cs = &b->cells[k];
	for (CellRun **p = &cs->runs; *p; p = &(*p)->next)
		if (*p == cs->cur) {
			CellRun *r = *p;
			*p = r->next;
			r->next = NULL;
			app_runs_free(r);
			break;
		}
	cs->cur = NULL;
}

const CellRun *app_cell_output(App *app, Book *b, int k)
{
	int was = app->peek;
	app->peek = 1;
	const CellRun *r = app_run_cell(app, b, k);
	app->peek = was;
	return r;
}

/* The first non-blank line of s, trimmed, into buf. */
static void first_line(const char *s, char *buf, size_t size)
{
	buf[0] = '\0';
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n) {
			snprintf(buf, size, "%.*s", (int)n, s);
			return;
		}
		s = e ? e + 1 : NULL;
	}
}

/* A command's message without its "gradlab CMD: " prefix, for the status line. */
static const char *without_command(const char *line)
{
	const char *colon = strncmp(line, "gradlab ", 8) == 0 ? strstr(line, ": ") : NULL;
	return colon ? colon + 2 : line;
}

void app_plot_cell(App *app, Book *b, int k)
{
	const LessonBlock *blk = app_cell_block(app, b, k);
	LessonArgv a;
	if (!blk || !(blk->kind == LESSON_EXPERIMENT ||
		      (blk->kind == LESSON_QUIZ && blk->cell.run.s))) {
		app_message(app, 0, S_PLOT_NONE);
		return;
	}
	Refusal no;
	int got = cell_argv_why(app, b, k, 0, &a, 0, &no);
	if (got == -2) {
		char text[1024];
		refusal_text(app, b, &no, text, sizeof text);
		app_message_text(app, 1, text);
		return;
	}
	if (got < 0)
		return;
	UiCaps c = caps_of(app, &a);
	if (!c.plot) {
		app_message(app, 0, S_PLOT_UNSUPPORTED, a.argv[1]);
		lesson_argv_free(&a);
		return;
	}
	/* gradlab curves at a single point prints its two values and has nothing to draw. */
	if (c.nothing_to_plot) {
		app_message(app, 0, S_PLOT_EMPTY);
		lesson_argv_free(&a);
		return;
	}
	/* In the Chinese book the window or PNG is captioned in Chinese too. */
	if (add_extras(app, &a, extras_for(app, &a) & EXTRA_LANG) < 0)
		return;
	int window = app->opt.display;
	if (window < 0) {
		const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
		window = (d && *d) || (w && *w);
	}
	char file[PATH_MAX] = "", spec[PATH_MAX + 8];
	if (window) {
		snprintf(spec, sizeof spec, "window");
	} else {
		const char *dir = progress_dir(app->progress);
		char plots[PATH_MAX], png[96], why[512];
		if (!dir) {
			const char *tmp = getenv("TMPDIR");
			dir = tmp && *tmp ? tmp : "/tmp";
		}
		snprintf(png, sizeof png, "%s-cell%d.png", b->slug, k + 1);
		if (path_join(plots, sizeof plots, dir, "plots") != ST_OK ||
		    path_join(file, sizeof file, plots, png) != ST_OK) {
			app_message(app, 1, S_PLOT_FAILED, status_detail());
			lesson_argv_free(&a);
			return;
		}
		if (file_make_dirs(plots, why, sizeof why) < 0) {
			app_message(app, 1, S_PLOT_FAILED, why);
			lesson_argv_free(&a);
			return;
		}
		snprintf(spec, sizeof spec, "png:%s", file);
	}
	if (lesson_argv_set(&a, "plot", spec) != ST_OK) {
		lesson_argv_free(&a);
		return;
	}
	char *out, *err, line[512];
	int status = app_execute(app, &a, &out, &err);
	first_line(err, line, sizeof line);
	if (status == 0 && window && line[0])
		app_message_text(app, 1, line);   /* it fell back, and says why */
	else if (status == 0 && window)
		app_message(app, 0, S_PLOT_WINDOW);
	else if (status == 0 && line[0])   /* saved, with a note: captions in English, say */
		app_message(app, 1, S_PLOT_SAVED_NOTE, file, without_command(line));
	else if (status == 0)
		app_message(app, 0, S_PLOT_SAVED, file);
	else
		app_message(app, 1, S_PLOT_FAILED, line[0] ? line : "?");
	free(out);
	free(err);
	lesson_argv_free(&a);
}

/* }==== */
