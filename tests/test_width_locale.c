/* test_width_locale: every layer lays text out by core/utf8's one column counter, so the
 * process locale changes nothing but whether non-ASCII may be shown. A text plot with
 * Unicode glyphs and Chinese words (written to a file under LANG=C, read in a UTF-8
 * terminal) is the same byte for byte under the C locale and C.UTF-8; the UI wraps Chinese
 * and spells it in ASCII at the same columns under both; the canvas draws a control
 * character as the one '?' it counts. */
#include "test_util.h"

#include "core/mem.h"
#include "core/utf8.h"
#include "plot/text.h"
#include "ui/canvas.h"
#include "ui/textwidth.h"

#include <locale.h>
#include <string.h>

enum { RUNS = 2 };
static const char *const locales[RUNS] = { "C", "C.UTF-8" };

static int set_locale(int k)
{
	return setlocale(LC_ALL, locales[k]) != NULL;
}

/* The plot's lines joined by '\n', as a new string. */
static char *plot_under(int k)
{
	if (!set_locale(k))
		return NULL;
	enum { N = 20 };
	double y[N];
	for (int i = 0; i < N; i++)
		y[i] = pow(10, -i);
	PlotSeries s[2] = { { "梯度", NULL, y, N }, { "rnn（tanh）", NULL, y, N } };
	PlotLine p = { .title = "梯度范数 ‖dL/dh‖", .xlabel = "时间步 t", .ylabel = "范数",
		       .logy = 1, .series = s, .n_series = 2, .lang = 1 };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 48, 14, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	size_t len = 0;
	for (int i = 0; i < t->n; i++)
		len += strlen(t->lines[i]) + 1;
	char *all = mem_calloc(1, len + 1);
	assert_non_null(all);
	for (int i = 0; i < t->n; i++) {
		strcat(all, t->lines[i]);
		strcat(all, "\n");
		if (plot_text_width(t->lines[i]) > 48)
			fail_msg("%s: line %d is %d columns: %s", locales[k], i,
				 plot_text_width(t->lines[i]), t->lines[i]);
	}
	plot_text_free(t);
	return all;
}

static void test_plot_same_under_both(void **state)
{
	(void)state;
	char *c = plot_under(0), *u = plot_under(1);
	if (!u) {
		mem_free(c);
		skip();
	}
	assert_non_null(strstr(u, "梯度范数"));
	if (strcmp(c, u) != 0)
		fail_msg("the plot differs:\nC:\n%s\nC.UTF-8:\n%s", c, u);
	mem_free(c);
	mem_free(u);
	setlocale(LC_ALL, "C");
}

/* Wrapped lines of s at width w, "start+len/cols" each, into buf. */
static void wrap_under(int k, const char *s, int w, char *buf, size_t size)
{
	TwLines l = { 0 };
	set_locale(k);
	assert_int_equal(tw_wrap(s, strlen(s), w, TW_WRAP_WORDS, 0, &l), 0);
	buf[0] = '\0';
	for (int i = 0; i < l.n; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%zu+%zu/%d ", l.items[i].start,
			 l.items[i].len, l.items[i].cols);
	tw_lines_free(&l);
}

static void test_ui_same_under_both(void **state)
{
	(void)state;
	const char *prose = "梯度沿着时间步反向传播，每一步乘以 W_hh 的转置。";
	char want[512], got[512];
	if (!set_locale(1))
		skip();
	wrap_under(1, prose, 12, want, sizeof want);
	wrap_under(0, prose, 12, got, sizeof got);
	assert_string_equal(got, want);
	/* A character with no ASCII spelling keeps its columns in ASCII mode: 中 is "??". */
	const char *text = "中σ\tx";
	char *shown[RUNS];
	for (int k = 0; k < RUNS; k++) {
		set_locale(k);
		shown[k] = tw_display(text, strlen(text), TW_ASCII, NULL);
		assert_non_null(shown[k]);
	}
	assert_string_equal(shown[0], "??sigma x");
	assert_string_equal(shown[1], shown[0]);
	for (int k = 0; k < RUNS; k++)
		mem_free(shown[k]);
	setlocale(LC_ALL, "C");
}

static void test_canvas_control(void **state)
{
	(void)state;
	Canvas *c = canvas_mem_new(1, 10);
	assert_non_null(c);
	char row[64];
	assert_int_equal(canvas_str(c, 0, 0, 10, "a\tb\x1b" "c", UI_NORMAL), 5);
	canvas_mem_row(c, 0, row, sizeof row);
	assert_string_equal(row, "a?b?c");
	canvas_mem_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plot_same_under_both),
		cmocka_unit_test(test_ui_same_under_both),
		cmocka_unit_test(test_canvas_control),
	};
	return cmocka_run_group_tests_name("width_locale", tests, NULL, NULL);
}
