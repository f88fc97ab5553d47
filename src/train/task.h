/* task: the training tasks' data, generated from the seed (no downloads). In src/train, on
 * core/mat and core/rng. Each task has a held-out set that is disjoint from every training
 * example by construction: an example is held out exactly when a hash of its contents falls
 * in one bucket of TASK_HOLD_OUT, so the training stream skips those and the held-out set
 * keeps only those. The training stream is one Rng (Task.data): saving its four words saves
 * the data position, and the held-out set comes from a stream of its own, so drawing
 * batches never moves it.
 *   adding   Hochreiter's adding problem: two channels (values uniform in [0, 1], a marker
 *            on two positions, one in each half); the target is the sum of the two marked
 *            values. The best constant predictor (the mean, 1) has MSE 1/6.
 *   copy     copy memory: S symbols (of K), a delay of T blanks ending in a delimiter, then
 *            the S symbols must come out at the last S steps.
 *   spirals  two interleaved noisy spirals, a 2-D classification with a fixed training set
 *            (small, so that a large model can overfit it). `deep` uses the same data.
 *   reverse  a string of min_steps to steps digits and its reversal (train/seq2seq). */
#ifndef GRADLAB_TASK_H
#define GRADLAB_TASK_H

#include "core/mat.h"
#include "core/status.h"

#include <stdint.h>

typedef enum TaskKind {
	TASK_ADDING, TASK_COPY, TASK_SPIRALS, TASK_DEEP,
	TASK_CHARLM,     /* a character-level language model on a text: train/charlm.h */
	TASK_REVERSE,    /* reverse a string of digits: an encoder-decoder, train/seq2seq.h */
	TASK_KIND_COUNT
} TaskKind;

/* One example in TASK_HOLD_OUT is held out (by its hash). */
#define TASK_HOLD_OUT 8
#define TASK_MAX_STEPS 10000
#define TASK_MAX_EXAMPLES 1000000

typedef struct TaskConfig {
	TaskKind kind;
	int steps;       /* adding: sequence length T (>= 2); copy: the delay T (>= 1) */
	int copy_length; /* copy: S symbols to remember */
	int symbols;     /* copy: K, the alphabet */
	int train_size;  /* spirals: points in the fixed training set */
	int test_size;   /* held-out examples */
	double noise;    /* spirals: standard deviation of the noise added to each point */
	int min_steps;   /* reverse: the shortest string (steps the longest) */
	uint64_t seed;
	const char *text; /* charlm: the text (train/text.h's sources; NULL the English lessons) */
	int batch;       /* charlm: the parallel streams (trainer_new sets it from --batch) */
} TaskConfig;

/* A batch of n examples. Sequences are step-major, as recurrent_forward takes them: step t
 * of example b is row t*n + b of x. */
typedef struct Batch {
	int n, steps, input; /* steps is 1 for spirals */
	Mat *x;              /* (steps*n, input) */
	Mat *y;              /* adding: (n, 1) targets; NULL for the classifiers */
	int *label;          /* copy: (copy_length*n), output step s of example b at s*n + b;
			      * spirals: n classes 0 or 1; NULL for adding */
	int n_label;
	int *index;          /* charlm: (steps*n) input characters, step-major; NULL otherwise */
	int reset;           /* charlm: the streams' first window (the carried state restarts) */
} Batch;

typedef struct Task {
	TaskConfig c;
	int input;           /* features per step */
	int classes;         /* 0 for adding (regression), K for copy, 2 for spirals */
	int outputs;         /* how many labels per example: S for copy, 1 otherwise */
	uint64_t data[4];    /* the training stream's position (an Rng's state) */
	Batch *train;        /* spirals: the fixed training set; NULL for the streams */
	Batch *test;         /* the held-out set */
	struct CharStreams *lm; /* charlm's text and streams; NULL otherwise */
} Task;

const char *task_kind_name(TaskKind k);           /* "adding", "copy", "spirals", "deep" */
Status task_kind_parse(const char *name, TaskKind *out);
TaskConfig task_defaults(TaskKind kind);

/* The task with its held-out set (and spirals' training set) drawn. NULL with status_detail()
 * on bad sizes or out of memory. */
Task *task_new(const TaskConfig *c);
void task_free(Task *t);

Batch *batch_new(const Task *t, int n);
void batch_free(Batch *b);

/* Fill b (from batch_new(t, b->n)) with the next n training examples: drawn from the
 * stream, or, for spirals, n indices drawn from the training set (with replacement). */
void task_next_batch(Task *t, Batch *b);

/* 1 when example i of b is in the held-out bucket. */
int task_held_out(const Task *t, const Batch *b, int i);

/* The best constant predictor's loss: 1/6 for adding (MSE); charlm's unigram entropy of its
 * training part in bits per character; log K for copy and log 2 for
 * spirals (cross-entropy, in nats, of guessing every class alike); with mse set, spirals'
 * one-hot MSE of predicting 1/2 for both classes, 1/4. */
double task_baseline(const Task *t, int mse);

#endif
