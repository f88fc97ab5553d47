/* screen_reader: one lesson as a scrolled document, its cells run in place. In src/ui.
 * The lesson is laid out once per (width, language, cell state) into rows of display text
 * (prepare), and drawing copies the rows on screen. Cell outputs are rows of the same
 * document, so the learner scrolls through prose, tables and plots alike. The position is
 * kept as a block and a row offset into it, so it survives a resize and maps across the
 * two languages. */
#include "ui/app.h"

#include "core/mem.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

/* {==== Building the rows ==== */

typedef struct Builder {
	App *app;
	Layout *L;
	Book *b;
	const Lesson *l;
	int width;
	int block, cell;    /* what new rows belong to */
	int bar;            /* inside a cell */
	int failed;
} Builder;

static size_t add_text(Builder *B, const char *s, size_t n)
{
	Layout *L = B->L;
	if (L->len + n + 1 > L->cap_text) {
		size_t cap = L->cap_text ? L->cap_text : 4096;
		while (L->len + n + 1 > cap)
			cap *= 2;
		char *t = mem_realloc(L->text, cap);
		if (!t) {
			B->failed = 1;
			return 0;
		}
		L->text = t;
		L->cap_text = cap;
	}
	size_t off = L->len;
	memcpy(L->text + off, s, n);
	L->len += n;
	L->text[L->len] = '\0';
	return off;
}

static Row *add_row(Builder *B, RowKind kind, UiStyle st, int indent, const char *s, size_t n)
{
	Layout *L = B->L;
	if (B->failed)
		return NULL;
	if (L->n == L->cap) {
		int cap = L->cap ? 2 * L->cap : 256;
		Row *rows = mem_realloc(L->rows, (size_t)cap * sizeof *rows);
		if (!rows) {
			B->failed = 1;
			return NULL;
		}
		L->rows = rows;
		L->cap = cap;
	}
	size_t off = add_text(B, s ? s : "", s ? n : 0);
	if (B->failed)
		return NULL;
	Row *r = &L->rows[L->n++];
	*r = (Row){ .kind = (unsigned char)kind, .style = (unsigned char)st, .bar = (unsigned char)B->bar,
		    .indent = (short)indent, .block = B->block, .cell = B->cell, .off = off,
		    .len = (int)n };
	return r;
}

static void add_blank(Builder *B)
{
	add_row(B, ROW_TEXT, UI_NORMAL, 0, "", 0);
}

/* The columns left for text at indent inside the current frame. */
static int avail(const Builder *B, int indent)
{
	int w = B->width - (B->bar ? 2 : 0) - indent;
	return w < 4 ? 4 : w;
}

/* Raw text (lesson or command output), shown in the app's mode, wrapped. Newlines start
 * new lines; continuation lines are indented by hang more. */
static void add_wrapped(Builder *B, const char *raw, size_t n, UiStyle st, int indent, int hang,
			TwWrap how)
{
	int amb = B->app->mode == TW_AMBIGUOUS_WIDE;
	const char *p = raw, *end = raw + n;
	while (!B->failed) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		char *d = tw_display(p, len, B->app->mode, NULL);
		TwLines lines = { 0 };
		if (!d || tw_wrap(d, strlen(d), avail(B, indent + hang), how, amb, &lines) < 0)
			B->failed = 1;
		for (int i = 0; i < lines.n && !B->failed; i++)
			add_row(B, ROW_TEXT, st, indent + (i ? hang : 0), d + lines.items[i].start,
				lines.items[i].len);
		tw_lines_free(&lines);
		mem_free(d);
		if (!e)
			break;
		p = e + 1;
	}
}

static void add_str(Builder *B, const char *s, UiStyle st, int indent, int hang)
{
	add_wrapped(B, s, strlen(s), st, indent, hang, TW_WRAP_WORDS);
}

/* Whether an output line is part of a table or a drawing, which wrapping would scramble:
 * columns (two or more runs of spaces inside it), box lines or braille. */
static int tabular(const char *s)
{
	int runs = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	for (; *p; p++) {
		if (p[0] == ' ' && p[1] == ' ') {
			runs++;
			while (p[1] == ' ')
				p++;
		}
		unsigned char c = (unsigned char)*p;
		if (c == 0xE2 && ((unsigned char)p[1] == 0x94 || (unsigned char)p[1] == 0x95 ||
				  ((unsigned char)p[1] >= 0xA0 && (unsigned char)p[1] <= 0xA3)))
			return 1;   /* U+2500..257F box drawing, U+2800..28FF braille */
	}
	return runs >= 2;
}

/* Whether a line of output has a run of two or more spaces after its first word: columns
 * or aligned labels, never part of a paragraph. */
static int has_gap(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	for (; i + 1 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ')
			return 1;
	return 0;
}

/* Command output without its trailing blank lines. A line too long for the cell is
 * wrapped when it is prose; a table row or a drawing is cut instead and panned with < >,
 * unless cs->wrap_all. A prose line that overflows, not indented, takes the lines after it
 * that continue its paragraph (not blank, not indented, no columns): text written for 80
 * columns reflows instead of leaving a word alone on a row. Records the widest line and
 * whether any was cut. */
static void add_output(Builder *B, const char *s, UiStyle st, CellState *cs, int *cut)
{
	if (!s)
		return;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\f'))
		n--;
	/* gnuplot's dumb plots start with a form feed. */
	while (n && *s == '\f')
		s++, n--;
	int amb = B->app->mode == TW_AMBIGUOUS_WIDE;
	int room = avail(B, 0);
	for (const char *p = s, *end = s + n; p < end && !B->failed;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		char *d = tw_display(p, len, B->app->mode, NULL);
		if (!d) {
			B->failed = 1;
			break;
		}
		int w = tw_width(d, strlen(d), amb);
		if (w > cs->out_cols)
			cs->out_cols = w;
		if (w <= room) {
			add_row(B, ROW_TEXT, st, 0, d, strlen(d));
		} else if (!cs->wrap_all && tabular(d)) {
			Row *r = add_row(B, ROW_TEXT, st, 0, d, strlen(d));
			if (r)
				r->aux = 1;
			*cut = 1;
		} else if (has_gap(p, len)) {
			add_wrapped(B, p, len, st, 0, 0, TW_WRAP_PRE);
		} else {
			/* A paragraph: this line and its continuations, joined by spaces. */
			size_t cap = len + 1, used = len;
			char *para = mem_alloc(cap);
			if (!para) {
				B->failed = 1;
				mem_free(d);
				break;
			}
			memcpy(para, p, len);
			int last_w = w;
			while (e && last_w > room && *p != ' ') {
				const char *q = e + 1;
				const char *qe = memchr(q, '\n', (size_t)(end - q));
				size_t qn = qe ? (size_t)(qe - q) : (size_t)(end - q);
				if (qn == 0 || *q == ' ' || *q == '\r' || has_gap(q, qn))
					break;
				char *more = mem_realloc(para, used + 1 + qn + 1);
				if (!more)
					break;
				para = more;
				para[used++] = ' ';
				memcpy(para + used, q, qn);
				used += qn;
				char *qd = tw_display(q, qn, B->app->mode, NULL);
				last_w = qd ? tw_width(qd, strlen(qd), amb) : 0;
				if (qd && last_w > cs->out_cols)
					cs->out_cols = last_w;
				mem_free(qd);
				e = qe;
			}
			add_wrapped(B, para, used, st, 0, 0, TW_WRAP_PRE);
			mem_free(para);
		}
		mem_free(d);
		p = e ? e + 1 : end;
	}
}

static void add_run(Builder *B, const CellRun *r, CellState *cs)
{
	char cmd[2400];
	snprintf(cmd, sizeof cmd, "$ %s", r->command);
	add_str(B, cmd, UI_COMMAND, 0, 4);
	int cut = 0;
	cs->out_cols = 0;
	add_output(B, r->out, UI_OUTPUT, cs, &cut);
	add_output(B, r->err, UI_ERROR, cs, &cut);
	if (r->status != 0 && r->status != 1) {
		char msg[256];
		snprintf(msg, sizeof msg, app_str(B->app, S_EXIT_STATUS), r->status);
		add_str(B, msg, UI_ERROR, 0, 0);
	}
	if (cut)
		add_str(B, app_str(B->app, S_LONG_LINES_CUT), UI_HINT, 0, 0);
	else if (cs->wrap_all && cs->out_cols > avail(B, 0))
		add_str(B, app_str(B->app, S_LONG_LINES_WRAPPED), UI_HINT, 0, 0);
}

/* Parameters as "name ◂ value ▸", as many to a row as fit. */
static int vary_item_width(const App *app, const LessonBlock *blk, const CellState *cs, int i,
			   int amb)
{
	char v[64], item[256];
	lesson_vary_value(&blk->cell.vary[i], cs->vary_idx[i], v, sizeof v);
	snprintf(item, sizeof item, "%s %s %s %s", blk->cell.vary[i].name, app_glyph(app, G_LEFT), v,
		 app_glyph(app, G_RIGHT));
	char *d = app_display(app, item);
	int w = tw_width(d, strlen(d), amb);
	mem_free(d);
	return w;
}

static void add_vary(Builder *B, const LessonBlock *blk, const CellState *cs)
{
	int amb = B->app->mode == TW_AMBIGUOUS_WIDE;
	int room = avail(B, 0), used = 0, first = 0;
	for (int i = 0; i < cs->n_vary && i < blk->cell.n_vary; i++) {
		int w = vary_item_width(B->app, blk, cs, i, amb);
		if (i > first && used + 3 + w > room) {
			Row *r = add_row(B, ROW_VARY, UI_PARAM, 0, "", 0);
			if (r)
				r->aux = first, r->aux2 = i;
			first = i;
			used = 0;
		}
		used += (i > first ? 3 : 0) + w;
	}
	if (cs->n_vary > first) {
		Row *r = add_row(B, ROW_VARY, UI_PARAM, 0, "", 0);
		if (r)
			r->aux = first, r->aux2 = cs->n_vary;
	}
}

static void add_cell(Builder *B, const LessonBlock *blk, int k)
{
	App *app = B->app;
	CellState *cs = &B->b->cells[k];
	const LessonCell *c = &blk->cell;
	char label[256];
	int number = 0;
	for (int i = 0; i <= k; i++) {
		const LessonBlock *o = app_cell_block(app, B->b, i);
		number += o && o->kind == blk->kind;
	}
	if (blk->kind == LESSON_QUIZ) {
		StrId kind = c->kind == LESSON_QUIZ_CHOICE ? S_QUIZ_CHOICE
			     : c->kind == LESSON_QUIZ_PREDICT ? S_QUIZ_PREDICT : S_QUIZ_NUMERIC;
		int n = snprintf(label, sizeof label, app_str(app, S_CELL_QUIZ), c->number);
		snprintf(label + n, sizeof label - (size_t)n, " %s %s", app->mode != TW_UTF8 ? "-" : "·",
			 app_str(app, kind));
	} else {
		snprintf(label, sizeof label,
			 app_str(app, blk->kind == LESSON_CHECK ? S_CELL_CHECK : S_CELL_EXPERIMENT), number);
	}
	B->cell = k;
	B->L->cell_first[k] = B->L->n;
	char *d = app_display(app, label);
	add_row(B, ROW_TOP, UI_BORDER, 0, d, strlen(d));
	mem_free(d);
	B->bar = 1;

	if (blk->kind == LESSON_EXPERIMENT || blk->kind == LESSON_CHECK) {
		if (c->caption.s)
			add_str(B, c->caption.s, UI_CAPTION, 0, 0);
		if (cs->n_vary)
			add_vary(B, blk, cs);
		const CellRun *r = cs->shown ? app_run_cell(app, B->b, k) : NULL;
		if (r) {
			add_run(B, r, cs);
		} else {
			char cmd[2400] = "$ ";
			app_cell_command(app, B->b, k, cmd + 2, sizeof cmd - 2);
			add_str(B, cmd, UI_COMMAND, 0, 4);
			add_str(B, app_str(app, S_PRESS_RUN), UI_HINT, 0, 0);
		}
	} else {
		if (c->ask.s)
			add_str(B, c->ask.s, UI_NORMAL, 0, 0);
		for (int i = 0; i < c->n_choices; i++) {
			char line[1024];
			snprintf(line, sizeof line, "%s) %s", c->choices[i].key, c->choices[i].text);
			add_str(B, line, UI_NORMAL, 2, (int)strlen(c->choices[i].key) + 2);
		}
		int typing = app->input == INPUT_QUIZ && app->input_cell == k;
		if (cs->answer) {
			char line[1024];
			snprintf(line, sizeof line, "%s%s", app_str(app, S_YOUR_ANSWER), cs->answer);
			add_str(B, line, UI_NORMAL, 0, 2);
			if (cs->correct) {
				snprintf(line, sizeof line, "%s%s", app_glyph(app, G_OK), app_str(app, S_CORRECT));
			} else {
				int n = snprintf(line, sizeof line, "%s", app_glyph(app, G_BAD));
				if (c->kind == LESSON_QUIZ_CHOICE) {
					snprintf(line + n, sizeof line - (size_t)n, app_str(app, S_INCORRECT_CHOICE),
						 c->answer.s ? c->answer.s : "?");
				} else {
					char tol[64];
					snprintf(tol, sizeof tol, "%g", c->tolerance);
					snprintf(line + n, sizeof line - (size_t)n, app_str(app, S_INCORRECT_NUMBER),
						 c->answer.s ? c->answer.s : "?", tol);
				}
			}
			add_str(B, line, cs->correct ? UI_CORRECT : UI_WRONG, 0, 2);
			if (c->explain.s) {
				char *why = mem_alloc(strlen(c->explain.s) + 64);
				if (why) {
					sprintf(why, "%s%s", app_str(app, S_WHY), c->explain.s);
					add_str(B, why, UI_EXPLAIN, 0, 2);
					mem_free(why);
				}
			}
			if (c->kind == LESSON_QUIZ_PREDICT && c->run.s) {
				const CellRun *r = app_run_cell(app, B->b, k);
				if (r) {
					add_str(B, app_str(app, S_PREDICT_RUN), UI_HINT, 0, 0);
					add_run(B, r, cs);
				}
			}
		}
		if (typing) {
			Row *r = add_row(B, ROW_INPUT, UI_INPUT, 0, "", 0);
			(void)r;
		} else {
			add_str(B, app_str(app, cs->answer ? S_PRESS_RETRY : S_PRESS_ANSWER), UI_HINT, 0, 0);
		}
	}
	B->bar = 0;
	add_row(B, ROW_BOTTOM, UI_BORDER, 0, "", 0);
	B->L->cell_last[k] = B->L->n - 1;
	B->cell = -1;
}

static int ensure_arrays(Layout *L, int n_blocks, int n_cells)
{
	mem_free(L->block_row);
	mem_free(L->cell_first);
	mem_free(L->cell_last);
	L->block_row = mem_calloc((size_t)n_blocks + 1, sizeof(int));
	L->cell_first = mem_calloc((size_t)n_cells + 1, sizeof(int));
	L->cell_last = mem_calloc((size_t)n_cells + 1, sizeof(int));
	if (!L->block_row || !L->cell_first || !L->cell_last) {
		L->n_blocks = L->n_cells = 0;
		return -1;
	}
	L->n_blocks = n_blocks;
	L->n_cells = n_cells;
	return 0;
}

static void build(App *app)
{
	Layout *L = &app->lay;
	Book *b = &app->books[app->cur];
	int lang, x0;
	const Lesson *l = app_lesson(app, b, &lang);
	Builder B = { .app = app, .L = L, .b = b, .l = l, .cell = -1 };
	app_text_column(app, &x0, &B.width);
	L->n = 0;
	L->len = 0;
	if (ensure_arrays(L, l ? l->n_blocks : 0, b->n_cells) < 0)
		B.failed = 1;
	for (int k = 0; k < b->n_cells && !B.failed; k++)
		L->cell_first[k] = L->cell_last[k] = -1;
	int k = 0;
	for (int i = 0; l && i < l->n_blocks && !B.failed; i++) {
		const LessonBlock *blk = &l->blocks[i];
		/* Blank separators belong to the block before, so a block starts at its text. */
		B.block = i > 0 ? i - 1 : 0;
		if (i > 0 && !(blk->kind == LESSON_ITEM && l->blocks[i - 1].kind == LESSON_ITEM))
			add_blank(&B);
		B.block = i;
		L->block_row[i] = L->n;
		switch (blk->kind) {
		case LESSON_HEADING:
			add_str(&B, blk->text ? blk->text : "",
				blk->level == 1 ? UI_TITLE : blk->level == 2 ? UI_HEADING : UI_SUBHEADING, 0, 0);
			break;
		case LESSON_PARAGRAPH:
			add_str(&B, blk->text ? blk->text : "", UI_NORMAL, 0, 0);
			break;
		case LESSON_ITEM: {
			char mark[16];
			if (blk->number)
				snprintf(mark, sizeof mark, "%d. ", blk->number);
			else
				snprintf(mark, sizeof mark, "%s ", app_glyph(app, G_BULLET));
			size_t n = strlen(mark) + strlen(blk->text ? blk->text : "") + 1;
			char *s = mem_alloc(n);
			if (!s) {
				B.failed = 1;
				break;
			}
			snprintf(s, n, "%s%s", mark, blk->text ? blk->text : "");
			char *dm = app_display(app, mark);
			int hang = tw_width(dm, strlen(dm), app->mode == TW_AMBIGUOUS_WIDE);
			mem_free(dm);
			add_str(&B, s, UI_NORMAL, 0, hang);
			mem_free(s);
			break;
		}
		case LESSON_CODE:
			/* Tables keep their columns where ASCII spellings are wider (σ: sigma). */
			for (int j = 0; j < blk->n_lines && !B.failed; j++) {
				size_t n;
				char *al = tw_display_aligned(blk->lines[j], strlen(blk->lines[j]),
							      app->mode, &n);
				if (!al) {
					B.failed = 1;
					break;
				}
				add_wrapped(&B, al, n, UI_CODE, 2, 0, TW_WRAP_PRE);
				mem_free(al);
			}
			break;
		case LESSON_EXPERIMENT:
		case LESSON_CHECK:
		case LESSON_QUIZ:
			if (k < b->n_cells)
				add_cell(&B, blk, k);
			k++;
			break;
		}
	}
	B.block = l && l->n_blocks ? l->n_blocks - 1 : 0;
	add_blank(&B);
	add_str(&B, app_str(app, S_END_OF_LESSON), UI_HINT, 0, 0);
	if (B.failed) {
		/* Out of memory: show what fits, never crash. */
		L->n = 0;
		L->len = 0;
	}
	L->valid = 1;
	app->match_row = -1;
	L->width = B.width;
	L->lang = lang;
	L->book = app->cur;
}

/* }==== */

/* {==== Position and selection ==== */

static int view_rows(const App *app)
{
	return app->rows - 2;
}

static int max_top(const App *app)
{
	int m = app->lay.n - view_rows(app);
	return m < 0 ? 0 : m;
}

static void set_top(App *app, int top)
{
	Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	if (top > max_top(app))
		top = max_top(app);
	if (top < 0)
		top = 0;
	app->top = top;
	if (L->n == 0 || L->n_blocks == 0)
		return;
	int blk = L->rows[top].block;
	b->anchor_block = blk;
	b->anchor_off = top - L->block_row[blk];
	if (b->anchor_off < 0)
		b->anchor_off = 0;
	b->anchor_lang = L->lang;
}

static int cell_visible(const App *app, int k)
{
	const Layout *L = &app->lay;
	if (k < 0 || k >= L->n_cells || L->cell_first[k] < 0)
		return 0;
	return L->cell_first[k] < app->top + view_rows(app) && L->cell_last[k] >= app->top;
}

/* The rows of cell k on screen. */
static int rows_shown(const App *app, int k)
{
	const Layout *L = &app->lay;
	if (!cell_visible(app, k))
		return 0;
	int first = L->cell_first[k] > app->top ? L->cell_first[k] : app->top;
	int last = app->top + view_rows(app) - 1;
	if (L->cell_last[k] < last)
		last = L->cell_last[k];
	return last - first + 1;
}

/* Keep the selected cell while its top is on screen. A cell scrolled up until only its
 * tail shows gives way to the cell that fills more of the screen, so that Enter runs the
 * experiment whose "Press Enter to run it here" the learner is reading, not the quiz
 * whose last lines are left at the top. */
static void fix_selection(App *app)
{
	Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	int sel = b->sel;
	if (cell_visible(app, sel) && L->cell_first[sel] >= app->top)
		return;
	int best = -1, best_rows = cell_visible(app, sel) ? rows_shown(app, sel) : 0;
	for (int k = 0; k < b->n_cells; k++) {
		int n = rows_shown(app, k);
		if (k != sel && n > best_rows)
			best = k, best_rows = n;
	}
	if (best >= 0)
		b->sel = best;
}

/* Scroll so that rows first..last show, or at least their start. */
static void show_rows(App *app, int first, int last)
{
	int v = view_rows(app);
	if (first >= app->top && last < app->top + v)
		return;
	if (last - first + 1 <= v && last >= app->top + v && first >= app->top)
		set_top(app, last - v + 1);
	else
		set_top(app, first > 0 ? first - 1 : 0);
}

static void reader_prepare(App *app)
{
	if (app->cur < 0)
		return;
	Book *b = &app->books[app->cur];
	Layout *L = &app->lay;
	int x0, width, lang;
	app_text_column(app, &x0, &width);
	app_lesson(app, b, &lang);
	if (!L->valid || L->width != width || L->lang != lang || L->book != app->cur) {
		build(app);
		int top = 0;
		if (L->n_blocks > 0) {
			int blk = b->anchor_block < 0 ? 0 : b->anchor_block >= L->n_blocks ? L->n_blocks - 1
											: b->anchor_block;
			int end = blk + 1 < L->n_blocks ? L->block_row[blk + 1] : L->n;
			int off = b->anchor_off;
			if (L->block_row[blk] + off >= end)
				off = end - L->block_row[blk] - 1;
			top = L->block_row[blk] + (off < 0 ? 0 : off);
		}
		int keep_block = b->anchor_block, keep_off = b->anchor_off;
		set_top(app, top);
		/* Near the end the top is clamped: keep the intended anchor. */
		if (app->top != top) {
			b->anchor_block = keep_block;
			b->anchor_off = keep_off;
		}
	} else {
		set_top(app, app->top);
	}
	if (app->reveal >= 0 && app->reveal < L->n_cells && L->cell_first[app->reveal] >= 0) {
		/* A cell just ran or was answered: show its end, keeping its top on screen. */
		int first = L->cell_first[app->reveal], last = L->cell_last[app->reveal];
		int v = view_rows(app);
		if (last >= app->top + v) {
			int top = last - v + 1;
			if (top > first - 1)
				top = first > 0 ? first - 1 : 0;
			if (top > app->top)
				set_top(app, top);
		}
		app->reveal = -1;
	}
	if (app->input == INPUT_QUIZ)
		for (int i = 0; i < L->n; i++)
			if (L->rows[i].kind == ROW_INPUT) {
				show_rows(app, L->cell_first[app->input_cell], i);
				if (i >= app->top + view_rows(app))
					set_top(app, i - view_rows(app) + 2);
			}
	fix_selection(app);
}

/* }==== */

/* {==== Search ==== */

/* The first match of needle in hay[0..n) at or after from, ASCII letters folded; -1 none. */
static int find_in(const char *hay, size_t n, const char *needle, size_t from)
{
	size_t m = strlen(needle);
	if (m == 0 || m > n)
		return -1;
	for (size_t i = from; i + m <= n; i++) {
		size_t j = 0;
		while (j < m && tolower((unsigned char)hay[i + j]) == tolower((unsigned char)needle[j]))
			j++;
		if (j == m)
			return (int)i;
	}
	return -1;
}

static int row_matches(const App *app, const Row *r, const char *needle)
{
	if (r->kind != ROW_TEXT && r->kind != ROW_TOP)
		return 0;
	return find_in(app->lay.text + r->off, (size_t)r->len, needle, 0) >= 0;
}

/* From the row after `from` (or `from` itself when inclusive), in direction dir. */
static void search(App *app, int from, int dir, int inclusive)
{
	const Layout *L = &app->lay;
	char *needle = app_display(app, app->search);
	if (!app->search[0] || L->n == 0) {
		app_message(app, 0, S_NO_SEARCH);
		mem_free(needle);
		return;
	}
	int total = 0, found = -1, wrapped = 0;
	for (int i = 0; i < L->n; i++)
		total += row_matches(app, &L->rows[i], needle);
	if (total == 0) {
		app_message(app, 1, S_SEARCH_NOT_FOUND, app->search);
		mem_free(needle);
		return;
	}
	int i = inclusive ? from : from + dir;
	for (int step = 0; step < L->n + 1; step++, i += dir) {
		if (i >= L->n)
			i = 0, wrapped = 1;
		if (i < 0)
			i = L->n - 1, wrapped = 1;
		if (row_matches(app, &L->rows[i], needle)) {
			found = i;
			break;
		}
	}
	int nth = 0;
	for (int j = 0; j <= found; j++)
		nth += row_matches(app, &L->rows[j], needle);
	mem_free(needle);
	if (found < 0)
		return;
	if (found < app->top || found >= app->top + view_rows(app))
		set_top(app, found - view_rows(app) / 3);
	app->match_row = found;
	app_message(app, 0, wrapped ? S_SEARCH_WRAPPED : S_SEARCH_MATCH, nth, total);
}

/* }==== */

/* {==== Drawing ==== */

/* An unwrapped output line, scrolled pan columns to the left, with marks where it goes on. */
static void draw_panned_row(const App *app, Canvas *c, int y, int x, int room, const Row *r)
{
	const char *s = app->lay.text + r->off;
	size_t len = (size_t)r->len;
	int pan = app->books[app->cur].cells[r->cell].pan, used;
	size_t skip = tw_fit(s, len, pan, c->amb_wide, &used);
	int dx = 0;
	if (used < pan && skip < len) {   /* a wide character across the edge */
		uint32_t cp;
		skip += (size_t)tw_decode(s + skip, len - skip, &cp);
		dx = 1;
	}
	canvas_text(c, y, x + dx, room - dx, s + skip, len - skip, (UiStyle)r->style);
	if (pan > 0 && len > 0)
		canvas_str(c, y, x, 1, app->mode == TW_ASCII ? "<" : "‹", UI_HINT);
	if (tw_width(s, len, c->amb_wide) - pan > room)
		canvas_str(c, y, x + room - 1, 1, app->mode == TW_ASCII ? ">" : "›", UI_HINT);
}

static void draw_text_row(const App *app, Canvas *c, int y, int x, int room, const Row *r)
{
	const char *s = app->lay.text + r->off;
	if (r->aux == 1 && r->cell >= 0) {
		draw_panned_row(app, c, y, x, room, r);
		return;
	}
	canvas_text(c, y, x, room, s, (size_t)r->len, (UiStyle)r->style);
	if (!app->search[0] || app->input == INPUT_SEARCH)
		return;
	char *needle = app_display(app, app->search);
	size_t m = strlen(needle);
	int at = -1;
	size_t from = 0;
	while (m && (at = find_in(s, (size_t)r->len, needle, from)) >= 0) {
		int col = tw_width(s, (size_t)at, c->amb_wide);
		if (col < room)
			canvas_text(c, y, x + col, room - col, s + at, m, UI_MATCH);
		from = (size_t)at + m;
	}
	mem_free(needle);
}

static void draw_frame(const App *app, Canvas *c, int y, int x, int width, const Row *r, int sel)
{
	UiStyle bs = sel ? UI_BORDER_SEL : UI_BORDER;
	const char *h = app_glyph(app, sel ? G_H_SEL : G_H);
	if (r->kind == ROW_BOTTOM) {
		canvas_str(c, y, x, 1, app_glyph(app, sel ? G_BL_SEL : G_BL), bs);
		for (int i = 1; i < width; i++)
			canvas_str(c, y, x + i, 1, h, bs);
		return;
	}
	canvas_str(c, y, x, 1, app_glyph(app, sel ? G_TL_SEL : G_TL), bs);
	canvas_str(c, y, x + 1, 1, h, bs);
	int used = 2;
	used += canvas_text(c, y, x + used, 1, " ", 1, bs);
	used += canvas_text(c, y, x + used, width - used - 2, app->lay.text + r->off, (size_t)r->len,
			    sel ? UI_BORDER_SEL : UI_LABEL);
	used += canvas_text(c, y, x + used, 1, " ", 1, bs);
	for (int i = used; i < width; i++)
		canvas_str(c, y, x + i, 1, h, bs);
}

static void draw_vary(const App *app, Canvas *c, int y, int x, int room, const Row *r, int sel)
{
	const Book *b = &app->books[app->cur];
	const LessonBlock *blk = app_cell_block(app, b, r->cell);
	const CellState *cs = &b->cells[r->cell];
	int used = 0;
	for (int i = r->aux; blk && i < r->aux2; i++) {
		char v[64], item[256];
		lesson_vary_value(&blk->cell.vary[i], cs->vary_idx[i], v, sizeof v);
		snprintf(item, sizeof item, "%s %s %s %s", blk->cell.vary[i].name,
			 app_glyph(app, G_LEFT), v, app_glyph(app, G_RIGHT));
		if (i > r->aux)
			used += 3;
		if (used >= room)
			break;
		UiStyle st = sel && i == cs->sel_vary ? UI_PARAM_SEL : UI_PARAM;
		used += app_text(app, c, y, x + used, room - used, item, st);
	}
}

static void draw_input(const App *app, Canvas *c, int y, int x, int room, int *cx)
{
	int used = app_text(app, c, y, x, room, app_str(app, S_YOUR_ANSWER), UI_NORMAL);
	int field = room - used;
	if (field > 24)
		field = 24;
	canvas_fill(c, y, x + used, field, ' ', UI_INPUT);
	char *d = tw_display(app->input_buf, app->input_len, app->mode, NULL);
	if (d) {
		size_t n = strlen(d);
		const char *s = d;
		/* Show the end of a long answer. */
		while (tw_width(s, n - (size_t)(s - d), c->amb_wide) > field - 1 && *s)
			s++;
		while (((unsigned char)*s & 0xC0) == 0x80)
			s++;
		used += canvas_str(c, y, x + used, field - 1, s, UI_INPUT);
		mem_free(d);
	}
	*cx = x + used;
}

static void hints_for(const App *app, const char **h, char *change, size_t change_size)
{
	const Book *b = &app->books[app->cur];
	int n = 0;
	if (app->input == INPUT_QUIZ) {
		h[n++] = "Enter", h[n++] = app_str(app, S_HINT_SUBMIT);
		h[n++] = "Esc", h[n++] = app_str(app, S_HINT_CANCEL);
		h[n] = NULL;
		return;
	}
	const LessonBlock *blk = cell_visible(app, b->sel) ? app_cell_block(app, b, b->sel) : NULL;
	if (blk && blk->kind != LESSON_QUIZ) {
		const CellState *cs = &b->cells[b->sel];
		h[n++] = "Enter", h[n++] = app_str(app, cs->shown ? S_HINT_HIDE : S_HINT_RUN);
		if (cs->n_vary) {
			snprintf(change, change_size, app_str(app, S_HINT_CHANGE),
				 blk->cell.vary[cs->sel_vary].name);
			h[n++] = app_glyph(app, G_LEFTRIGHT), h[n++] = change;
			if (cs->n_vary > 1)
				h[n++] = "v", h[n++] = app_str(app, S_HINT_NEXT_PARAM);
		}
		if (blk->kind == LESSON_EXPERIMENT && app_cell_can_plot(app, b, b->sel))
			h[n++] = "p", h[n++] = app_str(app, S_HINT_PLOT);
	} else if (blk) {
		h[n++] = "Enter", h[n++] = app_str(app, S_HINT_ANSWER);
	} else {
		h[n++] = app_glyph(app, G_UPDOWN), h[n++] = app_str(app, S_HINT_SCROLL);
	}
	h[n++] = "Tab", h[n++] = app_str(app, S_HINT_NEXT_CELL);
	h[n++] = "/", h[n++] = app_str(app, S_HINT_SEARCH);
	if (app->mode != TW_ASCII)
		h[n++] = "L", h[n++] = ui_str(!app->lang, S_LANG_NAME);
	h[n++] = "q", h[n++] = app_str(app, S_HINT_BACK);
	h[n] = NULL;
}

static void reader_draw(const App *app, Canvas *c)
{
	const Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	const Lesson *l = app_lesson(app, b, NULL);
	char left[512], right[64];
	snprintf(left, sizeof left, "%.2s %s %s", b->slug, app->mode != TW_UTF8 ? "-" : "·",
		 l && l->title ? l->title : b->slug);
	int v = view_rows(app);
	int pct = L->n <= v || app->top + v >= L->n ? 100 : (app->top + v) * 100 / L->n;
	snprintf(right, sizeof right, "%s %3d%%", app_str(app, S_LANG_NAME), pct);
	app_draw_header(app, c, left, right);

	int x0, width;
	app_text_column(app, &x0, &width);
	int cx = -1, cy = -1;
	for (int i = 0; i < v && app->top + i < L->n; i++) {
		const Row *r = &L->rows[app->top + i];
		int y = 1 + i;
		int sel = r->cell >= 0 && r->cell == b->sel;
		int x = x0;
		if (r->kind == ROW_TOP || r->kind == ROW_BOTTOM) {
			draw_frame(app, c, y, x0, width, r, sel);
			continue;
		}
		if (r->bar) {
			canvas_str(c, y, x0, 1, app_glyph(app, sel ? G_V_SEL : G_V),
				   sel ? UI_BORDER_SEL : UI_BORDER);
			x += 2;
		}
		x += r->indent;
		int room = x0 + width - x;
		if (room <= 0)
			continue;
		switch ((RowKind)r->kind) {
		case ROW_TEXT:
			draw_text_row(app, c, y, x, room, r);
			break;
		case ROW_VARY:
			draw_vary(app, c, y, x, room, r, sel);
			break;
		case ROW_INPUT:
			draw_input(app, c, y, x, room, &cx);
			cy = y;
			break;
		default:
			break;
		}
	}

	if (app->input == INPUT_SEARCH) {
		int y = c->rows - 1;
		canvas_fill(c, y, 0, c->cols, ' ', UI_STATUS);
		int used = 1 + app_text(app, c, y, 1, c->cols - 2, app_str(app, S_SEARCH_PROMPT), UI_STATUS);
		char *d = tw_display(app->input_buf, app->input_len, app->mode, NULL);
		if (d) {
			used += canvas_str(c, y, used, c->cols - 1 - used, d, UI_STATUS);
			mem_free(d);
		}
		cy = y;
		cx = used;
	} else {
		const char *h[40];
		char change[128], help[64];
		hints_for(app, h, change, sizeof change);
		snprintf(help, sizeof help, "? %s", app_str(app, S_HINT_HELP));
		app_draw_status(app, c, h, app->input == INPUT_NONE ? help : NULL);
	}
	if (cy >= 0 && cx < c->cols)
		canvas_cursor(c, cy, cx);
}

/* }==== */

/* {==== Keys ==== */

/* How long after a choice answered by its key an Enter still counts as part of typing it. */
#define SWALLOW_S 0.6

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void input_add(App *app, int key)
{
	char u[4];
	int n = tw_encode((uint32_t)key, u);
	if (app->input_len + (size_t)n + 1 >= sizeof app->input_buf)
		return;
	memcpy(app->input_buf + app->input_len, u, (size_t)n);
	app->input_len += (size_t)n;
	app->input_buf[app->input_len] = '\0';
}

static void input_backspace(App *app)
{
	while (app->input_len > 0) {
		unsigned char ch = (unsigned char)app->input_buf[--app->input_len];
		if ((ch & 0xC0) != 0x80)
			break;
	}
	app->input_buf[app->input_len] = '\0';
}

static int is_text_key(int key)
{
	return key >= 0x20 && key != 0x7F && key < 0x110000;
}

/* A key while an answer or a search is being typed. */
static void input_key(App *app, int key)
{
	Book *b = &app->books[app->cur];
	if (key == UI_KEY_ESC) {
		if (app->input == INPUT_QUIZ)
			app->lay.valid = 0;
		app->input = INPUT_NONE;
		return;
	}
	if (key == UI_KEY_BACKSPACE || key == 0x7F || key == 8) {
		input_backspace(app);
		return;
	}
	if (key == '\n' || key == '\r') {
		if (app->input == INPUT_SEARCH) {
			snprintf(app->search, sizeof app->search, "%s", app->input_buf);
			app->input = INPUT_NONE;
			search(app, app->top, 1, 1);
		} else if (app_answer(app, b, app->input_cell, app->input_buf)) {
			app->input = INPUT_NONE;
		}
		return;
	}
	if (!is_text_key(key))
		return;
	/* A choice quiz: the key of a choice answers at once. */
	if (app->input == INPUT_QUIZ && app->input_len == 0 && key < 0x80) {
		const LessonBlock *blk = app_cell_block(app, b, app->input_cell);
		if (blk && blk->cell.kind == LESSON_QUIZ_CHOICE)
			for (int i = 0; i < blk->cell.n_choices; i++) {
				const char *k = blk->cell.choices[i].key;
				if (k[0] && !k[1] && tolower((unsigned char)k[0]) == tolower(key)) {
					char one[2] = { (char)key, 0 };
					if (app_answer(app, b, app->input_cell, one)) {
						app->input = INPUT_NONE;
						app->swallow_until = now_s() + SWALLOW_S;
					}
					return;
				}
			}
	}
	input_add(app, key);
}

static void next_cell(App *app, int dir)
{
	Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	int k;
	if (cell_visible(app, b->sel)) {
		k = b->sel + dir;
	} else if (dir > 0) {
		for (k = 0; k < b->n_cells && L->cell_first[k] < app->top; k++)
			;
	} else {
		for (k = b->n_cells - 1; k >= 0 && L->cell_first[k] >= app->top; k--)
			;
	}
	while (k >= 0 && k < b->n_cells && L->cell_first[k] < 0)
		k += dir;
	if (k < 0 || k >= b->n_cells)
		return;
	b->sel = k;
	int v = view_rows(app);
	if (L->cell_first[k] < app->top || L->cell_first[k] >= app->top + v - 2 ||
	    (L->cell_last[k] >= app->top + v && L->cell_last[k] - L->cell_first[k] < v))
		set_top(app, L->cell_first[k] - 1);
}

static void cell_key(App *app, int key)
{
	Book *b = &app->books[app->cur];
	int k = b->sel;
	if (!cell_visible(app, k)) {
		app_message(app, 0, S_NO_CELL_ON_SCREEN);
		return;
	}
	const LessonBlock *blk = app_cell_block(app, b, k);
	CellState *cs = &b->cells[k];
	if (!blk)
		return;
	switch (key) {
	case '\n':
	case '\r':
		if (blk->kind == LESSON_QUIZ) {
			app->input = INPUT_QUIZ;
			app->input_cell = k;
			app->input_len = 0;
			app->input_buf[0] = '\0';
		} else {
			cs->shown = !cs->shown;
			if (cs->shown) {
				if (app_run_cell(app, b, k))
					app->reveal = k;
				else
					cs->shown = 0;   /* it cannot run: the message says why */
			}
		}
		app->lay.valid = 0;
		break;
	case 'h':
	case 'l':
	case UI_KEY_LEFT:
	case UI_KEY_RIGHT: {
		if (blk->kind != LESSON_EXPERIMENT || cs->n_vary == 0) {
			app_message(app, 0, S_NO_PARAMS);
			break;
		}
		int dir = key == 'h' || key == UI_KEY_LEFT ? -1 : 1;
		int *idx = &cs->vary_idx[cs->sel_vary];
		int n = lesson_vary_count(&blk->cell.vary[cs->sel_vary]);
		int to = *idx + dir;
		if (to < 0 || to >= n)
			break;
		*idx = to;
		cs->shown = app_run_cell(app, b, k) != NULL;
		app->lay.valid = 0;
		app->reveal = k;   /* the new output, not only the parameter line, in view */
		break;
	}
	case 'v':
		if (cs->n_vary == 0)
			app_message(app, 0, S_NO_PARAMS);
		else
			cs->sel_vary = (cs->sel_vary + 1) % cs->n_vary;
		break;
	case 'r':
		if (cs->n_vary == 0) {
			app_message(app, 0, S_NO_PARAMS);
			break;
		}
		app_reset_params(app, b, k);
		if (cs->shown)
			app_run_cell(app, b, k);
		app->lay.valid = 0;
		app->reveal = k;
		app_message(app, 0, S_PARAMS_RESET);
		break;
	case 'p':
		app_plot_cell(app, b, k);
		break;
	case 'w':
		cs->wrap_all = !cs->wrap_all;
		cs->pan = 0;
		app->lay.valid = 0;
		break;
	case '<':
	case '>': {
		int x0, width;
		app_text_column(app, &x0, &width);
		int room = width - 2, step = room / 4 > 8 ? room / 4 : 8;
		if (cs->wrap_all) {
			cs->wrap_all = 0;
			app->lay.valid = 0;
		}
		cs->pan += key == '>' ? step : -step;
		if (cs->pan > cs->out_cols - room + 1)
			cs->pan = cs->out_cols - room + 1;
		if (cs->pan < 0)
			cs->pan = 0;
		break;
	}
	}
}

static void reader_key(App *app, int key)
{
	int swallow = app->swallow_until > 0 && now_s() < app->swallow_until;
	app->swallow_until = 0;
	if (swallow && (key == '\n' || key == '\r'))
		return;
	if (app->input != INPUT_NONE) {
		int nav = key == '\t' || key == UI_KEY_BTAB || key == UI_KEY_UP || key == UI_KEY_DOWN ||
			  key == UI_KEY_PGUP || key == UI_KEY_PGDN || key == UI_KEY_HOME ||
			  key == UI_KEY_END;
		if (!nav) {
			input_key(app, key);
			return;
		}
		/* Moving away leaves the answer or the search unfinished. */
		input_key(app, UI_KEY_ESC);
	}
	int v = view_rows(app);
	switch (key) {
	case 'j':
	case UI_KEY_DOWN:
		set_top(app, app->top + 1);
		break;
	case 'k':
	case UI_KEY_UP:
		set_top(app, app->top - 1);
		break;
	case ' ':
	case UI_KEY_PGDN:
	case UI_KEY_CTRL('f'):
		set_top(app, app->top + (v > 2 ? v - 2 : 1));
		break;
	case 'b':
	case UI_KEY_PGUP:
	case UI_KEY_CTRL('b'):
		set_top(app, app->top - (v > 2 ? v - 2 : 1));
		break;
	case 'g':
	case UI_KEY_HOME:
		set_top(app, 0);
		break;
	case 'G':
	case UI_KEY_END:
		set_top(app, max_top(app));
		break;
	case '\t':
		next_cell(app, 1);
		break;
	case UI_KEY_BTAB:
		next_cell(app, -1);
		break;
	case '\n':
	case '\r':
	case 'h':
	case 'l':
	case UI_KEY_LEFT:
	case UI_KEY_RIGHT:
	case 'v':
	case 'r':
	case 'p':
	case 'w':
	case '<':
	case '>':
		cell_key(app, key);
		break;
	case '/':
		app->input = INPUT_SEARCH;
		app->input_len = 0;
		app->input_buf[0] = '\0';
		break;
	case 'n':
		search(app, app->search[0] && app->match_row >= 0 ? app->match_row : app->top, 1,
		       app->match_row < 0);
		break;
	case 'N':
		search(app, app->search[0] && app->match_row >= 0 ? app->match_row : app->top, -1,
		       app->match_row < 0);
		break;
	case 'L':
		app_toggle_lang(app);
		app->match_row = -1;
		break;
	case 'e':
		app_open_exercises(app);
		break;
	case '?':
	case UI_KEY_F1:
		app_open_help(app);
		break;
	case 'q':
	case UI_KEY_ESC:
		app_close_book(app);
		break;
	}
}

/* }==== */

const Screen screen_reader = { "reader", reader_draw, reader_key, reader_prepare };
