/* A classic mistake, for the grader to catch: batch norm's variance in one pass, E[x^2] - mean^2: right in exact arithmetic, but on values near 10000 with a spread of 0.1 the subtraction cancels about 8 digits (the paths through mean and var are there).
 * exercise: batchnorm
 * expect: right to a few digits only
 * tensor: dx
 */
#include "gradlab_exercise.h"

#include <math.h>

void batchnorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int C)
{
	for (int c = 0; c < C; c++) {
		double s = 0, s2 = 0;
		for (int n = 0; n < N; n++) {
			s += x[n * C + c];
			s2 += x[n * C + c] * x[n * C + c];
		}
		double mean = s / N, var = s2 / N - mean * mean;
		double rstd = 1.0 / sqrt(var + eps), dvar = 0, dmean = 0;
		for (int n = 0; n < N; n++) {
			double dxhat = dy[n * C + c] * gamma[c];
			dvar += dxhat * (x[n * C + c] - mean) * -0.5 * rstd * rstd * rstd;
			dmean += -dxhat * rstd;
			dbeta[c] += dy[n * C + c];
			dgamma[c] += dy[n * C + c] * (x[n * C + c] - mean) * rstd;
		}
		for (int n = 0; n < N; n++)
			dx[n * C + c] += dy[n * C + c] * gamma[c] * rstd +
					 dvar * 2 * (x[n * C + c] - mean) / N + dmean / N;
	}
}
