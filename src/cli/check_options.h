/* check_options: the model and checker options that `check` and `sweep` share. In src/cli. */
#ifndef GRADLAB_CHECK_OPTIONS_H
#define GRADLAB_CHECK_OPTIONS_H

#include "check/gradcheck.h"
#include "check/models.h"
#include "cli/args.h"

#define MODEL_OPTIONS(c)                                                                        \
	{ "seed", OPT_U64, &(c)->seed, 0, 0, 0, NULL, "S", "random seed for values (default 1)" }, \
	{ "batch", OPT_INT, &(c)->batch, 1, CHECK_MAX_SIZE, 0, NULL, "N", "rows of the input (default 3)" }, \
	{ "input", OPT_INT, &(c)->input, 1, CHECK_MAX_SIZE, 0, NULL, "I", "input features (default 4)" }, \
	{ "hidden", OPT_INT, &(c)->hidden, 1, CHECK_MAX_SIZE, 0, NULL, "H", "hidden units (default 5)" }, \
	{ "output", OPT_INT, &(c)->output, 1, CHECK_MAX_SIZE, 0, NULL, "C", "outputs or classes (default 3)" }, \
	{ "steps", OPT_INT, &(c)->steps, 1, CHECK_MAX_SIZE, 0, NULL, "T", "time steps of a sequence (default 5)" }, \
	{ "act", OPT_STRING, &(c)->act, 0, 0, 0, "tanh|relu|sigmoid|linear|leaky_relu|elu", "F", "rnn's nonlinearity (default tanh)" }, \
	{ "slope", OPT_DOUBLE, &(c)->slope, -1e6, 1e6, 0, NULL, "A", "leaky_relu's negative slope (default 0.01)" }, \
	{ "alpha", OPT_DOUBLE, &(c)->alpha, -1e6, 1e6, 0, NULL, "A", "elu's alpha (default 1)" }

#endif
