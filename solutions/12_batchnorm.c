/* Solution to exercises/12_batchnorm.c: batch normalisation's backward, training mode. */
#include "gradlab_exercise.h"

#include <math.h>

void batchnorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int C)
{
	for (int c = 0; c < C; c++) {
		/* two passes: the deviations first, so values far from 0 lose nothing */
		double mean = 0, var = 0;
		for (int n = 0; n < N; n++)
			mean += x[n * C + c];
		mean /= N;
		for (int n = 0; n < N; n++)
			var += (x[n * C + c] - mean) * (x[n * C + c] - mean);
		var /= N;
		double rstd = 1.0 / sqrt(var + eps);
		/* dxhat = dy * gamma; the paths through the mean and the variance leave
		 * dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) */
		double sum_dxhat = 0, sum_dxhat_xhat = 0;
		for (int n = 0; n < N; n++) {
			double xhat = (x[n * C + c] - mean) * rstd, d = dy[n * C + c];
			dbeta[c] += d;
			dgamma[c] += d * xhat;
			sum_dxhat += d * gamma[c];
			sum_dxhat_xhat += d * gamma[c] * xhat;
		}
		for (int n = 0; n < N; n++) {
			double xhat = (x[n * C + c] - mean) * rstd;
			dx[n * C + c] += rstd * (dy[n * C + c] * gamma[c] - sum_dxhat / N -
						 xhat * sum_dxhat_xhat / N);
		}
	}
}
