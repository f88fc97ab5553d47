/* sandbox: runs untrusted programs (the compiler on a learner's file, and the program built
 * from it) in a separate process that cannot hang, crash or harm the grader, read what the
 * learner could not, or leave anything behind. In src/grade, under the runner.
 *
 * Every run gets: a new session (no controlling terminal) and process group; CPU-time,
 * memory, file-size, open-file and process-count limits; no core dumps; no new privileges;
 * standard input from the grader (a socket it writes the input to) or /dev/null; standard
 * output and error captured through a pipe and capped; a result channel on descriptor 3; no
 * other descriptor; the environment it is given and nothing else; and a wall-clock timeout
 * after which everything it started is killed with SIGKILL and reaped. Every set-up call is
 * checked: a run that cannot be set up as promised does not run (ST_EIO, saying why).
 *
 * Modes (exercises/README.md, "The sandbox boundary", says what each stops):
 *   namespaces: fresh pid, mount, network, IPC and UTS namespaces (as root; or, not root,
 *     inside a user namespace) and a minimal root file system: /usr and the merged-usr links
 *     read-only, /etc/alternatives and /etc/ld.so.cache, a private /dev (null, zero,
 *     urandom), a fresh /proc, a private /tmp holding the working folder /tmp/work; nothing
 *     of /home, /root, /srv, /opt, the grader's data or the grader itself. As root, a user id
 *     of its own as well. Every process it started dies with the namespace.
 *   uid: root without namespaces: a user id of its own (every process of that user is
 *     killed afterwards, its IPC objects and shared-folder files removed), and Landlock
 *     where the kernel has it: the system's folders to read, the working folder to write.
 *   basic: not root, no user namespaces: the limits, the session, and Landlock. */
#ifndef GRADLAB_SANDBOX_H
#define GRADLAB_SANDBOX_H

#include "core/status.h"

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

typedef enum SandboxMode {
	SANDBOX_NAMESPACES, /* root: own user id, namespaces, minimal root */
	SANDBOX_UID,        /* root without namespaces: own user id and process group */
	SANDBOX_BASIC,      /* not root, no user namespaces: limits and a process group only */
	SANDBOX_USERNS,     /* not root: namespaces and the minimal root in a user namespace */
} SandboxMode;

/* The first sandbox user id when GRADLAB_SANDBOX_UID_BASE is not set; a run's user is the
 * base plus the grading process's pid, so the range is [base, base + pid_max). */
#define SANDBOX_UID_BASE_DEFAULT 1879048192u /* 0x70000000 */

typedef struct SandboxLimits {
	double wall;        /* seconds of wall-clock time before everything is killed */
	int cpu;            /* seconds of CPU time (RLIMIT_CPU; SIGKILL one second later) */
	long memory_mb;     /* address space (RLIMIT_AS) */
	long file_mb;       /* largest file it may write (RLIMIT_FSIZE), and the private /tmp */
	int procs;          /* processes it may have at once (RLIMIT_NPROC) */
	size_t output_cap;  /* bytes of standard output and error kept (the rest is read, dropped) */
	size_t data_cap;    /* bytes of the result channel kept */
	/* The host folder it works in: without namespaces its current folder; with them, bound
	 * read-write at /tmp/work when share_work, else a fresh empty /tmp/work is made. */
	const char *workdir;
	int share_work;
	/* With namespaces: a host file bound read-only at SANDBOX_PROGRAM (the program to run). */
	const char *program;
	/* A folder of the grader's to keep out of reach besides its own program and data folder
	 * (the reference solutions); NULL for none. */
	const char *hide;
	uid_t uid;          /* the sandbox's user when run as root; 0: sandbox_uid's default */
	const unsigned char *input; /* written to its standard input (NULL: /dev/null) */
	size_t input_len;
	/* When not NULL: the run is stopped (everything it started killed and reaped) as soon
	 * as *cancel is non-zero, as a signal handler of the caller's sets it. */
	const volatile sig_atomic_t *cancel;
} SandboxLimits;

/* Where lim->program is inside the namespaces. */
#define SANDBOX_PROGRAM "/gradlab-check"

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
	unsigned char *data; /* what it wrote to its result channel (descriptor 3) */
	size_t data_len;
	int data_truncated;
	char escaped[256];   /* files it left outside its working folder, "" if none */
} SandboxRun;

/* Run argv (argv[0] an absolute path as the run sees it: with namespaces, inside the minimal
 * root) with env its whole environment. ST_OK when the run happened, whatever it did (see
 * *out); ST_EIO when the sandbox could not be set up, with status_detail() saying why. Free
 * out with sandbox_run_free. */
Status sandbox_exec(const SandboxLimits *lim, char *const argv[], char *const env[],
		    SandboxRun *out);
void sandbox_run_free(SandboxRun *r);

/* The mode runs get in this process. GRADLAB_SANDBOX=uid asks for less as root (for tests),
 * =basic for less when not root; as root, "basic" is taken as "uid", since process limits
 * do not bind root. */
SandboxMode sandbox_mode(void);
/* The mode in a few words, in lang (a Lang). */
const char *sandbox_mode_describe(SandboxMode m, int lang);
/* Whether a run without namespaces is held by Landlock (the kernel has it): then it can write
 * nowhere but its working folder. */
int sandbox_landlock(void);
/* Whether a path is visible inside the minimal root (under /usr/bin, /usr/lib, /bin...). */
int sandbox_visible(const char *path);
/* As root (not in a user namespace): ST_OK when the sandbox's user range (see
 * SANDBOX_UID_BASE_DEFAULT) is free: no user or group of /etc/passwd, /etc/group, and no
 * range of /etc/subuid, /etc/subgid in it; else ST_EIO saying which collides. */
Status sandbox_check_uids(void);
/* Kill every process of the user that runs started by process owner got, and remove what
 * it left (root, uid mode): for a caller that had to kill owner before it could clean up. */
void sandbox_kill_leftovers(pid_t owner);
/* The user id runs get (when root), for files the caller prepares for them. */
uid_t sandbox_uid(const SandboxLimits *lim);
/* Write all n bytes of buf to fd, again after a signal; 0, or -1 when fd takes no more. */
int sandbox_write_all(int fd, const void *buf, size_t n);

#endif
