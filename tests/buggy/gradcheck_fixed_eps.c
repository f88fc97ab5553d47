/* A classic mistake, for the grader to catch: a checker that ignores its eps argument and always steps by 1e-5, so its numbers are not the central differences the caller asked for.
 * exercise: gradcheck
 * expect: not with the eps passed in
 * tensor: grad
 */
#include "gradlab_exercise.h"

#include <math.h>

void numeric_gradient(double *grad, loss_fn f, void *ctx, double *x, int n, double eps)
{
	(void)eps;
	const double h = 1e-5; /* "a good step": but the caller chose eps */
	for (int i = 0; i < n; i++) {
		double old = x[i];
		x[i] = old + h;
		double up = f(x, n, ctx);
		x[i] = old - h;
		double down = f(x, n, ctx);
		x[i] = old;
		grad[i] = (up - down) / (2.0 * h);
	}
}

int first_mismatch(const double *analytic, const double *numeric, int n, double atol,
		   double rtol)
{
	for (int i = 0; i < n; i++) {
		double a = analytic[i], b = numeric[i];
		if (!isfinite(a) || !isfinite(b) ||
		    !(fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b))))
			return i;
	}
	return -1;
}
