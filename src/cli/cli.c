/* cli: the command table, --help and --version. main.c only calls cli_run and exits. */
#include "cli/commands.h"

#include <string.h>
#include <unistd.h>

static const Command commands[] = {
	{ "book", "the terminal book: lessons, live experiments, quizzes (the default)", cmd_book },
	{ "check", "prove a built-in function's gradient against finite differences", cmd_check },
	{ "sweep", "error of the numeric derivative against the step size", cmd_sweep },
	{ "curves", "activations and their derivatives over a range", cmd_curves },
	{ "grad", "outputs and gradients of a model for a JSON request (a VJP)", cmd_grad },
	{ "norms", "gradient norms over time steps: vanishing and exploding", cmd_norms },
	{ "unroll", "a tiny RNN folded and unrolled, with the value at every node", cmd_unroll },
	{ "bptt", "backpropagation through time, each equation three ways", cmd_bptt },
	{ "attention", "attention scores, weights and the gradient through softmax", cmd_attention },
	{ "gates", "an LSTM's or a GRU's gate values at every time step", cmd_gates },
	{ "relu", "a dying ReLU unit trained step by step beside a leaky one", cmd_relu },
	{ "demo", "a short tour: a gradient check and a step-size sweep", cmd_demo },
	{ "lessons", "list the lessons; --lint checks them and runs every cell", cmd_lessons },
	{ "grade", "grade your exercise files; --class grades a whole class", cmd_grade },
	{ "watch", "grade an exercise again each time its file is saved", cmd_watch },
};

#define N_COMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: gradlab COMMAND [OPTIONS]\n\n"
		     "gradlab is a terminal companion for learning how gradients flow through\n"
		     "neural networks: every formula can be run, checked and plotted.\n\n"
		     "commands:\n");
	for (int i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n  gradlab                  the book (in a terminal)\n"
		     "  gradlab COMMAND --help   options of one command\n"
		     "  gradlab --version        version\n");
}

int cli_run(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc < 2) {
		/* No command: the book, when there is a terminal to show it on. */
		if (out == stdout && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
			return cmd_book(argc, argv, out, err);
		usage(out);
		return 0;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(out);
		return 0;
	}
	if (strcmp(name, "--version") == 0) {
		fprintf(out, "gradlab %s\n", GRADLAB_VERSION);
		return 0;
	}
	for (int i = 0; i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1, out, err);
	/* Options without a command are the book's: gradlab --lang zh. */
	if (strncmp(name, "--", 2) == 0)
		return cmd_book(argc, argv, out, err);
	fprintf(err, "gradlab: unknown command '%s' (see 'gradlab --help')\n", name);
	return 2;
}
