/* Solution to exercises/11_dropout.c: inverted dropout, as torch.nn.Dropout. */
#include "gradlab_exercise.h"

void dropout_forward(double *y, const double *x, const double *mask, double p, int training,
		     int n)
{
	/* Dividing by 1 - p keeps E[y] = x, so eval needs no change: it is the identity. */
	double scale = 1.0 / (1.0 - p);
	for (int i = 0; i < n; i++)
		y[i] = training ? x[i] * mask[i] * scale : x[i];
}

void dropout_backward(double *dx, const double *dy, const double *mask, double p, int training,
		      int n)
{
	/* y is x times a constant per unit, so dy is multiplied by the same constant. */
	double scale = 1.0 / (1.0 - p);
	for (int i = 0; i < n; i++)
		dx[i] += training ? dy[i] * mask[i] * scale : dy[i];
}
