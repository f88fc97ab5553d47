/* optim: torch.optim's SGD, Adam, AdamW, RMSprop and Adagrad, element by element in the
 * order of torch 1.13's _single_tensor_* functions. Where torch writes t.add_(x, alpha=a)
 * this writes t + a*x; addcmul_(x, y, value=v) is t + v*x*y and addcdiv_(x, y, value=v) is
 * t + v*x/y, left to right, as torch's CPU kernels evaluate them. */
#include "optim/optim.h"

#include <math.h>
#include <string.h>

#include "core/invariant.h"
#include "core/mem.h"

struct Optim {
	OptimOptions o;
	int n_params;
	size_t *size;   /* (n_params) */
	size_t *offset; /* (n_params) where each parameter's values start in a buffer */
	size_t total;   /* the sum of the sizes */
	double *buf[OPTIM_BUF_COUNT]; /* (total) each, NULL when not kept */
	long steps;
};

/* {==== Names, defaults and the check of options ==== */
static const char *const kind_names[OPTIM_KIND_COUNT] = {
	[OPTIM_SGD] = "sgd", [OPTIM_ADAM] = "adam", [OPTIM_ADAMW] = "adamw",
	[OPTIM_RMSPROP] = "rmsprop", [OPTIM_ADAGRAD] = "adagrad",
};

static const char *const option_names[OPTIM_OPT_COUNT] = {
	[OPTIM_OPT_LR] = "lr",
	[OPTIM_OPT_WEIGHT_DECAY] = "weight_decay",
	[OPTIM_OPT_MOMENTUM] = "momentum",
	[OPTIM_OPT_DAMPENING] = "dampening",
	[OPTIM_OPT_NESTEROV] = "nesterov",
	[OPTIM_OPT_BETAS] = "betas",
	[OPTIM_OPT_EPS] = "eps",
	[OPTIM_OPT_AMSGRAD] = "amsgrad",
	[OPTIM_OPT_ALPHA] = "alpha",
	[OPTIM_OPT_CENTERED] = "centered",
	[OPTIM_OPT_LR_DECAY] = "lr_decay",
	[OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE] = "initial_accumulator_value",
};

static const char *const buffer_names[OPTIM_BUF_COUNT] = {
	[OPTIM_BUF_MOMENTUM] = "momentum_buffer",
	[OPTIM_BUF_EXP_AVG] = "exp_avg",
	[OPTIM_BUF_EXP_AVG_SQ] = "exp_avg_sq",
	[OPTIM_BUF_MAX_EXP_AVG_SQ] = "max_exp_avg_sq",
	[OPTIM_BUF_SQUARE_AVG] = "square_avg",
	[OPTIM_BUF_GRAD_AVG] = "grad_avg",
	[OPTIM_BUF_SUM] = "sum",
};

/* Which options each torch constructor takes, one bit per OptimOption. */
#define BIT(opt) (1u << (opt))
static const unsigned kind_options[OPTIM_KIND_COUNT] = {
	[OPTIM_SGD] = BIT(OPTIM_OPT_LR) | BIT(OPTIM_OPT_MOMENTUM) | BIT(OPTIM_OPT_DAMPENING) |
		      BIT(OPTIM_OPT_WEIGHT_DECAY) | BIT(OPTIM_OPT_NESTEROV),
	[OPTIM_ADAM] = BIT(OPTIM_OPT_LR) | BIT(OPTIM_OPT_BETAS) | BIT(OPTIM_OPT_EPS) |
		       BIT(OPTIM_OPT_WEIGHT_DECAY) | BIT(OPTIM_OPT_AMSGRAD),
	[OPTIM_ADAMW] = BIT(OPTIM_OPT_LR) | BIT(OPTIM_OPT_BETAS) | BIT(OPTIM_OPT_EPS) |
			BIT(OPTIM_OPT_WEIGHT_DECAY) | BIT(OPTIM_OPT_AMSGRAD),
	[OPTIM_RMSPROP] = BIT(OPTIM_OPT_LR) | BIT(OPTIM_OPT_ALPHA) | BIT(OPTIM_OPT_EPS) |
			  BIT(OPTIM_OPT_WEIGHT_DECAY) | BIT(OPTIM_OPT_MOMENTUM) |
			  BIT(OPTIM_OPT_CENTERED),
	[OPTIM_ADAGRAD] = BIT(OPTIM_OPT_LR) | BIT(OPTIM_OPT_LR_DECAY) |
			  BIT(OPTIM_OPT_WEIGHT_DECAY) | BIT(OPTIM_OPT_EPS) |
			  BIT(OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE),
};

OptimOptions optim_defaults(OptimKind kind)
{
	OptimOptions o = { .kind = kind, .lr = 1e-3 };
	switch (kind) {
	case OPTIM_SGD:
		break;
	case OPTIM_ADAM:
	case OPTIM_ADAMW:
		o.beta1 = 0.9;
		o.beta2 = 0.999;
		o.eps = 1e-8;
		/* AdamW decays by default: its weight decay is the point of it */
		if (kind == OPTIM_ADAMW)
			o.weight_decay = 1e-2;
		break;
	case OPTIM_RMSPROP:
		o.lr = 1e-2;
		o.alpha = 0.99;
		o.eps = 1e-8;
		break;
	case OPTIM_ADAGRAD:
		o.lr = 1e-2;
		o.eps = 1e-10;
		break;
	case OPTIM_KIND_COUNT:
		break;
	}
	return o;
}

const char *optim_kind_name(OptimKind kind)
{
	return (unsigned)kind < OPTIM_KIND_COUNT ? kind_names[kind] : NULL;
}

bool optim_kind_parse(const char *name, OptimKind *kind)
{
	for (int k = 0; k < OPTIM_KIND_COUNT; k++)
		if (name && strcmp(name, kind_names[k]) == 0) {
			*kind = (OptimKind)k;
			return true;
		}
	return false;
}

const char *optim_option_name(OptimOption opt)
{
	return (unsigned)opt < OPTIM_OPT_COUNT ? option_names[opt] : NULL;
}

bool optim_option_parse(const char *name, OptimOption *opt)
{
	for (int k = 0; k < OPTIM_OPT_COUNT; k++)
		if (name && strcmp(name, option_names[k]) == 0) {
			*opt = (OptimOption)k;
			return true;
		}
	return false;
}

bool optim_option_applies(OptimKind kind, OptimOption opt)
{
	return (unsigned)kind < OPTIM_KIND_COUNT && (unsigned)opt < OPTIM_OPT_COUNT &&
	       (kind_options[kind] & BIT(opt));
}

bool optim_option_is_flag(OptimOption opt)
{
	return opt == OPTIM_OPT_NESTEROV || opt == OPTIM_OPT_AMSGRAD || opt == OPTIM_OPT_CENTERED;
}

static OptimFault fault(OptimProblem p, OptimOption opt, int index, double value)
{
	return (OptimFault){ .problem = p, .option = opt, .index = index, .value = value };
}

/* A number torch requires to be >= 0 ("not 0.0 <= x" refuses NaN as well). */
static OptimProblem nonneg(double x)
{
	if (!isfinite(x))
		return OPTIM_NOT_FINITE;
	return x >= 0 ? OPTIM_FINE : OPTIM_NEGATIVE;
}

OptimFault optim_options_check(const OptimOptions *o)
{
	const struct {
		OptimOption opt;
		int index;
		double value;
	} numbers[] = {
		{ OPTIM_OPT_LR, 0, o->lr },
		{ OPTIM_OPT_WEIGHT_DECAY, 0, o->weight_decay },
		{ OPTIM_OPT_MOMENTUM, 0, o->momentum },
		{ OPTIM_OPT_DAMPENING, 0, o->dampening },
		{ OPTIM_OPT_BETAS, 0, o->beta1 },
		{ OPTIM_OPT_BETAS, 1, o->beta2 },
		{ OPTIM_OPT_EPS, 0, o->eps },
		{ OPTIM_OPT_ALPHA, 0, o->alpha },
		{ OPTIM_OPT_LR_DECAY, 0, o->lr_decay },
		{ OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE, 0, o->initial_accumulator_value },
	};
	for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
		OptimOption opt = numbers[k].opt;
		double x = numbers[k].value;
		if (!optim_option_applies(o->kind, opt))
			continue;
		OptimProblem p;
		if (opt == OPTIM_OPT_DAMPENING)
			/* torch checks nothing here; a finite number is all the update needs */
			p = isfinite(x) ? OPTIM_FINE : OPTIM_NOT_FINITE;
		else
			p = nonneg(x);
		if (p == OPTIM_FINE && opt == OPTIM_OPT_BETAS && x >= 1)
			p = OPTIM_NOT_BELOW_ONE;
		if (p == OPTIM_FINE && opt == OPTIM_OPT_ALPHA && x > 1)
			p = OPTIM_ABOVE_ONE;
		if (p != OPTIM_FINE)
			return fault(p, opt, numbers[k].index, x);
	}
	if (o->kind == OPTIM_SGD && o->nesterov) {
		/* torch: "Nesterov momentum requires a momentum and zero dampening" */
		if (o->momentum <= 0)
			return fault(OPTIM_NESTEROV_NO_MOMENTUM, OPTIM_OPT_NESTEROV, 0, o->momentum);
		if (o->dampening != 0)
			return fault(OPTIM_NESTEROV_DAMPENING, OPTIM_OPT_NESTEROV, 0, o->dampening);
	}
	return fault(OPTIM_FINE, OPTIM_OPT_LR, 0, 0);
}
/* }==== */

/* {==== The optimizer's state ==== */
const char *optim_buffer_name(OptimBuffer b)
{
	return (unsigned)b < OPTIM_BUF_COUNT ? buffer_names[b] : NULL;
}

/* Whether options o keep buffer b: the buffers torch 1.13 puts in optimizer.state[p]. */
static bool keeps(const OptimOptions *o, OptimBuffer b)
{
	switch (o->kind) {
	case OPTIM_SGD:
		return b == OPTIM_BUF_MOMENTUM && o->momentum != 0;
	case OPTIM_ADAM:
	case OPTIM_ADAMW:
		return b == OPTIM_BUF_EXP_AVG || b == OPTIM_BUF_EXP_AVG_SQ ||
		       (b == OPTIM_BUF_MAX_EXP_AVG_SQ && o->amsgrad);
	case OPTIM_RMSPROP:
		return b == OPTIM_BUF_SQUARE_AVG || (b == OPTIM_BUF_MOMENTUM && o->momentum > 0) ||
		       (b == OPTIM_BUF_GRAD_AVG && o->centered);
	case OPTIM_ADAGRAD:
		return b == OPTIM_BUF_SUM;
	case OPTIM_KIND_COUNT:
		break;
	}
	return false;
}

Optim *optim_new(const OptimOptions *o, int n_params, const size_t *sizes)
{
	if (!o || n_params < 0 || (n_params > 0 && !sizes) ||
	    optim_options_check(o).problem != OPTIM_FINE)
		return NULL;
	Optim *opt = mem_calloc(1, sizeof *opt);
	if (!opt)
		return NULL;
	opt->o = *o;
	opt->n_params = n_params;
	/* one more than needed, so that no allocation has size 0 (mem_alloc's NULL) */
	opt->size = mem_calloc((size_t)n_params + 1, sizeof *opt->size);
	opt->offset = mem_calloc((size_t)n_params + 1, sizeof *opt->offset);
	if (!opt->size || !opt->offset)
		goto fail;
	for (int k = 0; k < n_params; k++) {
		if (sizes[k] > ((size_t)-1 / sizeof(double)) - opt->total - 1)
			goto fail; /* a total no allocation could hold */
		opt->size[k] = sizes[k];
		opt->offset[k] = opt->total;
		opt->total += sizes[k];
	}
	for (int b = 0; b < OPTIM_BUF_COUNT; b++) {
		if (!keeps(o, (OptimBuffer)b))
			continue;
		opt->buf[b] = mem_calloc(opt->total + 1, sizeof(double));
		if (!opt->buf[b])
			goto fail;
	}
	if (o->kind == OPTIM_ADAGRAD)
		for (size_t i = 0; i < opt->total; i++)
			opt->buf[OPTIM_BUF_SUM][i] = o->initial_accumulator_value;
	return opt;
fail:
	optim_free(opt);
	return NULL;
}

void optim_free(Optim *opt)
{
	if (!opt)
		return;
	for (int b = 0; b < OPTIM_BUF_COUNT; b++)
		mem_free(opt->buf[b]);
	mem_free(opt->size);
	mem_free(opt->offset);
	mem_free(opt);
}

const OptimOptions *optim_options(const Optim *opt)
{
	return &opt->o;
}

int optim_n_params(const Optim *opt)
{
	return opt->n_params;
}

size_t optim_param_size(const Optim *opt, int param)
{
	GL_ASSERT(param >= 0 && param < opt->n_params, "a parameter of the optimizer");
	return opt->size[param];
}

bool optim_has_buffer(const Optim *opt, OptimBuffer b)
{
	return (unsigned)b < OPTIM_BUF_COUNT && opt->buf[b] != NULL;
}

double *optim_buffer(Optim *opt, int param, OptimBuffer b)
{
	GL_ASSERT(param >= 0 && param < opt->n_params, "a parameter of the optimizer");
	if (!optim_has_buffer(opt, b))
		return NULL;
	return opt->buf[b] + opt->offset[param];
}

const double *optim_buffer_const(const Optim *opt, int param, OptimBuffer b)
{
	return optim_buffer((Optim *)opt, param, b);
}

long optim_step_count(const Optim *opt)
{
	return opt->steps;
}

void optim_set_step_count(Optim *opt, long steps)
{
	GL_ASSERT(steps >= 0, "a step count is never negative");
	opt->steps = steps;
}

size_t optim_state_size(const Optim *opt)
{
	size_t n = 1;
	for (int b = 0; b < OPTIM_BUF_COUNT; b++)
		if (opt->buf[b])
			n += opt->total;
	return n;
}

void optim_state_get(const Optim *opt, double *dst)
{
	*dst++ = (double)opt->steps;
	for (int b = 0; b < OPTIM_BUF_COUNT; b++)
		if (opt->buf[b]) {
			if (opt->total)
				memcpy(dst, opt->buf[b], opt->total * sizeof(double));
			dst += opt->total;
		}
}

Status optim_state_set(Optim *opt, const double *src)
{
	double steps = src[0];
	/* 2^53: beyond it a double no longer holds every integer */
	if (!(steps >= 0 && steps <= 9007199254740992.0) || steps != floor(steps))
		return status_fail(ST_ERANGE, "optim_state_set: the step count %g is not an "
				   "integer >= 0", steps);
	opt->steps = (long)steps;
	src++;
	for (int b = 0; b < OPTIM_BUF_COUNT; b++)
		if (opt->buf[b]) {
			if (opt->total)
				memcpy(opt->buf[b], src, opt->total * sizeof(double));
			src += opt->total;
		}
	return ST_OK;
}
/* }==== */

/* {==== The updates ==== */
/* torch.maximum: NaN when either is NaN. */
static double maximum(double a, double b)
{
	if (isnan(a) || isnan(b))
		return NAN;
	return a > b ? a : b;
}

static void sgd(const OptimOptions *o, double *p, const double *g, double *buf, size_t n,
		bool first, double lr)
{
	for (size_t i = 0; i < n; i++) {
		double d = g[i];
		if (o->weight_decay != 0)
			d = d + o->weight_decay * p[i];
		if (o->momentum != 0) {
			/* torch's buffer is None before the first step: buf = clone(d_p) */
			if (first)
				buf[i] = d;
			else
				buf[i] = buf[i] * o->momentum + (1 - o->dampening) * d;
			if (o->nesterov)
				d = d + o->momentum * buf[i];
			else
				d = buf[i];
		}
		p[i] = p[i] + -lr * d;
	}
}

/* Adam and AdamW: they differ only in where the weight decay goes. */
static void adam(const OptimOptions *o, bool decoupled, double *p, const double *g, double *m,
		 double *v, double *vmax, size_t n, long step, double lr)
{
	double beta1 = o->beta1, beta2 = o->beta2;
	/* torch: step = step_t.item(), a float; beta ** step is C's pow */
	double bias_correction1 = 1 - pow(beta1, (double)step);
	double bias_correction2 = 1 - pow(beta2, (double)step);
	double step_size = lr / bias_correction1;
	double bias_correction2_sqrt = sqrt(bias_correction2);
	for (size_t i = 0; i < n; i++) {
		double grad = g[i];
		if (decoupled)
			p[i] = p[i] * (1 - lr * o->weight_decay);
		else if (o->weight_decay != 0)
			grad = grad + o->weight_decay * p[i];
		m[i] = m[i] * beta1 + (1 - beta1) * grad;
		v[i] = v[i] * beta2 + (1 - beta2) * grad * grad;
		double denom;
		if (o->amsgrad) {
			vmax[i] = maximum(vmax[i], v[i]);
			denom = sqrt(vmax[i]) / bias_correction2_sqrt + o->eps;
		} else {
			denom = sqrt(v[i]) / bias_correction2_sqrt + o->eps;
		}
		p[i] = p[i] + -step_size * m[i] / denom;
	}
}

static void rmsprop(const OptimOptions *o, double *p, const double *g, double *sq, double *ga,
		    double *buf, size_t n, double lr)
{
	double alpha = o->alpha;
	for (size_t i = 0; i < n; i++) {
		double grad = g[i];
		if (o->weight_decay != 0)
			grad = grad + o->weight_decay * p[i];
		sq[i] = sq[i] * alpha + (1 - alpha) * grad * grad;
		double avg;
		if (o->centered) {
			ga[i] = ga[i] * alpha + (1 - alpha) * grad;
			avg = sqrt(sq[i] + -1.0 * ga[i] * ga[i]);
		} else {
			avg = sqrt(sq[i]);
		}
		avg = avg + o->eps;
		if (o->momentum > 0) {
			buf[i] = buf[i] * o->momentum + grad / avg;
			p[i] = p[i] + -lr * buf[i];
		} else {
			p[i] = p[i] + -lr * grad / avg;
		}
	}
}

static void adagrad(const OptimOptions *o, double *p, const double *g, double *sum, size_t n,
		    long step, double lr)
{
	double clr = lr / (1 + ((double)step - 1) * o->lr_decay);
	for (size_t i = 0; i < n; i++) {
		double grad = g[i];
		if (o->weight_decay != 0)
			grad = grad + o->weight_decay * p[i];
		sum[i] = sum[i] + grad * grad;
		double std = sqrt(sum[i]) + o->eps;
		p[i] = p[i] + -clr * grad / std;
	}
}

void optim_step(Optim *opt, double *const *params, const double *const *grads, double lr)
{
	GL_ASSERT(isfinite(lr) && lr >= 0, "the schedule keeps the lr a finite number >= 0");
	bool first = opt->steps == 0;
	opt->steps++;
	const OptimOptions *o = &opt->o;
	for (int k = 0; k < opt->n_params; k++) {
		double *p = params[k];
		const double *g = grads[k];
		size_t n = opt->size[k], at = opt->offset[k];
		double *b[OPTIM_BUF_COUNT];
		for (int j = 0; j < OPTIM_BUF_COUNT; j++)
			b[j] = opt->buf[j] ? opt->buf[j] + at : NULL;
		switch (o->kind) {
		case OPTIM_SGD:
			sgd(o, p, g, b[OPTIM_BUF_MOMENTUM], n, first, lr);
			break;
		case OPTIM_ADAM:
		case OPTIM_ADAMW:
			adam(o, o->kind == OPTIM_ADAMW, p, g, b[OPTIM_BUF_EXP_AVG],
			     b[OPTIM_BUF_EXP_AVG_SQ], b[OPTIM_BUF_MAX_EXP_AVG_SQ], n, opt->steps, lr);
			break;
		case OPTIM_RMSPROP:
			rmsprop(o, p, g, b[OPTIM_BUF_SQUARE_AVG], b[OPTIM_BUF_GRAD_AVG],
				b[OPTIM_BUF_MOMENTUM], n, lr);
			break;
		case OPTIM_ADAGRAD:
			adagrad(o, p, g, b[OPTIM_BUF_SUM], n, opt->steps, lr);
			break;
		case OPTIM_KIND_COUNT:
			GL_ASSERT(0, "an optimizer kind");
		}
	}
}
/* }==== */
