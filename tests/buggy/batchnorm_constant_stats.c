/* A classic mistake, for the grader to catch: batch norm's backward with the mean and the variance treated as constants: dx = gamma * dy / sqrt(var + eps), the paths through mean and var forgotten (dgamma and dbeta are right).
 * exercise: batchnorm
 * expect: as if the mean and the variance were constants
 * tensor: dx
 */
#include "gradlab_exercise.h"

#include <math.h>

void batchnorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int C)
{
	for (int c = 0; c < C; c++) {
		double mean = 0, var = 0;
		for (int n = 0; n < N; n++)
			mean += x[n * C + c];
		mean /= N;
		for (int n = 0; n < N; n++)
			var += (x[n * C + c] - mean) * (x[n * C + c] - mean);
		var /= N;
		double rstd = 1.0 / sqrt(var + eps);
		for (int n = 0; n < N; n++) {
			double xhat = (x[n * C + c] - mean) * rstd, d = dy[n * C + c];
			dbeta[c] += d;
			dgamma[c] += d * xhat;
			dx[n * C + c] += gamma[c] * d * rstd;
		}
	}
}
