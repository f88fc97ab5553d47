/* test_utf8: the decoder, encoder, column counter and locale test every layer shares
 * (src/core/utf8.c). A table of strings (Chinese, Hangul, box drawing, combining marks,
 * ambiguous-width characters with the flag off and on, controls, bad UTF-8) takes the same
 * columns under the C locale and C.UTF-8, counted every way core offers; malformed bytes,
 * overlong forms and surrogates decode to U+FFFD one byte at a time; utf8_cols_n stops at n
 * bytes and at the NUL; utf8_scrub leaves no C0 or C1 control and no byte that is not
 * UTF-8. */
#include "test_util.h"

#include "core/utf8.h"

#include <locale.h>

static void test_decode(void **state)
{
	(void)state;
	const char *s = "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80";
	size_t i = 0;
	assert_int_equal(utf8_next(s, &i), 'a');
	assert_int_equal(i, 1);
	assert_int_equal(utf8_next(s, &i), 0xe9);
	assert_int_equal(i, 3);
	assert_int_equal(utf8_next(s, &i), 0x4e2d);
	assert_int_equal(i, 6);
	assert_int_equal(utf8_next(s, &i), 0x1f600);
	assert_int_equal(i, 10);
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\x80",         /* a lone continuation byte */
		"\xc0\xaf",     /* overlong '/' */
		"\xed\xa0\x80", /* a surrogate */
		"\xe4\xb8",     /* cut short by the NUL */
		"\xff",
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		size_t i = 0;
		if (utf8_next(bad[k], &i) != 0xfffd || i != 1)
			fail_msg("case %zu: want U+FFFD advancing 1 byte, advanced %zu", k, i);
	}
}

/* utf8_next_n reads no byte past n: a character cut by n is malformed, one that fits is read
 * as utf8_next reads it, and a NUL inside n is a character like any other. */
static void test_decode_bounded(void **state)
{
	(void)state;
	const char text[] = "\xe4\xb8\xad\xef\xbf\xbd"; /* 中 U+FFFD */
	size_t i = 0;
	assert_int_equal(utf8_next_n(text, 2, &i), 0xfffd);
	assert_int_equal(i, 1); /* malformed: one byte */
	i = 0;
	assert_int_equal(utf8_next_n(text, 3, &i), 0x4e2d);
	assert_int_equal(i, 3);
	assert_int_equal(utf8_next_n(text, 6, &i), 0xfffd);
	assert_int_equal(i, 6); /* a real U+FFFD: three bytes */
	const char nul[] = { 'a', '\0', 'b' };
	i = 1;
	assert_int_equal(utf8_next_n(nul, 3, &i), 0);
	assert_int_equal(utf8_next_n(nul, 3, &i), 'b');
	assert_int_equal(i, 3);
}

/* The one column counter (utf8_cp_cols, utf8_width, utf8_cols, utf8_fit): each string takes
 * the columns a UTF-8 terminal gives it, the same under the C locale and C.UTF-8, with the
 * ambiguous-width flag off (narrow) and on (wide). A control character counts one column,
 * the '?' every layer draws for it; a malformed byte is U+FFFD, which is ambiguous. */
static const struct {
	const char *s;
	int narrow, wide;
} widths[] = {
	{ "", 0, 0 },
	{ "step", 4, 4 },
	{ "中心差分误差", 12, 12 },
	{ "（0 或 inf）", 2 + 1 + 1 + 2 + 1 + 3 + 2, 2 + 1 + 1 + 2 + 1 + 3 + 2 },
	{ "한글 ｅ", 2 + 2 + 1 + 2, 2 + 2 + 1 + 2 },     /* Hangul, a fullwidth letter */
	{ "\xf0\x9f\x98\x80", 2, 2 },                    /* an emoji, outside the BMP */
	{ "中文─\t", 2 + 2 + 1 + 1, 2 + 2 + 2 + 1 },     /* the example */
	{ "q1 │┼", 5, 3 + 2 + 2 },                       /* box drawing is ambiguous */
	{ "⣿⠉ ▐░", 5, 5 },                               /* braille and two shades are not */
	{ "e\xcc\x81", 1, 1 },                           /* e and a combining acute */
	{ "h\xcc\x83 x\xe2\x83\x97", 3, 3 },             /* h̃ and x with an arrow above */
	{ "a\xe2\x80\x8b" "b", 2, 2 },                   /* a zero width space */
	{ "σ‖×“”", 5, 10 },                              /* ambiguous-width punctuation */
	{ "−ᵀ∞", 1 + 1 + 1, 1 + 1 + 2 },                 /* minus and ᵀ are narrow, ∞ is not */
	{ "a\tb\n", 4, 4 },                              /* C0 controls */
	{ "\x1b[0m\x7f", 5, 5 },                         /* ESC, DEL */
	{ "\xc2\x85\xc2\x9b", 2, 2 },                    /* C1 controls (NEL, CSI) */
	{ "\xed\xa0\x80", 3, 6 },                        /* a surrogate: three bad bytes */
	{ "\xe4\xb8" "a\xff", 4, 7 },                    /* cut short (2 bad bytes), a stray one */
	{ "\xef\xbf\xbd", 1, 2 },                        /* U+FFFD as written */
};

static void check_widths(const char *locale)
{
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		const char *s = widths[k].s;
		size_t n = strlen(s);
		for (int amb = 0; amb <= 1; amb++) {
			int want = amb ? widths[k].wide : widths[k].narrow, sum = 0, used = -1;
			for (size_t i = 0; i < n;)
				sum += utf8_cp_cols(utf8_next(s, &i), amb);
			int got[] = { utf8_width(s, n, amb), sum,
				      (utf8_fit(s, n, want, amb, &used) == n ? used : -1),
				      amb ? want : utf8_cols(s), amb ? want : utf8_cols_n(s, n) };
			for (size_t g = 0; g < sizeof got / sizeof got[0]; g++)
				if (got[g] != want)
					fail_msg("%s, case %zu, ambiguous %s: way %zu counts %d "
						 "columns, want %d", locale, k, amb ? "wide" : "narrow",
						 g, got[g], want);
		}
	}
}

static void test_cols_c_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	check_widths("C");
	/* n bytes: "步" is 3 bytes; the count stops at the NUL whatever n says */
	assert_int_equal(utf8_cols_n("步长x", 3), 2);
	assert_int_equal(utf8_cols_n("ab", 100), 2);
	assert_int_equal(utf8_width("步长x", 5, 0), 2 + 1 + 1); /* 长 cut by n: two bad bytes */
	assert_int_equal(utf8_width("ab\0cd", 5, 0), 2);
}

static void test_cols_utf8_locale(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	check_widths("C.UTF-8");
	setlocale(LC_ALL, "C");
}

/* utf8_fit keeps whole characters: a wide one that would straddle the limit is left out, and
 * a combining mark stays with its letter when the limit falls right after it. */
static void test_fit(void **state)
{
	(void)state;
	int used = -1;
	assert_int_equal(utf8_fit("中文abc", strlen("中文abc"), 3, 0, &used), 3);
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit("e\xcc\x81x", 4, 1, 0, &used), 3);
	assert_int_equal(used, 1);
	assert_int_equal(utf8_fit("σσ", 4, 3, 1, &used), 2); /* σ is two columns wide here */
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit("ab", 2, 10, 0, NULL), 2);
}

/* utf8_encode writes what utf8_next reads back, at every length. */
static void test_encode(void **state)
{
	(void)state;
	static const unsigned cps[] = { 0, 'a', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x4e2d, 0xfffd,
					0xffff, 0x10000, 0x1f600, 0x10ffff };
	for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
		char buf[5] = { 0 };
		int n = utf8_encode(cps[k], buf);
		size_t i = 0;
		unsigned back = utf8_next_n(buf, (size_t)n, &i);
		int want = 1 + (cps[k] >= 0x80) + (cps[k] >= 0x800) + (cps[k] >= 0x10000);
		if (back != cps[k] || i != (size_t)n || n != want)
			fail_msg("U+%04X: %d bytes read back as U+%04X in %zu", cps[k], n, back, i);
	}
}

/* utf8_locale: the one "is the locale UTF-8" test, whatever the codeset's spelling. */
static void test_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_false(utf8_locale());
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8"))
		skip();
	assert_true(utf8_locale());
	setlocale(LC_ALL, "C");
}

/* What utf8_scrub leaves: text that sends no control to a terminal of any character set. A
 * C1 control (CSI is U+009B) takes both its bytes; U+FFFD as written stays. */
static void test_scrub(void **state)
{
	(void)state;
	static const struct { const char *in, *want; } cases[] = {
		{ "plain 步长 \xef\xbf\xbd", "plain 步长 \xef\xbf\xbd" },
		{ "a\033[2Jb\x7f\n", "a?[2Jb??" },
		{ "csi \xc2\x9b" "2J, nel \xc2\x85.", "csi ??2J, nel ??." },
		{ "latin-1 csi \x9b" "2J \xff \xe4\xb8", "latin-1 csi ?2J ? ??" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", cases[k].in);
		assert_ptr_equal(utf8_scrub(buf), buf);
		assert_string_equal(buf, cases[k].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_decode_bounded),
		cmocka_unit_test(test_cols_c_locale),
		cmocka_unit_test(test_cols_utf8_locale),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_scrub),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
