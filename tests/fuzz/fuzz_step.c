/* fuzz_step: libFuzzer target for the JSON request reader of `gradlab step`. The bytes are
 * the request file: io_parse_json reads them as the command reads a file, and step_run turns
 * a parsed request into its answer, which is then written out as the command does. Every
 * object is freed, so a leak is a finding. Build and run: `make fuzz` (tests/fuzz/README),
 * once step is in the Makefile's FUZZ_NAMES. */
#include "check/io.h"
#include "check/step.h"
#include "core/status.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *request = NULL, *response = NULL;
	if (io_parse_json("fuzz.json", (const char *)data, size, &request) != ST_OK)
		return 0;
	if (step_run(request, &response) == ST_OK) {
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
