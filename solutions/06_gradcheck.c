/* Solution to exercises/06_gradcheck.c: central differences, and gradlab's tolerance rule. */
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
		x[i] = old; /* exactly the old value: adding and subtracting eps may not give it back */
		grad[i] = (up - down) / (2.0 * eps);
	}
}

int first_mismatch(const double *analytic, const double *numeric, int n, double atol,
		   double rtol)
{
	for (int i = 0; i < n; i++) {
		double a = analytic[i], b = numeric[i];
		/* An infinity never agrees (|inf - inf| is NaN, and atol + rtol * inf would let
		 * inf match any finite value); the test is written so that a NaN fails too:
		 * every comparison with NaN is false. */
		if (!isfinite(a) || !isfinite(b) ||
		    !(fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b))))
			return i;
	}
	return -1;
}
