/* reader_layout: a lesson turned into the rows of the reader's document. In src/ui, under
 * reader_position.c (prepare calls it) and over textwidth and src/learn. Blocks become
 * rows of display text wrapped by columns; prose loses its emphasis markers to a mark per
 * byte (lay.attr), so that wrapping counts what is drawn; cells become framed rows with their
 * parameters, their output (prose wrapped, tables cut to pan) and their quiz answers
 * (what a quiz shows after an answer is quiz.c's: app_quiz_lines). Laid out once per (width, language, cell state). */
#include "ui/reader_internal.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

/* {==== Building the rows ==== */

typedef struct Builder {
	App *app;
	Layout *L;
	Book *b;
	int width;
	int block, cell;    /* what new rows belong to */
	int bar;            /* inside a cell */
	int failed;
} Builder;

/* n bytes of text and their emphasis marks (attr NULL: none) at the end of L->text. */
static size_t add_text(Builder *B, const char *s, const unsigned char *attr, size_t n)
{
	Layout *L = B->L;
	if (L->len + n + 1 > L->cap_text || !L->attr) {
		size_t cap = L->cap_text ? L->cap_text : 4096;
		while (L->len + n + 1 > cap)
			cap *= 2;
		char *t = mem_realloc(L->text, cap);
		if (t)
			L->text = t;
		unsigned char *a = t ? mem_realloc(L->attr, cap) : NULL;
		if (a)
			L->attr = a;
		if (!t || !a) {
			B->failed = 1;
			return 0;
		}
		L->cap_text = cap;
	}
	size_t off = L->len;
	memcpy(L->text + off, s, n);
	if (attr)
		memcpy(L->attr + off, attr, n);
	else
		memset(L->attr + off, 0, n);
	L->len += n;
	L->text[L->len] = '\0';
	L->attr[L->len] = 0;
	return off;
}

static Row *add_row_marked(Builder *B, RowKind kind, UiStyle st, int indent, const char *s,
			   const unsigned char *attr, size_t n)
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
	size_t off = add_text(B, s ? s : "", s ? attr : NULL, s ? n : 0);
	if (B->failed)
		return NULL;
	Row *r = &L->rows[L->n++];
	*r = (Row){ .kind = (unsigned char)kind, .style = (unsigned char)st, .bar = (unsigned char)B->bar,
		    .indent = (short)indent, .block = B->block, .cell = B->cell, .off = off,
		    .len = (int)n };
	return r;
}

static Row *add_row(Builder *B, RowKind kind, UiStyle st, int indent, const char *s, size_t n)
{
	return add_row_marked(B, kind, st, indent, s, NULL, n);
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

/* Lesson prose s (n bytes) as shown: its emphasis markers gone (lesson_emphasis) and each
 * stretch of one emphasis through tw_display, so that an ASCII spelling can never become a
 * marker. The text to free, its marks per byte into *attr (to free), its length into *len. */
static char *display_marked(const App *app, const char *s, size_t n, unsigned char **attr,
			    size_t *len)
{
	char *plain = mem_alloc(n + 1), *out = NULL;
	unsigned char *marks = mem_alloc(n + 1), *oa = NULL;
	size_t used = 0, cap = 0;
	*attr = NULL;
	if (!plain || !marks)
		goto fail;
	size_t m = lesson_emphasis(s, n, plain, marks);
	if (!(out = mem_alloc(1)) || !(oa = mem_alloc(1)))
		goto fail;
	cap = 1;
	for (size_t i = 0; i < m;) {
		size_t j = i, dn;
		while (j < m && marks[j] == marks[i])
			j++;
		char *d = tw_display(plain + i, j - i, app->mode, &dn);
		if (!d)
			goto fail;
		if (used + dn + 1 > cap) {
			while (used + dn + 1 > cap)
				cap *= 2;
			char *t = mem_realloc(out, cap);
			if (t)
				out = t;
			unsigned char *a = t ? mem_realloc(oa, cap) : NULL;
			if (a)
				oa = a;
			if (!t || !a) {
				mem_free(d);
				goto fail;
			}
		}
		memcpy(out + used, d, dn);
		memset(oa + used, marks[i], dn);
		used += dn;
		mem_free(d);
		i = j;
	}
	out[used] = '\0';
	oa[used] = 0;
	mem_free(plain);
	mem_free(marks);
	*attr = oa;
	*len = used;
	return out;
fail:
	mem_free(plain);
	mem_free(marks);
	mem_free(out);
	mem_free(oa);
	return NULL;
}

/* Raw text (lesson or command output), shown in the app's mode, wrapped. Newlines start
 * new lines; continuation lines are indented by hang more. With md, lesson prose: its
 * emphasis is drawn, not its markers, and the wrapping counts what is drawn. */
static void add_wrapped_md(Builder *B, const char *raw, size_t n, UiStyle st, int indent,
			   int hang, TwWrap how, int md)
{
	int amb = B->app->mode == TW_AMBIGUOUS_WIDE;
	const char *p = raw, *end = raw + n;
	while (!B->failed) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		unsigned char *da = NULL;
		size_t dn = 0;
		char *d = md ? display_marked(B->app, p, len, &da, &dn)
			     : tw_display(p, len, B->app->mode, &dn);
		TwLines lines = { 0 };
		if (!d || tw_wrap(d, dn, avail(B, indent + hang), how, amb, &lines) < 0)
			B->failed = 1;
		for (int i = 0; i < lines.n && !B->failed; i++)
			add_row_marked(B, ROW_TEXT, st, indent + (i ? hang : 0), d + lines.items[i].start,
				       da ? da + lines.items[i].start : NULL, lines.items[i].len);
		tw_lines_free(&lines);
		mem_free(d);
		mem_free(da);
		if (!e)
			break;
		p = e + 1;
	}
}

static void add_wrapped(Builder *B, const char *raw, size_t n, UiStyle st, int indent, int hang,
			TwWrap how)
{
	add_wrapped_md(B, raw, n, st, indent, hang, how, 0);
}

static void add_str(Builder *B, const char *s, UiStyle st, int indent, int hang)
{
	add_wrapped(B, s, strlen(s), st, indent, hang, TW_WRAP_WORDS);
}

/* Lesson prose: headings, paragraphs, items, captions, questions, choices, explanations. */
static void add_prose(Builder *B, const char *s, UiStyle st, int indent, int hang)
{
	add_wrapped_md(B, s, strlen(s), st, indent, hang, TW_WRAP_WORDS, 1);
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
		int w = utf8_width(d, strlen(d), amb);
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
				last_w = qd ? utf8_width(qd, strlen(qd), amb) : 0;
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
	/* Under the command, where a short terminal still shows it. */
	if (r->too_small)
		add_str(B, app_str(B->app, S_PLOT_TOO_SMALL), UI_HINT, 0, 0);
	/* A train cell: how to stop it while it runs, or that this output is kept from before,
	 * or stopped by the learner (train_cell.c). */
	if (r->live) {
		add_str(B, app_str(B->app, S_TRAIN_STOP_HINT), UI_HINT, 0, 0);
	} else if (r->train) {
		if (!r->just_ran)
			add_str(B, app_str(B->app, S_TRAIN_CACHED), UI_HINT, 0, 0);
		if (r->stopped) {
			char msg[256];
			snprintf(msg, sizeof msg, app_str(B->app, S_TRAIN_STOPPED), r->points);
			add_str(B, msg, UI_HINT, 0, 0);
		}
	}
	int cut = 0;
	cs->out_cols = 0;
	add_output(B, r->out, UI_OUTPUT, cs, &cut);
	add_output(B, r->err, UI_ERROR, cs, &cut);
	if (r->status != 0 && r->status != 1 && !r->refused) {
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
	int w = utf8_width(d, strlen(d), amb);
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
			add_prose(B, c->caption.s, UI_CAPTION, 0, 0);
		if (cs->n_vary)
			add_vary(B, blk, cs);
		const CellRun *r = cs->shown ? app_cell_output(app, B->b, k) : NULL;
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
			add_prose(B, c->ask.s, UI_NORMAL, 0, 0);
		for (int i = 0; i < c->n_choices; i++) {
			char line[1024];
			snprintf(line, sizeof line, "%s) %s", c->choices[i].key, c->choices[i].text);
			add_prose(B, line, UI_NORMAL, 2, (int)strlen(c->choices[i].key) + 2);
		}
		int typing = app->input == INPUT_QUIZ && app->input_cell == k;
		QuizLines q;
		app_quiz_lines(app, B->b, k, &q);
		for (int i = 0; i < q.n; i++)
			if (q.line[i].style == UI_EXPLAIN) /* the lesson's own text, with emphasis */
				add_prose(B, q.line[i].text, q.line[i].style, 0, q.line[i].hang);
			else
				add_str(B, q.line[i].text, q.line[i].style, 0, q.line[i].hang);
		const CellRun *r = q.show_run ? app_cell_output(app, B->b, k) : NULL;
		if (r) {
			add_str(B, app_str(app, S_PREDICT_RUN), UI_HINT, 0, 0);
			add_run(B, r, cs);
		}
		if (typing)
			add_row(B, ROW_INPUT, UI_INPUT, 0, "", 0);
		else
			add_str(B, app_str(app, q.hint), UI_HINT, 0, 0);
		app_quiz_lines_free(&q);
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

void reader_build(App *app)
{
	Layout *L = &app->lay;
	Book *b = &app->books[app->cur];
	int lang, x0;
	const Lesson *l = app_lesson(app, b, &lang);
	Builder B = { .app = app, .L = L, .b = b, .cell = -1 };
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
			add_prose(&B, blk->text ? blk->text : "",
				blk->level == 1 ? UI_TITLE : blk->level == 2 ? UI_HEADING : UI_SUBHEADING, 0, 0);
			break;
		case LESSON_PARAGRAPH:
			add_prose(&B, blk->text ? blk->text : "", UI_NORMAL, 0, 0);
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
			int hang = utf8_width(dm, strlen(dm), app->mode == TW_AMBIGUOUS_WIDE);
			mem_free(dm);
			add_prose(&B, s, UI_NORMAL, 0, hang);
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
