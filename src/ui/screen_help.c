/* screen_help: every key, in the current language, grouped by where it works. In src/ui.
 * Opened with ? from any screen and closed back to it. */
#include "ui/app.h"

#include "core/mem.h"

#include <string.h>

typedef struct HelpLine {
	const char *keys;   /* NULL: a section title */
	StrId what;
} HelpLine;

/* Key names where arrows are drawn: UTF-8 terminals; else the words. */
static const char *keys_text(const App *app, const char *utf8, const char *ascii)
{
	return app->mode == TW_UTF8 ? utf8 : ascii;
}

static int help_lines(const App *app, HelpLine *out)
{
	int n = 0;
#define SECTION(id) out[n++] = (HelpLine){ NULL, id }
#define KEY(k, id) out[n++] = (HelpLine){ k, id }
	SECTION(S_HELP_EVERYWHERE);
	KEY(keys_text(app, "↑ ↓   j k", "Up Down   j k"), S_HELP_MOVE);
	KEY("PgUp PgDn Space b", S_HELP_PAGE);
	KEY("Home End   g G", S_HELP_ENDS);
	if (app->mode != TW_ASCII)
		KEY("L", S_HELP_LANG);
	KEY("?", S_HELP_HELP);
	KEY("Ctrl-C", S_HELP_CTRL_C);
	SECTION(S_HELP_CONTENTS);
	KEY("Enter", S_HELP_OPEN);
	KEY("e", S_HELP_EX_OPEN);
	KEY("q", S_HELP_QUIT);
	SECTION(S_HELP_READER);
	KEY("Enter", S_HELP_ENTER_CELL);
	KEY("Tab   Shift-Tab", S_HELP_TAB);
	KEY(keys_text(app, "← →   h l", "Left Right   h l"), S_HELP_PARAM);
	KEY("v", S_HELP_NEXT_PARAM);
	KEY("r", S_HELP_RESET);
	KEY("p", S_HELP_PLOT);
	KEY(UI_KEY_REVEAL_NAME, S_HELP_REVEAL);
	KEY("w", S_HELP_WRAP);
	KEY("<   >", S_HELP_PAN);
	KEY("/", S_HELP_SEARCH);
	KEY("n   N", S_HELP_NEXT_MATCH);
	KEY("e", S_HELP_EX_OPEN);
	KEY("Esc   q", S_HELP_BACK);
	SECTION(S_HELP_QUIZ);
	KEY("a b c ...", S_HELP_CHOOSE);
	KEY("Enter", S_HELP_SUBMIT);
	KEY("Backspace", S_HELP_EDIT);
	KEY("Esc", S_HELP_CANCEL);
	SECTION(S_HELP_EXERCISES);
	KEY("Enter", S_HELP_EX_GRADE);
	KEY("h", S_HELP_EX_HINT);
	KEY("Space b", S_HELP_EX_SCROLL);
	KEY("Esc   q", S_HELP_EX_BACK);
#undef SECTION
#undef KEY
	return n;
}

#define KEY_COLS 22

/* Every row of the help at the current width; draws them when c is not NULL. Returns the
 * number of rows. */
static int layout(const App *app, Canvas *c, int top)
{
	HelpLine lines[64];
	int n = help_lines(app, lines);
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
	const char *tail[2] = { where, app_str(app, S_HELP_CLOSE) };
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
	h[k++] = "Esc", h[k++] = app_str(app, S_HINT_CLOSE);
	h[k] = NULL;
	app_draw_status(app, c, h, NULL);
}

static void help_key(App *app, int key)
{
	int page = app->rows - 3;
	switch (key) {
	case 'j':
	case UI_KEY_DOWN:
		app->help_top++;
		break;
	case 'k':
	case UI_KEY_UP:
		app->help_top--;
		break;
	case ' ':
	case UI_KEY_PGDN:
		app->help_top += page;
		break;
	case 'b':
	case UI_KEY_PGUP:
		app->help_top -= page;
		break;
	case 'g':
	case UI_KEY_HOME:
		app->help_top = 0;
		break;
	case 'G':
	case UI_KEY_END:
		app->help_top = 1 << 20;
		break;
	case 'L':
		app_toggle_lang(app);
		break;
	case '?':
	case 'q':
	case UI_KEY_ESC:
	case UI_KEY_F1:
		app->screen = app->help_return ? app->help_return : &screen_toc;
		break;
	}
}

const Screen screen_help = { "help", help_draw, help_key, help_prepare };
