/* test_msg: the look-up every layer's message table shares (src/core/msg.c): a row's cell
 * by language, English for a language out of range, "" for an id out of range or an empty
 * cell, and rows as wide as the table says (a third column). */
#include "test_util.h"

#include "core/msg.h"

static const char *const table[3][3] = {
	{ "zero", "零", "zero-x" },
	{ "one", NULL, "one-x" },
	{ "two", "二", NULL },
};

static const char *look(int id, int lang)
{
	return msg_lookup(table[0], 3, 3, id, lang);
}

static void test_cells(void **state)
{
	(void)state;
	assert_string_equal(look(0, 0), "zero");
	assert_string_equal(look(0, 1), "零");
	assert_string_equal(look(1, 2), "one-x");
	assert_string_equal(look(2, 1), "二");
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(look(2, 3), "two");  /* a language past the last: English */
	assert_string_equal(look(2, -1), "two"); /* a negative one too */
	assert_string_equal(look(3, 0), "");     /* an id past the last */
	assert_string_equal(look(-1, 0), "");
	assert_string_equal(look(1, 1), "");     /* a cell left NULL */
	assert_string_equal(look(2, 2), "");
	/* the same table read as two languages wide stops at its second column */
	assert_string_equal(msg_lookup(table[0], 3, 2, 0, 2), "zero");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
