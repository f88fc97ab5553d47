/* test_utf8: the decoder and column counter every layer shares (src/core/utf8.c). Chinese
 * characters and fullwidth punctuation take two columns in the C locale too, ASCII one, a
 * combining mark none under a UTF-8 locale; malformed bytes, overlong forms and surrogates
 * decode to U+FFFD one byte at a time; utf8_cols_n stops at n bytes and at the NUL;
 * utf8_scrub leaves no C0 or C1 control and no byte that is not UTF-8. */
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

static void test_cols_c_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	assert_int_equal(utf8_cols(""), 0);
	assert_int_equal(utf8_cols("step"), 4);
	assert_int_equal(utf8_cols("步长"), 4);
	assert_int_equal(utf8_cols("（0 或 inf）"), 2 + 1 + 1 + 2 + 1 + 3 + 2);
	assert_int_equal(utf8_cols("\xed\xa0\x80"), 3); /* three bad bytes, one column each */
	/* n bytes: "步" is 3 bytes; the count stops at the NUL whatever n says */
	assert_int_equal(utf8_cols_n("步长x", 3), 2);
	assert_int_equal(utf8_cols_n("ab", 100), 2);
}

static void test_cols_utf8_locale(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	assert_int_equal(utf8_cols("中心差分误差"), 12);
	assert_int_equal(utf8_cols("e\xcc\x81"), 1); /* e and a combining acute */
	assert_int_equal(utf8_cols("q1 \xe2\x94\x82"), 4); /* a box line is narrow */
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
		cmocka_unit_test(test_scrub),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
