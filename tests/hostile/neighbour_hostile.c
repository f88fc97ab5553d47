/* An attack on a neighbour, armed by tests/grade_hostile.sh: graded in parallel with an
 * honest student, for four seconds per check it keeps creating files in /dev/shm, /tmp and
 * /var/tmp, touches the folder above its working folder and the class folder, writes into
 * the honest students' folders, so that a grader that blames whatever changed while a check
 * ran blames an honest one, and appends an #error to their files, so that one graded after
 * it does not compile.
 * exercise: rnn_step
 * expect: wrong values|wrote outside its folder
 * must not: cost an honest student a point, or leave a file in the class or elsewhere
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
static void create(const char *dir, int i)
{
	char path[4200];
	snprintf(path, sizeof path, "%.4000s/@MARK@-spam-%d-%d", dir, (int)getpid(), i);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
}

/* Append a line that breaks the build to a classmate's file, before it is compiled. */
static void sabotage(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	if (fd >= 0) {
		static const char line[] = "\n#error sabotaged by a neighbour\n";
		if (write(fd, line, sizeof line - 1) < 0)
			printf("attack: cannot write %s\n", path);
		close(fd);
	}
}

static void disturb(void)
{
	sabotage("@CLASS@/@HONEST@/04_rnn_step.c");
	sabotage("@CLASS@/z_honest/04_rnn_step.c");
	struct timespec t0, now, nap = { 0, 20 * 1000 * 1000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0;; i++) {
		create("/dev/shm", i);
		create("/tmp", i);
		create("/var/tmp", i);
		create("@CLASS@", i);
		create("@CLASS@/@HONEST@", i);
		utimensat(AT_FDCWD, "..", NULL, 0);
		utimensat(AT_FDCWD, "@CLASS@", NULL, 0);
		utimensat(AT_FDCWD, "@CLASS@/@HONEST@", NULL, 0);
		nanosleep(&nap, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec >= 4)
			break;
	}
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	static int done;
	if (!done++)
		disturb();
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	static int done;
	if (!done++)
		disturb();
#endif
}
