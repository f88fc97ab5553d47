/* attention_weights: one attention experiment for the lesson on attention scores: the score
 * matrix, the weights (a heatmap), the context, and the gradient that comes back through the
 * softmax to every score. In src/lab, on nn/attention. Data only. */
#ifndef GRADLAB_ATTENTION_WEIGHTS_H
#define GRADLAB_ATTENTION_WEIGHTS_H

#include "nn/attention.h"

#include <stdint.h>

#define ATTN_LAB_MAX 64

typedef struct AttnLabConfig {
	AttnScore score;
	int queries, keys, dim;  /* Tq, Tk, d (values have d columns too) */
	int mask_last;           /* the last N keys are padding */
	uint64_t seed;
} AttnLabConfig;

AttnLabConfig attn_lab_defaults(void);

typedef struct AttnLabResult {
	Mat *scores;   /* (Tq, Tk); masked keys -inf */
	Mat *weights;  /* (Tq, Tk), rows sum to 1 */
	Mat *context;  /* (Tq, d) */
	/* For L = <R, context> with a random R: */
	Mat *dscores;  /* dL/dscores = weights .* (dweights - rowsum(dweights .* weights)) */
	Mat *dquery, *dkeys, *dvalues;
} AttnLabResult;

/* ST_OK and *out filled (free with attn_lab_free), or a status naming the bad option. */
Status attn_lab_run(const AttnLabConfig *c, AttnLabResult *out);
void attn_lab_free(AttnLabResult *r);

#endif
