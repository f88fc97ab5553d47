/* cli: the command table, --help and --version. main.c only calls cli_run and exits. The
 * table also says what each command accepts beyond its own options (--lang, the plot
 * options and their sizes, when a plot has nothing to draw): cli_caps gives that to the
 * book, which adds those options only where they are taken. */
#include "cli/commands.h"

#include "cli/plot_options.h"
#include "ui/app.h"

#include <string.h>
#include <unistd.h>

/* The capabilities: LANG takes --lang (core/lang.h's languages); PLOTS takes the plot
 * options, whose sizes plot_options.h bounds. */
#define LANG .lang = 1
#define PLOTS                                                                                  \
	.plot = 1, .plot_cols = { PLOT_SIZE_MIN_COLS, PLOT_SIZE_MAX_COLS },                    \
	.plot_rows = { PLOT_SIZE_MIN_ROWS, PLOT_SIZE_MAX_ROWS }

static const Command commands[] = {
	{ "book", "the terminal book: lessons, live experiments, quizzes (the default)", cmd_book, { LANG } },
	{ "check", "prove a built-in function's gradient against finite differences", cmd_check, { LANG } },
	{ "sweep", "error of the numeric derivative against the step size", cmd_sweep, { LANG, PLOTS } },
	{ "curves", "activations and their derivatives over a range", cmd_curves, { LANG, PLOTS, .draws = curves_draws } },
	{ "grad", "outputs and gradients of a model for a JSON request (a VJP)", cmd_grad, { 0 } },
	{ "norms", "gradient norms over time steps: vanishing and exploding", cmd_norms, { LANG, PLOTS } },
	{ "unroll", "a tiny RNN folded and unrolled, with the value at every node", cmd_unroll, { LANG } },
	{ "bptt", "backpropagation through time, each equation three ways", cmd_bptt, { LANG } },
	{ "attention", "attention scores, weights and the gradient through softmax", cmd_attention, { LANG, PLOTS } },
	{ "gates", "an LSTM's or a GRU's gate values at every time step", cmd_gates, { LANG, PLOTS } },
	{ "relu", "a dying ReLU unit trained step by step beside a leaky one", cmd_relu, { LANG, PLOTS } },
	{ "demo", "a short tour: a gradient check and a step-size sweep", cmd_demo, { 0 } },
	{ "lessons", "list the lessons; --lint checks them and runs every cell", cmd_lessons, { LANG } },
	{ "grade", "grade your exercise files; --class grades a whole class", cmd_grade, { LANG } },
	{ "train", "train a network on a generated task and watch it learn", cmd_train, { LANG, PLOTS } },
	{ "watch", "grade an exercise again each time its file is saved", cmd_watch, { LANG } },
	/* optim (issue 13) */
	{ "step", "torch.optim's optimizer steps and lr schedules for a JSON request", cmd_step, { 0 } },
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
	const Command *c = cli_command(name);
	if (c)
		return c->run(argc - 1, argv + 1, out, err);
	/* Options without a command are the book's: gradlab --lang zh. */
	if (strncmp(name, "--", 2) == 0)
		return cmd_book(argc, argv, out, err);
	fprintf(err, "gradlab: unknown command '%s' (see 'gradlab --help')\n", name);
	return 2;
}

const Command *cli_command(const char *name)
{
	for (int i = 0; name && i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

int cli_caps(int argc, char **argv, UiCaps *caps)
{
	memset(caps, 0, sizeof *caps);
	const Command *c = argc >= 2 ? cli_command(argv[1]) : NULL;
	if (!c)
		return 0;
	caps->lang = c->caps.lang;
	caps->plot = c->caps.plot;
	if (c->caps.plot) {
		caps->nothing_to_plot = c->caps.draws && !c->caps.draws(argc - 1, argv + 1);
		caps->min_cols = c->caps.plot_cols[0];
		caps->max_cols = c->caps.plot_cols[1];
		caps->min_rows = c->caps.plot_rows[0];
		caps->max_rows = c->caps.plot_rows[1];
	}
	return 1;
}
