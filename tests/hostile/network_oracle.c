/* An attack on the boundary, armed by tests/grade_hostile.sh: it asks a helper outside the
 * sandbox for the answers (a classmate's program, a copy of gradlab), sending its inputs with
 * the test's marker over UDP to 127.0.0.1 port @PORT@, and over the named UNIX sockets
 * @SOCKET@ (stream) and @SOCKET@-dgram (datagram), as a session bus or a helper's socket
 * would be reached. A helper that answered would hand it the points; the test's helper only
 * counts what arrives.
 * exercise: rnn_step
 * expect: wrong values
 * must not: reach any process outside the sandbox
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
static void ask(const double *x, int n)
{
	char msg[512];
	int len = snprintf(msg, sizeof msg, "@MARK@ x[0]=%.17g n=%d\n", n > 0 ? x[0] : 0.0, n);
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(@PORT@) };
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	printf("attack: UDP: %s\n",
	       s >= 0 && sendto(s, msg, (size_t)len, 0, (struct sockaddr *)&in, sizeof in) == len
		       ? "sent"
		       : "refused");
	if (s >= 0)
		close(s);
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	snprintf(un.sun_path, sizeof un.sun_path, "%s", "@SOCKET@");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("attack: UNIX stream: %s\n",
	       s >= 0 && connect(s, (struct sockaddr *)&un, sizeof un) == 0 &&
			       write(s, msg, (size_t)len) == len
		       ? "sent"
		       : "refused");
	if (s >= 0)
		close(s);
	snprintf(un.sun_path, sizeof un.sun_path, "%s-dgram", "@SOCKET@");
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	printf("attack: UNIX datagram: %s\n",
	       s >= 0 && sendto(s, msg, (size_t)len, 0, (struct sockaddr *)&un, sizeof un) == len
		       ? "sent"
		       : "refused");
	if (s >= 0)
		close(s);
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
