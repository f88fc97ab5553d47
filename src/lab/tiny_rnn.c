/* tiny_rnn: the size check that lab/unroll and lab/bptt_steps share. */
#include "lab/tiny_rnn.h"

#include <stddef.h>

Status tiny_rnn_check(int steps, int hidden, int input, Activation act)
{
	const struct {
		const char *name;
		int value, max;
	} sizes[] = {
		{ "steps", steps, TINY_RNN_MAX_STEPS },
		{ "hidden", hidden, TINY_RNN_MAX_HIDDEN },
		{ "input", input, TINY_RNN_MAX_INPUT },
	};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		if (sizes[k].value < 1 || sizes[k].value > sizes[k].max)
			return status_fail(ST_ELIMIT, "--%s must be between 1 and %d, got %d",
					   sizes[k].name, sizes[k].max, sizes[k].value);
	if (act < 0 || act >= ACT_COUNT)
		return status_fail(ST_EINVAL, "--act: unknown activation %d", (int)act);
	return ST_OK;
}
