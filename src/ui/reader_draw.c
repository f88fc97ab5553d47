/* reader_draw: the reader's document on the canvas. In src/ui, over the layout in app->lay:
 * drawing copies the rows on screen (text in its emphasis, search matches marked, panned
 * output lines, cell frames, parameters, the answer being typed), then the header, the hints
 * for the selected cell and the search prompt. Writes only to the Canvas. */
#include "ui/reader_internal.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

/* {==== Drawing ==== */

/* An unwrapped output line, scrolled pan columns to the left, with marks where it goes on. */
static void draw_panned_row(const App *app, Canvas *c, int y, int x, int room, const Row *r)
{
	const char *s = app->lay.text + r->off;
	size_t len = (size_t)r->len;
	int pan = app->books[app->cur].cells[r->cell].pan, used;
	size_t skip = utf8_fit(s, len, pan, c->amb_wide, &used);
	int dx = 0;
	if (used < pan && skip < len) {   /* a wide character across the edge */
		utf8_next_n(s, len, &skip);
		dx = 1;
	}
	canvas_text(c, y, x + dx, room - dx, s + skip, len - skip, (UiStyle)r->style);
	if (pan > 0 && len > 0)
		canvas_str(c, y, x, 1, app->mode == TW_ASCII ? "<" : "‹", UI_HINT);
	if (utf8_width(s, len, c->amb_wide) - pan > room)
		canvas_str(c, y, x + room - 1, 1, app->mode == TW_ASCII ? ">" : "›", UI_HINT);
}

/* The style of prose in style st marked with LESSON_* marks: code as code blocks are,
 * emphasis as bold or underline. Headings and titles keep their own. */
static UiStyle marked_style(UiStyle st, unsigned marks)
{
	if (!marks || (st != UI_NORMAL && st != UI_EXPLAIN && st != UI_CAPTION))
		return st;
	if (marks & LESSON_CODE_SPAN)
		return UI_CODE;
	unsigned both = LESSON_EMPH | LESSON_STRONG;
	return (marks & both) == both ? UI_EMPH_STRONG : marks & LESSON_STRONG ? UI_STRONG : UI_EMPH;
}

/* A row of text, each stretch of one emphasis in its style. */
static void draw_marked(const App *app, Canvas *c, int y, int x, int room, const Row *r)
{
	const char *s = app->lay.text + r->off;
	const unsigned char *a = app->lay.attr ? app->lay.attr + r->off : NULL;
	size_t n = (size_t)r->len;
	int used = 0;
	for (size_t i = 0; i < n && used < room;) {
		size_t j = i + 1;
		while (a && j < n && a[j] == a[i])
			j++;
		if (!a)
			j = n;
		used += canvas_text(c, y, x + used, room - used, s + i, j - i,
				    marked_style((UiStyle)r->style, a ? a[i] : 0));
		i = j;
	}
}

static void draw_text_row(const App *app, Canvas *c, int y, int x, int room, const Row *r)
{
	const char *s = app->lay.text + r->off;
	if (r->aux == 1 && r->cell >= 0) {
		draw_panned_row(app, c, y, x, room, r);
		return;
	}
	draw_marked(app, c, y, x, room, r);
	if (!app->search[0] || app->input == INPUT_SEARCH)
		return;
	char *needle = app_display(app, app->search);
	size_t m = strlen(needle);
	int at = -1;
	size_t from = 0;
	while (m && (at = reader_find_in(s, (size_t)r->len, needle, from)) >= 0) {
		int col = utf8_width(s, (size_t)at, c->amb_wide);
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
		while (utf8_width(s, n - (size_t)(s - d), c->amb_wide) > field - 1 && *s)
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
		h[n++] = keys_hint(&keys_quiz, KA_SUBMIT), h[n++] = app_str(app, S_HINT_SUBMIT);
		h[n++] = keys_hint(&keys_quiz, KA_CANCEL), h[n++] = app_str(app, S_HINT_CANCEL);
		h[n] = NULL;
		return;
	}
	const LessonBlock *blk = reader_cell_visible(app, b->sel) ? app_cell_block(app, b, b->sel) : NULL;
	if (blk && blk->kind != LESSON_QUIZ) {
		const CellState *cs = &b->cells[b->sel];
		h[n++] = keys_hint(&keys_reader, KA_CELL),
		h[n++] = app_str(app, cs->shown ? S_HINT_HIDE : S_HINT_RUN);
		if (cs->n_vary) {
			snprintf(change, change_size, app_str(app, S_HINT_CHANGE),
				 blk->cell.vary[cs->sel_vary].name);
			h[n++] = app_glyph(app, G_LEFTRIGHT), h[n++] = change;
			if (cs->n_vary > 1)
				h[n++] = keys_hint(&keys_reader, KA_NEXT_PARAM),
				h[n++] = app_str(app, S_HINT_NEXT_PARAM);
		}
		if (blk->kind == LESSON_EXPERIMENT && app_cell_can_plot(app, b, b->sel))
			h[n++] = keys_hint(&keys_reader, KA_PLOT), h[n++] = app_str(app, S_HINT_PLOT);
	} else if (blk) {
		/* A choice quiz takes its letters; Tab, further on, leaves it. */
		const CellState *cs = &b->cells[b->sel];
		int nc = blk->cell.n_choices;
		if (blk->cell.kind == LESSON_QUIZ_CHOICE && nc > 0 && !blk->cell.choices[0].key[1]) {
			snprintf(change, change_size, "%s-%s", blk->cell.choices[0].key,
				 blk->cell.choices[nc - 1].key);
			h[n++] = change, h[n++] = app_str(app, S_HINT_CHOOSE);
		} else {
			h[n++] = keys_hint(&keys_reader, KA_CELL), h[n++] = app_str(app, S_HINT_ANSWER);
		}
		if (!cs->revealed && !(cs->answer && cs->correct))
			h[n++] = keys_hint(&keys_reader, KA_REVEAL), h[n++] = app_str(app, S_HINT_REVEAL);
	} else {
		h[n++] = app_glyph(app, G_UPDOWN), h[n++] = app_str(app, S_HINT_SCROLL);
	}
	h[n++] = keys_hint(&keys_reader, KA_NEXT_CELL), h[n++] = app_str(app, S_HINT_NEXT_CELL);
	h[n++] = keys_hint(&keys_reader, KA_SEARCH), h[n++] = app_str(app, S_HINT_SEARCH);
	if (app->mode != TW_ASCII)
		h[n++] = keys_hint(&keys_reader, KA_LANG), h[n++] = ui_str(lang_next(app->lang), S_LANG_NAME);
	h[n++] = keys_hint(&keys_reader, KA_BACK), h[n++] = app_str(app, S_HINT_BACK);
	h[n] = NULL;
}

void reader_draw(const App *app, Canvas *c)
{
	const Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	const Lesson *l = app_lesson(app, b, NULL);
	char left[512], right[64], title[400];
	const char *t = l && l->title ? l->title : b->slug;
	size_t tn = strlen(t);
	if (tn >= sizeof title)
		tn = sizeof title - 1;
	lesson_emphasis(t, tn, title, NULL);   /* a title is drawn as the header's, unmarked */
	snprintf(left, sizeof left, "%.2s %s %s", b->slug, app->mode != TW_UTF8 ? "-" : "·", title);
	int v = reader_view_rows(app);
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
		snprintf(help, sizeof help, "%s %s", keys_hint(&keys_reader, KA_HELP),
			 app_str(app, S_HINT_HELP));
		app_draw_status(app, c, h, app->input == INPUT_NONE ? help : NULL);
	}
	if (cy >= 0 && cx < c->cols)
		canvas_cursor(c, cy, cx);
}

/* }==== */
