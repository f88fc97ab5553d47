/* A classic mistake, for the grader to catch: the factor max_norm / total, without the 1e-6 that clip_grad_norm_ adds to total.
 * exercise: clip
 * expect: max_norm / \(total \+ 1e-6\), with
 * tensor: dW_ih
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
	double scale = max_norm / total;
	if (scale < 1.0)
		for (int k = 0; k < n_grads; k++)
			for (int i = 0; i < sizes[k]; i++)
				grads[k][i] *= scale;
	return total;
}
