/* sandbox: fork (or clone into new namespaces and a minimal root), limit, drop privileges,
 * exec, watch the clock, kill, reap, clean up. The parent reads the run's output, its result
 * channel, and a status pipe on which a set-up failure is reported (by the child before it
 * execs, or by the namespace's first process, which never runs untrusted code) and, with
 * namespaces, the first process's account of how the run ended. */
#include "grade/sandbox.h"

#include "core/clock.h"
#include "core/mem.h"
#include "grade/grade_msg.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#ifndef GRADLAB_DATADIR
#define GRADLAB_DATADIR "/usr/local/share/gradlab"
#endif

SandboxLimits sandbox_limits_check(double timeout)
{
	int cpu = (int)timeout < 1 ? 1 : (int)timeout;
	return (SandboxLimits){ .wall = timeout + 1.0, .cpu = cpu, .memory_mb = 256,
				.file_mb = 8, .procs = 8, .output_cap = 16384,
				.data_cap = 4u << 20 };
}

SandboxLimits sandbox_limits_compile(double timeout)
{
	int cpu = (int)timeout < 1 ? 1 : (int)timeout;
	return (SandboxLimits){ .wall = timeout, .cpu = cpu, .memory_mb = 1024, .file_mb = 64,
				.procs = 16, .output_cap = 16384, .data_cap = 0, .share_work = 1 };
}

/* The first sandbox uid: GRADLAB_SANDBOX_UID_BASE when it is a number that leaves room for
 * pid_max users below 2^31, else the default. */
static unsigned uid_base(void)
{
	const char *env = getenv("GRADLAB_SANDBOX_UID_BASE");
	if (env && *env) {
		char *end;
		unsigned long v = strtoul(env, &end, 10);
		if (*end == '\0' && v >= 1000 && v < 0x7fc00000ul)
			return (unsigned)v;
	}
	return SANDBOX_UID_BASE_DEFAULT;
}

uid_t sandbox_uid(const SandboxLimits *lim)
{
	return lim->uid ? lim->uid : (uid_t)(uid_base() + (unsigned)getpid());
}

static int landlock_abi(void);

const char *sandbox_mode_describe(SandboxMode m, int lang)
{
	switch (m) {
	case SANDBOX_NAMESPACES:
		return grade_msg(lang, GM_SANDBOX_NAMESPACES);
	case SANDBOX_USERNS:
		return grade_msg(lang, GM_SANDBOX_USERNS);
	case SANDBOX_UID:
		return grade_msg(lang, landlock_abi() > 0 ? GM_SANDBOX_UID_LANDLOCK : GM_SANDBOX_UID);
	default:
		return grade_msg(lang, landlock_abi() > 0 ? GM_SANDBOX_BASIC_LANDLOCK
							  : GM_SANDBOX_BASIC);
	}
}

/* {==== The user range ==== */

static unsigned pid_max(void)
{
	unsigned v = 4194304; /* the kernel's largest */
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 4194304;
		fclose(f);
	}
	return v;
}

/* The first line of file (an id in field `field` of ':'-separated lines, or a start:count
 * range when field < 0) that meets [lo, hi); into why. 1 when one does. */
static int collides(const char *file, int field, unsigned long lo, unsigned long hi, char *why,
		    size_t size)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return 0;
	char line[1024];
	int hit = 0, no = 0;
	while (!hit && fgets(line, sizeof line, f)) {
		no++;
		char *p = line;
		int want = field < 0 ? 1 : field;
		for (int k = 0; k < want && p; k++) {
			p = strchr(p, ':');
			if (p)
				p++;
		}
		if (!p)
			continue;
		unsigned long a = strtoul(p, &p, 10), b = a + 1;
		if (field < 0) {
			if (*p != ':')
				continue;
			b = a + strtoul(p + 1, NULL, 10);
		}
		if (a < hi && b > lo) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(why, size, "%s line %d (%.80s)", file, no, line);
			hit = 1;
		}
	}
	fclose(f);
	return hit;
}

Status sandbox_check_uids(void)
{
	const char *env = getenv("GRADLAB_SANDBOX_UID_BASE");
	if (env && *env && uid_base() == SANDBOX_UID_BASE_DEFAULT &&
	    strtoul(env, NULL, 10) != SANDBOX_UID_BASE_DEFAULT)
		return status_fail(ST_EIO,
				   "GRADLAB_SANDBOX_UID_BASE=%.40s is not a whole number from 1000 to "
				   "%lu",
				   env, 0x7fc00000ul - 1);
	unsigned long lo = uid_base(), hi = lo + pid_max();
	char why[200];
	if (collides("/etc/passwd", 2, lo, hi, why, sizeof why) ||
	    collides("/etc/group", 2, lo, hi, why, sizeof why) ||
	    collides("/etc/subuid", -1, lo, hi, why, sizeof why) ||
	    collides("/etc/subgid", -1, lo, hi, why, sizeof why))
		return status_fail(ST_EIO,
				   "the sandbox's user ids %lu to %lu collide with %s: set "
				   "GRADLAB_SANDBOX_UID_BASE to a free range",
				   lo, hi - 1, why);
	return ST_OK;
}

/* }==== */

/* {==== In the child ==== */

/* How a run ended or failed, sent on the status pipe: by a child that could not set itself
 * up (setup_failed, why), or by the namespace's first process once the payload ended. */
typedef struct NsStatus {
	int setup_failed;
	int wstatus;
	double cpu;
	char escaped[256];
	char why[200];
} NsStatus;

static int status_fd = -1;

/* A set-up call failed: say which on the status pipe and end. Writes only: safe after fork. */
static void die(const char *what)
{
	NsStatus ns;
	memset(&ns, 0, sizeof ns);
	ns.setup_failed = 1;
	snprintf(ns.why, sizeof ns.why, "%s: %s", what, strerror(errno));
	if (status_fd >= 0)
		sandbox_write_all(status_fd, &ns, sizeof ns);
	_exit(125);
}

#define CHECK(call, what)                                                                   \
	do {                                                                                \
		if ((call) < 0)                                                             \
			die(what);                                                          \
	} while (0)

static void set_limit(int which, rlim_t soft, rlim_t hard, const char *what)
{
	struct rlimit r = { soft, hard };
	CHECK(setrlimit(which, &r), what);
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

typedef struct Spawn {
	const SandboxLimits *lim;
	char *const *argv, *const *env;
	int in_r, out_w, data_w, status_w, sync_r;
	int work_fd, program_fd; /* O_PATH descriptors of workdir and program (build_root) */
	int drop;                /* switch to the sandbox's user (root modes) */
	uid_t uid;
	rlim_t nproc;            /* RLIMIT_NPROC when not dropping to a user of its own */
	int parent[5];           /* the parent's ends, closed first thing in the child */
	int landlock;            /* restrict the file system with Landlock (no namespaces) */
	char exe[4096];          /* the grader's own program (realpath), to keep out of reach */
	const char *hide[4];     /* more of the grader's to keep out of reach (NULL-ended) */
} Spawn;

static void close_parent_ends(Spawn *s)
{
	for (int i = 0; i < 5; i++)
		if (s->parent[i] >= 0)
			close(s->parent[i]);
}

/* Move fd to at least 10, so that dup2 onto 0..3 cannot clobber another of ours. */
static int high(int fd)
{
	if (fd < 0 || fd >= 10)
		return fd;
	int h = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (h < 0)
		die("descriptors");
	return h;
}

/* {==== Landlock: the file system without namespaces ==== */

/* The kernel's Landlock ABI (0: none). Defined here, as the system's header may predate
 * the rights and scopes used. */
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_MAKE_CHAR (1ULL << 6)
#define LL_FS_MAKE_BLOCK (1ULL << 11)
#define LL_FS_TRUNCATE (1ULL << 14)
#define LL_FS_IOCTL_DEV (1ULL << 15)
#define LL_NET_BIND_TCP (1ULL << 0)
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

typedef struct LlRuleset {
	uint64_t handled_access_fs, handled_access_net, scoped;
} LlRuleset;

typedef struct __attribute__((packed)) LlPathBeneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} LlPathBeneath;

static int landlock_abi(void)
{
	static int abi = -1;
	if (abi < 0) {
		long v = syscall(SYS_landlock_create_ruleset, NULL, 0, 1u /* VERSION */);
		abi = v > 0 ? (int)v : 0;
	}
	return abi;
}

/* Every file-system right this ABI knows. */
static uint64_t ll_fs_all(int abi)
{
	uint64_t all = (1ULL << 13) - 1; /* ABI 1: execute .. make_sym */
	if (abi >= 2)
		all |= 1ULL << 13; /* refer */
	if (abi >= 3)
		all |= LL_FS_TRUNCATE;
	if (abi >= 5)
		all |= LL_FS_IOCTL_DEV;
	return all;
}

static void ll_rule(int ruleset, const char *path, uint64_t allowed, uint64_t handled)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return; /* not on this system: nothing to allow */
	struct stat st;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		allowed &= LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE |
			   LL_FS_IOCTL_DEV;
	LlPathBeneath pb = { allowed & handled, fd };
	if (syscall(SYS_landlock_add_rule, ruleset, 1 /* PATH_BENEATH */, &pb, 0) < 0)
		die(path);
	close(fd);
}

/* The system's folders a compiler and a program need, readable and executable; the grader's
 * own program (when it lives in one of them) left out, entry by entry. */
static void ll_system(Spawn *s, int ruleset, uint64_t handled)
{
	const uint64_t rx = LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR;
	const char *dirs[] = { "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32", "/usr/lib64",
			       "/usr/libx32", "/usr/libexec", "/usr/include", "/bin", "/sbin", "/lib",
			       "/lib32", "/lib64", "/libx32", "/etc/alternatives" };
	char exe_dir[4096] = "";
	const char *exe_name = NULL;
	if (s->exe[0]) {
		snprintf(exe_dir, sizeof exe_dir, "%s", s->exe);
		char *slash = strrchr(exe_dir, '/');
		if (slash) {
			*slash = '\0';
			exe_name = slash + 1;
		}
	}
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char real[4096];
		if (!realpath(dirs[i], real))
			continue;
		if (!exe_name || strcmp(real, exe_dir) != 0) {
			ll_rule(ruleset, real, rx, handled);
			continue;
		}
		DIR *d = opendir(real);
		if (!d)
			die(real);
		struct dirent *e;
		while ((e = readdir(d))) {
			char path[4400];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
			    !strcmp(e->d_name, exe_name))
				continue;
			/* Each entry as what it resolves to: a link back to this folder (Debian's
			 * /usr/bin/X11 -> .) or to the grader would let all of it in again. */
			char target[4096];
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", real, e->d_name);
			if (!realpath(path, target) || strcmp(target, s->exe) == 0 ||
			    stat(target, &st) != 0 || S_ISDIR(st.st_mode))
				continue;
			ll_rule(ruleset, target, rx, handled);
		}
		closedir(d);
	}
	ll_rule(ruleset, "/etc/ld.so.cache", LL_FS_READ_FILE, handled);
	const char *devs[] = { "/dev/null", "/dev/zero", "/dev/urandom" };
	for (size_t i = 0; i < 3; i++)
		ll_rule(ruleset, devs[i], LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_TRUNCATE, handled);
}

/* Without namespaces, the file system the run may touch: the system's folders to read and
 * execute, its working folder to write, its program to run; nothing else (not the grader's
 * data, not the learner's other files, not /tmp, /dev/shm or $HOME). And, where the kernel
 * has them: no TCP, no signal to a process outside, no abstract socket outside. */
static void landlock_apply(Spawn *s)
{
	int abi = landlock_abi();
	if (abi < 1)
		return;
	uint64_t handled = ll_fs_all(abi);
	LlRuleset rs = { handled, LL_NET_BIND_TCP | LL_NET_CONNECT_TCP,
			 LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL };
	size_t size = abi >= 6 ? sizeof rs : abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &rs, size, 0);
	if (ruleset < 0)
		die("landlock_create_ruleset");
	ll_system(s, ruleset, handled);
	if (s->lim->workdir)
		ll_rule(ruleset, s->lim->workdir,
			handled & ~(LL_FS_MAKE_CHAR | LL_FS_MAKE_BLOCK | LL_FS_IOCTL_DEV), handled);
	if (s->lim->program)
		ll_rule(ruleset, s->lim->program, LL_FS_EXECUTE | LL_FS_READ_FILE, handled);
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		die("landlock_restrict_self");
	close(ruleset);
}

/* }==== */

/* {==== No sockets without namespaces ==== */

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

/* Without a network namespace, Landlock leaves UDP and a named UNIX socket (a session bus, a
 * listener of the student's) in reach, a way to ask a helper outside for the answers: socket()
 * fails with EACCES (socketpair() still works), and so does io_uring_setup(), as io_uring
 * makes sockets of its own that no filter sees. A system call of another ABI (int 0x80, x32)
 * kills the process, as it could name socket by another number. */
static void no_sockets(void)
{
#ifdef NATIVE_ARCH
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1), /* x32 */
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_io_uring_setup, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { (unsigned short)(sizeof code / sizeof code[0]), code };
	CHECK(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0), "seccomp (no sockets)");
#endif
}

/* }==== */

/* Everything a sandboxed process gets before it execs untrusted code: signals back to their
 * defaults, a new session, standard streams and descriptor 3, nothing else open, limits,
 * another user, no new privileges. */
static void child_setup(Spawn *s)
{
	const SandboxLimits *lim = s->lim;
	sigset_t none;
	sigemptyset(&none);
	CHECK(sigprocmask(SIG_SETMASK, &none, NULL), "signal mask");
	for (int sig = 1; sig < 32; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	if (getsid(0) != getpid())
		CHECK(setsid(), "setsid");
	int in = s->in_r >= 0 ? high(s->in_r) : open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		die("/dev/null");
	in = high(in);
	int out = high(s->out_w), data = high(s->data_w);
	status_fd = high(s->status_w);
	CHECK(dup2(in, 0), "dup2 stdin");
	CHECK(dup2(out, 1), "dup2 stdout");
	CHECK(dup2(out, 2), "dup2 stderr");
	if (data >= 0)
		CHECK(dup2(data, 3), "dup2 result channel");
	/* Everything else closes now, but the status pipe, which closes when it execs. */
	int first = data >= 0 ? 4 : 3;
	if (status_fd > first) {
		if (syscall(SYS_close_range, first, status_fd - 1, 0) < 0 ||
		    syscall(SYS_close_range, status_fd + 1, ~0u, 0) < 0)
			die("close_range");
	} else {
		die("descriptors");
	}

	set_limit(RLIMIT_CORE, 0, 0, "setrlimit core");
	set_limit(RLIMIT_CPU, (rlim_t)lim->cpu, (rlim_t)lim->cpu + 1, "setrlimit cpu");
	set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_mb << 20, (rlim_t)lim->file_mb << 20,
		  "setrlimit fsize");
	set_limit(RLIMIT_NOFILE, 64, 64, "setrlimit nofile");
	set_limit(RLIMIT_MSGQUEUE, 0, 0, "setrlimit msgqueue");
	rlim_t mem = (rlim_t)lim->memory_mb << 20;
	set_limit(RLIMIT_AS, mem, mem, "setrlimit as");
	if (s->drop) {
		CHECK(setgroups(0, NULL), "setgroups");
		CHECK(setgid((gid_t)s->uid), "setgid");
		CHECK(setuid(s->uid), "setuid");
		if (getuid() != s->uid || geteuid() != s->uid || getgid() != (gid_t)s->uid) {
			errno = EPERM;
			die("the sandbox's user did not take");
		}
		set_limit(RLIMIT_NPROC, (rlim_t)lim->procs, (rlim_t)lim->procs, "setrlimit nproc");
	} else {
		set_limit(RLIMIT_NPROC, s->nproc, s->nproc, "setrlimit nproc");
	}
	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl no_new_privs");
	CHECK(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl dumpable");
	if (s->landlock) {
		landlock_apply(s);
		no_sockets();
	}
	umask(077);
}

static void run_payload(Spawn *s)
{
	child_setup(s);
	execve(s->argv[0], s->argv, s->env);
	die(s->argv[0]);
}

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

/* {==== The minimal root ==== */

static void readonly(const char *path, int recursive)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID };
	CHECK(syscall(SYS_mount_setattr, AT_FDCWD, path, recursive ? AT_RECURSIVE : 0, &ro,
		      sizeof ro),
	      path);
}

/* Bind host path from (a name, or "/proc/self/fd/N") onto to, read-only. */
static void bind_ro(const char *from, const char *to)
{
	CHECK(mount(from, to, NULL, MS_BIND | MS_REC, NULL), to);
	readonly(to, 1);
}

static void empty_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		die(path);
	close(fd);
}

/* /X in the new root R as on the host: the same symbolic link (merged /usr), or the
 * directory bound read-only; nothing when the host has none. */
static void top_entry(const char *R, const char *name)
{
	char host[64], mine[300], target[300];
	struct stat st;
	snprintf(host, sizeof host, "/%s", name);
	snprintf(mine, sizeof mine, "%s/%s", R, name);
	if (lstat(host, &st) != 0)
		return;
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(host, target, sizeof target - 1);
		if (n < 0)
			die(host);
		target[n] = '\0';
		CHECK(symlink(target, mine), mine);
	} else if (S_ISDIR(st.st_mode)) {
		CHECK(mkdir(mine, 0755), mine);
		bind_ro(host, mine);
	}
}

/* Build the minimal root on a tmpfs mounted over /tmp (in this mount namespace only), make
 * it the root, and mount /proc and the private /tmp in it. */
static void build_root(Spawn *s)
{
	const char *R = "/tmp";
	char path[300], fdpath[64];
	CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "private mounts");
	/* Opened here, in this mount namespace's copy of the tree, before /tmp is covered. */
	if (s->lim->workdir && s->lim->share_work &&
	    (s->work_fd = open(s->lim->workdir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		die(s->lim->workdir);
	if (s->lim->program &&
	    (s->program_fd = open(s->lim->program, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
		die(s->lim->program);
	CHECK(mount("gradlab-root", R, "tmpfs", MS_NOSUID, "size=1m,mode=0755"), "root tmpfs");
	/* Of /usr only what Landlock lets a run read (ll_system): not /usr/local, /usr/share or
	 * /usr/src, where another gradlab program, its data or its solutions may be installed. */
	const char *tops[] = { "bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr/bin",
			       "usr/sbin", "usr/lib", "usr/lib32", "usr/lib64", "usr/libx32",
			       "usr/libexec", "usr/include" };
	snprintf(path, sizeof path, "%s/usr", R);
	CHECK(mkdir(path, 0755), path);
	for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++)
		top_entry(R, tops[i]);
	snprintf(path, sizeof path, "%s/etc", R);
	CHECK(mkdir(path, 0755), path);
	struct stat st;
	if (stat("/etc/alternatives", &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof path, "%s/etc/alternatives", R);
		CHECK(mkdir(path, 0755), path);
		bind_ro("/etc/alternatives", path);
	}
	if (stat("/etc/ld.so.cache", &st) == 0 && S_ISREG(st.st_mode)) {
		snprintf(path, sizeof path, "%s/etc/ld.so.cache", R);
		empty_file(path, 0644);
		bind_ro("/etc/ld.so.cache", path);
	}
	snprintf(path, sizeof path, "%s/dev", R);
	CHECK(mkdir(path, 0755), path);
	const char *devs[] = { "null", "zero", "urandom" };
	for (size_t i = 0; i < 3; i++) {
		char host[64];
		snprintf(host, sizeof host, "/dev/%s", devs[i]);
		snprintf(path, sizeof path, "%s/dev/%s", R, devs[i]);
		empty_file(path, 0666);
		CHECK(mount(host, path, NULL, MS_BIND, NULL), path);
	}
	snprintf(path, sizeof path, "%s/proc", R);
	CHECK(mkdir(path, 0555), path);
	snprintf(path, sizeof path, "%s/tmp", R);
	CHECK(mkdir(path, 01777), path);
	if (s->program_fd >= 0) {
		snprintf(path, sizeof path, "%s%s", R, SANDBOX_PROGRAM);
		empty_file(path, 0755);
		snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", s->program_fd);
		bind_ro(fdpath, path);
	}
	/* The grader's own files, where they live under a folder bound above (installed with
	 * PREFIX=/usr): its program, its data, the reference solutions. Covered by an empty
	 * read-only tmpfs (a folder) or /dev/null (a file). */
	for (int i = 0; i < 4 && s->hide[i]; i++) {
		char real[4096], at[4400];
		if (!realpath(s->hide[i], real) || !sandbox_visible(real))
			continue;
		snprintf(at, sizeof at, "%s%s", R, real);
		if (stat(real, &st) == 0 && S_ISDIR(st.st_mode))
			CHECK(mount("gradlab-hidden", at, "tmpfs",
				    MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555"),
			      at);
		else
			bind_ro("/dev/null", at);
	}
	char opts[64], tmp[300], work[300];
	snprintf(opts, sizeof opts, "size=%ldm,mode=0755", 2 * s->lim->file_mb + 1);
	snprintf(tmp, sizeof tmp, "%s/tmp", R);
	snprintf(work, sizeof work, "%s/tmp/work", R);
	CHECK(mount("gradlab-tmp", tmp, "tmpfs", MS_NOSUID | MS_NODEV, opts), "private /tmp");
	CHECK(mkdir(work, 0700), "/tmp/work");
	CHECK(chown(work, s->uid, (gid_t)s->uid), "chown /tmp/work");
	if (s->work_fd >= 0) {
		snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", s->work_fd);
		CHECK(mount(fdpath, work, NULL, MS_BIND, NULL), "bind /tmp/work");
	}
	/* The new pid namespace's own /proc. Mounted before the host's root leaves: in a user
	 * namespace the kernel allows a new proc only where one is already fully visible. */
	snprintf(path, sizeof path, "%s/proc", R);
	CHECK(mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL), "/proc");
	/* The host's root leaves for good: nothing but what was bound above is reachable. */
	CHECK(chdir(R), "chdir new root");
	CHECK(syscall(SYS_pivot_root, ".", "."), "pivot_root");
	CHECK(umount2(".", MNT_DETACH), "detach the old root");
	CHECK(chdir("/"), "chdir /");
	readonly("/", 0);
	if (s->work_fd >= 0)
		close(s->work_fd);
	if (s->program_fd >= 0)
		close(s->program_fd);
}

/* }==== */

/* Process 1 of the new pid namespace: never runs untrusted code. Builds the minimal root,
 * starts the payload as process 2, reaps everything, reports, and exits, upon which the
 * kernel kills whatever the payload left running. */
static void namespace_init(Spawn *s)
{
	status_fd = s->status_w;
	CHECK(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl pdeathsig");
	CHECK(setsid(), "setsid");
	if (s->sync_r >= 0) {
		/* In a user namespace: wait for the parent to write the id maps. */
		char c;
		ssize_t n;
		while ((n = read(s->sync_r, &c, 1)) < 0 && errno == EINTR)
			;
		if (n != 1) {
			errno = EPERM;
			die("user namespace id maps");
		}
		close(s->sync_r);
	}
	/* Not before the maps are written: the parent opens this process's /proc files. Not
	 * dumpable, its memory and environment are closed to the payload (same user in a user
	 * namespace). */
	CHECK(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl dumpable");
	build_root(s);
	pid_t payload = fork();
	if (payload < 0)
		die("fork");
	if (payload == 0) {
		CHECK(chdir("/tmp/work"), "chdir /tmp/work");
		run_payload(s);
	}
	close(s->out_w);
	close(s->data_w);
	if (s->in_r >= 0)
		close(s->in_r);
	NsStatus ns;
	memset(&ns, 0, sizeof ns);
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

static int namespaces_flags(int userns)
{
	return CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS |
	       (userns ? CLONE_NEWUSER : 0);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int ok = sandbox_write_all(fd, text, strlen(text)) == 0;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* Map the child's user namespace: the grader's own uid and gid and nothing else. */
static int write_maps(pid_t pid)
{
	char path[64], map[64];
	snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
	if (write_file(path, "deny") < 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)getuid(), (unsigned)getuid());
	if (write_file(path, map) < 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)getgid(), (unsigned)getgid());
	return write_file(path, map);
}

/* Whether a whole run in namespaces works here: a child that builds the minimal root. */
static int namespaces_work(int userns)
{
	int sync[2];
	if (pipe2(sync, O_CLOEXEC) < 0)
		return 0;
	SandboxLimits lim = sandbox_limits_check(1);
	Spawn s = { .lim = &lim, .in_r = -1, .out_w = -1, .data_w = -1, .status_w = -1,
		    .sync_r = userns ? sync[0] : -1, .work_fd = -1, .program_fd = -1,
		    .uid = userns ? getuid() : 0, .parent = { -1, -1, -1, -1, -1 } };
	pid_t p = (pid_t)syscall(SYS_clone, namespaces_flags(userns) | SIGCHLD, NULL, NULL, NULL, 0);
	if (p == 0) {
		close(sync[1]);
		if (userns) {
			char c;
			if (read(sync[0], &c, 1) != 1)
				_exit(1);
		}
		build_root(&s);
		_exit(access("/usr", R_OK) == 0 && access("/home", F_OK) != 0 ? 0 : 1);
	}
	close(sync[0]);
	if (p > 0 && userns) {
		if (write_maps(p) == 0)
			(void)!write(sync[1], "x", 1);
	}
	close(sync[1]);
	int st = 0;
	return p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

SandboxMode sandbox_mode(void)
{
	static int known = -1;
	if (known >= 0)
		return (SandboxMode)known;
	const char *env = getenv("GRADLAB_SANDBOX");
	int less = env && (strcmp(env, "uid") == 0 || strcmp(env, "basic") == 0);
	/* As root, "basic" means "uid": RLIMIT_NPROC does not bind root, so a fork bomb run
	 * as root without a user of its own would take the whole machine. */
	if (geteuid() != 0)
		known = !less && namespaces_work(1) ? SANDBOX_USERNS : SANDBOX_BASIC;
	else
		known = !less && namespaces_work(0) ? SANDBOX_NAMESPACES : SANDBOX_UID;
	return (SandboxMode)known;
}

int sandbox_landlock(void)
{
	return landlock_abi() > 0;
}

int sandbox_visible(const char *path)
{
	const char *tops[] = { "/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/lib32/", "/usr/lib64/",
			       "/usr/libx32/", "/usr/libexec/", "/usr/include/", "/bin/", "/sbin/",
			       "/lib/", "/lib32/", "/lib64/", "/libx32/", "/etc/alternatives/" };
	for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++)
		if (strncmp(path, tops[i], strlen(tops[i])) == 0 && !strstr(path, "/../"))
			return 1;
	return 0;
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
	if (mem_append(&b->p, &b->len, &b->cap, tmp, keep, 4096) != 0)
		b->truncated = 1;
}

/* The input still to be sent on a socket (never SIGPIPE: a run that stops reading is its
 * own business). */
typedef struct Feed {
	int fd;
	const unsigned char *p;
	size_t left;
} Feed;

static void feed_some(Feed *f)
{
	ssize_t n = send(f->fd, f->p, f->left, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		f->left = 0;
	} else {
		f->p += n;
		f->left -= (size_t)n;
	}
	if (f->left == 0) {
		close(f->fd);
		f->fd = -1;
	}
}

static int pidfd_for(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* {==== Cleaning up after a user of its own (uid mode) ==== */

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

/* Remove the System V objects of kind (shm, sem, msg) owned or made by uid, from
 * /proc/sysvipc/kind: its id is the second field, uid and cuid the 8th and 10th. */
static void remove_sysv(const char *kind, uid_t uid)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/sysvipc/%s", kind);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return;
	}
	while (fgets(line, sizeof line, f)) {
		unsigned long v[10];
		char *p = line;
		int k;
		for (k = 0; k < 10; k++) {
			char *end;
			v[k] = strtoul(p, &end, 10);
			if (end == p)
				break;
			p = end;
		}
		if (k < 10)
			continue;
		int id = (int)v[1];
		/* shm: key shmid perms size cpid lpid nattch uid gid cuid; sem and msg have the
		 * uid and cuid elsewhere: look at both counts of fields. */
		int mine = 0;
		if (strcmp(kind, "shm") == 0)
			mine = v[7] == uid || v[9] == uid;
		else if (strcmp(kind, "sem") == 0)
			mine = v[4] == uid || v[6] == uid; /* key semid perms nsems uid gid cuid */
		else
			mine = v[7] == uid || v[9] == uid; /* key msqid perms cbytes qnum lspid lrpid uid gid cuid */
		if (!mine)
			continue;
		if (strcmp(kind, "shm") == 0)
			shmctl(id, IPC_RMID, NULL);
		else if (strcmp(kind, "sem") == 0)
			semctl(id, 0, IPC_RMID);
		else
			msgctl(id, IPC_RMID, NULL);
	}
	fclose(f);
}

/* Entries of dir owned by uid: POSIX shared memory, semaphores and message queues. */
static void remove_owned(const char *dir, uid_t uid)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_uid == uid &&
		    !S_ISDIR(st.st_mode))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* Nothing of sandbox user uid survives: its processes, its IPC objects. (Its files in the
 * shared folders are the runner's to report and remove.) */
static void clean_user(uid_t uid)
{
	kill_user(uid);
	remove_sysv("shm", uid);
	remove_sysv("sem", uid);
	remove_sysv("msg", uid);
	remove_owned("/dev/mqueue", uid);
}

void sandbox_kill_leftovers(pid_t owner)
{
	if (geteuid() == 0 && sandbox_mode() == SANDBOX_UID)
		clean_user((uid_t)(uid_base() + (unsigned)owner));
}

/* }==== */

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

static Status watch(const SandboxLimits *lim, pid_t pid, int namespaced, Feed *feed, Buf *out,
		    Buf *data, Buf *status, SandboxRun *r, double t0)
{
	int pidfd = pidfd_for(pid);
	double deadline = t0 + lim->wall;
	int done = 0, st = 0;
	struct rusage ru = { 0 };
	Buf *bufs[3] = { out, data, status };
	while (!done) {
		struct pollfd pf[5];
		int map[5];
		int n = poll_open_bufs(bufs, 3, pf, map);
		int pidslot = -1, feedslot = -1;
		if (pidfd >= 0) {
			pf[n] = (struct pollfd){ pidfd, POLLIN, 0 };
			pidslot = n++;
		}
		if (feed->fd >= 0) {
			pf[n] = (struct pollfd){ feed->fd, POLLOUT, 0 };
			feedslot = n++;
		}
		double left = deadline - clock_seconds();
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
		for (int i = 0; k > 0 && i < n; i++) {
			if (i == pidslot || !pf[i].revents)
				continue;
			if (i == feedslot)
				feed_some(feed);
			else if (pf[i].revents & (POLLIN | POLLHUP | POLLERR))
				buf_read(bufs[map[i]]);
		}
		pid_t w = wait4(pid, &st, WNOHANG, &ru);
		if (w == pid) {
			done = 1;
		} else if (clock_seconds() >= deadline || cancelled(lim)) {
			if (cancelled(lim))
				r->cancelled = 1;
			else
				r->timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
				;
			done = 1;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	if (feed->fd >= 0) {
		close(feed->fd);
		feed->fd = -1;
	}
	/* Whatever the payload left running: the kernel has killed it with the namespace;
	 * otherwise kill its process group, and as root every process of its user. */
	if (!namespaced) {
		kill(-pid, SIGKILL);
		if (r->mode == SANDBOX_UID)
			clean_user(sandbox_uid(lim));
	}
	/* Drain the pipes; a writer that escaped everything above cannot keep us: 0.5 s. */
	double stop = clock_seconds() + 0.5;
	int killed = r->timed_out || r->cancelled;
	for (;;) {
		struct pollfd pf[3];
		int map[3];
		int n = poll_open_bufs(bufs, 3, pf, map);
		double left = stop - clock_seconds();
		if (n == 0 || left <= 0)
			break;
		int k = poll(pf, (nfds_t)n, (int)(left * 1000) + 1);
		if (k < 0 && errno != EINTR)
			break;
		for (int i = 0; k > 0 && i < n; i++)
			if (pf[i].revents)
				buf_read(bufs[map[i]]);
	}
	r->wall_seconds = clock_seconds() - t0;
	NsStatus ns;
	if (status->len >= sizeof ns) {
		memcpy(&ns, status->p, sizeof ns);
		if (ns.setup_failed) {
			ns.why[sizeof ns.why - 1] = '\0';
			return status_fail(ST_EIO, "sandbox: could not set up: %s", ns.why);
		}
	}
	if (namespaced) {
		if (status->len >= sizeof ns && !killed) {
			st = ns.wstatus;
			r->cpu_seconds = ns.cpu;
			ns.escaped[sizeof ns.escaped - 1] = '\0';
			snprintf(r->escaped, sizeof r->escaped, "%s", ns.escaped);
		} else if (!killed) {
			return status_fail(ST_EIO, "sandbox: its first process ended without a report");
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

static void close_pair(int p[2])
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0) {
			close(p[i]);
			p[i] = -1;
		}
}

Status sandbox_exec(const SandboxLimits *lim, char *const argv[], char *const env[],
		    SandboxRun *r)
{
	memset(r, 0, sizeof *r);
	SandboxMode mode = sandbox_mode();
	int namespaced = mode == SANDBOX_NAMESPACES || mode == SANDBOX_USERNS;
	int userns = mode == SANDBOX_USERNS;
	r->mode = mode;
	int out_p[2] = { -1, -1 }, data_p[2] = { -1, -1 }, status_p[2] = { -1, -1 };
	int in_p[2] = { -1, -1 }, sync_p[2] = { -1, -1 };
	Status st = ST_OK;
	if (pipe2(out_p, O_CLOEXEC) < 0 || pipe2(data_p, O_CLOEXEC) < 0 ||
	    pipe2(status_p, O_CLOEXEC) < 0 || (userns && pipe2(sync_p, O_CLOEXEC) < 0) ||
	    (lim->input && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_p) < 0)) {
		st = status_fail(ST_EIO, "sandbox: pipes: %s", strerror(errno));
		goto fail;
	}
	int drop = geteuid() == 0 && (mode == SANDBOX_NAMESPACES || mode == SANDBOX_UID);
	Spawn s = { lim, argv, env, in_p[1], out_p[1], data_p[1], status_p[1], sync_p[0],
		    -1, -1, drop, drop ? sandbox_uid(lim) : getuid(),
		    drop ? 0 : (rlim_t)(user_processes(getuid()) + lim->procs),
		    { out_p[0], data_p[0], status_p[0], in_p[0], sync_p[1] }, 0, { 0 }, { 0 } };
	if (!lim->data_cap)
		s.data_w = -1;
	s.landlock = !namespaced;
	if (!realpath("/proc/self/exe", s.exe))
		s.exe[0] = '\0';
	s.hide[0] = s.exe[0] ? s.exe : NULL;
	s.hide[1] = s.hide[0] ? GRADLAB_DATADIR : NULL;
	s.hide[2] = s.hide[1] ? lim->hide : NULL;
	fflush(NULL);
	double t0 = clock_seconds();
	pid_t pid;
	if (namespaced) {
		pid = (pid_t)syscall(SYS_clone, namespaces_flags(userns) | SIGCHLD, NULL, NULL, NULL, 0);
		if (pid == 0) {
			close_parent_ends(&s);
			namespace_init(&s);
		}
	} else {
		pid = fork();
		if (pid == 0) {
			close_parent_ends(&s);
			status_fd = s.status_w;
			CHECK(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl pdeathsig");
			if (lim->workdir)
				CHECK(chdir(lim->workdir), lim->workdir);
			run_payload(&s);
		}
	}
	if (pid < 0) {
		st = status_fail(ST_EIO, "sandbox: cannot start a process: %s", strerror(errno));
		goto fail;
	}
	if (userns) {
		/* The child waits for its id maps; without them it ends, and so does this run. */
		if (write_maps(pid) != 0 || write(sync_p[1], "x", 1) != 1) {
			st = status_fail(ST_EIO, "sandbox: the user namespace's id maps: %s",
					 strerror(errno));
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			goto fail;
		}
	}
	close_pair(sync_p);
	close(out_p[1]);
	close(data_p[1]);
	close(status_p[1]);
	if (in_p[1] >= 0)
		close(in_p[1]);
	out_p[1] = data_p[1] = status_p[1] = in_p[1] = -1;
	Buf out = { .limit = lim->output_cap, .open = 1, .fd = out_p[0] };
	Buf data = { .limit = lim->data_cap, .open = 1, .fd = data_p[0] };
	Buf status = { .limit = 2 * sizeof(NsStatus), .open = 1, .fd = status_p[0] };
	Feed feed = { in_p[0], lim->input, lim->input_len };
	in_p[0] = -1;
	set_nonblock(out.fd);
	set_nonblock(data.fd);
	set_nonblock(status.fd);
	if (feed.fd >= 0 && feed.left == 0) {
		close(feed.fd);
		feed.fd = -1;
	}
	st = watch(lim, pid, namespaced, &feed, &out, &data, &status, r, t0);
	mem_free(status.p);
	r->output = out.p;
	r->output_len = out.len;
	r->output_truncated = out.truncated;
	r->data = (unsigned char *)data.p;
	r->data_len = data.len;
	r->data_truncated = data.truncated;
	if (st != ST_OK)
		sandbox_run_free(r);
fail: /* the one way out: every pipe end still open is closed (close_pair skips -1) */
	close_pair(out_p);
	close_pair(data_p);
	close_pair(status_p);
	close_pair(in_p);
	close_pair(sync_p);
	return st;
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
