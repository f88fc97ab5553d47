/* test_plot_text: the built-in text plots (src/plot/text.c, heat.c, cols.c). Braille dots of
 * y = 10^-t lie on the diagonal from the top-left dot to the bottom-right one, with legend
 * and ticks 1e-12 ... 1e+00; ASCII mode writes no byte >= 0x80; lines fit their columns by
 * wcwidth (Chinese takes two); clamped values show '!'; ASCII curves that coincide all show;
 * a Chinese plot's own words are Chinese; heatmap shades, labels, width, scale and
 * truncation; refusals; every out-of-memory path gives ST_ENOMEM without a leak. */
#include "test_util.h"

#include "core/mem.h"
#include "plot/text.h"

#include <locale.h>
#include <string.h>
#include <wchar.h>

/* {==== Helpers ==== */

/* Line i as wide characters (the locale is C.UTF-8). */
static int wide(const PlotText *t, int i, wchar_t *w, int cap)
{
	size_t n = mbstowcs(w, t->lines[i], (size_t)cap);
	if (n == (size_t)-1)
		fail_msg("line %d is not valid UTF-8: %s", i, t->lines[i]);
	return (int)n;
}

static void assert_fits(const PlotText *t, int cols)
{
	for (int i = 0; i < t->n; i++) {
		wchar_t w[1024];
		int n = wide(t, i, w, 1024);
		int width = wcswidth(w, (size_t)n);
		if (width > cols || plot_text_width(t->lines[i]) != width)
			fail_msg("line %d is %d columns (plot_text_width %d), more than %d: '%s'", i,
				 width, plot_text_width(t->lines[i]), cols, t->lines[i]);
	}
}

static int find_line(const PlotText *t, const char *needle)
{
	for (int i = 0; i < t->n; i++)
		if (strstr(t->lines[i], needle))
			return i;
	return -1;
}

static void dump(const PlotText *t)
{
	for (int i = 0; i < t->n; i++)
		print_message("%2d|%s|\n", i, t->lines[i]);
}

static int is_braille(wchar_t c)
{
	return c >= 0x2800 && c <= 0x28ff;
}

/* }==== */

/* {==== Line plots ==== */

enum { T = 13 };
static double ts[T], decay[T];

static PlotLine decay_plot(PlotSeries *s)
{
	for (int i = 0; i < T; i++) {
		ts[i] = i;
		decay[i] = pow(10, -i);
	}
	*s = (PlotSeries){ "decay", ts, decay, T };
	return (PlotLine){ .xlabel = "step", .logy = 1, .series = s, .n_series = 1 };
}

static void test_braille_diagonal(void **state)
{
	(void)state;
	PlotSeries s;
	PlotLine p = decay_plot(&s);
	const int cols = 60, rows = 16;
	PlotText *t;
	assert_int_equal(plot_text_line(&p, cols, rows, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_int_equal(t->n, rows);
	assert_fits(t, cols);

	/* rows: plot area, x axis, x tick labels, xlabel, legend */
	const int H = rows - 4;
	assert_non_null(strstr(t->lines[H + 3], "a decay"));
	assert_non_null(strstr(t->lines[H + 2], "step"));
	assert_non_null(strstr(t->lines[H + 1], "0"));
	assert_non_null(strstr(t->lines[H + 1], "12"));
	assert_true(strncmp(t->lines[0], "1e+00 ", 6) == 0);
	assert_true(strncmp(t->lines[H - 1], "1e-12 ", 6) == 0);
	int labelled = 0;
	for (int r = 0; r < H; r++)
		labelled += strncmp(t->lines[r], "1e-", 3) == 0 || strncmp(t->lines[r], "1e+", 3) == 0;
	assert_true(labelled >= 3);

	/* The area starts after "1e-12 " and the axis character. */
	const int x0 = 7, W = cols - x0;
	wchar_t w[256];
	for (int r = 0; r < H; r++) {
		int n = wide(t, r, w, 256), first = -1, last = -1;
		for (int x = x0; x < n; x++)
			if (is_braille(w[x]) || w[x] == L'a') {
				first = first < 0 ? x - x0 : first;
				last = x - x0;
			}
		/* this row holds y dots 4r..4r+3, so x dots near (2W-1)/(4H-1) times those */
		double k = (2.0 * W - 1) / (4.0 * H - 1) / 2;
		int lo = (int)floor(4 * r * k) - 1, hi = (int)ceil((4 * r + 3) * k) + 1;
		if (first < 0 || first < lo || last > hi) {
			dump(t);
			fail_msg("row %d: dots in columns %d..%d, expected within %d..%d", r, first,
				 last, lo, hi);
		}
	}
	/* y = 1 at t = 0 is the top-left dot; y = 1e-12 at t = 12 the bottom-right one. */
	wide(t, 0, w, 256);
	assert_true(is_braille(w[x0]) && ((w[x0] - 0x2800) & 0x01));
	int n = wide(t, H - 1, w, 256);
	assert_int_equal(n, cols);
	assert_true(is_braille(w[cols - 1]) && ((w[cols - 1] - 0x2800) & 0x80));
	plot_text_free(t);
}

static void test_several_series_and_clamping(void **state)
{
	(void)state;
	enum { N = 60 };
	double x[N], a[N], b[N], c[N];
	for (int i = 0; i < N; i++) {
		x[i] = i;
		a[i] = pow(10, -20.0 * i / (N - 1));
		b[i] = pow(10, 5.0 * i / (N - 1));
		c[i] = 0.5;
	}
	a[45] = 0;
	b[50] = INFINITY;
	PlotSeries s[3] = { { "vanilla RNN", x, a, N }, { "LSTM", x, b, N }, { "GRU 门控", x, c, N } };
	PlotLine p = { .title = "梯度范数 gradient norms", .ylabel = "norm", .xlabel = "step",
		       .logy = 1, .series = s, .n_series = 3 };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 80, 24, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_int_equal(t->n, 24);
	assert_fits(t, 80);
	int leg = find_line(t, "a vanilla RNN");
	assert_true(leg >= 0);
	assert_non_null(strstr(t->lines[leg], "b LSTM"));
	assert_non_null(strstr(t->lines[leg], "c GRU 门控"));
	assert_non_null(strstr(t->lines[leg], "! clamped (inf)"));
	/* the zero is a gap: no point at a made-up height, a '0' on the x axis under it,
	 * and the legend says what it is */
	int zero = find_line(t, "0 exactly 0 (a gap: log axis)");
	assert_true(zero >= leg);
	assert_int_equal(find_line(t, "梯度范数 gradient norms"), 0);
	assert_string_equal(t->lines[1], "norm");
	/* The inf is drawn at the top row and marked; nothing at the bottom row. */
	int H = 24 - 2 - 3 - 2;
	assert_non_null(strchr(t->lines[2], '!'));
	assert_null(strchr(t->lines[2 + H - 1], '!'));
	const char *axis = t->lines[2 + H];
	assert_non_null(strstr(axis, "\u2514"));
	int zeros = 0;
	for (const char *ch = axis; *ch; ch++)
		zeros += *ch == '0';
	assert_int_equal(zeros, 1);
	/* Each series' letter is written on its curve. */
	int letters[3] = { 0 };
	for (int r = 2; r < 2 + H; r++)
		for (int k = 0; k < 3; k++)
			letters[k] += strchr(t->lines[r] + 6, 'a' + k) != NULL;
	assert_true(letters[0] && letters[1] && letters[2]);
	plot_text_free(t);

	/* The same in the narrow set: braille, but ASCII axes. */
	assert_int_equal(plot_text_line(&p, 80, 24, PLOT_GLYPHS_NARROW, &t), ST_OK);
	assert_fits(t, 80);
	for (int i = 0; i < t->n; i++)
		if (strstr(t->lines[i], "\u2502") || strstr(t->lines[i], "\u2514"))
			fail_msg("narrow mode drew a box line: %s", t->lines[i]);
	plot_text_free(t);
}

static void test_ascii_mode(void **state)
{
	(void)state;
	enum { N = 30 };
	double a[N], b[N];
	for (int i = 0; i < N; i++) {
		a[i] = exp(-i * 0.5);
		b[i] = 1 + i;
	}
	a[10] = NAN;
	PlotSeries s[2] = { { "rnn ‖∂L/∂h‖", NULL, a, N }, { "梯度", NULL, b, N } };
	PlotLine p = { .title = "gradient ‖∂L/∂h‖ 梯度", .xlabel = "t", .ylabel = "norm", .logy = 1,
		       .series = s, .n_series = 2 };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 50, 14, PLOT_GLYPHS_ASCII, &t), ST_OK);
	assert_int_equal(t->n, 14);
	for (int i = 0; i < t->n; i++) {
		for (const unsigned char *c = (const unsigned char *)t->lines[i]; *c; c++)
			if (*c >= 0x80)
				fail_msg("ASCII mode wrote byte 0x%02x in line %d: %s", *c, i,
					 t->lines[i]);
		assert_true(strlen(t->lines[i]) <= 50);
	}
	int leg = find_line(t, "* rnn ");
	assert_true(leg >= 0);
	assert_non_null(strstr(t->lines[leg], "o ??"));
	assert_null(strstr(t->lines[leg], "clamped"));
	assert_true(find_line(t, "? NaN (no value)") >= leg);
	int axis = find_line(t, "+--");
	assert_true(axis > 0);
	const char *q = strchr(t->lines[axis], '?');
	assert_non_null(q); /* under t = 10, a third of the way along 0..29 */
	long at = q - strchr(t->lines[axis], '+');
	assert_true(at > 12 && at < 18);
	assert_true(find_line(t, "1e+") >= 0);
	assert_true(find_line(t, "+--") >= 0);
	int stars = 0, circles = 0;
	for (int i = 0; i < t->n; i++) {
		stars += strchr(t->lines[i], '*') != NULL;
		circles += strchr(t->lines[i], 'o') != NULL;
	}
	assert_true(stars > 3 && circles > 3);
	plot_text_free(t);
}

/* In ASCII, curves that coincide take turns along the row: relu, leaky_relu and elu agree
 * for x > 0, and the last drawn used to hide the others although the legend named them. */
static void test_ascii_overlap_takes_turns(void **state)
{
	(void)state;
	enum { N = 9 };
	double x[N], y[N];
	for (int i = 0; i < N; i++)
		x[i] = y[i] = i;
	PlotSeries s[3] = { { "relu", x, y, N }, { "leaky_relu", x, y, N }, { "elu", x, y, N } };
	PlotLine p = { .series = s, .n_series = 3 };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 40, 12, PLOT_GLYPHS_ASCII, &t), ST_OK);
	int axis = find_line(t, "+--");
	assert_true(axis > 0);
	int marks[3] = { 0 };
	const char chars[3] = { '*', 'o', '#' };
	for (int i = 0; i < axis; i++)
		for (const char *c = strchr(t->lines[i], '|') ? strchr(t->lines[i], '|') : t->lines[i];
		     *c; c++)
			for (int k = 0; k < 3; k++)
				marks[k] += *c == chars[k];
	if (!marks[0] || !marks[1] || !marks[2]) {
		dump(t);
		fail_msg("marks on the curve: %d '*', %d 'o', %d '#'", marks[0], marks[1], marks[2]);
	}
	/* and they share it fairly */
	for (int k = 0; k < 3; k++)
		assert_true(marks[k] >= 3);
	plot_text_free(t);
}

/* A plot in Chinese: the words the plot adds are Chinese, and in ASCII mode its captions
 * keep their characters (the locale shows them) while the drawing is ASCII. */
static void test_chinese_words(void **state)
{
	(void)state;
	enum { N = 20 };
	double y[N];
	for (int i = 0; i < N; i++)
		y[i] = pow(10, -i);
	y[7] = 0;
	PlotSeries s[2] = { { "rnn", NULL, y, N }, { "", NULL, y, N } };
	PlotLine p = { .title = "梯度范数", .xlabel = "时间步 t", .ylabel = "||dL/dh_t||", .logy = 1,
		       .series = s, .n_series = 2, .lang = 1 };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 60, 16, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_fits(t, 60);
	assert_true(find_line(t, "0 恰为 0（对数轴上留空）") >= 0);
	assert_int_equal(find_line(t, "画在边缘"), -1);
	assert_true(find_line(t, "b （未命名）") >= 0);
	assert_int_equal(find_line(t, "clamped"), -1);
	plot_text_free(t);
	assert_int_equal(plot_text_line(&p, 60, 16, PLOT_GLYPHS_ASCII, &t), ST_OK);
	assert_fits(t, 60);
	assert_int_equal(find_line(t, "梯度范数"), 0);
	assert_true(find_line(t, "时间步 t") > 0);
	assert_true(find_line(t, "+--") > 0);
	for (int i = 0; i < t->n; i++)
		if (strchr(t->lines[i], '?') || strstr(t->lines[i], "\u2502") || strstr(t->lines[i], "\u2800"))
			fail_msg("line %d: %s", i, t->lines[i]);
	plot_text_free(t);

	enum { R = 30, C = 50 };
	double v[R * C];
	for (int i = 0; i < R * C; i++)
		v[i] = sin(i);
	v[3] = NAN;
	PlotHeat h = { .title = "注意力权重", .xlabel = "键", .ylabel = "查询", .rows = R, .cols = C,
		       .v = v, .lang = 1 };
	assert_int_equal(plot_text_heat(&h, 40, 10, PLOT_GLYPHS_ASCII, &t), ST_OK);
	assert_fits(t, 40);
	assert_true(find_line(t, "色阶：") >= 0);
	assert_true(find_line(t, "? 非有限值") >= 0);
	assert_true(find_line(t, "显示 5/30 行、33/50 列") >= 0);
	assert_true(find_line(t, "查询") >= 0);
	assert_int_equal(find_line(t, "scale"), -1);
	plot_text_free(t);
}

static void test_linear_axis_and_ticks(void **state)
{
	(void)state;
	double x[5] = { -2, -1, 0, 1, 2 }, y[5] = { 4, 1, 0, 1, 4 };
	PlotSeries s = { "x^2", x, y, 5 };
	PlotLine p = { .series = &s, .n_series = 1 };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 40, 12, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_fits(t, 40);
	assert_true(find_line(t, "4 ┤") >= 0 || find_line(t, "4.0 ┤") >= 0);
	assert_true(find_line(t, "0 ┤") >= 0 || find_line(t, "0.0 ┤") >= 0);
	int xl = t->n - 2;
	assert_non_null(strstr(t->lines[xl], "-2"));
	assert_non_null(strstr(t->lines[xl], "2"));
	assert_non_null(strstr(t->lines[xl - 1], "└"));
	plot_text_free(t);
}

static void test_refusals(void **state)
{
	(void)state;
	PlotSeries s;
	PlotLine p = decay_plot(&s);
	PlotText *t = (PlotText *)&t;
	assert_int_equal(plot_text_line(&p, 10, 24, PLOT_GLYPHS_UNICODE, &t), ST_EINVAL);
	assert_null(t);
	assert_non_null(strstr(status_detail(), "at least"));
	p.logx = 1; /* ts[0] = 0 cannot go on a log x axis */
	assert_int_equal(plot_text_line(&p, 80, 24, PLOT_GLYPHS_UNICODE, &t), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "series 'decay', point 0"));
	p.logx = 0;
	p.yrange = 1, p.ymin = 0, p.ymax = 1;
	assert_int_equal(plot_text_line(&p, 80, 24, PLOT_GLYPHS_UNICODE, &t), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "log y axis"));
	/* An explicit range clips what lies outside it instead of failing. */
	p.ymin = 1e-6, p.ymax = 1e-2;
	assert_int_equal(plot_text_line(&p, 40, 10, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_fits(t, 40);
	plot_text_free(t);
}

/* }==== */

/* {==== Heatmaps ==== */

static void test_heatmap(void **state)
{
	(void)state;
	enum { R = 4, C = 5 };
	double v[R * C];
	for (int i = 0; i < R * C; i++)
		v[i] = (double)i / (R * C - 1);
	v[7] = NAN;
	const char *rows[R] = { "the", "cat", "猫", "sat" };
	const char *cols[C] = { "k0", "k1", "k2", "k3", "k4" };
	PlotHeat h = { .title = "attention", .xlabel = "key", .ylabel = "query", .rows = R,
		       .cols = C, .v = v, .row_labels = rows, .col_labels = cols };
	PlotText *t;
	assert_int_equal(plot_text_heat(&h, 40, 12, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_fits(t, 40);
	assert_int_equal(find_line(t, "attention"), 0);
	assert_int_equal(find_line(t, "key"), 1);
	int head = find_line(t, "k0");
	assert_int_equal(head, 2);
	assert_non_null(strstr(t->lines[head], "k4"));
	assert_non_null(strstr(t->lines[head], "qu"));
	int first = find_line(t, "the │");
	assert_int_equal(first, 3);
	assert_int_equal(find_line(t, " 猫 │"), 5);
	/* the smallest value is blank, the largest a full block, NaN a '?' */
	assert_non_null(strstr(t->lines[first], "│  "));
	assert_non_null(strstr(t->lines[first + 3], "██│"));
	assert_non_null(strstr(t->lines[first + 1], "??"));
	int sc = find_line(t, "scale: 0 [ ░▒▓█] 1");
	assert_int_equal(sc, first + 4);
	assert_non_null(strstr(t->lines[sc], "? not finite"));
	assert_int_equal(t->n, sc + 1);
	plot_text_free(t);

	/* ASCII: the ramp " .:-=+*#%@", no byte >= 0x80. */
	assert_int_equal(plot_text_heat(&h, 40, 12, PLOT_GLYPHS_ASCII, &t), ST_OK);
	for (int i = 0; i < t->n; i++)
		for (const unsigned char *c = (const unsigned char *)t->lines[i]; *c; c++)
			assert_true(*c < 0x80);
	assert_true(find_line(t, "[ .:-=+*#%@]") >= 0);
	assert_true(find_line(t, "@@|") >= 0);
	plot_text_free(t);
}

/* Panels: with rows enough, a function above and its derivative below, each on its own
 * scale (0.25 at the top of the lower one, not a quarter of the way up a 0..6 axis); with
 * too few rows, all on one pair of axes, as before. */
static void test_panels(void **state)
{
	(void)state;
	double x[3] = { -1, 0, 1 }, f[3] = { 0, 0, 6 }, df[3] = { 0.1, 0.25, 0.1 };
	PlotSeries s[2] = { { "relu", x, f, 3 }, { "sigmoid'", x, df, 3 } };
	int panel_of[2] = { 0, 1 };
	PlotLine p = { .title = "f and f'", .xlabel = "x", .ylabel = "f, f'", .series = s,
		       .n_series = 2, .panels = 2, .panel_of = panel_of,
		       .panel_ylabels = { "f(x)", "f'(x)" } };
	PlotText *t;
	assert_int_equal(plot_text_line(&p, 60, 30, PLOT_GLYPHS_ASCII, &t), ST_OK);
	assert_int_equal(t->n, 30);
	assert_fits(t, 60);
	assert_int_equal(find_line(t, "f and f'"), 0);
	int upper = find_line(t, "f(x)"), lower = find_line(t, "f'(x)");
	assert_true(upper == 1 && lower > upper);
	assert_true(find_line(t, "* relu") < lower);
	assert_true(find_line(t, "* sigmoid'") > lower);
	assert_true(find_line(t, "0.25 +") > lower); /* the lower panel's own top */
	assert_int_equal(find_line(t, "f, f'"), -1);
	plot_text_free(t);
	assert_int_equal(plot_text_line(&p, 60, 20, PLOT_GLYPHS_ASCII, &t), ST_OK);
	assert_int_equal(t->n, 20);
	assert_true(find_line(t, "f, f'") > 0);
	assert_int_equal(find_line(t, "f'(x)"), -1);
	plot_text_free(t);
}

/* Weights on a fixed 0..1 scale (a row of 0.5 is the middle shade, not the top one, as a
 * data-scaled map would draw it), masked keys filled with 'x' and named in the legend, the
 * subtitle under the title when every row fits with it. */
static void test_heatmap_fixed_and_masked(void **state)
{
	(void)state;
	double v[6] = { 0.5, 0.5, 0, 0.25, 0.25, 0 };
	unsigned char masked[6] = { 0, 0, 1, 0, 0, 1 };
	PlotHeat h = { .title = "weights", .subtitle = "2 queries, last key masked", .rows = 2,
		       .cols = 3, .v = v, .fixed_range = 1, .vmin = 0, .vmax = 1,
		       .masked = masked };
	PlotText *t;
	assert_int_equal(plot_text_heat(&h, 40, 10, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_fits(t, 40);
	assert_int_equal(find_line(t, "weights"), 0);
	assert_int_equal(find_line(t, "2 queries, last key masked"), 1);
	int first = find_line(t, "0 │");
	assert_true(first > 1);
	/* 0.5 of 0..1: the third of five shades */
	assert_non_null(strstr(t->lines[first], "\u2592\u2592"));
	assert_null(strstr(t->lines[first], "\u2588"));
	assert_non_null(strstr(t->lines[first], "xx│"));
	assert_non_null(strstr(t->lines[first + 1], "xx│"));
	assert_true(find_line(t, "scale: 0 [ ░▒▓█] 1   x masked") > first);
	plot_text_free(t);
	h.lang = 1;
	assert_int_equal(plot_text_heat(&h, 40, 10, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_true(find_line(t, "x 已屏蔽") > 0);
	plot_text_free(t);
	/* no room for the subtitle and every row: the rows win */
	h.lang = 0;
	h.xlabel = "key";
	assert_int_equal(plot_text_heat(&h, 40, 6, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_int_equal(find_line(t, "2 queries"), -1);
	assert_true(find_line(t, "1 │") > 0);
	plot_text_free(t);
}

/* Five keys in 60 columns: cells as wide as fit (up to 8), not as narrow as their labels;
 * the ylabel whole above the row labels ("query", not "q~"). */
static void test_heatmap_uses_the_width(void **state)
{
	(void)state;
	enum { R = 3, C = 5 };
	double v[R * C];
	for (int i = 0; i < R * C; i++)
		v[i] = i;
	const char *rows[R] = { "q1", "q2", "q3" }, *cols[C] = { "k1", "k2", "k3", "k4", "k5" };
	PlotHeat h = { .title = "attention weights", .xlabel = "key", .ylabel = "query", .rows = R,
		       .cols = C, .v = v, .row_labels = rows, .col_labels = cols };
	PlotText *t;
	assert_int_equal(plot_text_heat(&h, 60, 16, PLOT_GLYPHS_UNICODE, &t), ST_OK);
	assert_fits(t, 60);
	int head = find_line(t, "k1");
	assert_true(head >= 0);
	assert_string_equal(t->lines[head], "query  k1      k2      k3      k4      k5");
	assert_int_equal(find_line(t, "q~"), -1);
	wchar_t w[256];
	int row = find_line(t, "q1 ");
	assert_true(row > head);
	int n = wide(t, row, w, 256);
	/* "   q1 │", 40 shades, "│" */
	assert_int_equal(n, 5 + 1 + 1 + 40 + 1);
	assert_true(w[6] == 0x2502 && w[47] == 0x2502);
	plot_text_free(t);
}

static void test_heatmap_truncates_and_refuses(void **state)
{
	(void)state;
	enum { R = 30, C = 50 };
	double v[R * C];
	for (int i = 0; i < R * C; i++)
		v[i] = sin(i);
	PlotHeat h = { .rows = R, .cols = C, .v = v };
	PlotText *t;
	assert_int_equal(plot_text_heat(&h, 40, 10, PLOT_GLYPHS_NARROW, &t), ST_OK);
	assert_fits(t, 40);
	assert_int_equal(t->n, 10);
	assert_true(find_line(t, "showing 7/30 rows, 35/50 columns") >= 0);
	plot_text_free(t);

	h.rows = 0;
	assert_int_equal(plot_text_heat(&h, 40, 10, PLOT_GLYPHS_NARROW, &t), ST_EINVAL);
	h.rows = R;
	assert_int_equal(plot_text_heat(&h, 10, 10, PLOT_GLYPHS_NARROW, &t), ST_EINVAL);
	assert_null(t);
}

/* }==== */

/* Every allocation of both text plots may fail: ST_ENOMEM, nothing leaked (asan). */
static void test_out_of_memory(void **state)
{
	(void)state;
	PlotSeries s;
	PlotLine p = decay_plot(&s);
	double v[6] = { 1, 2, 3, 4, 5, 6 };
	PlotHeat h = { .title = "t", .rows = 2, .cols = 3, .v = v };
	for (int which = 0; which < 2; which++) {
		for (long n = 0;; n++) {
			PlotText *t;
			mem_fail_after(n);
			Status st = which ? plot_text_heat(&h, 40, 10, PLOT_GLYPHS_UNICODE, &t)
					  : plot_text_line(&p, 40, 10, PLOT_GLYPHS_UNICODE, &t);
			mem_fail_after(-1);
			if (st == ST_OK) {
				assert_true(n > 3);
				plot_text_free(t);
				break;
			}
			if (st != ST_ENOMEM)
				fail_msg("allocation %ld failing gave status %d: %s", n, st,
					 status_detail());
			assert_null(t);
		}
	}
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_braille_diagonal),
		cmocka_unit_test(test_several_series_and_clamping),
		cmocka_unit_test(test_ascii_mode),
		cmocka_unit_test(test_ascii_overlap_takes_turns),
		cmocka_unit_test(test_chinese_words),
		cmocka_unit_test(test_linear_axis_and_ticks),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_heatmap_uses_the_width),
		cmocka_unit_test(test_heatmap_fixed_and_masked),
		cmocka_unit_test(test_panels),
		cmocka_unit_test(test_heatmap_truncates_and_refuses),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
