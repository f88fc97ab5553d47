/* test_check_msg: the gradient check's message table (src/check/check_msg.c). Every id has a
 * text in every language and every language takes the same printf arguments
 * (tests/msg_table.h, as for the book's and the grader's tables). A third language is one
 * more column: this file builds the table and report.c with a fake column "xx" (each English
 * text behind a "[xx]" mark) and checks that a whole report in that language, the check's
 * and the sweep's, is worded from that column line by line, never silently in English. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "[xx]" en
#include "../src/check/check_msg.c"
#include "../src/check/report.c"

#include "test_util.h"
#include "msg_table.h"

#include <string.h>

enum { FAKE = LANG_COUNT - 1 };

static const char *cell(int lang, int id)
{
	return table[id][lang];
}

static const char *lookup(int lang, int id)
{
	return check_msg(lang, (CheckMsg)id);
}

/* Numbers only ("%d tensor" has a word: it is translated) */
/* Only the empty id may be empty. */
static int is_none(int id)
{
	return id == CKM_NONE;
}

static void test_every_id_every_language(void **state)
{
	(void)state;
	msg_table_check("check_msg", cell, CKM_COUNT, LANG_COUNT, is_none, NULL);
	/* a plural's two forms take the same arguments */
	static const CheckMsg one[] = { CKM_TENSOR_FAILS, CKM_KINKS, CKM_PASS_DIRECTIONS,
					CKM_PASS_VALUES, CKM_N_TENSORS };
	for (size_t k = 0; k < sizeof one / sizeof one[0]; k++)
		for (int l = 0; l < LANG_COUNT; l++) {
			char a[160], b[160];
			assert_true(msg_conversions(check_msg_n(l, one[k], 1), a, sizeof a));
			assert_true(msg_conversions(check_msg_n(l, one[k], 2), b, sizeof b));
			assert_string_equal(a, b);
		}
	assert_string_equal(check_msg_n(LANG_EN, CKM_N_TENSORS, 1), "%d tensor");
	assert_string_equal(check_msg_n(LANG_EN, CKM_N_TENSORS, -1), "%d tensor");
	assert_string_equal(check_msg_n(LANG_EN, CKM_N_TENSORS, 0), "%d tensors");
	assert_string_equal(check_msg(LANG_ZH, CKM_HEAD_TENSOR), "张量");
	assert_string_equal(check_msg(FAKE + 1, CKM_HEAD_TENSOR), "tensor");
	assert_string_equal(check_msg(LANG_EN, CKM_COUNT), "");
	/* every language names a layout report.c knows */
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *s = check_msg(l, CKM_TABLE_LAYOUT);
		assert_true(strstr(s, "wide") || strstr(s, "narrow"));
	}
}

static void test_fake_column_read(void **state)
{
	(void)state;
	msg_fake_check("check_msg", lookup, CKM_COUNT, FAKE, "[xx]", CKM_NONE);
}

/* s with every "[xx]" and every space taken out (a padded column is as much narrower as its
 * mark is wide), in a new string. */
static char *unmarked(const char *s)
{
	char *out = strdup(s), *o = out;
	assert_non_null(out);
	while (*s) {
		if (strncmp(s, "[xx]", 4) == 0)
			s += 4;
		else if (*s == ' ')
			s++;
		else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* The fake language's report is the English one with a mark on every line that has words
 * (numbers_only_lines: how many have none): nothing in it came from English directly. */
static void assert_fake_like_english(const char *en, const char *xx, int numbers_only_lines)
{
	char *plain = unmarked(xx), *want = unmarked(en);
	assert_string_equal(plain, want);
	free(plain);
	free(want);
	/* a text that starts with a blank line leaves its mark alone on that line */
	int lines = 0, unmarked_lines = 0, carried = 0;
	for (const char *l = xx; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n == 4 && strncmp(l, "[xx]", 4) == 0) {
			carried = 1;
		} else if (n) {
			lines++;
			char line[400];
			snprintf(line, sizeof line, "%.*s", (int)n, l);
			if (!strstr(line, "[xx]") && !carried)
				unmarked_lines++;
			carried = 0;
		}
		l += n + (nl != NULL);
	}
	assert_true(lines > numbers_only_lines);
	if (unmarked_lines != numbers_only_lines)
		fail_msg("%d lines without the fake mark, %d expected:\n%s", unmarked_lines,
			 numbers_only_lines, xx);
}

typedef void (*Writer)(FILE *out, int lang, const void *ctx);

static char *written(Writer w, int lang, const void *ctx)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	w(out, lang, ctx);
	fclose(out);
	return text;
}

static void write_check(FILE *out, int lang, const void *ctx)
{
	GcOptions o = gradcheck_defaults();
	o.fast = ((const GcReport *)ctx)->n_directions;
	report_check_table(out, "fake", &o, ctx, lang);
}

static void write_sweep(FILE *out, int lang, const void *ctx)
{
	report_sweep_table(out, "fake", ctx, lang);
}

/* Every sentence of the check's report at least once: failures, a non-finite value of each
 * kind, kinks, directions, and each pass. */
static void test_fake_language_report(void **state)
{
	(void)state;
	GcTensorReport t[4] = {
		{ .name = "w", .rows = 2, .cols = 3, .checked = 6, .failed = 2, .kinks = 1,
		  .worst_row = 1, .worst_col = 2, .worst_numeric = 0.5, .worst_analytic = 0.25,
		  .worst_rel_err = 0.5 },
		{ .name = "b", .rows = 1, .cols = 1, .checked = 1, .failed = 1,
		  .worst_numeric = 1, .worst_analytic = 2, .worst_rel_err = 0.5 },
		{ .name = "x", .rows = 1, .cols = 2, .checked = 2, .nonfinite = { GC_NONFINITE_STEP,
		  NAN, 0, NULL, "x", 0, 1, -1e-6 } },
		{ .name = "y", .rows = 1, .cols = 2, .checked = 2, .nonfinite = {
		  GC_NONFINITE_ANALYTIC, INFINITY, 0, NULL, "y", 0, 0, 0 } },
	};
	GcDirection d[2] = { { 1, 1, 0, 0, 1 }, { 1, 2, 1, 0.5, 0 } };
	GcReport r = { .loss = 1.5, .evaluations = 9, .tensors = t, .n_tensors = 4,
		       .nonfinite = { GC_NONFINITE_FORWARD, NAN, 3, "log", NULL, 0, 1, 0 } };
	char *en = written(write_check, LANG_EN, &r), *xx = written(write_check, FAKE, &r);
	assert_non_null(strstr(en, "FAIL: b: 1 of 1 value disagrees"));
	assert_non_null(strstr(en, "FAIL: w: 2 of 6 values disagree"));
	assert_non_null(strstr(en, "FAIL: the forward pass produced nan at node 3 (log)"));
	assert_non_null(strstr(en, "note: 1 value sat on a kink"));
	assert_fake_like_english(en, xx, 0);
	free(en);
	free(xx);

	/* directions, one failing; then passes of every kind */
	r = (GcReport){ .loss = 2, .evaluations = 5, .tensors = t, .n_tensors = 1,
			.directions = d, .n_directions = 2 };
	t[0].failed = 0;
	t[0].kinks = 2;
	en = written(write_check, LANG_EN, &r);
	xx = written(write_check, FAKE, &r);
	assert_non_null(strstr(en, "FAIL: a random direction disagrees"));
	assert_non_null(strstr(en, "direction 2   numeric 1 analytic 2 rel err 0.5  MISMATCH"));
	assert_fake_like_english(en, xx, 0);
	free(en);
	free(xx);
	r.passed = 1;
	r.n_directions = 1;
	en = written(write_check, LANG_EN, &r);
	xx = written(write_check, FAKE, &r);
	assert_non_null(strstr(en, "PASS: 1 random direction agrees (5 loss evaluations)"));
	assert_fake_like_english(en, xx, 0);
	free(en);
	free(xx);
	r.n_directions = 0;
	r.n_tensors = 2;
	t[1].failed = 0;
	en = written(write_check, LANG_EN, &r);
	xx = written(write_check, FAKE, &r);
	assert_non_null(strstr(en, "PASS: 5 values in 2 tensors agree (5 loss evaluations)"));
	assert_fake_like_english(en, xx, 0);
	free(en);
	free(xx);

	/* the sweep: its rows are numbers only */
	GcSweep s = { .tensor = "w", .row = 1, .col = 0, .analytic = 0.75 };
	for (int i = 0; i < GC_SWEEP_STEPS; i++) {
		s.eps[i] = pow(10, -1 - i);
		s.central_err[i] = s.forward_err[i] = fabs(i - 5.0) + 1;
	}
	en = written(write_sweep, LANG_EN, &s);
	xx = written(write_sweep, FAKE, &s);
	assert_non_null(strstr(en, "smallest central error at step 1e-06"));
	assert_fake_like_english(en, xx, GC_SWEEP_STEPS);
	free(en);
	free(xx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_id_every_language),
		cmocka_unit_test(test_fake_column_read),
		cmocka_unit_test(test_fake_language_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
