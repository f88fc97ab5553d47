/* probe: what a network looks like at its initial weights, measured over the whole training
 * set, for the training lesson (08). In src/train, on loop and model. Two facts for the MLP
 * tasks (spirals, deep): each hidden layer's activation variance and the variance of the
 * per-example gradient reaching it (what Xavier and He initialisation try to keep), and the
 * noise of a mini-batch gradient around the full-batch one for a range of batch sizes (what
 * a batch buys for its cost). A probe leaves the run as it found it: the weights, the
 * dropout streams and batch norm's running statistics are restored, and its mini-batches
 * come from a stream of their own, so a probed run trains to the same numbers bit for bit. */
#ifndef GRADLAB_TRAIN_PROBE_H
#define GRADLAB_TRAIN_PROBE_H

#include "train/loop.h"

#define PROBE_MAX_SIZES 12

/* Each hidden layer k (tr->c.model.layers of them): the variance over the training set and
 * the layer's units of its output h_k, and of N * dL/dh_k (L the mean loss over N examples:
 * one example's own gradient). ST_EINVAL (with status_detail) for a task without an MLP. */
Status probe_layers(Trainer *tr, double *act_var, double *grad_var);

typedef struct ProbeNoise {
	int batch;          /* examples per step: the cost of one step */
	long steps_per_epoch; /* ceil(N / batch): steps for one pass over the training set */
	double noise;       /* sqrt(mean over draws of |g_B - g|^2) / |g| */
} ProbeNoise;

/* The full-batch gradient g over the N training examples, then for each batch size B in
 * 1, 4, 16, 64, ... below N, and N itself, `draws` mini-batches drawn with replacement:
 * their gradients' root-mean-square distance from g, relative to |g|. *n gets how many
 * rows of out (at most PROBE_MAX_SIZES) were filled. */
Status probe_grad_noise(Trainer *tr, int draws, ProbeNoise *out, int *n);

#endif
