/* A classic mistake, for the grader to catch: first_mismatch leaves out atol, so values near zero that differ by less than atol count as mismatches.
 * exercise: gradcheck
 * expect: only a test without atol
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
	(void)atol;
	for (int i = 0; i < n; i++) {
		double a = analytic[i], b = numeric[i];
		if (!isfinite(a) || !isfinite(b) || !(fabs(a - b) <= rtol * fmax(fabs(a), fabs(b))))
			return i;
	}
	return -1;
}
