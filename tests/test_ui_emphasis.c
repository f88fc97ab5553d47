/* test_ui_emphasis: Markdown emphasis in lesson prose (lesson_emphasis, src/learn) and in the
 * reader (src/ui/reader_layout.c, reader_draw.c). The rules on the cases a textbook of
 * gradients writes: *emphasis*, **strong**, `code`, and the stars and underscores of its
 * maths (a * b, W*, 2*x*y, h_t) left alone; then the book: the markers never drawn, the
 * words in their style, and lines wrapped by what is drawn. */
#include "test_util.h"
#include "ui_fixture.h"

#include "learn/lesson.h"
#include "ui/app.h"
#include "ui/theme.h"

#include <string.h>

/* {==== The rules ==== */

/* s rendered: its text, and its marks as one digit per byte (LESSON_* bits). */
static void render(const char *s, char *text, char *marks)
{
	size_t n = strlen(s);
	unsigned char attr[512];
	assert_true(n < sizeof attr);
	size_t m = lesson_emphasis(s, n, text, attr);
	assert_int_equal(strlen(text), m);
	assert_int_equal(attr[m], 0);
	for (size_t i = 0; i < m; i++)
		marks[i] = (char)('0' + attr[i]);
	marks[m] = '\0';
}

#define E "1"   /* LESSON_EMPH */
#define S "2"   /* LESSON_STRONG */
#define C "4"   /* LESSON_CODE_SPAN */

static void check(const char *s, const char *want_text, const char *want_marks)
{
	char text[512], marks[512];
	render(s, text, marks);
	if (strcmp(text, want_text) != 0 || strcmp(marks, want_marks) != 0)
		fail_msg("%s: got \"%s\" marked %s, expected \"%s\" marked %s", s, text, marks,
			 want_text, want_marks);
	/* Without marks wanted, the same text. */
	char plain[512];
	assert_int_equal(lesson_emphasis(s, strlen(s), plain, NULL), strlen(want_text));
	assert_string_equal(plain, want_text);
}

static void test_markers(void **state)
{
	(void)state;
	check("a *saturated* unit", "a saturated unit", "00" E E E E E E E E E "00000");
	check("**bold**", "bold", S S S S);
	check("***both***", "both", "3333");
	check("see `bptt` here", "see bptt here", "0000" C C C C "00000");
	/* Longer fences hold a backquote; one blank inside each end goes. */
	check("`` a`b ``", "a`b", C C C);
	check("` `", " ", C);   /* only blanks: kept */
	/* Nothing inside code is a marker. */
	check("`*x*`", "*x*", C C C);
	/* Code inside emphasis is both. */
	check("*a `b`*", "a b", E E "5");
	check("**bold *em***", "bold em", S S S S S "33");
	check("*em **strong***", "em strong", E E E "333333");
	check("(*x*).", "(x).", "0" E "00");
	check("*x*, y", "x, y", E "000");
	check("", "", "");
}

static void test_maths_stays(void **state)
{
	(void)state;
	check("a * b * c", "a * b * c", "000000000");
	check("W* is optimal", "W* is optimal", "0000000000000");
	check("min W* and h*", "min W* and h*", "0000000000000");
	check("2*x*y", "2*x*y", "00000");
	check("a**2 + b**2", "a**2 + b**2", "00000000000");
	check("f(*) and *args", "f(*) and *args", "00000000000000");
	check("h_t and W_hh", "h_t and W_hh", "000000000000");
	check("a ** b", "a ** b", "000000");
	check("****", "****", "0000");
	check("an `unclosed tick", "an `unclosed tick", "00000000000000000");
	check("\\*not\\* \\`code\\`", "*not* `code`", "000000000000");
	/* A lone star before emphasis does not steal its opener. */
	check("W* and *x*", "W* and x", "0000000" E);
}

static void test_chinese(void **state)
{
	(void)state;
	/* No spaces around the markers in Chinese: a non-ASCII byte counts as a letter. */
	check("所以一个*几乎*的门", "所以一个几乎的门",
	      "000000000000" E E E E E E "000000");
	check("称为**饱和**：", "称为饱和：", "000000" S S S S S S "000");
}

/* }==== */

/* {==== In the reader ==== */

static int no_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argc, (void)argv, (void)out, (void)err;
	return 0;
}

/* The row and column where what first shows on the canvas; fails when it does not. */
static void find(const Canvas *c, const char *what, int *y, int *x)
{
	char row[2048];
	for (int r = 0; r < c->rows; r++) {
		canvas_mem_row(c, r, row, sizeof row);
		const char *at = strstr(row, what);
		if (at) {
			*y = r;
			*x = utf8_width(row, (size_t)(at - row), 0);
			return;
		}
	}
	print_screen(c);
	fail_msg("\"%s\" is not on the screen", what);
}

/* what is on screen in style st, and the column after it is not. */
static void assert_styled(const Canvas *c, const char *what, UiStyle st, UiStyle after)
{
	int y, x;
	find(c, what, &y, &x);
	int w = utf8_width(what, strlen(what), 0);
	for (int i = 0; i < w; i++)
		if (canvas_mem_style(c, y, x + i) != st)
			fail_msg("\"%s\": column %d is style %d, expected %d", what, i,
				 (int)canvas_mem_style(c, y, x + i), (int)st);
	assert_int_equal(canvas_mem_style(c, y, x + w), after);
}

static void test_reader_draws_emphasis(void **state)
{
	(void)state;
	T t;
	fixture_init(&t, "/tmp/gradlab-emph-XXXXXX", BOOK, no_run);
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "<Enter>");
	assert_false(screen_has(t.c, "*"));
	assert_false(screen_has(t.c, "`"));
	assert_styled(t.c, "multiplies", UI_EMPH, UI_NORMAL);
	assert_styled(t.c, "almost closed", UI_STRONG, UI_NORMAL);
	assert_styled(t.c, "tanh", UI_CODE, UI_CAPTION);   /* the caption's `tanh` */
	/* Wrapped by what is drawn: with its two stars the first line would be 79 columns and
	 * lose its last word. */
	int y, x;
	find(t.c, "A gate multiplies what flows through it by a number between zero and one. On", &y,
	     &x);
	/* Search finds the words as drawn. */
	play(&t, "/almost closed<Enter>");
	assert_screen_has(&t, "almost closed");
	stop(&t);

	fixture_init(&t, "/tmp/gradlab-emph-XXXXXX", BOOK, no_run);
	open_book(&t, "zh", TW_UTF8, 16, 50);
	play(&t, "<Enter>");
	assert_false(screen_has(t.c, "*"));
	assert_styled(t.c, "几乎关闭", UI_STRONG, UI_NORMAL);
	stop(&t);

	/* ASCII: the same, markers gone. */
	fixture_init(&t, "/tmp/gradlab-emph-XXXXXX", BOOK, no_run);
	open_book(&t, "en", TW_ASCII, 24, 80);
	play(&t, "<Enter>");
	assert_false(screen_has(t.c, "`"));
	assert_styled(t.c, "almost closed", UI_STRONG, UI_NORMAL);
	stop(&t);
}

/* Attributes, not colours: without colour (NO_COLOR) emphasis still shows. */
static void test_theme(void **state)
{
	(void)state;
	assert_int_equal(theme_entry(UI_EMPH)->mono_attrs, THEME_UNDERLINE);
	assert_int_equal(theme_entry(UI_STRONG)->mono_attrs, THEME_BOLD);
	assert_int_equal(theme_entry(UI_EMPH_STRONG)->mono_attrs, THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(theme_entry(UI_EMPH)->fg, THEME_DEFAULT);
}

/* }==== */

int main(void)
{
	fixture_environment();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_maths_stays),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_reader_draws_emphasis),
		cmocka_unit_test(test_theme),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
