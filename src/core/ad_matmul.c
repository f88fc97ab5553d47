/* ad_matmul: the matrix product and the bias added to every row, the ops of a linear
 * layer; and the deferred weight gradients: a parameter multiplied at every time step gets
 * its gradient in one product at the end of the backward pass. Part of core/ad. */
#include "core/ad.h"

#include "core/ad_internal.h"
#include "core/arena.h"
#include "core/mem.h"

#include <string.h>

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
	AdNode *a = n->in[0], *b = n->in[1];
	if (b->op != &AD_OP_PARAM || n->arg[0] || a->value.rows >= 4)
		return 0;
	return ad_defer(n->tape, b, a->value.data, n->grad.data, a->value.rows, a->value.cols,
			n->value.cols, n->arg[1]);
}

int ad_defer(Tape *t, AdNode *leaf, const double *a, const double *dy, int rows, int k, int m,
	     int trans)
{
	if (t->n_deferred == t->cap_deferred) {
		int cap = t->cap_deferred ? 2 * t->cap_deferred : 64;
		Deferred *d = mem_realloc(t->deferred, (size_t)cap * sizeof *d);
		if (!d)
			return 0; /* no room to wait: accumulate now */
		t->deferred = d;
		t->cap_deferred = cap;
	}
	GL_ASSERT(t->n_deferred < t->cap_deferred, "the deferred list has room");
	t->deferred[t->n_deferred++] = (Deferred){ leaf, a, dy, rows, k, m, trans };
	return 1;
}

/* One deferred term added now: dW += dY^T A or A^T dY. */
static void add_one(AdNode *leaf, const Deferred *d)
{
	Mat A = { d->rows, d->k, (double *)d->a }, dY = { d->rows, d->m, (double *)d->dy };
	if (d->trans)
		mat_gemm(&leaf->grad, &dY, 1, &A, 0, 1.0);
	else
		mat_gemm(&leaf->grad, &A, 1, &dY, 0, 1.0);
}

/* dW of one parameter from its deferred products: stack the rows and multiply once. */
static void flush_one(Tape *t, AdNode *leaf, int first)
{
	int rows = 0, k = -1, m = -1, trans = t->deferred[first].trans;
	for (int d = first; d < t->n_deferred; d++) {
		const Deferred *e = &t->deferred[d];
		if (e->leaf != leaf)
			continue;
		GL_ASSERT(k < 0 || (k == e->k && m == e->m && trans == e->trans),
			  "every deferred product of one parameter has the same inner sizes");
		rows += e->rows;
		k = e->k;
		m = e->m;
	}
	double *sa = arena_alloc(t->arena, (size_t)rows * k * sizeof(double));
	double *sd = arena_alloc(t->arena, (size_t)rows * m * sizeof(double));
	int r = 0;
	for (int d = first; d < t->n_deferred; d++) {
		const Deferred *e = &t->deferred[d];
		if (e->leaf != leaf)
			continue;
		if (!sa || !sd) { /* out of memory: one product per step after all */
			add_one(leaf, e);
			continue;
		}
		memcpy(sa + (size_t)r * k, e->a, (size_t)e->rows * k * sizeof(double));
		memcpy(sd + (size_t)r * m, e->dy, (size_t)e->rows * m * sizeof(double));
		r += e->rows;
	}
	if (sa && sd) {
		GL_ASSERT(r == rows, "the stacked rows fill the stack");
		add_one(leaf, &(Deferred){ leaf, sa, sd, rows, k, m, trans });
	}
}

void ad_flush_deferred(Tape *t)
{
	for (int d = 0; d < t->n_deferred; d++) {
		AdNode *leaf = t->deferred[d].leaf;
		int seen = 0;
		for (int e = 0; e < d && !seen; e++)
			seen = t->deferred[e].leaf == leaf;
		if (!seen)
			flush_one(t, leaf, d);
	}
	t->n_deferred = 0;
}

/* forward: Y = A B; so dA += dY B^T, dB += A^T dY.
 * With A stored transposed (Y = A^T B): dA += B dY^T; with B transposed: dB += dY^T A. */
static void matmul_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
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
		return ad_node_new(t, &OP_MATMUL, (AdNode *[]){ a, b }, 2, 1, 1);
	int m = trans_a ? a->value.cols : a->value.rows;
	int k = trans_a ? a->value.rows : a->value.cols;
	int k2 = trans_b ? b->value.cols : b->value.rows;
	int nc = trans_b ? b->value.rows : b->value.cols;
	if (k != k2)
		return ad_fail(t, ST_ESHAPE, "matmul: inner sizes differ: %dx%d%s times %dx%d%s",
			       a->value.rows, a->value.cols, trans_a ? "^T" : "", b->value.rows,
			       b->value.cols, trans_b ? "^T" : "");
	AdNode *n = ad_node_new(t, &OP_MATMUL, (AdNode *[]){ a, b }, 2, m, nc);
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
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *x = n->in[0], *b = n->in[1];
	GL_ASSERT(b->value.rows == 1 && b->value.cols == n->value.cols,
		  "the bias is one row as wide as the input");
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
	char sx[AD_SHAPE_LEN], sb[AD_SHAPE_LEN];
	if (x && b && (b->value.rows != 1 || b->value.cols != x->value.cols))
		return ad_fail(t, ST_ESHAPE, "add_bias: bias must be 1x%d for a %s input, got %s",
			       x->value.cols, ad_shape_str(sx, &x->value), ad_shape_str(sb, &b->value));
	AdNode *n = ad_node_new(t, &OP_ADD_BIAS, (AdNode *[]){ x, b }, 2, x ? x->value.rows : 1,
			     x ? x->value.cols : 1);
	if (n)
		add_bias_forward(n);
	return n;
}

/* }==== */
