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

/* The most one request may cost: values on the tape (about memory / 16 bytes) and
 * multiply-adds of its forward pass. */
#define VJP_MAX_TAPE_VALUES (1 << 24)
#define VJP_MAX_WORK 2e9

/* Evaluate request; *response is a new {"outputs": {...}, "grads": {...}} (json_object_put).
 * Any status but ST_OK means the request was refused, with status_detail() saying why. */
Status vjp_run(json_object *request, json_object **response);

/* The request format, for `gradlab grad --help`. */
void vjp_print_contract(FILE *out);

#endif
