#include "cli/json_request.h"

#include "check/io.h"

#include <string.h>

int json_request_command(const char *cmd, int n_pos, const char *path, JsonRequestRun run,
			 FILE *out, FILE *err)
{
	if (n_pos != 1) {
		fprintf(err, "gradlab %s: name a JSON file, or - for standard input (see 'gradlab %s --help')\n",
			cmd, cmd);
		return 2;
	}
	char name[256]; /* quoted as io_read_json quotes it: a newline in it stays one line */
	io_quote(name, sizeof name, strcmp(path, "-") == 0 ? "<stdin>" : path, 240);
	json_object *request, *response;
	Status st = io_read_json(path, stdin, &request);
	if (st != ST_OK) {
		/* The detail names the file (and the line and column of a syntax error). */
		fprintf(err, "gradlab %s: %s\n", cmd, status_detail());
		return 2;
	}
	st = run(request, &response);
	json_object_put(request);
	if (st != ST_OK) {
		fprintf(err, "gradlab %s: %s: %s\n", cmd, name, status_detail());
		return 2;
	}
	st = io_write_json(out, response);
	json_object_put(response);
	if (st != ST_OK) {
		fprintf(err, "gradlab %s: %s\n", cmd, status_detail());
		return 2;
	}
	return 0;
}
