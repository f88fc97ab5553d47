/* test_quote: the one escaping rule (src/core/quote.c) as its callers use it: the bytes each
 * kind of unit becomes, a NUL inside the text shown as a byte, the cut after max_units units
 * or at a full buffer (never inside an escape, *cut telling whether text was left out), and
 * its two users, the grader's reports (grade_report_escape) and `gradlab grad`'s messages
 * (io_quote), showing every hostile input alike. The round trip of every input of one and
 * two bytes is in test_grade_formats. */
#include "test_util.h"

#include "check/io.h"
#include "core/quote.h"
#include "grade/grade_report.h"

#include <string.h>

static void shown(const char *in, size_t n, int flags, const char *want)
{
	char buf[128];
	int cut = -1;
	size_t k = quote_escape(in, n, buf, sizeof buf, flags, (size_t)-1, &cut);
	assert_string_equal(buf, want);
	assert_int_equal(k, strlen(want));
	assert_int_equal(cut, 0);
}

static void test_units(void **state)
{
	(void)state;
	shown("tanh", 4, 0, "tanh");
	shown("a\0b", 3, 0, "a\\x00b");
	shown("a\nb\x7f", 4, 0, "a\\x0Ab\\x7F");
	shown("a\nb", 3, QUOTE_KEEP_NEWLINE, "a\nb");
	shown("\xc2\x9b\xe2\x80\xa8\xef\xbb\xbf", 8, 0, "\\u009B\\u2028\\uFEFF");
	shown("\xe2\x81\xa6x\xe2\x80\x8f", 7, 0, "\\u2066x\\u200F");
	shown("\xff\xc3", 2, 0, "\\xFF\\xC3");
	shown("\xef\xbf\xbd", 3, 0, "\xef\xbf\xbd");
	shown("\\n \\x \\\\ \\", 10, 0, "\\n \\\\x \\\\\\ \\"); /* the first of two doubles */
}

static void test_cut(void **state)
{
	(void)state;
	char buf[16];
	int cut = -1;
	assert_int_equal(quote_escape("abcdef", 6, buf, sizeof buf, 0, 3, &cut), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(cut, 1);
	assert_int_equal(quote_escape("abc", 3, buf, sizeof buf, 0, 3, &cut), 3);
	assert_int_equal(cut, 0);
	/* an escape is never split: "\x01" needs 4 bytes and the NUL */
	assert_int_equal(quote_escape("ab\x01", 3, buf, 6, 0, (size_t)-1, &cut), 2);
	assert_string_equal(buf, "ab");
	assert_int_equal(cut, 1);
	/* a unit of 4 bytes counts once */
	assert_int_equal(quote_escape("\xf0\x9f\x98\x80z", 5, buf, sizeof buf, 0, 1, &cut), 4);
	assert_int_equal(cut, 1);
	assert_int_equal(quote_escape("x", 1, buf, 0, 0, (size_t)-1, &cut), 0);
	assert_int_equal(cut, 1);
}

/* The reports and `gradlab grad`'s messages show one input the same way. */
static void test_one_rule_for_both_users(void **state)
{
	(void)state;
	static const char *const hostile[] = {
		"tan\nh\x1b[31m", "\x07", "\xc2\x9b" "x\xff", "\xe2\x80\xae" "cod.exe", "\\x41",
		"a\\", "\xef\xbf\xbe", "\x7f\\\x01", "\xf0\x9f\xbf\xbe", "中文\t",
	};
	for (size_t k = 0; k < sizeof hostile / sizeof hostile[0]; k++) {
		char a[128], b[128];
		grade_report_escape(hostile[k], -1, a, sizeof a, 0);
		io_quote(b, sizeof b, hostile[k], 64);
		assert_string_equal(a, b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_one_rule_for_both_users),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
