/* args: a table-driven parser for long options, shared by every subcommand. In src/cli.
 * Each option names where its value goes and its allowed range, so a bad value is refused
 * with a message naming the option and the rule it broke, and --help is printed from the
 * same table. */
#ifndef GRADLAB_ARGS_H
#define GRADLAB_ARGS_H

#include <stdint.h>
#include <stdio.h>

typedef enum OptKind { OPT_INT, OPT_DOUBLE, OPT_U64, OPT_STRING, OPT_FLAG } OptKind;

typedef struct Opt {
	const char *name;     /* without the leading dashes */
	OptKind kind;
	void *dst;            /* int*, double*, uint64_t*, const char**, int* (flag) */
	double lo, hi;        /* inclusive range for numbers */
	int lo_open;          /* 1: lo itself is refused (a step must be > 0) */
	const char *choices;  /* for strings: "a|b|c", or NULL for any */
	const char *meta, *help;
} Opt;

enum { ARGS_OK = 0, ARGS_HELP = 1, ARGS_ERROR = 2 };

/* Parse argv[1..]; options may be "--name value" or "--name=value", in any order among the
 * positional arguments, which are collected (at most max_pos). "-h" and "--help" ask for
 * help. Errors are printed to err as "gradlab CMD: ..." lines. */
int args_parse(const char *cmd, const Opt *opts, int argc, char **argv, const char **pos,
	       int max_pos, int *n_pos, FILE *err);
/* One line per option, "  --name META" and its help from column 25, the help wrapped at
 * ARGS_HELP_WIDTH columns (counted as a terminal shows them) under itself. */
#define ARGS_HELP_WIDTH 80
void args_print_options(const Opt *opts, FILE *out);

#endif
