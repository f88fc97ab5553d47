/* Solution to exercises/07_clip.c: clipping by global norm, PyTorch's clip_grad_norm_. */
#include "gradlab_exercise.h"

#include <math.h>

double clip_grad_norm(double *const *grads, const int *sizes, int n_grads, double max_norm)
{
	double sum = 0;
	for (int k = 0; k < n_grads; k++)
		for (int i = 0; i < sizes[k]; i++)
			sum += grads[k][i] * grads[k][i];
	double total = sqrt(sum);
	/* One factor for every value of every gradient: the direction is kept, the length capped. */
	double scale = max_norm / (total + 1e-6);
	if (scale < 1.0)
		for (int k = 0; k < n_grads; k++)
			for (int i = 0; i < sizes[k]; i++)
				grads[k][i] *= scale;
	return total;
}
