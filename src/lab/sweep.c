/* sweep: one function, two precisions, twelve steps. */
#include "lab/sweep.h"

#include "core/rng.h"
#include "nn/activation.h"

#include <math.h>
#include <string.h>

#define RNN_H 4
#define RNN_I 3

typedef struct RnnCell {
	double W_ih[RNN_H][RNN_I], W_hh[RNN_H][RNN_H], b[RNN_H], x[RNN_I], h0[RNN_H], r[RNN_H];
} RnnCell;

/* The activations and the cell, once per precision. REAL is float or double; the float
 * versions call the float libm functions, as a float32 framework would. */
#define DEFINE_FUNCTIONS(REAL, SUFFIX, EXP, EXPM1, TANH)                                     \
	static REAL act_##SUFFIX(Activation a, REAL slope, REAL x)                            \
	{                                                                                     \
		switch (a) {                                                                  \
		case ACT_SIGMOID: return x >= 0 ? 1 / (1 + EXP(-x)) : EXP(x) / (1 + EXP(x));   \
		case ACT_TANH: return TANH(x);                                                \
		case ACT_RELU: return x > 0 ? x : 0;                                          \
		case ACT_LEAKY_RELU: return x > 0 ? x : slope * x;                            \
		case ACT_ELU: return x > 0 ? x : slope * EXPM1(x);                            \
		default: return x;                                                            \
		}                                                                             \
	}                                                                                     \
	/* L = sum_j r_j tanh(sum_k W_ih[j][k] x_k + b_j + sum_k W_hh[j][k] h0_k), with      \
	 * W_hh[0][0] replaced by w */                                                       \
	static REAL rnn_loss_##SUFFIX(const RnnCell *c, REAL w)                               \
	{                                                                                     \
		REAL L = 0;                                                                   \
		for (int j = 0; j < RNN_H; j++) {                                             \
			REAL a = (REAL)c->b[j];                                               \
			for (int k = 0; k < RNN_I; k++)                                       \
				a += (REAL)c->W_ih[j][k] * (REAL)c->x[k];                     \
			for (int k = 0; k < RNN_H; k++)                                       \
				a += (j == 0 && k == 0 ? w : (REAL)c->W_hh[j][k]) * (REAL)c->h0[k]; \
			L += (REAL)c->r[j] * TANH(a);                                         \
		}                                                                             \
		return L;                                                                     \
	}

DEFINE_FUNCTIONS(double, d, exp, expm1, tanh)
DEFINE_FUNCTIONS(float, f, expf, expm1f, tanhf)

static const char *const single_models[] = { "sigmoid", "tanh", "relu", "leaky_relu", "elu",
					     "rnn" };

int sweep_has_single(const char *model)
{
	for (size_t i = 0; i < sizeof single_models / sizeof single_models[0]; i++)
		if (strcmp(model, single_models[i]) == 0)
			return 1;
	return 0;
}

/* L at x + step in the given precision: the step is added in that precision too, so the
 * perturbation a float program really makes is the one measured. */
typedef struct Problem {
	int is_rnn;
	Activation act;
	double param;
	RnnCell cell;
} Problem;

static double eval(const Problem *p, int single, double x, double step, double *taken)
{
	if (single) {
		float xf = (float)x, xs = xf + (float)step;
		*taken = (double)xs - (double)xf;
		return p->is_rnn ? rnn_loss_f(&p->cell, xs) : act_f(p->act, (float)p->param, xs);
	}
	double xs = x + step;
	*taken = xs - x;
	return p->is_rnn ? rnn_loss_d(&p->cell, xs) : act_d(p->act, p->param, xs);
}

Status sweep_precisions(const char *model, double x, uint64_t seed, Sweep *out)
{
	memset(out, 0, sizeof *out);
	Problem p = { 0 };
	if (strcmp(model, "rnn") == 0) {
		Rng rng;
		rng_seed(&rng, seed);
		double *all = &p.cell.W_ih[0][0];
		for (size_t i = 0; i < sizeof p.cell / sizeof(double); i++)
			all[i] = rng_range(&rng, -1, 1);
		p.is_rnn = 1;
		x = p.cell.W_hh[0][0];
		/* dL/dW_hh[0][0] = r_0 tanh'(a_0) h0_0 */
		double a0 = p.cell.b[0];
		for (int k = 0; k < RNN_I; k++)
			a0 += p.cell.W_ih[0][k] * p.cell.x[k];
		for (int k = 0; k < RNN_H; k++)
			a0 += p.cell.W_hh[0][k] * p.cell.h0[k];
		out->analytic = p.cell.r[0] * (1 - tanh(a0) * tanh(a0)) * p.cell.h0[0];
	} else {
		if (!sweep_has_single(model) || activation_parse(model, &p.act) != ST_OK)
			return status_fail(ST_EINVAL,
					   "single precision is available for sigmoid, tanh, relu, leaky_relu, elu and rnn, not '%s'",
					   model);
		p.param = activation_default_param(p.act);
		out->analytic = activation_derivative(p.act, p.param, x);
	}
	out->x = x;
	double scale = fabs(out->analytic) > 0 ? fabs(out->analytic) : 1.0;
	for (int prec = 0; prec < 2; prec++) {
		double taken, base = eval(&p, prec, x, 0, &taken);
		double eps = 1e-1;
		for (int s = 0; s < SWEEP_STEPS; s++, eps /= 10) {
			double hp, hm;
			double fp = eval(&p, prec, x, eps, &hp), fm = eval(&p, prec, x, -eps, &hm);
			out->eps[s] = eps;
			/* A step below float's resolution leaves x unchanged: the difference is 0/0. */
			double central = hp - hm != 0 ? (fp - fm) / (hp - hm) : NAN;
			double forward = hp != 0 ? (fp - base) / hp : NAN;
			out->central[prec][s] = fabs(central - out->analytic) / scale;
			out->forward[prec][s] = fabs(forward - out->analytic) / scale;
		}
		int best = 0;
		for (int s = 1; s < SWEEP_STEPS; s++)
			if (out->central[prec][s] < out->central[prec][best] || isnan(out->central[prec][best]))
				best = s;
		out->best[prec] = best;
	}
	return ST_OK;
}
