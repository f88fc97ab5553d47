/* An attack on the boundary, armed by tests/grade_hostile.sh: it leaves things behind for
 * after the check: two daemons (double fork and setsid, deaf to SIGTERM and SIGHUP, the
 * test's marker in their name and command line; one of them a shell loop), files in /tmp,
 * /dev/shm, /var/tmp, /run/lock and $HOME, System V shared memory, a semaphore set and a
 * message queue (keys from the test), a POSIX message queue and POSIX shared memory.
 * exercise: rnn_step
 * expect: wrong values
 * must not: leave any of them after grading
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
#define MARK "@MARK@"
#define KEY ((key_t)@KEY@)

static void file(const char *dir, const char *suffix)
{
	char path[4200];
	snprintf(path, sizeof path, "%.4000s/" MARK "%s", dir, suffix);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, "left behind\n", 12) < 0)
			printf("attack: cannot write %s\n", path);
		close(fd);
	}
}

/* A process that outlives the check: double fork, a session of its own, no descriptors. */
static void daemon_(int shell)
{
	pid_t p = fork();
	if (p < 0)
		return;
	if (p > 0) {
		waitpid(p, NULL, 0);
		return;
	}
	setsid();
	if (fork() != 0)
		_exit(0);
	for (int fd = 0; fd < 1024; fd++)
		close(fd);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 1);
		dup2(null, 2);
	}
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (shell)
		execl("/bin/sh", MARK, "-c", "while :; do sleep 1; done", (char *)NULL);
	/* no shell (or not asked for one): the name and the command line carry the marker */
	prctl(PR_SET_NAME, MARK, 0, 0, 0);
	size_t room = strlen(program_invocation_name);
	memcpy(program_invocation_name, MARK, room < strlen(MARK) ? room : strlen(MARK));
	for (;;)
		pause();
}

static void leave(void)
{
	static int done;
	if (done++)
		return;
	const char *dirs[] = { "/tmp", "/dev/shm", "/var/tmp", "/run/lock", "@HOME@" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		file(dirs[i], "-file");
	const char *home = getenv("HOME");
	if (home)
		file(home, "-home");
	if (shmget(KEY, 4096, IPC_CREAT | 0666) < 0)
		printf("attack: shmget: errno %d\n", errno);
	if (semget(KEY + 1, 1, IPC_CREAT | 0666) < 0)
		printf("attack: semget: errno %d\n", errno);
	if (msgget(KEY + 2, IPC_CREAT | 0666) < 0)
		printf("attack: msgget: errno %d\n", errno);
	mqd_t q = mq_open("/" MARK "-mq", O_CREAT | O_RDWR, 0666, NULL);
	if (q == (mqd_t)-1)
		printf("attack: mq_open: errno %d\n", errno);
	else
		mq_close(q);
	int s = shm_open("/" MARK "-pshm", O_CREAT | O_RDWR, 0666);
	if (s < 0)
		printf("attack: shm_open: errno %d\n", errno);
	else
		close(s);
	daemon_(1);
	daemon_(0);
	fflush(stdout);
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	leave();
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	leave();
#endif
}
