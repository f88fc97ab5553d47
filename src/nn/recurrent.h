/* recurrent: the Elman RNN, the LSTM and the GRU, one layer each, in PyTorch's exact
 * conventions and layouts (torch.nn.RNN, LSTM, GRU with batch_first=False). In src/nn, on
 * top of core/ad. The model owns its parameters and their gradients; a forward pass unrolls
 * the recurrence over T steps on a tape and hands back every step's hidden-state node, so
 * that after ad_backward the lab can read dL/dh_t from each node's grad. */
#ifndef GRADLAB_RECURRENT_H
#define GRADLAB_RECURRENT_H

#include "core/ad.h"
#include "nn/activation.h"

/* G, the number of gate blocks stacked in the weights: 1, 4 (i, f, g, o), 3 (r, z, n). */
typedef enum RecurrentKind { REC_RNN, REC_LSTM, REC_GRU, REC_KIND_COUNT } RecurrentKind;

/* Indices of the four parameters, in PyTorch's order (model.parameters()). */
enum { REC_WEIGHT_IH, REC_WEIGHT_HH, REC_BIAS_IH, REC_BIAS_HH, REC_N_PARAMS };

typedef struct Recurrent {
	RecurrentKind kind;
	int input, hidden, gates;  /* I, H, G */
	Activation act;            /* the RNN's nonlinearity; tanh for the LSTM and GRU */
	double act_param;          /* leaky_relu's slope, elu's alpha */
	Mat *weight_ih;            /* (G*H, I): rows gate by gate, as PyTorch stacks them */
	Mat *weight_hh;            /* (G*H, H) */
	Mat *bias_ih, *bias_hh;    /* (1, G*H) each; PyTorch adds both */
	/* Same shapes; backward adds into them until recurrent_zero_grad. */
	Mat *dweight_ih, *dweight_hh, *dbias_ih, *dbias_hh;
	/* 0: one fused node per step (core/ad_recurrent.c); 1: the graph of one op per gate
	 * operation, which recurrent_forward_gates and a batched trace always build (tests
	 * compare the two). */
	int per_op;
} Recurrent;

const char *recurrent_kind_name(RecurrentKind k); /* "rnn", "lstm", "gru" */
/* ST_OK and *out set, or ST_EINVAL naming the known kinds. */
Status recurrent_kind_parse(const char *name, RecurrentKind *out);
int recurrent_gates(RecurrentKind k);             /* 1, 4, 3 */

/* A layer with PyTorch's initialisation: every parameter uniform in +-1/sqrt(H), drawn in
 * the order weight_ih, weight_hh, bias_ih, bias_hh. act is the RNN's nonlinearity (any
 * Activation; PyTorch offers tanh and relu) and is ignored by the LSTM and GRU, whose
 * nonlinearities are fixed. NULL with status_detail() set on bad sizes or out of memory. */
Recurrent *recurrent_new(RecurrentKind kind, int input, int hidden, Activation act, Rng *rng);
void recurrent_free(Recurrent *r);
void recurrent_zero_grad(Recurrent *r);

/* The parameters or their gradients, indexed REC_WEIGHT_IH .. REC_BIAS_HH (for clipping and
 * reports), and their PyTorch names ("weight_ih", ...). */
void recurrent_params(Recurrent *r, Mat *out[REC_N_PARAMS]);
void recurrent_grads(Recurrent *r, Mat *out[REC_N_PARAMS]);
const char *recurrent_param_name(int k);

/* ST_OK, or ST_ESHAPE naming the first parameter or gradient whose shape disagrees with
 * kind, input and hidden: "weight_hh must be 16x4 (4H x H), got 16x3". The forward passes
 * call it, so a learner's hand-built model is refused in words, not with a crash. */
Status recurrent_check(const Recurrent *r);

/* {==== Forward over a sequence ==== */
/* x is the whole sequence as one (T*B, I) node, step t in rows t*B .. t*B+B-1 (PyTorch's
 * (T, B, I) input, flattened; B = 1 for an unbatched sequence). h0 and c0 are (B, H) nodes,
 * or NULL for zeros; c0 is used by the LSTM only. The caller's arrays receive the T step
 * nodes: h[t] is h_{t+1} (B, H), so h[T-1] is h_n; c (LSTM only, may be NULL) likewise
 * holds the cell states and c[T-1] is c_n; for the GRU and RNN it is filled with NULLs.
 * Input-to-hidden products of all steps are one matrix product, as PyTorch computes them.
 * On failure the tape keeps the first error and it is returned (ST_ESHAPE for a wrong
 * shape, in words); the arrays then hold NULLs. */
Status recurrent_forward(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0, AdNode *c0,
			 AdNode **h, AdNode **c);
/* What the lab reads after a backward pass, one node per step (arrays of T, caller's):
 * hh[t] is h_t W_hh^T + b_hh, the step's hidden product, whose gradient dG gives the step's
 * share dG^T h_t of dL/dW_hh; gate[t] is what decides how much gradient passes back through
 * the step: the RNN's pre-activation a (the local derivative is f'(a)), the LSTM's forget
 * gate f (dc_t/dc_{t-1} = f), the GRU's update gate z (dh_t/dh_{t-1} = z on the direct path). */
typedef struct RecurrentTrace {
	AdNode **hh, **gate;
} RecurrentTrace;

/* recurrent_forward that also fills trace (NULL for none). */
Status recurrent_forward_traced(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0,
				AdNode *c0, AdNode **h, AdNode **c, RecurrentTrace *trace);
/* recurrent_forward that also fills gates (T*G nodes, caller's): step t's gate activations,
 * G of them at gates[t*G ..], each (B, H), in the order of the weights' blocks: the LSTM's
 * i, f, g, o (g the tanh candidate, the others sigmoids), the GRU's r, z, n (n the
 * candidate), the RNN's h_t. For `gradlab gates`. */
Status recurrent_forward_gates(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0,
			       AdNode *c0, AdNode **h, AdNode **c, AdNode **gates);
/* The same with one (B, I) node per step, x[0] .. x[steps-1]. */
Status recurrent_forward_steps(Tape *t, Recurrent *r, AdNode *const *x, int steps, AdNode *h0,
			       AdNode *c0, AdNode **h, AdNode **c);
/* }==== */

#endif
