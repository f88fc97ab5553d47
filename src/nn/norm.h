/* norm: layer normalisation and batch normalisation, in PyTorch's layout and defaults
 * (torch.nn.LayerNorm, torch.nn.BatchNorm1d/2d). In src/nn, on core/ad's fused ops
 * (core/ad_layers.c). Each layer owns its parameters and their gradients, as nn/linear's
 * Linear does; a BatchNorm also owns its running statistics, which a training forward
 * updates and an eval forward normalises with. */
#ifndef GRADLAB_NORM_H
#define GRADLAB_NORM_H

#include "core/ad.h"

typedef struct LayerNorm {
	int dim;
	double eps;            /* 1e-5 */
	Mat *weight, *bias;    /* (1, dim): ones and zeros at first */
	Mat *dweight, *dbias;  /* same shapes; backward adds into them */
} LayerNorm;

/* NULL when out of memory (or dim < 1). */
LayerNorm *layer_norm_new(int dim, double eps);
void layer_norm_free(LayerNorm *l);
/* x (N, dim) -> (N, dim), every row normalised. */
AdNode *layer_norm_forward(Tape *t, LayerNorm *l, AdNode *x);
/* The trainable parameters, for an optimizer: weight then bias, with their gradients;
 * returns 2. (A BatchNorm's running statistics are buffers: saved, never stepped.) */
int layer_norm_params(LayerNorm *l, Mat *values[2], Mat *grads[2]);

typedef struct BatchNorm {
	int channels;
	double eps, momentum;              /* 1e-5 and 0.1 */
	Mat *weight, *bias;                /* (1, C): ones and zeros at first */
	Mat *dweight, *dbias;
	Mat *running_mean, *running_var;   /* (1, C): zeros and ones at first */
	long batches_tracked;              /* training forwards so far (num_batches_tracked) */
} BatchNorm;

BatchNorm *batch_norm_new(int channels, double eps, double momentum);
void batch_norm_free(BatchNorm *b);
/* x holds N x C x spatial numbers in row-major order (an MLP's (N, C) with spatial 1; an
 * image batch N x C x H x W, as a Mat of (N*C*H, W), with spatial H*W); the result has x's
 * shape. Training: normalised by the batch's statistics, and the running ones move towards
 * them: running = (1 - momentum) running + momentum batch, the variance unbiased
 * (n/(n-1)) there though biased in the normalisation, as PyTorch. Eval: normalised by the
 * running statistics, which stay. */
AdNode *batch_norm_forward(Tape *t, BatchNorm *b, AdNode *x, int spatial, int training);
int batch_norm_params(BatchNorm *b, Mat *values[2], Mat *grads[2]);
/* The running update alone, from x's values (batch_norm_forward's training step). */
void batch_norm_update_running(BatchNorm *b, const Mat *x, int spatial);

#endif
