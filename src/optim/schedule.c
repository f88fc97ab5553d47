/* schedule: torch.optim.lr_scheduler's StepLR, ExponentialLR, CosineAnnealingLR and LinearLR,
 * and SequentialLR for a warmup, with the expressions of torch 1.13's get_lr() (the
 * recursive form, each lr from the previous one) and _get_closed_form_lr() written in the
 * same order, so the round-off is the same as torch's. */
#include "optim/schedule.h"

#include <math.h>
#include <string.h>

#include "core/invariant.h"

/* {==== Names, defaults and the check of options ==== */
static const char *const kind_names[SCHED_KIND_COUNT] = {
	[SCHED_CONSTANT] = "constant", [SCHED_STEP] = "step", [SCHED_EXPONENTIAL] = "exponential",
	[SCHED_COSINE] = "cosine", [SCHED_LINEAR] = "linear",
};

static const char *const option_names[SCHED_OPT_COUNT] = {
	[SCHED_OPT_STEP_SIZE] = "step_size",
	[SCHED_OPT_GAMMA] = "gamma",
	[SCHED_OPT_T_MAX] = "T_max",
	[SCHED_OPT_ETA_MIN] = "eta_min",
	[SCHED_OPT_START_FACTOR] = "start_factor",
	[SCHED_OPT_END_FACTOR] = "end_factor",
	[SCHED_OPT_TOTAL_ITERS] = "total_iters",
	[SCHED_OPT_WARMUP] = "warmup",
	[SCHED_OPT_WARMUP_START_FACTOR] = "warmup_start_factor",
};

#define BIT(opt) (1u << (opt))
#define WARMUP (BIT(SCHED_OPT_WARMUP) | BIT(SCHED_OPT_WARMUP_START_FACTOR))
static const unsigned kind_options[SCHED_KIND_COUNT] = {
	[SCHED_CONSTANT] = WARMUP,
	[SCHED_STEP] = WARMUP | BIT(SCHED_OPT_STEP_SIZE) | BIT(SCHED_OPT_GAMMA),
	[SCHED_EXPONENTIAL] = WARMUP | BIT(SCHED_OPT_GAMMA),
	[SCHED_COSINE] = WARMUP | BIT(SCHED_OPT_T_MAX) | BIT(SCHED_OPT_ETA_MIN),
	[SCHED_LINEAR] = WARMUP | BIT(SCHED_OPT_START_FACTOR) | BIT(SCHED_OPT_END_FACTOR) |
			 BIT(SCHED_OPT_TOTAL_ITERS),
};

ScheduleOptions schedule_defaults(ScheduleKind kind)
{
	return (ScheduleOptions){
		.kind = kind,
		.gamma = 0.1,
		.start_factor = 1.0 / 3,
		.end_factor = 1.0,
		.total_iters = 5,
		.warmup_start_factor = 1.0 / 3,
	};
}

const char *schedule_kind_name(ScheduleKind kind)
{
	return (unsigned)kind < SCHED_KIND_COUNT ? kind_names[kind] : NULL;
}

bool schedule_kind_parse(const char *name, ScheduleKind *kind)
{
	for (int k = 0; k < SCHED_KIND_COUNT; k++)
		if (name && strcmp(name, kind_names[k]) == 0) {
			*kind = (ScheduleKind)k;
			return true;
		}
	return false;
}

const char *schedule_option_name(ScheduleOption opt)
{
	return (unsigned)opt < SCHED_OPT_COUNT ? option_names[opt] : NULL;
}

bool schedule_option_parse(const char *name, ScheduleOption *opt)
{
	for (int k = 0; k < SCHED_OPT_COUNT; k++)
		if (name && strcmp(name, option_names[k]) == 0) {
			*opt = (ScheduleOption)k;
			return true;
		}
	return false;
}

bool schedule_option_applies(ScheduleKind kind, ScheduleOption opt)
{
	return (unsigned)kind < SCHED_KIND_COUNT && (unsigned)opt < SCHED_OPT_COUNT &&
	       (kind_options[kind] & BIT(opt));
}

bool schedule_option_required(ScheduleKind kind, ScheduleOption opt)
{
	return (kind == SCHED_STEP && opt == SCHED_OPT_STEP_SIZE) ||
	       (kind == SCHED_EXPONENTIAL && opt == SCHED_OPT_GAMMA) ||
	       (kind == SCHED_COSINE && opt == SCHED_OPT_T_MAX);
}

bool schedule_option_is_integer(ScheduleOption opt)
{
	return opt == SCHED_OPT_STEP_SIZE || opt == SCHED_OPT_T_MAX ||
	       opt == SCHED_OPT_TOTAL_ITERS || opt == SCHED_OPT_WARMUP;
}

ScheduleFault schedule_options_check(const ScheduleOptions *o)
{
	const double values[SCHED_OPT_COUNT] = {
		[SCHED_OPT_STEP_SIZE] = (double)o->step_size,
		[SCHED_OPT_GAMMA] = o->gamma,
		[SCHED_OPT_T_MAX] = (double)o->T_max,
		[SCHED_OPT_ETA_MIN] = o->eta_min,
		[SCHED_OPT_START_FACTOR] = o->start_factor,
		[SCHED_OPT_END_FACTOR] = o->end_factor,
		[SCHED_OPT_TOTAL_ITERS] = (double)o->total_iters,
		[SCHED_OPT_WARMUP] = (double)o->warmup,
		[SCHED_OPT_WARMUP_START_FACTOR] = o->warmup_start_factor,
	};
	for (int k = 0; k < SCHED_OPT_COUNT; k++) {
		ScheduleOption opt = (ScheduleOption)k;
		double x = values[k];
		if (!schedule_option_applies(o->kind, opt))
			continue;
		/* the warmup's start factor matters only when there is a warmup */
		if (opt == SCHED_OPT_WARMUP_START_FACTOR && o->warmup <= 0)
			continue;
		ScheduleProblem p = SCHED_FINE;
		if (!isfinite(x))
			p = SCHED_NOT_FINITE;
		else if (opt == SCHED_OPT_STEP_SIZE || opt == SCHED_OPT_T_MAX ||
			 opt == SCHED_OPT_TOTAL_ITERS)
			p = x >= 1 ? SCHED_FINE : SCHED_BELOW_ONE;
		else if (opt == SCHED_OPT_START_FACTOR || opt == SCHED_OPT_WARMUP_START_FACTOR)
			p = x > 0 && x <= 1 ? SCHED_FINE : SCHED_NOT_POSITIVE_UNIT;
		else if (opt == SCHED_OPT_END_FACTOR)
			p = x >= 0 && x <= 1 ? SCHED_FINE : SCHED_NOT_UNIT;
		else
			p = x >= 0 ? SCHED_FINE : SCHED_NEGATIVE;
		if (p != SCHED_FINE)
			return (ScheduleFault){ .problem = p, .option = opt, .value = x };
	}
	return (ScheduleFault){ .problem = SCHED_FINE };
}
/* }==== */

/* {==== The formulas ==== */
/* LinearLR.get_lr() at epoch e >= 1, from the previous lr. */
static double linear_next(double lr, long e, double start_factor, double end_factor, long total)
{
	if (e > total)
		return lr;
	return lr * (1. + (end_factor - start_factor) /
			      ((double)total * start_factor +
			       (double)(e - 1) * (end_factor - start_factor)));
}

/* The main schedule's get_lr() at its epoch e >= 1, from the previous lr. */
static double main_next(const Schedule *s, double lr, long e)
{
	const ScheduleOptions *o = &s->opt;
	switch (o->kind) {
	case SCHED_CONSTANT:
		return lr;
	case SCHED_STEP:
		return e % o->step_size != 0 ? lr : lr * o->gamma;
	case SCHED_EXPONENTIAL:
		return lr * o->gamma;
	case SCHED_COSINE: {
		double T = (double)o->T_max;
		/* where 1 + cos(pi (e-1) / T) is 0 the ratio below cannot be used; the remainder
		 * is 0 in C exactly when it is in Python, whatever the sign */
		if ((e - 1 - o->T_max) % (2 * o->T_max) == 0)
			return lr + (s->base_lr - o->eta_min) * (1 - cos(M_PI / T)) / 2;
		return (1 + cos(M_PI * (double)e / T)) / (1 + cos(M_PI * (double)(e - 1) / T)) *
			       (lr - o->eta_min) +
		       o->eta_min;
	}
	case SCHED_LINEAR:
		return linear_next(lr, e, o->start_factor, o->end_factor, o->total_iters);
	case SCHED_KIND_COUNT:
		break;
	}
	GL_ASSERT(0, "a schedule kind");
	return lr;
}

/* The main schedule's _get_closed_form_lr() at its epoch e >= 0. */
static double main_closed(const Schedule *s, long e)
{
	const ScheduleOptions *o = &s->opt;
	double base = s->base_lr;
	switch (o->kind) {
	case SCHED_CONSTANT:
		return base;
	case SCHED_STEP:
		return base * pow(o->gamma, (double)(e / o->step_size));
	case SCHED_EXPONENTIAL:
		return base * pow(o->gamma, (double)e);
	case SCHED_COSINE:
		return o->eta_min + (base - o->eta_min) *
					    (1 + cos(M_PI * (double)e / (double)o->T_max)) / 2;
	case SCHED_LINEAR: {
		long m = e < o->total_iters ? e : o->total_iters;
		return base * (o->start_factor + (o->end_factor - o->start_factor) * (double)m /
							 (double)o->total_iters);
	}
	case SCHED_KIND_COUNT:
		break;
	}
	GL_ASSERT(0, "a schedule kind");
	return base;
}
/* }==== */

Status schedule_init(Schedule *s, const ScheduleOptions *o, double base_lr)
{
	ScheduleFault f = schedule_options_check(o);
	if (f.problem != SCHED_FINE)
		return status_fail(ST_EINVAL, "schedule_init: %s is %g, which the %s schedule "
				   "refuses", schedule_option_name(f.option), f.value,
				   schedule_kind_name(o->kind));
	if (!isfinite(base_lr) || base_lr < 0)
		return status_fail(ST_EINVAL, "schedule_init: the base lr %g is not a finite "
				   "number >= 0", base_lr);
	s->opt = *o;
	s->base_lr = base_lr;
	s->last_epoch = 0;
	if (o->warmup > 0)
		/* SequentialLR resets the lr to initial_lr, then the warmup's LinearLR steps to
		 * epoch 0: lr * start_factor */
		s->lr = base_lr * o->warmup_start_factor;
	else if (o->kind == SCHED_LINEAR)
		s->lr = base_lr * o->start_factor;
	else
		s->lr = base_lr;
	return ST_OK;
}

void schedule_step(Schedule *s)
{
	long e = ++s->last_epoch;
	long w = s->opt.warmup;
	if (w <= 0)
		s->lr = main_next(s, s->lr, e);
	else if (e < w)
		s->lr = linear_next(s->lr, e, s->opt.warmup_start_factor, 1.0, w);
	else if (e == w)
		/* SequentialLR at a milestone: scheduler.step(0), which takes the closed form */
		s->lr = main_closed(s, 0);
	else
		s->lr = main_next(s, s->lr, e - w);
}

double schedule_lr(const Schedule *s)
{
	return s->lr;
}

Status schedule_restore(Schedule *s, long last_epoch, double lr)
{
	if (last_epoch < 0 || !isfinite(lr) || lr < 0)
		return status_fail(ST_ERANGE, "schedule_restore: epoch %ld and lr %g: an epoch "
				   "is >= 0 and an lr a finite number >= 0", last_epoch, lr);
	s->last_epoch = last_epoch;
	s->lr = lr;
	return ST_OK;
}

double schedule_closed_form(const Schedule *s, long epoch)
{
	long w = s->opt.warmup;
	if (w > 0 && epoch < w) {
		double f = s->opt.warmup_start_factor;
		return s->base_lr * (f + (1.0 - f) * (double)epoch / (double)w);
	}
	return main_closed(s, w > 0 ? epoch - w : epoch);
}
