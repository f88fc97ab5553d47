/* reader_position: where the reader is in its document, and which cell is selected. In
 * src/ui, over reader_layout.c. The position is kept as a block and a row offset into it,
 * so it survives a resize and maps across the two languages; prepare lays the document out
 * again when it is stale and scrolls a cell that just ran or is being answered into view. */
#include "ui/reader_internal.h"

/* {==== Position and selection ==== */

int reader_view_rows(const App *app)
{
	return app->rows - 2;
}

int reader_max_top(const App *app)
{
	int m = app->lay.n - reader_view_rows(app);
	return m < 0 ? 0 : m;
}

void reader_set_top(App *app, int top)
{
	Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	if (top > reader_max_top(app))
		top = reader_max_top(app);
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

int reader_cell_visible(const App *app, int k)
{
	const Layout *L = &app->lay;
	if (k < 0 || k >= L->n_cells || L->cell_first[k] < 0)
		return 0;
	return L->cell_first[k] < app->top + reader_view_rows(app) && L->cell_last[k] >= app->top;
}

/* The rows of cell k on screen. */
static int rows_shown(const App *app, int k)
{
	const Layout *L = &app->lay;
	if (!reader_cell_visible(app, k))
		return 0;
	int first = L->cell_first[k] > app->top ? L->cell_first[k] : app->top;
	int last = app->top + reader_view_rows(app) - 1;
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
	if (reader_cell_visible(app, sel) && L->cell_first[sel] >= app->top)
		return;
	int best = -1, best_rows = reader_cell_visible(app, sel) ? rows_shown(app, sel) : 0;
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
	int v = reader_view_rows(app);
	if (first >= app->top && last < app->top + v)
		return;
	if (last - first + 1 <= v && last >= app->top + v && first >= app->top)
		reader_set_top(app, last - v + 1);
	else
		reader_set_top(app, first > 0 ? first - 1 : 0);
}

void reader_prepare(App *app)
{
	if (app->cur < 0)
		return;
	Book *b = &app->books[app->cur];
	Layout *L = &app->lay;
	int x0, width, lang;
	app_text_column(app, &x0, &width);
	app_lesson(app, b, &lang);
	if (!L->valid || L->width != width || L->lang != lang || L->book != app->cur) {
		reader_build(app);
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
		reader_set_top(app, top);
		/* Near the end the top is clamped: keep the intended anchor. */
		if (app->top != top) {
			b->anchor_block = keep_block;
			b->anchor_off = keep_off;
		}
	} else {
		reader_set_top(app, app->top);
	}
	if (app->reveal >= 0 && app->reveal < L->n_cells && L->cell_first[app->reveal] >= 0) {
		/* A cell just ran or was answered: show its end, keeping its top on screen. */
		int first = L->cell_first[app->reveal], last = L->cell_last[app->reveal];
		int v = reader_view_rows(app);
		if (last >= app->top + v) {
			int top = last - v + 1;
			if (top > first - 1)
				top = first > 0 ? first - 1 : 0;
			if (top > app->top)
				reader_set_top(app, top);
		}
		app->reveal = -1;
	}
	if (app->input == INPUT_QUIZ)
		for (int i = 0; i < L->n; i++)
			if (L->rows[i].kind == ROW_INPUT) {
				show_rows(app, L->cell_first[app->input_cell], i);
				if (i >= app->top + reader_view_rows(app))
					reader_set_top(app, i - reader_view_rows(app) + 2);
			}
	fix_selection(app);
}

/* }==== */
