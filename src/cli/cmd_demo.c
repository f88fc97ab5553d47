/* cmd_demo: what `make run` shows until the terminal book exists: a gradient check of a
 * two-layer perceptron and a step-size sweep of tanh, with the commands that made them. */
#include "cli/args.h"
#include "cli/commands.h"

int cmd_demo(int argc, char **argv, FILE *out, FILE *err)
{
	const Opt opts[] = { { 0 } };
	int n_pos;
	int rc = args_parse("demo", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab demo\n\n"
			     "A short tour: `gradlab check mlp --hidden 8` and `gradlab sweep tanh`,\n"
			     "each after the command that made it. It takes no options.\n");
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	fprintf(out, "$ gradlab check mlp --hidden 8\n");
	rc = cli_run(5, (char *[]){ "gradlab", "check", "mlp", "--hidden", "8", NULL }, out, err);
	fprintf(out, "\n$ gradlab sweep tanh\n");
	int rc2 = cli_run(3, (char *[]){ "gradlab", "sweep", "tanh", NULL }, out, err);
	fprintf(out, "\nTry 'gradlab check --list' and 'gradlab --help'.\n");
	return rc ? rc : rc2;
}
