/* A classic mistake, for the grader to catch: softmax without subtracting the row's largest value: exp(1000) overflows to inf and the row becomes NaN.
 * exercise: softmax_xent
 * expect: exp\(1000\) overflows
 * tensor: y
 */
#include "gradlab_exercise.h"

#include <math.h>

void softmax_forward(double *y, const double *x, int B, int C)
{
	for (int b = 0; b < B; b++) {
		double sum = 0;
		for (int j = 0; j < C; j++)
			sum += y[(long)b * C + j] = exp(x[(long)b * C + j]);
		for (int j = 0; j < C; j++)
			y[(long)b * C + j] /= sum;
	}
}

void softmax_backward(double *dx, const double *dy, const double *y, int B, int C)
{
	/* forward: y_i = e^x_i / sum_j e^x_j; so dx_k = y_k (dy_k - sum_i dy_i y_i) */
	for (int b = 0; b < B; b++) {
		double dot = 0;
		for (int j = 0; j < C; j++)
			dot += dy[(long)b * C + j] * y[(long)b * C + j];
		for (int j = 0; j < C; j++)
			dx[(long)b * C + j] += y[(long)b * C + j] * (dy[(long)b * C + j] - dot);
	}
}

void softmax_xent_backward(double *dlogits, const double *probs, const int *target, double dloss,
			   int B, int C)
{
	/* forward: loss = -(1/B) sum_b log p[b, target[b]]; so dlogits = (p - onehot) / B */
	for (int b = 0; b < B; b++)
		for (int j = 0; j < C; j++)
			dlogits[(long)b * C + j] +=
				dloss * (probs[(long)b * C + j] - (j == target[b] ? 1.0 : 0.0)) / B;
}
