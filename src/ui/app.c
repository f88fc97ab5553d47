/* app: loading the book, its state and progress, the language and positions, and what
 * every screen shares (bars, messages, glyphs); see app.h. Cells run in cells.c, the
 * screens are screen_*.c. */
#include "ui/app.h"
#include "ui/keys.h"

#include "core/mem.h"
#include "core/path.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* {==== Glyphs, text, messages ==== */

static const char *const glyphs[3][G_COUNT] = {
	/* TW_UTF8 */
	{ "┌", "└", "─", "│", "┏", "┗", "━", "┃", "✓ ", "✗ ", "✓", "…", "◂", "▸", "•", "↑↓", "←→" },
	/* TW_AMBIGUOUS_WIDE: nothing of East Asian width "ambiguous" */
	{ "+", "+", "-", "|", "#", "#", "=", "#", "✓ ", "✗ ", "✓", "...", "◂", "▸", "*", "j/k", "h/l" },
	/* TW_ASCII */
	{ "+", "+", "-", "|", "#", "#", "=", "#", "", "", "*", "...", "<", ">", "*", "j/k", "h/l" },
};

const char *app_glyph(const App *app, Glyph g)
{
	return glyphs[app->mode][g];
}

const char *app_str(const App *app, StrId id)
{
	return ui_str(app->lang, id);
}

char *app_display(const App *app, const char *s)
{
	char *d = tw_display(s, strlen(s), app->mode, NULL);
	return d ? d : mem_strdup("");
}

int app_text(const App *app, Canvas *c, int y, int x, int max_cols, const char *s, UiStyle st)
{
	char *d = tw_display(s, strlen(s), app->mode, NULL);
	if (!d)
		return 0;
	int n = canvas_str(c, y, x, max_cols, d, st);
	mem_free(d);
	return n;
}

void app_message_text(App *app, int error, const char *text)
{
	snprintf(app->msg, sizeof app->msg, "%s", text);
	app->msg_error = error;
}

void app_message(App *app, int error, StrId id, ...)
{
	va_list ap;
	va_start(ap, id);
	vsnprintf(app->msg, sizeof app->msg, app_str(app, id), ap);
	va_end(ap);
	app->msg_error = error;
}

void app_draw_header(const App *app, Canvas *c, const char *left, const char *right)
{
	canvas_fill(c, 0, 0, c->cols, ' ', UI_HEADER);
	char *r = app_display(app, right ? right : "");
	int rw = utf8_width(r, strlen(r), c->amb_wide);
	if (rw > c->cols / 3)
		rw = 0;
	int lw = c->cols - 2 - (rw ? rw + 2 : 0);
	char *l = app_display(app, left);
	int w = utf8_width(l, strlen(l), c->amb_wide);
	if (w > lw) {
		/* Cut with an ellipsis. */
		const char *e = app_glyph(app, G_ELLIPSIS);
		int ew = utf8_width(e, strlen(e), c->amb_wide);
		int used = canvas_text(c, 0, 1, lw - ew, l, utf8_fit(l, strlen(l), lw - ew, c->amb_wide, NULL),
				       UI_HEADER);
		canvas_str(c, 0, 1 + used, ew, e, UI_HEADER);
	} else {
		canvas_str(c, 0, 1, lw, l, UI_HEADER);
	}
	if (rw)
		canvas_str(c, 0, c->cols - 1 - rw, rw, r, UI_HEADER);
	mem_free(l);
	mem_free(r);
}

void app_draw_status(const App *app, Canvas *c, const char *const *hints, const char *right)
{
	int y = c->rows - 1;
	if (app->msg[0]) {
		/* A long message takes up to a third of the screen, from the bottom up. */
		char *d = app_display(app, app->msg);
		TwLines lines = { 0 };
		if (tw_wrap(d, strlen(d), c->cols - 2, 0, c->amb_wide, &lines) == 0) {
			int n = lines.n, max = c->rows / 3 > 1 ? c->rows / 3 : 1;
			if (n > max)
				n = max;
			for (int i = 0; i < n; i++) {
				int row = c->rows - n + i;
				canvas_fill(c, row, 0, c->cols, ' ', UI_MESSAGE);
				canvas_text(c, row, 1, c->cols - 2, d + lines.items[i].start,
					    lines.items[i].len, UI_MESSAGE);
			}
		}
		tw_lines_free(&lines);
		mem_free(d);
		return;
	}
	canvas_fill(c, y, 0, c->cols, ' ', UI_STATUS);
	int rw = 0;
	if (right) {
		char *r = app_display(app, right);
		rw = utf8_width(r, strlen(r), c->amb_wide);
		canvas_str(c, y, c->cols - 1 - rw, rw, r, UI_STATUS);
		mem_free(r);
	}
	int x = 1, limit = c->cols - 1 - (rw ? rw + 2 : 0);
	for (int i = 0; hints && hints[i] && hints[i + 1]; i += 2) {
		char *k = app_display(app, hints[i]);
		char *v = app_display(app, hints[i + 1]);
		int need = utf8_width(k, strlen(k), c->amb_wide) + 1 + utf8_width(v, strlen(v), c->amb_wide);
		if (x + need > limit) {
			mem_free(k);
			mem_free(v);
			break;
		}
		x += canvas_str(c, y, x, need, k, UI_STATUS);
		x += 1;
		x += canvas_str(c, y, x, need, v, UI_STATUS);
		x += 2;
		mem_free(k);
		mem_free(v);
	}
}

/* }==== */

/* {==== Loading ==== */

static int add_name(char ***names, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp((*names)[i], name) == 0)
			return 0;
	char **bigger = mem_realloc(*names, (size_t)(*n + 1) * sizeof *bigger);
	if (!bigger)
		return -1;
	*names = bigger;
	if (!(bigger[*n] = mem_strdup(name)))
		return -1;
	(*n)++;
	return 0;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_book(Book *b, const char *dir, const char *name)
{
	size_t nl = strlen(name);
	snprintf(b->slug, sizeof b->slug, "%.*s", (int)(nl > 3 ? nl - 3 : nl), name);
	b->anchor_lang = -1;
	b->sel = -1;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		char path[PATH_MAX];
		LessonProblems ps = { 0 };
		Lesson *l = NULL;
		Status st = path_join(path, sizeof path, dir, lang_code(lang));
		if (st == ST_OK)
			st = path_join(path, sizeof path, path, name);
		if (st != ST_OK) {
			/* Too long to open: the book says so in the lesson's place. */
			if (!b->problem && !(b->problem = mem_strdup(status_detail())))
				return -1;
			continue;
		}
		st = lesson_load(path, &l, &ps);
		if (st == ST_ENOMEM) {
			lesson_problems_free(&ps);
			return -1;
		}
		if (l && !l->title) {
			/* Not a lesson we can show (no title): say why instead. */
			lesson_free(l);
			l = NULL;
		}
		if (!l && ps.n && !b->problem)
			b->problem = mem_strdup(ps.items[0].message);
		lesson_problems_free(&ps);
		b->l[lang] = l;
	}
	int any = 0;
	for (int lang = 0; lang < LANG_COUNT; lang++)
		any |= b->l[lang] != NULL;
	if (any) {
		mem_free(b->problem);
		b->problem = NULL;
	} else if (!b->problem) {
		b->problem = mem_strdup("no file");
	}
	int n = 0;
	for (int lang = 0; lang < LANG_COUNT; lang++)
		if (b->l[lang] && b->l[lang]->n_cells > n)
			n = b->l[lang]->n_cells;
	b->n_cells = n;
	if (n == 0)
		return 0;
	b->cells = mem_calloc((size_t)n, sizeof *b->cells);
	if (!b->cells)
		return -1;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		b->cell_block[lang] = mem_alloc((size_t)n * sizeof(int));
		if (!b->cell_block[lang])
			return -1;
		for (int k = 0; k < n; k++)
			b->cell_block[lang][k] = -1;
		const Lesson *l = b->l[lang];
		for (int i = 0, k = 0; l && i < l->n_blocks && k < n; i++)
			if (lesson_is_cell(l->blocks[i].kind))
				b->cell_block[lang][k++] = i;
	}
	return 0;
}

/* The vary values of each experiment start at the run: line's. A cell has the parameters
 * both languages give it (they are the same unless the lint has a complaint), so either
 * language's lesson can be indexed with them. */
static int init_cells(Book *b)
{
	for (int k = 0; k < b->n_cells; k++) {
		const LessonBlock *blk = NULL;
		int n = -1;
		for (int lang = 0; lang < LANG_COUNT; lang++) {
			if (!b->l[lang] || b->cell_block[lang][k] < 0)
				continue;
			const LessonBlock *o = &b->l[lang]->blocks[b->cell_block[lang][k]];
			int on = o->kind == LESSON_EXPERIMENT ? o->cell.n_vary : 0;
			if (n < 0 || on < n)
				n = on;
			if (!blk)
				blk = o;
		}
		if (!blk || n <= 0)
			continue;
		CellState *cs = &b->cells[k];
		cs->vary_idx = mem_calloc((size_t)n, sizeof(int));
		if (!cs->vary_idx)
			return -1;
		cs->n_vary = n;
		LessonArgv a = { 0 };
		if (blk->cell.run.s && lesson_argv_split(blk->cell.run.s, &a) == ST_OK) {
			for (int i = 0; i < cs->n_vary; i++) {
				const char *v = lesson_argv_get(&a, blk->cell.vary[i].name);
				int idx = v ? lesson_vary_index(&blk->cell.vary[i], v) : -1;
				cs->vary_idx[i] = idx < 0 ? 0 : idx;
			}
		}
		lesson_argv_free(&a);
	}
	return 0;
}

static void load_answers(App *app, Book *b)
{
	for (int k = 0; k < b->n_cells; k++) {
		const LessonBlock *blk = app_cell_block(app, b, k);
		if (!blk || blk->kind != LESSON_QUIZ || !blk->cell.id.s)
			continue;
		const char *answer;
		int correct;
		CellState *cs = &b->cells[k];
		/* How the first try went is kept as it went, whatever the lesson says now. */
		cs->first = (int)progress_quiz_first(app->progress, b->slug, blk->cell.id.s,
						     &cs->revealed);
		if (!progress_quiz(app->progress, b->slug, blk->cell.id.s, &answer, &correct, NULL))
			continue;
		mem_free(cs->answer);
		cs->answer = mem_strdup(answer);
		/* Grade again: the lesson may have changed since. */
		LessonGrade g = lesson_grade(&blk->cell, answer);
		cs->correct = g == LESSON_CORRECT;
	}
}

App *app_new(const UiOptions *o, char *err, size_t err_size)
{
	App *app = mem_calloc(1, sizeof *app);
	LessonNames names[LANG_COUNT] = { { 0 } };
	char **all = NULL;
	int n_all = 0;
	if (!app)
		goto oom;
	app->opt = *o;
	if (path_copy(app->dir, sizeof app->dir, o->dir ? o->dir : "lessons") != ST_OK) {
		snprintf(err, err_size, "%s", status_detail());
		goto fail;
	}
	app->opt.dir = app->dir;
	app->mode = (o->ascii || !o->utf8) ? TW_ASCII : o->ambiguous_wide ? TW_AMBIGUOUS_WIDE : TW_UTF8;
	app->screen = &screen_toc;
	app->cur = -1;
	app->input_cell = -1;
	app->match_row = -1;
	app->reveal = -1;

	int found_dir = 0;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		char path[PATH_MAX];
		Status st = path_join(path, sizeof path, app->dir, lang_code(lang));
		if (st != ST_OK) {
			snprintf(err, err_size, "%s", status_detail());
			goto fail;
		}
		st = lesson_list_dir(path, &names[lang], NULL);
		if (st == ST_ENOMEM)
			goto oom;
		if (st == ST_OK)
			found_dir = 1;
		for (int i = 0; i < names[lang].n; i++)
			if (add_name(&all, &n_all, names[lang].names[i]) < 0)
				goto oom;
	}
	if (!found_dir) {
		char before[PATH_MAX + 2], dirs[3 * PATH_MAX];
		snprintf(before, sizeof before, "%s/", app->dir);
		lang_codes_join(dirs, sizeof dirs, before, "", " or ");
		snprintf(err, err_size, "cannot read the lessons in %s (no %s folder)", app->dir, dirs);
		goto fail;
	}
	if (n_all > 1)
		qsort(all, (size_t)n_all, sizeof *all, by_str);
	if (n_all) {
		app->books = mem_calloc((size_t)n_all, sizeof *app->books);
		if (!app->books)
			goto oom;
	}
	for (int i = 0; i < n_all; i++) {
		app->n_books++;
		if (load_book(&app->books[i], app->dir, all[i]) < 0 ||
		    init_cells(&app->books[i]) < 0)
			goto oom;
	}

	ProgressNote note;
	app->progress = progress_open(o->state_dir, &note);
	if (!app->progress)
		goto oom;

	int lang = lang_of_code(o->lang);
	if (lang < 0)
		lang = lang_of_code(progress_lang(app->progress));
	if (lang < 0)
		lang = ui_lang_of_locale();
	/* a language that needs UTF-8 cannot be drawn in ASCII */
	app->lang = app->mode == TW_ASCII && lang_info(lang)->utf8 ? LANG_EN : lang;
	if (note.opened == PROGRESS_SET_ASIDE)
		app_message(app, 1, S_PROGRESS_SET_ASIDE, note.reason, note.moved_to);
	else if (note.opened == PROGRESS_NO_SAVE)
		app_message(app, 1, S_PROGRESS_NO_SAVE, note.reason);
	if (lang_info(lang)->utf8 && app->mode == TW_ASCII && !app->msg[0])
		app_message(app, 1, S_LANG_NEEDS_UTF8);

	for (int i = 0; i < app->n_books; i++)
		load_answers(app, &app->books[i]);

	/* Back where the learner was: the last lesson selected, or open. */
	int in_reader = 0;
	const char *last = progress_last(app->progress, &in_reader);
	for (int i = 0; last && i < app->n_books; i++)
		if (strcmp(app->books[i].slug, last) == 0) {
			app->toc_sel = i;
			if (in_reader && !app->books[i].problem)
				app_open_book(app, i);
		}

	for (int lang_i = 0; lang_i < LANG_COUNT; lang_i++)
		lesson_names_free(&names[lang_i]);
	for (int i = 0; i < n_all; i++)
		mem_free(all[i]);
	mem_free(all);
	return app;
oom:
	snprintf(err, err_size, "out of memory loading the lessons");
fail:
	for (int lang_i = 0; lang_i < LANG_COUNT; lang_i++)
		lesson_names_free(&names[lang_i]);
	for (int i = 0; i < n_all; i++)
		mem_free(all[i]);
	mem_free(all);
	app_free(app);
	return NULL;
}

void app_free(App *app)
{
	if (!app)
		return;
	for (int i = 0; i < app->n_books; i++) {
		Book *b = &app->books[i];
		for (int lang = 0; lang < LANG_COUNT; lang++) {
			lesson_free(b->l[lang]);
			mem_free(b->cell_block[lang]);
		}
		for (int k = 0; b->cells && k < b->n_cells; k++) {
			mem_free(b->cells[k].vary_idx);
			mem_free(b->cells[k].answer);
			app_runs_free(b->cells[k].runs);
		}
		mem_free(b->cells);
		mem_free(b->problem);
	}
	mem_free(app->books);
	mem_free(app->lay.rows);
	mem_free(app->lay.text);
	mem_free(app->lay.attr);
	mem_free(app->lay.block_row);
	mem_free(app->lay.cell_first);
	mem_free(app->lay.cell_last);
	progress_free(app->progress);
	app_exercises_free(app->ex);
	mem_free(app);
}

/* Whether a lesson is open under the screen on show (help and the exercises open over it). */
static int reading(const App *app)
{
	const Screen *s = app->screen;
	if (s == &screen_help)
		s = app->help_return;
	if (s == &screen_exercises)
		s = app->ex_return;
	return s == &screen_reader && app->cur >= 0;
}

static Status app_save(App *app)
{
	if (reading(app)) {
		Book *b = &app->books[app->cur];
		if (b->anchor_lang >= 0)
			progress_set_position(app->progress, b->slug,
					      lang_code(b->anchor_lang), b->anchor_block,
					      b->sel);
	}
	return progress_save(app->progress);
}

Status app_close(App *app)
{
	if (!app)
		return ST_OK;
	Status st = app_save(app);
	app_free(app);
	return st;
}

void app_save_or_say(App *app)
{
	if (app_save(app) != ST_OK)
		app_message(app, 1, S_SAVE_FAILED, status_detail());
}

/* }==== */

/* {==== Lessons, positions, language ==== */

const Lesson *app_lesson(const App *app, const Book *b, int *lang_used)
{
	int lang = app->lang;
	/* else the next language that has it (the next one when none has) */
	for (int k = 1; k < LANG_COUNT && !b->l[lang]; k++)
		lang = (app->lang + k) % LANG_COUNT;
	if (!b->l[lang])
		lang = lang_next(app->lang);
	if (lang_used)
		*lang_used = lang;
	return b->l[lang];
}

const LessonBlock *app_cell_block(const App *app, const Book *b, int k)
{
	int lang;
	const Lesson *l = app_lesson(app, b, &lang);
	if (!l || k < 0 || k >= b->n_cells || b->cell_block[lang][k] < 0)
		return NULL;
	return &l->blocks[b->cell_block[lang][k]];
}

void app_quiz_score(const App *app, const Book *b, int *right, int *total)
{
	*right = *total = 0;
	for (int k = 0; k < b->n_cells; k++) {
		const LessonBlock *blk = app_cell_block(app, b, k);
		if (!blk || blk->kind != LESSON_QUIZ)
			continue;
		(*total)++;
		*right += b->cells[k].answer && b->cells[k].correct;
	}
}

/* A block of lang `from` to the matching one of `to`: cells line up, and the prose between
 * two cells maps proportionally. */
static int map_block(const Book *b, int from, int to, int block)
{
	const Lesson *lf = b->l[from], *lt = b->l[to];
	if (!lf || !lt)
		return 0;
	int k = -1;
	for (int i = 0; i < b->n_cells; i++)
		if (b->cell_block[from][i] >= 0 && b->cell_block[from][i] <= block)
			k = i;
	int fs = k >= 0 ? b->cell_block[from][k] : 0;
	int ts = k >= 0 ? b->cell_block[to][k] : 0;
	if (k >= 0 && ts < 0)
		return 0;
	if (block == fs)
		return ts;
	int fe = lf->n_blocks, te = lt->n_blocks;
	if (k + 1 < b->n_cells && b->cell_block[from][k + 1] >= 0 && b->cell_block[to][k + 1] >= 0) {
		fe = b->cell_block[from][k + 1];
		te = b->cell_block[to][k + 1];
	}
	int t = fe > fs ? ts + (int)((long)(block - fs) * (te - ts) / (fe - fs)) : ts;
	if (t >= lt->n_blocks)
		t = lt->n_blocks - 1;
	return t < 0 ? 0 : t;
}

/* Make b's anchor refer to the language on show. */
static void anchor_to_lang(const App *app, Book *b)
{
	int lang;
	app_lesson(app, b, &lang);
	if (b->anchor_lang < 0 || b->anchor_lang == lang)
		return;
	int block = map_block(b, b->anchor_lang, lang, b->anchor_block);
	int on_cell = 0;
	for (int k = 0; k < b->n_cells; k++)
		on_cell |= b->cell_block[b->anchor_lang][k] == b->anchor_block;
	if (!on_cell)
		b->anchor_off = 0;
	b->anchor_block = block;
	b->anchor_lang = lang;
}

void app_open_book(App *app, int index)
{
	if (index < 0 || index >= app->n_books || app->books[index].problem)
		return;
	Book *b = &app->books[index];
	int lang;
	app_lesson(app, b, &lang);
	if (b->anchor_lang < 0) {
		int block = 0, cell = -1;
		b->anchor_off = 0;
		b->anchor_block = 0;
		b->anchor_lang = lang;
		/* the place saved in this language, else in the next one that has the lesson */
		for (int k = 0; k < LANG_COUNT; k++) {
			int other = (lang + k) % LANG_COUNT;
			if (progress_position(app->progress, b->slug, lang_code(other), &block, &cell) &&
			    (k == 0 || b->l[other])) {
				b->anchor_block = block;
				b->anchor_lang = other;
				break;
			}
		}
		b->sel = cell >= 0 && cell < b->n_cells ? cell : -1;
	}
	anchor_to_lang(app, b);
	if (lang != app->lang)
		app_message(app, 0, S_LESSON_UNTRANSLATED);
	app->cur = index;
	app->toc_sel = index;
	app->screen = &screen_reader;
	app->lay.valid = 0;
	app->input = INPUT_NONE;
	progress_set_visited(app->progress, b->slug);
	progress_set_last(app->progress, b->slug, 1);
	app_save_or_say(app);
}

void app_close_book(App *app)
{
	if (app->cur < 0)
		return;
	Book *b = &app->books[app->cur];
	app_save_or_say(app);
	progress_set_last(app->progress, b->slug, 0);
	app_save_or_say(app);
	app->input = INPUT_NONE;
	app->screen = &screen_toc;
}

static void app_set_lang(App *app, int lang)
{
	if (lang == app->lang)
		return;
	if (lang_info(lang)->utf8 && app->mode == TW_ASCII) {
		app_message(app, 1, S_LANG_NEEDS_UTF8);
		return;
	}
	app->lang = lang;
	if (app->cur >= 0)
		anchor_to_lang(app, &app->books[app->cur]);
	app->lay.valid = 0;
	progress_set_lang(app->progress, lang_code(lang));
	app_save_or_say(app);
	if (!app->msg[0])
		app_message(app, 0, S_LANG_SWITCHED, app_str(app, S_LANG_NAME));
}

void app_toggle_lang(App *app)
{
	app_set_lang(app, lang_next(app->lang));
}

void app_open_help(App *app)
{
	app->help_return = app->screen;
	app->help_top = 0;
	app->screen = &screen_help;
}

int app_shared_key(App *app, KeyAct a)
{
	switch (a) {
	case KA_LANG:
		app_toggle_lang(app);
		return 1;
	case KA_HELP:
		app_open_help(app);
		return 1;
	case KA_EXERCISES:
		app_open_exercises(app);
		return 1;
	default:
		return 0;
	}
}

void app_text_column(const App *app, int *x0, int *width)
{
	/* A margin of one column up to 100, so that 80-column command output fits a cell. */
	int w = app->cols < 100 ? app->cols - 2 : app->cols - 4;
	if (w > UI_MAX_TEXT)
		w = UI_MAX_TEXT;
	if (w < 10)
		w = 10;
	*width = w;
	*x0 = (app->cols - w) / 2;
	if (*x0 < 0)
		*x0 = 0;
}

/* }==== */

/* {==== Dispatch ==== */

void app_resize(App *app, int rows, int cols)
{
	if (rows != app->rows || cols != app->cols)
		app->lay.valid = 0;
	app->rows = rows;
	app->cols = cols;
	if (app->screen->prepare)
		app->screen->prepare(app);
}

void app_key(App *app, int key)
{
	if (key == UI_KEY_NONE)
		return;
	if (app_pending(app))
		app_work(app);
	app->msg[0] = '\0';
	if (keys_act(&keys_everywhere, key) == KA_QUIT_NOW || key == UI_KEY_EOF) {
		app->quit = 1;
		return;
	}
	if (app->rows < UI_MIN_ROWS || app->cols < UI_MIN_COLS) {
		/* Nothing to see: only leaving and the language of the message work. */
		KeyAct a = keys_act(&keys_toc, key);
		if (a == KA_QUIT)
			app->quit = 1;
		else if (a == KA_LANG)
			app_toggle_lang(app);
		return;
	}
	app->screen->key(app, key);
	if (app->screen->prepare)
		app->screen->prepare(app);
}

int app_done(const App *app)
{
	return app->quit;
}

void app_draw(const App *app, Canvas *c)
{
	canvas_clear(c);
	c->amb_wide = app->mode == TW_AMBIGUOUS_WIDE;
	if (c->rows < UI_MIN_ROWS || c->cols < UI_MIN_COLS) {
		char msg[512];
		snprintf(msg, sizeof msg, app_str(app, S_TOO_SMALL), UI_MIN_COLS, UI_MIN_ROWS, c->cols,
			 c->rows);
		char *d = app_display(app, msg);
		TwLines lines = { 0 };
		int w = c->cols > 2 ? c->cols - 2 : c->cols;
		if (tw_wrap(d, strlen(d), w, 0, c->amb_wide, &lines) == 0) {
			int y0 = (c->rows - lines.n) / 2;
			for (int i = 0; i < lines.n; i++) {
				const TwLine *l = &lines.items[i];
				int x = (c->cols - l->cols) / 2;
				canvas_text(c, y0 + i, x < 0 ? 0 : x, c->cols, d + l->start, l->len,
					    UI_NORMAL);
			}
		}
		tw_lines_free(&lines);
		mem_free(d);
		return;
	}
	app->screen->draw(app, c);
}

/* }==== */
