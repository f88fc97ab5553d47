/* checks_layers: the checks of exercises 11 dropout, 12 batchnorm, 13 layernorm and 14 conv2d.
 * The right answers come from gradlab's own layers on the tape (nn/dropout's fused op,
 * core/ad's batch and layer normalisation, nn/conv's conv2d), which tests/torch_compare.py
 * holds to PyTorch, on these checks' hard ranges too, and tests/test_grade_layers.c to
 * finite differences. The cases reach the ranges where a textbook formula breaks: p = 0 and
 * p near 1, eval with a mask full of zeros, a constant column (var = 0), values far from 0,
 * a spread below eps, a stride larger than the kernel, more padding than the kernel. */
#include "grade/checks.h"

#include "core/mem.h"
#include "nn/conv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define V(name) (ck_find(c, name)->v)

/* |a - b| small next to both: the value a known mistake gives, to a few ulps. */
static int near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* What the learner's call added to (CK_GRAD) or wrote in (CK_OUT) element i. */
static double added(const CkTensor *t, size_t i, double got)
{
	return t->role == CK_GRAD ? got - t->start[i] : got;
}

/* {==== 11 dropout ==== */

/* Case k: n values, p and the mode. 0-2 training with p ordinary, 0 exactly and near 1
 * (scale 20); 3 eval with p = 0.5; 4 one value, training, dropped; 5 eval with p near 1;
 * 6 training with p tiny; 7 training, every unit dropped but one. In every case with p > 0
 * the mask holds zeros and ones both (n >= 2), so that neither the mask nor the scale can
 * be left out unseen. */
static Status make_dropout_case(CkCase *c, Rng *r, int k, const char *src, const char *dst,
				CkRole dst_role)
{
	static const double p_lo[] = { 0.1, 0.0, 0.8, 0.5, 0.3, 0.85, 1e-3, 0.6 };
	static const double p_hi[] = { 0.5, 0.0, 0.95, 0.5, 0.7, 0.95, 1e-2, 0.9 };
	static const int training[] = { 1, 1, 1, 0, 1, 0, 1, 1 };
	int n = k == 4 ? 1 : k == 0 ? ck_between(r, 2, 6) : ck_between(r, 5, 24);
	double p = p_lo[k] == p_hi[k] ? p_lo[k] : rng_range(r, p_lo[k], p_hi[k]);
	double *mask;
	CK_TRY(ck_tensor(c, r, src, CK_IN, 1, n));
	CK_TRY(mask = ck_tensor(c, r, "mask", CK_IN, 1, n));
	CK_TRY(ck_tensor(c, r, dst, dst_role, 1, n));
	for (int i = 0; i < n; i++)
		mask[i] = rng_uniform(r) >= p ? 1.0 : 0.0;
	if (k == 4)
		mask[0] = 0.0;
	else if (k == 7)
		for (int i = 0; i < n; i++)
			mask[i] = 0.0;
	if (k != 4 && p > 0) {
		/* one unit kept and one dropped at least, wherever the draw put them */
		int keep = rng_below(r, n), drop = ck_between_except(r, 0, n - 1, keep);
		mask[keep] = 1.0;
		mask[drop] = 0.0;
	}
	c->dim[CK_DIM_N] = n;
	c->dim[CK_DIM_TRAINING] = training[k];
	c->scalar[CK_SCALAR_P] = p;
	for (int l = 0; l < LANG_COUNT; l++)
		grade_say_in(l, c->note[l], sizeof c->note[l], GM_NOTE_DROPOUT, n, p,
			     grade_msg(l, training[k] ? GM_DROPOUT_TRAINING : GM_DROPOUT_EVAL));
	return ST_OK;
}

static Status make_dropout_forward(CkCase *c, Rng *r, int k)
{
	return make_dropout_case(c, r, k, "x", "y", CK_OUT);
}

/* The backward's x is the grader's own (the tape needs it; the learner's function does not). */
static Status make_dropout_backward(CkCase *c, Rng *r, int k)
{
	Status st = make_dropout_case(c, r, k, "dy", "dx", CK_GRAD);
	if (st == ST_OK)
		CK_TRY(ck_tensor(c, r, "x", CK_AUX, 1, c->dim[CK_DIM_N]));
	return st;
}

/* training: x .* mask / (1 - p) (nn/dropout's op); eval: x itself */
static AdNode *dropout_node(CkTape *ct)
{
	CkCase *c = ck_case(ct);
	AdNode *x = ck_in(ct, "x");
	if (!c->dim[CK_DIM_TRAINING])
		return x;
	return ad_dropout(ck_tape(ct), x, ck_in(ct, "mask"), 1.0 / (1.0 - c->scalar[CK_SCALAR_P]));
}

static AdNode *build_dropout_forward(CkTape *ct)
{
	ck_output(ct, "y", dropout_node(ct));
	return NULL;
}

static AdNode *build_dropout_backward(CkTape *ct)
{
	return ck_dot(ct, dropout_node(ct), "dy");
}

/* The two classic mistakes: the mask without the 1/(1 - p) scaling, and dropout at eval. */
static const char *explain_dropout(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				   char *buf, size_t size)
{
	const double *src = V(t->role == CK_GRAD ? "dy" : "x"), *mask = V("mask");
	double p = c->scalar[CK_SCALAR_P], a = added(t, i, got);
	if (!c->dim[CK_DIM_TRAINING]) {
		if (near(a, src[i] * mask[i]) || near(a, src[i] * mask[i] / (1.0 - p)))
			return grade_msg(lang, GM_EXPLAIN_DROPOUT_EVAL);
		return NULL;
	}
	if (mask[i] != 0.0 && near(a, src[i] * mask[i])) {
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_DROPOUT_SCALE), 1.0 - p);
		return buf;
	}
	return NULL;
}

static const CkCheck dropout_checks[] = {
	{ "dropout_forward", { "dropout_forward" }, 1, 8, 1e-12, 1e-9, make_dropout_forward,
	  build_dropout_forward, NULL, explain_dropout, NULL },
	{ "dropout_backward", { "dropout_backward" }, 1, 8, 1e-12, 1e-9, make_dropout_backward,
	  build_dropout_backward, NULL, explain_dropout, NULL },
};

const CkExercise ck_dropout = { "dropout", dropout_checks, 2 };

/* }==== */

/* {==== 12 batchnorm and 13 layernorm ==== */

/* What a case of a normalisation holds beyond ordinary values: along the normalised axis,
 * one line constant, every value far from 0 (near +-1e4, a spread of 0.1), a spread far
 * below eps; or two of them. */
enum { NORM_PLAIN, NORM_CONST, NORM_OFFSET, NORM_TINY, NORM_CONST_OFFSET };

/* Line j (a column of batchnorm, a row of layernorm) of x (N, C), `len` values `step` apart
 * from x + start. */
static void norm_line(double *x, int start, int step, int len, Rng *r, int kind)
{
	double base = kind == NORM_OFFSET ? (rng_uniform(r) < 0.5 ? -1.0 : 1.0) *
						    rng_range(r, 9000, 11000)
					  : rng_range(r, -1, 1);
	for (int k = 0; k < len; k++) {
		double *v = &x[start + k * step];
		if (kind == NORM_CONST)
			*v = base;
		else if (kind == NORM_TINY)
			*v = base + 1e-3 * rng_range(r, -1, 1);
		else if (kind == NORM_OFFSET)
			*v = base + rng_range(r, -0.15, 0.15);
		else
			*v = base + rng_range(r, -1.5, 1.5);
	}
}

/* Case k of a normalisation of x (N, C) along columns (batchnorm, lines = C, each of N values)
 * or rows (layernorm, lines = N, each of C values): 0 the fewest values per line (N = 2 or
 * D = 2, and N = 1 for layernorm), 1 ordinary, 2 a constant line, 3 every value near +-1e4
 * with a spread of 0.1 (where the one-pass variance E[x^2] - mean^2 loses about 8 of its
 * digits, far more than the tolerance: the variance must be taken from the deviations),
 * 4 a spread of 1e-3 (var 1e-7, below eps), 5 one value per row of layernorm (D = 1: var = 0,
 * dx = 0) or a single column of batchnorm (C = 1), with eps = 0.1,
 * 6 eps from 1e-6 to 0.1 and gamma, dy up to 10, 7 larger, with a constant line and one far
 * from 0. The other lines of a case are ordinary. */
static Status make_norm(CkCase *c, Rng *r, int k, int columns)
{
	static const int kind_of[] = { NORM_PLAIN, NORM_PLAIN, NORM_CONST, NORM_OFFSET,
				       NORM_TINY,  NORM_PLAIN, NORM_PLAIN, NORM_CONST_OFFSET };
	int N, C;
	if (columns) {
		N = k == 0 ? 2 : k == 7 ? ck_between(r, 8, 16) : ck_between(r, 3, 9);
		C = k == 5 ? 1 : k == 0 ? ck_between(r, 1, 3) : ck_between_except(r, 2, 5, N);
	} else {
		N = k == 0 ? 1 : k == 7 ? ck_between(r, 4, 6) : ck_between(r, 2, 4);
		C = k == 0 ? 2 : k == 5 ? 1 : k == 7 ? ck_between(r, 8, 16) : ck_between_except(r, 3, 9, N);
	}
	double eps = k == 5 ? 0.1 : k == 6 ? exp(rng_range(r, log(1e-6), log(0.1))) : 1e-5;
	c->dim[CK_DIM_N] = N;
	c->dim[CK_DIM_NORM_C] = C;
	c->scalar[CK_SCALAR_NORM_EPS] = eps;
	double *x, *gamma, *dy;
	CK_TRY(x = ck_tensor(c, r, "x", CK_IN, N, C));
	CK_TRY(gamma = ck_tensor(c, r, "gamma", CK_IN, 1, C));
	CK_TRY(ck_tensor(c, r, "beta", CK_AUX, 1, C));
	CK_TRY(dy = ck_tensor(c, r, "dy", CK_IN, N, C));
	CK_TRY(ck_tensor(c, r, "dx", CK_GRAD, N, C));
	CK_TRY(ck_tensor(c, r, "dgamma", CK_GRAD, 1, C));
	CK_TRY(ck_tensor(c, r, "dbeta", CK_GRAD, 1, C));
	int lines = columns ? C : N, len = columns ? N : C;
	int special = rng_below(r, lines);
	int second = lines > 1 ? ck_between_except(r, 0, lines - 1, special) : -1;
	for (int j = 0; j < lines; j++) {
		int kind = kind_of[k];
		if (kind == NORM_CONST_OFFSET)
			kind = j == special ? NORM_CONST : j == second ? NORM_OFFSET : NORM_PLAIN;
		else if (kind == NORM_CONST && j != special)
			kind = NORM_PLAIN;
		norm_line(x, columns ? j : j * C, columns ? C : 1, len, r, kind);
	}
	if (k == 6)
		for (int j = 0; j < C; j++) {
			gamma[j] *= 10.0;
			for (int i = 0; i < N; i++)
				dy[i * C + j] *= 10.0;
		}
	GradeMsg a = GM_NONE, b = GM_NONE;
	GradeMsg constant = columns ? GM_NORM_CONST_COLUMN : GM_NORM_CONST_ROW;
	if (kind_of[k] == NORM_CONST)
		a = constant;
	else if (kind_of[k] == NORM_OFFSET)
		a = GM_NORM_OFFSET;
	else if (kind_of[k] == NORM_TINY)
		a = GM_NORM_TINY;
	else if (kind_of[k] == NORM_CONST_OFFSET) {
		a = constant;
		b = second >= 0 ? GM_NORM_OFFSET : GM_NONE;
	}
	for (int l = 0; l < LANG_COUNT; l++)
		grade_say_in(l, c->note[l], sizeof c->note[l],
			     columns ? GM_NOTE_BATCHNORM : GM_NOTE_LAYERNORM, N, C, eps,
			     grade_msg(l, a), grade_msg(l, b));
	return ST_OK;
}

static Status make_batchnorm(CkCase *c, Rng *r, int k)
{
	return make_norm(c, r, k, 1);
}

static Status make_layernorm(CkCase *c, Rng *r, int k)
{
	return make_norm(c, r, k, 0);
}

/* batchnorm in training: core/ad's fused op with the batch's own statistics */
static AdNode *build_batchnorm(CkTape *ct)
{
	CkCase *c = ck_case(ct);
	AdNode *y = ad_batch_norm(ck_tape(ct), ck_in(ct, "x"), ck_in(ct, "gamma"), ck_in(ct, "beta"),
				  NULL, NULL, c->dim[CK_DIM_NORM_C], 1, c->scalar[CK_SCALAR_NORM_EPS]);
	return ck_dot(ct, y, "dy");
}

static AdNode *build_layernorm(CkTape *ct)
{
	CkCase *c = ck_case(ct);
	AdNode *y = ad_layer_norm(ck_tape(ct), ck_in(ct, "x"), ck_in(ct, "gamma"), ck_in(ct, "beta"),
				  c->scalar[CK_SCALAR_NORM_EPS]);
	return ck_dot(ct, y, "dy");
}

/* Two mistakes of dx: gamma * dy / sqrt(var + eps) alone (the mean and the variance held as
 * constants); and, on a line near +-1e4, the right value to a few digits only (the variance
 * as E[x^2] - mean^2, which cancels). The statistics are over column j (batchnorm) or row i
 * (layernorm), two passes; dx by the formula of the exercise's solution. */
static const char *explain_norm(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				int columns)
{
	if (strcmp(t->name, "dx") != 0)
		return NULL;
	int N = c->dim[CK_DIM_N], C = c->dim[CK_DIM_NORM_C];
	int row = (int)(i / (size_t)C), col = (int)(i % (size_t)C);
	int len = columns ? N : C, step = columns ? C : 1, start = columns ? col : row * C;
	const double *x = V("x"), *gamma = V("gamma"), *dy = V("dy");
	double mean = 0, var = 0;
	for (int k = 0; k < len; k++)
		mean += x[start + k * step];
	mean /= len;
	for (int k = 0; k < len; k++)
		var += (x[start + k * step] - mean) * (x[start + k * step] - mean);
	var /= len;
	double rstd = 1.0 / sqrt(var + c->scalar[CK_SCALAR_NORM_EPS]), a = added(t, i, got);
	double constants = gamma[col] * dy[i] * rstd;
	if (fabs(a - constants) <= 1e-6 * fmax(1.0, fabs(constants)))
		return grade_msg(lang, GM_EXPLAIN_NORM_CONSTANTS);
	if (fabs(mean) < 5000)
		return NULL;
	double sum_g = 0, sum_gx = 0;
	for (int k = 0; k < len; k++) {
		int at = start + k * step;
		double g = dy[at] * gamma[columns ? col : k];
		sum_g += g;
		sum_gx += g * (x[at] - mean) * rstd;
	}
	double want = rstd * (dy[i] * gamma[col] - sum_g / len - (x[i] - mean) * rstd * sum_gx / len);
	/* The cancellation leaves one to four digits, by the case drawn (2.6% off was seen):
	 * within 10% on a line whose mean is past 5000 is that mistake. */
	if (fabs(a - want) <= 0.1 * fabs(want)) {
		return grade_msg(lang, GM_EXPLAIN_NORM_CANCEL);
	}
	return NULL;
}

static const char *explain_batchnorm(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				     char *buf, size_t size)
{
	(void)buf;
	(void)size;
	return explain_norm(c, t, i, got, lang, 1);
}

static const char *explain_layernorm(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				     char *buf, size_t size)
{
	(void)buf;
	(void)size;
	return explain_norm(c, t, i, got, lang, 0);
}

/* A constant line makes dx as large as gamma * dy / sqrt(eps), about 300 times dy: the
 * tolerance is relative. */
static const CkCheck batchnorm_checks[] = {
	{ "batchnorm_backward", { "batchnorm_backward" }, 1, 8, 1e-9, 1e-7, make_batchnorm,
	  build_batchnorm, NULL, explain_batchnorm, NULL },
};

static const CkCheck layernorm_checks[] = {
	{ "layernorm_backward", { "layernorm_backward" }, 1, 8, 1e-9, 1e-7, make_layernorm,
	  build_layernorm, NULL, explain_layernorm, NULL },
};

const CkExercise ck_batchnorm = { "batchnorm", batchnorm_checks, 1 };
const CkExercise ck_layernorm = { "layernorm", layernorm_checks, 1 };

/* }==== */

/* {==== 14 conv2d ==== */

/* The sizes of case k, in the order of the signature: N, Cin, H, W, Cout, kH, kW, stride_h,
 * stride_w, pad_h, pad_w. 0 a single channel each way, stride 1, no padding; 1 channels and
 * padding on one axis; 2 stride 2 with padding 1; 3 strides and paddings that differ by axis;
 * 4 a 1x1 kernel with stride 2 (some of x reaches no output); 5 more padding than the
 * kernel (outputs that see only zeros); 6 stride 3 over a kernel of 2 (gaps); 7 anything. */
static void conv_sizes(Rng *r, int k, int *d)
{
	int *N = &d[CK_DIM_N], *Cin = &d[CK_DIM_CIN], *H = &d[CK_DIM_HIN], *W = &d[CK_DIM_WIN];
	int *Cout = &d[CK_DIM_COUT], *kH = &d[CK_DIM_KH], *kW = &d[CK_DIM_KW];
	int *sh = &d[CK_DIM_STRIDE_H], *sw = &d[CK_DIM_STRIDE_W], *ph = &d[CK_DIM_PAD_H],
	    *pw = &d[CK_DIM_PAD_W];
	*N = k == 0 ? 1 : ck_between(r, 1, 2);
	*Cin = k == 0 ? 1 : ck_between(r, 1, 3);
	*Cout = k == 0 ? 1 : ck_between_except(r, 1, 3, *Cin);
	*H = ck_between(r, 3, 6);
	*W = ck_between_except(r, 3, 7, *H);
	*kH = ck_between(r, 2, 3);
	*kW = ck_between_except(r, 1, 3, *kH);
	*sh = *sw = 1;
	*ph = *pw = 0;
	switch (k) {
	case 1:
		*ph = 1;
		break;
	case 2:
		*sh = *sw = 2;
		*ph = *pw = 1;
		break;
	case 3:
		*sh = 2;
		*sw = 3;
		*ph = 0;
		*pw = 2;
		break;
	case 4:
		*kH = *kW = 1;
		*sh = *sw = 2;
		break;
	case 5:
		*kH = *kW = 2;
		*ph = 3;
		*pw = 2;
		break;
	case 6:
		*kH = *kW = 2;
		*sh = *sw = 3;
		*H = ck_between(r, 5, 8);
		*W = ck_between_except(r, 5, 8, *H);
		break;
	case 7:
		*kH = ck_between(r, 1, 4);
		*kW = ck_between(r, 1, 4);
		*sh = ck_between(r, 1, 3);
		*sw = ck_between(r, 1, 3);
		*ph = ck_between(r, 0, 2);
		*pw = ck_between(r, 0, 2);
		break;
	}
	/* every kernel fits the padded image: at least one output along each axis */
	if (*kH > *H + 2 * *ph)
		*kH = *H + 2 * *ph;
	if (*kW > *W + 2 * *pw)
		*kW = *W + 2 * *pw;
}

static ConvGeom conv_geom(const CkCase *c)
{
	const int *d = c->dim;
	ConvGeom g = { .batch = d[CK_DIM_N], .in_channels = d[CK_DIM_CIN], .in_h = d[CK_DIM_HIN],
		       .in_w = d[CK_DIM_WIN], .out_channels = d[CK_DIM_COUT], .kernel_h = d[CK_DIM_KH],
		       .kernel_w = d[CK_DIM_KW], .stride = { d[CK_DIM_STRIDE_H], d[CK_DIM_STRIDE_W] },
		       .padding = { d[CK_DIM_PAD_H], d[CK_DIM_PAD_W] }, .dilation = { 1, 1 } };
	conv_geom_fit(&g);
	return g;
}

static Status make_conv(CkCase *c, Rng *r, int k, int backward)
{
	conv_sizes(r, k, c->dim);
	ConvGeom g = conv_geom(c);
	if (g.out_h < 1 || g.out_w < 1)
		return status_fail(ST_EINVAL, "grader: conv2d case %d has no output", k);
	int N = g.batch, Cin = g.in_channels, Cout = g.out_channels;
	CK_TRY(ck_tensor(c, r, "x", CK_IN, N * Cin * g.in_h, g.in_w));
	CK_TRY(ck_tensor(c, r, "weight", CK_IN, Cout * Cin * g.kernel_h, g.kernel_w));
	if (backward) {
		CK_TRY(ck_tensor(c, r, "bias", CK_AUX, 1, Cout));
		CK_TRY(ck_tensor(c, r, "dy", CK_IN, N * Cout * g.out_h, g.out_w));
		CK_TRY(ck_tensor(c, r, "dx", CK_GRAD, N * Cin * g.in_h, g.in_w));
		CK_TRY(ck_tensor(c, r, "dweight", CK_GRAD, Cout * Cin * g.kernel_h, g.kernel_w));
		CK_TRY(ck_tensor(c, r, "dbias", CK_GRAD, 1, Cout));
	} else {
		CK_TRY(ck_tensor(c, r, "bias", CK_IN, 1, Cout));
		CK_TRY(ck_tensor(c, r, "y", CK_OUT, N * Cout * g.out_h, g.out_w));
	}
	const int *d = c->dim;
	GRADE_SAY_ALL(c->note, GM_NOTE_CONV, d[CK_DIM_N], d[CK_DIM_CIN], d[CK_DIM_HIN], d[CK_DIM_WIN],
		      d[CK_DIM_COUT], d[CK_DIM_KH], d[CK_DIM_KW], d[CK_DIM_STRIDE_H],
		      d[CK_DIM_STRIDE_W], d[CK_DIM_PAD_H], d[CK_DIM_PAD_W]);
	return ST_OK;
}

static Status make_conv_forward(CkCase *c, Rng *r, int k)
{
	return make_conv(c, r, k, 0);
}

static Status make_conv_backward(CkCase *c, Rng *r, int k)
{
	return make_conv(c, r, k, 1);
}

/* The op borrows its geometry until the tape is freed, after build returns: one tape is
 * built and used at a time in a grading process (checks_want, checks_finite_difference). */
static ConvGeom tape_geom;

static AdNode *conv_node(CkTape *ct)
{
	tape_geom = conv_geom(ck_case(ct));
	return conv2d_apply(ck_tape(ct), ck_in(ct, "x"), ck_in(ct, "weight"), ck_in(ct, "bias"),
			    &tape_geom);
}

static AdNode *build_conv_forward(CkTape *ct)
{
	ck_output(ct, "y", conv_node(ct));
	return NULL;
}

static AdNode *build_conv_backward(CkTape *ct)
{
	return ck_dot(ct, conv_node(ct), "dy");
}

/* The two classic mistakes, worked out whole: dx from the kernel not flipped (dy correlated
 * with weight as it stands: output oh feeds x at ih when oh*s = ih + p - (kH-1-kh)), or
 * dx and dweight with the stride taken as 1 over the same dy. */
enum { CONV_NOT_FLIPPED, CONV_STRIDE_ONE };

static void conv_mistake(const CkCase *c, int which, double *dx, double *dw)
{
	ConvGeom g = conv_geom(c);
	const double *x = ck_find((CkCase *)c, "x")->v, *w = ck_find((CkCase *)c, "weight")->v;
	const double *dy = ck_find((CkCase *)c, "dy")->v;
	int Cin = g.in_channels, H = g.in_h, W = g.in_w, Cout = g.out_channels;
	int kH = g.kernel_h, kW = g.kernel_w, Ho = g.out_h, Wo = g.out_w;
	int sh = which == CONV_STRIDE_ONE ? 1 : g.stride[0];
	int sw = which == CONV_STRIDE_ONE ? 1 : g.stride[1];
	for (int n = 0; n < g.batch; n++)
		for (int co = 0; co < Cout; co++)
			for (int ci = 0; ci < Cin; ci++)
				for (int kh = 0; kh < kH; kh++)
					for (int kw = 0; kw < kW; kw++)
						for (int oh = 0; oh < Ho; oh++)
							for (int ow = 0; ow < Wo; ow++) {
								int fh = which == CONV_NOT_FLIPPED ? kH - 1 - kh : kh;
								int fw = which == CONV_NOT_FLIPPED ? kW - 1 - kw : kw;
								int ih = oh * sh - g.padding[0] + fh;
								int iw = ow * sw - g.padding[1] + fw;
								if (ih < 0 || ih >= H || iw < 0 || iw >= W)
									continue;
								size_t xi = (((size_t)n * Cin + ci) * H + ih) * W + iw;
								size_t wi = (((size_t)co * Cin + ci) * kH + kh) * kW + kw;
								double d = dy[(((size_t)n * Cout + co) * Ho + oh) * Wo + ow];
								dx[xi] += w[wi] * d;
								dw[wi] += x[xi] * d;
							}
}

static const char *explain_conv(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				char *buf, size_t size)
{
	int is_dx = strcmp(t->name, "dx") == 0;
	if (!is_dx && strcmp(t->name, "dweight") != 0)
		return NULL;
	const CkTensor *tx = ck_find(c, "x"), *tw = ck_find(c, "weight");
	size_t nx = (size_t)tx->rows * (size_t)tx->cols, nw = (size_t)tw->rows * (size_t)tw->cols;
	double *dx = mem_calloc(nx, sizeof *dx), *dw = mem_calloc(nw, sizeof *dw);
	const char *why = NULL;
	if (!dx || !dw)
		goto done;
	double a = added(t, i, got);
	int strided = c->dim[CK_DIM_STRIDE_H] > 1 || c->dim[CK_DIM_STRIDE_W] > 1;
	if (strided) {
		conv_mistake(c, CONV_STRIDE_ONE, dx, dw);
		if (near(a, is_dx ? dx[i] : dw[i])) {
			snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_CONV_STRIDE),
				 c->dim[CK_DIM_STRIDE_H], c->dim[CK_DIM_STRIDE_W]);
			why = buf;
			goto done;
		}
	}
	if (is_dx) {
		memset(dx, 0, nx * sizeof *dx);
		conv_mistake(c, CONV_NOT_FLIPPED, dx, dw);
		if (near(a, dx[i]))
			why = grade_msg(lang, GM_EXPLAIN_CONV_FLIP);
	}
done:
	mem_free(dx);
	mem_free(dw);
	return why;
}

static const CkCheck conv_checks[] = {
	{ "conv2d_forward", { "conv2d_forward" }, 1, 8, 1e-9, 1e-7, make_conv_forward,
	  build_conv_forward, NULL, NULL, NULL },
	{ "conv2d_backward", { "conv2d_backward" }, 2, 8, 1e-9, 1e-7, make_conv_backward,
	  build_conv_backward, NULL, explain_conv, NULL },
};

const CkExercise ck_conv2d = { "conv2d", conv_checks, 2 };

/* }==== */
