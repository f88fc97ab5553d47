/* ad: the tape, the leaves, and the passes over the tape: replay and backward (a gradient or
 * a vector-Jacobian product). The ops live beside it, one forward/backward pair each:
 * ad_elementwise.c, ad_matmul.c, ad_reduce.c and ad_shape.c; ad_internal.h is what they
 * share. */
#include "core/ad.h"

#include "core/ad_internal.h"
#include "core/arena.h"
#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	mem_free(t->scratch);
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

size_t ad_tape_bytes(const Tape *t)
{
	return arena_used(t->arena) + (size_t)t->cap_nodes * sizeof *t->nodes;
}

AdNode *ad_tape_node(const Tape *t, int id)
{
	return (id >= 0 && id < t->n_nodes) ? t->nodes[id] : NULL;
}

uint64_t ad_tape_kinks(const Tape *t)
{
	return t->kinks;
}

void ad_tape_note_kink(Tape *t, size_t where, int side)
{
	/* two terms of the order-dependent mix: a different side changes the signature */
	ad_note_kink(t, where, 0);
	ad_note_kink(t, (size_t)side, 1);
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

static AdNode *node_make(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows,
			 int cols, int with_value);

/* A node of rows x cols whose value memory comes from the arena. */
AdNode *ad_node_new(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols)
{
	return node_make(t, op, in, n_in, rows, cols, 1);
}

AdNode *ad_node_bare(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols)
{
	return node_make(t, op, in, n_in, rows, cols, 0);
}

static AdNode *node_make(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows,
			 int cols, int with_value)
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
	double *data = with_value
			       ? arena_alloc(t->arena, (size_t)rows * (size_t)cols * sizeof(double))
			       : NULL;
	AdNode **ins = n_in ? arena_alloc(t->arena, (size_t)n_in * sizeof *ins) : NULL;
	if (!n || (with_value && !data) || (n_in && !ins))
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
	GL_ASSERT(t->n_nodes < t->cap_nodes, "the tape has room for the node");
	n->id = t->n_nodes;
	t->nodes[t->n_nodes++] = n;
	return n;
}

AdNode *ad_unary_new(Tape *t, const AdOp *op, AdNode *a, double scalar)
{
	AdNode *n = ad_node_new(t, op, &a, 1, a ? a->value.rows : 1, a ? a->value.cols : 1);
	if (!n)
		return NULL;
	n->scalar = scalar;
	op->forward(n);
	return n;
}

AdNode *ad_custom(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols,
		  void *ctx)
{
	AdNode *n = ad_node_new(t, op, in, n_in, rows, cols);
	if (!n)
		return NULL;
	n->ctx = ctx;
	op->forward(n);
	return n;
}

double *ad_scratch(Tape *t, size_t n)
{
	if (n > t->scratch_cap) {
		double *s = mem_realloc(t->scratch, n * sizeof *s);
		if (!s)
			return NULL;
		t->scratch = s;
		t->scratch_cap = n;
	}
	return t->scratch;
}

/* }==== */

/* {==== Views ==== */

static void view_forward(AdNode *n)
{
	(void)n; /* the value is the parent's memory */
}

const AdOp AD_OP_VIEW = { "view", view_forward, NULL };

AdNode *ad_view(Tape *t, AdNode *parent, size_t offset, int rows, int cols, int with_grad)
{
	AdNode *n = ad_node_bare(t, &AD_OP_VIEW, &parent, 1, rows, cols);
	if (!n)
		return NULL;
	GL_ASSERT(offset + mat_size(&n->value) <= mat_size(&parent->value),
		  "a view lies inside its parent's value");
	n->value.data = parent->value.data + offset;
	n->arg[0] = with_grad != 0;
	n->needs_grad = with_grad && parent->needs_grad;
	return n;
}

/* }==== */

/* {==== Leaves ==== */

static void leaf_forward(AdNode *n)
{
	(void)n;
}

const AdOp AD_OP_PARAM = { "param", leaf_forward, NULL };
static const AdOp OP_CONST = { "const", leaf_forward, NULL };

static AdNode *leaf_new(Tape *t, const AdOp *op, const Mat *value)
{
	if (t->status != ST_OK)
		return NULL;
	if (!value || !value->data)
		return ad_fail(t, ST_EINVAL, "%s: no value given", op->name);
	/* A leaf views its value instead of copying it: ad_node_new's buffer is not used. */
	AdNode *n = ad_node_new(t, op, NULL, 0, 1, 1);
	if (!n)
		return NULL;
	n->value = *value;
	n->grad = (Mat){ value->rows, value->cols, NULL };
	return n;
}

AdNode *ad_param(Tape *t, Mat *value, Mat *grad)
{
	char a[AD_SHAPE_LEN], b[AD_SHAPE_LEN];
	if (grad && value && (grad->rows != value->rows || grad->cols != value->cols))
		return ad_fail(t, ST_ESHAPE, "param: gradient %s does not match value %s",
			       ad_shape_str(a, grad), ad_shape_str(b, value));
	AdNode *n = leaf_new(t, &AD_OP_PARAM, value);
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
	GL_ASSERT(root->id >= 0 && root->id < t->n_nodes && t->nodes[root->id] == root,
		  "a node's id is its place on its tape");
	if (!root->needs_grad)
		return ST_OK; /* nothing upstream wants a gradient */
	/* Fresh, zeroed gradients for every interior node; parameter leaves keep theirs; a view
	 * takes the window of its parent's, made earlier in this loop (the parent comes first). */
	for (int i = 0; i <= root->id; i++) {
		AdNode *n = t->nodes[i];
		if (n->op == &AD_OP_VIEW) {
			AdNode *p = n->in[0];
			n->grad.data = n->arg[0] && p->grad.data
					       ? p->grad.data + (n->value.data - p->value.data)
					       : NULL;
			continue;
		}
		if (n->op == &AD_OP_PARAM || !n->needs_grad)
			continue;
		n->grad.data = arena_calloc(t->arena, mat_size(&n->value), sizeof(double));
		if (!n->grad.data) {
			ad_fail(t, ST_ENOMEM, "backward: out of memory for gradients");
			return t->status;
		}
	}
	if (root->op == &AD_OP_PARAM) {
		for (size_t i = 0; i < mat_size(&root->value); i++)
			root->grad.data[i] += dout ? dout->data[i] : 1.0;
		return ST_OK;
	}
	GL_ASSERT(!dout || mat_size(dout) == mat_size(&root->value),
		  "the upstream gradient is shaped like the root");
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
	ad_flush_deferred(t);
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
