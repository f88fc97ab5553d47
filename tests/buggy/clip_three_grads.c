/* A classic mistake, for the grader to catch: clipping that assumes the three gradients of an RNN (dW_ih, dW_hh, db) instead of the n_grads it is given.
 * exercise: clip
 * expect: norm of the first 3 gradients only
 * tensor: total_norm
 */
#include "gradlab_exercise.h"

#include <math.h>

double clip_grad_norm(double *const *grads, const int *sizes, int n_grads, double max_norm)
{
	(void)n_grads; /* "always dW_ih, dW_hh and db" */
	double sum = 0;
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < sizes[k]; i++)
			sum += grads[k][i] * grads[k][i];
	double total = sqrt(sum);
	double scale = max_norm / (total + 1e-6);
	if (scale < 1.0)
		for (int k = 0; k < 3; k++)
			for (int i = 0; i < sizes[k]; i++)
				grads[k][i] *= scale;
	return total;
}
