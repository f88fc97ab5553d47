/* ui_fixture: the harness of the book's headless tests (test_ui_screens, test_ui_exercises,
 * test_ui_lessons). A fixture T opens an App on a fresh state folder and draws it into the
 * in-memory canvas; key scripts play into it; a screen is compared with a golden file in
 * tests/golden (GRADLAB_UPDATE_GOLDEN=1 rewrites them; read the diff before keeping it) or
 * searched for text. Every function is static inline, so a test uses the part it needs. */
#ifndef GRADLAB_UI_FIXTURE_H
#define GRADLAB_UI_FIXTURE_H

#include "test_util.h"

#include "cli/commands.h"
#include "ui/app.h"

#include <locale.h>

#define BOOK "tests/data/book"   /* the fixture lessons */
#define GOLDEN "tests/golden"

/* A UTF-8 locale for the characters, and no display, so that no plot window opens: main's
 * first call. */
static inline void fixture_environment(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
}

/* {==== Files ==== */

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The whole file (up to 1 MiB) as a string to free, or NULL when it cannot be opened. */
static inline char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *s = malloc(1 << 20);
	assert_non_null(s);
	size_t n = fread(s, 1, (1 << 20) - 1, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* }==== */

/* {==== The app on a canvas ==== */

typedef struct T {
	App *app;
	Canvas *c;
	char state[64];    /* the state folder, fresh for each test; stop() removes it */
	char learner[64];  /* a learner's folder that stop() removes too, "" when none */
	UiOptions o;       /* the lessons, the runner and the exercises' folders; open_app adds
			    * the state folder, the language and the mode */
} T;

/* t cleared, with a new state folder made from tmpl ("/tmp/NAME-XXXXXX"), to open the
 * lessons in dir with run as the command runner and the command table's capabilities. */
static inline void fixture_init(T *t, const char *tmpl, const char *dir, UiRun run)
{
	memset(t, 0, sizeof *t);
	snprintf(t->state, sizeof t->state, "%s", tmpl);
	assert_non_null(mkdtemp(t->state));
	t->o.dir = dir;
	t->o.run = run;
	t->o.caps = cli_caps;   /* the fakes stand in for gradlab's commands: they take what
				 * the command table says the real ones take */
}

/* A new app in t->app, in lang (NULL: the saved one) and mode, with no plot window. */
static inline void open_app(T *t, const char *lang, TwMode mode)
{
	UiOptions o = t->o;
	o.state_dir = t->state;
	o.lang = lang;
	o.utf8 = mode != TW_ASCII;
	o.ascii = mode == TW_ASCII;
	o.ambiguous_wide = mode == TW_AMBIGUOUS_WIDE;
	o.display = 0;
	char err[512] = "";
	t->app = app_new(&o, err, sizeof err);
	if (!t->app)
		fail_msg("app_new: %s", err);
}

/* The app opened and sized for a new canvas of rows x cols. */
static inline void open_book(T *t, const char *lang, TwMode mode, int rows, int cols)
{
	open_app(t, lang, mode);
	t->c = canvas_mem_new(rows, cols);
	assert_non_null(t->c);
	app_resize(t->app, rows, cols);
}

/* The same state folder, a new app (as when the learner comes back tomorrow). */
static inline void reopen(T *t, const char *lang, TwMode mode)
{
	assert_int_equal(app_close(t->app), ST_OK);
	open_app(t, lang, mode);
	app_resize(t->app, t->c->rows, t->c->cols);
}

static inline void stop(T *t)
{
	assert_int_equal(app_close(t->app), ST_OK);
	canvas_mem_free(t->c);
	rm_tree(t->state);
	if (t->learner[0])
		rm_tree(t->learner);
}

/* Keys as typed, with <Name> for special keys and <Resize:COLSxROWS>; then a draw. Work a
 * key asked for (grading) is left pending. */
static inline void play(T *t, const char *script)
{
	static const struct {
		const char *name;
		int key;
	} key_names[] = {
		{ "Enter", '\n' }, { "Esc", UI_KEY_ESC }, { "Tab", '\t' }, { "BTab", UI_KEY_BTAB },
		{ "Up", UI_KEY_UP }, { "Down", UI_KEY_DOWN }, { "Left", UI_KEY_LEFT },
		{ "Right", UI_KEY_RIGHT }, { "PgUp", UI_KEY_PGUP }, { "PgDn", UI_KEY_PGDN },
		{ "Home", UI_KEY_HOME }, { "End", UI_KEY_END }, { "Bksp", UI_KEY_BACKSPACE },
		{ "Ctrl-C", UI_KEY_CTRL('c') }, { "F1", UI_KEY_F1 },
	};
	const char *s = script;
	while (*s) {
		if (*s == '<' && s[1] && s[1] != '>') {
			const char *e = strchr(s, '>');
			assert_non_null(e);
			char name[32];
			snprintf(name, sizeof name, "%.*s", (int)(e - s - 1), s + 1);
			int cols, rows, key = -1;
			if (sscanf(name, "Resize:%dx%d", &cols, &rows) == 2) {
				assert_int_equal(canvas_mem_resize(t->c, rows, cols), 0);
				app_resize(t->app, rows, cols);
			} else {
				for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
					if (strcmp(key_names[i].name, name) == 0)
						key = key_names[i].key;
				if (key < 0)
					fail_msg("unknown key <%s> in a script", name);
				app_key(t->app, key);
			}
			s = e + 1;
			continue;
		}
		size_t at = 0;
		uint32_t cp = utf8_next(s, &at);
		s += at;
		app_key(t->app, (int)cp);
	}
	app_draw(t->app, t->c);
}

/* n of keys[0 .. n_keys-1], drawn by a fixed generator from seed, one in nine a resize to a
 * random size instead; after(t) after each when not NULL. Stops early when the app quits. */
static inline void play_random(T *t, const char *const *keys, size_t n_keys, unsigned seed,
			       int n, void (*after)(T *t))
{
	for (int i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 16;
		if (r % 9 == 0) {
			char resize[32];
			snprintf(resize, sizeof resize, "<Resize:%dx%d>", 20 + (int)(r % 90),
				 6 + (int)(r % 40));
			play(t, resize);
		} else {
			play(t, keys[r % n_keys]);
		}
		if (after)
			after(t);
		if (t->app->quit)
			break;
	}
}

/* }==== */

/* {==== What the screen shows ==== */

/* "# COLSxROWS" and every row, as a string to free. */
static inline char *screen_text(const Canvas *c)
{
	size_t cap = (size_t)c->rows * ((size_t)c->cols * 4 + 2) + 64, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	n += (size_t)snprintf(s, cap, "# %dx%d\n", c->cols, c->rows);
	for (int y = 0; y < c->rows; y++) {
		n += canvas_mem_row(c, y, s + n, cap - n);
		s[n++] = '\n';
	}
	s[n] = '\0';
	return s;
}

/* Compare the canvas with tests/golden/name.txt, printing both on a difference. */
static inline void golden(T *t, const char *name)
{
	char path[256];
	snprintf(path, sizeof path, GOLDEN "/%s.txt", name);
	char *got = screen_text(t->c);
	const char *update = getenv("GRADLAB_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		write_file(path, got);
		free(got);
		return;
	}
	char *want = slurp(path);
	if (!want) {
		print_message("%s", got);
		free(got);
		fail_msg("%s is missing: run with GRADLAB_UPDATE_GOLDEN=1, then read it", path);
	}
	if (strcmp(want, got) != 0) {
		const char *a = want, *b = got;
		int line = 1;
		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++, b++;
		}
		print_message("---- expected (%s)\n%s---- got\n%s----\n", path, want, got);
		free(want);
		free(got);
		fail_msg("screen %s differs from the golden file first at line %d", name, line);
	}
	free(want);
	free(got);
}

/* The screen as screen_text gives it, printed: what a failing check shows. */
static inline void print_screen(const Canvas *c)
{
	char *s = screen_text(c);
	print_message("%s", s);
	free(s);
}

static inline int screen_has(const Canvas *c, const char *what)
{
	char row[2048];
	for (int y = 0; y < c->rows; y++) {
		canvas_mem_row(c, y, row, sizeof row);
		if (strstr(row, what))
			return 1;
	}
	return 0;
}

#define assert_screen_has(t, what)                                                             \
	do {                                                                                   \
		if (!screen_has((t)->c, (what))) {                                             \
			print_screen((t)->c);                                                  \
			fail_msg("the screen lacks \"%s\"", (what));                           \
		}                                                                              \
	} while (0)

#define assert_screen_lacks(t, what)                                                           \
	do {                                                                                   \
		if (screen_has((t)->c, (what))) {                                              \
			print_screen((t)->c);                                                  \
			fail_msg("the screen shows \"%s\"", (what));                           \
		}                                                                              \
	} while (0)

/* }==== */

#endif
