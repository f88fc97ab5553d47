/* A classic mistake, for the grader to catch: softmax whose running maximum starts at 0 instead of the row's first logit: a row of logits all below -745 subtracts 0, and every exp underflows to 0, 0/0.
 * exercise: softmax_xent
 * expect: below -708.*underflows
 * tensor: y
 */
#include "gradlab_exercise.h"

#include <math.h>

void softmax_forward(double *y, const double *x, int B, int C)
{
	for (int b = 0; b < B; b++) {
		const double *xr = x + (long)b * C;
		double *yr = y + (long)b * C;
		double mx = 0; /* should start at xr[0] */
		for (int j = 0; j < C; j++)
			if (xr[j] > mx)
				mx = xr[j];
		double sum = 0;
		for (int j = 0; j < C; j++)
			sum += yr[j] = exp(xr[j] - mx);
		for (int j = 0; j < C; j++)
			yr[j] /= sum;
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
