/* test_cli_msg: the commands' message table (src/cli/cli_msg.c). Every id has a text in
 * every language, and every language takes the same printf arguments (by type, in order, or
 * by position where a text numbers them), as test_grade_msg checks for src/grade/grade_msg.c
 * and test_ui_text for src/ui/strings.c. A third language is one more column: this file
 * builds the table with a fake column "xx" (each English text behind a "[xx]" mark) and
 * checks that every lookup in that language, cli_say, cli_format, cli_msg_n, and the words of
 * two commands' helpers (the progress notes of grade and watch, the tiny RNN options of bptt
 * and unroll) come from that column, never silently from English. The table and those
 * helpers are compiled into this test with the extra column. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "[xx]" en
#include "../src/cli/cli_msg.c"
#include "../src/cli/state_notes.c"
#include "../src/cli/tiny_rnn_options.c"

#include "cli/lang.h"
#include "core/status.h"
#include "test_util.h"
#include "msg_table.h"

#include <locale.h>
#include <string.h>

enum { FAKE = LANG_COUNT - 1 };

static void test_conversions_helper(void **state)
{
	(void)state;
	char a[64], b[64];
	assert_true(msg_conversions("gradlab %s: --%s: '%.*s' is not a number\n", a, sizeof a));
	assert_string_equal(a, "1:s 2:s 3:d 4:s");
	assert_true(msg_conversions("gradlab %s：--%s：'%.*s' 不是数\n", b, sizeof b));
	assert_string_equal(a, b);
	assert_true(msg_conversions("<r_%1$d, h_%1$d> fixed %2$s r_%1$d", a, sizeof a));
	assert_string_equal(a, "1:d 2:s");
	assert_true(msg_conversions("%llu %6s/%-4s %2d %.1e %%", a, sizeof a));
	assert_string_equal(a, "1:llu 2:s 3:s 4:d 5:f");
	/* a text that takes fewer or other arguments is told apart */
	assert_true(msg_conversions("%s %d", a, sizeof a));
	assert_true(msg_conversions("%d %s", b, sizeof b));
	assert_string_not_equal(a, b);
	assert_true(msg_conversions("%d %s", b, sizeof b));
	assert_true(msg_conversions("%d", a, sizeof a));
	assert_string_not_equal(a, b);
	assert_false(msg_conversions("%1$s %d", a, sizeof a));
}

/* The ids whose text is empty in some language on purpose (a space or a key that language
 * does without); everywhere else an empty text is a gap. */
static const char *cell(int lang, int id)
{
	return table[id][lang];
}

static int may_be_empty(int id)
{
	return id == CM_NONE || id == CM_SEED_SPACE || id == CM_BPTT_BIAS_KEY;
}

static void test_every_id_every_language(void **state)
{
	(void)state;
	msg_table_check("cli_msg", cell, CM_COUNT, LANG_COUNT, may_be_empty, NULL);
	for (int id = 1; id < CM_COUNT; id++)
		if (!table[id][LANG_EN][0])
			fail_msg("message %d has no English text", id);
	assert_string_equal(cli_msg(LANG_ZH, CM_SUM), "和");
	assert_string_equal(cli_msg(LANG_COUNT, CM_SUM), "sum");
	assert_string_equal(cli_msg(-1, CM_SUM), "sum");
	assert_string_equal(cli_msg(LANG_EN, CM_COUNT), "");
	assert_string_equal(cli_msg(LANG_EN, (CliMsg)-1), "");
}

/* What f printed, as a string the caller frees. */
static char *printed(FILE *f, char **buf)
{
	fclose(f);
	return *buf;
}

/* Every lookup in the fake language reads its column: nothing falls back to English. */
static void test_third_language(void **state)
{
	(void)state;
	for (int id = 1; id < CM_COUNT; id++) {
		const char *s = cli_msg(FAKE, (CliMsg)id);
		if (strncmp(s, "[xx]", 4) != 0 || strcmp(s + 4, cli_msg(LANG_EN, (CliMsg)id)) != 0)
			fail_msg("message %d in the fake language is \"%s\"", id, s);
	}
	assert_string_equal(cli_msg_n(FAKE, 1, CM_STEP_ONE, CM_STEP_MANY), "[xx]step");
	assert_string_equal(cli_msg_n(FAKE, 2, CM_STEP_ONE, CM_STEP_MANY), "[xx]steps");
	assert_string_equal(cli_msg_n(LANG_EN, -1, CM_STEP_ONE, CM_STEP_MANY), "step");
	assert_string_equal(cli_msg_n(LANG_ZH, 2, CM_STEP_ONE, CM_STEP_MANY), "步");
	char buf[64];
	cli_format(buf, sizeof buf, FAKE, CM_SEED, 42ULL);
	assert_string_equal(buf, "[xx]seed 42");
	cli_format(buf, sizeof buf, LANG_ZH, CM_SEED, 42ULL);
	assert_string_equal(buf, "随机种子 42");
	/* numbered arguments, in every language */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	cli_say(f, FAKE, CM_BPTT_LOSS_LAST, 3, cli_msg(FAKE, CM_BPTT_R_HAND));
	printed(f, &text);
	assert_string_equal(text, "[xx]  loss     L = <r_3, h_3> at the last step only, with a fixed "
				  "[xx]hand-given\n           r_3: dL_3/dh_3 = r_3, and no step "
				  "before has a loss of its own\n");
	free(text);
}

/* Two commands' helpers given the fake language write its words. */
static void test_helpers_speak_the_third_language(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	GradeProgressNote note;
	memset(&note, 0, sizeof note);
	note.opened = GRADE_PROGRESS_NO_SAVE;
	snprintf(note.reason, sizeof note.reason, "%s", "a reason");
	state_note_say(f, "watch", &note, FAKE);
	printed(f, &text);
	assert_string_equal(text, "[xx]gradlab watch: the results will not be recorded: a reason\n");
	free(text);

	/* --x 1,a to bptt: the option helper's message, in the fake column */
	int steps = 3, hidden = 2, input = 1;
	uint64_t seed = 1;
	TinyRnnSizes sizes = { &steps, &hidden, &input, &seed };
	static TinyRnnGiven given;
	memset(&given, 0, sizeof given);
	given.text[TRV_X] = "1,a";
	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(tiny_rnn_options_values("bptt", &sizes, &given, 0, FAKE, f), 2);
	printed(f, &text);
	assert_string_equal(text, "[xx]gradlab bptt: --x: 'a' is not a number (give numbers "
				  "separated by commas, as in 0.5,0.8)\n");
	free(text);
	/* a count that does not fit: the plural and the optional clause from the same column */
	given.text[TRV_X] = NULL;
	given.text[TRV_H0] = "1,2,3";
	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(tiny_rnn_options_values("bptt", &sizes, &given, 0, FAKE, f), 2);
	printed(f, &text);
	assert_non_null(strstr(text, "[xx]gradlab bptt: --h0 needs 2 [xx]numbers ("));
	assert_non_null(strstr(text, "[xx], or one for every entry, got 3\n"));
	free(text);
}

/* watch pads a status by terminal columns: "未做" is 4 of the 7, "new" 3. */
static void test_padding_by_columns(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	lang_put_left(f, cli_msg(LANG_ZH, CM_WATCH_NEW), 7);
	fputc('|', f);
	lang_put_left(f, cli_msg(LANG_EN, CM_WATCH_FAILED), 7);
	fputc('|', f);
	printed(f, &text);
	assert_string_equal(text, "未做   |failed |");
	free(text);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_helper),
		cmocka_unit_test(test_every_id_every_language),
		cmocka_unit_test(test_third_language),
		cmocka_unit_test(test_helpers_speak_the_third_language),
		cmocka_unit_test(test_padding_by_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
