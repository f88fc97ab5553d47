/* cmd_demo: what `make run` shows until the terminal book exists: a gradient check of a
 * two-layer perceptron and a step-size sweep of tanh, with the commands that made them. */
#include "cli/commands.h"

int cmd_demo(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argc;
	(void)argv;
	fprintf(out, "$ gradlab check mlp --hidden 8\n");
	int rc = cli_run(5, (char *[]){ "gradlab", "check", "mlp", "--hidden", "8", NULL }, out, err);
	fprintf(out, "\n$ gradlab sweep tanh\n");
	int rc2 = cli_run(3, (char *[]){ "gradlab", "sweep", "tanh", NULL }, out, err);
	fprintf(out, "\nTry 'gradlab check --list' and 'gradlab --help'.\n");
	return rc ? rc : rc2;
}
