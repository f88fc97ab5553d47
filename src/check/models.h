/* models: the built-in functions that `gradlab check` (and the benchmark) can prove, each
 * as a gradient-check problem with named tensors, sizes and a seed. In src/check, above nn.
 * Elementwise functions are checked through a random upstream gradient R, with
 * L = sum(f(x) .* R), so every entry of the Jacobian is exercised, not just its row sums. */
#ifndef GRADLAB_MODELS_H
#define GRADLAB_MODELS_H

#include "check/gradcheck.h"

#include <stdint.h>
#include <stdio.h>

typedef struct CheckConfig {
	int batch, input, hidden, output, steps;
	double slope, alpha;   /* leaky_relu's negative slope, elu's alpha */
	const char *act;       /* the rnn's nonlinearity by name; NULL for tanh */
	uint64_t seed;
	/* Recurrent models only. With init or spectral_norm set, W_hh is made as `gradlab norms`
	 * makes it (init_gate_blocks): "orthogonal" (the default) or "gaussian" blocks of
	 * spectral norm spectral_norm (default 1); otherwise PyTorch's uniform init stays. */
	const char *init;
	double spectral_norm; /* 0: not given */
	const char *loss;      /* "all" (NULL): L = sum_t <R_t, h_t>; "last": <R_T, h_T> */
	const char *broken;    /* a teaching fault (check/faults.h) by name; NULL: none */
} CheckConfig;

/* Sizes that make a small, quick check. */
CheckConfig check_config_defaults(void);

/* The most one check may cost: this much work over all its evaluations (multiply-adds, and
 * CHECK_NODE_WORK for each node of the tape at each evaluation), a few seconds, and this
 * many values in all its tensors. */
#define CHECK_MAX_WORK 4e9
/* What one node of the tape costs at one evaluation, in multiply-adds: about 12 ns on a
 * node of one number, against 0.7 ns a multiply-add in the products. */
#define CHECK_NODE_WORK 20
#define CHECK_MAX_VALUES 4000000
#define CHECK_MAX_SIZE 4096

typedef struct CheckModel CheckModel;

/* NULL with status_detail() set: unknown name, a size out of range, or a check so large
 * that it would take minutes (fast > 0 counts 2*fast evaluations instead of two per value). */
CheckModel *check_model_new(const char *name, const CheckConfig *c, int fast);
void check_model_free(CheckModel *m);
GcProblem check_model_problem(CheckModel *m);

/* Print "name  summary" lines of every built-in model. */
void check_models_list(FILE *out);
int check_models_count(void);
const char *check_models_name(int i);

#endif
