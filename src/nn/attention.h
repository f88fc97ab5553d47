/* attention: weights = softmax(scores) along the keys, context = weights . values, for one
 * or more queries, on the autodiff tape. In src/nn, on top of core/ad. Four score
 * functions (dot, scaled_dot, general, additive); the layer owns the parameters of the
 * last two and their gradients, which accumulate until attention_zero_grad. An optional
 * padding mask gives masked keys exactly zero weight (-inf before the softmax). */
#ifndef GRADLAB_ATTENTION_H
#define GRADLAB_ATTENTION_H

#include "core/ad.h"

typedef enum AttnScore {
	ATTN_DOT,        /* s = q . k                        (Luong's "dot") */
	ATTN_SCALED_DOT, /* s = q . k / sqrt(d)              (the Transformer's) */
	ATTN_GENERAL,    /* s = q^T W k                      (Luong's "general") */
	ATTN_ADDITIVE,   /* s = v^T tanh(W_q q + W_k k)      (Bahdanau's) */
	ATTN_SCORE_COUNT
} AttnScore;

typedef struct Attention {
	AttnScore score;
	int d;            /* columns of the query and of every key */
	int A;            /* additive's hidden size; 0 for the others */
	Mat *W, *dW;      /* general: (d, d); NULL otherwise */
	Mat *W_q, *dW_q;  /* additive: (A, d); NULL otherwise */
	Mat *W_k, *dW_k;  /* additive: (A, d); NULL otherwise */
	Mat *v, *dv;      /* additive: (1, A); NULL otherwise */
} Attention;

/* ST_OK and *out set, or ST_EINVAL naming the known scores. */
Status attention_score_parse(const char *name, AttnScore *out);
const char *attention_score_name(AttnScore s);

/* A layer for queries and keys of d columns; A is additive's hidden size (ignored by the
 * others). Parameters are uniform in +-1/sqrt(fan_in) from rng, or zero when rng is NULL
 * (for a caller that fills them in). NULL when out of memory or a size is not positive. */
Attention *attention_new(AttnScore score, int d, int A, Rng *rng);
void attention_free(Attention *a);
void attention_zero_grad(Attention *a);

/* The layer's parameters in a fixed order (W; or W_q, W_k, v) with their names and
 * gradients; returns how many (0 for dot and scaled_dot, at most ATTN_MAX_PARAMS, the
 * length each array needs). */
#define ATTN_MAX_PARAMS 3
int attention_params(Attention *a, const char **names, Mat **values, Mat **grads);

/* query (Tq, d), keys (Tk, d), values (Tk, dv) -> context (Tq, dv), and the weights
 * (Tq, Tk) in *weights when weights is not NULL. keep: Tk flags (0 = a padding key that
 * gets exactly zero weight) or NULL for none; borrowed until the pass's backward is done.
 * A mask that hides every key is ST_EINVAL. NULL with the tape's error on failure: a shape
 * that does not fit is ST_ESHAPE naming the tensor and both shapes. */
AdNode *attention_forward(Tape *t, Attention *a, AdNode *query, AdNode *keys, AdNode *values,
			  const int *keep, AdNode **weights);

#endif
