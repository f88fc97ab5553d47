/* A classic mistake, for the grader to catch: layer norm's backward with the row's mean and variance treated as constants: dx = gamma * dy / sqrt(var + eps) (dgamma and dbeta are right).
 * exercise: layernorm
 * expect: as if the mean and the variance were constants
 * tensor: dx
 */
#include "gradlab_exercise.h"

#include <math.h>

void layernorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int D)
{
	for (int n = 0; n < N; n++) {
		double mean = 0, var = 0;
		for (int j = 0; j < D; j++)
			mean += x[n * D + j];
		mean /= D;
		for (int j = 0; j < D; j++)
			var += (x[n * D + j] - mean) * (x[n * D + j] - mean);
		var /= D;
		double rstd = 1.0 / sqrt(var + eps);
		for (int j = 0; j < D; j++) {
			double xhat = (x[n * D + j] - mean) * rstd, d = dy[n * D + j];
			dbeta[j] += d;
			dgamma[j] += d * xhat;
			dx[n * D + j] += gamma[j] * d * rstd;
		}
	}
}
