/* test_plot_msg: the plot layer's message table (src/plot/plot_msg.c). Every id has a text in
 * every language, and every language takes the same printf arguments (by type, in order, or
 * by position where a text numbers them), as test_grade_msg checks for the grader's table.
 * A third language is one more column: this file builds the table with a fake column "xx"
 * (each English text behind a "[xx]" mark) and draws plots in that language, a gnuplot
 * script and a text plot of lines and of a heatmap and the note of a text fallback, and
 * checks that every word the plot layer adds itself comes from that column, never silently
 * from English, and that nothing else changes. The table and axis.c are compiled into this
 * test with the extra column; the rest of src/plot comes from the library and reads them. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "[xx]" en
#include "../src/plot/plot_msg.c"
#include "../src/plot/axis.c"

#include "test_util.h"
#include "msg_table.h"

#include "plot/script.h"
#include "plot/text.h"

#include <locale.h>
#include <string.h>

enum { FAKE = LANG_COUNT - 1 };

static void test_conversions_helper(void **state)
{
	(void)state;
	char a[64], b[64];
	assert_true(msg_conversions("crashed with signal %d (%s)%.0s\n", a, sizeof a));
	assert_true(msg_conversions("崩溃了：信号 %d%.0s（SIG%s）\n", b, sizeof b));
	assert_string_equal(a, "1:d 2:s 3:s");
	assert_string_equal(a, b);
	assert_true(msg_conversions("%1$s/%2$s, %4$d of %3$d (%5$llu)", a, sizeof a));
	assert_string_equal(a, "1:s 2:s 3:d 4:d 5:llu");
	assert_true(msg_conversions("%zu %.3g %%", a, sizeof a));
	assert_string_equal(a, "1:zu 2:f");
	/* a text that takes fewer or other arguments is told apart */
	assert_true(msg_conversions("%s %d", a, sizeof a));
	assert_true(msg_conversions("%d %s", b, sizeof b));
	assert_string_not_equal(a, b);
	assert_false(msg_conversions("%1$s %d", a, sizeof a));
}

static const char *cell(int lang, int id)
{
	return table[id][lang];
}

/* Only the empty id may be empty. */
static int is_none(int id)
{
	return id == PM_NONE;
}

/* Notation read the same in every language: the clamped kinds that are symbols. */
static int notation(int id)
{
	return id == PM_CLAMP_INF || id == PM_CLAMP_NINF || id == PM_CLAMP_NAN;
}

static void test_every_id_every_language(void **state)
{
	(void)state;
	msg_table_check("plot_msg", cell, PM_COUNT, LANG_COUNT, is_none, notation);
	assert_string_equal(plot_msg(LANG_ZH, PM_MASKED), "已屏蔽");
	assert_string_equal(plot_msg(9, PM_MASKED), "masked");
	assert_string_equal(plot_msg(-1, PM_MASKED), "masked");
	assert_string_equal(plot_msg(LANG_EN, PM_COUNT), "");
	/* plot_format cuts to fit and always terminates */
	char b[8];
	plot_format(b, sizeof b, LANG_EN, PM_SCALE_ONE, 0.5);
	assert_string_equal(b, "scale: ");
}

/* {==== The fake language, drawn ==== */

/* s with every "[xx]" taken out, in a new string. */
static char *unmarked(const char *s)
{
	char *o = malloc(strlen(s) + 1), *w = o;
	assert_non_null(o);
	while (*s)
		if (strncmp(s, "[xx]", 4) == 0)
			s += 4;
		else
			*w++ = *s++;
	*w = '\0';
	return o;
}

static int marks(const char *s)
{
	int n = 0;
	for (; (s = strstr(s, "[xx]")); s += 4)
		n++;
	return n;
}

static char *script_line(const PlotLine *p)
{
	char *b = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&b, &n);
	assert_non_null(f);
	PlotTarget t = { .kind = PLOT_SVG, .file = "x.svg" };
	assert_int_equal(plot_script_line(f, p, &t), ST_OK);
	fclose(f);
	return b;
}

static char *script_heat(const PlotHeat *h)
{
	char *b = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&b, &n);
	assert_non_null(f);
	PlotTarget t = { .kind = PLOT_SVG, .file = "x.svg" };
	assert_int_equal(plot_script_heat(f, h, &t), ST_OK);
	fclose(f);
	return b;
}

/* All the text lines in one string, one line each. */
static char *joined(const PlotText *t)
{
	size_t n = 1;
	for (int i = 0; i < t->n; i++)
		n += strlen(t->lines[i]) + 1;
	char *o = malloc(n);
	assert_non_null(o);
	o[0] = '\0';
	for (int i = 0; i < t->n; i++)
		strcat(strcat(o, t->lines[i]), "\n");
	return o;
}

/* The same picture in English and in the fake language: the fake one has a mark before every
 * word the layer adds (marks of them at least) and, without its marks, is the English one. */
static void assert_same_but_marked(const char *en, const char *fake, int words)
{
	char *plain = unmarked(fake);
	if (strcmp(plain, en) != 0)
		fail_msg("the fake language's picture, marks taken out, differs:\n%s\n----\n%s",
			 plain, en);
	free(plain);
	assert_int_equal(marks(en), 0);
	if (marks(fake) < words)
		fail_msg("%d of %d words are in the fake language:\n%s", marks(fake), words, fake);
}

#define assert_has(text, needle)                                                              \
	do {                                                                                  \
		if (!strstr((text), (needle)))                                                \
			fail_msg("\"%s\" is not in:\n%s", (needle), (text));                  \
	} while (0)

/* A log plot with a series without a label, values clamped (negative, inf) and gaps (0, NaN). */
static const double ys[6] = { 1, -1, INFINITY, 0, NAN, 1e-3 };
static const PlotSeries unnamed[1] = { { NULL, NULL, ys, 6 } };

static void test_third_language_lines(void **state)
{
	(void)state;
	PlotLine p = { .logy = 1, .series = unnamed, .n_series = 1 };
	char *en = script_line(&p);
	p.lang = FAKE;
	char *fake = script_line(&p);
	assert_same_but_marked(en, fake, 4);
	assert_has(fake, "title '[xx](unnamed)'");
	assert_has(fake, "title '[xx]clamped ([xx]negative[xx] or [xx]inf[xx])'");
	assert_has(fake, "title '[xx]exactly 0 (a gap: log axis)'");
	assert_has(fake, "title '[xx]NaN (no value)'");
	free(en);
	free(fake);
	/* the text plot: wide enough that no legend wraps in either language */
	PlotText *te = NULL, *tf = NULL;
	p.lang = LANG_EN;
	assert_int_equal(plot_text_line(&p, 160, 20, PLOT_GLYPHS_UNICODE, &te), ST_OK);
	p.lang = FAKE;
	assert_int_equal(plot_text_line(&p, 160, 20, PLOT_GLYPHS_UNICODE, &tf), ST_OK);
	en = joined(te);
	fake = joined(tf);
	assert_has(fake, "[xx](unnamed)");
	assert_has(fake, "[xx]clamped ([xx]negative[xx] or [xx]inf[xx])");
	assert_has(fake, "[xx]exactly 0 (a gap: log axis)");
	assert_has(fake, "[xx]NaN (no value)");
	assert_int_equal(marks(en), 0);
	free(en);
	free(fake);
	plot_text_free(te);
	plot_text_free(tf);
}

static void test_third_language_heat(void **state)
{
	(void)state;
	double v[4] = { 0.25, NAN, 0.5, 1 };
	unsigned char masked[4] = { 0, 0, 0, 1 };
	PlotHeat h = { .rows = 2, .cols = 2, .v = v, .masked = masked };
	char *en = script_heat(&h);
	h.lang = FAKE;
	char *fake = script_heat(&h);
	assert_same_but_marked(en, fake, 2);
	assert_has(fake, "'[xx]x = not finite (1 cell)'");
	assert_has(fake, "\"[xx]masked\"");
	free(en);
	free(fake);
	/* too big to label: the hatch is explained instead */
	double big[13 * 13] = { 0 };
	unsigned char big_mask[13 * 13] = { [5] = 1 };
	big[0] = 1;
	big[7] = INFINITY;
	big[8] = NAN;
	PlotHeat b = { .rows = 13, .cols = 13, .v = big, .masked = big_mask, .lang = FAKE };
	fake = script_heat(&b);
	assert_has(fake, "'[xx]x = not finite (2 cells)'");
	assert_has(fake, "'[xx]hatched: masked (padding) keys'");
	free(fake);
	/* the text heatmap: its scale, its marks' meanings and what it leaves out */
	PlotText *t = NULL;
	assert_int_equal(plot_text_heat(&b, 100, 12, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	fake = joined(t);
	assert_has(fake, "[xx]scale: 0 [");
	assert_has(fake, "[xx]   ? not finite");
	assert_has(fake, "[xx]   x masked");
	assert_has(fake, "[xx]showing ");
	free(fake);
	plot_text_free(t);
	double one[1] = { 2 }, none[1] = { NAN };
	PlotHeat o = { .rows = 1, .cols = 1, .v = one, .lang = FAKE };
	assert_int_equal(plot_text_heat(&o, 40, 8, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	fake = joined(t);
	assert_has(fake, "[xx]scale: every value is 2");
	free(fake);
	plot_text_free(t);
	o.v = none;
	assert_int_equal(plot_text_heat(&o, 40, 8, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	fake = joined(t);
	assert_has(fake, "[xx]scale: no finite values");
	free(fake);
	plot_text_free(t);
}

/* Why a plot fell back to text, in the fake language: gnuplot's dumb terminal draws neither a
 * heatmap nor captions that are not English, so no gnuplot is started. */
static void test_third_language_note(void **state)
{
	(void)state;
	PlotTarget t = { .kind = PLOT_DUMB, .width = 80, .height = 20,
			 .glyphs = PLOT_GLYPHS_UNICODE };
	PlotShown out;
	PlotLine p = { .logy = 1, .series = unnamed, .n_series = 1, .lang = FAKE };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_string_equal(out.note, "[xx][xx]gnuplot's dumb terminal counts a Chinese character "
				      "as one column; drawing a text [xx]plot instead");
	plot_shown_clear(&out);
	double v[1] = { 1 };
	PlotHeat h = { .rows = 1, .cols = 1, .v = v, .lang = FAKE };
	assert_int_equal(plot_heat_show(&h, &t, &out), ST_OK);
	assert_string_equal(out.note, "[xx][xx]gnuplot's dumb terminal cannot draw heatmaps; "
				      "drawing a text [xx]heatmap instead");
	plot_shown_clear(&out);
	h.lang = LANG_ZH;
	assert_int_equal(plot_heat_show(&h, &t, &out), ST_OK);
	assert_string_equal(out.note, "gnuplot 的 dumb 终端画不了热力图；改为绘制文本热力图");
	plot_shown_clear(&out);
}

/* }==== */

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_helper),
		cmocka_unit_test(test_every_id_every_language),
		cmocka_unit_test(test_third_language_lines),
		cmocka_unit_test(test_third_language_heat),
		cmocka_unit_test(test_third_language_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
