/* ad: reverse-mode automatic differentiation over Mat. The top of src/core.
 * A Tape records nodes in creation order (which is a topological order); each op is a
 * forward and a backward in an AdOp, and a node's value and gradient live in the tape's
 * arena, so ad_tape_reset frees a whole pass at once. Parameters live outside the tape:
 * ad_param makes a leaf that views a model's value and accumulates into its gradient
 * until the model zeroes it explicitly. An op given a NULL input returns NULL, and the
 * first failure (shape, memory, range) is kept in the tape, so graphs are built without
 * checking every step and the error is read once at the end. */
#ifndef GRADLAB_AD_H
#define GRADLAB_AD_H

#include "core/mat.h"
#include "core/status.h"

#include <limits.h>
#include <stdint.h>

typedef struct Tape Tape;
typedef struct AdNode AdNode;

/* An operation: how to compute a node from its inputs, and how to send the node's
 * gradient back to them. backward adds (+=) into every input whose grad.data is set. */
typedef struct AdOp {
	const char *name;
	void (*forward)(AdNode *n);
	void (*backward)(AdNode *n);
} AdOp;

struct AdNode {
	const AdOp *op;
	Mat value;
	Mat grad;          /* grad.data is NULL when no gradient flows through this node */
	AdNode **in;       /* n_in inputs */
	int n_in;
	int needs_grad;
	int id;            /* position on the tape */
	double scalar;     /* scale factor, leaky slope, elu alpha */
	int arg[3];        /* transposes, or axis/start/len */
	const int *index;  /* class indices (cross-entropy), borrowed */
	void *ctx;         /* for custom ops, borrowed */
	Tape *tape;
};

Tape *ad_tape_new(void);
void ad_tape_free(Tape *t);
/* Forget every node and free the pass's memory; parameters are untouched. */
void ad_tape_reset(Tape *t);
/* ST_OK, or the first failure since the last reset (its detail in status_detail()). */
Status ad_tape_status(const Tape *t);
const char *ad_tape_error(const Tape *t);
int ad_tape_size(const Tape *t);
/* Bytes the pass holds: its arena (values, gradients, nodes) and the list of its nodes. */
size_t ad_tape_bytes(const Tape *t);
AdNode *ad_tape_node(const Tape *t, int id);
/* A signature of which side of every kink (relu, leaky_relu, elu at 0) each element fell
 * on in this pass. Two passes with different signatures crossed a kink between them. */
uint64_t ad_tape_kinks(const Tape *t);
/* Record a failure (the first one wins) and return NULL, for ops and models. */
AdNode *ad_fail(Tape *t, Status s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* {==== Leaves ==== */
/* A parameter: value is borrowed and read; backward adds into *grad (same shape). */
AdNode *ad_param(Tape *t, Mat *value, Mat *grad);
/* A constant: no gradient. value is borrowed for the life of the pass. */
AdNode *ad_const(Tape *t, const Mat *value);
/* }==== */

/* {==== Ops ==== */
AdNode *ad_add(Tape *t, AdNode *a, AdNode *b);                 /* a + b */
AdNode *ad_sub(Tape *t, AdNode *a, AdNode *b);                 /* a - b */
AdNode *ad_mul(Tape *t, AdNode *a, AdNode *b);                 /* a .* b */
AdNode *ad_scale(Tape *t, AdNode *a, double s);                /* s * a */
AdNode *ad_one_minus(Tape *t, AdNode *a);                      /* 1 - a */
/* op(a) op(b), op = transpose when the flag is set. */
AdNode *ad_matmul(Tape *t, AdNode *a, int trans_a, AdNode *b, int trans_b);
/* x (N,D) + b (1,D) added to every row. */
AdNode *ad_add_bias(Tape *t, AdNode *x, AdNode *b);
AdNode *ad_sum(Tape *t, AdNode *a);                            /* 1x1 */
AdNode *ad_mean(Tape *t, AdNode *a);                           /* 1x1 */
AdNode *ad_sigmoid(Tape *t, AdNode *a);
AdNode *ad_tanh(Tape *t, AdNode *a);
AdNode *ad_relu(Tape *t, AdNode *a);                           /* relu'(0) = 0 */
AdNode *ad_leaky_relu(Tape *t, AdNode *a, double slope);       /* f'(0) = slope */
AdNode *ad_elu(Tape *t, AdNode *a, double alpha);              /* f'(0) = alpha */
AdNode *ad_exp(Tape *t, AdNode *a);
AdNode *ad_log(Tape *t, AdNode *a);
AdNode *ad_softmax(Tape *t, AdNode *a);                        /* along each row */
AdNode *ad_log_softmax(Tape *t, AdNode *a);                    /* along each row */
/* Join n nodes along axis 0 (stack rows) or 1 (side by side). */
AdNode *ad_concat(Tape *t, AdNode *const *parts, int n, int axis);
/* len rows (axis 0) or columns (axis 1) starting at start. */
AdNode *ad_slice(Tape *t, AdNode *a, int axis, int start, int len);
/* The same values read as rows x cols (row-major order is kept). */
AdNode *ad_reshape(Tape *t, AdNode *a, int rows, int cols);
/* Every pair of rows: a (M,D), b (N,D) -> (M*N, D) with row i*N + j = a_i + b_j
 * (additive attention's W_q q_i + W_k k_j for every query i and key j). */
AdNode *ad_pair_add(Tape *t, AdNode *a, AdNode *b);
/* Columns j with keep[j] == 0 are set to fill and pass no gradient (a padding mask before
 * softmax, with fill = -INFINITY, gives masked keys exactly zero weight). keep borrowed. */
AdNode *ad_mask_columns(Tape *t, AdNode *a, const int *keep, double fill);
/* mean((pred - target)^2) over all elements, 1x1. */
AdNode *ad_mse(Tape *t, AdNode *pred, AdNode *target);
/* mean over rows of -log softmax(logits)[i, target[i]], 1x1; target borrowed. */
AdNode *ad_cross_entropy(Tape *t, AdNode *logits, const int *target);
/* losses: PyTorch's cross_entropy with options, reduction 'mean'. Rows whose target equals
 * ignore_index (AD_NO_IGNORE: none) count for nothing and get no gradient; every other target
 * must be a class index. label_smoothing eps in [0, 1] mixes the one-hot target with the
 * uniform one: L = (1 - eps) nll + eps mean_i (1/C) sum_j -log softmax(logits_i)_j. Refused
 * (ST_EINVAL) when every row is ignored: PyTorch's 0/0 = NaN. target borrowed. */
#define AD_NO_IGNORE INT_MIN
AdNode *ad_cross_entropy_ex(Tape *t, AdNode *logits, const int *target, int ignore_index,
			    double label_smoothing);
/* losses: the same with PyTorch's per-class weight (1 x C; NULL: all 1): row i counts
 * weight[t_i] times and the mean divides by the sum of the kept rows' weight[t_i] (refused
 * when that is not positive); the smoothing term weighs class j by weight[j]. weight gets no
 * gradient, as in PyTorch. */
AdNode *ad_cross_entropy_weighted(Tape *t, AdNode *logits, const int *target, AdNode *weight,
				  int ignore_index, double label_smoothing);
/* losses: mean over all elements of -[w y log s(x) + (1 - y) log(1 - s(x))], s the sigmoid,
 * computed stably from the logits x; target y (same shape) in [0, 1], refused outside;
 * pos_weight w NULL (1) or 1 x cols, one per column; it gets no gradient, as in PyTorch. */
AdNode *ad_bce_with_logits(Tape *t, AdNode *logits, AdNode *target, AdNode *pos_weight);
/* conv: for a custom op with a kink (max pooling's winner): element `where` of this pass
 * fell on side `side` (any small integer, the same for the same side) of it; it joins the
 * signature ad_tape_kinks reads, as relu's sides do. */
void ad_tape_note_kink(Tape *t, size_t where, int side);
/* }==== */

/* {==== The layers' fused ops (issue 13, helper layers; core/ad_layers.c) ==== */
/* Each row of x (N, D) normalised: (x - mean) / sqrt(var + eps) with the biased variance,
 * then * weight + bias (each (1, D), or NULL to leave out), as torch.nn.LayerNorm. */
AdNode *ad_layer_norm(Tape *t, AdNode *x, AdNode *weight, AdNode *bias, double eps);
/* x holds N x channels x spatial numbers in row-major order, whatever its Mat shape (N x C
 * with spatial 1; N x C x H x W with spatial H*W). Each channel normalised over its N*spatial
 * numbers, then * weight + bias ((1, C) or NULL). With running_mean and running_var NULL:
 * training, by the batch's mean and biased variance; given (C numbers each, no gradient):
 * eval, by them. The running update is the layer's (nn/norm.c). */
AdNode *ad_batch_norm(Tape *t, AdNode *x, AdNode *weight, AdNode *bias, AdNode *running_mean,
		      AdNode *running_var, int channels, int spatial, double eps);
/* x .* (mask * scale), mask shaped like x and given no gradient (dropout: scale 1/(1-p)). */
AdNode *ad_dropout(Tape *t, AdNode *x, AdNode *mask, double scale);
/* Row index[i] of weight (V, D) for each i: (n_index, D); an index outside 0..V-1 fails
 * with ST_ERANGE. index is borrowed for the life of the pass. */
AdNode *ad_embedding(Tape *t, AdNode *weight, const int *index, int n_index);
/* }==== */

/* {==== Fused recurrent steps (issue 15; core/ad_recurrent.c) ==== */
/* One node per time step, as frameworks fuse them: the step's gate pre-activations
 * gi + h W_hh^T + b_hh (G*H wide, G gate blocks of H) from one product, the gate math in one
 * pass each way, W_hh's gradient in one product at the end of the backward pass.
 * gi is x W_ih^T + b_ih for every step at once, x (N, I), W (G*H, I), b (1, G*H) -> (N, G*H).
 * A step reads its B rows row .. row+B-1 of gi; the LSTM and GRU steps then leave their gate
 * activations in those rows (gi's value is no longer the product), so give gi to the steps
 * alone, each row to one step. */
AdNode *ad_gate_input(Tape *t, AdNode *x, AdNode *W, AdNode *b);
/* The RNN's pre-activation a = gi + h W_hh^T + b_hh (B, H); its nonlinearity is an op. */
AdNode *ad_rnn_preact(Tape *t, AdNode *gi, int row, AdNode *h, AdNode *W_hh, AdNode *b_hh);
/* h_t of an LSTM step (gates i, f, g, o) from h (B, H) and c (B, H); *c_next = c_t. Both are
 * views into the step's node (ad_step_* read more of it). */
AdNode *ad_lstm_step(Tape *t, AdNode *gi, int row, AdNode *h, AdNode *c, AdNode *W_hh,
		     AdNode *b_hh, AdNode **c_next);
/* h_t of a GRU step (gates r, z, n; PyTorch's form, b_hn inside the reset). */
AdNode *ad_gru_step(Tape *t, AdNode *gi, int row, AdNode *h, AdNode *W_hh, AdNode *b_hh);
/* For the lab, given an LSTM or GRU step's h_t: a node whose gradient, after backward, is
 * dG, that of the step's hidden product h_{t-1} W_hh^T + b_hh (B, G*H) (its value is not that
 * product: read only its gradient), and, for one row (B = 1), a read-only node of gate
 * number `gate`'s activations (1, H), in the order of the weights' blocks. Neither is for use
 * as an op's input. */
AdNode *ad_step_hidden_grad(Tape *t, AdNode *h);
AdNode *ad_step_gate(Tape *t, AdNode *h, int gate);
/* }==== */

/* A node of a user-defined op (tests, exercises): op->forward fills n->value (rows x cols)
 * from the inputs; n->ctx = ctx. */
AdNode *ad_custom(Tape *t, const AdOp *op, AdNode *const *in, int n_in, int rows, int cols,
		  void *ctx);

/* Recompute every node's value from its inputs, in tape order, after leaf values changed in
 * place: the same graph evaluated again with no new nodes. Only valid when the graph's
 * shape does not depend on the values (no branching on data while building it). */
Status ad_tape_replay(Tape *t);

/* Backward from a 1x1 node (its gradient is seeded with 1). */
Status ad_backward(Tape *t, AdNode *root);
/* Backward from any node given the upstream gradient dout (same shape): a vector-Jacobian
 * product, like a framework's backward(gradient=dout). */
Status ad_backward_vjp(Tape *t, AdNode *root, const Mat *dout);

#endif
