/* screen_help: every key, in the current language, grouped by where it works. In src/ui.
 * Opened with ? from any screen and closed back to it. */
#include "ui/app.h"
#include "ui/keys.h"

#include "core/mem.h"

#include <string.h>

typedef struct HelpLine {
	const char *keys;   /* NULL: a section title */
	StrId what;
} HelpLine;

/* One line per group of rows of every table (a row with no name joins the line above), a
 * title before each table. L only where Chinese can be drawn. */
static int help_lines(const App *app, HelpLine *out, int max)
{
	int n = 0;
	for (int s = 0; s < keys_n_sections; s++) {
		const KeyTable *t = keys_sections[s];
		if (n < max)
			out[n++] = (HelpLine){ NULL, t->title };
		for (int i = 0; i < t->n && n < max; i++) {
			const KeyRow *r = &t->rows[i];
			if (!r->name || ((r->flags & KEY_UTF8_ONLY) && app->mode == TW_ASCII))
				continue;
			const char *name = app->mode != TW_UTF8 && r->ascii ? r->ascii : r->name;
			out[n++] = (HelpLine){ name, r->help };
		}
	}
	return n;
}

#define KEY_COLS 22

/* Every row of the help at the current width; draws them when c is not NULL. Returns the
 * number of rows. */
static int layout(const App *app, Canvas *c, int top)
{
	HelpLine lines[96];
	int n = help_lines(app, lines, (int)(sizeof lines / sizeof lines[0]));
	int x0, width, amb = app->mode == TW_AMBIGUOUS_WIDE;
	app_text_column(app, &x0, &width);
	int key_cols = width >= 60 ? KEY_COLS : width / 3;
	int y = 0, view = app->rows - 2;
#define AT(row) ((row) - top + 1)
#define VISIBLE(row) (c && (row) >= top && (row) < top + view)
	for (int i = 0; i < n; i++) {
		if (!lines[i].keys) {
			if (i > 0)
				y++;
			if (VISIBLE(y))
				app_text(app, c, AT(y), x0, width, app_str(app, lines[i].what), UI_HEADING);
			y++;
			continue;
		}
		char *d = app_display(app, app_str(app, lines[i].what));
		TwLines w = { 0 };
		int kw = utf8_width(lines[i].keys, strlen(lines[i].keys), amb);
		int narrow = kw + 4 > key_cols;   /* long key names get a row of their own */
		if (narrow) {
			if (VISIBLE(y))
				app_text(app, c, AT(y), x0 + 2, width - 2, lines[i].keys, UI_KEY);
			y++;
		} else if (VISIBLE(y)) {
			app_text(app, c, AT(y), x0 + 2, key_cols - 2, lines[i].keys, UI_KEY);
		}
		if (tw_wrap(d, strlen(d), width - key_cols, 0, amb, &w) == 0)
			for (int j = 0; j < w.n; j++, y++)
				if (VISIBLE(y))
					canvas_text(c, AT(y), x0 + key_cols, width - key_cols,
						    d + w.items[j].start, w.items[j].len, UI_NORMAL);
		tw_lines_free(&w);
		mem_free(d);
	}
	y++;
	char where[4400];
	const char *dir = progress_dir(app->progress);
	if (dir)
		snprintf(where, sizeof where, app_str(app, S_HELP_SAVED_IN), dir);
	else
		snprintf(where, sizeof where, "%s", app_str(app, S_HELP_NOT_SAVED));
	const char *tail[2] = { where, app_str(app, keys_help.rows[0].help) };
	for (int t = 0; t < 2; t++) {
		char *d = app_display(app, tail[t]);
		TwLines w = { 0 };
		if (tw_wrap(d, strlen(d), width, 0, amb, &w) == 0)
			for (int j = 0; j < w.n; j++, y++)
				if (VISIBLE(y))
					canvas_text(c, AT(y), x0, width, d + w.items[j].start,
						    w.items[j].len, UI_HINT);
		tw_lines_free(&w);
		mem_free(d);
	}
#undef AT
#undef VISIBLE
	return y;
}

static void help_prepare(App *app)
{
	int total = layout(app, NULL, 0);
	int max = total - (app->rows - 2);
	if (app->help_top > max)
		app->help_top = max;
	if (app->help_top < 0)
		app->help_top = 0;
}

static void help_draw(const App *app, Canvas *c)
{
	app_draw_header(app, c, app_str(app, S_HELP_TITLE), app_str(app, S_LANG_NAME));
	layout(app, c, app->help_top);
	const char *h[12];
	int k = 0;
	h[k++] = app_glyph(app, G_UPDOWN), h[k++] = app_str(app, S_HINT_SCROLL);
	h[k++] = keys_hint(&keys_help, KA_CLOSE), h[k++] = app_str(app, S_HINT_CLOSE);
	h[k] = NULL;
	app_draw_status(app, c, h, NULL);
}

static void help_key(App *app, int key)
{
	KeyAct a = keys_act(&keys_help, key);
	if (keys_move(a, app->help_top, app->rows - 3, 1 << 20, &app->help_top) ||
	    app_shared_key(app, a))
		return;
	switch (a) {
	case KA_CLOSE:
		app->screen = app->help_return ? app->help_return : &screen_toc;
		break;
	default:
		break;
	}
}

const Screen screen_help = { "help", help_draw, help_key, help_prepare };
