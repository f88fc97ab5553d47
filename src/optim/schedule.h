/* schedule: learning-rate schedules as torch.optim.lr_scheduler computes them. In src/optim,
 * beside optim.h and independent of it: a Schedule is a small value (options, base lr, the
 * epoch count, the current lr) that a training loop steps after each optimizer step, as
 * PyTorch orders them, and copies whole into a checkpoint. Each step uses torch's own
 * recursive ("chainable") formula on the previous lr, so the values match torch to round-off;
 * a warmup is torch's SequentialLR of a LinearLR warmup and the schedule. */
#ifndef GRADLAB_SCHEDULE_H
#define GRADLAB_SCHEDULE_H

#include <stdbool.h>

#include "core/status.h"

typedef enum ScheduleKind {
	SCHED_CONSTANT,    /* the lr never changes (no scheduler at all in torch) */
	SCHED_STEP,        /* StepLR(step_size, gamma) */
	SCHED_EXPONENTIAL, /* ExponentialLR(gamma) */
	SCHED_COSINE,      /* CosineAnnealingLR(T_max, eta_min) */
	SCHED_LINEAR,      /* LinearLR(start_factor, end_factor, total_iters) */
	SCHED_KIND_COUNT
} ScheduleKind;

typedef struct ScheduleOptions {
	ScheduleKind kind;
	long step_size;      /* step: required (default 0, refused) */
	double gamma;        /* step: 0.1; exponential: required (default 0.1 here) */
	long T_max;          /* cosine: required (default 0, refused) */
	double eta_min;      /* cosine: 0 */
	double start_factor; /* linear: 1/3 */
	double end_factor;   /* linear: 1 */
	long total_iters;    /* linear: 5 */
	/* Any kind: warmup > 0 puts LinearLR(warmup_start_factor, 1, warmup) before the
	 * schedule, as SequentialLR([warmup, schedule], milestones=[warmup]) does: the schedule
	 * then counts its epochs from the end of the warmup. */
	long warmup;                /* 0: none */
	double warmup_start_factor; /* 1/3, LinearLR's default */
} ScheduleOptions;

/* torch's defaults for kind (see above), no warmup. */
ScheduleOptions schedule_defaults(ScheduleKind kind);

/* "constant", "step", "exponential", "cosine", "linear"; NULL out of range. */
const char *schedule_kind_name(ScheduleKind kind);
bool schedule_kind_parse(const char *name, ScheduleKind *kind);

/* {==== Options and their faults ==== */
typedef enum ScheduleOption {
	SCHED_OPT_STEP_SIZE,
	SCHED_OPT_GAMMA,
	SCHED_OPT_T_MAX,
	SCHED_OPT_ETA_MIN,
	SCHED_OPT_START_FACTOR,
	SCHED_OPT_END_FACTOR,
	SCHED_OPT_TOTAL_ITERS,
	SCHED_OPT_WARMUP,
	SCHED_OPT_WARMUP_START_FACTOR,
	SCHED_OPT_COUNT
} ScheduleOption;

/* torch's keyword ("step_size", "T_max"...; "warmup", "warmup_start_factor" are gradlab's). */
const char *schedule_option_name(ScheduleOption opt);
bool schedule_option_parse(const char *name, ScheduleOption *opt);
/* Whether kind takes opt (warmup and warmup_start_factor: every kind). */
bool schedule_option_applies(ScheduleKind kind, ScheduleOption opt);
/* Whether torch has no default for opt in kind (step's step_size, exponential's gamma,
 * cosine's T_max): a request must give it. */
bool schedule_option_required(ScheduleKind kind, ScheduleOption opt);
/* Whether opt is a whole number (step_size, T_max, total_iters, warmup). */
bool schedule_option_is_integer(ScheduleOption opt);

typedef enum ScheduleProblem {
	SCHED_FINE = 0,
	SCHED_NOT_FINITE,      /* inf or NaN */
	SCHED_NEGATIVE,        /* must be >= 0: gamma, eta_min, warmup */
	SCHED_BELOW_ONE,       /* must be >= 1: step_size, T_max, total_iters (torch divides
	                        * by them or takes a remainder) */
	SCHED_NOT_UNIT,        /* must be in [0, 1]: end_factor (torch refuses) */
	SCHED_NOT_POSITIVE_UNIT /* must be in (0, 1]: start_factor, warmup_start_factor (torch
	                         * refuses outside [0, 1] and divides by zero at 0) */
} ScheduleProblem;

typedef struct ScheduleFault {
	ScheduleProblem problem; /* SCHED_FINE when sound */
	ScheduleOption option;
	double value;            /* the value (an integer option converted) */
} ScheduleFault;

/* The first fault of o among the options its kind takes (in ScheduleOption order). */
ScheduleFault schedule_options_check(const ScheduleOptions *o);
/* }==== */

/* {==== The schedule ==== */
typedef struct Schedule {
	ScheduleOptions opt;
	double base_lr;  /* torch's initial_lr: the optimizer's lr */
	long last_epoch; /* torch's last_epoch: 0 after construction, +1 each step */
	double lr;       /* the lr the next optimizer step uses (torch's get_last_lr()) */
} Schedule;

/* What constructing torch's scheduler does: last_epoch 0 and lr its first value (base_lr,
 * or base_lr * start_factor for linear, or the warmup's start). ST_EINVAL (detail in
 * English, for programmers) when schedule_options_check finds a fault or base_lr is not a
 * finite number >= 0; say why with the fault first. */
Status schedule_init(Schedule *s, const ScheduleOptions *o, double base_lr);

/* torch's scheduler.step(), after optimizer.step(): last_epoch += 1 and lr its next value. */
void schedule_step(Schedule *s);

/* The lr for the next optimizer step. */
double schedule_lr(const Schedule *s);

/* Restore a checkpoint's epoch count and lr into a Schedule initialised with the same
 * options and base lr; the steps then continue bit for bit. ST_ERANGE, nothing changed,
 * when last_epoch < 0 or lr is not finite. */
Status schedule_restore(Schedule *s, long last_epoch, double lr);

/* torch's closed form (_get_closed_form_lr) at epoch, for plots and a check of the
 * recursion: within round-off of the lr reached by stepping there, not bit for bit. */
double schedule_closed_form(const Schedule *s, long epoch);
/* }==== */

#endif
