/* cmd_bptt: `gradlab bptt`, lesson 03's backpropagation through time printed equation by
 * equation, each evaluated three ways side by side (formula, autodiff, finite differences),
 * then every path from a use of W_hh to the loss. lab/bptt_steps computes; this file only
 * lays out tables in at most 78 columns, in plain ASCII, or with --lang zh in Chinese
 * (aligned by terminal columns: a Chinese character takes two). */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/tiny_rnn_options.h"
#include "core/utf8.h"
#include "lab/bptt_steps.h"

#include <math.h>
#include <string.h>

#define WIDTH 78
#define COL 11   /* a value column: " -0.123456" */
#define TERM 9   /* a per-step term column: " -0.12345" */

/* {==== Numbers ==== */

/* v right-aligned in w columns (one of them a separating space), with at most d decimals;
 * fewer when the value is large, an exponent when even 0 decimals do not fit. */
static void put_num(FILE *out, double v, int w, int d)
{
	char b[48];
	if (isfinite(v) && fabs(v) < 0.5 * pow(10, -d))
		v = 0.0; /* no "-0.000000" */
	int dd = d;
	for (; dd >= 0; dd--) {
		snprintf(b, sizeof b, "%.*f", dd, v);
		if ((int)strlen(b) <= w - 1)
			break;
	}
	if (dd < 0)
		snprintf(b, sizeof b, "%.*e", w - 8 > 0 ? w - 8 : 0, v);
	fprintf(out, "%*s", w, b);
}

static void put_val(FILE *out, double v)
{
	put_num(out, v, COL, 6);
}

/* }==== */

/* {==== The model ==== */

typedef struct Block {
	char title[24];
	const double *data;
	int rows, cols;
	int col_vector;  /* a 1 x n bias shown as the column vector of the lesson */
} Block;

static int block_width(const Block *b)
{
	int w = (b->col_vector ? 1 : b->cols) * 8;
	int t = (int)strlen(b->title);
	return w > t ? w : t;
}

/* Blocks side by side, as many as fit in the width, each (rows) lines of values. */
static void print_blocks(FILE *out, const Block *blocks, int n)
{
	for (int first = 0; first < n;) {
		int last = first, used = 2 + block_width(&blocks[first]);
		while (last + 1 < n && used + 3 + block_width(&blocks[last + 1]) <= WIDTH)
			used += 3 + block_width(&blocks[++last]);
		int rows = 0;
		for (int k = first; k <= last; k++) {
			int r = blocks[k].col_vector ? blocks[k].cols : blocks[k].rows;
			rows = r > rows ? r : rows;
		}
		fprintf(out, " ");
		for (int k = first; k <= last; k++)
			fprintf(out, " %-*s%s", block_width(&blocks[k]), blocks[k].title,
				k < last ? "  " : "\n");
		for (int i = 0; i < rows; i++) {
			fprintf(out, " ");
			for (int k = first; k <= last; k++) {
				const Block *b = &blocks[k];
				int r = b->col_vector ? b->cols : b->rows, c = b->col_vector ? 1 : b->cols;
				int w = 0;
				fputc(' ', out);
				for (int j = 0; j < c && i < r; j++, w += 8)
					put_num(out, b->data[(size_t)i * c + j], 8, 4);
				if (k < last)
					fprintf(out, "%*s", block_width(b) - w + 2, "");
			}
			fputc('\n', out);
		}
		first = last + 1;
	}
}

static void print_model(FILE *out, const BpttSteps *b, const TinyRnnValues *given, int lang)
{
	int T = b->steps, H = b->hidden, I = b->input;
	const double *g[TRV_COUNT] = { given->W_ih, given->W_hh, given->b_ih, given->b_hh,
				       given->x, given->h0, given->r };
	int n_given = 0;
	for (int k = 0; k < TRV_COUNT; k++)
		n_given += g[k] != NULL;
	/* the seed is in the header: here it could push the line past 78 columns */
	cli_say(out, lang, n_given == TRV_COUNT ? CM_BPTT_MODEL_GIVEN
			   : n_given		  ? CM_BPTT_MODEL_SOME
						  : CM_BPTT_MODEL_DRAWN);
	Block blocks[REC_N_PARAMS];
	const char *names[REC_N_PARAMS] = { "W_ih", "W_hh", "b_ih", "b_hh" };
	for (int p = 0; p < REC_N_PARAMS; p++) {
		const Mat *m = b->param[p];
		int bias = p == REC_BIAS_IH || p == REC_BIAS_HH;
		blocks[p] = (Block){ .data = m->data, .rows = m->rows, .cols = m->cols,
				     .col_vector = bias };
		if (bias)
			snprintf(blocks[p].title, sizeof blocks[p].title, "%s (%d)", names[p], m->cols);
		else
			snprintf(blocks[p].title, sizeof blocks[p].title, "%s (%dx%d)", names[p],
				 m->rows, m->cols);
	}
	print_blocks(out, blocks, REC_N_PARAMS);
	fprintf(out, "\n   t  j%*s%*s%*s", COL, "x_t", COL, "a_t", COL, "h_t");
	/* the column is as wide as its head and a space before it */
	const char *r_head = b->loss_all ? "r_t" : cli_msg(lang, CM_BPTT_R_SCORED);
	int r_col = utf8_cols(r_head) + 1 > COL ? utf8_cols(r_head) + 1 : COL;
	lang_put_right(out, r_head, r_col);
	fputc('\n', out);
	int n = H > I ? H : I;
	for (int t = 0; t <= T; t++)
		for (int j = 0; j < (t == 0 ? H : n); j++) {
			if (j == 0)
				fprintf(out, "  %2d %2d", t, j + 1);
			else
				fprintf(out, "     %2d", j + 1);
			if (t > 0 && j < I)
				put_val(out, MAT_AT(b->x, t - 1, j));
			else
				fprintf(out, "%*s", COL, "");
			if (t > 0 && j < H)
				put_val(out, MAT_AT(b->a, t - 1, j));
			else if (j < H)
				fprintf(out, "%*s", COL, "");
			if (j < H)
				put_val(out, MAT_AT(b->h, t, j));
			if (t > 0 && j < H && (b->loss_all || t == T))
				put_num(out, MAT_AT(b->r, t - 1, j), r_col, 6);
			fputc('\n', out);
		}
	int h0_zero = 1;
	for (int j = 0; j < H; j++)
		h0_zero &= MAT_AT(b->h, 0, j) == 0.0;
	if (!given->h0)
		cli_say(out, lang, CM_BPTT_H0_RANDOM);
	else if (h0_zero)
		cli_say(out, lang, CM_BPTT_H0_ZERO);
}

/* }==== */

/* {==== The backward recursion: dL/dh_t and delta_t ==== */

/* The largest differences from the formula, on one line. */
static void print_agreement(FILE *out, double autodiff, double finite, int lang)
{
	cli_say(out, lang, CM_BPTT_AGREEMENT, autodiff, finite);
}

/* The same for each step's term alone. */
static void print_term_agreement(FILE *out, const char *copy, double autodiff, double finite,
				 int lang)
{
	cli_say(out, lang, CM_BPTT_TERM_AGREEMENT, copy, autodiff, finite);
}

/* The heads of the three ways' columns: formula (with "= " before it where it is a sum),
 * autodiff, finite diff; the last one column wider. */
static void put_ways_header(FILE *out, int sum, int lang)
{
	lang_put_right(out, cli_msg(lang, sum ? CM_FORMULA_SUM : CM_FORMULA), COL);
	lang_put_right(out, cli_msg(lang, CM_AUTODIFF), COL);
	lang_put_right(out, cli_msg(lang, CM_FINITE_DIFF), COL + 1);
}

static void print_dh(FILE *out, const BpttSteps *b, int lang)
{
	int T = b->steps, H = b->hidden;
	cli_say(out, lang, CM_BPTT_STEP1);
	fprintf(out, "   t  j%*s%*s", COL, "dL_t/dh_t", COL, "+W_hh^T d");
	put_ways_header(out, 1, lang);
	fputc('\n', out);
	for (int t = T; t >= 0; t--)
		for (int j = 0; j < H; j++) {
			if (j == 0)
				fprintf(out, "  %2d %2d", t, j + 1);
			else
				fprintf(out, "     %2d", j + 1);
			put_val(out, t > 0 ? MAT_AT(b->direct, t - 1, j) : 0.0);
			put_val(out, MAT_AT(b->recur, t, j));
			for (int k = 0; k < BS_WAYS; k++)
				put_num(out, MAT_AT(b->dh[k], t, j), COL + (k == BS_FINITE), 6);
			fputc('\n', out);
		}
	print_agreement(out, bptt_steps_max_diff(b->dh[BS_FORMULA], b->dh[BS_AUTODIFF]),
			bptt_steps_max_diff(b->dh[BS_FORMULA], b->dh[BS_FINITE]), lang);
}

static void print_delta(FILE *out, const BpttSteps *b, int lang)
{
	int T = b->steps, H = b->hidden;
	cli_say(out, lang, CM_BPTT_STEP2, activation_name(b->act));
	fprintf(out, "   t  j%*s%*s", COL, "f'(a_t)", COL, "dL/dh_t");
	put_ways_header(out, 1, lang);
	fputc('\n', out);
	for (int t = T; t >= 1; t--)
		for (int j = 0; j < H; j++) {
			if (j == 0)
				fprintf(out, "  %2d %2d", t, j + 1);
			else
				fprintf(out, "     %2d", j + 1);
			put_val(out, MAT_AT(b->fprime, t - 1, j));
			put_val(out, MAT_AT(b->dh[BS_FORMULA], t, j));
			for (int k = 0; k < BS_WAYS; k++)
				put_num(out, MAT_AT(b->delta[k], t - 1, j), COL + (k == BS_FINITE), 6);
			fputc('\n', out);
		}
	print_agreement(out, bptt_steps_max_diff(b->delta[BS_FORMULA], b->delta[BS_AUTODIFF]),
			bptt_steps_max_diff(b->delta[BS_FORMULA], b->delta[BS_FINITE]), lang);
}

/* }==== */

/* {==== A parameter: its per-step terms and the total ==== */

static void put_entry(FILE *out, const Mat *param, int i)
{
	char e[32];
	if (param->rows == 1)
		snprintf(e, sizeof e, "[%d]", i + 1);
	else
		snprintf(e, sizeof e, "[%d,%d]", i / param->cols + 1, i % param->cols + 1);
	fprintf(out, "  %-6s", e);
}

/* The largest difference between the formula's per-step terms and another way's. */
static double term_diff(const BpttSteps *b, int p, int way)
{
	return bptt_steps_max_diff(b->term[BS_FORMULA][p], b->term[way][p]);
}

/* "  entry" and a column head t=1 .. t=T for the terms of every step. */
static void put_steps_header(FILE *out, int T, int lang)
{
	cli_say(out, lang, CM_BPTT_ENTRY);
	for (int t = 1; t <= T; t++) {
		char h[16];
		snprintf(h, sizeof h, "t=%d", t);
		fprintf(out, "%*s", TERM, h);
	}
}

/* One table of terms t = 1..T and their sum; the autodiff and finite-difference totals
 * beside it when they fit, else in a second table. */
static void print_param(FILE *out, const BpttSteps *b, int p, int lang)
{
	int T = b->steps;
	const Mat *param = b->param[p], *term = b->term[BS_FORMULA][p];
	int n = (int)mat_size(param);
	int merged = 8 + T * TERM + 3 * COL + 1 <= WIDTH;
	put_steps_header(out, T, lang);
	lang_put_right(out, cli_msg(lang, CM_SUM), COL);
	if (merged) {
		lang_put_right(out, cli_msg(lang, CM_AUTODIFF), COL);
		lang_put_right(out, cli_msg(lang, CM_FINITE_DIFF), COL + 1);
	}
	fputc('\n', out);
	for (int i = 0; i < n; i++) {
		put_entry(out, param, i);
		for (int t = 0; t < T; t++)
			put_num(out, term->data[(size_t)t * n + i], TERM, 5);
		put_val(out, b->grad[BS_FORMULA][p]->data[i]);
		if (merged) {
			put_val(out, b->grad[BS_AUTODIFF][p]->data[i]);
			put_num(out, b->grad[BS_FINITE][p]->data[i], COL + 1, 6);
		}
		fputc('\n', out);
	}
	if (!merged) {
		cli_say(out, lang, CM_BPTT_TOTALS);
		cli_say(out, lang, CM_BPTT_ENTRY);
		put_ways_header(out, 0, lang);
		fputc('\n', out);
		for (int i = 0; i < n; i++) {
			put_entry(out, param, i);
			for (int k = 0; k < BS_WAYS; k++)
				put_num(out, b->grad[k][p]->data[i], COL + (k == BS_FINITE), 6);
			fputc('\n', out);
		}
	}
	print_agreement(out, bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_AUTODIFF][p]),
			bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_FINITE][p]), lang);
	print_term_agreement(out, p == REC_WEIGHT_HH ? "W_hh^(t)" : "W_ih^(t)",
			     term_diff(b, p, BS_AUTODIFF), term_diff(b, p, BS_FINITE), lang);
}

static void print_biases(FILE *out, const BpttSteps *b, int lang)
{
	int T = b->steps, H = b->hidden;
	const Mat *term = b->term[BS_FORMULA][REC_BIAS_IH];
	cli_say(out, lang, CM_BPTT_STEP5);
	put_steps_header(out, T, lang);
	lang_put_right(out, cli_msg(lang, CM_SUM), COL);
	fputc('\n', out);
	for (int i = 0; i < H; i++) {
		put_entry(out, b->param[REC_BIAS_IH], i);
		for (int t = 0; t < T; t++)
			put_num(out, MAT_AT(term, t, i), TERM, 5);
		put_val(out, b->grad[BS_FORMULA][REC_BIAS_IH]->data[i]);
		fputc('\n', out);
	}
	/* A head names the way and the bias: "ad b_ih" on one line where that fits a column
	 * (the language has short forms, and a key below the table), else the way above the
	 * bias's name, in columns three wider */
	static const char *const bias[4] = { "b_ih", "b_hh", "b_ih", "b_hh" };
	const char *ad_word = cli_msg(lang, CM_BPTT_BIAS_AD);
	const char *fd_word = cli_msg(lang, CM_BPTT_BIAS_FD);
	int beside = (int)strlen(" b_ih") + 1; /* the name and a space before the head */
	int wide = utf8_cols(ad_word) + beside > COL || utf8_cols(fd_word) + beside > COL;
	int w = wide ? COL + 3 : COL;
	cli_say(out, lang, CM_BPTT_TOTALS);
	cli_say(out, lang, CM_BPTT_ENTRY);
	lang_put_right(out, cli_msg(lang, CM_FORMULA), COL);
	for (int k = 0; k < 4; k++) {
		char head[64];
		const char *way = k < 2 ? ad_word : fd_word;
		snprintf(head, sizeof head, "%s %s", way, bias[k]);
		lang_put_right(out, wide ? way : head, w);
	}
	if (wide) {
		fprintf(out, "\n%*s", 8 + COL, "");
		for (int k = 0; k < 4; k++)
			fprintf(out, "%*s", w, bias[k]);
	}
	fputc('\n', out);
	for (int i = 0; i < H; i++) {
		put_entry(out, b->param[REC_BIAS_IH], i);
		put_val(out, b->grad[BS_FORMULA][REC_BIAS_IH]->data[i]);
		put_num(out, b->grad[BS_AUTODIFF][REC_BIAS_IH]->data[i], w, 6);
		put_num(out, b->grad[BS_AUTODIFF][REC_BIAS_HH]->data[i], w, 6);
		put_num(out, b->grad[BS_FINITE][REC_BIAS_IH]->data[i], w, 6);
		put_num(out, b->grad[BS_FINITE][REC_BIAS_HH]->data[i], w, 6);
		fputc('\n', out);
	}
	double ad = 0, fd = 0, terms_ad = 0, terms_fd = 0;
	for (int p = REC_BIAS_IH; p <= REC_BIAS_HH; p++) {
		ad = fmax(ad, bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_AUTODIFF][p]));
		fd = fmax(fd, bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_FINITE][p]));
		terms_ad = fmax(terms_ad, term_diff(b, p, BS_AUTODIFF));
		terms_fd = fmax(terms_fd, term_diff(b, p, BS_FINITE));
	}
	if (!wide)
		cli_say(out, lang, CM_BPTT_BIAS_KEY);
	print_agreement(out, ad, fd, lang);
	print_term_agreement(out, "b^(t)", terms_ad, terms_fd, lang);
}

/* }==== */

/* {==== The paths ==== */

static void path_text(char *buf, size_t size, int k, int t)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int s = k; s <= t && used < size; s++)
		used += (size_t)snprintf(buf + used, size - used, "h_%d -> ", s);
	if (used < size)
		snprintf(buf + used, size - used, "L_%d", t);
}

static void print_paths(FILE *out, const BpttSteps *b, int lang)
{
	int T = b->steps, H = b->hidden, I = b->input, n = b->n_paths;
	int scalar = H == 1, with_ih = H == 1 && I == 1;
	cli_say(out, lang, CM_BPTT_PATHS_INTRO);
	if (b->loss_all)
		cli_say(out, lang, CM_BPTT_PATHS_ALL, n, T);
	else
		cli_say(out, lang, CM_BPTT_PATHS_LAST, n,
			cli_msg_n(lang, n, CM_PATH_ONE, CM_PATH_MANY));
	char longest[128];
	path_text(longest, sizeof longest, 1, T);
	int pw = (int)strlen(longest);
	pw = pw < 16 ? 16 : pw;
	fprintf(out, "   k  ");
	lang_put_left(out, cli_msg(lang, CM_BPTT_PATH), pw);
	if (scalar)
		fprintf(out, "%*s%s", COL, "W_hh", with_ih ? "       W_ih" : "");
	else
		lang_put_right(out, cli_msg(lang, CM_BPTT_PART_NORM), COL + 2);
	fputc('\n', out);
	double sum_hh = 0, sum_ih = 0;
	for (int p = 0; p < n; p++) {
		char text[128];
		path_text(text, sizeof text, b->path_use[p], b->path_end[p]);
		fprintf(out, "  %2d  %-*s", b->path_use[p], pw, text);
		Mat part = { H, H, b->path_W_hh->data + (size_t)p * H * H };
		if (scalar) {
			put_val(out, part.data[0]);
			sum_hh += part.data[0];
			if (with_ih) {
				put_val(out, b->path_W_ih->data[p]);
				sum_ih += b->path_W_ih->data[p];
			}
		} else {
			fprintf(out, "  ");
			put_val(out, mat_norm(&part));
		}
		fputc('\n', out);
	}
	if (scalar) {
		fprintf(out, "      ");
		lang_put_left(out, cli_msg(lang, CM_BPTT_PATH_SUM), pw);
		put_val(out, sum_hh);
		if (with_ih)
			put_val(out, sum_ih);
		fprintf(out, "\n      ");
		lang_put_left(out, cli_msg(lang, CM_BPTT_PATH_FORMULA), pw);
		put_val(out, b->grad[BS_FORMULA][REC_WEIGHT_HH]->data[0]);
		if (with_ih)
			put_val(out, b->grad[BS_FORMULA][REC_WEIGHT_IH]->data[0]);
		cli_say(out, lang, CM_BPTT_PRODUCT);
	} else {
		/* the matrices of all paths, added up, against the formula */
		double worst = 0;
		for (int i = 0; i < H * H; i++) {
			double s = 0;
			for (int p = 0; p < n; p++)
				s += b->path_W_hh->data[(size_t)p * H * H + i];
			worst = fmax(worst, fabs(s - b->grad[BS_FORMULA][REC_WEIGHT_HH]->data[i]));
		}
		cli_say(out, lang, CM_BPTT_MATRICES, n, worst);
	}
	cli_say(out, lang, CM_BPTT_COST);
}

/* }==== */

static void print_summary(FILE *out, const BpttSteps *b, int lang)
{
	static const char *const what[REC_N_PARAMS] = { "dL/dW_ih", "dL/dW_hh", "dL/db_ih",
							"dL/db_hh" };
	cli_say(out, lang, CM_BPTT_SUMMARY, "");
	lang_put_right(out, cli_msg(lang, CM_AUTODIFF), 12);
	lang_put_right(out, cli_msg(lang, CM_FINITE_DIFF), 14);
	fputc('\n', out);
	fprintf(out, "  %-24s%12.1e%14.1e\n", "dL/dh_t",
		bptt_steps_max_diff(b->dh[BS_FORMULA], b->dh[BS_AUTODIFF]),
		bptt_steps_max_diff(b->dh[BS_FORMULA], b->dh[BS_FINITE]));
	fprintf(out, "  %-24s%12.1e%14.1e\n", "delta_t",
		bptt_steps_max_diff(b->delta[BS_FORMULA], b->delta[BS_AUTODIFF]),
		bptt_steps_max_diff(b->delta[BS_FORMULA], b->delta[BS_FINITE]));
	for (int p = 0; p < REC_N_PARAMS; p++) {
		fprintf(out, "  %-24s%12.1e%14.1e\n", what[p],
			bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_AUTODIFF][p]),
			bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_FINITE][p]));
		fprintf(out, "  ");
		lang_put_left(out, cli_msg(lang, CM_BPTT_PER_STEP), 24);
		fprintf(out, "%12.1e%14.1e\n", term_diff(b, p, BS_AUTODIFF),
			term_diff(b, p, BS_FINITE));
	}
	cli_say(out, lang, CM_BPTT_SUMMARY_EPS, BPTT_STEPS_EPS);
}

static void print_header(FILE *out, const BpttSteps *b, const BpttStepsConfig *c, int lang)
{
	int r_given = c->given && c->given->r;
	int T = b->steps;
	char head[128], seed[48];
	cli_format(head, sizeof head, lang, CM_BPTT_HEAD, T, b->hidden, b->input,
		   activation_name(b->act));
	cli_format(seed, sizeof seed, lang, CM_SEED, (unsigned long long)c->seed);
	/* a long seed goes on a line of its own rather than past 78 columns */
	int fits = utf8_cols(head) + 2 + utf8_cols(seed) <= WIDTH;
	fprintf(out, "%s%s%s%s\n", head, cli_msg(lang, CM_COMMA),
		fits ? cli_msg(lang, CM_SEED_SPACE) : "\n  ", seed);
	cli_say(out, lang, CM_BPTT_FORWARD, b->act == ACT_LINEAR ? "f" : activation_name(b->act));
	if (b->act == ACT_LINEAR)
		cli_say(out, lang, CM_BPTT_LINEAR);
	const char *r_kind = cli_msg(lang, r_given ? CM_BPTT_R_HAND : CM_BPTT_R_RANDOM);
	if (b->loss_all)
		cli_say(out, lang, CM_BPTT_LOSS_ALL, T, r_kind);
	else
		cli_say(out, lang, CM_BPTT_LOSS_LAST, T, r_kind);
	cli_say(out, lang, CM_BPTT_LOSS_VALUE, b->loss);
	cli_say(out, lang, CM_BPTT_THREE_WAYS, BPTT_STEPS_EPS);
}

static const char about[] =
	"Backpropagation through time on a tiny RNN, every equation of lesson 03\n"
	"evaluated three ways side by side: the hand-derived formula, autodiff and\n"
	"finite differences. Per step: dL/dh_t, delta_t and each step's term of\n"
	"every parameter gradient, with the total; then every path from a use of\n"
	"W_hh to the loss and the product along it. L = sum of <r_t, h_t> over the\n"
	"scored steps, with fixed random r_t. Any weight, input, h_0 or r_t may be\n"
	"given by hand (--w 0.5 --u 0.8 --x 1,2,3 --h0 0 --r 1), and --show picks\n"
	"the parts to print.\n\n";

/* {==== --show: the parts a cell asks for ==== */

enum { SHOW_MODEL, SHOW_DH, SHOW_DELTAS, SHOW_WHH, SHOW_WIH, SHOW_PATHS, SHOW_BIASES,
       SHOW_SUMMARY, SHOW_N };

static const char *const show_names[SHOW_N] = { "model", "dh", "deltas", "whh", "wih",
						"paths", "biases", "summary" };

#define SHOW_CHOICES "model,dh,deltas,whh,wih,terms,paths,biases,summary,all"

/* The comma list into a bit per part ("terms": whh, wih and biases; "all": every part):
 * 0, or 2 after naming the word that is none of them. */
static int parse_show(const char *list, unsigned *show, int lang, FILE *err)
{
	*show = 0;
	for (const char *p = list;; p++) {
		size_t n = strcspn(p, ",");
		unsigned bit = 0;
		if (n == 3 && strncmp(p, "all", 3) == 0)
			bit = (1u << SHOW_N) - 1;
		else if (n == 5 && strncmp(p, "terms", 5) == 0)
			bit = 1u << SHOW_WHH | 1u << SHOW_WIH | 1u << SHOW_BIASES;
		for (int k = 0; k < SHOW_N && !bit; k++)
			if (strlen(show_names[k]) == n && strncmp(p, show_names[k], n) == 0)
				bit = 1u << k;
		if (!bit) {
			cli_say(err, lang, CM_BPTT_BAD_SHOW, (int)n, p, SHOW_CHOICES);
			return 2;
		}
		*show |= bit;
		p += n;
		if (!*p)
			return 0;
	}
}

/* }==== */

int cmd_bptt(int argc, char **argv, FILE *out, FILE *err)
{
	BpttStepsConfig c = bptt_steps_defaults();
	const char *act = "tanh", *loss = "all", *lang_name = "en", *show_list = "all";
	const Opt own[] = {
		{ "loss", OPT_STRING, &loss, 0, 0, 0, "last|all", "L", "a loss at every step or the last only (default all)" },
		{ "act", OPT_STRING, &act, 0, 0, 0, "tanh|linear|relu|sigmoid", "F", "the nonlinearity f (default tanh)" },
		{ "show", OPT_STRING, &show_list, 0, 0, 0, NULL, "PARTS", "what to print after the header, a comma list of " SHOW_CHOICES " (default all); terms is whh,wih,biases" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "the language of the text (default en)" },
		{ 0 },
	};
	TinyRnnSizes sizes = { &c.steps, &c.hidden, &c.input, &c.seed };
	static TinyRnnGiven given; /* a few kilobytes: not on the stack */
	memset(&given, 0, sizeof given);
	given.with_r = 1;
	int rc = tiny_rnn_options_parse("bptt", about, &sizes, &given, own, argc, argv, out, err);
	if (rc != ARGS_OK)
		return rc == ARGS_HELP ? 0 : 2;
	activation_parse(act, &c.act);
	c.loss_all = strcmp(loss, "all") == 0;
	int lang = lang_resolve("bptt", lang_name, err);
	unsigned show;
	if (parse_show(show_list, &show, lang, err) != 0 ||
	    tiny_rnn_options_values("bptt", &sizes, &given, !c.loss_all, lang, err) != 0)
		return 2;
	c.given = &given.values;
	BpttSteps b;
	if (bptt_steps_run(&c, &b) != ST_OK) {
		fprintf(err, "gradlab bptt: %s\n", status_detail());
		return 2;
	}
	print_header(out, &b, &c, lang);
	if (show & 1u << SHOW_MODEL)
		print_model(out, &b, &given.values, lang);
	if (show & 1u << SHOW_DH)
		print_dh(out, &b, lang);
	if (show & 1u << SHOW_DELTAS)
		print_delta(out, &b, lang);
	if (show & 1u << SHOW_WHH) {
		cli_say(out, lang, CM_BPTT_STEP3);
		print_param(out, &b, REC_WEIGHT_HH, lang);
	}
	if (show & 1u << SHOW_WIH) {
		cli_say(out, lang, CM_BPTT_STEP4);
		print_param(out, &b, REC_WEIGHT_IH, lang);
	}
	if (show & 1u << SHOW_PATHS)
		print_paths(out, &b, lang);
	if (show & 1u << SHOW_BIASES)
		print_biases(out, &b, lang);
	if (show & 1u << SHOW_SUMMARY)
		print_summary(out, &b, lang);
	bptt_steps_free(&b);
	return 0;
}
