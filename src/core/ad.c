/* ad: the tape, the leaves, and one forward/backward pair per op.
 * Every backward kernel states its forward formula and the local derivative. */
#include "core/ad.h"

#include "core/arena.h"
#include "core/mem.h"
#include "core/scalar.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A weight gradient held back until the end of the backward pass (see matmul_backward). */
typedef struct Deferred {
	AdNode *matmul;
} Deferred;

struct Tape {
	Arena *arena;
	AdNode **nodes;
	int n_nodes, cap_nodes;
	Deferred *deferred;
	int n_deferred, cap_deferred;
	Status status;
	char error[512];
	uint64_t kinks;
};

/* {==== Tape ==== */

Tape *ad_tape_new(void)
{
	Tape *t = mem_calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->arena = arena_new(0);
	if (!t->arena) {
		mem_free(t);
		return NULL;
	}
	return t;
}

void ad_tape_free(Tape *t)
{
	if (!t)
		return;
	arena_free(t->arena);
	mem_free(t->nodes);
	mem_free(t->deferred);
	mem_free(t);
}

void ad_tape_reset(Tape *t)
{
	arena_reset(t->arena);
	t->n_nodes = 0;
	t->status = ST_OK;
	t->error[0] = '\0';
	t->kinks = 0;
}

Status ad_tape_status(const Tape *t)
{
	return t->status;
}

const char *ad_tape_error(const Tape *t)
{
	return t->error;
}

int ad_tape_size(const Tape *t)
{
	return t->n_nodes;
}

AdNode *ad_tape_node(const Tape *t, int id)
{
	return (id >= 0 && id < t->n_nodes) ? t->nodes[id] : NULL;
}

uint64_t ad_tape_kinks(const Tape *t)
{
	return t->kinks;
}

AdNode *ad_fail(Tape *t, Status s, const char *fmt, ...)
{
	if (t->status == ST_OK) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(t->error, sizeof t->error, fmt, ap);
		va_end(ap);
		t->status = s;
	}
	status_fail(t->status, "%s", t->error);
	return NULL;
}

static void note_kink(Tape *t, size_t i, int positive)
{
	/* Order-dependent mix of (element, side): any flipped side changes the signature. */
	t->kinks = (t->kinks ^ (i * 2 + (uint64_t)positive)) * 0x100000001b3ULL;
}

/* A node of rows x cols whose value memory comes from the arena. */
static AdNode *node_new(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows,
			int cols)
{
	if (t->status != ST_OK)
		return NULL;
	for (int i = 0; i < n_in; i++)
		if (!in[i])
			return ad_fail(t, ST_EINVAL, "%s: input %d is missing", op->name, i);
	if (rows <= 0 || cols <= 0)
		return ad_fail(t, ST_ESHAPE, "%s: empty result %dx%d", op->name, rows, cols);
	if (t->n_nodes == t->cap_nodes) {
		int cap = t->cap_nodes ? 2 * t->cap_nodes : 256;
		AdNode **nodes = mem_realloc(t->nodes, (size_t)cap * sizeof *nodes);
		if (!nodes)
			return ad_fail(t, ST_ENOMEM, "%s: out of memory for the tape", op->name);
		t->nodes = nodes;
		t->cap_nodes = cap;
	}
	AdNode *n = arena_calloc(t->arena, 1, sizeof *n);
	double *data = arena_alloc(t->arena, (size_t)rows * (size_t)cols * sizeof(double));
	AdNode **ins = n_in ? arena_alloc(t->arena, (size_t)n_in * sizeof *ins) : NULL;
	if (!n || !data || (n_in && !ins))
		return ad_fail(t, ST_ENOMEM, "%s: out of memory for a %dx%d result", op->name, rows,
			       cols);
	n->op = op;
	n->value = (Mat){ rows, cols, data };
	n->grad = (Mat){ rows, cols, NULL };
	n->in = ins;
	n->n_in = n_in;
	n->tape = t;
	for (int i = 0; i < n_in; i++) {
		ins[i] = in[i];
		n->needs_grad |= in[i]->needs_grad;
	}
	n->id = t->n_nodes;
	t->nodes[t->n_nodes++] = n;
	return n;
}

AdNode *ad_custom(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols,
		  void *ctx)
{
	AdNode *n = node_new(t, op, in, n_in, rows, cols);
	if (!n)
		return NULL;
	n->ctx = ctx;
	op->forward(n);
	return n;
}

static const char *shape_str(char *buf, const Mat *m)
{
	snprintf(buf, 32, "%dx%d", m->rows, m->cols);
	return buf;
}

/* }==== */

/* {==== Leaves ==== */

static void leaf_forward(AdNode *n)
{
	(void)n;
}

static const AdOp OP_PARAM = { "param", leaf_forward, NULL };
static const AdOp OP_CONST = { "const", leaf_forward, NULL };

static AdNode *leaf_new(Tape *t, const AdOp *op, const Mat *value)
{
	if (t->status != ST_OK)
		return NULL;
	if (!value || !value->data)
		return ad_fail(t, ST_EINVAL, "%s: no value given", op->name);
	/* A leaf views its value instead of copying it: node_new's buffer is not used. */
	AdNode *n = node_new(t, op, NULL, 0, 1, 1);
	if (!n)
		return NULL;
	n->value = *value;
	n->grad = (Mat){ value->rows, value->cols, NULL };
	return n;
}

AdNode *ad_param(Tape *t, Mat *value, Mat *grad)
{
	char a[32], b[32];
	if (grad && value && (grad->rows != value->rows || grad->cols != value->cols))
		return ad_fail(t, ST_ESHAPE, "param: gradient %s does not match value %s",
			       shape_str(a, grad), shape_str(b, value));
	AdNode *n = leaf_new(t, &OP_PARAM, value);
	if (n && grad) {
		n->grad = *grad;
		n->needs_grad = 1;
	}
	return n;
}

AdNode *ad_const(Tape *t, const Mat *value)
{
	return leaf_new(t, &OP_CONST, value);
}

/* }==== */

/* {==== Elementwise arithmetic ==== */

#define FOR_EACH(n, i) for (size_t i = 0; i < mat_size(&(n)->value); i++)
#define V(node) ((node)->value.data)
#define G(node) ((node)->grad.data)

static void add_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = V(n->in[0])[i] + V(n->in[1])[i];
}
/* forward: y = a + b; so da += dy, db += dy */
static void add_backward(AdNode *n)
{
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
	char sa[32], sb[32];
	if (!a || !b)
		return node_new(t, op, (AdNode *[]){ a, b }, 2, 1, 1);
	if (a->value.rows != b->value.rows || a->value.cols != b->value.cols)
		return ad_fail(t, ST_ESHAPE, "%s: shapes %s and %s differ", op->name,
			       shape_str(sa, &a->value), shape_str(sb, &b->value));
	AdNode *n = node_new(t, op, (AdNode *[]){ a, b }, 2, a->value.rows, a->value.cols);
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
	FOR_EACH(n, i) G(n->in[0])[i] += n->scalar * G(n)[i];
}

static void one_minus_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = 1.0 - V(n->in[0])[i];
}
/* forward: y = 1 - a; so da -= dy */
static void one_minus_backward(AdNode *n)
{
	FOR_EACH(n, i) G(n->in[0])[i] -= G(n)[i];
}

static void sigmoid_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = scalar_sigmoid(V(n->in[0])[i]);
}
/* forward: y = 1 / (1 + exp(-a)); so da += dy * y * (1 - y) */
static void sigmoid_backward(AdNode *n)
{
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] * V(n)[i] * (1.0 - V(n)[i]);
}

static void tanh_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = scalar_tanh(V(n->in[0])[i]);
}
/* forward: y = tanh(a); so da += dy * (1 - y*y) */
static void tanh_backward(AdNode *n)
{
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] * (1.0 - V(n)[i] * V(n)[i]);
}

static void relu_forward(AdNode *n)
{
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		note_kink(n->tape, i, x > 0);
		V(n)[i] = x > 0 ? x : 0.0;
	}
}
/* forward: y = max(0, a); so da += dy * (a > 0), taking relu'(0) = 0 as PyTorch does */
static void relu_backward(AdNode *n)
{
	FOR_EACH(n, i) G(n->in[0])[i] += V(n->in[0])[i] > 0 ? G(n)[i] : 0.0;
}

static void leaky_relu_forward(AdNode *n)
{
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		note_kink(n->tape, i, x > 0);
		V(n)[i] = x > 0 ? x : n->scalar * x;
	}
}
/* forward: y = a > 0 ? a : slope * a; so da += dy * (a > 0 ? 1 : slope), f'(0) = slope */
static void leaky_relu_backward(AdNode *n)
{
	FOR_EACH(n, i) G(n->in[0])[i] += V(n->in[0])[i] > 0 ? G(n)[i] : n->scalar * G(n)[i];
}

static void elu_forward(AdNode *n)
{
	FOR_EACH(n, i) {
		double x = V(n->in[0])[i];
		note_kink(n->tape, i, x > 0);
		V(n)[i] = x > 0 ? x : n->scalar * expm1(x);
	}
}
/* forward: y = a > 0 ? a : alpha * (exp(a) - 1); so da += dy * (a > 0 ? 1 : alpha*exp(a)),
 * which is alpha at 0, as in PyTorch */
static void elu_backward(AdNode *n)
{
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
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i] * V(n)[i];
}

static void log_forward(AdNode *n)
{
	FOR_EACH(n, i) V(n)[i] = log(V(n->in[0])[i]);
}
/* forward: y = log(a); so da += dy / a */
static void log_backward(AdNode *n)
{
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

static AdNode *unary(Tape *t, const AdOp *op, AdNode *a, double scalar)
{
	AdNode *n = node_new(t, op, &a, 1, a ? a->value.rows : 1, a ? a->value.cols : 1);
	if (!n)
		return NULL;
	n->scalar = scalar;
	op->forward(n);
	return n;
}

AdNode *ad_scale(Tape *t, AdNode *a, double s) { return unary(t, &OP_SCALE, a, s); }
AdNode *ad_one_minus(Tape *t, AdNode *a) { return unary(t, &OP_ONE_MINUS, a, 0); }
AdNode *ad_sigmoid(Tape *t, AdNode *a) { return unary(t, &OP_SIGMOID, a, 0); }
AdNode *ad_tanh(Tape *t, AdNode *a) { return unary(t, &OP_TANH, a, 0); }
AdNode *ad_relu(Tape *t, AdNode *a) { return unary(t, &OP_RELU, a, 0); }
AdNode *ad_leaky_relu(Tape *t, AdNode *a, double slope) { return unary(t, &OP_LEAKY_RELU, a, slope); }
AdNode *ad_elu(Tape *t, AdNode *a, double alpha) { return unary(t, &OP_ELU, a, alpha); }
AdNode *ad_exp(Tape *t, AdNode *a) { return unary(t, &OP_EXP, a, 0); }
AdNode *ad_log(Tape *t, AdNode *a) { return unary(t, &OP_LOG, a, 0); }

/* }==== */

/* {==== Matrix product and bias ==== */

static void matmul_forward(AdNode *n)
{
	mat_gemm(&n->value, &n->in[0]->value, n->arg[0], &n->in[1]->value, n->arg[1], 0.0);
}
/* A parameter multiplied by a few rows at every time step (h_{t-1} W_hh^T with batch 1)
 * would receive one outer product per step, each a pass over the whole weight gradient.
 * Instead the step's product is remembered and all of them are summed in one matrix product
 * at the end of the pass: dW += [dY_1; ...; dY_T]^T [A_1; ...; A_T], as cuDNN does. The sum
 * is the same; only the order of the additions differs. */
static int defer_weight_grad(AdNode *n)
{
	Tape *t = n->tape;
	AdNode *a = n->in[0], *b = n->in[1];
	if (b->op != &OP_PARAM || n->arg[0] || a->value.rows >= 4)
		return 0;
	if (t->n_deferred == t->cap_deferred) {
		int cap = t->cap_deferred ? 2 * t->cap_deferred : 64;
		Deferred *d = mem_realloc(t->deferred, (size_t)cap * sizeof *d);
		if (!d)
			return 0; /* no room to wait: accumulate now */
		t->deferred = d;
		t->cap_deferred = cap;
	}
	t->deferred[t->n_deferred++] = (Deferred){ n };
	return 1;
}

/* dW of one parameter from its deferred products: stack the rows and multiply once. */
static void flush_one(Tape *t, AdNode *leaf, int first)
{
	int rows = 0, k = -1, m = -1;
	for (int d = first; d < t->n_deferred; d++) {
		AdNode *n = t->deferred[d].matmul;
		if (n->in[1] != leaf)
			continue;
		rows += n->in[0]->value.rows;
		k = n->in[0]->value.cols;
		m = n->value.cols;
	}
	double *sa = arena_alloc(t->arena, (size_t)rows * k * sizeof(double));
	double *sd = arena_alloc(t->arena, (size_t)rows * m * sizeof(double));
	int r = 0;
	for (int d = first; d < t->n_deferred; d++) {
		AdNode *n = t->deferred[d].matmul;
		if (n->in[1] != leaf)
			continue;
		if (!sa || !sd) { /* out of memory: one product per step after all */
			if (n->arg[1])
				mat_gemm(&leaf->grad, &n->grad, 1, &n->in[0]->value, 0, 1.0);
			else
				mat_gemm(&leaf->grad, &n->in[0]->value, 1, &n->grad, 0, 1.0);
			continue;
		}
		int nr = n->in[0]->value.rows;
		memcpy(sa + (size_t)r * k, n->in[0]->value.data, (size_t)nr * k * sizeof(double));
		memcpy(sd + (size_t)r * m, n->grad.data, (size_t)nr * m * sizeof(double));
		r += nr;
	}
	if (sa && sd) {
		Mat A = { rows, k, sa }, dY = { rows, m, sd };
		if (t->deferred[first].matmul->arg[1])
			mat_gemm(&leaf->grad, &dY, 1, &A, 0, 1.0);
		else
			mat_gemm(&leaf->grad, &A, 1, &dY, 0, 1.0);
	}
}

static void flush_deferred(Tape *t)
{
	for (int d = 0; d < t->n_deferred; d++) {
		AdNode *leaf = t->deferred[d].matmul->in[1];
		int seen = 0;
		for (int e = 0; e < d && !seen; e++)
			seen = t->deferred[e].matmul->in[1] == leaf;
		if (!seen)
			flush_one(t, leaf, d);
	}
	t->n_deferred = 0;
}

/* forward: Y = A B; so dA += dY B^T, dB += A^T dY.
 * With A stored transposed (Y = A^T B): dA += B dY^T; with B transposed: dB += dY^T A. */
static void matmul_backward(AdNode *n)
{
	AdNode *a = n->in[0], *b = n->in[1];
	int ta = n->arg[0], tb = n->arg[1];
	if (G(a)) {
		if (!ta)
			mat_gemm(&a->grad, &n->grad, 0, &b->value, !tb, 1.0);
		else
			mat_gemm(&a->grad, &b->value, tb, &n->grad, 1, 1.0);
	}
	if (G(b) && !defer_weight_grad(n)) {
		if (!tb)
			mat_gemm(&b->grad, &a->value, !ta, &n->grad, 0, 1.0);
		else
			mat_gemm(&b->grad, &n->grad, 1, &a->value, ta, 1.0);
	}
}

static const AdOp OP_MATMUL = { "matmul", matmul_forward, matmul_backward };

AdNode *ad_matmul(Tape *t, AdNode *a, int trans_a, AdNode *b, int trans_b)
{
	if (!a || !b)
		return node_new(t, &OP_MATMUL, (AdNode *[]){ a, b }, 2, 1, 1);
	int m = trans_a ? a->value.cols : a->value.rows;
	int k = trans_a ? a->value.rows : a->value.cols;
	int k2 = trans_b ? b->value.cols : b->value.rows;
	int nc = trans_b ? b->value.rows : b->value.cols;
	if (k != k2)
		return ad_fail(t, ST_ESHAPE, "matmul: inner sizes differ: %dx%d%s times %dx%d%s",
			       a->value.rows, a->value.cols, trans_a ? "^T" : "", b->value.rows,
			       b->value.cols, trans_b ? "^T" : "");
	AdNode *n = node_new(t, &OP_MATMUL, (AdNode *[]){ a, b }, 2, m, nc);
	if (!n)
		return NULL;
	n->arg[0] = trans_a != 0;
	n->arg[1] = trans_b != 0;
	matmul_forward(n);
	return n;
}

static void add_bias_forward(AdNode *n)
{
	const Mat *x = &n->in[0]->value, *b = &n->in[1]->value;
	for (int i = 0; i < x->rows; i++)
		for (int j = 0; j < x->cols; j++)
			MAT_AT(&n->value, i, j) = MAT_AT(x, i, j) + b->data[j];
}
/* forward: y[i,j] = x[i,j] + b[j]; so dx += dy, db[j] += sum over rows i of dy[i,j] */
static void add_bias_backward(AdNode *n)
{
	AdNode *x = n->in[0], *b = n->in[1];
	if (G(x))
		FOR_EACH(n, i) G(x)[i] += G(n)[i];
	if (G(b))
		for (int i = 0; i < n->value.rows; i++)
			for (int j = 0; j < n->value.cols; j++)
				G(b)[j] += MAT_AT(&n->grad, i, j);
}

static const AdOp OP_ADD_BIAS = { "add_bias", add_bias_forward, add_bias_backward };

AdNode *ad_add_bias(Tape *t, AdNode *x, AdNode *b)
{
	char sx[32], sb[32];
	if (x && b && (b->value.rows != 1 || b->value.cols != x->value.cols))
		return ad_fail(t, ST_ESHAPE, "add_bias: bias must be 1x%d for a %s input, got %s",
			       x->value.cols, shape_str(sx, &x->value), shape_str(sb, &b->value));
	AdNode *n = node_new(t, &OP_ADD_BIAS, (AdNode *[]){ x, b }, 2, x ? x->value.rows : 1,
			     x ? x->value.cols : 1);
	if (n)
		add_bias_forward(n);
	return n;
}

/* }==== */

/* {==== Reductions ==== */

static void sum_forward(AdNode *n)
{
	double s = 0.0;
	const Mat *a = &n->in[0]->value;
	for (size_t i = 0; i < mat_size(a); i++)
		s += a->data[i];
	V(n)[0] = n->scalar * s;
}
/* forward: y = c * sum(a) (c = 1 for sum, 1/size for mean); so da += c * dy */
static void sum_backward(AdNode *n)
{
	AdNode *a = n->in[0];
	double g = n->scalar * G(n)[0];
	FOR_EACH(a, i) G(a)[i] += g;
}

static const AdOp OP_SUM = { "sum", sum_forward, sum_backward };
static const AdOp OP_MEAN = { "mean", sum_forward, sum_backward };

AdNode *ad_sum(Tape *t, AdNode *a)
{
	AdNode *n = node_new(t, &OP_SUM, &a, 1, 1, 1);
	if (!n)
		return NULL;
	n->scalar = 1.0;
	sum_forward(n);
	return n;
}

AdNode *ad_mean(Tape *t, AdNode *a)
{
	AdNode *n = node_new(t, &OP_MEAN, &a, 1, 1, 1);
	if (!n)
		return NULL;
	n->scalar = 1.0 / (double)mat_size(&a->value);
	sum_forward(n);
	return n;
}

/* }==== */

/* {==== Softmax ==== */

static void softmax_rows(const Mat *x, Mat *y, int take_log)
{
	for (int i = 0; i < x->rows; i++) {
		const double *xi = x->data + (size_t)i * x->cols;
		double *yi = y->data + (size_t)i * y->cols;
		double m = xi[0];
		for (int j = 1; j < x->cols; j++)
			m = xi[j] > m ? xi[j] : m;
		double s = 0.0;
		for (int j = 0; j < x->cols; j++)
			s += exp(xi[j] - m);
		/* Stay in shifted terms: m + log(s) rounds log(s) away when |m| is large (a row
		 * of 7e307s would give every entry 1), so never form it. */
		double log_s = log(s);
		for (int j = 0; j < x->cols; j++)
			yi[j] = take_log ? (xi[j] - m) - log_s : exp(xi[j] - m) / s;
	}
}

static void softmax_forward(AdNode *n)
{
	softmax_rows(&n->in[0]->value, &n->value, 0);
}
/* forward: y_j = exp(a_j) / sum_k exp(a_k) per row;
 * so da_j += y_j * (dy_j - sum_k dy_k y_k) */
static void softmax_backward(AdNode *n)
{
	const Mat *y = &n->value;
	for (int i = 0; i < y->rows; i++) {
		const double *yi = y->data + (size_t)i * y->cols;
		const double *dy = n->grad.data + (size_t)i * y->cols;
		double *da = n->in[0]->grad.data + (size_t)i * y->cols;
		double dot = 0.0;
		for (int j = 0; j < y->cols; j++)
			dot += dy[j] * yi[j];
		for (int j = 0; j < y->cols; j++)
			da[j] += yi[j] * (dy[j] - dot);
	}
}

static void log_softmax_forward(AdNode *n)
{
	softmax_rows(&n->in[0]->value, &n->value, 1);
}
/* forward: y_j = a_j - log sum_k exp(a_k) per row;
 * so da_j += dy_j - exp(y_j) * sum_k dy_k */
static void log_softmax_backward(AdNode *n)
{
	const Mat *y = &n->value;
	for (int i = 0; i < y->rows; i++) {
		const double *yi = y->data + (size_t)i * y->cols;
		const double *dy = n->grad.data + (size_t)i * y->cols;
		double *da = n->in[0]->grad.data + (size_t)i * y->cols;
		double s = 0.0;
		for (int j = 0; j < y->cols; j++)
			s += dy[j];
		for (int j = 0; j < y->cols; j++)
			da[j] += dy[j] - exp(yi[j]) * s;
	}
}

static const AdOp OP_SOFTMAX = { "softmax", softmax_forward, softmax_backward };
static const AdOp OP_LOG_SOFTMAX = { "log_softmax", log_softmax_forward, log_softmax_backward };

AdNode *ad_softmax(Tape *t, AdNode *a) { return unary(t, &OP_SOFTMAX, a, 0); }
AdNode *ad_log_softmax(Tape *t, AdNode *a) { return unary(t, &OP_LOG_SOFTMAX, a, 0); }

/* }==== */

/* {==== Concat and slice ==== */

/* Copy between a part and its block of the whole; dir 0: part -> whole, 1: whole -> part
 * (added). Axis 0 blocks are row ranges, axis 1 blocks are column ranges. */
static void block_copy(Mat *whole, const Mat *part, int axis, int offset, int add_back,
		       double *part_grad)
{
	for (int i = 0; i < part->rows; i++)
		for (int j = 0; j < part->cols; j++) {
			int wi = axis == 0 ? i + offset : i, wj = axis == 0 ? j : j + offset;
			double *w = &MAT_AT(whole, wi, wj);
			if (add_back)
				part_grad[(size_t)i * part->cols + j] += *w;
			else
				*w = MAT_AT(part, i, j);
		}
}

static void concat_forward(AdNode *n)
{
	int off = 0;
	for (int k = 0; k < n->n_in; k++) {
		const Mat *p = &n->in[k]->value;
		block_copy(&n->value, p, n->arg[0], off, 0, NULL);
		off += n->arg[0] == 0 ? p->rows : p->cols;
	}
}
/* forward: y = [a_1; a_2; ...] (or side by side); so each da_k += its block of dy */
static void concat_backward(AdNode *n)
{
	int off = 0;
	for (int k = 0; k < n->n_in; k++) {
		AdNode *p = n->in[k];
		if (G(p))
			block_copy(&n->grad, &p->value, n->arg[0], off, 1, G(p));
		off += n->arg[0] == 0 ? p->value.rows : p->value.cols;
	}
}

static const AdOp OP_CONCAT = { "concat", concat_forward, concat_backward };

AdNode *ad_concat(Tape *t, AdNode *const *parts, int n, int axis)
{
	if (t->status != ST_OK)
		return NULL;
	if (n <= 0 || (axis != 0 && axis != 1))
		return ad_fail(t, ST_EINVAL, "concat: need at least one part and axis 0 or 1");
	int rows = 0, cols = 0;
	for (int k = 0; k < n; k++) {
		if (!parts[k])
			return ad_fail(t, ST_EINVAL, "concat: part %d is missing", k);
		const Mat *p = &parts[k]->value;
		int along = axis == 0 ? p->rows : p->cols, across = axis == 0 ? p->cols : p->rows;
		int first_across = axis == 0 ? parts[0]->value.cols : parts[0]->value.rows;
		if (across != first_across)
			return ad_fail(t, ST_ESHAPE, "concat: part %d is %dx%d, does not fit part 0 (%dx%d) along axis %d",
				       k, p->rows, p->cols, parts[0]->value.rows, parts[0]->value.cols, axis);
		if (axis == 0) {
			rows += along;
			cols = across;
		} else {
			cols += along;
			rows = across;
		}
	}
	AdNode *node = node_new(t, &OP_CONCAT, parts, n, rows, cols);
	if (!node)
		return NULL;
	node->arg[0] = axis;
	concat_forward(node);
	return node;
}

static void slice_forward(AdNode *n)
{
	const Mat *a = &n->in[0]->value;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			MAT_AT(&n->value, i, j) = n->arg[0] == 0 ? MAT_AT(a, i + n->arg[1], j)
								 : MAT_AT(a, i, j + n->arg[1]);
}
/* forward: y = a[start:start+len] along the axis; so that block of da += dy */
static void slice_backward(AdNode *n)
{
	AdNode *a = n->in[0];
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++) {
			double g = MAT_AT(&n->grad, i, j);
			if (n->arg[0] == 0)
				MAT_AT(&a->grad, i + n->arg[1], j) += g;
			else
				MAT_AT(&a->grad, i, j + n->arg[1]) += g;
		}
}

static const AdOp OP_SLICE = { "slice", slice_forward, slice_backward };

AdNode *ad_slice(Tape *t, AdNode *a, int axis, int start, int len)
{
	if (!a)
		return node_new(t, &OP_SLICE, &a, 1, 1, 1);
	int size = axis == 0 ? a->value.rows : a->value.cols;
	if ((axis != 0 && axis != 1) || start < 0 || len <= 0 || start > size - len)
		return ad_fail(t, ST_ERANGE, "slice: [%d, %d) along axis %d is outside a %dx%d input",
			       start, start + len, axis, a->value.rows, a->value.cols);
	AdNode *n = node_new(t, &OP_SLICE, &a, 1, axis == 0 ? len : a->value.rows,
			     axis == 0 ? a->value.cols : len);
	if (!n)
		return NULL;
	n->arg[0] = axis;
	n->arg[1] = start;
	n->arg[2] = len;
	slice_forward(n);
	return n;
}

static void reshape_forward(AdNode *n)
{
	memcpy(V(n), V(n->in[0]), mat_size(&n->value) * sizeof(double));
}
/* forward: y = a read in another shape; so da += dy, element for element */
static void reshape_backward(AdNode *n)
{
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i];
}

static const AdOp OP_RESHAPE = { "reshape", reshape_forward, reshape_backward };

AdNode *ad_reshape(Tape *t, AdNode *a, int rows, int cols)
{
	if (a && (rows <= 0 || cols <= 0 || (size_t)rows * (size_t)cols != mat_size(&a->value)))
		return ad_fail(t, ST_ESHAPE, "reshape: cannot read %dx%d as %dx%d", a->value.rows,
			       a->value.cols, rows, cols);
	AdNode *n = node_new(t, &OP_RESHAPE, &a, 1, rows, cols);
	if (n)
		reshape_forward(n);
	return n;
}

static void pair_add_forward(AdNode *n)
{
	const Mat *a = &n->in[0]->value, *b = &n->in[1]->value;
	for (int i = 0; i < a->rows; i++)
		for (int j = 0; j < b->rows; j++)
			for (int d = 0; d < a->cols; d++)
				MAT_AT(&n->value, i * b->rows + j, d) = MAT_AT(a, i, d) + MAT_AT(b, j, d);
}
/* forward: y[i*N+j] = a_i + b_j; so da_i += sum_j dy[i*N+j], db_j += sum_i dy[i*N+j] */
static void pair_add_backward(AdNode *n)
{
	AdNode *a = n->in[0], *b = n->in[1];
	int M = a->value.rows, N = b->value.rows, D = a->value.cols;
	for (int i = 0; i < M; i++)
		for (int j = 0; j < N; j++)
			for (int d = 0; d < D; d++) {
				double g = MAT_AT(&n->grad, i * N + j, d);
				if (G(a))
					MAT_AT(&a->grad, i, d) += g;
				if (G(b))
					MAT_AT(&b->grad, j, d) += g;
			}
}

static const AdOp OP_PAIR_ADD = { "pair_add", pair_add_forward, pair_add_backward };

AdNode *ad_pair_add(Tape *t, AdNode *a, AdNode *b)
{
	if (a && b && a->value.cols != b->value.cols)
		return ad_fail(t, ST_ESHAPE, "pair_add: rows of %d and %d values cannot be added",
			       a->value.cols, b->value.cols);
	AdNode *n = node_new(t, &OP_PAIR_ADD, (AdNode *[]){ a, b }, 2,
			     a && b ? a->value.rows * b->value.rows : 1, a ? a->value.cols : 1);
	if (n)
		pair_add_forward(n);
	return n;
}

static void mask_columns_forward(AdNode *n)
{
	const int *keep = n->ctx;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			MAT_AT(&n->value, i, j) = keep[j] ? MAT_AT(&n->in[0]->value, i, j) : n->scalar;
}
/* forward: y[:,j] = keep[j] ? a[:,j] : fill; so da[:,j] += keep[j] ? dy[:,j] : 0 */
static void mask_columns_backward(AdNode *n)
{
	const int *keep = n->ctx;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			if (keep[j])
				MAT_AT(&n->in[0]->grad, i, j) += MAT_AT(&n->grad, i, j);
}

static const AdOp OP_MASK_COLUMNS = { "mask_columns", mask_columns_forward,
				      mask_columns_backward };

AdNode *ad_mask_columns(Tape *t, AdNode *a, const int *keep, double fill)
{
	if (a && !keep)
		return ad_fail(t, ST_EINVAL, "mask_columns: no mask given");
	AdNode *n = node_new(t, &OP_MASK_COLUMNS, &a, 1, a ? a->value.rows : 1,
			     a ? a->value.cols : 1);
	if (!n)
		return NULL;
	n->ctx = (void *)keep;
	n->scalar = fill;
	mask_columns_forward(n);
	return n;
}

/* }==== */

/* {==== Losses ==== */

static void mse_forward(AdNode *n)
{
	const Mat *p = &n->in[0]->value, *y = &n->in[1]->value;
	double s = 0.0;
	for (size_t i = 0; i < mat_size(p); i++)
		s += (p->data[i] - y->data[i]) * (p->data[i] - y->data[i]);
	V(n)[0] = s / (double)mat_size(p);
}
/* forward: L = mean((p - y)^2); so dp += dL * 2 (p - y) / size, dy -= the same */
static void mse_backward(AdNode *n)
{
	AdNode *p = n->in[0], *y = n->in[1];
	double c = 2.0 * G(n)[0] / (double)mat_size(&p->value);
	FOR_EACH(p, i) {
		double d = c * (V(p)[i] - V(y)[i]);
		if (G(p))
			G(p)[i] += d;
		if (G(y))
			G(y)[i] -= d;
	}
}

static const AdOp OP_MSE = { "mse", mse_forward, mse_backward };

AdNode *ad_mse(Tape *t, AdNode *pred, AdNode *target)
{
	char sa[32], sb[32];
	if (pred && target &&
	    (pred->value.rows != target->value.rows || pred->value.cols != target->value.cols))
		return ad_fail(t, ST_ESHAPE, "mse: prediction %s and target %s differ",
			       shape_str(sa, &pred->value), shape_str(sb, &target->value));
	AdNode *n = node_new(t, &OP_MSE, (AdNode *[]){ pred, target }, 2, 1, 1);
	if (n)
		mse_forward(n);
	return n;
}

/* The row-wise log-softmax is kept in n->ctx (arena memory) for the backward. */
static void cross_entropy_forward(AdNode *n)
{
	const Mat *x = &n->in[0]->value;
	Mat *lsm = n->ctx;
	softmax_rows(x, lsm, 1);
	double s = 0.0;
	for (int i = 0; i < x->rows; i++)
		s -= MAT_AT(lsm, i, n->index[i]);
	V(n)[0] = s / x->rows;
}
/* forward: L = -mean_i log softmax(x_i)[t_i]; so dx_i += dL * (softmax(x_i) - onehot(t_i)) / N */
static void cross_entropy_backward(AdNode *n)
{
	AdNode *x = n->in[0];
	const Mat *lsm = n->ctx;
	double c = G(n)[0] / x->value.rows;
	for (int i = 0; i < x->value.rows; i++)
		for (int j = 0; j < x->value.cols; j++)
			MAT_AT(&x->grad, i, j) +=
				c * (exp(MAT_AT(lsm, i, j)) - (j == n->index[i] ? 1.0 : 0.0));
}

static const AdOp OP_CROSS_ENTROPY = { "cross_entropy", cross_entropy_forward,
				       cross_entropy_backward };

AdNode *ad_cross_entropy(Tape *t, AdNode *logits, const int *target)
{
	if (logits && !target)
		return ad_fail(t, ST_EINVAL, "cross_entropy: no target classes given");
	if (logits)
		for (int i = 0; i < logits->value.rows; i++)
			if (target[i] < 0 || target[i] >= logits->value.cols)
				return ad_fail(t, ST_ERANGE,
					       "cross_entropy: target[%d] = %d is not a class index 0..%d",
					       i, target[i], logits->value.cols - 1);
	AdNode *n = node_new(t, &OP_CROSS_ENTROPY, &logits, 1, 1, 1);
	if (!n)
		return NULL;
	Mat *lsm = arena_alloc(t->arena, sizeof *lsm);
	double *data = arena_alloc(t->arena, mat_size(&logits->value) * sizeof(double));
	if (!lsm || !data)
		return ad_fail(t, ST_ENOMEM, "cross_entropy: out of memory");
	*lsm = (Mat){ logits->value.rows, logits->value.cols, data };
	n->ctx = lsm;
	n->index = target;
	cross_entropy_forward(n);
	return n;
}

/* }==== */

/* {==== Replay and backward ==== */

Status ad_tape_replay(Tape *t)
{
	if (t->status != ST_OK)
		return status_fail(t->status, "%s", t->error);
	t->kinks = 0;
	for (int i = 0; i < t->n_nodes; i++)
		t->nodes[i]->op->forward(t->nodes[i]);
	return ST_OK;
}


static Status backward_from(Tape *t, AdNode *root, const Mat *dout)
{
	if (t->status != ST_OK)
		return status_fail(t->status, "%s", t->error);
	if (!root || root->tape != t)
		return status_fail(ST_EINVAL, "backward: the root is not a node of this tape");
	if (!root->needs_grad)
		return ST_OK; /* nothing upstream wants a gradient */
	/* Fresh, zeroed gradients for every interior node; parameter leaves keep theirs. */
	for (int i = 0; i <= root->id; i++) {
		AdNode *n = t->nodes[i];
		if (n->op == &OP_PARAM || !n->needs_grad)
			continue;
		n->grad.data = arena_calloc(t->arena, mat_size(&n->value), sizeof(double));
		if (!n->grad.data) {
			ad_fail(t, ST_ENOMEM, "backward: out of memory for gradients");
			return t->status;
		}
	}
	if (root->op == &OP_PARAM) {
		for (size_t i = 0; i < mat_size(&root->value); i++)
			root->grad.data[i] += dout ? dout->data[i] : 1.0;
		return ST_OK;
	}
	if (dout)
		memcpy(root->grad.data, dout->data, mat_size(dout) * sizeof(double));
	else
		root->grad.data[0] = 1.0;
	t->n_deferred = 0;
	for (int i = root->id; i >= 0; i--) {
		AdNode *n = t->nodes[i];
		if (n->needs_grad && n->op->backward)
			n->op->backward(n);
	}
	flush_deferred(t);
	return ST_OK;
}

Status ad_backward(Tape *t, AdNode *root)
{
	if (root && (root->value.rows != 1 || root->value.cols != 1))
		return status_fail(ST_ESHAPE, "backward: the root is %dx%d, not a scalar; give an upstream gradient",
				   root->value.rows, root->value.cols);
	return backward_from(t, root, NULL);
}

Status ad_backward_vjp(Tape *t, AdNode *root, const Mat *dout)
{
	if (root && dout && (dout->rows != root->value.rows || dout->cols != root->value.cols))
		return status_fail(ST_ESHAPE, "backward: upstream gradient is %dx%d, the root is %dx%d",
				   dout->rows, dout->cols, root->value.rows, root->value.cols);
	if (!dout)
		return status_fail(ST_EINVAL, "backward: no upstream gradient given");
	return backward_from(t, root, dout);
}

/* }==== */
