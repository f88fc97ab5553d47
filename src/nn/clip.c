/* clip: global-norm and by-value gradient clipping with PyTorch's semantics. */
#include "nn/clip.h"

#include <math.h>

double clip_global_norm(Mat *const *grads, int n)
{
	/* The norm of the per-matrix norms; hypot keeps the squares from overflowing. */
	double total = 0.0;
	for (int k = 0; k < n; k++)
		if (grads[k] && grads[k]->data)
			total = hypot(total, mat_norm(grads[k]));
	return total;
}

static Status check_list(const char *name, Mat *const *grads, int n, double limit,
			 const char *limit_name)
{
	if (!grads && n > 0)
		return status_fail(ST_EINVAL, "%s: no gradients given", name);
	if (n < 0)
		return status_fail(ST_EINVAL, "%s: the number of gradients must be >= 0, got %d",
				   name, n);
	if (!isfinite(limit) || limit < 0)
		return status_fail(ST_EINVAL, "%s: %s must be a finite number >= 0, got %g", name,
				   limit_name, limit);
	return ST_OK;
}

Status clip_grad_norm(Mat *const *grads, int n, double max_norm, double *total_norm)
{
	Status st = check_list("clip_grad_norm", grads, n, max_norm, "max_norm");
	if (st != ST_OK)
		return st;
	double total = clip_global_norm(grads, n);
	if (total_norm)
		*total_norm = total;
	if (!isfinite(total))
		return status_fail(ST_ENONFINITE,
				   "clip_grad_norm: the gradients' total norm is %g; nothing was scaled",
				   total);
	/* PyTorch's clip_coef, clamped at 1: g <- g * min(1, max_norm / (total + 1e-6)) */
	double scale = max_norm / (total + 1e-6);
	if (scale >= 1.0)
		return ST_OK;
	for (int k = 0; k < n; k++)
		if (grads[k] && grads[k]->data)
			for (size_t i = 0; i < mat_size(grads[k]); i++)
				grads[k]->data[i] *= scale;
	return ST_OK;
}

Status clip_grad_value(Mat *const *grads, int n, double clip_value, double *total_norm,
		       long *clipped)
{
	Status st = check_list("clip_grad_value", grads, n, clip_value, "clip_value");
	if (st != ST_OK)
		return st;
	if (total_norm)
		*total_norm = clip_global_norm(grads, n);
	long changed = 0;
	for (int k = 0; k < n; k++) {
		if (!grads[k] || !grads[k]->data)
			continue;
		for (size_t i = 0; i < mat_size(grads[k]); i++) {
			double *g = &grads[k]->data[i];
			if (*g > clip_value) {
				*g = clip_value;
				changed++;
			} else if (*g < -clip_value) {
				*g = -clip_value;
				changed++;
			}
		}
	}
	if (clipped)
		*clipped = changed;
	return ST_OK;
}
