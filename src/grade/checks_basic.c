/* checks_basic: the checks of exercises 01 activations, 02 softmax_xent and 03 linear.
 * Each case draws its sizes at grading time; the right answers come from the tape's
 * sigmoid, tanh, relu, softmax, cross_entropy and matmul. */
#include "grade/checks.h"

#include "core/mem.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* {==== 01 activations ==== */

/* Case k has a few values at first, then more, spread over the saturated tails too. */
static int elem_count(Rng *r, int k)
{
	return k == 0 ? ck_between(r, 1, 4) : k == 1 ? ck_between(r, 5, 16) : ck_between(r, 17, 48);
}

static Status make_squash(CkCase *c, Rng *r, int k, double (*f)(double))
{
	int n = elem_count(r, k);
	double *x, *y, *dy, *dx;
	CK_TRY(x = ck_tensor(c, r, "x", CK_AUX, 1, n));
	CK_TRY(y = ck_tensor(c, r, "y", CK_IN, 1, n));
	CK_TRY(dy = ck_tensor(c, r, "dy", CK_IN, 1, n));
	CK_TRY(dx = ck_tensor(c, r, "dx", CK_GRAD, 1, n));
	for (int i = 0; i < n; i++) {
		x[i] = rng_range(r, -4.0, 4.0);
		y[i] = f(x[i]);
	}
	c->dim[0] = n;
	snprintf(c->note, sizeof c->note, "n=%d", n);
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
	/* After the first case, some inputs sit exactly on the kink, where relu'(0) = 0. */
	if (k > 0)
		for (int z = 0; z < 1 + n / 6; z++)
			x[rng_below(r, n)] = 0.0;
	c->dim[0] = n;
	snprintf(c->note, sizeof c->note, "n=%d%s", n, k > 0 ? ", some x exactly 0" : "");
	snprintf(c->note_zh, sizeof c->note_zh, "n=%d%s", n, k > 0 ? "，有些 x 恰好为 0" : "");
	return ST_OK;
}

static AdNode *build_relu(CkTape *ct)
{
	return ck_dot(ct, ad_relu(ck_tape(ct), ck_in(ct, "x")), "dy");
}

static const char *explain_relu(CkCase *c, const CkTensor *t, size_t i, double got, int zh,
				char *buf, size_t size)
{
	(void)buf;
	(void)size;
	const double *x = ck_find(c, "x")->v, *dy = ck_find(c, "dy")->v;
	if (x[i] == 0.0 && got - t->start[i] == dy[i])
		return zh ? "那里 x 恰好为 0，而 relu'(0) = 0（PyTorch 的约定）：条件写 x > 0，不要写 "
			    "x >= 0"
			  : "x is exactly 0 there, and relu'(0) = 0 (PyTorch's choice): test x > 0, "
			    "not x >= 0";
	return NULL;
}

static const CkCheck activations_checks[] = {
	{ "sigmoid_backward", { "sigmoid_backward" }, 1, 3, 1e-9, 1e-7, make_sigmoid,
	  build_sigmoid, NULL, NULL },
	{ "tanh_backward", { "tanh_backward" }, 1, 3, 1e-9, 1e-7, make_tanh, build_tanh, NULL,
	  NULL },
	{ "relu_backward", { "relu_backward" }, 1, 3, 1e-9, 1e-7, make_relu, build_relu,
	  NULL, explain_relu },
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

/* Rows and classes; the last case has logits far beyond exp's range (near 1000), which a
 * softmax that does not subtract the row's maximum turns into inf/inf = NaN. */
static Status make_logits(CkCase *c, Rng *r, int k, const char *name, CkRole role)
{
	int B = k == 0 ? 1 : ck_between(r, 2, 5), C = ck_between(r, 2, 7);
	double *x;
	CK_TRY(x = ck_tensor(c, r, name, role, B, C));
	double spread = k == 0 ? 1.0 : 3.0;
	for (int i = 0; i < B * C; i++)
		x[i] *= spread;
	if (k == 2)
		for (int i = 0; i < B * C; i++)
			x[i] = 700.0 + 300.0 * rng_uniform(r);
	c->dim[0] = B;
	c->dim[1] = C;
	snprintf(c->note, sizeof c->note, "B=%d C=%d%s", B, C,
		 k == 2 ? ", large logits (700 to 1000)" : "");
	if (k == 2)
		snprintf(c->note_zh, sizeof c->note_zh, "B=%d C=%d，很大的 logits（700 到 1000）", B, C);
	return ST_OK;
}

static Status make_softmax(CkCase *c, Rng *r, int k)
{
	Status st = make_logits(c, r, k, "x", CK_IN);
	if (st == ST_OK && !ck_tensor(c, r, "y", CK_OUT, c->dim[0], c->dim[1]))
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
	int B = c->dim[0], C = c->dim[1];
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
	int B = c->dim[0], C = c->dim[1];
	double *p;
	CK_TRY(p = ck_tensor(c, r, "probs", CK_IN, B, C));
	CK_TRY(ck_tensor(c, r, "dlogits", CK_GRAD, B, C));
	CK_TRY(c->target = mem_alloc((size_t)B * sizeof(int)));
	for (int b = 0; b < B; b++)
		c->target[b] = rng_below(r, C);
	softmax_rows(p, ck_find(c, "logits")->v, B, C);
	/* dloss: the upstream gradient of the loss, 1 when it is the final loss */
	c->scalar[0] = k == 0 ? 1.0 : rng_range(r, 0.5, 2.0);
	size_t len = strlen(c->note);
	snprintf(c->note + len, sizeof c->note - len, ", dloss=%.3g", c->scalar[0]);
	if ((len = strlen(c->note_zh)) > 0)
		snprintf(c->note_zh + len, sizeof c->note_zh - len, "，dloss=%.3g", c->scalar[0]);
	return ST_OK;
}

static AdNode *build_xent(CkTape *ct)
{
	Tape *t = ck_tape(ct);
	CkCase *c = ck_case(ct);
	return ad_scale(t, ad_cross_entropy(t, ck_in(ct, "logits"), c->target), c->scalar[0]);
}

static const char *explain_softmax(CkCase *c, const CkTensor *t, size_t i, double got, int zh,
				   char *buf, size_t size)
{
	(void)t;
	(void)i;
	(void)buf;
	(void)size;
	if (!isfinite(got) && strstr(c->note, "large logits"))
		return zh ? "exp(1000) 会溢出成 inf，而 inf/inf 是 NaN：取 exp 之前，先从每个 logit "
			    "中减去这一行的最大值（它在除法中会被约掉）"
			  : "exp(1000) overflows to inf and inf/inf is NaN: subtract the row's largest "
			    "value from every logit before exp (it cancels in the division)";
	return NULL;
}

static const CkCheck softmax_checks[] = {
	{ "softmax_forward", { "softmax_forward" }, 1, 3, 1e-9, 1e-7, make_softmax,
	  build_softmax, NULL, explain_softmax },
	{ "softmax_backward", { "softmax_backward" }, 1, 3, 1e-9, 1e-7, make_softmax_backward,
	  build_softmax_backward, NULL, NULL },
	{ "softmax_xent_backward", { "softmax_xent_backward" }, 1, 3, 1e-9, 1e-7, make_xent,
	  build_xent, NULL, NULL },
};

const CkExercise ck_softmax_xent = { "softmax_xent", softmax_checks, 3 };

/* }==== */

/* {==== 03 linear ==== */

/* B rows, I inputs, O outputs with I != O, so a transposed W cannot pass by accident. */
static void layer_sizes(CkCase *c, Rng *r, int k)
{
	int B = k == 0 ? 1 : ck_between(r, 2, 5), I = ck_between(r, 1, 6), O;
	do
		O = ck_between(r, 1, 6);
	while (O == I);
	c->dim[0] = B;
	c->dim[1] = I;
	c->dim[2] = O;
	snprintf(c->note, sizeof c->note, "B=%d I=%d O=%d", B, I, O);
}

static Status make_linear(CkCase *c, Rng *r, int k)
{
	layer_sizes(c, r, k);
	int B = c->dim[0], I = c->dim[1], O = c->dim[2];
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
	int B = c->dim[0], I = c->dim[1], O = c->dim[2];
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
	{ "linear_forward", { "linear_forward" }, 1, 3, 1e-9, 1e-7, make_linear, build_linear,
	  NULL, NULL },
	{ "linear_backward", { "linear_backward" }, 1, 3, 1e-9, 1e-7, make_linear_backward,
	  build_linear_backward, NULL, NULL },
};

const CkExercise ck_linear = { "linear", linear_checks, 2 };

/* }==== */
