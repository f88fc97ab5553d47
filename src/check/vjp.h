/* vjp: the engine of `gradlab grad`. In src/check, above nn, beside io. A request names a
 * model (rnn, lstm, gru, attention, an activation or a loss) with its options, parameters,
 * inputs and an upstream gradient dout for its outputs; the answer holds the outputs and the
 * gradient of L = sum over outputs of <dout, output> with respect to every parameter and
 * every real-valued input: the vector-Jacobian product a framework's backward(dout) gives.
 * Bad input is refused with one sentence that names the JSON path of what is wrong. */
#ifndef GRADLAB_VJP_H
#define GRADLAB_VJP_H

#include "core/status.h"

#include <json-c/json.h>
#include <stdio.h>

/* {==== What a request may cost ====
 * Estimated from the shapes before anything is built, and refused above the limits with
 * the estimate in the message. The charges are measured on core/ad's tape: a node's record,
 * its inputs' list and its slot take about 240 bytes beside its value and gradient (16
 * bytes a number), a number of the answer about 100 bytes as a json-c object and 0.5 us
 * to format, a node about 0.3 us forward and back. tests/test_vjp.c holds the memory
 * estimate against the peak resident memory of real runs. The request's own text and tree
 * are bounded before this, by the document limits of check/io.h. */
#define VJP_MAX_BYTES (256.0 * 1024 * 1024) /* the tape, the tensors and the answer */
#define VJP_MAX_WORK 1e9                    /* units of about a nanosecond */
#define VJP_NODE_BYTES 288
#define VJP_VALUE_BYTES 16
#define VJP_ANSWER_BYTES 192
#define VJP_NODE_WORK 300
#define VJP_ANSWER_WORK 500

typedef struct VjpCost {
	double nodes;   /* on the tape */
	double values;  /* numbers on the tape, each with its gradient */
	double macs;    /* multiply-adds of the forward pass (backward: twice as many) */
	double answer;  /* numbers in the answer */
	double held;    /* numbers held outside the tape: tensors read, layer copies */
} VjpCost;

double vjp_cost_bytes(const VjpCost *c);
double vjp_cost_work(const VjpCost *c);
int vjp_over_budget(const VjpCost *c);
/* }==== */

/* Evaluate request; *response is a new {"outputs": {...}, "grads": {...}} (json_object_put).
 * Any status but ST_OK means the request was refused, with status_detail() saying why. */
Status vjp_run(json_object *request, json_object **response);
/* Read and check request as vjp_run does, and estimate its cost, without the pass: ST_OK
 * and *cost, or the refusal vjp_run would give (ST_ELIMIT beyond the limits, *cost set). */
Status vjp_estimate(json_object *request, VjpCost *cost);

/* The request format, for `gradlab grad --help`. */
void vjp_print_contract(FILE *out);

#endif
