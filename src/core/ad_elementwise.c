/* ad_elementwise: the ops that act element by element, one forward/backward pair each:
 * a + b, a - b, a .* b, s * a, 1 - a, and the activations and exp/log, whose kinks (relu,
 * leaky_relu, elu at 0) are noted in the tape's signature. Part of core/ad. */
#include "core/ad.h"

#include "core/ad_internal.h"
#include "core/scalar.h"

#include <math.h>

/* {==== Elementwise arithmetic ==== */

static void add_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = V(n->in[0])[i] + V(n->in[1])[i];
}
/* forward: y = a + b; so da += dy, db += dy */
static void add_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	for (int k = 0; k < 2; k++)
		if (G(n->in[k]))
			FOR_EACH(n, i) G(n->in[k])[i] += G(n)[i];
}

static void sub_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = V(n->in[0])[i] - V(n->in[1])[i];
}
/* forward: y = a - b; so da += dy, db -= dy */
static void sub_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	if (G(n->in[0]))
		FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i];
	if (G(n->in[1]))
		FOR_EACH(n, i) G(n->in[1])[i] -= G(n)[i];
}

static void mul_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = V(n->in[0])[i] * V(n->in[1])[i];
}
/* forward: y = a * b; so da += dy * b, db += dy * a */
static void mul_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *a = n->in[0], *b = n->in[1];
	if (G(a))
		FOR_EACH(n, i) G(a)[i] += G(n)[i] * V(b)[i];
	if (G(b))
		FOR_EACH(n, i) G(b)[i] += G(n)[i] * V(a)[i];
}

static const AdOp OP_ADD = { "add", add_forward, add_backward };
static const AdOp OP_SUB = { "sub", sub_forward, sub_backward };
static const AdOp OP_MUL = { "mul", mul_forward, mul_backward };

static AdNode *binary_same_shape(Tape *t, const AdOp *op, AdNode *a, AdNode *b)
{
	char sa[AD_SHAPE_LEN], sb[AD_SHAPE_LEN];
	if (!a || !b)
		return ad_node_new(t, op, (AdNode *[]){ a, b }, 2, 1, 1);
	if (a->value.rows != b->value.rows || a->value.cols != b->value.cols)
		return ad_fail(t, ST_ESHAPE, "%s: shapes %s and %s differ", op->name,
			       ad_shape_str(sa, &a->value), ad_shape_str(sb, &b->value));
	AdNode *n = ad_node_new(t, op, (AdNode *[]){ a, b }, 2, a->value.rows, a->value.cols);
	if (n)
		op->forward(n);
	return n;
}

AdNode *ad_add(Tape *t, AdNode *a, AdNode *b)
{
	return binary_same_shape(t, &OP_ADD, a, b);
}

AdNode *ad_sub(Tape *t, AdNode *a, AdNode *b)
{
	return binary_same_shape(t, &OP_SUB, a, b);
}

AdNode *ad_mul(Tape *t, AdNode *a, AdNode *b)
{
	return binary_same_shape(t, &OP_MUL, a, b);
}

/* }==== */

/* {==== Unary elementwise ops ==== */

static void scale_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = n->scalar * V(n->in[0])[i];
}
/* forward: y = s * a; so da += s * dy */
static void scale_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += n->scalar * G(n)[i];
}

static void one_minus_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = 1.0 - V(n->in[0])[i];
}
/* forward: y = 1 - a; so da -= dy */
static void one_minus_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] -= G(n)[i];
}

static void sigmoid_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = scalar_sigmoid(V(n->in[0])[i]);
}
/* forward: y = 1 / (1 + exp(-a)); so da += dy * y * (1 - y) */
static void sigmoid_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] * V(n)[i] * (1.0 - V(n)[i]);
}

static void tanh_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = scalar_tanh(V(n->in[0])[i]);
}
/* forward: y = tanh(a); so da += dy * (1 - y*y) */
static void tanh_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] * (1.0 - V(n)[i] * V(n)[i]);
}

static void relu_forward(AdNode *n)
{
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		ad_note_kink(n->tape, i, x > 0);
		V(n)[i] = x > 0 ? x : 0.0;
	}
}
/* forward: y = max(0, a); so da += dy * (a > 0), taking relu'(0) = 0 as PyTorch does */
static void relu_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += V(n->in[0])[i] > 0 ? G(n)[i] : 0.0;
}

static void leaky_relu_forward(AdNode *n)
{
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		ad_note_kink(n->tape, i, x > 0);
		V(n)[i] = x > 0 ? x : n->scalar * x;
	}
}
/* forward: y = a > 0 ? a : slope * a; so da += dy * (a > 0 ? 1 : slope), f'(0) = slope */
static void leaky_relu_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += V(n->in[0])[i] > 0 ? G(n)[i] : n->scalar * G(n)[i];
}

static void elu_forward(AdNode *n)
{
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		ad_note_kink(n->tape, i, x > 0);
		V(n)[i] = x > 0 ? x : n->scalar * expm1(x);
	}
}
/* forward: y = a > 0 ? a : alpha * (exp(a) - 1); so da += dy * (a > 0 ? 1 : alpha*exp(a)),
 * which is alpha at 0, as in PyTorch */
static void elu_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		G(n->in[0])[i] += x > 0 ? G(n)[i] : G(n)[i] * n->scalar * exp(x);
	}
}

static void exp_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = exp(V(n->in[0])[i]);
}
/* forward: y = exp(a); so da += dy * y */
static void exp_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] * V(n)[i];
}

static void log_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = log(V(n->in[0])[i]);
}
/* forward: y = log(a); so da += dy / a */
static void log_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] / V(n->in[0])[i];
}

static const AdOp OP_SCALE = { "scale", scale_forward, scale_backward };
static const AdOp OP_ONE_MINUS = { "one_minus", one_minus_forward, one_minus_backward };
static const AdOp OP_SIGMOID = { "sigmoid", sigmoid_forward, sigmoid_backward };
static const AdOp OP_TANH = { "tanh", tanh_forward, tanh_backward };
static const AdOp OP_RELU = { "relu", relu_forward, relu_backward };
static const AdOp OP_LEAKY_RELU = { "leaky_relu", leaky_relu_forward, leaky_relu_backward };
static const AdOp OP_ELU = { "elu", elu_forward, elu_backward };
static const AdOp OP_EXP = { "exp", exp_forward, exp_backward };
static const AdOp OP_LOG = { "log", log_forward, log_backward };

AdNode *ad_scale(Tape *t, AdNode *a, double s) { return ad_unary_new(t, &OP_SCALE, a, s); }
AdNode *ad_one_minus(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_ONE_MINUS, a, 0); }
AdNode *ad_sigmoid(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_SIGMOID, a, 0); }
AdNode *ad_tanh(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_TANH, a, 0); }
AdNode *ad_relu(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_RELU, a, 0); }
AdNode *ad_leaky_relu(Tape *t, AdNode *a, double slope) { return ad_unary_new(t, &OP_LEAKY_RELU, a, slope); }
AdNode *ad_elu(Tape *t, AdNode *a, double alpha) { return ad_unary_new(t, &OP_ELU, a, alpha); }
AdNode *ad_exp(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_EXP, a, 0); }
AdNode *ad_log(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_LOG, a, 0); }

/* }==== */
