/* A classic mistake, for the grader to catch: a one-sided difference: (f(x + eps) - f(x)) / eps, whose error shrinks only like eps, not eps^2.
 * exercise: gradcheck
 * expect: grad\[
 * tensor: grad
 */
#include "gradlab_exercise.h"

#include <math.h>

void numeric_gradient(double *grad, loss_fn f, void *ctx, double *x, int n, double eps)
{
	for (int i = 0; i < n; i++) {
		double old = x[i];
		x[i] = old + eps;
		double up = f(x, n, ctx);
		x[i] = old;
		double here = f(x, n, ctx);
		grad[i] = (up - here) / eps;
	}
}

int first_mismatch(const double *analytic, const double *numeric, int n, double atol,
		   double rtol)
{
	for (int i = 0; i < n; i++) {
		double a = analytic[i], b = numeric[i];
		/* An infinity never agrees; written so that a NaN fails too. */
		if (!isfinite(a) || !isfinite(b) ||
		    !(fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b))))
			return i;
	}
	return -1;
}
