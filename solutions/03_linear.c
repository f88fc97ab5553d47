/* Solution to exercises/03_linear.c: y = x W^T + b and its backward. */
#include "gradlab_exercise.h"

void linear_forward(double *y, const double *x, const double *W, const double *b, int B, int I,
		    int O)
{
	for (int n = 0; n < B; n++)
		for (int o = 0; o < O; o++) {
			double s = b[o];
			for (int i = 0; i < I; i++)
				s += x[n * I + i] * W[o * I + i];
			y[n * O + o] = s;
		}
}

void linear_backward(double *dx, double *dW, double *db, const double *dy, const double *x,
		     const double *W, int B, int I, int O)
{
	/* forward: y[n,o] = sum_i x[n,i] W[o,i] + b[o];
	 * so dx[n,i] += sum_o dy[n,o] W[o,i], dW[o,i] += sum_n dy[n,o] x[n,i], db[o] += sum_n dy[n,o] */
	for (int n = 0; n < B; n++)
		for (int o = 0; o < O; o++) {
			double d = dy[n * O + o];
			for (int i = 0; i < I; i++) {
				dx[n * I + i] += d * W[o * I + i];
				dW[o * I + i] += d * x[n * I + i];
			}
			db[o] += d;
		}
}
