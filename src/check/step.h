/* step: the requests of `gradlab step`. In src/check, above src/optim: reads a JSON request
 * naming an optimizer, its options, parameter tensors, a list of gradients and an optional
 * lr scheduler, runs one optimizer step per gradient (the scheduler stepping after each, as
 * PyTorch orders them) and writes the parameters, the lr of every step and the state that
 * torch.optim keeps. src/optim gets facts only; the words of a refusal are made here. */
#ifndef GRADLAB_STEP_H
#define GRADLAB_STEP_H

#include "core/status.h"

#include <json-c/json.h>
#include <stdio.h>

#define STEP_MAX_PARAMS 64 /* the most parameter tensors in one request */

/* Run request; *response (the caller's, json_object_put) is
 *   {"params": {NAME: tensor}, "lr": [lr of each step],
 *    "state": {NAME: {"step": N, BUFFER: tensor, ...}},
 *    "scheduler": {"last_epoch": E, "lr": the next step's lr}}   (with a scheduler only)
 * ST_EINVAL, ST_ESHAPE, ST_ERANGE, ST_ENONFINITE (English detail naming the JSON path) for
 * a request that is wrong; ST_ENOMEM. */
Status step_run(json_object *request, json_object **response);

/* What the request may hold: each optimizer with its options and torch's defaults, each
 * scheduler with its options, for --help. */
void step_print_contract(FILE *out);

#endif
