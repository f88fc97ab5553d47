/* A classic mistake, for the grader to catch: clipping each element to [-max_norm, max_norm] instead of scaling all of them by one factor from the global norm.
 * exercise: clip
 * expect: dW_ih
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
	/* One factor for every value of every gradient: the direction is kept, the length capped. */
	for (int k = 0; k < n_grads; k++)
		for (int i = 0; i < sizes[k]; i++)
			grads[k][i] = fmax(-max_norm, fmin(max_norm, grads[k][i]));
	return total;
}
