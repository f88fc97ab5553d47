/* Solution to exercises/13_layernorm.c: layer normalisation's backward. */
#include "gradlab_exercise.h"

#include <math.h>
#include <stddef.h>

void layernorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int D)
{
	for (int n = 0; n < N; n++) {
		const double *xr = x + (size_t)n * D, *dyr = dy + (size_t)n * D;
		double mean = 0, var = 0;
		for (int j = 0; j < D; j++)
			mean += xr[j];
		mean /= D;
		for (int j = 0; j < D; j++)
			var += (xr[j] - mean) * (xr[j] - mean);
		var /= D;
		double rstd = 1.0 / sqrt(var + eps);
		/* the batch-norm formula along a row: dx = rstd * (dxhat - mean(dxhat) -
		 * xhat * mean(dxhat * xhat)), with dxhat = dy * gamma */
		double sum_dxhat = 0, sum_dxhat_xhat = 0;
		for (int j = 0; j < D; j++) {
			double xhat = (xr[j] - mean) * rstd;
			dbeta[j] += dyr[j];
			dgamma[j] += dyr[j] * xhat;
			sum_dxhat += dyr[j] * gamma[j];
			sum_dxhat_xhat += dyr[j] * gamma[j] * xhat;
		}
		for (int j = 0; j < D; j++) {
			double xhat = (xr[j] - mean) * rstd;
			dx[(size_t)n * D + j] += rstd * (dyr[j] * gamma[j] - sum_dxhat / D -
							 xhat * sum_dxhat_xhat / D);
		}
	}
}
