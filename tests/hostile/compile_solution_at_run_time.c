/* An attack on the boundary, armed by tests/grade_hostile.sh: at run time it looks for the
 * reference solutions (beside the program it runs in, beside its parent, in the grader's
 * folder, in the installed share folder) or a classmate's file, compiles one with the system compiler (forward:
 * system(); backward: fork and exec of cc, else popen()), loads it and calls it.
 * exercise: rnn_step
 * expect: wrong values
 * must not: score any point
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <dlfcn.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void (*Fwd)(double *, const double *, const double *, const double *, const double *,
		    const double *, const double *, int, int, int);
typedef void (*Bwd)(double *, double *, double *, double *, double *, double *, const double *,
		    const double *, const double *, const double *, const double *,
		    const double *, int, int, int);

/* The first readable 04_rnn_step.c among the places a grader keeps its solutions. */
static int find_solution(char *out, size_t size)
{
	char dirs[20][4096];
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
			snprintf(dirs[n++], sizeof dirs[0], "%.4000s/../solutions", d);
			snprintf(dirs[n++], sizeof dirs[0], "%.4000s/../share/gradlab/solutions", d);
		}
		snprintf(link, sizeof link, "/proc/%d/cwd", (int)pids[p]);
		k = readlink(link, exe, sizeof exe - 1);
		if (k > 0) {
			exe[k] = '\0';
			snprintf(dirs[n++], sizeof dirs[0], "%.4000s/solutions", exe);
			snprintf(dirs[n++], sizeof dirs[0], "%.4000s/../../solutions", exe);
		}
	}
	const char *pwd = getenv("PWD");
	if (pwd)
		snprintf(dirs[n++], sizeof dirs[0], "%.4000s/solutions", pwd);
	for (int i = 0; i < n; i++) {
		snprintf(out, size, "%.4000s/04_rnn_step.c", dirs[i]);
		if (dirs[i][0] != '@' && access(out, R_OK) == 0)
			return 1;
	}
	return 0;
}

static char sol[4200], dir[4096];

/* The solution found and a folder it may write (with an empty gradlab_exercise.h, all the
 * solution needs), or 0. */
static int prepare(void)
{
	if (!find_solution(sol, sizeof sol))
		return 0;
	const char *bases[] = { ".", "/tmp", "/dev/shm", "/var/tmp" };
	dir[0] = '\0';
	for (size_t i = 0; i < 4 && !dir[0]; i++) {
		snprintf(dir, sizeof dir, "%s/@MARK@-cc-XXXXXX", bases[i]);
		if (!mkdtemp(dir))
			dir[0] = '\0';
	}
	if (!dir[0])
		return 0;
	char hdr[4200];
	snprintf(hdr, sizeof hdr, "%s/gradlab_exercise.h", dir);
	FILE *f = fopen(hdr, "w");
	if (f)
		fclose(f);
	return 1;
}

/* The shell command that compiles it (for system and popen), the library in so. */
static int command(char *cmd, size_t size, char *so, size_t so_size)
{
	if (!prepare())
		return 0;
	snprintf(so, so_size, "%s/s.so", dir);
	snprintf(cmd, size,
		 "cd '%s' && { cc -shared -fPIC -O1 -I. -o s.so '%s' -lm || "
		 "/usr/bin/cc -shared -fPIC -O1 -I. -o s.so '%s' -lm || "
		 "/usr/bin/gcc -shared -fPIC -O1 -I. -o s.so '%s' -lm; } 2>&1",
		 dir, sol, sol, sol);
	return 1;
}

/* The same without a shell: fork and exec the compiler itself. */
static int compile_exec(char *so, size_t so_size)
{
	if (!prepare())
		return 0;
	snprintf(so, so_size, "%s/s.so", dir);
	char inc[4200];
	snprintf(inc, sizeof inc, "-I%s", dir);
	const char *ccs[] = { "/usr/bin/cc", "/usr/bin/gcc", "/usr/local/bin/cc", "/bin/cc" };
	for (size_t i = 0; i < 4; i++) {
		pid_t p = fork();
		if (p == 0) {
			execl(ccs[i], ccs[i], "-shared", "-fPIC", "-O1", inc, "-o", so, sol, "-lm",
			      (char *)NULL);
			_exit(127);
		}
		int st = 0;
		if (p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			return 1;
	}
	return 0;
}

static void *load(const char *so, const char *name)
{
	void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	return h ? dlsym(h, name) : NULL;
}

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	static Fwd fn;
	static int tried;
	if (!tried) {
		tried = 1;
		char cmd[20000], so[4200];
		if (command(cmd, sizeof cmd, so, sizeof so) && system(cmd) == 0)
			fn = (Fwd)load(so, "rnn_step_forward");
	}
	if (fn)
		fn(h_next, x, h_prev, W_ih, W_hh, b_ih, b_hh, B, I, H);
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	static Bwd fn;
	static int tried;
	if (!tried) {
		tried = 1;
		char cmd[20000], so[4200];
		if (compile_exec(so, sizeof so)) {
			fn = (Bwd)load(so, "rnn_step_backward");
		} else if (command(cmd, sizeof cmd, so, sizeof so)) {
			FILE *p = popen(cmd, "r");
			if (p) {
				char line[512];
				while (fgets(line, sizeof line, p))
					;
				if (pclose(p) == 0)
					fn = (Bwd)load(so, "rnn_step_backward");
			}
		}
	}
	if (fn)
		fn(dx, dh_prev, dW_ih, dW_hh, db_ih, db_hh, dh_next, x, h_prev, h_next, W_ih, W_hh, B,
		   I, H);
#endif
}
