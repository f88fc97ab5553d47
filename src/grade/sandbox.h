/* sandbox: runs untrusted code (a learner's exercise, or the compiler on it) in a separate
 * process that cannot hang, crash or harm the grader. In src/grade, under the runner.
 *
 * Every run gets: its own process group; CPU-time, memory, file-size, open-file and
 * process-count limits; no core dumps; standard input from /dev/null; standard output and
 * error captured through a pipe and capped; a private result channel (a pipe) for fn; and a
 * wall-clock timeout after which everything it started is killed with SIGKILL and reaped.
 * Run as root it also gets a user id of its own (1000000 + the grader's pid), so the process
 * limit counts only its own processes and it can write only where anyone may; and, where the
 * kernel allows, fresh pid, mount, network, IPC and UTS namespaces: the whole file system
 * read-only, a private empty /tmp holding its working folder /tmp/work, no network, and every
 * process it forked killed by the kernel when it ends. Any file it leaves in /tmp outside
 * /tmp/work is reported as an escape. Without namespaces the runner looks for files left in
 * the shared folders instead (runner.c). Not run as root, only the limits and the process
 * group apply (see exercises/README.md for what that does not stop). */
#ifndef GRADLAB_SANDBOX_H
#define GRADLAB_SANDBOX_H

#include "core/status.h"

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

typedef enum SandboxMode {
	SANDBOX_NAMESPACES, /* root: own user id and namespaces, read-only /, private /tmp */
	SANDBOX_UID,        /* root without namespaces: own user id and process group */
	SANDBOX_BASIC,      /* not root: limits and a process group only */
} SandboxMode;

typedef struct SandboxLimits {
	double wall;        /* seconds of wall-clock time before everything is killed */
	int cpu;            /* seconds of CPU time (RLIMIT_CPU; SIGKILL one second later) */
	long memory_mb;     /* fn: address space beyond what the process has; exec: in all */
	long file_mb;       /* largest file it may write (RLIMIT_FSIZE), and the private /tmp */
	int procs;          /* processes it may have at once (RLIMIT_NPROC) */
	size_t output_cap;  /* bytes of standard output and error kept (the rest is read, dropped) */
	size_t data_cap;    /* bytes of the result channel kept */
	int isolate;        /* fn only: use namespaces when they are available */
	const char *workdir;/* the working folder when there are no namespaces (exec: always) */
	uid_t uid;          /* the sandbox's user when run as root; 0: 1000000 + getpid() */
	int keep_fd;        /* fn only: a descriptor left open for it (-1: none) */
	/* When not NULL: the run is stopped (everything it started killed and reaped) as soon
	 * as *cancel is non-zero, as a signal handler of the caller's sets it. */
	const volatile sig_atomic_t *cancel;
} SandboxLimits;

/* Reasonable limits for one check of an exercise (timeout in seconds). */
SandboxLimits sandbox_limits_check(double timeout);
/* Limits for the compiler. */
SandboxLimits sandbox_limits_compile(double timeout);

typedef struct SandboxRun {
	SandboxMode mode;
	int exited, code;    /* it returned or called exit: its status */
	int signal;          /* the signal that ended it, 0 if none */
	int timed_out;       /* killed by the grader at the wall-clock limit */
	int cancelled;       /* killed by the grader because *lim->cancel was set */
	int cpu_limit;       /* ended by the CPU-time limit */
	double wall_seconds, cpu_seconds;
	char *output;        /* NUL-terminated; output_len bytes */
	size_t output_len;
	int output_truncated;
	unsigned char *data; /* what fn wrote to its result channel */
	size_t data_len;
	int data_truncated;
	char escaped[256];   /* files it left outside its working folder, "" if none */
} SandboxRun;

/* fn runs in the sandbox with data_fd its result channel; its return value is the exit
 * status. ctx and everything else in memory is a copy (the sandbox is a fork). */
typedef int (*SandboxFn)(void *ctx, int data_fd);

/* ST_OK when the run happened, whatever it did (see *out); ST_EIO when the sandbox could not
 * be set up, with status_detail() saying why. Free out with sandbox_run_free. */
Status sandbox_run(const SandboxLimits *lim, SandboxFn fn, void *ctx, SandboxRun *out);
/* The same for a program (argv[0] is an absolute path; env is its whole environment), run
 * in lim->workdir, never in namespaces. */
Status sandbox_exec(const SandboxLimits *lim, char *const argv[], char *const env[],
		    SandboxRun *out);
void sandbox_run_free(SandboxRun *r);

/* The mode runs get in this process: namespaces if the kernel allows them here. The
 * environment variable GRADLAB_SANDBOX=uid asks for less (for tests); as root, "basic" is
 * taken as "uid", since process limits do not bind root. */
SandboxMode sandbox_mode(void);
/* The mode in a few words, in Chinese when zh. */
const char *sandbox_mode_describe(SandboxMode m, int zh);
/* Kill every process of the user that runs started by process owner got (root, not
 * basic mode): for a caller that had to kill owner before it could clean up. */
void sandbox_kill_leftovers(pid_t owner);
/* The user id runs get (when root), for files the caller prepares for them. */
uid_t sandbox_uid(const SandboxLimits *lim);
/* Write all n bytes of buf to fd, again after a signal; 0, or -1 when fd takes no more. Safe
 * in a sandboxed child (no allocation, no stdio). */
int sandbox_write_all(int fd, const void *buf, size_t n);

#endif
