/* fuzz_grad: libFuzzer target for the JSON request parser of `gradlab grad`. The bytes are
 * the request file: io_parse_json reads them as the command reads a file, and vjp_run turns
 * a parsed request into its answer, which is then written out as the command does. Every
 * object is freed, so a leak is a finding. Build and run: `make fuzz` (tests/fuzz/README). */
#include "check/io.h"
#include "check/vjp.h"
#include "core/status.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *request = NULL, *response = NULL;
	if (io_parse_json("fuzz.json", (const char *)data, size, &request) != ST_OK)
		return 0;
	if (vjp_run(request, &response) == ST_OK) {
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			io_write_json(null, response);
			fclose(null);
		}
	}
	json_object_put(response);
	json_object_put(request);
	return 0;
}
