/* A classic mistake, for the grader to catch: a sign error: onehot - probs instead of probs - onehot.
 * exercise: softmax_xent
 * expect: dlogits.*wrong sign|wrong sign
 * tensor: dlogits
 */
#include "gradlab_exercise.h"

#include <math.h>

void softmax_forward(double *y, const double *x, int B, int C)
{
	for (int b = 0; b < B; b++) {
		const double *xr = x + (long)b * C;
		double *yr = y + (long)b * C;
		/* Subtracting the row's largest value changes nothing mathematically and keeps
		 * exp() from overflowing on large logits. */
		double mx = xr[0];
		for (int j = 1; j < C; j++)
			if (xr[j] > mx)
				mx = xr[j];
		double sum = 0;
		for (int j = 0; j < C; j++) {
			yr[j] = exp(xr[j] - mx);
			sum += yr[j];
		}
		for (int j = 0; j < C; j++)
			yr[j] /= sum;
	}
}

void softmax_backward(double *dx, const double *dy, const double *y, int B, int C)
{
	/* forward: y_i = e^x_i / sum_j e^x_j; dy_i/dx_k = y_i (delta_ik - y_k);
	 * so dx_k = sum_i dy_i y_i (delta_ik - y_k) = y_k (dy_k - sum_i dy_i y_i) */
	for (int b = 0; b < B; b++) {
		const double *dyr = dy + (long)b * C, *yr = y + (long)b * C;
		double *dxr = dx + (long)b * C;
		double dot = 0;
		for (int j = 0; j < C; j++)
			dot += dyr[j] * yr[j];
		for (int j = 0; j < C; j++)
			dxr[j] += yr[j] * (dyr[j] - dot);
	}
}

void softmax_xent_backward(double *dlogits, const double *probs, const int *target, double dloss,
			   int B, int C)
{
	/* forward: loss = -(1/B) sum_b log p[b, target[b]]; so dlogits = (p - onehot) / B */
	for (int b = 0; b < B; b++)
		for (int j = 0; j < C; j++) {
			double g = (j == target[b] ? 1.0 : 0.0) - probs[(long)b * C + j];
			dlogits[(long)b * C + j] += dloss * g / B;
		}
}
