/* dying_relu: one ReLU unit, and one leaky ReLU unit beside it, trained by plain SGD from
 * the same start: the experiment behind lesson 01's dying-ReLU section. In src/lab, on
 * nn/activation and core/ad. The unit is y = f(w x + b) on the inputs x = 0, 1/(N-1), ...,
 * 1 with the target 2x + 1 and the loss mean((y - target)^2), lesson 01's tiny example:
 * with b far below zero every input is on the flat side. Data only. */
#ifndef GRADLAB_DYING_RELU_H
#define GRADLAB_DYING_RELU_H

#include "core/status.h"

#define DYING_RELU_MAX_STEPS 10000
#define DYING_RELU_MAX_POINTS 1000

typedef struct DyingReluConfig {
	int steps;      /* SGD steps */
	int points;     /* N inputs, evenly spaced in [0, 1] */
	double weight;  /* w at the start */
	double bias;    /* b at the start */
	double lr;      /* learning rate */
	double slope;   /* the leaky unit's negative slope */
} DyingReluConfig;

/* 20 steps, 11 points, w = 1, b = -3, lr 0.5, slope 0.01. */
DyingReluConfig dying_relu_defaults(void);

/* One unit's run: index s = 0..steps holds the state before step s + 1 (s = steps: after
 * the last step) and the gradient there. */
typedef struct DyingReluTrace {
	double *w, *b, *dw, *db, *loss;
	int *active;    /* inputs with w x + b > 0 */
} DyingReluTrace;

typedef struct DyingReluResult {
	int steps, points;
	DyingReluTrace unit[2]; /* 0: relu; 1: leaky_relu */
} DyingReluResult;

/* The loss of the unit (leaky: 0 relu, 1 leaky_relu) at w, b and its gradient, by the tape's
 * backward; active as above. ST_OK, or ST_ENOMEM. */
Status dying_relu_loss(const DyingReluConfig *c, int leaky, double w, double b, double *loss,
		       double *dw, double *db, int *active);

/* ST_OK and *out filled (free with dying_relu_result_free), or a status with
 * status_detail() naming the option that is out of range. */
Status dying_relu_run(const DyingReluConfig *c, DyingReluResult *out);
void dying_relu_result_free(DyingReluResult *r);

#endif
