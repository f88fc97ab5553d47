/* gradcheck: proves an analytic gradient against central finite differences.
 * In src/check, above core and nn. A problem is a set of named tensors and a function that
 * builds a scalar loss from them on a tape; the checker compares the tape's backward with
 * (L(x + eps) - L(x - eps)) / 2eps one coordinate at a time, or along k random directions
 * for large models, and reports per tensor: errors, the worst element, kinks, non-finites. */
#ifndef GRADLAB_GRADCHECK_H
#define GRADLAB_GRADCHECK_H

#include "core/ad.h"

#include <stdint.h>

typedef struct GcTensor {
	const char *name;
	Mat *value;  /* perturbed in place during the check, restored after */
	Mat *grad;   /* where the loss's backward accumulates the analytic gradient */
} GcTensor;

/* Build the loss from the tensors' current values on t and return its 1x1 node (NULL
 * with the tape's error on failure). Must make each tensor a leaf with ad_param. */
typedef AdNode *(*GcLossFn)(Tape *t, void *ctx);

typedef struct GcProblem {
	GcTensor *tensors;
	int n_tensors;
	GcLossFn loss;
	void *ctx;
	/* 1 when the graph the loss builds has the same shape whatever the values: the checker
	 * then builds it once and replays it (ad_tape_replay) for every perturbed value. */
	int static_graph;
} GcProblem;

typedef struct GcOptions {
	double eps;    /* central-difference step; default 1e-6 */
	double atol;   /* default 1e-8 */
	double rtol;   /* default 1e-6 */
	int fast;      /* 0: every coordinate; k > 0: k random directions */
	uint64_t seed; /* for the directions */
} GcOptions;

GcOptions gradcheck_defaults(void);

/* Where a non-finite value appeared, as facts: the report words them (report_nonfinite in
 * check/report.h), in the reader's language. */
typedef enum GcNonfiniteKind {
	GC_NONFINITE_NONE,     /* every value finite */
	GC_NONFINITE_FORWARD,  /* the forward pass made value at node (its op), element [row,col] */
	GC_NONFINITE_LOSS,     /* the loss is not finite, and no node before it */
	GC_NONFINITE_STEP,     /* the loss is value after moving tensor[row,col] by step */
	GC_NONFINITE_ANALYTIC, /* the analytic gradient of tensor[row,col] is value */
} GcNonfiniteKind;

typedef struct GcNonfinite {
	GcNonfiniteKind kind;
	double value;
	int node;           /* FORWARD */
	const char *op;     /* FORWARD: the node's operation ("log") */
	const char *tensor; /* STEP, ANALYTIC (borrowed from the problem) */
	long row, col;
	double step;        /* STEP: +eps or -eps */
} GcNonfinite;

typedef struct GcTensorReport {
	const char *name;
	int rows, cols;
	int checked, failed, kinks;
	double max_abs_err, max_rel_err;
	/* The element that misses the tolerance by the most (or comes closest to missing). */
	int worst_row, worst_col;
	double worst_numeric, worst_analytic, worst_rel_err;
	GcNonfinite nonfinite; /* where a non-finite value appeared (kind NONE if none) */
} GcTensorReport;

typedef struct GcDirection {
	double numeric, analytic, abs_err, rel_err;
	int pass;
} GcDirection;

typedef struct GcReport {
	double loss;
	int passed;
	long evaluations;          /* loss evaluations made */
	GcTensorReport *tensors;   /* n_tensors of them */
	int n_tensors;
	GcDirection *directions;   /* fast mode only */
	int n_directions;
	GcNonfinite nonfinite;     /* a non-finite loss or forward value (kind NONE if none) */
} GcReport;

/* Fill *out (free with gradcheck_report_free). Returns ST_OK when the check ran, whatever
 * its verdict (out->passed); another status when the problem itself could not be run. */
Status gradcheck_run(const GcProblem *p, const GcOptions *o, GcReport *out);
void gradcheck_report_free(GcReport *r);

/* {==== Step-size sweep ==== */
#define GC_SWEEP_STEPS 12

typedef struct GcSweep {
	const char *tensor;
	int row, col;
	double analytic;
	double eps[GC_SWEEP_STEPS];          /* 1e-1 down to 1e-12 */
	double central_err[GC_SWEEP_STEPS];  /* |central difference - analytic| */
	double forward_err[GC_SWEEP_STEPS];  /* |one-sided difference - analytic| */
} GcSweep;

/* The error of the numeric derivative of one coordinate against the step: truncation
 * error falls as the step shrinks until round-off takes over (the V). tensor < 0 or
 * row < 0 picks the coordinate with the largest analytic gradient. */
Status gradcheck_sweep(const GcProblem *p, int tensor, int row, int col, GcSweep *out);
/* }==== */

#endif
