/* test_ui_keys: the key tables (src/ui/keys.c) are the keys. For every screen's table, in
 * the memory canvas: each listed key, sent through the screen's handler, changes what the
 * learner sees (the screen, the screen on show, or quitting) in at least one of the states
 * the test opens; every other key (the code points 1..0x17F, a Chinese character, and
 * every special key of canvas.h) changes nothing; and the help screen shows every row's
 * keys and sentence, in English and in Chinese. A key handled by a `case` that bypasses
 * the table, or a row whose key the screen ignores, fails here. */
#include "test_util.h"
#include "ui_fixture.h"

#include "ui/app.h"
#include "ui/keys.h"

#include <string.h>

#define EXERCISES "tests/data/exercises"

/* A runner that prints a line wider than the narrow screens, so that a cell's output can
 * be cut, panned and wrapped. */
static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)err;
	fprintf(out, "fake");
	for (int i = 1; i < argc; i++)
		fprintf(out, " %s", argv[i]);
	fprintf(out, " | a long line of output that is wider than any column of prose the book "
		     "draws, so that it is cut or wrapped\n");
	return 0;
}

/* {==== States ==== */

/* A place in the book: the screen reached by a key script from the contents. */
typedef struct State {
	const char *name;
	const KeyTable *table;
	const char *screen;   /* the screen's name the script reaches */
	int rows, cols;
	const char *script;
} State;

/* The reader: the experiment selected with its output (cut at 50 columns), a parameter
 * moved off its first value, scrolled below the top; a search made; the choice quiz
 * selected; the numeric quiz selected. */
static const State states[] = {
	{ "contents, first lesson", &keys_toc, "contents", 24, 80, "" },
	{ "contents, second lesson", &keys_toc, "contents", 24, 80, "j" },
	{ "reader, experiment", &keys_reader, "reader", 16, 50, "<Enter><Enter>l>jv" },
	{ "reader, searched", &keys_reader, "reader", 16, 50, "<Enter>/the<Enter>" },
	{ "reader, choice quiz", &keys_reader, "reader", 16, 50, "<Enter><Tab><Tab>" },
	{ "typing an answer", &keys_quiz, "reader", 16, 50, "<Enter><Tab><Tab><Tab><Enter>0.2" },
	{ "exercises, first", &keys_exercises, "exercises", 12, 50, "e" },
	{ "exercises, second", &keys_exercises, "exercises", 12, 50, "ej" },
	{ "exercises, task scrolled", &keys_exercises, "exercises", 12, 50, "e<PgDn>" },
	{ "help, top", &keys_help, "help", 24, 80, "?" },
	{ "help, scrolled", &keys_help, "help", 24, 80, "?j" },
};
#define N_STATES (int)(sizeof states / sizeof states[0])

typedef struct Seen {
	char *text;
	const Screen *screen;
	int quit;
} Seen;

static void open_state(T *t, const State *s)
{
	fixture_init(t, "/tmp/gradlab-keys-XXXXXX", BOOK, fake_run);
	t->o.grader_dir = EXERCISES;
	t->o.submission = EXERCISES;
	open_book(t, "en", TW_UTF8, s->rows, s->cols);
	play(t, s->script);
	if (strcmp(t->app->screen->name, s->screen) != 0) {
		print_screen(t->c);
		fail_msg("%s: the script reached %s, not %s", s->name, t->app->screen->name,
			 s->screen);
	}
	/* Every key clears the status line's message: compare from a clear one. */
	t->app->msg[0] = '\0';
	app_draw(t->app, t->c);
}

/* The text, then every cell's style and the cursor: a selection moved shows only in its
 * style. */
static Seen seen(const T *t)
{
	char *text = screen_text(t->c);
	size_t n = strlen(text), cells = (size_t)t->c->rows * (size_t)t->c->cols;
	char *all = malloc(n + cells + 32);
	assert_non_null(all);
	memcpy(all, text, n);
	free(text);
	for (int y = 0; y < t->c->rows; y++)
		for (int x = 0; x < t->c->cols; x++)
			all[n++] = (char)('A' + canvas_mem_style(t->c, y, x));
	int cy, cx;
	canvas_mem_cursor(t->c, &cy, &cx);
	snprintf(all + n, 32, "|%d,%d", cy, cx);
	return (Seen){ all, t->app->screen, t->app->quit };
}

/* Whether key changes what the learner sees in state s (a fresh app each time). */
static int changes(const State *s, int key)
{
	T t;
	open_state(&t, s);
	Seen a = seen(&t);
	app_key(t.app, key);
	app_draw(t.app, t.c);
	Seen b = seen(&t);
	int changed = strcmp(a.text, b.text) != 0 || a.screen != b.screen || a.quit != b.quit;
	free(a.text);
	free(b.text);
	stop(&t);
	return changed;
}

/* }==== */

/* {==== Which keys the tables list ==== */

/* The action key has in t's chain, counting the rows the dispatch skips (the letters of a
 * choice quiz are listed as KA_CHOOSE: the state's selected quiz says which they are). */
static KeyAct listed(const State *s, int key)
{
	KeyAct a = keys_act(s->table, key);
	if (a != KA_NONE || s->table != &keys_reader)
		return a;
	T t;
	open_state(&t, s);
	const Book *b = &t.app->books[t.app->cur];
	const LessonBlock *blk = b->sel >= 0 ? app_cell_block(t.app, b, b->sel) : NULL;
	if (blk && blk->kind == LESSON_QUIZ && blk->cell.kind == LESSON_QUIZ_CHOICE)
		for (int i = 0; i < blk->cell.n_choices; i++) {
			const char *k = blk->cell.choices[i].key;
			if (k[0] && !k[1] && (k[0] == key || k[0] == key + 'a' - 'A'))
				a = KA_CHOOSE;
		}
	stop(&t);
	return a;
}

/* Keys that type text while an answer is typed: not the table's business. */
static int typed(const State *s, int key)
{
	return s->table == &keys_quiz && key >= 0x20 && key != 0x7F && key < UI_KEY_UP;
}

/* Every key the test tries: the code points 1..0x17F, a Chinese character and the special
 * keys. Resize and end of input are the loop's, not a screen's. */
static int all_keys(int *out)
{
	int n = 0;
	for (int k = 1; k < 0x180; k++)
		out[n++] = k;
	out[n++] = 0x4E2D;
	for (int k = UI_KEY_UP; k <= UI_KEY_F1; k++)
		out[n++] = k;
	return n;
}

/* }==== */

/* {==== Tests ==== */

/* Every key outside the tables does nothing, in every state. */
static void test_unlisted_keys_do_nothing(void **state)
{
	(void)state;
	int keys[0x200], n = all_keys(keys), bad = 0;
	for (int i = 0; i < N_STATES; i++)
		for (int j = 0; j < n; j++) {
			int k = keys[j];
			if (listed(&states[i], k) != KA_NONE || typed(&states[i], k))
				continue;
			if (changes(&states[i], k)) {
				print_message("%s: key 0x%X is in no table but changes the screen\n",
					      states[i].name, (unsigned)k);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

/* Which digits select something: the lessons or exercises there are. */
static int nth_in_range(const State *s, int key)
{
	T t;
	open_state(&t, s);
	int n = s->table == &keys_toc ? t.app->n_books : 3;   /* the fixture's exercises */
	stop(&t);
	return key - '1' < n;
}

/* Every key of every row of every table acts in one of its table's states at least; a
 * digit beyond the list acts nowhere. */
static void test_listed_keys_act(void **state)
{
	(void)state;
	const KeyTable *tables[] = { &keys_toc, &keys_reader, &keys_quiz, &keys_exercises,
				     &keys_help };
	int bad = 0;
	for (size_t ti = 0; ti < sizeof tables / sizeof tables[0]; ti++)
		/* While typing, only the quiz's own rows: the reader's come after it only to
		 * say which of its keys leave the answer. */
		for (const KeyTable *t = tables[ti]; t; t = tables[ti] == &keys_quiz ? NULL : t->also)
			for (int r = 0; r < t->n; r++)
				for (int j = 0; j < KEYS_MAX && t->rows[r].keys[j]; j++) {
					int key = t->rows[r].keys[j];
					KeyAct want = t->rows[r].act;
					const State *first = NULL;
					int acted = 0, nth = 1;
					for (int i = 0; i < N_STATES; i++) {
						if (states[i].table != tables[ti])
							continue;
						if (!first)
							first = &states[i];
						if (keys_act(tables[ti], key) != want)
							continue;   /* the screen's own row comes first */
						acted |= changes(&states[i], key);
					}
					assert_non_null(first);
					if (keys_act(tables[ti], key) != want)
						continue;
					if (want == KA_NTH)
						nth = nth_in_range(first, key);
					if (acted != nth) {
						print_message("%s: key 0x%X (%s) %s\n", first->name,
							      (unsigned)key, t->rows[r].name ? t->rows[r].name : "",
							      nth ? "is listed but does nothing"
								  : "selects past the end");
						bad++;
					}
				}
	assert_int_equal(bad, 0);
}

/* The help, scrolled through in lang: every row's keys and sentence are on it. */
static char *whole_help(const char *lang, TwMode mode)
{
	T t;
	fixture_init(&t, "/tmp/gradlab-keys-XXXXXX", BOOK, fake_run);
	open_book(&t, lang, mode, 24, 80);
	play(&t, "?");
	size_t cap = 1 << 16, n = 0;
	char *all = malloc(cap);
	assert_non_null(all);
	all[0] = '\0';
	for (int page = 0; page < 20; page++) {
		char *s = screen_text(t.c);
		size_t m = strlen(s);
		assert_true(n + m + 1 < cap);
		memcpy(all + n, s, m + 1);
		n += m;
		free(s);
		play(&t, "<PgDn>");
	}
	stop(&t);
	return all;
}

/* s without spaces and line breaks, so that a sentence wrapped over rows is found whole
 * (Chinese wraps between characters, with no space to keep). */
static void squeeze(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++)
		if (*r != ' ' && *r != '\n')
			*w++ = *r;
	*w = '\0';
}

static void check_help(const char *lang, int ui_lang, TwMode mode)
{
	char *help = whole_help(lang, mode);
	char *flat = strdup(help);
	assert_non_null(flat);
	squeeze(flat);
	int bad = 0;
	const KeyTable *all[] = { &keys_everywhere, &keys_toc, &keys_reader, &keys_quiz,
				  &keys_exercises, &keys_help };
	for (size_t ti = 0; ti < sizeof all / sizeof all[0]; ti++) {
		const KeyTable *t = all[ti];
		char title[256];
		snprintf(title, sizeof title, "%s", ui_str(ui_lang, t->title));
		squeeze(title);
		if (t != &keys_help && !strstr(flat, title))
			print_message("%s: no title %s\n", lang, title), bad++;
		for (int r = 0; r < t->n; r++) {
			const KeyRow *row = &t->rows[r];
			if ((row->flags & KEY_UTF8_ONLY) && mode == TW_ASCII)
				continue;
			const char *name = mode != TW_UTF8 && row->ascii ? row->ascii : row->name;
			char what[1024];
			snprintf(what, sizeof what, "%s", ui_str(ui_lang, row->help));
			squeeze(what);
			/* The help's own keys are said in its closing sentence. */
			if (name && t != &keys_help && !strstr(help, name))
				print_message("%s: no keys %s\n", lang, name), bad++;
			if (!strstr(flat, what))
				print_message("%s: no line %s\n", lang, what), bad++;
		}
	}
	free(flat);
	free(help);
	assert_int_equal(bad, 0);
}

/* L, ? and e do in every screen that reaches them what app_shared_key does: the key sent
 * through the screen's handler and the act handed to app_shared_key leave the same screen,
 * language and text. Any other act is not app_shared_key's. */
static void test_shared_acts(void **state)
{
	(void)state;
	const KeyAct shared[] = { KA_LANG, KA_HELP, KA_EXERCISES };
	int tried = 0;
	for (int i = 0; i < N_STATES; i++) {
		if (states[i].table == &keys_quiz)
			continue; /* typing: L and e are letters of the answer */
		for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++) {
			const KeyRow *row = keys_row(states[i].table, shared[k]);
			if (!row || keys_act(states[i].table, row->keys[0]) != shared[k])
				continue;
			T a, b;
			open_state(&a, &states[i]);
			app_key(a.app, row->keys[0]);
			app_draw(a.app, a.c);
			open_state(&b, &states[i]);
			b.app->msg[0] = '\0';
			int lang = b.app->lang;
			assert_int_equal(app_shared_key(b.app, shared[k]), 1);
			if (shared[k] == KA_LANG)
				assert_int_not_equal(b.app->lang, lang);
			else
				assert_string_equal(b.app->screen->name,
						    shared[k] == KA_HELP ? "help" : "exercises");
			if (b.app->screen->prepare)
				b.app->screen->prepare(b.app);
			app_draw(b.app, b.c);
			Seen sa = seen(&a), sb = seen(&b);
			if (sa.screen != sb.screen || a.app->lang != b.app->lang ||
			    strcmp(sa.text, sb.text) != 0)
				fail_msg("%s: key 0x%X does not do what app_shared_key does", states[i].name,
					 (unsigned)row->keys[0]);
			free(sa.text);
			free(sb.text);
			stop(&a);
			stop(&b);
			tried++;
		}
	}
	assert_true(tried >= 8);
	T t;
	open_state(&t, &states[0]);
	assert_int_equal(app_shared_key(t.app, KA_DOWN), 0);
	assert_int_equal(app_shared_key(t.app, KA_OPEN), 0);
	assert_string_equal(t.app->screen->name, "contents");
	stop(&t);
}

/* keys_move: the six movement acts and where each takes a position; any other act leaves
 * the position alone and says it was not one. */
static void test_move(void **state)
{
	(void)state;
	const struct {
		KeyAct act;
		int to;
	} moves[] = {
		{ KA_DOWN, 6 }, { KA_UP, 4 }, { KA_PGDN, 15 }, { KA_PGUP, -5 }, { KA_HOME, 0 }, { KA_END, 42 },
	};
	for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
		int to = -99;
		assert_int_equal(keys_move(moves[k].act, 5, 10, 42, &to), 1);
		assert_int_equal(to, moves[k].to);
	}
	int to = -99;
	assert_int_equal(keys_move(KA_LANG, 5, 10, 42, &to), 0);
	assert_int_equal(keys_move(KA_HELP, 5, 10, 42, &to), 0);
	assert_int_equal(to, -99);
}

static void test_help_lists_every_row(void **state)
{
	(void)state;
	check_help("en", LANG_EN, TW_UTF8);
	check_help("zh", LANG_ZH, TW_UTF8);
	check_help("en", LANG_EN, TW_ASCII);
}

/* A row's name spells every key it holds, so the help names what the dispatch takes. */
static void test_names_spell_the_keys(void **state)
{
	(void)state;
	int bad = 0;
	for (int s = 0; s <= keys_n_sections; s++) {
		const KeyTable *t = s < keys_n_sections ? keys_sections[s] : &keys_help;
		const char *name = NULL, *ascii = NULL;
		for (int r = 0; r < t->n; r++) {
			const KeyRow *row = &t->rows[r];
			if (row->name)
				name = row->name, ascii = row->ascii ? row->ascii : row->name;
			assert_non_null(name);
			for (int j = 0; j < KEYS_MAX && row->keys[j]; j++) {
				int k = row->keys[j];
				char one[8] = { 0 };
				const char *u = one, *a = one;
				switch (k) {
				case '\n': case '\r': u = a = "Enter"; break;
				case ' ': u = a = "Space"; break;
				case '\t': u = a = "Tab"; break;
				case 0x7F: case 8: case UI_KEY_BACKSPACE: u = a = "Backspace"; break;
				case UI_KEY_ESC: u = a = "Esc"; break;
				case UI_KEY_BTAB: u = a = "Shift-Tab"; break;
				case UI_KEY_UP: u = "↑", a = "Up"; break;
				case UI_KEY_DOWN: u = "↓", a = "Down"; break;
				case UI_KEY_LEFT: u = "←", a = "Left"; break;
				case UI_KEY_RIGHT: u = "→", a = "Right"; break;
				case UI_KEY_PGUP: u = a = "PgUp"; break;
				case UI_KEY_PGDN: u = a = "PgDn"; break;
				case UI_KEY_HOME: u = a = "Home"; break;
				case UI_KEY_END: u = a = "End"; break;
				case UI_KEY_F1: u = a = "F1"; break;
				default:
					if (k < 0x20)
						snprintf(one, sizeof one, "Ctrl-%c", k + '@');
					else if (k >= '1' && k <= '9')
						u = a = "1 ... 9";
					else
						one[0] = (char)k;
				}
				if (!strstr(name, u) || !strstr(ascii, a)) {
					print_message("row %d of %s: key 0x%X not named in \"%s\"\n", r,
						      ui_str(LANG_EN, t->title), (unsigned)k, name);
					bad++;
				}
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* }==== */

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_spell_the_keys),
		cmocka_unit_test(test_help_lists_every_row),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_shared_acts),
		cmocka_unit_test(test_listed_keys_act),
		cmocka_unit_test(test_unlisted_keys_do_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
