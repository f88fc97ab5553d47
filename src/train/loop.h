/* loop: the training loop of `gradlab train`. In src/train, on task, model, nn/clip and
 * src/optim. One iteration: the next batch from the task's stream, forward, backward, the
 * global gradient norm (clipped by --clip and --clip-value), one optimizer step at the
 * schedule's lr, then the schedule's step (PyTorch's order). Every --eval-every iterations
 * the held-out loss is measured; with --early-stop PATIENCE the best weights are kept and
 * restored. A non-finite loss or gradient ends the run as TRAIN_DIVERGED with the iteration
 * and the last finite gradient norm: a result, not a failure. A run is a pure function of
 * its config: one Rng per purpose (the task's data and held-out set, the initial weights),
 * and the whole state (trainer_state_*) saved and restored continues bit for bit. Facts come
 * back through callbacks; the CLI words them. */
#ifndef GRADLAB_TRAIN_LOOP_H
#define GRADLAB_TRAIN_LOOP_H

#include "optim/optim.h"
#include "optim/schedule.h"
#include "train/model.h"
#include "train/task.h"

#include <signal.h>

#define TRAIN_MAX_ITERS 100000000L
#define TRAIN_MAX_BATCH 100000
#define TRAIN_EVAL_CHUNK 128 /* held-out examples per forward pass */

typedef struct TrainConfig {
	TaskConfig task;
	ModelConfig model;
	OptimOptions optim;
	ScheduleOptions schedule;
	int batch;
	long iters;         /* counted from the start of training, also after a resume */
	double clip;        /* global-norm threshold; 0 off */
	double clip_value;  /* elementwise threshold; 0 off */
	long eval_every;    /* 0: only at the end */
	long early_stop;    /* patience in evaluations without improvement; 0 off */
	uint64_t seed;
} TrainConfig;

typedef enum TrainStatus {
	TRAIN_RUNNING,
	TRAIN_FINISHED,
	TRAIN_DIVERGED,
	TRAIN_STOPPED_EARLY,
	TRAIN_INTERRUPTED,  /* the caller's stop flag */
	TRAIN_STATUS_COUNT
} TrainStatus;

const char *train_status_name(TrainStatus s); /* "finished", "diverged", ... */

/* One iteration's facts, for the log and the progress line. */
typedef struct TrainPoint {
	long iter;          /* 1-based */
	double loss, grad_norm, lr;
} TrainPoint;

/* One evaluation on the held-out set. accuracy is NaN for regression. */
typedef struct TrainEval {
	long iter;
	double test_loss, test_accuracy;
	double train_loss;  /* the mean batch loss since the previous evaluation */
	int improved;       /* with early stopping: the best so far */
} TrainEval;

typedef struct Trainer {
	TrainConfig c;
	Task *task;
	Model *model;
	Optim *opt;
	Schedule sched;
	Tape *tape;
	Batch *batch, *chunk;
	long iter;                 /* iterations done */
	TrainStatus status;
	double last_loss, last_norm;
	double last_finite_norm;   /* for the divergence message */
	int diverged_in_loss;      /* diverged: 1 the loss, 0 the gradient was not finite */
	double window_sum;         /* batch losses since the last evaluation */
	long window_n;
	double last_train_loss;    /* the window's mean at the last evaluation */
	/* early stopping */
	Mat **best;                /* n_params copies, or NULL when off */
	Mat **best_buffers;        /* the model's n_buffers (batch norm's running statistics) */
	double best_loss;
	long best_iter, since_best;
	/* MLPs: each layer's weight-gradient norm at the first iteration and the latest one */
	int n_layer_norms;
	double *layer_norm_init, *layer_norm_last;
	int identical_at_init;     /* every hidden unit identical when training started */
	TrainEval last_eval;       /* the last scheduled evaluation (iter 0: none yet) */
	int restored_best;         /* trainer_finish put the best weights back */
} Trainer;

/* The task, the model and the optimizer for c. NULL with status_detail() (bad sizes, bad
 * optimizer or schedule options, out of memory). */
Trainer *trainer_new(const TrainConfig *c);
void trainer_free(Trainer *tr);

/* One iteration; *p gets its facts. ST_OK also when the run diverged (tr->status says so);
 * another status on out of memory or a failed forward pass. */
Status trainer_step(Trainer *tr, TrainPoint *p);

/* The held-out loss (the task's unit: MSE for adding, cross-entropy in nats for the
 * classifiers) and accuracy (NaN for adding). */
Status trainer_evaluate(Trainer *tr, double *loss, double *accuracy);

typedef struct TrainHooks {
	void (*on_step)(void *ctx, const Trainer *tr, const TrainPoint *p);
	void (*on_eval)(void *ctx, const Trainer *tr, const TrainEval *e);
	volatile sig_atomic_t *stop; /* set (by a signal or the book) to end the run */
	void *ctx;
} TrainHooks;

/* Iterate until c.iters, divergence, early stopping or *stop; tr->status says which. The
 * state is then what a checkpoint saves (a run resumed from it continues exactly). */
Status trainer_train(Trainer *tr, const TrainHooks *hooks);
/* The end of a run: *final gets the held-out loss and the mean batch loss since the last
 * evaluation (the last scheduled evaluation itself when it was at this iteration); with
 * early stopping the best weights are put back when they did better, and *final is theirs. */
Status trainer_finish(Trainer *tr, TrainEval *final);
/* trainer_train, then trainer_finish. */
Status trainer_run(Trainer *tr, const TrainHooks *hooks, TrainEval *final);

#endif
