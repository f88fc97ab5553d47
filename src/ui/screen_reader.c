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

static void reader_key(App *app, int key)
{
	if (reader_swallowed(app, key))
		return;
	if (app->input != INPUT_NONE) {
		int nav = key == '\t' || key == UI_KEY_BTAB || key == UI_KEY_UP || key == UI_KEY_DOWN ||
			  key == UI_KEY_PGUP || key == UI_KEY_PGDN || key == UI_KEY_HOME ||
			  key == UI_KEY_END;
		if (!nav) {
			reader_input_key(app, key);
			return;
		}
		/* Moving away leaves the answer or the search unfinished. */
		reader_input_key(app, UI_KEY_ESC);
	}
	if (reader_choice_key(app, key))
		return;
	int v = reader_view_rows(app);
	switch (key) {
	case 'j':
	case UI_KEY_DOWN:
		reader_set_top(app, app->top + 1);
		break;
	case 'k':
	case UI_KEY_UP:
		reader_set_top(app, app->top - 1);
		break;
	case ' ':
	case UI_KEY_PGDN:
	case UI_KEY_CTRL('f'):
		reader_set_top(app, app->top + (v > 2 ? v - 2 : 1));
		break;
	case 'b':
	case UI_KEY_PGUP:
	case UI_KEY_CTRL('b'):
		reader_set_top(app, app->top - (v > 2 ? v - 2 : 1));
		break;
	case 'g':
	case UI_KEY_HOME:
		reader_set_top(app, 0);
		break;
	case 'G':
	case UI_KEY_END:
		reader_set_top(app, reader_max_top(app));
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
	case UI_KEY_REVEAL:
	case 'w':
	case '<':
	case '>':
		reader_cell_key(app, key);
		break;
	case '/':
		app->input = INPUT_SEARCH;
		app->input_len = 0;
		app->input_buf[0] = '\0';
		break;
	case 'n':
		reader_search(app, app->search[0] && app->match_row >= 0 ? app->match_row : app->top, 1,
		       app->match_row < 0);
		break;
	case 'N':
		reader_search(app, app->search[0] && app->match_row >= 0 ? app->match_row : app->top, -1,
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
