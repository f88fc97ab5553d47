/* activation: the activation functions by name, as the lessons and the CLI call them.
 * In src/nn, on top of core/ad. A name and its parameter (leaky slope, elu alpha) select one
 * ad op, so every model that takes a "nonlinearity" shares this one table. */
#ifndef GRADLAB_ACTIVATION_H
#define GRADLAB_ACTIVATION_H

#include "core/ad.h"

typedef enum Activation {
	ACT_SIGMOID,
	ACT_TANH,
	ACT_RELU,
	ACT_LEAKY_RELU,
	ACT_ELU,
	ACT_LINEAR,
	ACT_COUNT
} Activation;

/* ST_OK and *out set, or ST_EINVAL naming the known activations. */
Status activation_parse(const char *name, Activation *out);
const char *activation_name(Activation a);
/* param: leaky_relu's negative slope, elu's alpha; ignored by the others. */
AdNode *activation_apply(Tape *t, Activation a, double param, AdNode *x);
/* f'(x) for plotting and for the lessons' bounds; at a kink the value PyTorch uses. */
double activation_derivative(Activation a, double param, double x);
double activation_value(Activation a, double param, double x);
/* The default parameter: 0.01 for leaky_relu (PyTorch's), 1.0 for elu. */
double activation_default_param(Activation a);

#endif
