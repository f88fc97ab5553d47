/* ad_internal: what the files of core/ad share and nothing outside src/core/ad*.c may use.
 * The Tape's layout, the constructor every op builds its node with, the parameter leaf's op
 * (backward and the deferred weight gradients recognise leaves by it), the short names the
 * kernels are written in, and the end of the deferred weight gradients (ad_matmul.c) that
 * the backward driver (ad.c) calls. */
#ifndef GRADLAB_AD_INTERNAL_H
#define GRADLAB_AD_INTERNAL_H

#include "core/ad.h"
#include "core/arena.h"
#include "core/invariant.h"

#include <stdint.h>
#include <stdio.h>

/* A weight gradient held back until the end of the backward pass (see matmul_backward):
 * leaf's gradient gets dY^T A (trans: the product read the weight transposed, Y = A W^T) or
 * A^T dY, with A (rows, k) and dY (rows, m) borrowed from the pass's arena. */
typedef struct Deferred {
	AdNode *leaf;
	const double *a, *dy;
	int rows, k, m, trans;
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
	double *scratch; /* the fused steps' work space (ad_scratch); kept across resets */
	size_t scratch_cap;
};

/* The op of ad_param's leaves. */
extern const AdOp AD_OP_PARAM;
/* The op of a view: a window of rows x cols consecutive numbers into its one input's value
 * (and, when n->arg[0] is set, the same window into its gradient, which backward points it at
 * instead of giving it one of its own). It computes nothing and has no backward: whatever is
 * added into its gradient lands in the input's. */
extern const AdOp AD_OP_VIEW;

/* A node of rows x cols whose value memory comes from the arena, appended to the tape; its
 * value is not computed yet. NULL (the failure kept in the tape) when an input is missing,
 * the shape is empty or memory runs out. */
AdNode *ad_node_new(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols);
/* The same without value memory: the caller points n->value.data somewhere. */
AdNode *ad_node_bare(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols);
/* A view of rows x cols numbers of parent's value starting at offset (see AD_OP_VIEW);
 * with_grad: the same window of its gradient, and it wants one when the parent does. */
AdNode *ad_view(Tape *t, AdNode *parent, size_t offset, int rows, int cols, int with_grad);
/* At least n doubles of work space that lives as long as the tape (not the pass): the fused
 * steps' products before their bias and sums. Grown at a step's construction, so that its
 * forward (and a replay) never needs memory; NULL when out of memory. */
double *ad_scratch(Tape *t, size_t n);
/* Hold back leaf's gradient dY^T A (trans) or A^T dY to the end of the pass; 0 when there
 * is no room to wait, and the caller adds it now. */
int ad_defer(Tape *t, AdNode *leaf, const double *a, const double *dy, int rows, int k, int m,
	     int trans);

/* A node shaped like a, with n->scalar = scalar, computed by op->forward. */
AdNode *ad_unary_new(Tape *t, const AdOp *op, AdNode *a, double scalar);

/* Sum every deferred weight gradient into its parameter and empty the list (ad_matmul.c). */
void ad_flush_deferred(Tape *t);

static inline void ad_note_kink(Tape *t, size_t i, int positive)
{
	/* Order-dependent mix of (element, side): any flipped side changes the signature. */
	t->kinks = (t->kinks ^ (i * 2 + (uint64_t)positive)) * 0x100000001b3ULL;
}

/* "ROWSxCOLS" in buf (AD_SHAPE_LEN bytes: two ints, an x and the end), for messages. */
enum { AD_SHAPE_LEN = 32 };
static inline const char *ad_shape_str(char buf[static AD_SHAPE_LEN], const Mat *m)
{
	snprintf(buf, AD_SHAPE_LEN, "%dx%d", m->rows, m->cols);
	return buf;
}

/* What every backward kernel states first: the gradient it reads is shaped like its node and
 * allocated, and each input's gradient, which it adds into, is shaped like that input's value
 * (ad_node_new and ad_param make them so; a kernel that finds otherwise would write past the
 * end of a buffer). */
#define AD_ASSERT_GRAD_SHAPES(n)                                                               \
	do {                                                                                   \
		GL_ASSERT((n)->grad.data && (n)->grad.rows == (n)->value.rows &&               \
				  (n)->grad.cols == (n)->value.cols,                           \
			  "a node's gradient is shaped like its value");                       \
		for (int k_ = 0; k_ < (n)->n_in; k_++)                                         \
			GL_ASSERT((n)->in[k_]->grad.rows == (n)->in[k_]->value.rows &&         \
					  (n)->in[k_]->grad.cols == (n)->in[k_]->value.cols,   \
				  "an input's gradient is shaped like its value");             \
	} while (0)

/* A kernel of one input adds into its gradient without looking: the node needs a gradient
 * only because its input does, so the input's gradient exists. */
#define AD_ASSERT_INPUT_GRAD(n)                                                                \
	GL_ASSERT((n)->n_in == 1 && (n)->in[0]->grad.data,                                   \
		  "a one-input node needing a gradient has an input with one")

#define FOR_EACH(n, i) for (size_t i = 0; i < mat_size(&(n)->value); i++)
#define V(node) ((node)->value.data)
#define G(node) ((node)->grad.data)

#endif
