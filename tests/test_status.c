/* test_status: the failure detail (src/core/status.c) and the one range check of a size
 * option, status_range: both ends inclusive, the detail worded the same for every command
 * ("--steps must be between 1 and 6, got 7"), and a value in range leaving the last detail
 * alone. */
#include "test_util.h"

#include "core/status.h"

static void test_fail_and_detail(void **state)
{
	(void)state;
	status_clear();
	assert_string_equal(status_detail(), "");
	assert_int_equal(status_fail(ST_EINVAL, "bad %s %d", "x", 3), ST_EINVAL);
	assert_string_equal(status_detail(), "bad x 3");
	status_clear();
	assert_string_equal(status_detail(), "");
}

static void test_range(void **state)
{
	(void)state;
	status_fail(ST_EINVAL, "before");
	assert_int_equal(status_range("--steps", 1, 1, 6), ST_OK);
	assert_int_equal(status_range("--steps", 6, 1, 6), ST_OK);
	assert_int_equal(status_range("--steps", 0, 0, 0), ST_OK);
	assert_string_equal(status_detail(), "before");
	assert_int_equal(status_range("--steps", 7, 1, 6), ST_ELIMIT);
	assert_string_equal(status_detail(), "--steps must be between 1 and 6, got 7");
	assert_int_equal(status_range("--hidden", 0, 1, 4), ST_ELIMIT);
	assert_string_equal(status_detail(), "--hidden must be between 1 and 4, got 0");
	assert_int_equal(status_range("--steps", -1, 0, 1000), ST_ELIMIT);
	assert_string_equal(status_detail(), "--steps must be between 0 and 1000, got -1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_and_detail),
		cmocka_unit_test(test_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
