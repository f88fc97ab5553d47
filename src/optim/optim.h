/* optim: the optimizers of torch.optim (SGD, Adam, AdamW, RMSprop, Adagrad) on flat arrays
 * of doubles. In src/optim, on core only: a training loop hands it its parameter tensors
 * and their gradients, one array each, and a learning rate (the schedule's, schedule.h).
 * Every update follows torch 1.13's single-tensor code line by line (the same order of
 * operations), so a run matches torch.optim in float64 to round-off. Options are facts in,
 * faults are facts out: words belong to the layer that speaks (check, cli). */
#ifndef GRADLAB_OPTIM_H
#define GRADLAB_OPTIM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef enum OptimKind {
	OPTIM_SGD,
	OPTIM_ADAM,
	OPTIM_ADAMW,
	OPTIM_RMSPROP,
	OPTIM_ADAGRAD,
	OPTIM_KIND_COUNT
} OptimKind;

/* Every option of every optimizer, torch.optim's names; each kind reads the ones that
 * optim_option_applies to it and ignores the others. betas is (beta1, beta2). */
typedef struct OptimOptions {
	OptimKind kind;
	double lr;           /* all: the learning rate the schedule starts from */
	double weight_decay; /* all: L2 added to the gradient; adamw: decoupled, p *= 1 - lr*wd */
	double momentum;     /* sgd, rmsprop */
	double dampening;    /* sgd */
	bool nesterov;       /* sgd */
	double beta1, beta2; /* adam, adamw */
	double eps;          /* adam, adamw, rmsprop, adagrad */
	bool amsgrad;        /* adam, adamw */
	double alpha;        /* rmsprop: the smoothing constant of square_avg */
	bool centered;       /* rmsprop */
	double lr_decay;     /* adagrad */
	double initial_accumulator_value; /* adagrad */
} OptimOptions;

/* torch.optim's defaults for kind: sgd lr 1e-3 (torch has no default; this one is
 * gradlab's), adam/adamw lr 1e-3 betas (0.9, 0.999) eps 1e-8, adamw weight_decay 1e-2,
 * rmsprop lr 1e-2 alpha 0.99 eps 1e-8, adagrad lr 1e-2 eps 1e-10; everything else 0/false. */
OptimOptions optim_defaults(OptimKind kind);

/* "sgd", "adam", "adamw", "rmsprop", "adagrad"; NULL for a kind out of range. */
const char *optim_kind_name(OptimKind kind);
/* The kind named name (exactly as above); false when there is none. */
bool optim_kind_parse(const char *name, OptimKind *kind);

/* {==== Options and their faults ==== */
typedef enum OptimOption {
	OPTIM_OPT_LR,
	OPTIM_OPT_WEIGHT_DECAY,
	OPTIM_OPT_MOMENTUM,
	OPTIM_OPT_DAMPENING,
	OPTIM_OPT_NESTEROV,
	OPTIM_OPT_BETAS,     /* one option in torch, a pair: OptimFault.index says which */
	OPTIM_OPT_EPS,
	OPTIM_OPT_AMSGRAD,
	OPTIM_OPT_ALPHA,
	OPTIM_OPT_CENTERED,
	OPTIM_OPT_LR_DECAY,
	OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE,
	OPTIM_OPT_COUNT
} OptimOption;

/* torch.optim's keyword for opt ("lr", "betas", "initial_accumulator_value"...). */
const char *optim_option_name(OptimOption opt);
/* The option named name; false when there is none. */
bool optim_option_parse(const char *name, OptimOption *opt);
/* Whether kind's torch constructor takes opt (sgd takes no betas, adam no momentum...). */
bool optim_option_applies(OptimKind kind, OptimOption opt);
/* Whether opt is a flag (nesterov, amsgrad, centered) rather than a number. */
bool optim_option_is_flag(OptimOption opt);

typedef enum OptimProblem {
	OPTIM_FINE = 0,
	OPTIM_NOT_FINITE,        /* inf or NaN */
	OPTIM_NEGATIVE,          /* must be >= 0 (torch: "Invalid ... value") */
	OPTIM_NOT_BELOW_ONE,     /* must be in [0, 1): a beta */
	OPTIM_ABOVE_ONE,         /* must be in [0, 1]: rmsprop's alpha (torch lets it pass,
	                          * and then takes the square root of a negative average) */
	OPTIM_NESTEROV_NO_MOMENTUM, /* nesterov needs momentum > 0 (torch refuses) */
	OPTIM_NESTEROV_DAMPENING    /* nesterov needs dampening 0 (torch refuses) */
} OptimProblem;

typedef struct OptimFault {
	OptimProblem problem; /* OPTIM_FINE when the options are sound */
	OptimOption option;   /* the option at fault */
	int index;            /* for betas: 0 or 1; else 0 */
	double value;         /* its value */
} OptimFault;

/* The first fault of o (in OptimOption order), checking only the options o->kind takes;
 * .problem == OPTIM_FINE when there is none. What torch's constructor refuses is refused,
 * and non-finite numbers too. */
OptimFault optim_options_check(const OptimOptions *o);
/* }==== */

/* {==== The optimizer and its state ==== */
typedef struct Optim Optim;

/* An optimizer for n_params parameter tensors of sizes[0..n_params-1] doubles (a size may
 * be 0), its state as torch creates it before the first step (zero buffers; adagrad's sum
 * at initial_accumulator_value). The options are copied. NULL when out of memory or when
 * optim_options_check(o) finds a fault (check first to say why) or n_params < 0. */
Optim *optim_new(const OptimOptions *o, int n_params, const size_t *sizes);
void optim_free(Optim *opt); /* accepts NULL */

const OptimOptions *optim_options(const Optim *opt);
int optim_n_params(const Optim *opt);
size_t optim_param_size(const Optim *opt, int param);

/* One step of torch's optimizer.step() with learning rate lr (the schedule's current one,
 * in place of options.lr): params[k] (sizes[k] doubles) is updated in place from grads[k].
 * grads are not changed. lr must be finite and >= 0 (an invariant: the schedule keeps it). */
void optim_step(Optim *opt, double *const *params, const double *const *grads, double lr);

/* The buffers torch keeps in optimizer.state[p], under torch's names. */
typedef enum OptimBuffer {
	OPTIM_BUF_MOMENTUM,       /* "momentum_buffer": sgd (momentum != 0), rmsprop (momentum > 0) */
	OPTIM_BUF_EXP_AVG,        /* "exp_avg": adam, adamw */
	OPTIM_BUF_EXP_AVG_SQ,     /* "exp_avg_sq": adam, adamw */
	OPTIM_BUF_MAX_EXP_AVG_SQ, /* "max_exp_avg_sq": adam, adamw with amsgrad */
	OPTIM_BUF_SQUARE_AVG,     /* "square_avg": rmsprop */
	OPTIM_BUF_GRAD_AVG,       /* "grad_avg": rmsprop centered */
	OPTIM_BUF_SUM,            /* "sum": adagrad */
	OPTIM_BUF_COUNT
} OptimBuffer;

const char *optim_buffer_name(OptimBuffer b);
/* Whether opt keeps buffer b (by its kind and options). torch's SGD has no momentum buffer
 * before its first step; here it exists, all zeros, and is first written as buf = g. */
bool optim_has_buffer(const Optim *opt, OptimBuffer b);
/* Buffer b of parameter param: optim_param_size(opt, param) doubles, to read for a
 * checkpoint or to overwrite when restoring one; NULL when opt keeps no such buffer. */
double *optim_buffer(Optim *opt, int param, OptimBuffer b);
const double *optim_buffer_const(const Optim *opt, int param, OptimBuffer b);

/* The number of steps taken (torch's state['step'] for adam, adamw, rmsprop, adagrad; sgd
 * counts too, and knows from it whether its momentum buffer is still torch's None). */
long optim_step_count(const Optim *opt);
/* Restore the count from a checkpoint (>= 0), together with every buffer. */
void optim_set_step_count(Optim *opt, long steps);

/* The whole state as one flat array, for a checkpoint: the step count (as a double: exact
 * below 2^53), then for each buffer opt keeps (in OptimBuffer order) each parameter's
 * values in order. optim_state_size is its length; optim_state_get writes it to dst;
 * optim_state_set reads it back, after which the steps continue bit for bit. */
size_t optim_state_size(const Optim *opt);
void optim_state_get(const Optim *opt, double *dst);
Status optim_state_set(Optim *opt, const double *src); /* ST_ERANGE: a step count that is not
                                                        * an integer >= 0; nothing changed */
/* }==== */

#endif
