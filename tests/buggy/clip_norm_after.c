/* A classic mistake, for the grader to catch: returning the norm after clipping instead of the one measured before.
 * exercise: clip
 * expect: the norm after clipping
 * tensor: total_norm
 */
#include "gradlab_exercise.h"

#include <math.h>

double clip_grad_norm(double *const *grads, const int *sizes, int n_grads, double max_norm)
{
	double sum = 0;
	for (int k = 0; k < n_grads; k++)
		for (int i = 0; i < sizes[k]; i++)
			sum += grads[k][i] * grads[k][i];
	double total = sqrt(sum);
	double scale = max_norm / (total + 1e-6);
	if (scale < 1.0) {
		for (int k = 0; k < n_grads; k++)
			for (int i = 0; i < sizes[k]; i++)
				grads[k][i] *= scale;
		total *= scale; /* the norm the gradients have now */
	}
	return total;
}
