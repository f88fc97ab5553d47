/* screen_toc: the table of contents, the book's first screen. In src/ui. One row per
 * lesson: its number, its title in the current language, a mark when it was opened before
 * and the quizzes answered right at the first try (before asking for the answer) out of
 * all: a right answer after a wrong one or after the answer was shown does not count. e
 * opens the exercises. */
#include "ui/app.h"
#include "ui/keys.h"

#include "core/mem.h"

#include <string.h>

#define LIST_Y 3   /* header, blank, column heads */

static int legend_rows(const App *app)
{
	return app->rows >= 16 ? 2 : 0;
}

static int list_rows(const App *app)
{
	int n = app->rows - 1 - LIST_Y - legend_rows(app);
	return n < 1 ? 1 : n;
}

static void toc_prepare(App *app)
{
	if (app->toc_sel >= app->n_books)
		app->toc_sel = app->n_books - 1;
	if (app->toc_sel < 0)
		app->toc_sel = 0;
	int n = list_rows(app);
	if (app->toc_sel < app->toc_top)
		app->toc_top = app->toc_sel;
	if (app->toc_sel >= app->toc_top + n)
		app->toc_top = app->toc_sel - n + 1;
	if (app->toc_top > app->n_books - n)
		app->toc_top = app->n_books - n;
	if (app->toc_top < 0)
		app->toc_top = 0;
}

/* s cut to cols columns with an ellipsis; returns a new display string. */
static char *cut(const App *app, const char *s, int cols, int amb)
{
	char *d = app_display(app, s);
	size_t n = strlen(d);
	if (utf8_width(d, n, amb) <= cols)
		return d;
	const char *e = app_glyph(app, G_ELLIPSIS);
	int ew = utf8_width(e, strlen(e), amb);
	size_t keep = utf8_fit(d, n, cols - ew, amb, NULL);
	char *r = mem_alloc(keep + strlen(e) + 1);
	if (r) {
		memcpy(r, d, keep);
		strcpy(r + keep, e);
	}
	mem_free(d);
	return r ? r : mem_strdup("");
}

static void toc_draw(const App *app, Canvas *c)
{
	int amb = c->amb_wide;
	app_draw_header(app, c, app_str(app, S_APP_TITLE), app_str(app, S_LANG_NAME));
	int x0, width;
	app_text_column(app, &x0, &width);
	const int num_w = 4, score_w = 8;   /* "01  ", "  ✓ 3/7" */
	int title_w = width - num_w - score_w;

	if (app->n_books == 0) {
		char msg[4400];
		snprintf(msg, sizeof msg, app_str(app, S_TOC_NO_LESSONS), app->dir);
		app_text(app, c, LIST_Y, x0, width, msg, UI_ERROR);
	}
	if (app->n_books > 0) {
		app_text(app, c, LIST_Y - 1, x0 + num_w, title_w, app_str(app, S_TOC_COL_LESSON),
			 UI_HEADING);
		char *q = app_display(app, app_str(app, S_TOC_COL_FIRST));
		int qw = utf8_width(q, strlen(q), amb);
		canvas_str(c, LIST_Y - 1, x0 + width - qw, qw, q, UI_HEADING);
		mem_free(q);
	}
	int n = list_rows(app);
	for (int i = 0; i < n && app->toc_top + i < app->n_books; i++) {
		int idx = app->toc_top + i;
		const Book *b = &app->books[idx];
		int y = LIST_Y + i;
		int sel = idx == app->toc_sel;
		UiStyle st = sel ? UI_ROW_SEL : UI_NORMAL;
		if (sel)
			canvas_fill(c, y, x0 - (x0 > 0), width + (x0 > 0) + (x0 + width < c->cols), ' ', st);
		canvas_text(c, y, x0, 2, b->slug, 2, st);
		int lang;
		const Lesson *l = app_lesson(app, b, &lang);
		char title[1024];
		UiStyle ts = st;
		if (b->problem) {
			snprintf(title, sizeof title, app_str(app, S_TOC_UNREADABLE), b->problem);
			ts = sel ? UI_ROW_SEL : UI_ERROR;
		} else if (lang != app->lang) {
			snprintf(title, sizeof title, "%s %s", l->title, app_str(app, S_TOC_UNTRANSLATED));
		} else {
			snprintf(title, sizeof title, "%s", l->title);
		}
		char *t = cut(app, title, title_w - 1, amb);
		canvas_str(c, y, x0 + num_w, title_w - 1, t, ts);
		mem_free(t);
		if (b->problem)
			continue;
		int first, total;
		app_quiz_first_tries(app, b, &first, &total);
		char score[32];
		snprintf(score, sizeof score, "%d/%d", first, total);
		int sw = (int)strlen(score);
		canvas_str(c, y, x0 + width - sw, sw, score, st);
		if (progress_visited(app->progress, b->slug))
			canvas_str(c, y, x0 + width - sw - 2, 1, app_glyph(app, G_VISITED),
				   sel ? st : UI_DONE);
	}
	if (legend_rows(app) && app->n_books) {
		int y = LIST_Y + (app->n_books < n ? app->n_books : n) + 1;
		char *d = app_display(app, app_str(app, S_TOC_LEGEND));
		TwLines lines = { 0 };
		if (tw_wrap(d, strlen(d), width, 0, amb, &lines) == 0)
			for (int i = 0; i < lines.n && y + i < c->rows - 1; i++)
				canvas_text(c, y + i, x0, width, d + lines.items[i].start,
					    lines.items[i].len, UI_HINT);
		tw_lines_free(&lines);
		mem_free(d);
	}
	const char *h[16];
	int k = 0;
	h[k++] = keys_hint(&keys_toc, KA_OPEN), h[k++] = app_str(app, S_HINT_OPEN);
	h[k++] = app_glyph(app, G_UPDOWN), h[k++] = app_str(app, S_HINT_MOVE);
	h[k++] = keys_hint(&keys_toc, KA_EXERCISES), h[k++] = app_str(app, S_HINT_EXERCISES);
	if (app->mode != TW_ASCII)
		h[k++] = keys_hint(&keys_toc, KA_LANG), h[k++] = ui_str(lang_next(app->lang), S_LANG_NAME);
	h[k++] = keys_hint(&keys_toc, KA_QUIT), h[k++] = app_str(app, S_HINT_QUIT);
	h[k] = NULL;
	char help[64];
	snprintf(help, sizeof help, "%s %s", keys_hint(&keys_toc, KA_HELP), app_str(app, S_HINT_HELP));
	app_draw_status(app, c, h, help);
}

static void toc_key(App *app, int key)
{
	KeyAct a = keys_act(&keys_toc, key);
	if (keys_move(a, app->toc_sel, list_rows(app), app->n_books - 1, &app->toc_sel) ||
	    app_shared_key(app, a))
		return;
	switch (a) {
	case KA_OPEN:
		if (app->toc_sel >= 0 && app->toc_sel < app->n_books) {
			const Book *b = &app->books[app->toc_sel];
			if (b->problem)
				app_message(app, 1, S_TOC_UNREADABLE, b->problem);
			else
				app_open_book(app, app->toc_sel);
		}
		break;
	case KA_QUIT:
		app->quit = 1;
		break;
	case KA_NTH:
		if (key - '1' < app->n_books)
			app->toc_sel = key - '1';
		break;
	default:
		break;
	}
}

const Screen screen_toc = { "contents", toc_draw, toc_key, toc_prepare };
