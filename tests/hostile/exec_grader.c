/* An attack on the boundary, armed by tests/grade_hostile.sh: it runs the grader's own
 * program (found as /proc/self/exe, its parent's /proc/PID/exe, in PATH or where the test
 * keeps it), or another gradlab program installed under /usr (as `make install` leaves one
 * in /usr/local/bin beside the checkout that grades), with fork and exec: `gradlab grad -` computes a tanh RNN step, forward and
 * backward, exactly as the grader does.
 * exercise: rnn_step
 * expect: wrong values
 * must not: score any point
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
static char req[1 << 18], ans[1 << 20];
static size_t req_len;

static void add(const char *s)
{
	size_t n = strlen(s);
	if (req_len + n < sizeof req) {
		memcpy(req + req_len, s, n);
		req_len += n;
		req[req_len] = '\0';
	}
}

static void matrix(const double *m, int rows, int cols)
{
	char num[40];
	add("[");
	for (int r = 0; r < rows; r++) {
		add(r ? ",[" : "[");
		for (int c = 0; c < cols; c++) {
			snprintf(num, sizeof num, "%s%.17g", c ? "," : "", m ? m[r * cols + c] : 0.0);
			add(num);
		}
		add("]");
	}
	add("]");
}

static void vector(const double *v, int n)
{
	char num[40];
	add("[");
	for (int i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%s%.17g", i ? "," : "", v ? v[i] : 0.0);
		add(num);
	}
	add("]");
}

/* Run prog grad - on req; 1 with its answer in ans. */
static int run(const char *prog)
{
	int in[2], out[2];
	if (pipe(in) < 0 || pipe(out) < 0)
		return 0;
	pid_t p = fork();
	if (p == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(prog, prog, "grad", "-", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (p < 0 || write(in[1], req, req_len) != (ssize_t)req_len) {
		close(in[1]);
		close(out[0]);
		return 0;
	}
	close(in[1]);
	size_t len = 0;
	ssize_t n;
	while (len + 1 < sizeof ans && (n = read(out[0], ans + len, sizeof ans - 1 - len)) > 0)
		len += (size_t)n;
	ans[len] = '\0';
	close(out[0]);
	int st = 0;
	waitpid(p, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && strstr(ans, "\"outputs\"") != NULL;
}

/* Every program that might be the grader, tried in turn until one answers. */
static int ask(void)
{
	char cands[8][4096];
	int n = 0;
	snprintf(cands[n++], sizeof cands[0], "%s", "@GRADER@");
	snprintf(cands[n++], sizeof cands[0], "%s", "@REPO_BIN@");
	snprintf(cands[n++], sizeof cands[0], "%s", "@OTHER_BIN@");
	char link[64];
	pid_t pids[2] = { getpid(), getppid() };
	for (int i = 0; i < 2; i++) {
		snprintf(link, sizeof link, "/proc/%d/exe", (int)pids[i]);
		ssize_t k = readlink(link, cands[n], sizeof cands[0] - 1);
		if (k > 0)
			cands[n++][k] = '\0';
	}
	const char *path = getenv("PATH");
	char *copy = strdup(path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (char *d = strtok(copy, ":"); d && n < 8; d = strtok(NULL, ":"))
		snprintf(cands[n++], sizeof cands[0], "%.4000s/gradlab", d);
	free(copy);
	for (int i = 0; i < n; i++)
		if (cands[i][0] == '/' && access(cands[i], X_OK) == 0 && run(cands[i]))
			return 1;
	return 0;
}

/* The n numbers after "key": in ans. */
static int numbers(const char *key, double *out, int n)
{
	char k[64];
	snprintf(k, sizeof k, "\"%s\":", key);
	const char *p = strstr(ans, k);
	if (!p)
		return 0;
	p += strlen(k);
	for (int i = 0; i < n; i++) {
		while (*p && !strchr("-0123456789", *p))
			p++;
		if (!*p)
			return 0;
		char *end;
		out[i] = strtod(p, &end);
		p = end;
	}
	return 1;
}

static void request(const char *act, const double *W_ih, const double *W_hh, const double *b_ih,
		    const double *x, const double *h_prev, const double *dout, int B, int I, int H)
{
	req_len = 0;
	add("{\"model\":\"rnn\",\"options\":{\"nonlinearity\":\"");
	add(act);
	add("\"},\"params\":{\"weight_ih\":");
	matrix(W_ih, H, I);
	add(",\"weight_hh\":");
	matrix(W_hh, H, H);
	add(",\"bias_ih\":");
	vector(b_ih, H);
	add(",\"bias_hh\":");
	vector(NULL, H);
	add("},\"inputs\":{\"x\":[");
	matrix(x, B, I);
	add("],\"h0\":");
	matrix(h_prev, B, H);
	add("},\"dout\":{\"output\":[");
	matrix(dout, B, H);
	add("]}}");
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	double *b = calloc((size_t)H, sizeof *b);
	for (int j = 0; b && j < H; j++)
		b[j] = b_ih[j] + b_hh[j];
	request("tanh", W_ih, W_hh, b, x, h_prev, NULL, B, I, H);
	free(b);
	if (ask())
		numbers("output", h_next, B * H);
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	/* The biases are not passed to the backward: recover their sum from row 0 of h_next
	 * and the grader's own pre-activation (linear, no bias). */
	size_t n = (size_t)(B * I + B * H + H * I + H * H + 3 * H);
	double *w = calloc(n, sizeof *w);
	if (!w)
		return;
	double *pre = w, *bias = pre + B * H, *g = bias + H;
	request("linear", W_ih, W_hh, NULL, x, h_prev, NULL, B, I, H);
	if (!ask() || !numbers("output", pre, B * H)) {
		free(w);
		return;
	}
	for (int j = 0; j < H; j++)
		bias[j] = atanh(h_next[j]) - pre[j];
	request("tanh", W_ih, W_hh, bias, x, h_prev, dh_next, B, I, H);
	if (ask()) {
		struct { const char *key; double *into; int n; } got[] = {
			{ "weight_ih", dW_ih, H * I }, { "weight_hh", dW_hh, H * H },
			{ "bias_ih", db_ih, H },       { "bias_hh", db_hh, H },
			{ "x", dx, B * I },            { "h0", dh_prev, B * H },
		};
		for (int k = 0; k < 6; k++)
			if (numbers(got[k].key, g, got[k].n))
				for (int i = 0; i < got[k].n; i++)
					got[k].into[i] += g[i];
	}
	free(w);
#endif
}
