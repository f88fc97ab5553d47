/* Solution to exercises/01_activations.c: the backward pass of sigmoid, tanh and ReLU.
 * Each local derivative is written with the forward's output where that is cheapest:
 * sigmoid' = y (1 - y), tanh' = 1 - y^2. ReLU needs its input: relu'(x) = 1 if x > 0. */
#include "gradlab_exercise.h"

void sigmoid_backward(double *dx, const double *dy, const double *y, int n)
{
	/* forward: y = 1 / (1 + e^-x); so dx = dy * y * (1 - y) */
	for (int i = 0; i < n; i++)
		dx[i] += dy[i] * y[i] * (1.0 - y[i]);
}

void tanh_backward(double *dx, const double *dy, const double *y, int n)
{
	/* forward: y = tanh(x); so dx = dy * (1 - y^2) */
	for (int i = 0; i < n; i++)
		dx[i] += dy[i] * (1.0 - y[i] * y[i]);
}

void relu_backward(double *dx, const double *dy, const double *x, int n)
{
	/* forward: y = max(0, x); so dx = dy where x > 0, and 0 elsewhere (also at x = 0) */
	for (int i = 0; i < n; i++)
		if (x[i] > 0)
			dx[i] += dy[i];
}
