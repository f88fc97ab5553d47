/* activation: name table and scalar formulas for the activations. */
#include "nn/activation.h"

#include "core/scalar.h"

#include <math.h>
#include <string.h>

static const char *const names[ACT_COUNT] = { "sigmoid", "tanh", "relu", "leaky_relu", "elu",
					      "linear" };

Status activation_parse(const char *name, Activation *out)
{
	int a;
	Status st = status_name_index("activation", names, ACT_COUNT, name, &a);
	if (st == ST_OK)
		*out = (Activation)a;
	return st;
}

const char *activation_name(Activation a)
{
	return a >= 0 && a < ACT_COUNT ? names[a] : "?";
}

double activation_default_param(Activation a)
{
	return a == ACT_LEAKY_RELU ? 0.01 : a == ACT_ELU ? 1.0 : 0.0;
}

AdNode *activation_apply(Tape *t, Activation a, double param, AdNode *x)
{
	switch (a) {
	case ACT_SIGMOID: return ad_sigmoid(t, x);
	case ACT_TANH: return ad_tanh(t, x);
	case ACT_RELU: return ad_relu(t, x);
	case ACT_LEAKY_RELU: return ad_leaky_relu(t, x, param);
	case ACT_ELU: return ad_elu(t, x, param);
	case ACT_LINEAR: return x;
	default: return ad_fail(t, ST_EINVAL, "unknown activation %d", (int)a);
	}
}

double activation_value(Activation a, double param, double x)
{
	switch (a) {
	case ACT_SIGMOID: return scalar_sigmoid(x);
	case ACT_TANH: return scalar_tanh(x);
	case ACT_RELU: return x > 0 ? x : 0.0;
	case ACT_LEAKY_RELU: return x > 0 ? x : param * x;
	case ACT_ELU: return x > 0 ? x : param * expm1(x);
	default: return x;
	}
}

double activation_derivative(Activation a, double param, double x)
{
	double y = activation_value(a, param, x);
	switch (a) {
	case ACT_SIGMOID: return y * (1.0 - y);
	case ACT_TANH: return 1.0 - y * y;
	case ACT_RELU: return x > 0 ? 1.0 : 0.0;
	case ACT_LEAKY_RELU: return x > 0 ? 1.0 : param;
	case ACT_ELU: return x > 0 ? 1.0 : param * exp(x);
	default: return 1.0;
	}
}
