/* test_ui_strings: the book's string table (src/ui/strings.c). Every id has a text in every
 * language and every language takes the same printf arguments (tests/msg_table.h, as for the
 * check's and the grader's tables). A third language is one more column: this file builds
 * the table with a fake column "xx" (each English text behind a "[xx]" mark) and checks that
 * every lookup in that language reads it, and that the book finds that language by its code
 * in core/lang.h's list, from --lang, the progress file's code or the locale, as it finds
 * Chinese. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "[xx]" en
#include "../src/ui/strings.c"

#include "test_util.h"
#include "msg_table.h"

#include <stdlib.h>
#include <string.h>

enum { FAKE = LANG_COUNT - 1 };

static const char *cell(int lang, int id)
{
	return table[id][lang];
}

static const char *lookup(int lang, int id)
{
	return ui_str(lang, (StrId)id);
}

static void test_every_id_every_language(void **state)
{
	(void)state;
	msg_table_check("ui strings", cell, S_COUNT, LANG_COUNT, NULL, NULL);
	assert_string_equal(ui_str(LANG_ZH, S_LANG_NAME), "中文");
	assert_string_equal(ui_str(FAKE + 1, S_LANG_NAME), "English");
	assert_string_equal(ui_str(-1, S_LANG_NAME), "English");
	assert_string_equal(lang_code(LANG_ZH), "zh");
	assert_string_equal(lang_code(FAKE + 1), "en");
	assert_string_equal(lang_code(-1), "en");
	assert_string_equal(ui_str(LANG_EN, S_COUNT), "");
}

static void test_fake_column_read(void **state)
{
	(void)state;
	msg_fake_check("ui strings", lookup, S_COUNT, FAKE, "[xx]", -1);
}

/* The locale's variables set to these values (NULL: unset), in LC_ALL, LC_MESSAGES, LANG. */
static int locale_lang_with(const char *all, const char *messages, const char *lang)
{
	const char *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" }, *values[] = { all, messages, lang };
	for (int i = 0; i < 3; i++) {
		if (values[i])
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
	return ui_lang_of_locale();
}

static void test_language_by_code(void **state)
{
	(void)state;
	assert_int_equal(lang_of_code("en"), LANG_EN);
	assert_int_equal(lang_of_code("zh"), LANG_ZH);
	assert_int_equal(lang_of_code("xx"), FAKE); /* the fake language's code */
	assert_int_equal(lang_of_code("fr"), -1);
	assert_int_equal(lang_of_code("z"), -1);
	assert_int_equal(lang_of_code(""), -1);
	assert_int_equal(lang_of_code(NULL), -1);
	/* the first variable set and not empty decides, by the code its value starts with */
	assert_int_equal(locale_lang_with(NULL, NULL, NULL), LANG_EN);
	assert_int_equal(locale_lang_with(NULL, NULL, "zh_CN.UTF-8"), LANG_ZH);
	assert_int_equal(locale_lang_with("", NULL, "zh_TW.UTF-8"), LANG_ZH);
	assert_int_equal(locale_lang_with(NULL, "C.UTF-8", "zh_CN.UTF-8"), LANG_EN);
	assert_int_equal(locale_lang_with("zh_CN.UTF-8", "en_US.UTF-8", NULL), LANG_ZH);
	assert_int_equal(locale_lang_with("fr_FR.UTF-8", NULL, "zh_CN.UTF-8"), LANG_EN);
	assert_int_equal(locale_lang_with(NULL, NULL, "xx_GB"), FAKE);
	locale_lang_with(NULL, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_id_every_language),
		cmocka_unit_test(test_fake_column_read),
		cmocka_unit_test(test_language_by_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
