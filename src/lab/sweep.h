/* sweep: the step-size sweep in double and in single precision side by side, where learners
 * meet false gradient-check failures. In src/lab, on nn/activation. For the activations the
 * function is f(x) at one point; for the RNN cell it is L = sum_j r_j h_j with
 * h = tanh(W_ih x + b_ih + W_hh h0 + b_hh), differentiated by W_hh[0][0]. The same code is
 * compiled for float and double, so the two columns differ only in precision. Data only. */
#ifndef GRADLAB_SWEEP_H
#define GRADLAB_SWEEP_H

#include "core/status.h"

#include <stdint.h>

#define SWEEP_STEPS 12

typedef struct Sweep {
	double x;                          /* the point (activations) or W_hh[0][0] (rnn) */
	double analytic;                   /* the exact derivative, in double */
	double eps[SWEEP_STEPS];           /* 1e-1 down to 1e-12 */
	/* |numeric - analytic| / |analytic| for the central and one-sided differences */
	double central[2][SWEEP_STEPS];    /* [0] double, [1] single */
	double forward[2][SWEEP_STEPS];
	int best[2];                       /* the step with the smallest central error */
} Sweep;

/* 1 when sweep_precisions can do `model` in single precision. */
int sweep_has_single(const char *model);
/* model: sigmoid, tanh, relu, leaky_relu, elu or rnn. x: the point for the activations;
 * seed: the RNN cell's values (H = 4, I = 3). */
Status sweep_precisions(const char *model, double x, uint64_t seed, Sweep *out);

#endif
