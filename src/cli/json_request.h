/* json_request: the shape shared by the commands that answer one JSON request (`grad`,
 * `step`): read it from a file or standard input, run it, print the answer. */
#ifndef GRADLAB_JSON_REQUEST_H
#define GRADLAB_JSON_REQUEST_H

#include "core/status.h"

#include <json-c/json.h>
#include <stdio.h>

typedef Status (*JsonRequestRun)(json_object *request, json_object **response);

/* Exit status 0 with the answer on out; 2 with "gradlab CMD: ..." on err when the request
 * cannot be read, is refused (the file named, as io_read_json names it) or cannot be
 * written. n_pos is the number of positional arguments given; only one is accepted. */
int json_request_command(const char *cmd, int n_pos, const char *path, JsonRequestRun run,
			 FILE *out, FILE *err);

#endif
