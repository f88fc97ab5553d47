/* A classic mistake, for the grader to catch: dropout applied at eval time too: the mask and the 1/(1 - p) scaling are used whatever the mode, where eval must be the identity.
 * exercise: dropout
 * expect: this case is eval \(training = 0\)
 * tensor: dx
 */
#include "gradlab_exercise.h"

void dropout_forward(double *y, const double *x, const double *mask, double p, int training,
		     int n)
{
	(void)training;
	for (int i = 0; i < n; i++)
		y[i] = x[i] * mask[i] / (1.0 - p);
}

void dropout_backward(double *dx, const double *dy, const double *mask, double p, int training,
		      int n)
{
	(void)training;
	for (int i = 0; i < n; i++)
		dx[i] += dy[i] * mask[i] / (1.0 - p);
}
