/* gnuplot: spawn, talk to and reap one gnuplot process; see gnuplot.h. In src/plot, the
 * only file here that touches processes, pipes and signals. All waiting goes through
 * pump(), which polls stdin, stdout and stderr together, so neither side can block on a
 * full pipe, and which gives up at a deadline. */
#include "plot/gnuplot.h"

#include "core/clock.h"
#include "core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define OUT_MAX (16L << 20)   /* more than this on stdout is not a plot */
#define ERR_TAIL 1024         /* the last bytes of stderr, for messages */
#define EXIT_GRACE_MS 500
#define TERM_GRACE_MS 300

struct Gnuplot {
	pid_t pid;
	int in, out, err;        /* our ends of its stdin, stdout, stderr; -1 once closed */
	FILE *cmd;               /* buffered writes to `in` */
	int timeout_ms;
	char *buf;               /* stdout since the last sync */
	size_t len, cap;
	char err_tail[ERR_TAIL + 1];
	size_t err_len;
	unsigned long syncs;
	int reaped, wstatus;
	char broken[320];        /* why gnuplot can no longer be used; "" while it can */
	char *terminals;         /* GPVAL_TERMINALS, once asked */
};

/* {==== Reading, writing, waiting ==== */

/* write(2) with SIGPIPE blocked, and a SIGPIPE it raised taken back, so a gnuplot that has
 * gone away gives EPIPE even when the caller did not ignore SIGPIPE. */
static ssize_t write_quietly(int fd, const void *b, size_t n)
{
	sigset_t pipe_set, old, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	int was_pending = sigismember(&pending, SIGPIPE);
	ssize_t r = write(fd, b, n);
	int e = errno;
	if (r < 0 && e == EPIPE && !was_pending) {
		const struct timespec zero = { 0, 0 };
		sigtimedwait(&pipe_set, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return r;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Read what stderr has, keeping the last ERR_TAIL bytes. The bytes read, 0 at its end,
 * -1 when nothing is there yet. */
static ssize_t drain_err(Gnuplot *g)
{
	char b[4096];
	ssize_t n = read(g->err, b, sizeof b);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return -1;
	if (n <= 0) {
		close_fd(&g->err);
		return 0;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (g->err_len == ERR_TAIL) {
			memmove(g->err_tail, g->err_tail + ERR_TAIL / 2, ERR_TAIL / 2);
			g->err_len = ERR_TAIL / 2;
		}
		g->err_tail[g->err_len++] = b[i];
	}
	g->err_tail[g->err_len] = '\0';
	return n;
}

static void discard(int *fd)
{
	char b[4096];
	ssize_t n = read(*fd, b, sizeof b);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		close_fd(fd);
}

/* Whether stdout holds the whole line that starts with marker. */
static const char *find_line(const Gnuplot *g, const char *marker)
{
	const char *at = g->len ? memmem(g->buf, g->len, marker, strlen(marker)) : NULL;
	return at && memchr(at, '\n', g->len - (size_t)(at - g->buf)) ? at : NULL;
}

/* Read what stdout has; -1 when out of memory or past OUT_MAX. */
static int drain_out(Gnuplot *g)
{
	if (g->cap - g->len < 4097) {
		size_t cap = g->cap ? g->cap * 2 : 16384;
		if ((long)cap > OUT_MAX)
			return -1;
		char *b = mem_realloc(g->buf, cap);
		if (!b)
			return -1;
		g->buf = b;
		g->cap = cap;
	}
	ssize_t n = read(g->out, g->buf + g->len, g->cap - g->len - 1);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		close_fd(&g->out);
	else if (n > 0)
		g->len += (size_t)n;
	g->buf[g->len] = '\0';
	return 0;
}

/* Reap the child if it has ended, waiting up to ms for it. 1 when reaped. */
static int reap(Gnuplot *g, int ms)
{
	long long end = (long long)clock_ms() + ms;
	while (!g->reaped) {
		pid_t r = waitpid(g->pid, &g->wstatus, WNOHANG);
		if (r == g->pid || (r < 0 && errno == ECHILD)) {
			g->reaped = 1;
			break;
		}
		if ((long long)clock_ms() >= end)
			break;
		/* keep its pipes moving so that it is never stuck writing */
		struct pollfd pf[2];
		int n = 0;
		if (g->out >= 0)
			pf[n++] = (struct pollfd){ .fd = g->out, .events = POLLIN };
		if (g->err >= 0)
			pf[n++] = (struct pollfd){ .fd = g->err, .events = POLLIN };
		if (poll(pf, (nfds_t)n, 5) > 0) {
			for (int i = 0; i < n; i++) {
				if (!pf[i].revents)
					continue;
				if (pf[i].fd == g->err)
					drain_err(g);
				else
					discard(&g->out); /* nobody will read it now */
			}
		}
	}
	while (g->err >= 0 && drain_err(g) > 0)
		;
	return g->reaped;
}

/* The last non-empty line gnuplot wrote to stderr, trimmed. */
static const char *last_err_line(Gnuplot *g, char *b, size_t size)
{
	size_t end = g->err_len;
	while (end > 0 && (g->err_tail[end - 1] == '\n' || g->err_tail[end - 1] == ' '))
		end--;
	size_t start = end;
	while (start > 0 && g->err_tail[start - 1] != '\n')
		start--;
	while (start < end && g->err_tail[start] == ' ')
		start++;
	size_t n = end - start < size - 1 ? end - start : size - 1;
	memcpy(b, g->err_tail + start, n);
	b[n] = '\0';
	return b;
}

/* gnuplot is gone: say how it ended. Always -1. */
static int gone(Gnuplot *g)
{
	if (g->broken[0])
		return -1;
	char said[160], how[96];
	reap(g, 500);
	if (!g->reaped)
		snprintf(how, sizeof how, "gnuplot closed its pipes");
	else if (WIFEXITED(g->wstatus))
		snprintf(how, sizeof how, "gnuplot exited with status %d", WEXITSTATUS(g->wstatus));
	else if (WIFSIGNALED(g->wstatus))
		snprintf(how, sizeof how, "gnuplot was killed by signal %d (%s)",
			 WTERMSIG(g->wstatus), strsignal(WTERMSIG(g->wstatus)));
	else
		snprintf(how, sizeof how, "gnuplot stopped");
	last_err_line(g, said, sizeof said);
	snprintf(g->broken, sizeof g->broken, "%s before it finished the plot%s%s%s", how,
		 said[0] ? " (it said: " : "", said, said[0] ? ")" : "");
	return -1;
}

static int fail(Gnuplot *g, const char *why)
{
	if (!g->broken[0])
		snprintf(g->broken, sizeof g->broken, "%s", why);
	return -1;
}

/* Write wbuf (if not NULL) to gnuplot's stdin, or wait until stdout holds `marker`,
 * draining stdout and stderr all the while; give up at the deadline. 0, or -1 with
 * g->broken set. */
static int pump(Gnuplot *g, const char *wbuf, size_t wlen, const char *marker)
{
	long long deadline = (long long)clock_ms() + g->timeout_ms;
	size_t done = 0;
	for (;;) {
		if (wbuf && done == wlen)
			return 0;
		if (marker && find_line(g, marker))
			return 0;
		if (g->out < 0 || (wbuf && g->in < 0))
			return gone(g);
		struct pollfd pf[3];
		int n = 0, iw = -1, io, ie = -1;
		if (wbuf)
			pf[iw = n++] = (struct pollfd){ .fd = g->in, .events = POLLOUT };
		pf[io = n++] = (struct pollfd){ .fd = g->out, .events = POLLIN };
		if (g->err >= 0)
			pf[ie = n++] = (struct pollfd){ .fd = g->err, .events = POLLIN };
		long long left = deadline - (long long)clock_ms();
		int r = left > 0 ? poll(pf, (nfds_t)n, (int)left) : 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return fail(g, "could not wait for gnuplot (poll failed)");
		if (r == 0) {
			char why[96];
			snprintf(why, sizeof why, "gnuplot did not answer within %.1f s",
				 g->timeout_ms / 1000.0);
			return fail(g, why);
		}
		if (ie >= 0 && pf[ie].revents)
			drain_err(g);
		if (pf[io].revents && drain_out(g))
			return fail(g, "could not hold gnuplot's output (out of memory or over "
				       "16 MiB)");
		if (iw >= 0 && pf[iw].revents) {
			ssize_t k = write_quietly(g->in, wbuf + done, wlen - done);
			if (k > 0)
				done += (size_t)k;
			else if (k < 0 && errno != EAGAIN && errno != EINTR)
				return gone(g); /* EPIPE: it has closed its stdin */
		}
	}
}

static ssize_t cookie_write(void *cookie, const char *b, size_t n)
{
	Gnuplot *g = cookie;
	if (g->broken[0] || g->in < 0 || pump(g, b, n, NULL))
		return 0; /* stdio marks the stream in error */
	return (ssize_t)n;
}

/* }==== */

/* {==== Starting ==== */

static Status spawn(Gnuplot *g, const char *program)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	Status st = ST_OK;
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		st = status_fail(ST_EIO, "could not make pipes for gnuplot: %s", strerror(errno));
		goto done;
	}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	gnuplot_spawnattr_init(&at, 1);
	char *argv[] = { (char *)program, NULL };
	int rc = posix_spawnp(&g->pid, program, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc == ENOENT && !strchr(program, '/'))
		st = status_fail(ST_EIO, "%s not found on PATH", program);
	else if (rc)
		st = status_fail(ST_EIO, "could not start %s: %s", program, strerror(rc));
	if (st)
		goto done;
	g->in = in[1], g->out = out[0], g->err = err[0];
	in[1] = out[0] = err[0] = -1;
	fcntl(g->in, F_SETFL, fcntl(g->in, F_GETFL) | O_NONBLOCK);
	fcntl(g->out, F_SETFL, fcntl(g->out, F_GETFL) | O_NONBLOCK);
	fcntl(g->err, F_SETFL, fcntl(g->err, F_GETFL) | O_NONBLOCK);
done:
	for (int i = 0; i < 2; i++) {
		close_fd(&in[i]);
		close_fd(&out[i]);
		close_fd(&err[i]);
	}
	return st;
}

void gnuplot_spawnattr_init(posix_spawnattr_t *at, int own_group)
{
	posix_spawnattr_init(at);
	sigset_t all, none;
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(at, &all);
	posix_spawnattr_setsigmask(at, &none);
	short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
	if (own_group) {
		posix_spawnattr_setpgroup(at, 0);
		flags |= POSIX_SPAWN_SETPGROUP;
	}
	posix_spawnattr_setflags(at, flags);
}

Status gnuplot_open(Gnuplot **out, const char *program, int timeout_ms)
{
	*out = NULL;
	Gnuplot *g = mem_calloc(1, sizeof *g);
	if (!g)
		return status_fail(ST_ENOMEM, "out of memory starting gnuplot");
	g->in = g->out = g->err = -1;
	g->timeout_ms = timeout_ms > 0 ? timeout_ms : GNUPLOT_TIMEOUT_MS;
	Status st = spawn(g, program ? program : "gnuplot");
	if (st) {
		mem_free(g);
		return st;
	}
	g->cmd = fopencookie(g, "w", (cookie_io_functions_t){ .write = cookie_write });
	if (!g->cmd) {
		gnuplot_close(g);
		return status_fail(ST_ENOMEM, "out of memory starting gnuplot");
	}
	setvbuf(g->cmd, NULL, _IOFBF, 1 << 16);
	fputs("set print '-'\n", g->cmd);
	*out = g;
	return ST_OK;
}

/* }==== */

FILE *gnuplot_input(Gnuplot *g)
{
	return g->cmd;
}

int gnuplot_pid(const Gnuplot *g)
{
	return (int)g->pid;
}

Status gnuplot_sync(Gnuplot *g, char **text)
{
	if (text)
		*text = NULL;
	if (g->broken[0])
		return status_fail(ST_EIO, "%s", g->broken);
	char marker[48];
	snprintf(marker, sizeof marker, "<<gradlab-sync %lu ", ++g->syncs);
	/* %% because this is a C format string; the leading newline ends any open line. */
	fprintf(g->cmd, "\nset print '-'\nprint sprintf('<<gradlab-sync %lu %%d>>%%s', "
			"GPVAL_ERRNO, GPVAL_ERRMSG)\nreset errors\n",
		g->syncs);
	if (fflush(g->cmd) != 0 || pump(g, NULL, 0, marker)) {
		clearerr(g->cmd);
		return status_fail(ST_EIO, "%s", g->broken[0] ? g->broken : "gnuplot is gone");
	}
	const char *at = find_line(g, marker);
	const char *nl = memchr(at, '\n', g->len - (size_t)(at - g->buf));
	int gp_errno = atoi(at + strlen(marker));
	const char *msg = memmem(at, (size_t)(nl - at), ">>", 2);
	msg = msg ? msg + 2 : nl;
	char said[200];
	snprintf(said, sizeof said, "%.*s", (int)(nl - msg), msg);
	size_t skip = g->len && g->buf[0] == '\f' ? 1 : 0, n = (size_t)(at - g->buf) - skip;
	Status st = ST_OK;
	if (gp_errno) {
		st = status_fail(ST_EIO, "gnuplot: %s", said[0] ? said : "error");
	} else if (text) {
		*text = mem_alloc(n + 1);
		if (!*text) {
			st = status_fail(ST_ENOMEM, "out of memory reading gnuplot's output");
		} else {
			memcpy(*text, g->buf + skip, n);
			(*text)[n] = '\0';
		}
	}
	size_t used = (size_t)(nl + 1 - g->buf);
	memmove(g->buf, nl + 1, g->len - used + 1);
	g->len -= used;
	return st;
}

int gnuplot_has_terminal(Gnuplot *g, const char *name)
{
	if (!g->terminals) {
		fputs("print ' '.GPVAL_TERMINALS.' '\n", g->cmd);
		if (gnuplot_sync(g, &g->terminals))
			return -1;
	}
	char word[64];
	snprintf(word, sizeof word, " %s ", name);
	return strstr(g->terminals, word) != NULL;
}

Status gnuplot_close(Gnuplot *g)
{
	if (!g)
		return ST_OK;
	Status st = ST_OK;
	if (g->cmd) {
		if (!g->broken[0])
			fputs("\nexit\n", g->cmd);
		fclose(g->cmd); /* flushes through pump, bounded by the timeout */
	}
	close_fd(&g->in);
	if (!reap(g, EXIT_GRACE_MS)) {
		kill(-g->pid, SIGTERM);
		if (!reap(g, TERM_GRACE_MS)) {
			kill(-g->pid, SIGKILL);
			while (waitpid(g->pid, &g->wstatus, 0) < 0 && errno == EINTR)
				;
		}
		st = status_fail(ST_EIO, "gnuplot did not exit when asked; killed it");
	}
	close_fd(&g->out);
	close_fd(&g->err);
	mem_free(g->buf);
	mem_free(g->terminals);
	mem_free(g);
	return st;
}
