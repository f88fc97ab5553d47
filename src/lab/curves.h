/* curves: each activation and its derivative over a range of inputs, with the places the
 * lesson on activations points at: where f' < 0.01 (saturation: almost no gradient passes)
 * and where f' is exactly 0 (a dead ReLU passes none). In src/lab, on nn/activation.
 * Data only; src/plot draws it. */
#ifndef GRADLAB_CURVES_H
#define GRADLAB_CURVES_H

#include "nn/activation.h"

#define CURVES_SATURATED 0.01

typedef struct Curve {
	Activation act;
	double param;      /* leaky slope or elu alpha */
	int n;
	double *x, *f, *df; /* n points each */
	int saturated;     /* points with |f'| < CURVES_SATURATED */
	int dead;          /* points with f' == 0 exactly */
	/* The same points for a plot, plus, where f' jumps (relu's at 0), its limits from the
	 * left and from the right at that very x, so that a line through them rises straight
	 * up as f' does, instead of a ramp from the sample before to the one after. */
	int n_plot;
	double *px, *pf, *pdf;
} Curve;

/* n points from `from` to `to` inclusive (n >= 1; n == 1 evaluates at `from` only), and
 * the plot's points. NULL with status_detail() when out of memory or n < 1. */
Curve *curves_compute(Activation act, double param, double from, double to, int n);
void curves_free(Curve *c);

/* The x where f' jumps inside [from, to], in *x: 0 for relu, and for leaky_relu and elu
 * unless their slope or alpha is 1. Returns how many (0 or 1). */
int curves_jumps(Activation act, double param, double from, double to, double *x);

#endif
