/* test_ui_text: the UI's text in columns (src/ui/textwidth.c), the in-memory canvas, the
 * theme (the string table: test_ui_strings). Widths of Latin, Chinese, combining and ambiguous
 * characters; wrapping by columns with the CJK rules (never a line starting with closing
 * punctuation, never wider than asked, nothing lost); ASCII spellings; wide characters on
 * the canvas. */
#include "test_util.h"

#include "core/mem.h"
#include "ui/canvas.h"
#include "ui/textwidth.h"
#include "ui/theme.h"

#include <locale.h>
#include <string.h>

static int width(const char *s)
{
	return utf8_width(s, strlen(s), 0);
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(width("abc"), 3);
	assert_int_equal(width("中文"), 4);
	assert_int_equal(width("a中b"), 4);
	assert_int_equal(width("e\xCC\x81"), 1);            /* e + combining acute */
	assert_int_equal(width("，。"), 4);
	assert_int_equal(width("σ‖×"), 3);
	assert_int_equal(utf8_width("σ‖×", strlen("σ‖×"), 1), 6);   /* ambiguous as wide */
	assert_int_equal(utf8_width("⣿−ᵀ", strlen("⣿−ᵀ"), 1), 3);   /* braille, minus: narrow */
	assert_true(utf8_is_ambiguous(0x03C3));
	assert_false(utf8_is_ambiguous(0x2800));
	assert_false(utf8_is_ambiguous('a'));
	int used;
	assert_int_equal(utf8_fit("中文abc", strlen("中文abc"), 3, 0, &used), 3);
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit("ab", 2, 10, 0, &used), 2);
	assert_int_equal(used, 2);
}

/* Wrap s at w and return the lines joined with '|'. */
static char *wrap(const char *s, int w, int hard)
{
	TwLines l = { 0 };
	assert_int_equal(tw_wrap(s, strlen(s), w, hard, 0, &l), 0);
	static char out[4096];
	size_t n = 0;
	for (int i = 0; i < l.n; i++) {
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", i ? "|" : "",
				      (int)l.items[i].len, s + l.items[i].start);
		assert_true(l.items[i].cols <= w || l.items[i].len <= 4);
		assert_int_equal(l.items[i].cols, utf8_width(s + l.items[i].start, l.items[i].len, 0));
	}
	tw_lines_free(&l);
	return out;
}

static void test_wrap_latin(void **state)
{
	(void)state;
	assert_string_equal(wrap("the quick brown fox", 10, 0), "the quick|brown fox");
	assert_string_equal(wrap("the quick brown fox", 9, 0), "the quick|brown fox");
	assert_string_equal(wrap("the quick brown fox", 8, 0), "the|quick|brown|fox");
	assert_string_equal(wrap("abcdefghijkl", 5, 0), "abcde|fghij|kl");
	assert_string_equal(wrap("  lead  and   many  ", 20, 0), "lead  and   many");
	assert_string_equal(wrap("", 10, 0), "");
	assert_string_equal(wrap("abc  def", 4, 1), "abc | def");   /* hard: spaces kept */
	assert_string_equal(wrap("f(x), g(x).", 5, 0), "f(x),|g(x).");
	/* A word cut in the middle keeps its closing punctuation with it. */
	assert_string_equal(wrap("abcd.", 4, 0), "abc|d.");
}

static int no_start(const char *line)
{
	static const char *const bad[] = { "，", "。", "、", "；", "：", "？", "！", "）", "》",
					   "」", "』", "”" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strncmp(line, bad[i], strlen(bad[i])) == 0)
			return 0;
	return 1;
}

static void test_wrap_chinese(void **state)
{
	(void)state;
	const char *s = "门把流经它的量乘上一个介于零和一之间的数。反向传播时，梯度也要乘上同一个数，"
			"所以一个几乎关闭的门，几乎不让任何梯度通过（“闸门”）！设 h = f(a)，损失为 L。"
			"行首不能出现逗号、句号、顿号、分号、冒号、问号、叹号或右括号；就是这样？";
	/* From 10 columns on, the longest run of punctuation and what it must stay with fits. */
	for (int w = 10; w <= 60; w++) {
		TwLines l = { 0 };
		assert_int_equal(tw_wrap(s, strlen(s), w, 0, 0, &l), 0);
		char joined[4096] = "";
		for (int i = 0; i < l.n; i++) {
			const char *line = s + l.items[i].start;
			if (!no_start(line))
				fail_msg("width %d, line %d starts with closing punctuation: %.*s", w, i,
					 (int)l.items[i].len, line);
			if (l.items[i].cols > w)
				fail_msg("width %d, line %d is %d columns", w, i, l.items[i].cols);
			strncat(joined, line, l.items[i].len);
			/* A space dropped at a break. */
			size_t end = l.items[i].start + l.items[i].len;
			if (i + 1 < l.n && s[end] == ' ')
				strcat(joined, " ");
		}
		assert_string_equal(joined, s);
		tw_lines_free(&l);
	}
	/* Chinese breaks beside any wide character; the opening quote stays with its word. */
	assert_string_equal(wrap("甲乙丙丁戊", 4, 0), "甲乙|丙丁|戊");
	assert_string_equal(wrap("甲乙丙，丁", 6, 0), "甲乙|丙，丁");
	assert_string_equal(wrap("甲乙“丙丁”", 6, 0), "甲乙|“丙丁”");
}

static void test_display(void **state)
{
	(void)state;
	size_t n;
	char *d = tw_display("σ'(x) = ∂L/∂h · 10⁻⁸ ‖W‖ ≤ 1 → x²", strlen("σ'(x) = ∂L/∂h · 10⁻⁸ ‖W‖ ≤ 1 → x²"),
			     TW_ASCII, &n);
	assert_string_equal(d, "sigma'(x) = dL/dh . 10^-8 ||W|| <= 1 -> x^2");
	assert_int_equal(n, strlen(d));
	mem_free(d);
	d = tw_display("中a\tb", strlen("中a\tb"), TW_ASCII, NULL);
	assert_string_equal(d, "??a     b");   /* a wide character keeps its two columns */
	mem_free(d);
	d = tw_display("“闸门”σ⣿", strlen("“闸门”σ⣿"), TW_AMBIGUOUS_WIDE, NULL);
	assert_string_equal(d, "\"闸门\"sigma⣿");
	mem_free(d);
	d = tw_display("a\x01\xFF", 3, TW_UTF8, NULL);
	assert_string_equal(d, "a?\xEF\xBF\xBD");
	mem_free(d);
	d = tw_display("x̃ ŷ", strlen("x̃ ŷ"), TW_ASCII, NULL);
	assert_string_equal(d, "x~ y^");
	mem_free(d);
	/* Every lesson character and every UI glyph has an ASCII spelling. */
	const char *all = "±²³·¹×ŷΛΠΣαγδελρσᵀᵏ‖“”…⁰⁵⁷⁸⁹⁻⁽⁾ⁿ₁₂←→⇒∂−√∞≈≠≤⊙⋯┌└─│┏┗━┃•↑↓◂▸✓✗";
	d = tw_display(all, strlen(all), TW_ASCII, NULL);
	for (const char *p = d; *p; p++)
		if ((unsigned char)*p >= 0x80 || *p == '?')
			fail_msg("no ASCII spelling near \"%s\" in \"%s\"", p, d);
	mem_free(d);
	d = tw_display(all, strlen(all), TW_AMBIGUOUS_WIDE, NULL);
	for (const char *p = d; *p;) {
		size_t at = 0;
		uint32_t cp = utf8_next(p, &at);
		p += at;
		if (utf8_is_ambiguous(cp))
			fail_msg("U+%04X is ambiguous and left in \"%s\"", (unsigned)cp, d);
	}
	mem_free(d);
}

static void test_canvas(void **state)
{
	(void)state;
	Canvas *c = canvas_mem_new(3, 8);
	char row[64];
	canvas_str(c, 0, 0, 8, "中文ab", UI_NORMAL);
	canvas_mem_row(c, 0, row, sizeof row);
	assert_string_equal(row, "中文ab");
	/* Writing over the right half of a wide character blanks its left half. */
	canvas_str(c, 0, 1, 1, "x", UI_NORMAL);
	canvas_mem_row(c, 0, row, sizeof row);
	assert_string_equal(row, " x文ab");
	/* A wide character that does not fit becomes a blank; nothing passes the edge. */
	assert_int_equal(canvas_str(c, 1, 0, 3, "ab中", UI_TITLE), 3);
	canvas_mem_row(c, 1, row, sizeof row);
	assert_string_equal(row, "ab");
	assert_int_equal(canvas_mem_style(c, 1, 2), UI_TITLE);
	assert_int_equal(canvas_str(c, 2, 6, 10, "中文", UI_NORMAL), 2);
	canvas_mem_row(c, 2, row, sizeof row);
	assert_string_equal(row, "      中");
	canvas_cursor(c, 2, 3);
	int y, x;
	canvas_mem_cursor(c, &y, &x);
	assert_int_equal(y, 2);
	assert_int_equal(x, 3);
	canvas_clear(c);
	canvas_mem_cursor(c, &y, &x);
	assert_int_equal(y, -1);
	assert_int_equal(canvas_mem_resize(c, 2, 4), 0);
	assert_int_equal(c->cols, 4);
	canvas_mem_free(c);
	canvas_mem_free(NULL);
}

static void test_theme(void **state)
{
	(void)state;
	for (int s = 0; s < UI_STYLE_COUNT; s++)
		assert_non_null(theme_entry((UiStyle)s)->name);
	/* Without colour, what is selected or a match still stands out. */
	assert_true(theme_entry(UI_ROW_SEL)->mono_attrs & THEME_REVERSE);
	assert_true(theme_entry(UI_PARAM_SEL)->mono_attrs & THEME_REVERSE);
	assert_true(theme_entry(UI_MATCH)->mono_attrs & THEME_REVERSE);
	assert_true(theme_entry(UI_BORDER_SEL)->mono_attrs & THEME_BOLD);
	unsetenv("NO_COLOR");
	assert_true(theme_colour_wanted());
	setenv("NO_COLOR", "", 1);
	assert_true(theme_colour_wanted());
	setenv("NO_COLOR", "1", 1);
	assert_false(theme_colour_wanted());
	unsetenv("NO_COLOR");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_wrap_latin),
		cmocka_unit_test(test_wrap_chinese),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_canvas),
		cmocka_unit_test(test_theme),
	};
	return cmocka_run_group_tests_name("ui text", tests, NULL, NULL);
}
