/* commands: one function per subcommand, each in its own file. In src/cli.
 * A command writes results to out and messages to err and returns the exit status:
 * 0 success, 1 a check that failed, 2 a usage or input error. Only main.c calls exit(). */
#ifndef GRADLAB_COMMANDS_H
#define GRADLAB_COMMANDS_H

#include <stdio.h>

typedef struct Command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv, FILE *out, FILE *err);
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

/* Run gradlab with argv as main() gets it; tests call this in-process. */
int cli_run(int argc, char **argv, FILE *out, FILE *err);

#endif
