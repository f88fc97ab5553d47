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

static char *script_of_line(const PlotLine *p, const PlotTarget *t, Status *st)
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
	assert_has(s, "$CLAMPED using 1:2 with points pt 6");
	assert_has(s, "title 'clamped (0 or inf)' noenhanced\n");
	/* the file is complete only after this, so it is the last line */
	assert_true(strcmp(s + strlen(s) - 13, "unset output\n") == 0);

	double x[STEPS], y[STEPS], r[16];
	assert_int_equal(block(s, "$S1", x, y, STEPS), STEPS);
	assert_close(1.0, y[0], 0, 1e-15);
	assert_close(1e-20, y[59], 0, 1e-12);
	double floor_y = y[45];
	assert_true(floor_y > 0 && floor_y < 1e-20); /* the zero sits below all data */
	assert_int_equal(block(s, "$S2", x, y, STEPS), STEPS);
	double ceil_y = y[50];
	assert_true(isfinite(ceil_y) && ceil_y > 1e5);
	assert_int_equal(block(s, "$S3", x, y, STEPS), STEPS);
	/* both clamped points, in a series of their own */
	assert_int_equal(block(s, "$CLAMPED", x, y, STEPS), 2);
	assert_true(x[0] == 45 && y[0] == floor_y);
	assert_true(x[1] == 50 && y[1] == ceil_y);
	/* the range holds them with room to spare */
	assert_int_equal(numbers_after(s, "set yrange [", r, 2), 2);
	assert_true(r[0] < floor_y && r[1] > ceil_y);
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
	assert_int_equal(plot_axis_y(&p, &a), ST_OK);
	assert_int_equal(a.n_clamped, 2);
	assert_close(1e-31, a.floor, 0, 1e-12);
	assert_close(1e31, a.ceil, 0, 1e-12);
	char label[128];
	plot_axis_clamp_label(a.clamped, 0, label, sizeof label);
	assert_string_equal(label, "clamped (negative or NaN)");
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
	assert_has(txt, "$CLAMPED using 1:2 with points pt '!' title 'clamped (inf or NaN)'");
	assert_lacks(txt, "unset output");
	double x[5], cy[5], r[2];
	assert_int_equal(block(txt, "$CLAMPED", x, cy, 5), 2);
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
		      "0.5 0.10000000000000001 0.5\nEOD\n$NONFINITE << EOD\n1 1\nEOD\n"
		      "plot $H matrix with image pixels, \\\n"
		      "     $NONFINITE using 1:2 with points pt 2");
	assert_has(s, "set label 1 'x = not finite (1 cell)'");
	assert_true(strcmp(s + strlen(s) - 13, "unset output\n") == 0);
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
		       .n_series = 1, .zh = 1, .en = &en };
	PlotTarget t = { .kind = PLOT_SVG, .file = "x.svg" };
	Status st;
	char *txt = script_of_line(&p, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set title '梯度范数' noenhanced");
	assert_has(txt, "set xlabel '时间步 t' noenhanced");
	assert_has(txt, "title '（未命名）' noenhanced");
	assert_has(txt, "title '画在边缘的值（0）' noenhanced");
	assert_lacks(txt, "clamped");
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
	PlotHeat h = { .title = "注意力权重", .rows = 2, .cols = 2, .v = v, .zh = 1 };
	t.kind = PLOT_SVG;
	txt = script_of_heat(&h, &t, &st);
	assert_int_equal(st, ST_OK);
	assert_has(txt, "set label 1 'x = 非有限值（1 格）'");
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
	PlotHeat h = { .title = "attention weights", .xlabel = "key", .ylabel = "query", .rows = 5,
		       .cols = 6, .v = v, .row_labels = toks, .col_labels = toks };
	static const struct {
		const char *script, *output;
		PlotKind kind;
		int heat, csv;
	} jobs[] = {
		{ "norms.gp", "norms.png", PLOT_PNG, 0, 0 },
		{ "norms.svg.gp", "norms.svg", PLOT_SVG, 0, 0 },
		{ "norms.txt.gp", NULL, PLOT_DUMB, 0, 0 },
		{ "heat.gp", "heat.svg", PLOT_SVG, 1, 0 },
		{ "heat.png.gp", "heat.png", PLOT_PNG, 1, 0 },
		{ "quote.gp", "it's a`touch pwned`.png", PLOT_PNG, 0, 0 },
		{ "norms.csv", NULL, PLOT_AUTO, 0, 1 },
		{ "heat.csv", NULL, PLOT_AUTO, 1, 1 },
	};
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, jobs[i].script);
		snprintf(out, sizeof out, "%s/%s", dir, jobs[i].output ? jobs[i].output : "");
		FILE *f = fopen(path, "w");
		if (!f)
			return 1;
		PlotTarget t = { .kind = jobs[i].kind, .file = out };
		Status st = jobs[i].csv ? (jobs[i].heat ? plot_csv_heat(f, &h) : plot_csv_line(f, &p))
			    : jobs[i].heat ? plot_script_heat(f, &h, &t)
					   : plot_script_line(f, &p, &t);
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
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_chinese_script),
		cmocka_unit_test(test_write_failures),
		cmocka_unit_test(test_glyphs_from_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
