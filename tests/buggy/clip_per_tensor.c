/* A classic mistake, for the grader to catch: each gradient clipped by its own norm, which changes the direction of the whole update.
 * exercise: clip
 * expect: clipped by its own norm|its own norm .* is within max_norm
 * tensor: dW_ih
 */
#include "gradlab_exercise.h"

#include <math.h>

double clip_grad_norm(double *const *grads, const int *sizes, int n_grads, double max_norm)
{
	double sum = 0;
	for (int k = 0; k < n_grads; k++) {
		double own = 0;
		for (int i = 0; i < sizes[k]; i++)
			own += grads[k][i] * grads[k][i];
		sum += own;
		double scale = max_norm / (sqrt(own) + 1e-6);
		if (scale < 1.0)
			for (int i = 0; i < sizes[k]; i++)
				grads[k][i] *= scale;
	}
	return sqrt(sum);
}
