/* test_plural: the English noun for a count (src/core/plural.c): one thing is singular,
 * none and two or more are plural, and an irregular plural is taken as given. */
#include "test_util.h"

#include "core/plural.h"

#include <stdio.h>

static void test_counts(void **state)
{
	(void)state;
	assert_string_equal(plural_en(1, "tensor", "tensors"), "tensor");
	assert_string_equal(plural_en(2, "tensor", "tensors"), "tensors");
	assert_string_equal(plural_en(0, "tensor", "tensors"), "tensors");
	assert_string_equal(plural_en(-1, "step", "steps"), "step");
	assert_string_equal(plural_en(11, "query", "queries"), "queries");
	assert_string_equal(plural_en(1, "query", "queries"), "query");
	char s[64];
	snprintf(s, sizeof s, "%d %s", 1, plural_en(1, "student", "students"));
	assert_string_equal(s, "1 student");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
