/* linear: a fully connected layer y = x W^T + b, in PyTorch's layout (torch.nn.Linear):
 * weight is (out, in), bias is (1, out). In src/nn, on top of core/ad. The layer owns its
 * parameters and their gradients; linear_forward puts them on a tape as leaves. */
#ifndef GRADLAB_LINEAR_H
#define GRADLAB_LINEAR_H

#include "core/ad.h"

typedef struct Linear {
	Mat *weight, *bias;    /* (out, in), (1, out) */
	Mat *dweight, *dbias;  /* same shapes; backward adds into them */
} Linear;

/* PyTorch's default initialisation: uniform in +-1/sqrt(in). NULL when out of memory. */
Linear *linear_new(int in, int out, Rng *rng);
void linear_free(Linear *l);
/* x (N, in) -> (N, out). A layer whose bias is NULL (bias=False) adds none. */
AdNode *linear_forward(Tape *t, Linear *l, AdNode *x);

#endif
