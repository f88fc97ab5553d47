/* screen_reader: one lesson as a scrolled document, its cells run in place. In src/ui.
 * The lesson is laid out into rows of display text (reader_layout.c, on prepare in
 * reader_position.c) and drawing copies the rows on screen (reader_draw.c); cell outputs
 * are rows of the same document, so the learner scrolls through prose, tables and plots
 * alike. Here: the screen's table, its keys and search; cells' keys are in reader_cells.c. */
#include "ui/reader_internal.h"

#include "core/mem.h"

#include <ctype.h>
#include <string.h>

/* {==== Search ==== */

/* The first match of needle in hay[0..n) at or after from, ASCII letters folded; -1 none. */
int reader_find_in(const char *hay, size_t n, const char *needle, size_t from)
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
	return reader_find_in(app->lay.text + r->off, (size_t)r->len, needle, 0) >= 0;
}

/* From the row after `from` (or `from` itself when inclusive), in direction dir. */
void reader_search(App *app, int from, int dir, int inclusive)
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
	if (found < app->top || found >= app->top + reader_view_rows(app))
		reader_set_top(app, found - reader_view_rows(app) / 3);
	app->match_row = found;
	app_message(app, 0, wrapped ? S_SEARCH_WRAPPED : S_SEARCH_MATCH, nth, total);
}

/* }==== */

/* {==== Keys ==== */

static void next_cell(App *app, int dir)
{
	Book *b = &app->books[app->cur];
	const Layout *L = &app->lay;
	int k;
	if (reader_cell_visible(app, b->sel)) {
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
	int v = reader_view_rows(app);
	if (L->cell_first[k] < app->top || L->cell_first[k] >= app->top + v - 2 ||
	    (L->cell_last[k] >= app->top + v && L->cell_last[k] - L->cell_first[k] < v))
		reader_set_top(app, L->cell_first[k] - 1);
}

/* Keys that move away from an answer or a search being typed (the letters among the
 * reader's moves, j k b and Space, are typed in). */
static int leaves_input(int key, KeyAct a)
{
	if (key >= 0x20 && key != 0x7F && key < UI_KEY_UP)
		return 0;
	return a == KA_NEXT_CELL || a == KA_PREV_CELL || a == KA_UP || a == KA_DOWN ||
	       a == KA_PGUP || a == KA_PGDN || a == KA_HOME || a == KA_END;
}

static void reader_key(App *app, int key)
{
	if (reader_swallowed(app, key))
		return;
	KeyAct a = keys_act(&keys_reader, key);
	if (app->input != INPUT_NONE) {
		if (!leaves_input(key, a)) {
			reader_input_key(app, key);
			return;
		}
		/* Moving away leaves the answer or the search unfinished. */
		reader_input_key(app, keys_row(&keys_quiz, KA_CANCEL)->keys[0]);
	}
	if (reader_choice_key(app, key))
		return;
	int v = reader_view_rows(app), to;
	if (keys_move(a, app->top, v > 2 ? v - 2 : 1, reader_max_top(app), &to)) {
		reader_set_top(app, to);
		return;
	}
	if (app_shared_key(app, a)) {
		if (a == KA_LANG) /* the match's row is the other language's */
			app->match_row = -1;
		return;
	}
	switch (a) {
	case KA_NEXT_CELL:
		next_cell(app, 1);
		break;
	case KA_PREV_CELL:
		next_cell(app, -1);
		break;
	case KA_CELL:
	case KA_PARAM_DOWN:
	case KA_PARAM_UP:
	case KA_NEXT_PARAM:
	case KA_RESET:
	case KA_PLOT:
	case KA_REVEAL:
	case KA_WRAP:
	case KA_PAN_LEFT:
	case KA_PAN_RIGHT:
		reader_cell_key(app, a);
		break;
	case KA_SEARCH:
		app->input = INPUT_SEARCH;
		app->input_len = 0;
		app->input_buf[0] = '\0';
		break;
	case KA_NEXT_MATCH:
	case KA_PREV_MATCH:
		reader_search(app, app->search[0] && app->match_row >= 0 ? app->match_row : app->top,
			      a == KA_NEXT_MATCH ? 1 : -1, app->match_row < 0);
		break;
	case KA_BACK:
		app_close_book(app);
		break;
	default:
		break;
	}
}

/* }==== */

const Screen screen_reader = { "reader", reader_draw, reader_key, reader_prepare };
