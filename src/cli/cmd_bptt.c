/* cmd_bptt: `gradlab bptt`, lesson 03's backpropagation through time printed equation by
 * equation, each evaluated three ways side by side (formula, autodiff, finite differences),
 * then every path from a use of W_hh to the loss. lab/bptt_steps computes; this file only
 * lays out tables in at most 78 columns, in plain ASCII, or with --lang zh in Chinese
 * (aligned by terminal columns: a Chinese character takes two). */
#include "cli/args.h"
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

static void print_model(FILE *out, const BpttSteps *b, const TinyRnnValues *given, int zh)
{
	int T = b->steps, H = b->hidden, I = b->input;
	const double *g[TRV_COUNT] = { given->W_ih, given->W_hh, given->b_ih, given->b_hh,
				       given->x, given->h0, given->r };
	int n_given = 0;
	for (int k = 0; k < TRV_COUNT; k++)
		n_given += g[k] != NULL;
	/* the seed is in the header: here it could push the line past 78 columns */
	if (n_given == TRV_COUNT)
		fprintf(out, zh ? "\n模型：每个值都是手工给定的\n" : "\nthe model, every value given by hand\n");
	else if (n_given)
		fprintf(out, zh ? "\n模型：给定的值之外，其余与 `gradlab check rnn --batch 1` 在相同规模、\n"
				  "激活函数和随机种子下生成的一样\n"
				: "\nthe model: the values given by hand, the rest drawn as\n"
				  "`gradlab check rnn --batch 1` draws them for these sizes, act and seed\n");
	else
		fprintf(out, zh ? "\n模型：参数与 `gradlab check rnn --batch 1` 在相同规模、激活函数和随机种子下\n"
				  "生成的完全一样（取 --loss all 时，下面的各个总和就是那次检验的梯度）\n"
				: "\nthe model, drawn as `gradlab check rnn --batch 1` draws it for these sizes,\n"
				  "act and seed (with --loss all the totals below are that check's gradients)\n");
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
	/* "计分的 r_t" is as wide as "r_t scored" but reads as one phrase with h_t before it
	 * unless two spaces part them */
	int r_col = zh && !b->loss_all ? COL + 1 : COL;
	lang_put_right(out, b->loss_all ? "r_t" : zh ? "计分的 r_t" : "r_t scored", r_col);
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
		fprintf(out, zh ? "  （h_0 与检验中一样是随机的，标准差 0.5，所以第 1 步的项不一定为 0）\n"
				: "  (h_0 is random, std 0.5, as in the check, so step 1's terms need not be 0)\n");
	else if (h0_zero)
		fprintf(out, zh ? "  （给定 h_0 = 0，所以 W_hh 在第 1 步的项为 0）\n"
				: "  (h_0 = 0 is given, so W_hh's term at step 1 is 0)\n");
}

/* }==== */

/* {==== The backward recursion: dL/dh_t and delta_t ==== */

/* The largest differences from the formula, on one line. */
static void print_agreement(FILE *out, double autodiff, double finite, int zh)
{
	fprintf(out, zh ? "  最大差值：|自动微分 - 公式| = %.1e，|有限差分 - 公式| = %.1e\n"
			: "  largest |autodiff - formula| = %.1e, |finite diff - formula| = %.1e\n",
		autodiff, finite);
}

/* The same for each step's term alone. */
static void print_term_agreement(FILE *out, const char *copy, double autodiff, double finite,
				 int zh)
{
	fprintf(out, zh ? "  单独核对每一项（第 t 步用自己的拷贝 %s）：%.1e，%.1e\n"
			: "  each term alone (step t given its own copy %s): %.1e, %.1e\n",
		copy, autodiff, finite);
}

/* The heads of the three ways' columns: formula (with "= " before it where it is a sum),
 * autodiff, finite diff; the last one column wider. */
static void put_ways_header(FILE *out, int sum, int zh)
{
	lang_put_right(out, zh ? (sum ? "= 公式" : "公式") : (sum ? "= formula" : "formula"), COL);
	lang_put_right(out, zh ? "自动微分" : "autodiff", COL);
	lang_put_right(out, zh ? "有限差分" : "finite diff", COL + 1);
}

static void print_dh(FILE *out, const BpttSteps *b, int zh)
{
	int T = b->steps, H = b->hidden;
	if (zh)
		fprintf(out, "\n第一步：传到 h_t 的梯度，从 t = T 算到 0\n"
			     "  dL/dh_t = dL_t/dh_t + W_hh^T delta_{t+1}：先是直接项，然后是其余部分\n"
			     "  （delta_{T+1} = 0；h_0 没有自己的损失）；有限差分挪动的是 h_t\n");
	else
		fprintf(out, "\nstep 1: the gradient that reaches h_t, from t = T down to 0\n"
			     "  dL/dh_t = dL_t/dh_t + W_hh^T delta_{t+1}: the direct term, then the rest\n"
			     "  (delta_{T+1} = 0; h_0 has no loss of its own); finite diff nudges h_t\n");
	fprintf(out, "   t  j%*s%*s", COL, "dL_t/dh_t", COL, "+W_hh^T d");
	put_ways_header(out, 1, zh);
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
			bptt_steps_max_diff(b->dh[BS_FORMULA], b->dh[BS_FINITE]), zh);
}

static void print_delta(FILE *out, const BpttSteps *b, int zh)
{
	int T = b->steps, H = b->hidden;
	fprintf(out, zh ? "\n第二步：穿过激活函数，delta_t = dL/da_t = f'(a_t) * dL/dh_t\n"
			  "  （逐元素相乘；f = %s）；有限差分挪动的是 a_t\n"
			: "\nstep 2: through the activation, delta_t = dL/da_t = f'(a_t) * dL/dh_t\n"
			  "  (elementwise; f = %s); finite diff nudges a_t\n",
		activation_name(b->act));
	fprintf(out, "   t  j%*s%*s", COL, "f'(a_t)", COL, "dL/dh_t");
	put_ways_header(out, 1, zh);
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
			bptt_steps_max_diff(b->delta[BS_FORMULA], b->delta[BS_FINITE]), zh);
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
static void put_steps_header(FILE *out, int T, int zh)
{
	fprintf(out, zh ? "  元素  " : "  entry ");
	for (int t = 1; t <= T; t++) {
		char h[16];
		snprintf(h, sizeof h, "t=%d", t);
		fprintf(out, "%*s", TERM, h);
	}
}

/* One table of terms t = 1..T and their sum; the autodiff and finite-difference totals
 * beside it when they fit, else in a second table. */
static void print_param(FILE *out, const BpttSteps *b, int p, int zh)
{
	int T = b->steps;
	const Mat *param = b->param[p], *term = b->term[BS_FORMULA][p];
	int n = (int)mat_size(param);
	int merged = 8 + T * TERM + 3 * COL + 1 <= WIDTH;
	put_steps_header(out, T, zh);
	lang_put_right(out, zh ? "和" : "sum", COL);
	if (merged) {
		lang_put_right(out, zh ? "自动微分" : "autodiff", COL);
		lang_put_right(out, zh ? "有限差分" : "finite diff", COL + 1);
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
		fprintf(out, zh ? "  三种方法算出的总和\n  元素  " : "  totals three ways\n  entry ");
		put_ways_header(out, 0, zh);
		fputc('\n', out);
		for (int i = 0; i < n; i++) {
			put_entry(out, param, i);
			for (int k = 0; k < BS_WAYS; k++)
				put_num(out, b->grad[k][p]->data[i], COL + (k == BS_FINITE), 6);
			fputc('\n', out);
		}
	}
	print_agreement(out, bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_AUTODIFF][p]),
			bptt_steps_max_diff(b->grad[BS_FORMULA][p], b->grad[BS_FINITE][p]), zh);
	print_term_agreement(out, p == REC_WEIGHT_HH ? "W_hh^(t)" : "W_ih^(t)",
			     term_diff(b, p, BS_AUTODIFF), term_diff(b, p, BS_FINITE), zh);
}

static void print_biases(FILE *out, const BpttSteps *b, int zh)
{
	int T = b->steps, H = b->hidden;
	const Mat *term = b->term[BS_FORMULA][REC_BIAS_IH];
	fprintf(out, zh ? "\n第五步：偏置，dL/db_ih = dL/db_hh = sum_t delta_t\n"
			  "  （两个偏置都原样加到 a_t 上，所以得到的各项相同）\n"
			: "\nstep 5: the biases, dL/db_ih = dL/db_hh = sum_t delta_t\n"
			  "  (both enter a_t unchanged, so both get the same terms)\n");
	put_steps_header(out, T, zh);
	lang_put_right(out, zh ? "和" : "sum", COL);
	fputc('\n', out);
	for (int i = 0; i < H; i++) {
		put_entry(out, b->param[REC_BIAS_IH], i);
		for (int t = 0; t < T; t++)
			put_num(out, MAT_AT(term, t, i), TERM, 5);
		put_val(out, b->grad[BS_FORMULA][REC_BIAS_IH]->data[i]);
		fputc('\n', out);
	}
	/* English abbreviates autodiff and finite diff to fit; Chinese has the words above the
	 * biases, a head of two lines */
	static const char *const heads[4] = { "ad b_ih", "ad b_hh", "fd b_ih", "fd b_hh" };
	int w = zh ? COL + 3 : COL;
	if (zh) {
		fprintf(out, "  三种方法算出的总和\n  元素  ");
		lang_put_right(out, "公式", COL);
		for (int k = 0; k < 4; k++)
			lang_put_right(out, k < 2 ? "自动微分" : "有限差分", w);
		fprintf(out, "\n%*s", 8 + COL, "");
		for (int k = 0; k < 4; k++)
			fprintf(out, "%*s", w, heads[k] + 3);
	} else {
		fprintf(out, "  totals three ways\n  entry %*s", COL, "formula");
		for (int k = 0; k < 4; k++)
			fprintf(out, "%*s", w, heads[k]);
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
	if (!zh)
		fprintf(out, "  (ad = autodiff, fd = finite diff)\n");
	print_agreement(out, ad, fd, zh);
	print_term_agreement(out, "b^(t)", terms_ad, terms_fd, zh);
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

static void print_paths(FILE *out, const BpttSteps *b, int zh)
{
	int T = b->steps, H = b->hidden, I = b->input, n = b->n_paths;
	int scalar = H == 1, with_ih = H == 1 && I == 1;
	if (zh)
		fprintf(out, "\n从 W_hh 的每处使用到损失的所有路径，用递归列举：\n"
			     "  paths(h_t) = 第 t 步计损失时先是 [h_t -> L_t]，然后对 paths(h_{t+1})\n"
			     "  中的每条 p 加上 h_t -> h_{t+1} + p；第 k 步的使用为 W_hh -> a_k -> h_k。\n");
	else
		fprintf(out, "\nthe paths from each use of W_hh to the loss, enumerated recursively:\n"
			     "  paths(h_t) = [h_t -> L_t] if step t is scored, then h_t -> h_{t+1} + p\n"
			     "  for every p in paths(h_{t+1}); the use at step k is W_hh -> a_k -> h_k.\n");
	if (b->loss_all)
		fprintf(out, zh ? "  共 %d 条路径：N(t) = s_t + N(t+1) = T - t + 1，%d + ... + 1 = T(T+1)/2\n"
				: "  %d paths: N(t) = s_t + N(t+1) = T - t + 1, and %d + ... + 1 = T(T+1)/2\n",
			n, T);
	else if (zh)
		fprintf(out, "  共 %d 条路径：对每个 t 都有 N(t) = s_t + N(t+1) = 1，每处使用一条，共 T 条\n",
			n);
	else
		fprintf(out, "  %d path%s: N(t) = s_t + N(t+1) = 1 for every t, so one per use: T\n", n,
			n == 1 ? "" : "s");
	char longest[128];
	path_text(longest, sizeof longest, 1, T);
	int pw = (int)strlen(longest);
	pw = pw < 16 ? 16 : pw;
	fprintf(out, "   k  ");
	lang_put_left(out, zh ? "路径" : "path", pw);
	if (scalar)
		fprintf(out, "%*s%s", COL, "W_hh", with_ih ? "       W_ih" : "");
	else
		lang_put_right(out, zh ? "份额的范数" : "||W_hh part||", COL + 2);
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
		lang_put_left(out, zh ? "各路径之和" : "sum over the paths", pw);
		put_val(out, sum_hh);
		if (with_ih)
			put_val(out, sum_ih);
		fprintf(out, "\n      ");
		lang_put_left(out, zh ? "dL/dW（公式）" : "dL/dW (formula)", pw);
		put_val(out, b->grad[BS_FORMULA][REC_WEIGHT_HH]->data[0]);
		if (with_ih)
			put_val(out, b->grad[BS_FORMULA][REC_WEIGHT_IH]->data[0]);
		if (zh)
			fprintf(out, "\n  一条路径上的乘积：h_{k-1} f'(a_k) [w_hh f'(a_{k+1})] ...\n"
				     "  [w_hh f'(a_t)] dL_t/dh_t；从 W_ih 的使用出发的路径以 x_k 开头，\n"
				     "  而不是 h_{k-1}。沿一条路径相乘，跨越不同路径相加。\n");
		else
			fprintf(out, "\n  product along a path: h_{k-1} f'(a_k) [w_hh f'(a_{k+1})] ...\n"
				     "  [w_hh f'(a_t)] dL_t/dh_t; the path from W_ih's use starts with x_k\n"
				     "  instead of h_{k-1}. Products along a path, sums across paths.\n");
	} else {
		/* the matrices of all paths, added up, against the formula */
		double worst = 0;
		for (int i = 0; i < H * H; i++) {
			double s = 0;
			for (int p = 0; p < n; p++)
				s += b->path_W_hh->data[(size_t)p * H * H + i];
			worst = fmax(worst, fabs(s - b->grad[BS_FORMULA][REC_WEIGHT_HH]->data[i]));
		}
		fprintf(out, zh ? "  H > 1 时每条路径带着一个矩阵 e h_{k-1}^T，其中\n"
				  "  e = D_k W_hh^T D_{k+1} ... W_hh^T D_t dL_t/dh_t（D_s = diag f'(a_s)）；\n"
				  "  上表列出的是它的范数。这 %d 个矩阵加起来就是 dL/dW_hh，与公式相差\n"
				  "  不超过 %.1e。（用 --hidden 1 可以看到每条路径上的乘积。）\n"
				: "  With H > 1 a path carries a matrix, e h_{k-1}^T with\n"
				  "  e = D_k W_hh^T D_{k+1} ... W_hh^T D_t dL_t/dh_t (D_s = diag f'(a_s));\n"
				  "  shown is its norm. The %d matrices add up to dL/dW_hh: they differ\n"
				  "  from the formula by at most %.1e. (--hidden 1 shows each product.)\n",
			n, worst);
	}
	fprintf(out, zh ? "  逐条列举路径要算 O(T^2) 个乘积；BPTT 让尾部相同的路径共用一次计算，\n"
			  "  只需 O(T)。\n"
			: "  Enumerating the paths costs O(T^2) products; BPTT shares their tails\n"
			  "  and costs O(T).\n");
}

/* }==== */

static void print_summary(FILE *out, const BpttSteps *b, int zh)
{
	static const char *const what[REC_N_PARAMS] = { "dL/dW_ih", "dL/dW_hh", "dL/db_ih",
							"dL/db_hh" };
	fprintf(out, zh ? "\n汇总：与公式之差的最大绝对值\n  %24s" : "\nsummary: the largest |difference| from the formula\n  %24s", "");
	lang_put_right(out, zh ? "自动微分" : "autodiff", 12);
	lang_put_right(out, zh ? "有限差分" : "finite diff", 14);
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
		lang_put_left(out, zh ? "  其中每一步的项" : "  its per-step terms", 24);
		fprintf(out, "%12.1e%14.1e\n", term_diff(b, p, BS_AUTODIFF),
			term_diff(b, p, BS_FINITE));
	}
	fprintf(out, zh ? "  有限差分的误差约为 eps^2 + 1e-16/eps，这里 eps = %g；\n"
			  "  自动微分与公式之间只差舍入误差。\n"
			: "  Finite differences carry an error of about eps^2 + 1e-16/eps, with\n"
			  "  eps = %g; autodiff and the formula differ only by rounding.\n",
		BPTT_STEPS_EPS);
}

static void print_header(FILE *out, const BpttSteps *b, const BpttStepsConfig *c, int zh)
{
	int r_given = c->given && c->given->r;
	int T = b->steps;
	char head[128], seed[48];
	snprintf(head, sizeof head,
		 zh ? "bptt：通过时间反向传播，T = %d，H = %d，I = %d，%s"
		    : "bptt: backpropagation through time, T = %d, H = %d, I = %d, %s",
		 T, b->hidden, b->input, activation_name(b->act));
	snprintf(seed, sizeof seed, zh ? "随机种子 %llu" : "seed %llu", (unsigned long long)c->seed);
	/* a long seed goes on a line of its own rather than past 78 columns */
	int fits = utf8_cols(head) + 2 + utf8_cols(seed) <= WIDTH;
	fprintf(out, "%s%s%s%s\n", head, zh ? "，" : ",", fits ? (zh ? "" : " ") : "\n  ", seed);
	if (zh) {
		fprintf(out, "  前向  a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh，h_t = %s(a_t)\n",
			b->act == ACT_LINEAR ? "f" : activation_name(b->act));
		if (b->act == ACT_LINEAR)
			fprintf(out, "        其中 f(a) = a（线性），所以 f'(a) = 1\n");
		if (b->loss_all)
			fprintf(out, "  损失  L = sum_t <r_t, h_t>，对每个时间步 t = 1..%d 求和，r_t 是%s\n"
				     "        向量，所以每一步的直接项 dL_t/dh_t 都是 r_t\n",
				T, r_given ? "手工给定的" : "固定的随机");
		else
			fprintf(out, "  损失  L = <r_%d, h_%d>，只在最后一步计损失，r_%d 是%s向量：\n"
				     "        dL_%d/dh_%d = r_%d，之前各步都没有自己的损失\n",
				T, T, T, r_given ? "手工给定的" : "固定的随机", T, T, T);
		fprintf(out, "        L = %.9f\n", b->loss);
		fprintf(out, "  三种方法并列：\n"
			     "    公式      手推的 BPTT（src/nn/bptt.c），普通循环\n"
			     "    自动微分  计算图（tape）对 nn.RNN 层做反向传播\n"
			     "    有限差分  (L(v + e) - L(v - e)) / 2e，e = %g，在前向传播中直接挪动\n"
			     "              数值 v 本身：某个参数元素、h_t 或 a_t\n",
			BPTT_STEPS_EPS);
		return;
	}
	fprintf(out, "  forward  a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh,  h_t = %s(a_t)\n",
		b->act == ACT_LINEAR ? "f" : activation_name(b->act));
	if (b->act == ACT_LINEAR)
		fprintf(out, "           with f(a) = a (linear), so f'(a) = 1\n");
	if (b->loss_all)
		fprintf(out, "  loss     L = sum_t <r_t, h_t> over every step t = 1..%d, with fixed\n"
			     "           %s r_t, so the direct term dL_t/dh_t is r_t at every step\n",
			T, r_given ? "hand-given" : "random");
	else
		fprintf(out, "  loss     L = <r_%d, h_%d> at the last step only, with a fixed %s\n"
			     "           r_%d: dL_%d/dh_%d = r_%d, and no step before has a loss of its own\n",
			T, T, r_given ? "hand-given" : "random", T, T, T, T);
	fprintf(out, "           L = %.9f\n", b->loss);
	fprintf(out, "  three ways, side by side:\n"
		     "    formula      the hand-derived BPTT (src/nn/bptt.c), plain loops\n"
		     "    autodiff     the tape's backward through the nn.RNN layer\n"
		     "    finite diff  (L(v + e) - L(v - e)) / 2e, e = %g, nudging the value v\n"
		     "                 itself in a forward pass: a parameter entry, h_t or a_t\n",
		BPTT_STEPS_EPS);
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
static int parse_show(const char *list, unsigned *show, int zh, FILE *err)
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
			fprintf(err, zh ? "gradlab bptt：--show：'%.*s' 不是 " SHOW_CHOICES " 之一\n"
					: "gradlab bptt: --show: '%.*s' is not one of " SHOW_CHOICES "\n",
				(int)n, p);
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
	const char *act = "tanh", *loss = "all", *lang = "en", *show_list = "all";
	const Opt own[] = {
		{ "loss", OPT_STRING, &loss, 0, 0, 0, "last|all", "L", "a loss at every step or the last only (default all)" },
		{ "act", OPT_STRING, &act, 0, 0, 0, "tanh|linear|relu|sigmoid", "F", "the nonlinearity f (default tanh)" },
		{ "show", OPT_STRING, &show_list, 0, 0, 0, NULL, "PARTS", "what to print after the header, a comma list of " SHOW_CHOICES " (default all); terms is whh,wih,biases" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, "en|zh", "LANG", "the language of the text (default en)" },
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
	int zh = lang_resolve_zh("bptt", lang, err);
	unsigned show;
	if (parse_show(show_list, &show, zh, err) != 0 ||
	    tiny_rnn_options_values("bptt", &sizes, &given, !c.loss_all, zh, err) != 0)
		return 2;
	c.given = &given.values;
	BpttSteps b;
	if (bptt_steps_run(&c, &b) != ST_OK) {
		fprintf(err, "gradlab bptt: %s\n", status_detail());
		return 2;
	}
	print_header(out, &b, &c, zh);
	if (show & 1u << SHOW_MODEL)
		print_model(out, &b, &given.values, zh);
	if (show & 1u << SHOW_DH)
		print_dh(out, &b, zh);
	if (show & 1u << SHOW_DELTAS)
		print_delta(out, &b, zh);
	if (show & 1u << SHOW_WHH) {
		if (zh)
			fprintf(out, "\n第三步：循环权重，dL/dW_hh = sum_t delta_t h_{t-1}^T\n"
				     "  W_hh 每使用一次就有一项；元素 [i,j] 为 sum_t delta_t[i] h_{t-1}[j]，\n"
				     "  各项之和就是公式给出的总和\n");
		else
			fprintf(out, "\nstep 3: the recurrent weights, dL/dW_hh = sum_t delta_t h_{t-1}^T, one\n"
				     "  term per use of W_hh; entry [i,j] is sum_t delta_t[i] h_{t-1}[j], and\n"
				     "  the sum of the terms is the formula's total\n");
		print_param(out, &b, REC_WEIGHT_HH, zh);
	}
	if (show & 1u << SHOW_WIH) {
		fprintf(out, zh ? "\n第四步：输入权重，dL/dW_ih = sum_t delta_t x_t^T\n"
				  "  W_ih 每使用一次就有一项；元素 [i,j] 为 sum_t delta_t[i] x_t[j]，求和同上\n"
				: "\nstep 4: the input weights, dL/dW_ih = sum_t delta_t x_t^T, one term per\n"
				  "  use of W_ih; entry [i,j] is sum_t delta_t[i] x_t[j], summed as above\n");
		print_param(out, &b, REC_WEIGHT_IH, zh);
	}
	if (show & 1u << SHOW_PATHS)
		print_paths(out, &b, zh);
	if (show & 1u << SHOW_BIASES)
		print_biases(out, &b, zh);
	if (show & 1u << SHOW_SUMMARY)
		print_summary(out, &b, zh);
	bptt_steps_free(&b);
	return 0;
}
