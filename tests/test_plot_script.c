/* test_plot_script: gnuplot scripts (src/plot/script.c), axes (axis.c), CSV (csv.c) and
 * target parsing (plot.c) read as text: datablocks, labels, log scale, 10^{%T} ticks and a
 * "clamped (0 or inf)" series; 1e-30..1e+30 keeps ~8 labels; '|cmd', '<cmd' and newlines in
 * file names are refused, quotes doubled; user text cannot end a command; failed writes say
 * so. `test_plot_script --write-demo DIR` writes the scripts tests/plot_script.sh re-runs. */
#include "test_util.h"

#include "plot/axis.h"
#include "plot/csv.h"
#include "plot/plot.h"
#include "plot/script.h"

#include <locale.h>
#include <string.h>

/* {==== Helpers ==== */

/* noinline: gcc 12 otherwise takes pointers into the text for pointers to b */
__attribute__((noinline)) static char *script_of_line(const PlotLine *p, const PlotTarget *t,
						      Status *st)
{
	char *b = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&b, &n);
	*st = plot_script_line(f, p, t);
	fclose(f);
	return b;
}

static char *script_of_heat(const PlotHeat *h, const PlotTarget *t, Status *st)
{
	char *b = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&b, &n);
	*st = plot_script_heat(f, h, t);
	fclose(f);
	return b;
}

#define assert_has(text, needle)                                                              \
	do {                                                                                  \
		if (!strstr((text), (needle)))                                                \
			fail_msg("the script lacks \"%s\":\n%s", (needle), (text));           \
	} while (0)

#define assert_lacks(text, needle)                                                            \
	do {                                                                                  \
		if (strstr((text), (needle)))                                                 \
			fail_msg("the script has \"%s\":\n%s", (needle), (text));             \
	} while (0)

/* The lines of datablock `name` ("$CLAMPED") parsed as x y pairs; returns how many. */
static int block(const char *script, const char *name, double *x, double *y, int cap)
{
	char head[64];
	snprintf(head, sizeof head, "%s << EOD\n", name);
	const char *p = strstr(script, head);
	if (!p)
		return -1;
	p += strlen(head);
	int n = 0;
	while (strncmp(p, "EOD\n", 4) != 0 && n < cap) {
		if (*p == '\n') { /* a break in the line: a gap */
			p++;
			continue;
		}
		if (sscanf(p, "%lf %lf", &x[n], &y[n]) != 2)
			fail_msg("bad datablock line: %.40s", p);
		n++;
		p = strchr(p, '\n') + 1;
	}
	return n;
}

/* The numbers of "set <what> [lo:hi]" or "set <what> (a, b, ...)". */
static int numbers_after(const char *script, const char *what, double *v, int cap)
{
	const char *p = strstr(script, what);
	if (!p)
		return -1;
	p += strlen(what);
	int n = 0;
	while (n < cap && *p && *p != '\n') {
		char *end;
		double d = strtod(p, &end);
		if (end != p) {
			v[n++] = d;
			p = end;
		} else {
			p++;
		}
	}
	return n;
}

enum { STEPS = 60 };
static double steps[STEPS], rnn[STEPS], lstm[STEPS], gru[STEPS];
static PlotSeries norms_series[3];

static PlotLine norms_plot(void)
{
	for (int i = 0; i < STEPS; i++) {
		steps[i] = i;
		rnn[i] = pow(10, -20.0 * i / (STEPS - 1));
		lstm[i] = pow(10, 5.0 * i / (STEPS - 1));
		gru[i] = 0.3 + 0.2 * cos(i / 6.0);
	}
	rnn[45] = 0;
	lstm[50] = INFINITY;
	norms_series[0] = (PlotSeries){ "vanilla RNN (tanh)", steps, rnn, STEPS };
	norms_series[1] = (PlotSeries){ "RNN, W_hh x 1.5", steps, lstm, STEPS };
	norms_series[2] = (PlotSeries){ "GRU 门控", steps, gru, STEPS };
	return (PlotLine){ .title = "Gradient norm ‖∂L/∂h_t‖ back from step 59",
			   .xlabel = "time step t",
			   .ylabel = "‖∂L/∂h_t‖",
			   .logy = 1,
			   .series = norms_series,
			   .n_series = 3 };
}

/* }==== */

/* {==== Line plots ==== */

static void test_log_plot_script(void **state)
{
	(void)state;
	PlotLine p = norms_plot();
	PlotTarget t = { .kind = PLOT_PNG, .file = "/tmp/norms.png" };
	Status st;
	char *s = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(s, "reset\n");
	assert_has(s, "if (strstrt(' '.GPVAL_TERMINALS.' ', ' pngcairo ') > 0) {\n"
		      "    set terminal pngcairo size 1000,600 enhanced font 'Sans,13'\n"
		      "} else {\n"
		      "    set terminal png size 1000,600 enhanced font 'Sans,13'\n}\n");
	assert_has(s, "set output '/tmp/norms.png'\n");
	assert_has(s, "set title 'Gradient norm ‖∂L/∂h_t‖ back from step 59' noenhanced");
	assert_has(s, "set xlabel 'time step t' noenhanced\n");
	assert_has(s, "set ylabel '‖∂L/∂h_t‖' noenhanced\n");
	assert_has(s, "set logscale y 10\n");
	assert_has(s, "set format y '10^{%T}'\n");
	assert_lacks(s, "set logscale x");
	assert_has(s, "set xrange [0:59]\n");
	assert_has(s, "title 'vanilla RNN (tanh)' noenhanced");
	assert_has(s, "title 'RNN, W_hh x 1.5' noenhanced");
	assert_has(s, "title 'GRU 门控' noenhanced");
	assert_has(s, "$CLAMPED1 using 1:2 with points pt 6");
	assert_has(s, "title 'clamped (inf)' noenhanced");
	/* the 0 is a gap: a break in the line, a shaded band from half way to the steps
	 * beside it, and a legend entry saying what it is; no point at a made-up height */
	assert_has(s, "\n44 1.2154742500762884e-15\n\n46 2.5514065200312927e-16\n");
	assert_has(s, "set object 1 rect from 44.5, graph 0 to 45.5, graph 1 behind fc rgb");
	assert_has(s, "NaN with boxes fc rgb '#d8d8d8' fs transparent solid 0.6 noborder title "
		      "'exactly 0 (a gap: log axis)' noenhanced\n");
	/* lines apart by dash and point type, not colour alone */
	assert_has(s, "spacing 1.3 width -1\n"); /* 门控: two Chinese characters */
	assert_has(s, "with linespoints lw 2 dt 1 pt 7");
	assert_has(s, "with linespoints lw 2 dt 2 pt 5");
	assert_has(s, "with linespoints lw 2 dt 3 pt 9");
	/* the file is complete only after this, so it is the last line */
	assert_true(strcmp(s + strlen(s) - 13, "unset output\n") == 0);

	double x[STEPS], y[STEPS], r[16];
	assert_int_equal(block(s, "$S1", x, y, STEPS), STEPS - 1);
	assert_close(1.0, y[0], 0, 1e-15);
	assert_close(1e-20, y[58], 0, 1e-12);
	assert_true(x[44] == 44 && x[45] == 46);
	assert_int_equal(block(s, "$S2", x, y, STEPS), STEPS);
	double ceil_y = y[50];
	assert_true(isfinite(ceil_y) && ceil_y > 1e5);
	assert_int_equal(block(s, "$S3", x, y, STEPS), STEPS);
	/* the clamped point, in a series of its own */
	assert_int_equal(block(s, "$CLAMPED1", x, y, STEPS), 1);
	assert_true(x[0] == 50 && y[0] == ceil_y);
	/* the range holds it with room to spare, and goes no lower than the data */
	assert_int_equal(numbers_after(s, "set yrange [", r, 2), 2);
	assert_true(r[1] > ceil_y);
	assert_true(r[0] >= 1e-21);
	/* ticks on powers of ten, not too many */
	int n = numbers_after(s, "set ytics (", r, 16);
	assert_true(n >= 4 && n <= 9);
	for (int i = 0; i < n; i++)
		assert_close(round(log10(r[i])), log10(r[i]), 1e-9, 0);
	free(s);
}

/* 1e-30 .. 1e+30: sixty decades, still about eight labels, a minor tick per decade. */
static void test_wide_log_range(void **state)
{
	(void)state;
	double y[61];
	for (int i = 0; i <= 60; i++)
		y[i] = pow(10, 30 - i);
	PlotSeries s = { "wide", NULL, y, 61 };
	PlotLine p = { .logy = 1, .series = &s, .n_series = 1 };
	PlotTarget t = { .kind = PLOT_SVG, .file = "w.svg" };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set terminal svg size 1000,600 enhanced font 'Sans,13' background rgb 'white'\n");
	assert_has(txt, "set yrange [1.0000000000000001e-30:1e+30]\n");
	double r[80];
	int n = numbers_after(txt, "set ytics (", r, 80);
	assert_int_equal(n, 7); /* every tenth decade */
	assert_close(1e-30, r[0], 0, 1e-12);
	assert_close(1e+30, r[6], 0, 1e-12);
	assert_has(txt, "set ytics add ('' 1e-29 1, ");
	assert_lacks(txt, "CLAMPED");
	free(txt);

	/* The axis itself: decades, clamping words, and linear ticks. */
	PlotAxis a;
	assert_int_equal(plot_axis_y(&p, &a), ST_OK);
	assert_close(1e-30, a.lo, 0, 1e-12);
	assert_int_equal(a.n_clamped, 0);
	y[3] = -1;
	y[4] = NAN;
	y[5] = 0;
	assert_int_equal(plot_axis_y(&p, &a), ST_OK);
	assert_int_equal(a.n_clamped, 1);
	assert_int_equal(a.n_gaps, 2); /* NaN and 0: no value to draw, so no decade added */
	assert_int_equal(a.gaps, PLOT_CLAMP_NAN | PLOT_CLAMP_ZERO);
	assert_close(1e-31, a.floor, 0, 1e-12);
	assert_close(1e30, a.ceil, 0, 1e-12);
	char label[128];
	plot_axis_clamp_label(a.clamped, 0, label, sizeof label);
	assert_string_equal(label, "clamped (negative)");
	plot_axis_clamp_label(PLOT_CLAMP_ZERO | PLOT_CLAMP_INF | PLOT_CLAMP_NAN, 0, label,
			      sizeof label);
	assert_string_equal(label, "clamped (0, inf or NaN)");
	plot_axis_clamp_label(PLOT_CLAMP_ZERO | PLOT_CLAMP_INF | PLOT_CLAMP_NAN, 1, label,
			      sizeof label);
	assert_string_equal(label, "画在边缘的值（0、inf 或 NaN）");
	PlotAxis lin = { .lo = 0, .hi = 59 };
	double ticks[16];
	assert_int_equal(plot_axis_ticks(&lin, 7, ticks, 16), 6);
	assert_true(ticks[0] == 0 && ticks[5] == 50);
}

static void test_text_and_linear_scripts(void **state)
{
	(void)state;
	double y[5] = { 1, 2, INFINITY, 3, NAN };
	PlotSeries s[2] = { { "it's", NULL, y, 5 }, { "empty", NULL, NULL, 0 } };
	PlotLine p = { .title = "a'b\nset output '|rm -rf x'", .series = s, .n_series = 2 };
	PlotTarget t = { .kind = PLOT_DUMB, .width = 70, .height = 20 };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set terminal dumb size 70,20 noenhanced\nset output\n");
	/* the newline cannot start a new command; the quote is doubled */
	assert_has(txt, "set title 'a''b set output ''|rm -rf x''' noenhanced\n");
	assert_lacks(txt, "logscale");
	assert_has(txt, "$S1 using 1:2 with lines lt 1 title 'it''s' noenhanced");
	assert_has(txt, "NaN with lines lt 2 title 'empty' noenhanced");
	assert_has(txt, "$CLAMPED1 using 1:2 with points pt '!' title 'clamped (inf)'");
	/* text has no shading: the NaN is a mark on the x axis that the legend names */
	assert_has(txt, "$GAPNAN1 using 1:(0.91200000000000003) with points pt '?' title "
			"'NaN (no value)'");
	assert_lacks(txt, "set object");
	assert_lacks(txt, "unset output");
	double x[5], cy[5], r[2];
	assert_int_equal(block(txt, "$CLAMPED1", x, cy, 5), 1);
	assert_int_equal(numbers_after(txt, "set yrange [", r, 2), 2);
	assert_true(cy[0] > 3 && cy[0] < r[1]); /* above the data, inside the range */
	free(txt);

	/* log x, as a step-size sweep draws it; dumb ticks read 1e-12 */
	double eps[4] = { 1e-12, 1e-8, 1e-4, 1 }, err[4] = { 1e-3, 1e-7, 1e-9, 1e-2 };
	PlotSeries e = { "relative error", eps, err, 4 };
	PlotLine sweep = { .logx = 1, .logy = 1, .series = &e, .n_series = 1 };
	txt = script_of_line(&sweep, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set logscale x 10\nset format x '1e%+03T'\n");
	assert_has(txt, "set format y '1e%+03T'\n");
	free(txt);

	/* a window picks whichever of qt, wxt and x11 gnuplot has */
	t = (PlotTarget){ .kind = PLOT_WINDOW };
	txt = script_of_line(&sweep, &t, &st);
	assert_has(txt, "' qt ') > 0) {\n    set terminal qt size 1000,600 enhanced font "
			"'Sans,13' persist\n");
	assert_has(txt, "' wxt ') > 0) {\n");
	assert_has(txt, "        set terminal x11 ");
	free(txt);

	/* x <= 0 on a log axis is the caller's mistake, said before anything is written */
	err[0] = 0;
	eps[2] = 0;
	char *b = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&b, &n);
	assert_int_equal(plot_script_line(f, &sweep, &t), ST_EINVAL);
	fclose(f);
	assert_int_equal(n, 0);
	assert_string_equal(status_detail(), "series 'relative error', point 2: x = 0 cannot go "
					     "on a log x axis");
	free(b);
}

/* }==== */

static void test_quoting(void **state)
{
	(void)state;
	char q[64];
	assert_int_equal(plot_quote_file("it's.png", q, sizeof q), ST_OK);
	assert_string_equal(q, "'it''s.png'");
	assert_int_equal(plot_quote_file("a`touch x`\"$HOME\".png", q, sizeof q), ST_OK);
	assert_string_equal(q, "'a`touch x`\"$HOME\".png'");
	assert_int_equal(plot_quote_file("|cmd", q, sizeof q), ST_EINVAL);
	assert_string_equal(status_detail(), "output file '|cmd': a name starting with '|' would "
					     "make gnuplot run a command");
	assert_int_equal(plot_quote_file("  |cmd", q, sizeof q), ST_EINVAL);
	assert_int_equal(plot_quote_file("<cmd", q, sizeof q), ST_EINVAL);
	assert_int_equal(plot_quote_file("a\nb.png", q, sizeof q), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "newline"));
	assert_int_equal(plot_quote_file("a\rb.png", q, sizeof q), ST_EINVAL);
	assert_int_equal(plot_quote_file("", q, sizeof q), ST_EINVAL);
	assert_int_equal(plot_quote_file("a|b.png", q, sizeof q), ST_OK); /* only at the start */
	assert_int_equal(plot_quote_file("''''''''", q, 12), ST_ELIMIT);

	double y[2] = { 1, 2 };
	PlotSeries s = { "s", NULL, y, 2 };
	PlotLine p = { .series = &s, .n_series = 1 };
	PlotTarget t = { .kind = PLOT_PNG, .file = "|touch pwned" };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_EINVAL);
	assert_lacks(txt, "set output");
	free(txt);

	assert_int_equal(plot_target_parse("png:|touch pwned", &t), ST_EINVAL);
	assert_string_equal(status_detail(), "plot target 'png:|touch pwned': output file '|touch "
					     "pwned': a name starting with '|' would make gnuplot "
					     "run a command");
	assert_int_equal(plot_target_parse("png:out dir/it's.png", &t), ST_OK);
	assert_int_equal(t.kind, PLOT_PNG);
	assert_string_equal(t.file, "out dir/it's.png");
	assert_int_equal(plot_target_parse("svg:a.svg", &t), ST_OK);
	assert_int_equal(t.kind, PLOT_SVG);
	static const char *const words[] = { "auto", "text", "window", "dumb" };
	static const PlotKind kinds[] = { PLOT_AUTO, PLOT_TEXT, PLOT_WINDOW, PLOT_DUMB };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(plot_target_parse(words[i], &t), ST_OK);
		assert_int_equal(t.kind, kinds[i]);
		assert_null(t.file);
	}
	assert_int_equal(plot_target_parse("png:", &t), ST_EINVAL);
	assert_int_equal(plot_target_parse("jpeg:x.jpg", &t), ST_EINVAL);
	assert_string_equal(status_detail(), "plot target 'jpeg:x.jpg': expected auto, text, window, "
					     "dumb, png:FILE or svg:FILE");
}

static void test_heat_script(void **state)
{
	(void)state;
	double v[6] = { 0.1, 0.2, 0.7, 0.5, NAN, 0.5 };
	const char *rows[2] = { "q'0", "q1" }, *cols[3] = { "the", "cat", "sat" };
	PlotHeat h = { .title = "weights", .xlabel = "key", .ylabel = "query", .rows = 2, .cols = 3,
		       .v = v, .row_labels = rows, .col_labels = cols };
	PlotTarget t = { .kind = PLOT_PNG, .file = "h.png", .width = 500, .height = 400 };
	Status st;
	char *s = script_of_heat(&h, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(s, "size 500,400");
	assert_has(s, "set xlabel 'key' noenhanced\nset ylabel 'query' noenhanced\n");
	assert_has(s, "set xrange [-0.5:2.5]\nset yrange [1.5:-0.5]\n"); /* row 0 on top */
	assert_has(s, "set xtics ('the' 0, 'cat' 1, 'sat' 2) scale 0 noenhanced\n");
	assert_has(s, "set ytics ('q''0' 0, 'q1' 1) scale 0 noenhanced\n");
	assert_has(s, "set cbrange [0.10000000000000001:0.69999999999999996]\n");
	/* the NaN cell is drawn at the low end and marked with an x the label explains */
	assert_has(s, "$H << EOD\n0.10000000000000001 0.20000000000000001 0.69999999999999996\n"
		      "0.5 0.10000000000000001 0.5\nEOD\n$NONFINITE << EOD\n1 1\nEOD\n");
	assert_has(s, "plot $H matrix with image pixels, \\\n"
		      "     $NONFINITE using 1:2 with points pt 2");
	assert_has(s, "set label 1 'x = not finite (1 cell)'");
	/* a small grid has its values in the cells: white on the dark ones, black on the
	 * light (0.7 is the top of this scale); none for the NaN cell */
	assert_has(s, "$LABELS0 << EOD\n0 0 \"0.10\"\n1 0 \"0.20\"\nEOD\n");
	assert_has(s, "$LABELS1 << EOD\n2 0 \"0.70\"\n0 1 \"0.50\"\n2 1 \"0.50\"\nEOD\n");
	assert_has(s, "$LABELS0 using 1:2:3 with labels tc rgb 'white'");
	assert_has(s, "$LABELS1 using 1:2:3 with labels tc rgb 'black'");
	assert_lacks(s, "MASKED");
	assert_true(strcmp(s + strlen(s) - 13, "unset output\n") == 0);
	free(s);

	/* Weights on a fixed 0..1 scale, so that two heatmaps compare, and masked keys
	 * hatched and labelled in their cells */
	unsigned char masked[6] = { 0, 0, 1, 0, 0, 1 };
	double w[6] = { 0.25, 0.75, 0, 0.003, 0.997, 0 };
	PlotHeat m = { .title = "weights", .subtitle = "last key masked", .rows = 2, .cols = 3,
		       .v = w, .fixed_range = 1, .vmin = 0, .vmax = 1, .masked = masked };
	s = script_of_heat(&m, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(s, "set title 'weights'.\"\\n\".'last key masked' noenhanced");
	assert_has(s, "set cbrange [0:1]\n");
	assert_has(s, "$MASKED << EOD\n2 0\n2 1\nEOD\n");
	assert_has(s, "$MASKED using 1:2:(0.5):(0.5) with boxxyerror fs pattern 4");
	assert_has(s, "$LABELS1 << EOD\n1 0 \"0.75\"\n2 0 \"masked\"\n1 1 \"1.00\"\n2 1 \"masked\"\nEOD\n");
	/* two decimals in every cell, and a weight too small for them is not written 0.00 */
	assert_has(s, "$LABELS0 << EOD\n0 0 \"0.25\"\n0 1 \"<0.01\"\nEOD\n");
	free(s);
	m.lang = 1;
	s = script_of_heat(&m, &t, &st);
	assert_has(s, "2 0 \"已屏蔽\"\n");
	free(s);
	/* a grid larger than 12 x 12 has no room for numbers; a note explains the hatch */
	double big[13 * 13] = { 0 };
	unsigned char big_mask[13 * 13] = { 0 };
	big_mask[12] = 1;
	PlotHeat b = { .rows = 13, .cols = 13, .v = big, .fixed_range = 1, .vmin = 0, .vmax = 1,
		       .masked = big_mask };
	s = script_of_heat(&b, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_lacks(s, "LABELS");
	assert_has(s, "set label 2 'hatched: masked (padding) keys'");
	free(s);
	b.vmax = 0;
	s = script_of_heat(&b, &t, &st);
	assert_int_equal(st, ST_EINVAL);
	free(s);
	h.cols = 0;
	s = script_of_heat(&h, &t, &st);
	assert_int_equal(st, ST_EINVAL);
	free(s);
}

static void test_csv(void **state)
{
	(void)state;
	double x[3] = { 0, 1, 2 }, a[3] = { 1, 0.5, INFINITY }, b[2] = { NAN, -0.0 };
	PlotSeries s[2] = { { "rnn, tanh", x, a, 3 }, { "say \"hi\"", NULL, b, 2 } };
	PlotLine p = { .series = s, .n_series = 2 };
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_int_equal(plot_csv_line(f, &p), ST_OK);
	fclose(f);
	assert_string_equal(out, "series,x,y\n"
				 "\"rnn, tanh\",0,1\n\"rnn, tanh\",1,0.5\n\"rnn, tanh\",2,inf\n"
				 "\"say \"\"hi\"\"\",0,nan\n\"say \"\"hi\"\"\",1,-0\n");
	free(out);

	double v[4] = { 0.25, 0.75, 1, 0 };
	const char *cols[2] = { "the", "cat" };
	PlotHeat h = { .xlabel = "key", .ylabel = "query", .rows = 2, .cols = 2, .v = v,
		       .col_labels = cols };
	f = open_memstream(&out, &n);
	assert_int_equal(plot_csv_heat(f, &h), ST_OK);
	fclose(f);
	assert_string_equal(out, "query \\ key,the,cat\n0,0.25,0.75\n1,1,0\n");
	free(out);
}

/* A plot in Chinese: its own words in the script are Chinese too, and it keeps its
 * captions wherever gnuplot needs no font of ours (SVG: the viewer's; text) without asking
 * fontconfig. Whether a PNG gets the English twin is test_plot_gnuplot's and cli_lang.sh's. */
static void test_chinese_script(void **state)
{
	(void)state;
	double y[3] = { 1, 0, 0.5 };
	PlotSeries s = { "", NULL, y, 3 };
	PlotLine en = { .title = "gradient norms", .logy = 1, .series = &s, .n_series = 1 };
	PlotLine p = { .title = "梯度范数", .xlabel = "时间步 t", .logy = 1, .series = &s,
		       .n_series = 1, .lang = 1, .en = &en };
	PlotTarget t = { .kind = PLOT_SVG, .file = "x.svg" };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set title '梯度范数' noenhanced");
	assert_has(txt, "set xlabel '时间步 t' noenhanced");
	assert_has(txt, "title '（未命名）' noenhanced");
	assert_has(txt, "title '恰为 0（对数轴上留空）' noenhanced");
	/* gnuplot sizes the key by bytes: a key of Chinese words is narrowed to fit them */
	assert_has(txt, "spacing 1.3 width -5\n");
	assert_lacks(txt, "clamped");
	assert_lacks(txt, "画在边缘");
	free(txt);
	/* Without a gap the key holds only the series' words: the gap entries' longer words
	 * must not narrow it (they did, and "损失" was cut at the PNG's edge). */
	double y2[3] = { 1, 0.2, 0.5 };
	PlotSeries s2 = { "损失", NULL, y2, 3 };
	p.series = &s2;
	en.series = &s2;
	txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "title '损失' noenhanced");
	assert_has(txt, "spacing 1.3 width -1\n");
	free(txt);
	char note[320] = "x";
	assert_ptr_equal(plot_line_for(&p, &t, note, sizeof note), &p);
	assert_string_equal(note, "");
	t.kind = PLOT_TEXT;
	assert_ptr_equal(plot_line_for(&p, &t, note, sizeof note), &p);
	/* An English plot goes everywhere as it is. */
	t.kind = PLOT_PNG;
	assert_ptr_equal(plot_line_for(&en, &t, note, sizeof note), &en);
	assert_string_equal(note, "");

	double v[4] = { 0.25, NAN, 1, 0 };
	PlotHeat h = { .title = "注意力权重", .rows = 2, .cols = 2, .v = v, .lang = 1 };
	t.kind = PLOT_SVG;
	txt = script_of_heat(&h, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set label 1 'x = 非有限值（1 格）'");
	free(txt);
}

/* A function above and its derivative below: two panels of one multiplot sharing the x
 * axis (its labels under the lower one only), each with its own y range, so that a small
 * derivative is not flattened by a large function; k-th series of each panel alike. */
static void test_panels(void **state)
{
	(void)state;
	double x[3] = { -1, 0, 1 }, f[3] = { 0, 0, 6 }, df[3] = { 0.1, 0.25, 0.1 };
	double g[3] = { -1, 0, 1 }, dg[3] = { 0, 1, 0 };
	PlotSeries s[4] = { { "relu", x, f, 3 }, { "sigmoid'", x, df, 3 }, { "tanh", x, g, 3 },
			    { "tanh'", x, dg, 3 } };
	int panel_of[4] = { 0, 1, 0, 1 };
	PlotLine p = { .title = "f and f'", .subtitle = "slope 0.01", .xlabel = "x",
		       .ylabel = "f, f'", .series = s, .n_series = 4, .panels = 2,
		       .panel_of = panel_of, .panel_ylabels = { "f(x)", "f'(x)" } };
	PlotTarget t = { .kind = PLOT_PNG, .file = "c.png" };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set multiplot layout 2,1 title 'f and f'''.\"\\n\".'slope 0.01' noenhanced");
	assert_has(txt, "unset multiplot\nunset output\n");
	assert_lacks(txt, "set title");
	/* the upper panel: f's range, no x tick labels, no xlabel */
	const char *upper = strstr(txt, "set ylabel 'f(x)'"), *lower = strstr(txt, "set ylabel 'f''(x)'");
	assert_non_null(upper);
	assert_non_null(lower);
	assert_true(upper < lower);
	assert_has(upper, "set format x ''\n");
	assert_true(strstr(upper, "set xlabel") > strstr(upper, "\nplot "));
	double r[2];
	assert_int_equal(numbers_after(upper, "set yrange [", r, 2), 2);
	assert_true(r[0] == -1 && r[1] == 6);
	assert_int_equal(numbers_after(lower, "set yrange [", r, 2), 2);
	assert_true(r[0] == 0 && r[1] == 1);
	/* each panel plots its own series, the k-th of each alike */
	assert_has(upper, "plot $S1 using 1:2 with linespoints lw 2 dt 1 pt 7");
	assert_has(upper, "$S2 using 1:2 with linespoints lw 2 dt 2 pt 5");
	assert_has(lower, "plot $S3 using 1:2 with linespoints lw 2 dt 1 pt 7");
	assert_has(lower, "title 'tanh''' noenhanced");
	assert_has(lower, "set format x '% h'\n");
	double bx[4], by[4];
	assert_int_equal(block(txt, "$S1", bx, by, 4), 3);
	assert_true(by[2] == 6);
	/* short keys and ticks: the standard margins */
	assert_has(txt, " margins 0.090,0.760,0.13,0.90 ");
	free(txt);

	/* A diverging run: a loss past 1e300 and inf (both clamped) on a log axis. The
	 * margins make room for the tick labels 10^{300} (else the y label falls off the
	 * image) and for the clamped entry of the key (else it runs into the curves). */
	double big[3] = { 1e290, 1e305, INFINITY };
	PlotSeries ds[2] = { { "loss", x, big, 3 }, { "gradient norm", x, df, 3 } };
	int dpanel[2] = { 0, 1 };
	PlotLine d = { .xlabel = "iteration", .series = ds, .n_series = 2, .panels = 2,
		       .panel_of = dpanel, .panel_ylabels = { "loss", "gradient norm" }, .logy = 1 };
	txt = script_of_line(&d, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "clamped (inf");
	double m[2];
	assert_int_equal(numbers_after(txt, " margins ", m, 2), 2);
	assert_true(m[0] > 0.095);   /* 10^{300}: one column more than 10^{-2} */
	assert_true(m[1] < 0.66);    /* "clamped (inf or > 1e+300)": 25 columns */
	free(txt);

	/* on text, the panels keep their keys inside, off the panel below */
	t = (PlotTarget){ .kind = PLOT_DUMB };
	txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set key inside top left horizontal noenhanced\n");
	assert_lacks(txt, "outside below");
	free(txt);
}

/* What a gap means, in the caller's words: the sweep's "no step" and a 0 cut by
 * truncation, not "clamped (NaN)"; the subtitle carries the parameters. */
static void test_gap_notes(void **state)
{
	(void)state;
	double eps[4] = { 1e-12, 1e-8, 1e-4, 1 }, e1[4] = { NAN, NAN, 1e-9, 1e-2 };
	double e2[4] = { 0, 0, 0, 0 };
	PlotSeries s[2] = { { "single", eps, e1, 4 }, { "double", eps, e2, 4 } };
	PlotLine p = { .title = "sweep", .subtitle = "at x = 0.5", .logx = 1, .logy = 1,
		       .series = s, .n_series = 2, .nan_note = "no step (x + h = x)",
		       .zero_note = "error exactly 0" };
	PlotTarget t = { .kind = PLOT_SVG, .file = "s.svg" };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set title 'sweep'.\"\\n\".'at x = 0.5' noenhanced");
	assert_lacks(txt, "clamped");
	assert_lacks(txt, "CLAMPED");
	assert_has(txt, "title 'no step (x + h = x)' noenhanced");
	assert_has(txt, "title 'error exactly 0' noenhanced");
	/* the NaN band from the first step to half way (geometrically) to the third */
	assert_has(txt, "set object 1 rect from 9.9999999999999998e-13, graph 0 to 9.9999999999999995e-07, graph 1 behind fc rgb '#a0a0a0' fs transparent pattern 4");
	/* the zero band over the whole axis */
	assert_has(txt, "set object 2 rect from 9.9999999999999998e-13, graph 0 to 1, graph 1 behind");
	/* a series with nothing to draw keeps its legend entry */
	assert_has(txt, "NaN with linespoints lw 2 dt 2 pt 5 ps 0.9 pi 1 lc rgb '#D55E00' title 'double'");
	free(txt);
}

/* A full disk is an error in words, not a short file that looks fine. */
static void test_write_failures(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f) {
		print_message("/dev/full is missing: skipped\n");
		return;
	}
	PlotLine p = norms_plot();
	PlotTarget t = { .kind = PLOT_SVG, .file = "x.svg" };
	assert_int_equal(plot_script_line(f, &p, &t), ST_EIO);
	assert_string_equal(status_detail(), "could not write the gnuplot commands");
	clearerr(f);
	assert_int_equal(plot_csv_line(f, &p), ST_EIO);
	fclose(f);
}

static void test_glyphs_from_locale(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8"))
		assert_int_equal(plot_glyphs_from_locale(), PLOT_GLYPHS_UNICODE);
	setlocale(LC_CTYPE, "C");
	assert_int_equal(plot_glyphs_from_locale(), PLOT_GLYPHS_ASCII);
}

/* The scripts tests/plot_script.sh runs through the real gnuplot. */
static int write_demo(const char *dir)
{
	char path[4096], out[4096];
	PlotLine p = norms_plot();
	lstm[50] = lstm[49] * 1.1; /* keep only the zero: the picture of the brief */
	double v[5 * 6];
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 6; j++)
			v[i * 6 + j] = j <= i ? exp(-(i - j)) : 0;
	v[7] = NAN;
	const char *toks[6] = { "the", "cat", "sat", "on", "the", "mat" };
	unsigned char causal[5 * 6];
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 6; j++)
			causal[i * 6 + j] = j > i;
	PlotHeat h = { .title = "attention weights", .subtitle = "causal mask", .xlabel = "key",
		       .ylabel = "query", .rows = 5, .cols = 6, .v = v, .row_labels = toks,
		       .col_labels = toks, .fixed_range = 1, .vmin = 0, .vmax = 1,
		       .masked = causal };
	/* a function above its derivative, with a jump drawn straight up */
	double cx[5] = { -1, 0, 0, 0, 1 }, cf[5] = { 0, 0, 0, 0, 1 }, cdf[5] = { 0, 0, 0, 1, 1 };
	double sx[5] = { -1, -0.5, 0, 0.5, 1 }, sf[5], sdf[5];
	for (int i = 0; i < 5; i++) {
		sf[i] = 1 / (1 + exp(-sx[i]));
		sdf[i] = sf[i] * (1 - sf[i]);
	}
	PlotSeries cs[4] = { { "relu", cx, cf, 5 }, { "relu'", cx, cdf, 5 },
			     { "sigmoid", sx, sf, 5 }, { "sigmoid'", sx, sdf, 5 } };
	int panel_of[4] = { 0, 1, 0, 1 };
	PlotLine panels = { .title = "f and f'", .subtitle = "two panels", .xlabel = "x",
			    .series = cs, .n_series = 4, .panels = 2, .panel_of = panel_of,
			    .panel_ylabels = { "f(x)", "f'(x)" } };
	/* a sweep with steps lost to rounding and exact errors: notes, not clamped points */
	double eps[4] = { 1e-12, 1e-8, 1e-4, 1e-1 }, e1[4] = { NAN, NAN, 1e-5, 1e-2 };
	double e2[4] = { 0, 1e-9, 0, 1e-3 };
	PlotSeries gs[2] = { { "single", eps, e1, 4 }, { "double", eps, e2, 4 } };
	PlotLine gaps = { .title = "sweep", .subtitle = "at x = 0.5", .logx = 1, .logy = 1,
			  .series = gs, .n_series = 2, .nan_note = "no step (x + h = x)",
			  .zero_note = "error exactly 0" };
	const PlotLine *lines[3] = { &p, &panels, &gaps };
	static const struct {
		const char *script, *output;
		PlotKind kind;
		int heat, csv, line; /* line: which of lines[] */
	} jobs[] = {
		{ "norms.gp", "norms.png", PLOT_PNG, 0, 0, 0 },
		{ "norms.svg.gp", "norms.svg", PLOT_SVG, 0, 0, 0 },
		{ "norms.txt.gp", NULL, PLOT_DUMB, 0, 0, 0 },
		{ "heat.gp", "heat.svg", PLOT_SVG, 1, 0, 0 },
		{ "heat.png.gp", "heat.png", PLOT_PNG, 1, 0, 0 },
		{ "quote.gp", "it's a`touch pwned`.png", PLOT_PNG, 0, 0, 0 },
		{ "panels.gp", "panels.png", PLOT_PNG, 0, 0, 1 },
		{ "panels.txt.gp", NULL, PLOT_DUMB, 0, 0, 1 },
		{ "gaps.gp", "gaps.png", PLOT_PNG, 0, 0, 2 },
		{ "gaps.txt.gp", NULL, PLOT_DUMB, 0, 0, 2 },
		{ "norms.csv", NULL, PLOT_AUTO, 0, 1, 0 },
		{ "heat.csv", NULL, PLOT_AUTO, 1, 1, 0 },
	};
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, jobs[i].script);
		snprintf(out, sizeof out, "%s/%s", dir, jobs[i].output ? jobs[i].output : "");
		FILE *f = fopen(path, "w");
		if (!f)
			return 1;
		PlotTarget t = { .kind = jobs[i].kind, .file = out };
		const PlotLine *l = lines[jobs[i].line];
		Status st = jobs[i].csv ? (jobs[i].heat ? plot_csv_heat(f, &h) : plot_csv_line(f, l))
			    : jobs[i].heat ? plot_script_heat(f, &h, &t)
					   : plot_script_line(f, l, &t);
		if (fclose(f) != 0 || st) {
			fprintf(stderr, "%s: %s\n", path, status_detail());
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--write-demo") == 0)
		return write_demo(argv[2]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_plot_script),
		cmocka_unit_test(test_wide_log_range),
		cmocka_unit_test(test_text_and_linear_scripts),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_heat_script),
		cmocka_unit_test(test_panels),
		cmocka_unit_test(test_gap_notes),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_chinese_script),
		cmocka_unit_test(test_write_failures),
		cmocka_unit_test(test_glyphs_from_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
