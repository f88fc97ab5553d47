/* tiny_rnn_options: one option table from the shared sizes and a command's own options. */
#include "cli/tiny_rnn_options.h"

#include "lab/tiny_rnn.h"

#include <assert.h>

#define N_SIZES 4  /* --steps, --hidden, --input, --seed */
#define MAX_OWN 8  /* a command's own options at most */

int tiny_rnn_options_parse(const char *cmd, const char *about, const TinyRnnSizes *sizes,
			   const Opt *own, int argc, char **argv, FILE *out, FILE *err)
{
	Opt opts[N_SIZES + MAX_OWN + 1] = {
		{ "steps", OPT_INT, sizes->steps, 1, TINY_RNN_MAX_STEPS, 0, NULL, "T", "time steps, 1..6 (default 3)" },
		{ "hidden", OPT_INT, sizes->hidden, 1, TINY_RNN_MAX_HIDDEN, 0, NULL, "H", "hidden units, 1..4 (default 2)" },
		{ "input", OPT_INT, sizes->input, 1, TINY_RNN_MAX_INPUT, 0, NULL, "I", "input features, 1..3 (default 1)" },
		{ "seed", OPT_U64, sizes->seed, 0, 0, 0, NULL, "S", "random seed (default 1)" },
	};
	int n = N_SIZES;
	for (const Opt *o = own; o->name && n < N_SIZES + MAX_OWN; o++)
		opts[n++] = *o;
	assert(!own[n - N_SIZES].name); /* all of them fit */
	int n_pos;
	int rc = args_parse(cmd, opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab %s [OPTIONS]\n\n%soptions:\n", cmd, about);
		args_print_options(opts, out);
	}
	return rc;
}
