/* clip: gradient clipping, the usual cure for exploding gradients in recurrent networks.
 * In src/nn, on plain Mat (it runs after backward, on the gradients a model owns). Both
 * clippers work on a list of gradient matrices in place and report the global 2-norm that
 * the gradients had before clipping, as torch.nn.utils.clip_grad_norm_ returns it. */
#ifndef GRADLAB_CLIP_H
#define GRADLAB_CLIP_H

#include "core/mat.h"
#include "core/status.h"

/* sqrt(sum over every matrix and element of g^2), computed without overflow or underflow
 * for norms near 1e+300 or 1e-300; inf or NaN when an element is. NULL entries are skipped. */
double clip_global_norm(Mat *const *grads, int n);

/* PyTorch's clip_grad_norm_ (2-norm): total = clip_global_norm(grads); scale = max_norm /
 * (total + 1e-6); when scale < 1 every element is multiplied by it, else nothing changes.
 * So the norm after clipping is max_norm * total / (total + 1e-6), just under max_norm.
 * *total_norm (if not NULL) gets the norm before clipping. ST_EINVAL when max_norm is not
 * a finite number >= 0; ST_ENONFINITE, with the gradients untouched, when the norm is inf
 * or NaN (like error_if_nonfinite=True: scaling by 0 or NaN would hide the explosion). */
Status clip_grad_norm(Mat *const *grads, int n, double max_norm, double *total_norm);

/* PyTorch's clip_grad_value_: every element is clamped to [-clip_value, clip_value]; a NaN
 * stays NaN. *total_norm (if not NULL) gets the global norm before clipping and *clipped
 * (if not NULL) how many elements were changed. ST_EINVAL when clip_value is not a finite
 * number >= 0. */
Status clip_grad_value(Mat *const *grads, int n, double clip_value, double *total_norm,
		       long *clipped);

#endif
