/* dropout: inverted dropout as torch.nn.Dropout. In src/nn, on core/ad's fused op. In
 * training each unit is kept with probability 1 - p and the kept ones scaled by 1/(1 - p),
 * so the expected output is x; in eval the layer is the identity. The mask is drawn from
 * the layer's own random stream (the training rule: one stream per purpose) into a buffer
 * the layer owns, or given by the caller (gradlab grad takes it from the request). */
#ifndef GRADLAB_DROPOUT_H
#define GRADLAB_DROPOUT_H

#include "core/ad.h"
#include "core/rng.h"

typedef struct Dropout {
	double p;       /* in [0, 1): the probability of dropping a unit */
	Rng rng;        /* the masks' stream */
	Mat *mask;      /* the last mask drawn (grown to fit), 0 or 1 each */
} Dropout;

/* NULL when p is outside [0, 1) (p = 1 drops every unit: 1/(1-p) is undefined) or out of
 * memory. */
Dropout *dropout_new(double p, uint64_t seed);
void dropout_free(Dropout *d);
/* Training: x .* mask / (1 - p) with a fresh mask (Bernoulli(1 - p) per element); eval: x
 * itself. The mask lives in the layer until the next forward: one forward per pass. */
AdNode *dropout_forward(Tape *t, Dropout *d, AdNode *x, int training);
/* x .* mask / (1 - p) with the caller's mask (shaped like x, 0 or 1 each, borrowed for the
 * pass). */
AdNode *dropout_apply(Tape *t, AdNode *x, const Mat *mask, double p);

#endif
