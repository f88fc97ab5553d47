/* commands: one function per subcommand, each in its own file. In src/cli.
 * A command writes results to out and messages to err and returns the exit status:
 * 0 success, 1 a check that failed, 2 a usage or input error. Only main.c calls exit(). */
#ifndef GRADLAB_COMMANDS_H
#define GRADLAB_COMMANDS_H

#include <stdio.h>

/* What a command accepts beyond its own options, declared in the command table (cli.c) so
 * that the book asks instead of guessing from an error message (cli_caps). */
typedef struct CommandCaps {
	int lang;                     /* --lang, core/lang.h's codes */
	int plot;                     /* the plot options of plot_options.h */
	int plot_cols[2];             /* with plot: the --plot-size columns it accepts, least
				       * and most; rows likewise */
	int plot_rows[2];
	/* With plot: 0 when argv (as the command gets it, argv[0] its name) draws nothing, so
	 * the command refuses the plot options; NULL: every argv draws. */
	int (*draws)(int argc, char **argv);
} CommandCaps;

typedef struct Command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv, FILE *out, FILE *err);
	CommandCaps caps;
} Command;

int cmd_check(int argc, char **argv, FILE *out, FILE *err);
int cmd_sweep(int argc, char **argv, FILE *out, FILE *err);
int cmd_curves(int argc, char **argv, FILE *out, FILE *err);
int cmd_grad(int argc, char **argv, FILE *out, FILE *err);
int cmd_norms(int argc, char **argv, FILE *out, FILE *err);
int cmd_unroll(int argc, char **argv, FILE *out, FILE *err);
int cmd_bptt(int argc, char **argv, FILE *out, FILE *err);
int cmd_attention(int argc, char **argv, FILE *out, FILE *err);
int cmd_gates(int argc, char **argv, FILE *out, FILE *err);
int cmd_relu(int argc, char **argv, FILE *out, FILE *err);
int cmd_demo(int argc, char **argv, FILE *out, FILE *err);
int cmd_lessons(int argc, char **argv, FILE *out, FILE *err);
int cmd_book(int argc, char **argv, FILE *out, FILE *err);
int cmd_grade(int argc, char **argv, FILE *out, FILE *err);
int cmd_watch(int argc, char **argv, FILE *out, FILE *err);
int cmd_train(int argc, char **argv, FILE *out, FILE *err);
int cmd_step(int argc, char **argv, FILE *out, FILE *err); /* optim (issue 13) */

/* curves' rule: one point (--from equal to --to, or --points 1) makes no curve to draw. */
int curves_draws(int argc, char **argv);

/* Run gradlab with argv as main() gets it; tests call this in-process. */
int cli_run(int argc, char **argv, FILE *out, FILE *err);
/* The command table's entry for name, or NULL. */
const Command *cli_command(const char *name);
/* The book's view of what the command of argv (as cli_run takes it) accepts: UiCapsOf
 * (src/ui/app.h), which cmd_book.c hands to the book beside cli_run. 0 and *caps cleared
 * for no command or an unknown one. */
struct UiCaps;
int cli_caps(int argc, char **argv, struct UiCaps *caps);

#endif
