/* sandbox: fork (or clone into new namespaces), limit, drop privileges, run, watch the clock,
 * kill, reap. The parent reads the child's output, its result channel and (with namespaces)
 * a status record from the namespace's first process, which never runs learner code. */
#include "grade/sandbox.h"

#include "core/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/mount.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define UID_BASE 1000000u

SandboxLimits sandbox_limits_check(double timeout)
{
	int cpu = (int)timeout < 1 ? 1 : (int)timeout;
	return (SandboxLimits){ .wall = timeout + 1.0, .cpu = cpu, .memory_mb = 256,
				.file_mb = 8, .procs = 8, .output_cap = 16384,
				.data_cap = 4u << 20, .isolate = 1, .keep_fd = -1 };
}

SandboxLimits sandbox_limits_compile(double timeout)
{
	int cpu = (int)timeout < 1 ? 1 : (int)timeout;
	return (SandboxLimits){ .wall = timeout, .cpu = cpu, .memory_mb = 1024, .file_mb = 64,
				.procs = 16, .output_cap = 16384, .data_cap = 0, .isolate = 0,
				.keep_fd = -1 };
}

uid_t sandbox_uid(const SandboxLimits *lim)
{
	return lim->uid ? lim->uid : (uid_t)(UID_BASE + (unsigned)getpid());
}

const char *sandbox_mode_describe(SandboxMode m, int zh)
{
	switch (m) {
	case SANDBOX_NAMESPACES:
		return zh ? "命名空间（pid、mount、net），只读 /，私有 /tmp，独立用户"
			  : "namespaces (pid, mount, net), read-only /, private /tmp, own uid";
	case SANDBOX_UID:
		return zh ? "独立用户和进程组，资源限制" : "own uid and process group, limits";
	default:
		return zh ? "只有进程组和资源限制（不是 root）"
			  : "process group and limits only (not root)";
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* {==== In the child ==== */

/* Writes only: safe after fork. */
static void die(const char *what)
{
	char buf[200];
	int n = snprintf(buf, sizeof buf, "gradlab sandbox: %s: %s\n", what, strerror(errno));
	if (n > 0 && write(2, buf, (size_t)n) < 0)
		_exit(125);
	_exit(125);
}

static unsigned long vm_bytes(void)
{
	unsigned long pages = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		char buf[64];
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			pages = strtoul(buf, NULL, 10);
		}
	}
	return pages * (unsigned long)sysconf(_SC_PAGESIZE);
}

static void set_limit(int which, rlim_t soft, rlim_t hard)
{
	struct rlimit r = { soft, hard };
	setrlimit(which, &r);
}

/* Processes the user uid has now (RLIMIT_NPROC counts them all, not only ours). */
static int user_processes(uid_t uid)
{
	DIR *d = opendir("/proc");
	int n = 0;
	if (!d)
		return 64;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300];
		struct stat st;
		snprintf(path, sizeof path, "/proc/%s", e->d_name);
		if (stat(path, &st) == 0 && st.st_uid == uid)
			n++;
	}
	closedir(d);
	return n;
}

static void close_from_to(unsigned lo, unsigned hi)
{
	if (lo > hi)
		return;
	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return;
	for (unsigned fd = lo; fd <= hi && fd < 4096; fd++)
		close((int)fd);
}

/* Close every descriptor from 3 up except keep1 and keep2 (either may be -1). */
static void close_others(int keep1, int keep2)
{
	unsigned a = keep1 < 3 ? ~0u : (unsigned)keep1, b = keep2 < 3 ? ~0u : (unsigned)keep2;
	unsigned lo = a < b ? a : b, hi = a < b ? b : a;
	if (lo == ~0u) {
		close_from_to(3, ~0u);
		return;
	}
	close_from_to(3, lo - 1);
	if (hi == ~0u || hi == lo) {
		close_from_to(lo + 1, ~0u);
		return;
	}
	close_from_to(lo + 1, hi - 1);
	close_from_to(hi + 1, ~0u);
}

/* Everything a sandboxed process gets before it runs untrusted code: signals back to their
 * defaults, stdin from /dev/null, stdout and stderr into the pipe, limits, another user. */
static void child_setup(const SandboxLimits *lim, int out_w, int data_w, int exec_mode,
			int drop)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out_w, 1) < 0 || dup2(out_w, 2) < 0)
		die("standard streams");
	if (null > 2)
		close(null);
	close_others(data_w, exec_mode ? -1 : lim->keep_fd);

	set_limit(RLIMIT_CORE, 0, 0);
	set_limit(RLIMIT_CPU, (rlim_t)lim->cpu, (rlim_t)lim->cpu + 1);
	set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_mb << 20, (rlim_t)lim->file_mb << 20);
	set_limit(RLIMIT_NOFILE, 64, 64);
	rlim_t mem = (rlim_t)lim->memory_mb << 20;
	/* fn runs in a copy of the grader, whose size (and, under AddressSanitizer, a huge
	 * shadow reservation) is already counted: allow that much more. */
	if (!exec_mode)
		mem += vm_bytes();
	set_limit(RLIMIT_AS, mem, mem);

	uid_t uid = sandbox_uid(lim);
	if (drop) {
		if (setgroups(0, NULL) < 0 || setgid((gid_t)uid) < 0 || setuid(uid) < 0)
			die("dropping privileges");
		set_limit(RLIMIT_NPROC, (rlim_t)lim->procs, (rlim_t)lim->procs);
	} else {
		rlim_t n = (rlim_t)(user_processes(getuid()) + lim->procs);
		set_limit(RLIMIT_NPROC, n, n);
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
}

typedef struct Spawn {
	const SandboxLimits *lim;
	SandboxFn fn;
	void *ctx;
	char *const *argv, *const *env;
	int out_w, data_w, status_w;
	int drop;
} Spawn;

static void run_payload(Spawn *s)
{
	child_setup(s->lim, s->out_w, s->data_w, s->fn == NULL, s->drop);
	if (s->fn)
		_exit(s->fn(s->ctx, s->data_w) & 0xff);
	execve(s->argv[0], s->argv, s->env);
	die(s->argv[0]);
}

/* The status the namespace's first process sends once the payload has ended. */
typedef struct NsStatus {
	int wstatus;
	double cpu;
	char escaped[256];
} NsStatus;

int sandbox_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Names left in the private /tmp besides the working folder. */
static void list_escapes(char *buf, size_t size)
{
	buf[0] = '\0';
	DIR *d = opendir("/tmp");
	if (!d)
		return;
	size_t len = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, "work") == 0)
			continue;
		int n = snprintf(buf + len, size - len, "%s/tmp/%s", len ? ", " : "", e->d_name);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
	closedir(d);
}

/* Process 1 of the new pid namespace: root there, never runs learner code. Makes the file
 * system read-only with a private /tmp, starts the payload as process 2, reaps everything,
 * reports, and exits, upon which the kernel kills whatever the payload left running. */
static void namespace_init(Spawn *s)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("private mounts");
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	if (syscall(SYS_mount_setattr, -1, "/", AT_RECURSIVE, &ro, sizeof ro) < 0 &&
	    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		die("read-only file system");
	char opts[64];
	snprintf(opts, sizeof opts, "size=%ldm,mode=0755", 2 * s->lim->file_mb + 1);
	if (mount("gradlab-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		die("private /tmp");
	uid_t uid = sandbox_uid(s->lim);
	if (mkdir("/tmp/work", 0700) < 0 || chown("/tmp/work", uid, (gid_t)uid) < 0)
		die("/tmp/work");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("/proc");
	pid_t payload = fork();
	if (payload < 0)
		die("fork");
	if (payload == 0) {
		close(s->status_w);
		if (chdir("/tmp/work") < 0)
			die("chdir /tmp/work");
		run_payload(s);
	}
	close(s->out_w);
	close(s->data_w);
	NsStatus ns = { 0 };
	for (;;) {
		int st;
		struct rusage ru;
		pid_t p = wait4(-1, &st, 0, &ru);
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			die("wait");
		if (p == payload) {
			ns.wstatus = st;
			ns.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
				 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
			break;
		}
	}
	list_escapes(ns.escaped, sizeof ns.escaped);
	sandbox_write_all(s->status_w, &ns, sizeof ns);
	_exit(0);
}

/* }==== */

/* {==== In the parent ==== */

static int namespaces_flags(void)
{
	return CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;
}

SandboxMode sandbox_mode(void)
{
	static int known = -1;
	if (known >= 0)
		return (SandboxMode)known;
	const char *env = getenv("GRADLAB_SANDBOX");
	/* As root, "basic" means "uid": RLIMIT_NPROC does not bind root, so a fork bomb run
	 * as root without a user of its own would take the whole machine. */
	if (geteuid() != 0) {
		known = SANDBOX_BASIC;
	} else if (env && (strcmp(env, "uid") == 0 || strcmp(env, "basic") == 0)) {
		known = SANDBOX_UID;
	} else {
		/* Try once: a child in new namespaces that only exits. */
		pid_t p = (pid_t)syscall(SYS_clone, namespaces_flags() | SIGCHLD, NULL, NULL, NULL, 0);
		if (p == 0) {
			struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
			int ok = mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
				 syscall(SYS_mount_setattr, -1, "/", AT_RECURSIVE, &ro, sizeof ro) == 0 &&
				 mount("gradlab-tmp", "/tmp", "tmpfs", 0, "size=1m") == 0;
			_exit(ok ? 0 : 1);
		}
		int st = 0;
		known = p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0
				? SANDBOX_NAMESPACES
				: SANDBOX_UID;
	}
	return (SandboxMode)known;
}

typedef struct Buf {
	char *p;
	size_t len, cap, limit;
	int truncated, open;
	int fd;
} Buf;

/* Read what is there; keep up to limit bytes, drop the rest. */
static void buf_read(Buf *b)
{
	char tmp[8192];
	ssize_t n = read(b->fd, tmp, sizeof tmp);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		b->open = 0;
		return;
	}
	size_t keep = (size_t)n;
	if (b->len + keep > b->limit) {
		keep = b->limit > b->len ? b->limit - b->len : 0;
		b->truncated = 1;
	}
	if (keep == 0)
		return;
	if (b->len + keep + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + keep + 1)
			cap *= 2;
		char *q = mem_realloc(b->p, cap);
		if (!q) {
			b->truncated = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, tmp, keep);
	b->len += keep;
	b->p[b->len] = '\0';
}

static int pidfd_for(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Kill every process of user uid (a sandbox user, so only the sandbox's): a helper takes
 * that uid and signals everything it may, twice, to catch what was forking. */
static void kill_user(uid_t uid)
{
	pid_t p = fork();
	if (p == 0) {
		if (setgroups(0, NULL) < 0 || setgid((gid_t)uid) < 0 || setuid(uid) < 0)
			_exit(1);
		kill(-1, SIGKILL);
		kill(-1, SIGKILL);
		_exit(0);
	}
	if (p > 0)
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
}

void sandbox_kill_leftovers(pid_t owner)
{
	if (geteuid() == 0 && sandbox_mode() != SANDBOX_BASIC)
		kill_user((uid_t)(UID_BASE + (unsigned)owner));
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* The descriptors of the buffers still open, into pf; map[i] is pf[i]'s buffer. */
static int poll_open_bufs(Buf *const *bufs, int n_bufs, struct pollfd *pf, int *map)
{
	int n = 0;
	for (int i = 0; i < n_bufs; i++)
		if (bufs[i]->open) {
			pf[n] = (struct pollfd){ bufs[i]->fd, POLLIN, 0 };
			map[n++] = i;
		}
	return n;
}

static int cancelled(const SandboxLimits *lim)
{
	return lim->cancel && *lim->cancel;
}

static Status watch(const SandboxLimits *lim, pid_t pid, int namespaced, int group, Buf *out,
		    Buf *data, Buf *status, SandboxRun *r, double t0)
{
	int pidfd = pidfd_for(pid);
	double deadline = t0 + lim->wall;
	int done = 0, st = 0;
	struct rusage ru = { 0 };
	Buf *bufs[3] = { out, data, status };
	while (!done) {
		struct pollfd pf[4];
		int map[4];
		int n = poll_open_bufs(bufs, 3, pf, map);
		int pidslot = -1;
		if (pidfd >= 0) {
			pf[n] = (struct pollfd){ pidfd, POLLIN, 0 };
			pidslot = n++;
		}
		double left = deadline - now();
		int ms = left <= 0 ? 0 : (int)(left * 1000) + 1;
		if (pidfd < 0 && ms > 5)
			ms = 5; /* no pidfd: look at the child every 5 ms */
		/* A signal that comes between the look at *cancel and poll does not interrupt
		 * poll: look again at least every 50 ms. */
		if (lim->cancel && ms > 50)
			ms = 50;
		int k = poll(pf, (nfds_t)n, ms);
		if (k < 0 && errno != EINTR)
			break;
		for (int i = 0; k > 0 && i < n; i++)
			if (i != pidslot && (pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				buf_read(bufs[map[i]]);
		pid_t w = wait4(pid, &st, WNOHANG, &ru);
		if (w == pid) {
			done = 1;
		} else if (now() >= deadline || cancelled(lim)) {
			if (cancelled(lim))
				r->cancelled = 1;
			else
				r->timed_out = 1;
			kill(group ? -pid : pid, SIGKILL);
			kill(pid, SIGKILL);
			while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
				;
			done = 1;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	/* Whatever the payload left running: the kernel has killed it with the namespace;
	 * otherwise kill its process group, and as root every process of its user. */
	if (!namespaced) {
		kill(-pid, SIGKILL);
		if (geteuid() == 0 && sandbox_uid(lim) != 0 && r->mode != SANDBOX_BASIC)
			kill_user(sandbox_uid(lim));
	}
	/* Drain the pipes; a writer that escaped everything above cannot keep us: 0.5 s. */
	double stop = now() + 0.5;
	int killed = r->timed_out || r->cancelled;
	for (;;) {
		struct pollfd pf[3];
		int map[3];
		int n = poll_open_bufs(bufs, 3, pf, map);
		double left = stop - now();
		if (n == 0 || left <= 0)
			break;
		int k = poll(pf, (nfds_t)n, (int)(left * 1000) + 1);
		if (k < 0 && errno != EINTR)
			break;
		for (int i = 0; k > 0 && i < n; i++)
			if (pf[i].revents)
				buf_read(bufs[map[i]]);
	}
	r->wall_seconds = now() - t0;
	if (namespaced) {
		NsStatus ns;
		if (status->len == sizeof ns && !killed) {
			memcpy(&ns, status->p, sizeof ns);
			st = ns.wstatus;
			r->cpu_seconds = ns.cpu;
			snprintf(r->escaped, sizeof r->escaped, "%s", ns.escaped);
		} else if (!killed) {
			/* The first process failed before the payload could end normally. */
			r->exited = 0;
			r->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 125)
				return status_fail(ST_EIO, "sandbox: could not set up: %s",
						   out->p ? out->p : "no message");
			st = WIFSIGNALED(st) ? st : (125 << 8);
		}
	} else {
		r->cpu_seconds = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
				 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
	}
	if (!killed) {
		if (WIFEXITED(st)) {
			r->exited = 1;
			r->code = WEXITSTATUS(st);
		} else if (WIFSIGNALED(st)) {
			r->signal = WTERMSIG(st);
		}
		r->cpu_limit = r->signal == SIGXCPU ||
			       (r->signal == SIGKILL && r->cpu_seconds >= lim->cpu - 0.05);
	}
	return ST_OK;
}

static Status spawn(const SandboxLimits *lim, SandboxFn fn, void *ctx, char *const argv[],
		    char *const env[], SandboxRun *r)
{
	memset(r, 0, sizeof *r);
	SandboxMode mode = sandbox_mode();
	int namespaced = fn && lim->isolate && mode == SANDBOX_NAMESPACES;
	r->mode = namespaced ? SANDBOX_NAMESPACES : mode == SANDBOX_BASIC ? SANDBOX_BASIC : SANDBOX_UID;
	int out_p[2] = { -1, -1 }, data_p[2] = { -1, -1 }, status_p[2] = { -1, -1 };
	if (pipe2(out_p, O_CLOEXEC) < 0 || pipe2(data_p, O_CLOEXEC) < 0 ||
	    pipe2(status_p, O_CLOEXEC) < 0) {
		int e = errno;
		for (int i = 0; i < 2; i++) {
			if (out_p[i] >= 0)
				close(out_p[i]);
			if (data_p[i] >= 0)
				close(data_p[i]);
			if (status_p[i] >= 0)
				close(status_p[i]);
		}
		return status_fail(ST_EIO, "sandbox: pipes: %s", strerror(e));
	}
	Spawn s = { lim, fn, ctx, argv, env, out_p[1], data_p[1], status_p[1],
		    geteuid() == 0 && mode != SANDBOX_BASIC };
	fflush(NULL);
	double t0 = now();
	pid_t pid;
	if (namespaced) {
		pid = (pid_t)syscall(SYS_clone, namespaces_flags() | SIGCHLD, NULL, NULL, NULL, 0);
		if (pid == 0) {
			close(out_p[0]);
			close(data_p[0]);
			close(status_p[0]);
			setpgid(0, 0);
			namespace_init(&s);
		}
	} else {
		pid = fork();
		if (pid == 0) {
			close(out_p[0]);
			close(data_p[0]);
			close(status_p[0]);
			setpgid(0, 0);
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
			if (lim->workdir && chdir(lim->workdir) < 0)
				die(lim->workdir);
			run_payload(&s);
		}
	}
	int e = errno;
	close(out_p[1]);
	close(data_p[1]);
	close(status_p[1]);
	if (pid < 0) {
		close(out_p[0]);
		close(data_p[0]);
		close(status_p[0]);
		return status_fail(ST_EIO, "sandbox: cannot start a process: %s", strerror(e));
	}
	setpgid(pid, pid);
	Buf out = { .limit = lim->output_cap, .open = 1, .fd = out_p[0] };
	Buf data = { .limit = lim->data_cap, .open = 1, .fd = data_p[0] };
	Buf status = { .limit = sizeof(NsStatus), .open = 1, .fd = status_p[0] };
	set_nonblock(out.fd);
	set_nonblock(data.fd);
	set_nonblock(status.fd);
	Status st = watch(lim, pid, namespaced, 1, &out, &data, &status, r, t0);
	close(out.fd);
	close(data.fd);
	close(status.fd);
	mem_free(status.p);
	r->output = out.p;
	r->output_len = out.len;
	r->output_truncated = out.truncated;
	r->data = (unsigned char *)data.p;
	r->data_len = data.len;
	r->data_truncated = data.truncated;
	if (st != ST_OK)
		sandbox_run_free(r);
	return st;
}

Status sandbox_run(const SandboxLimits *lim, SandboxFn fn, void *ctx, SandboxRun *out)
{
	return spawn(lim, fn, ctx, NULL, NULL, out);
}

Status sandbox_exec(const SandboxLimits *lim, char *const argv[], char *const env[],
		    SandboxRun *out)
{
	return spawn(lim, NULL, NULL, argv, env, out);
}

void sandbox_run_free(SandboxRun *r)
{
	if (!r)
		return;
	mem_free(r->output);
	mem_free(r->data);
	r->output = NULL;
	r->data = NULL;
	r->output_len = r->data_len = 0;
}

/* }==== */
