/* A classic mistake, for the grader to catch: first_mismatch tests only the analytic side for NaN, and |a - b| > tol is false when b is NaN.
 * exercise: gradcheck
 * expect: numeric\[[0-9]+\] is NaN
 * tensor: returned
 */
#include "gradlab_exercise.h"

#include <math.h>

void numeric_gradient(double *grad, loss_fn f, void *ctx, double *x, int n, double eps)
{
	for (int i = 0; i < n; i++) {
		double old = x[i];
		x[i] = old + eps;
		double up = f(x, n, ctx);
		x[i] = old - eps;
		double down = f(x, n, ctx);
		x[i] = old;
		grad[i] = (up - down) / (2.0 * eps);
	}
}

int first_mismatch(const double *analytic, const double *numeric, int n, double atol,
		   double rtol)
{
	for (int i = 0; i < n; i++) {
		double a = analytic[i], b = numeric[i];
		if (isnan(a) || isinf(a) || isinf(b) ||
		    fabs(a - b) > atol + rtol * fmax(fabs(a), fabs(b)))
			return i;
	}
	return -1;
}
