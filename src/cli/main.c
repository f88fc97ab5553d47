/* main: gradlab's entry point. Sets up the process (locale, SIGPIPE) and runs the command
 * line; the only place that calls exit(). */
#include "cli/commands.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* A closed pipe (gradlab check | head) is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	int rc = cli_run(argc, argv, stdout, stderr);
	if (fflush(stdout) != 0)
		rc = rc ? rc : 2;
	exit(rc);
}
