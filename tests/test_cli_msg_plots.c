/* test_cli_msg_plots: the words of the experiments with plots (norms, sweep, curves,
 * attention) come from the cli's message table (src/cli/cli_msg.c) and nowhere else. The
 * table is built with a fake third language whose every text is the English one between two
 * marks, \1 before and \2 after; the commands' tables and plot captions are written in that
 * language, everything between marks is taken out, and what is left may hold no word but
 * the notation the commands write in every language (cell and activation names, tensor
 * names, "x", "q1"). A word that some code still chooses by language, or writes in English
 * whatever the language, is left outside the marks and named. The table and the four
 * commands are compiled into this test with the extra column. */
#define LANG_EXTRA(X) X(LANG_XX, "xx", "Fake", 0, NULL)
#define LANG_EXTRA_COLUMN(en) , "\1" en "\2"
#include "../src/cli/cli_msg.c"
/* the commands' file-local helpers share names: each file's get its own */
#define print_table norms_print_table
#define print_csv norms_print_csv
#include "../src/cli/cmd_norms.c"
#undef print_table
#undef print_csv
#define print_csv sweep_print_csv
#include "../src/cli/cmd_sweep.c"
#undef print_csv
#define print_table curves_print_table
#define print_csv curves_print_csv
#include "../src/cli/cmd_curves.c"
#undef print_table
#undef print_csv
#define print_csv attention_print_csv
#include "../src/cli/cmd_attention.c"
#undef print_csv

#include "test_util.h"

#include <ctype.h>
#include <locale.h>
#include <string.h>

enum { FAKE = LANG_COUNT - 1 };

/* Notation, the same in every language: what may stand outside the table's texts. */
static const char *const notation[] = {
	"rnn", "lstm", "gru", "tanh", "sigmoid", "relu", "leaky_relu", "elu", "linear", "W_hh",
	"dL", "dh_t", "nan", "inf", "max", "dquery", "dkeys", "dvalues", "scaled_dot", "additive", "mse", "pred", "target", NULL,
};

static int is_notation(const char *w, size_t n)
{
	for (int i = 0; notation[i]; i++)
		if (strlen(notation[i]) == n && strncmp(w, notation[i], n) == 0)
			return 1;
	return 0;
}

/* The words of s outside its marks (nested marks: a text given to another as an argument):
 * fails naming the first that is not notation. Returns how many marked texts s has. */
static int assert_all_words_marked(const char *s)
{
	int depth = 0, texts = 0;
	for (const char *p = s; *p;) {
		if (*p == '\1') {
			depth++, texts++, p++;
			continue;
		}
		if (*p == '\2') {
			if (--depth < 0)
				fail_msg("an end mark without a start in:\n%s", s);
			p++;
			continue;
		}
		if (depth == 0 && (isalpha((unsigned char)*p) || *p == '_')) {
			const char *w = p;
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			/* one letter (x, t, q1, k2, d, e+00 of a number) is a symbol, not a word */
			size_t letters = 0;
			for (const char *q = w; q < p; q++)
				letters += isalpha((unsigned char)*q) != 0;
			if (letters >= 2 && !is_notation(w, (size_t)(p - w)))
				fail_msg("\"%.*s\" is outside the table's texts in:\n%s", (int)(p - w), w,
					 s);
			continue;
		}
		p++;
	}
	assert_int_equal(depth, 0);
	return texts;
}

static char *captured_buf;
static size_t captured_len;

static FILE *capture(void)
{
	FILE *f = open_memstream(&captured_buf, &captured_len);
	assert_non_null(f);
	return f;
}

/* Everything written to f since capture, checked; then freed. */
static void check_captured(FILE *f, int at_least)
{
	fclose(f);
	int texts = assert_all_words_marked(captured_buf);
	if (texts < at_least)
		fail_msg("%d texts from the table, expected at least %d:\n%s", texts, at_least,
			 captured_buf);
	free(captured_buf);
	captured_buf = NULL;
}

/* A caption: marked, or absent. */
static void check_caption(const char *s)
{
	if (s)
		assert_all_words_marked(s);
}

static void check_plot(const PlotLine *p)
{
	check_caption(p->title);
	check_caption(p->subtitle);
	check_caption(p->xlabel);
	check_caption(p->ylabel);
	check_caption(p->zero_note);
	check_caption(p->nan_note);
	for (int i = 0; i < p->n_series; i++)
		check_caption(p->series[i].label);
	assert_int_equal(p->lang, FAKE);
}

/* The helper itself: a word outside the marks is found, notation is not. */
static void test_checker(void **state)
{
	(void)state;
	assert_int_equal(assert_all_words_marked("\1ratio to T\2 rnn 1e+00 q1 k2 x"), 1);
	assert_int_equal(assert_all_words_marked("\1a \1b\2 c\2"), 2);
}

static void test_norms(void **state)
{
	(void)state;
	/* every kind of line: gated cells, clipping, truncation, an overflow, a long run */
	NormsConfig c = norms_defaults();
	c.n_cells = 3;
	c.cells[0] = REC_RNN, c.cells[1] = REC_LSTM, c.cells[2] = REC_GRU;
	c.clip = 0.5;
	c.truncate = 1;
	c.loss_all = 1;
	c.orthogonal = 0;
	NormsResult r;
	assert_int_equal(norms_run(&c, &r), ST_OK);
	FILE *f = capture();
	norms_print_table(f, &c, &r, FAKE);
	check_captured(f, 20);
	double t[NORMS_MAX_STEPS];
	PlotSeries series[NORMS_MAX_CELLS];
	char labels[NORMS_MAX_CELLS][64], title[160], subtitle[160];
	PlotLine p = norms_plot(&c, &r, t, series, labels, title, subtitle, sizeof title, FAKE);
	check_plot(&p);
	norms_result_free(&r);

	c = norms_defaults();
	c.act = ACT_LINEAR;
	c.spectral_norm = 10;
	c.steps = 400;
	c.truncate = 7;
	assert_int_equal(norms_run(&c, &r), ST_OK);
	f = capture();
	norms_print_table(f, &c, &r, FAKE);
	check_captured(f, 10);
	p = norms_plot(&c, &r, t, series, labels, title, subtitle, sizeof title, FAKE);
	check_plot(&p);
	assert_non_null(p.zero_note);
	norms_result_free(&r);
}

static void test_sweep(void **state)
{
	(void)state;
	/* at 40, single precision's steps vanish in rounding: the (no step) words too */
	int show[2] = { 1, 1 };
	Sweep s;
	assert_int_equal(sweep_precisions("sigmoid", 40, 1, &s), ST_OK);
	FILE *f = capture();
	precision_table(f, "sigmoid", &s, show, FAKE);
	check_captured(f, 10);
	PlotSeries series[4];
	char title[256];
	PlotLine p = precision_plot("sigmoid", &s, 1, show, series, title, sizeof title, FAKE);
	check_plot(&p);
	assert_int_equal(sweep_precisions("rnn", 0.5, 1, &s), ST_OK);
	p = precision_plot("rnn", &s, 1, show, series, title, sizeof title, FAKE);
	check_plot(&p);
	GcSweep g = { .tensor = "pred", .row = 0, .col = 1 };
	p = model_plot("mse", &g, 1, series, title, sizeof title, FAKE);
	check_plot(&p);
}

static void test_curves(void **state)
{
	(void)state;
	static const Activation acts[] = { ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_ELU };
	Curve *cs[5];
	for (int a = 0; a < 5; a++)
		assert_non_null(cs[a] = curves_compute(acts[a], 0.2, -6, 6, 1001));
	FILE *f = capture();
	curves_print_table(f, cs, 5, FAKE);
	check_captured(f, 5);
	char title[256];
	plot_title(title, sizeof title, cs, 5, FAKE);
	check_caption(title);
	assert_non_null(strstr(title, "\1, leaky_relu slope 0.2\2"));
	for (int a = 0; a < 5; a++)
		curves_free(cs[a]);
}

static void test_attention(void **state)
{
	(void)state;
	AttnLabConfig c = attn_lab_defaults();
	c.mask_last = 2;
	AttnLabResult r;
	assert_int_equal(attn_lab_run(&c, &r), ST_OK);
	FILE *f = capture();
	print_tables(f, &c, "scaled_dot", &r, FAKE);
	check_captured(f, 5);
	PlotHeat h = { 0 };
	char title[96], sub[128];
	captions(&h, &c, "scaled_dot", title, sizeof title, sub, sizeof sub, FAKE);
	check_caption(h.title);
	check_caption(h.subtitle);
	check_caption(h.xlabel);
	check_caption(h.ylabel);
	attn_lab_free(&r);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker),       cmocka_unit_test(test_norms),
		cmocka_unit_test(test_sweep),         cmocka_unit_test(test_curves),
		cmocka_unit_test(test_attention),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
