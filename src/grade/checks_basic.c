/* checks_basic: the checks of exercises 01 activations, 02 softmax_xent and 03 linear.
 * Each case draws its sizes at grading time; the right answers come from the tape's
 * sigmoid, tanh, relu, softmax, cross_entropy and matmul. */
#include "grade/checks.h"

#include "core/mem.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* {==== 01 activations ==== */

/* Case k has a few values at first, then more, spread over the saturated tails too; the
 * last case has a single one. */
static int elem_count(Rng *r, int k)
{
	return k == 0 ? ck_between(r, 1, 4)
	       : k == 1 ? ck_between(r, 5, 16)
	       : k == 2 ? ck_between(r, 17, 48)
			: 1;
}

static Status make_squash(CkCase *c, Rng *r, int k, double (*f)(double))
{
	int n = elem_count(r, k);
	double *x, *y, *dy, *dx;
	CK_TRY(x = ck_tensor(c, r, "x", CK_AUX, 1, n));
	CK_TRY(y = ck_tensor(c, r, "y", CK_IN, 1, n));
	CK_TRY(dy = ck_tensor(c, r, "dy", CK_IN, 1, n));
	CK_TRY(dx = ck_tensor(c, r, "dx", CK_GRAD, 1, n));
	/* the last case far out in a tail, where y is 0, 1 or -1 to the last digit */
	double reach = k == 3 ? 30.0 : 4.0;
	for (int i = 0; i < n; i++) {
		x[i] = rng_range(r, -reach, reach);
		y[i] = f(x[i]);
	}
	c->dim[CK_DIM_N] = n;
	GRADE_SAY_ALL(c->note, GM_NOTE_N, n);
	return ST_OK;
}

static double sigmoid(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static Status make_sigmoid(CkCase *c, Rng *r, int k)
{
	return make_squash(c, r, k, sigmoid);
}

static Status make_tanh(CkCase *c, Rng *r, int k)
{
	return make_squash(c, r, k, tanh);
}

static AdNode *build_sigmoid(CkTape *ct)
{
	return ck_dot(ct, ad_sigmoid(ck_tape(ct), ck_in(ct, "x")), "dy");
}

static AdNode *build_tanh(CkTape *ct)
{
	return ck_dot(ct, ad_tanh(ck_tape(ct), ck_in(ct, "x")), "dy");
}

static Status make_relu(CkCase *c, Rng *r, int k)
{
	int n = elem_count(r, k);
	double *x, *dy, *dx;
	CK_TRY(x = ck_tensor(c, r, "x", CK_IN, 1, n));
	CK_TRY(dy = ck_tensor(c, r, "dy", CK_IN, 1, n));
	CK_TRY(dx = ck_tensor(c, r, "dx", CK_GRAD, 1, n));
	for (int i = 0; i < n; i++)
		x[i] = rng_range(r, -3.0, 3.0);
	/* After the first case, some inputs sit exactly on the kink, where relu'(0) = 0 (the
	 * single one of the last case half of the time). */
	int kink = k == 1 || k == 2 || (k == 3 && rng_uniform(r) < 0.5);
	if (kink)
		for (int z = 0; z < 1 + n / 6; z++)
			x[rng_below(r, n)] = 0.0;
	c->dim[CK_DIM_N] = n;
	GradeMsg kinks = !kink ? GM_NONE : n == 1 ? GM_NOTE_KINK_ONE : GM_NOTE_KINK_SOME;
	for (int l = 0; l < LANG_COUNT; l++)
		grade_say_in(l, c->note[l], sizeof c->note[l], GM_NOTE_RELU, n, grade_msg(l, kinks));
	return ST_OK;
}

static AdNode *build_relu(CkTape *ct)
{
	return ck_dot(ct, ad_relu(ck_tape(ct), ck_in(ct, "x")), "dy");
}

static const char *explain_relu(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				char *buf, size_t size)
{
	(void)buf;
	(void)size;
	const double *x = ck_find(c, "x")->v, *dy = ck_find(c, "dy")->v;
	if (x[i] == 0.0 && got - t->start[i] == dy[i])
		return grade_msg(lang, GM_EXPLAIN_RELU_KINK);
	return NULL;
}

static const CkCheck activations_checks[] = {
	{ "sigmoid_backward", { "sigmoid_backward" }, 1, 4, 1e-9, 1e-7, make_sigmoid, build_sigmoid, NULL, NULL, NULL },
	{ "tanh_backward", { "tanh_backward" }, 1, 4, 1e-9, 1e-7, make_tanh, build_tanh, NULL, NULL, NULL },
	{ "relu_backward", { "relu_backward" }, 1, 4, 1e-9, 1e-7, make_relu, build_relu,
	  NULL, explain_relu, NULL },
};

const CkExercise ck_activations = { "activations", activations_checks, 3 };

/* }==== */

/* {==== 02 softmax_xent ==== */

/* The grader's own softmax, for the probabilities the backward checks start from. */
static void softmax_rows(double *y, const double *x, int B, int C)
{
	for (int b = 0; b < B; b++) {
		const double *xr = x + (size_t)b * C;
		double *yr = y + (size_t)b * C, mx = xr[0], sum = 0;
		for (int j = 1; j < C; j++)
			mx = fmax(mx, xr[j]);
		for (int j = 0; j < C; j++)
			sum += yr[j] = exp(xr[j] - mx);
		for (int j = 0; j < C; j++)
			yr[j] /= sum;
	}
}

/* The kinds of rows a softmax must survive. */
enum { ROW_PLAIN, ROW_HIGH, ROW_LOW, ROW_SPAN, ROW_KINDS };

/* One row of C logits: ordinary (already drawn, times spread); near 1000 (700 to 1000, where
 * exp overflows unless the row's largest value is subtracted); near -1000 (-1300 to -1000,
 * where exp underflows to 0 in every column and the row becomes 0/0); or spanning 720 to
 * 1400 with its largest value from -300 to 600 (exp of the largest minus the smallest
 * overflows; with min_first the smallest is x[0], so subtracting x[0] overflows too). */
static void logit_row(double *x, int C, Rng *r, int kind, double spread, int min_first)
{
	if (kind == ROW_SPAN && C > 1) {
		double hi = rng_range(r, -300.0, 600.0), span = rng_range(r, 720.0, 1400.0);
		int lo_at = min_first ? 0 : rng_below(r, C), hi_at = ck_between_except(r, 0, C - 1, lo_at);
		for (int j = 0; j < C; j++)
			x[j] = hi - span * rng_uniform(r);
		x[lo_at] = hi - span;
		x[hi_at] = hi;
		return;
	}
	for (int j = 0; j < C; j++)
		x[j] = kind == ROW_HIGH	 ? 700.0 + 300.0 * rng_uniform(r)
		       : kind == ROW_LOW ? -1000.0 - 300.0 * rng_uniform(r)
		       : C == 1		 ? rng_range(r, -1000.0, 1000.0)
					 : x[j] * spread;
}

/* Case k's rows in words, after its sizes (none for the plain cases 0 and 1). */
static const GradeMsg logit_words[] = {
	GM_NONE, GM_NONE, GM_NOTE_LOGITS_HIGH, GM_NOTE_LOGITS_LOW, GM_NOTE_LOGITS_SPAN,
	GM_NOTE_LOGITS_ONE, GM_NOTE_LOGITS_KINDS,
};

/* Rows and classes, over the whole range of logits: 0 and 1 ordinary (one row in case 0);
 * 2 near 1000, 3 near -1000, 4 spanning more than 709 (see logit_row); 5 a single class with
 * logits from -1000 to 1000; 6 many rows of every kind, up to 9 classes. */
static Status make_logits(CkCase *c, Rng *r, int k, const char *name, CkRole role)
{
	static const int kind_of[] = { ROW_PLAIN, ROW_PLAIN, ROW_HIGH, ROW_LOW, ROW_SPAN, ROW_PLAIN,
				       ROW_KINDS };
	int B = k == 0 ? 1 : k == 6 ? ck_between(r, 5, 8) : ck_between(r, 2, 5);
	int C = k == 5 ? 1 : k == 6 ? ck_between(r, 2, 9) : ck_between(r, 2, 7);
	double *x;
	CK_TRY(x = ck_tensor(c, r, name, role, B, C));
	for (int b = 0; b < B; b++) {
		int kind = kind_of[k] == ROW_KINDS ? rng_below(r, ROW_KINDS) : kind_of[k];
		logit_row(x + (size_t)b * C, C, r, kind, k == 0 ? 1.0 : 3.0, b == 0);
	}
	c->dim[CK_DIM_B] = B;
	c->dim[CK_DIM_C] = C;
	for (int l = 0; l < LANG_COUNT; l++)
		grade_say_in(l, c->note[l], sizeof c->note[l], GM_NOTE_BC, B, C, grade_msg(l, logit_words[k]));
	return ST_OK;
}

static Status make_softmax(CkCase *c, Rng *r, int k)
{
	Status st = make_logits(c, r, k, "x", CK_IN);
	if (st == ST_OK && !ck_tensor(c, r, "y", CK_OUT, c->dim[CK_DIM_B], c->dim[CK_DIM_C]))
		return status_fail(ST_ENOMEM, "grader: out of memory");
	return st;
}

static AdNode *build_softmax(CkTape *ct)
{
	ck_output(ct, "y", ad_softmax(ck_tape(ct), ck_in(ct, "x")));
	return NULL;
}

static Status make_softmax_backward(CkCase *c, Rng *r, int k)
{
	Status st = make_logits(c, r, k, "x", CK_AUX);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], C = c->dim[CK_DIM_C];
	double *y;
	CK_TRY(y = ck_tensor(c, r, "y", CK_IN, B, C));
	CK_TRY(ck_tensor(c, r, "dy", CK_IN, B, C));
	CK_TRY(ck_tensor(c, r, "dx", CK_GRAD, B, C));
	softmax_rows(y, ck_find(c, "x")->v, B, C);
	return ST_OK;
}

static AdNode *build_softmax_backward(CkTape *ct)
{
	return ck_dot(ct, ad_softmax(ck_tape(ct), ck_in(ct, "x")), "dy");
}

static Status make_xent(CkCase *c, Rng *r, int k)
{
	Status st = make_logits(c, r, k, "logits", CK_AUX);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], C = c->dim[CK_DIM_C];
	double *p;
	CK_TRY(p = ck_tensor(c, r, "probs", CK_IN, B, C));
	CK_TRY(ck_tensor(c, r, "dlogits", CK_GRAD, B, C));
	CK_TRY(c->target = mem_alloc((size_t)B * sizeof(int)));
	for (int b = 0; b < B; b++)
		c->target[b] = rng_below(r, C);
	softmax_rows(p, ck_find(c, "logits")->v, B, C);
	/* dloss: the upstream gradient of the loss, 1 when it is the final loss; else of
	 * either sign, from 0.1 to 10 */
	c->scalar[CK_SCALAR_DLOSS] = k == 0 ? 1.0
			      : (rng_uniform(r) < 0.5 ? -1 : 1) * exp(rng_range(r, log(0.1), log(10.0)));
	/* A plain case's note is numbers only, written the same in every language. */
	GRADE_SAY_ALL(c->note, logit_words[k] == GM_NONE ? GM_NOTE_DLOSS_PLAIN : GM_NOTE_DLOSS,
		      c->scalar[CK_SCALAR_DLOSS]);
	return ST_OK;
}

static AdNode *build_xent(CkTape *ct)
{
	Tape *t = ck_tape(ct);
	CkCase *c = ck_case(ct);
	return ad_scale(t, ad_cross_entropy(t, ck_in(ct, "logits"), c->target), c->scalar[CK_SCALAR_DLOSS]);
}

static const char *explain_softmax(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				   char *buf, size_t size)
{
	int C = c->dim[CK_DIM_C];
	return ck_explain_softmax_row(ck_find(c, "x")->v + i / (size_t)t->cols * (size_t)C, C, got, 0,
				      lang, buf, size);
}

static const CkCheck softmax_checks[] = {
	{ "softmax_forward", { "softmax_forward" }, 1, 7, 1e-9, 1e-7, make_softmax, build_softmax, NULL, explain_softmax, NULL },
	{ "softmax_backward", { "softmax_backward" }, 1, 7, 1e-9, 1e-7, make_softmax_backward,
	  build_softmax_backward, NULL, NULL, NULL },
	{ "softmax_xent_backward", { "softmax_xent_backward" }, 1, 7, 1e-9, 1e-7, make_xent,
	  build_xent, NULL, NULL, NULL },
};

const CkExercise ck_softmax_xent = { "softmax_xent", softmax_checks, 3 };

/* }==== */

/* {==== 03 linear ==== */

/* B rows, I inputs, O outputs with I != O, so a transposed W cannot pass by accident; one
 * row in case 0, one input in case 3, one output in case 4. */
static void layer_sizes(CkCase *c, Rng *r, int k)
{
	int B = k == 0 ? 1 : ck_between(r, 2, 5);
	int I = k == 3 ? 1 : k == 4 ? ck_between(r, 2, 6) : ck_between(r, 1, 6);
	int O = k == 4 ? 1 : ck_between_except(r, 1, 6, I);
	c->dim[CK_DIM_B] = B;
	c->dim[CK_DIM_I] = I;
	c->dim[CK_DIM_O] = O;
	GRADE_SAY_ALL(c->note, GM_NOTE_BIO, B, I, O);
}

static Status make_linear(CkCase *c, Rng *r, int k)
{
	layer_sizes(c, r, k);
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], O = c->dim[CK_DIM_O];
	CK_TRY(ck_tensor(c, r, "x", CK_IN, B, I));
	CK_TRY(ck_tensor(c, r, "W", CK_IN, O, I));
	CK_TRY(ck_tensor(c, r, "b", CK_IN, 1, O));
	CK_TRY(ck_tensor(c, r, "y", CK_OUT, B, O));
	return ST_OK;
}

static AdNode *linear_node(CkTape *ct, int with_bias)
{
	Tape *t = ck_tape(ct);
	AdNode *y = ad_matmul(t, ck_in(ct, "x"), 0, ck_in(ct, "W"), 1);
	return with_bias ? ad_add_bias(t, y, ck_in(ct, "b")) : y;
}

static AdNode *build_linear(CkTape *ct)
{
	ck_output(ct, "y", linear_node(ct, 1));
	return NULL;
}

static Status make_linear_backward(CkCase *c, Rng *r, int k)
{
	layer_sizes(c, r, k);
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], O = c->dim[CK_DIM_O];
	CK_TRY(ck_tensor(c, r, "x", CK_IN, B, I));
	CK_TRY(ck_tensor(c, r, "W", CK_IN, O, I));
	CK_TRY(ck_tensor(c, r, "b", CK_AUX, 1, O));
	CK_TRY(ck_tensor(c, r, "dy", CK_IN, B, O));
	CK_TRY(ck_tensor(c, r, "dx", CK_GRAD, B, I));
	CK_TRY(ck_tensor(c, r, "dW", CK_GRAD, O, I));
	CK_TRY(ck_tensor(c, r, "db", CK_GRAD, 1, O));
	return ST_OK;
}

static AdNode *build_linear_backward(CkTape *ct)
{
	return ck_dot(ct, linear_node(ct, 1), "dy");
}

static const CkCheck linear_checks[] = {
	{ "linear_forward", { "linear_forward" }, 1, 5, 1e-9, 1e-7, make_linear, build_linear, NULL, NULL, NULL },
	{ "linear_backward", { "linear_backward" }, 1, 5, 1e-9, 1e-7, make_linear_backward,
	  build_linear_backward, NULL, NULL, NULL },
};

const CkExercise ck_linear = { "linear", linear_checks, 2 };

/* }==== */
