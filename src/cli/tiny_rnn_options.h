/* tiny_rnn_options: the command line that `unroll` and `bptt` share, the commands that draw
 * lesson 02 and 03's tiny RNN. In src/cli, on lab/tiny_rnn's limits. --steps, --hidden,
 * --input and --seed come first and the command's own options after them, in --help too. */
#ifndef GRADLAB_TINY_RNN_OPTIONS_H
#define GRADLAB_TINY_RNN_OPTIONS_H

#include "cli/args.h"

#include <stdint.h>
#include <stdio.h>

/* Where the sizes and the seed go: fields of the command's config. */
typedef struct TinyRnnSizes {
	int *steps, *hidden, *input;
	uint64_t *seed;
} TinyRnnSizes;

/* Parse argv for `gradlab cmd` against the sizes and then own (ended by { 0 }). ARGS_OK;
 * ARGS_HELP after printing "usage: gradlab CMD [OPTIONS]", about (ending in a blank line)
 * and every option to out; or ARGS_ERROR after a message on err. */
int tiny_rnn_options_parse(const char *cmd, const char *about, const TinyRnnSizes *sizes,
			   const Opt *own, int argc, char **argv, FILE *out, FILE *err);

#endif
