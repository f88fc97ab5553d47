/* A classic mistake, for the grader to catch: dropout without the 1/(1 - p) scaling: the kept units pass as they are, so the expected output in training is (1 - p) x, not x.
 * exercise: dropout
 * expect: without the 1/\(1 - p\) scaling
 * tensor: dx
 */
#include "gradlab_exercise.h"

void dropout_forward(double *y, const double *x, const double *mask, double p, int training,
		     int n)
{
	(void)p;
	for (int i = 0; i < n; i++)
		y[i] = training ? x[i] * mask[i] : x[i];
}

void dropout_backward(double *dx, const double *dy, const double *mask, double p, int training,
		      int n)
{
	(void)p;
	for (int i = 0; i < n; i++)
		dx[i] += training ? dy[i] * mask[i] : dy[i];
}
