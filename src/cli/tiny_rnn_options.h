/* tiny_rnn_options: the command line that `unroll` and `bptt` share, the commands that draw
 * lesson 02 and 03's tiny RNN. In src/cli, on lab/tiny_rnn's limits. --steps, --hidden,
 * --input and --seed come first, then the values a learner may give by hand (--w, --u,
 * --b-ih, --b-hh, --x, --h0 and for bptt --r), and the command's own options after them, in
 * --help too. */
#ifndef GRADLAB_TINY_RNN_OPTIONS_H
#define GRADLAB_TINY_RNN_OPTIONS_H

#include "cli/args.h"
#include "lab/tiny_rnn.h"

#include <stdint.h>
#include <stdio.h>

/* Where the sizes and the seed go: fields of the command's config. */
typedef struct TinyRnnSizes {
	int *steps, *hidden, *input;
	uint64_t *seed;
} TinyRnnSizes;

/* The longest list a value takes: T*H. */
#define TINY_RNN_GIVEN_MAX (TINY_RNN_MAX_STEPS * TINY_RNN_MAX_HIDDEN)

/* The values given by hand: the option texts, then the numbers read from them. */
typedef struct TinyRnnGiven {
	int with_r;                      /* 1: the command takes --r (bptt) */
	const char *text[TRV_COUNT];     /* NULL: not given */
	int steps_given, hidden_given;   /* --steps, --hidden on the command line */
	double num[TRV_COUNT][TINY_RNN_GIVEN_MAX];
	TinyRnnValues values;            /* points into num, for the lab's config */
} TinyRnnGiven;

/* Parse argv for `gradlab cmd` against the sizes, the given values (given may be NULL) and
 * then own (ended by { 0 }). ARGS_OK; ARGS_HELP after printing "usage: gradlab CMD
 * [OPTIONS]", about (ending in a blank line) and every option to out; or ARGS_ERROR after a
 * message on err. */
int tiny_rnn_options_parse(const char *cmd, const char *about, const TinyRnnSizes *sizes,
			   TinyRnnGiven *given, const Opt *own, int argc, char **argv, FILE *out,
			   FILE *err);

/* Read the given values' texts into numbers, after the sizes: --x sets --steps and --u (or
 * --w) --hidden when those were not given. r_last: only step T is scored, so --r gives r_T.
 * 0, or 2 after one line on err, in language lang (cli_msg.h), naming the option and what
 * is wrong. */
int tiny_rnn_options_values(const char *cmd, const TinyRnnSizes *sizes, TinyRnnGiven *given,
			    int r_last, int lang, FILE *err);

#endif
