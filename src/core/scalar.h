/* scalar: the sigmoid and tanh the tape evaluates millions of times. In src/core, under ad.
 * glibc's tanh goes through expm1 and costs about 16 ns here, more than everything else an
 * LSTM step does per unit; this one is Cephes' tanh (S. Moshier): a rational function near
 * zero, where 1 - 2/(e^{2x} + 1) would cancel, and that formula elsewhere. It stays within
 * 5e-16 relative of libm's, two or three units in the last place (tests/test_scalar.c). */
#ifndef GRADLAB_SCALAR_H
#define GRADLAB_SCALAR_H

#include <math.h>

/* x + x^3 P(x^2)/Q(x^2): tanh for |x| < 0.625 */
static inline double tanh_rational(double x)
{
	double s = x * x;
	double p = (-9.64399179425052238628e-1 * s - 9.92877231001918586564e1) * s -
		   1.61468768441708447952e3;
	double q = ((s + 1.12811678491632931402e2) * s + 2.23548839060100448583e3) * s +
		   4.84406305325125486048e3;
	return x + x * s * (p / q);
}

static inline double scalar_tanh(double x)
{
	double z = fabs(x);
	if (z > 354.0) /* e^{2z} would overflow; tanh is 1 to the last bit long before */
		return x > 0 ? 1.0 : -1.0;
	if (z >= 0.625) {
		double t = 1.0 - 2.0 / (exp(2.0 * z) + 1.0);
		return x < 0 ? -t : t;
	}
	if (x == 0.0)
		return x; /* keeps the sign of -0.0 */
	return tanh_rational(x);
}

/* sigmoid(x) = 1/2 + tanh(x/2)/2 where that is exact enough (the result is above 0.2 there,
 * so adding 1/2 loses nothing) and needs no exp; elsewhere the two forms that cannot
 * overflow: 1/(1 + e^-x) for x > 0, e^x/(1 + e^x) below. */
static inline double scalar_sigmoid(double x)
{
	if (fabs(x) < 1.25)
		return 0.5 + 0.5 * tanh_rational(0.5 * x);
	if (x > 0)
		return 1.0 / (1.0 + exp(-x));
	double e = exp(x);
	return e / (1.0 + e);
}

#endif
