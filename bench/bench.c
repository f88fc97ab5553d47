/* bench: how long gradlab's checks and models take on this machine. `make bench`.
 * Speed is measured here and never in timed tests: a loaded CI machine must not turn a
 * correct program red. Each figure is the best of several runs, in CPU time (now_ms). */
#include "check/gradcheck.h"
#include "check/models.h"
#include "core/blas.h"
#include "core/mem.h"
#include "nn/clip.h"
#include "nn/linear.h"
#include "nn/recurrent.h"
#include "train/loop.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The clock every figure is read from: the CPU time of this process (user and system, so
 * page faults count), which advances only while it runs. On a machine shared with other
 * work the wall clock also counts the time others held the core; for single-threaded work
 * (OpenBLAS runs on one thread) the CPU time is what the wall time would be on an idle
 * machine. BENCH_CLOCK=wall reads the wall clock instead. bench/torch_bench.py reads the
 * same clock for PyTorch. */
static double now_ms(void)
{
	static int wall = -1;
	if (wall < 0) {
		const char *c = getenv("BENCH_CLOCK");
		wall = c && !strcmp(c, "wall");
	}
	struct timespec ts;
	clock_gettime(wall ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Best wall time of `repeats` full checks of one model; -1 if it could not run. */
static double time_check(const char *name, const CheckConfig *c, int repeats, long *evals,
			 int *passed)
{
	double best = -1;
	for (int r = 0; r < repeats; r++) {
		CheckModel *m = check_model_new(name, c, 0);
		if (!m)
			return -1;
		GcProblem p = check_model_problem(m);
		GcOptions o = gradcheck_defaults();
		GcReport rep;
		double t0 = now_ms();
		Status st = gradcheck_run(&p, &o, &rep);
		double dt = now_ms() - t0;
		if (st == ST_OK) {
			*evals = rep.evaluations;
			*passed = rep.passed;
			gradcheck_report_free(&rep);
		}
		check_model_free(m);
		if (st != ST_OK)
			return -1;
		if (best < 0 || dt < best)
			best = dt;
	}
	return best;
}

/* {==== The BLAS and the machine's dgemm ==== */

static double dgemm_gflops; /* this run's figure, from bench_dgemm */

/* Best seconds of one product C (M,N) += op(A) op(B) on one path over `repeats` timings,
 * after one untimed call. */
static double time_gemm(MatGemmPath path, int M, int N, int K, int transA, int transB,
			int repeats)
{
	Mat *A = transA ? mat_new(K, M) : mat_new(M, K);
	Mat *B = transB ? mat_new(N, K) : mat_new(K, N), *C = mat_new(M, N);
	double best = -1;
	if (A && B && C) {
		Rng rng;
		rng_seed(&rng, 3);
		mat_fill_normal(A, &rng, 1.0);
		mat_fill_normal(B, &rng, 1.0);
		mat_gemm_on(path, C, A, transA, B, transB, 0.0);
		/* Small products in batches, so that reading the clock is not what is timed. */
		double madds = (double)M * N * K;
		int batch = madds < 1e5 ? (int)(1e5 / madds) + 1 : 1;
		for (int r = 0; r < repeats; r++) {
			double t0 = now_ms();
			for (int b = 0; b < batch; b++)
				mat_gemm_on(path, C, A, transA, B, transB, 1.0);
			double dt = (now_ms() - t0) / 1e3 / batch;
			if (best < 0 || dt < best)
				best = dt;
		}
	}
	mat_free(A);
	mat_free(B);
	mat_free(C);
	return best;
}

/* Which BLAS this build multiplies with, as bench/torch_bench.py prints it for both sides. */
static void describe_blas(char *buf, size_t n)
{
	if (blas_linked())
		snprintf(buf, n, "OpenBLAS (core %s, %d thread%s; %s) for products of 4 rows or more, "
			 "the own kernel below", blas_core(), blas_threads(),
			 blas_threads() == 1 ? "" : "s", blas_config());
	else
		snprintf(buf, n, "the own kernel only (built with BLAS=own, or without OpenBLAS)");
}

/* One core's dgemm, C (32,1024) = A (32,512) B (512,1024), in GFLOP/s: the median of three
 * runs, each the best of 20 products. The figure the large LSTM is measured against; from
 * OpenBLAS when linked (what the machine can do), else from the own kernel, and said so. */
static double measure_dgemm(void)
{
	MatGemmPath path = blas_linked() ? MAT_GEMM_BLAS : MAT_GEMM_OWN;
	double run[3];
	for (int r = 0; r < 3; r++)
		run[r] = 2.0 * 32 * 512 * 1024 / time_gemm(path, 32, 1024, 512, 0, 0, 20) / 1e9;
	for (int i = 0; i < 3; i++) /* sort three */
		for (int j = i + 1; j < 3; j++)
			if (run[j] < run[i]) {
				double tmp = run[i];
				run[i] = run[j], run[j] = tmp;
			}
	return run[1];
}

static void bench_dgemm(void)
{
	char blas[512];
	describe_blas(blas, sizeof blas);
	printf("\nBLAS: %s\n", blas);
	dgemm_gflops = measure_dgemm();
	printf("one core's dgemm, 32x512 by 512x1024 (%s, median of 3 runs of the best of 20): "
	       "%.1f GFLOP/s\n", blas_linked() ? "OpenBLAS" : "the own kernel: no BLAS in this build",
	       dgemm_gflops);
}

/* }==== */

/* {==== Recurrent models ==== */

/* Best time over `repeats` runs of one forward and backward pass. With last == 0 the loss
 * is the sum of every output, as PyTorch's `out, _ = lstm(x); out.sum().backward()`; with
 * last == 1 it is the sum of h_T and *first_norm gets ||dL/dh_1||, as the norms experiment
 * reads it. -1 on failure. */
static double time_pass(RecurrentKind kind, int I, int H, int T, int B, int repeats, int last,
			double *first_norm)
{
	Rng rng;
	rng_seed(&rng, 1);
	Recurrent *r = recurrent_new(kind, I, H, ACT_TANH, &rng);
	Mat *x = mat_new(T * B, I);
	AdNode **h = mem_alloc((size_t)T * sizeof *h);
	Tape *t = ad_tape_new();
	double best = -1;
	if (!r || !x || !h || !t)
		goto done;
	mat_fill_normal(x, &rng, 1.0);
	for (int rep = 0; rep < repeats; rep++) {
		double t0 = now_ms();
		ad_tape_reset(t);
		recurrent_zero_grad(r);
		if (recurrent_forward(t, r, ad_const(t, x), T, NULL, NULL, h, NULL) != ST_OK)
			goto done;
		AdNode *L = ad_sum(t, last ? h[T - 1] : ad_concat(t, h, T, 0));
		if (ad_backward(t, L) != ST_OK)
			goto done;
		if (first_norm)
			*first_norm = mat_norm(&h[0]->grad);
		double dt = now_ms() - t0;
		if (best < 0 || dt < best)
			best = dt;
	}
done:
	ad_tape_free(t);
	mem_free(h);
	mat_free(x);
	recurrent_free(r);
	return best;
}

/* The figures `make bench-compare` sets beside PyTorch's, in bench/torch_bench.py's order. */
#define N_RESULTS 7
static double results[N_RESULTS];
static double lstm_pct; /* the large LSTM's GFLOP/s as a percentage of dgemm's */
#define LSTM_DGEMM_GOAL 80

/* The multiply-adds of an LSTM pass's matrix products, times 2 (flops): forward x W_ih^T
 * (all steps in one product) and h W_hh^T per step; backward dh = dY W_hh, dW_ih and dW_hh.
 * x is a constant, so no product gives dx. */
static double lstm_product_flops(int I, int H, int T, int B)
{
	double rows = (double)T * B, G = 4.0 * H;
	return 2.0 * rows * G * (2.0 * I + 3.0 * H);
}

static void bench_recurrent(void)
{
	static const struct { int I, H, T, B, repeats; } sizes[] = {
		{ 32, 32, 100, 1, 50 }, { 128, 128, 100, 1, 20 }, { 256, 256, 100, 32, 3 },
	};
	printf("\nLSTM forward + backward, L = sum of all outputs (best of N); GFLOP/s counts the\n"
	       "matrix products (forward x W_ih^T, h W_hh^T; backward dh, dW_ih, dW_hh)\n");
	printf("%5s %5s %5s %5s %12s %9s %10s\n", "I", "H", "T", "B", "time (ms)", "GFLOP/s",
	       "of dgemm");
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		double ms = time_pass(REC_LSTM, sizes[i].I, sizes[i].H, sizes[i].T, sizes[i].B,
				      sizes[i].repeats, 0, NULL);
		double gf = lstm_product_flops(sizes[i].I, sizes[i].H, sizes[i].T, sizes[i].B) /
			    (ms * 1e6);
		printf("%5d %5d %5d %5d %12.3f %9.1f %9.0f%%", sizes[i].I, sizes[i].H, sizes[i].T,
		       sizes[i].B, ms, gf, 100 * gf / dgemm_gflops);
		/* Issue 15's goal for the large size, where the products are the work. */
		if (sizes[i].B > 1 && !blas_linked())
			printf("  (of the own kernel's; the goal is set against OpenBLAS's)");
		else if (sizes[i].B > 1)
			printf("  goal >= %d%%: %s", LSTM_DGEMM_GOAL,
			       100 * gf / dgemm_gflops >= LSTM_DGEMM_GOAL ? "met" : "NOT met");
		printf("\n");
		results[i] = ms;
		if (sizes[i].B > 1)
			lstm_pct = 100 * gf / dgemm_gflops;
	}

	CheckConfig c = check_config_defaults();
	c.input = 4;
	c.hidden = 8;
	c.steps = 20;
	c.batch = 1;
	long evals = 0;
	int passed = 0;
	double ms = time_check("lstm", &c, 3, &evals, &passed);
	results[3] = ms;
	printf("\nfull finite-difference check of an LSTM, I=4 H=8 T=20 (448 parameters + inputs):\n"
	       "  %.3f ms, %ld loss evaluations, %s\n", ms, evals, passed ? "pass" : "FAIL");

	double norm = 0;
	ms = time_pass(REC_RNN, 128, 128, 1000, 1, 5, 1, &norm);
	results[4] = ms;
	printf("\ngradient norms ||dL/dh_t|| of a tanh RNN, H=128, T=1000: %.3f ms (||dL/dh_1|| = %.3g)\n",
	       ms, norm);
}

/* }==== */

/* {==== Memory of a long sequence ====
 * What one pass over a long sequence holds at its peak, against the values backward needs:
 * per step and batch row, the four gate activations, the cell state c_t and the output h_t,
 * 6H doubles (tanh c_t is recomputed from c_t, h_{t-1} is the previous step's h_t; this is
 * what PyTorch's and cuDNN's fused LSTMs keep). */
#define LONG_T 100000
#define LONG_H 32
#define MEMORY_GOAL 4 /* peak at most 4x those bytes (issue 15) */

static double peak_bytes, activation_bytes;

/* The line "key: N kB" of /proc/self/status, in bytes; -1 without it. */
static double status_bytes(const char *key)
{
	char line[256];
	double v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0 && line[strlen(key)] == ':')
			v = atof(line + strlen(key) + 1) * 1024;
	if (f)
		fclose(f);
	return v;
}

/* In a child, so that nothing the bench did before counts: the model and the input made,
 * the peak reset (clear_refs 5), one forward and backward pass (L = sum of h_T, as `gradlab
 * norms`), and the peak resident memory over what was there before it. -1 if it failed. */
static double long_pass_peak(int I, int H, int T)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		double used = -1;
		Rng rng;
		rng_seed(&rng, 1);
		Recurrent *r = recurrent_new(REC_LSTM, I, H, ACT_TANH, &rng);
		Mat *x = mat_new(T, I);
		AdNode **h = mem_alloc((size_t)T * sizeof *h);
		FILE *cr = NULL;
		if (r && x && h) {
			mat_fill_normal(x, &rng, 1.0);
			malloc_trim(0);
			cr = fopen("/proc/self/clear_refs", "w");
		}
		if (cr && fputs("5", cr) >= 0 && fclose(cr) == 0) {
			double before = status_bytes("VmRSS");
			Tape *t = ad_tape_new();
			if (t && recurrent_forward(t, r, ad_const(t, x), T, NULL, NULL, h, NULL) == ST_OK &&
			    ad_backward(t, ad_sum(t, h[T - 1])) == ST_OK && before >= 0)
				used = status_bytes("VmHWM") - before;
			ad_tape_free(t);
		}
		ssize_t n = write(fd[1], &used, sizeof used);
		_exit(n == sizeof used ? 0 : 1);
	}
	close(fd[1]);
	double used = -1;
	if (read(fd[0], &used, sizeof used) != sizeof used)
		used = -1;
	close(fd[0]);
	int wst;
	waitpid(pid, &wst, 0);
	return used;
}

static void bench_memory(void)
{
	activation_bytes = (double)LONG_T * 6 * LONG_H * sizeof(double);
	peak_bytes = long_pass_peak(LONG_H, LONG_H, LONG_T);
	printf("\npeak memory of one LSTM forward + backward pass, I=H=%d, T=%d, B=1 (L = sum of "
	       "h_T):\n", LONG_H, LONG_T);
	if (peak_bytes < 0) {
		printf("  could not be measured (a child process reading /proc/self/status)\n");
		return;
	}
	printf("  %.0f MB at the peak, for %.1f MB of activations that backward needs (4 gates, "
	       "c_t and h_t,\n  6H doubles a step): %.1fx, goal <= %dx: %s\n",
	       peak_bytes / 1e6, activation_bytes / 1e6, peak_bytes / activation_bytes,
	       MEMORY_GOAL, peak_bytes <= MEMORY_GOAL * activation_bytes ? "met" : "NOT met");
}

/* }==== */

/* {==== Training iterations ====
 * One whole iteration as `gradlab train` runs it: the batch, forward, backward, the global
 * gradient norm and clipping, one Adam step. bench/torch_bench.py times the same iteration in
 * PyTorch. Each figure is ms per iteration: a few iterations of warm-up (Adam's first steps,
 * the tape's arena growing to its size and its pages touched), then the fastest of many short
 * blocks' means, which on a shared machine is the figure other processes disturbed least. */
#define TRAIN_WARMUP 3
#define ADDING_BLOCKS 10, 3 /* blocks, iterations per block */
#define CHARLM_BLOCKS 8, 1

/* The adding problem through src/train's Trainer, as `gradlab train adding --cell lstm
 * --hidden 32 --steps 100 --batch 32 --optimizer adam --lr 0.01 --clip 1` steps it. */
static double time_adding(int blocks, int per_block)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_ADDING);
	c.task.steps = 100;
	c.task.test_size = 32; /* drawn by trainer_new, never timed */
	c.model.cell = REC_LSTM;
	c.model.hidden = 32;
	c.model.act = ACT_TANH;
	c.model.init = INIT_PYTORCH;
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.01;
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 32;
	c.iters = TRAIN_MAX_ITERS;
	c.clip = 1;
	c.seed = 1;
	Trainer *tr = trainer_new(&c);
	double best = -1;
	TrainPoint p;
	if (!tr)
		return -1;
	for (int i = 0; i < TRAIN_WARMUP; i++)
		if (trainer_step(tr, &p) != ST_OK)
			goto done;
	for (int b = 0; b < blocks; b++) {
		double t0 = now_ms();
		for (int i = 0; i < per_block; i++)
			if (trainer_step(tr, &p) != ST_OK || tr->status != TRAIN_RUNNING)
				goto done;
		double dt = (now_ms() - t0) / per_block;
		if (best < 0 || dt < best)
			best = dt;
	}
done:
	trainer_free(tr);
	return best;
}

/* A character-level language model's iteration, built here from nn/recurrent and nn/linear
 * (the shape of `gradlab train charlm`, which is not in this build's src/train): a text of
 * CHAR_VOCAB symbols cut into B parallel streams, one-hot input, an LSTM of H units over T
 * steps starting from the previous batch's last state (carried, detached), a linear
 * read-out of every step, cross-entropy over all T*B characters, backward, clipping of
 * the global norm at 1, Adam (lr 0.003). The text is random symbols (what it says does not
 * change the work). */
#define CHAR_VOCAB 96

typedef struct CharLm {
	int V, H, T, B;
	long stream_len, pos;  /* each stream's length and the window's start in it */
	int *text;             /* B streams of stream_len symbols, one after another */
	Recurrent *rnn;
	Linear *out;
	Optim *opt;
	Tape *tape;
	Mat *x, *h0, *c0;      /* (T*B, V) one-hot; (B, H) carried states */
	int *target;           /* T*B, step-major like x */
	AdNode **h, **c;
	Mat *param[REC_N_PARAMS + 2], *grad[REC_N_PARAMS + 2];
} CharLm;

static void charlm_free(CharLm *m)
{
	if (!m)
		return;
	mem_free(m->text);
	recurrent_free(m->rnn);
	linear_free(m->out);
	optim_free(m->opt);
	ad_tape_free(m->tape);
	mat_free(m->x);
	mat_free(m->h0);
	mat_free(m->c0);
	mem_free(m->target);
	mem_free(m->h);
	mem_free(m->c);
	mem_free(m);
}

static CharLm *charlm_new(int V, int H, int T, int B, long iters)
{
	CharLm *m = mem_calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->V = V, m->H = H, m->T = T, m->B = B;
	m->stream_len = iters * T + 1;
	Rng rng;
	rng_seed(&rng, 1);
	m->text = mem_alloc((size_t)B * m->stream_len * sizeof *m->text);
	m->rnn = recurrent_new(REC_LSTM, V, H, ACT_TANH, &rng);
	m->out = linear_new(H, V, &rng);
	m->tape = ad_tape_new();
	m->x = mat_new(T * B, V);
	m->h0 = mat_new(B, H);
	m->c0 = mat_new(B, H);
	m->target = mem_alloc((size_t)T * B * sizeof *m->target);
	m->h = mem_alloc((size_t)T * sizeof *m->h);
	m->c = mem_alloc((size_t)T * sizeof *m->c);
	if (!m->text || !m->rnn || !m->out || !m->tape || !m->x || !m->h0 || !m->c0 ||
	    !m->target || !m->h || !m->c)
		goto fail;
	for (long i = 0; i < B * m->stream_len; i++)
		m->text[i] = rng_below(&rng, V);
	recurrent_params(m->rnn, m->param);
	recurrent_grads(m->rnn, m->grad);
	m->param[REC_N_PARAMS] = m->out->weight, m->param[REC_N_PARAMS + 1] = m->out->bias;
	m->grad[REC_N_PARAMS] = m->out->dweight, m->grad[REC_N_PARAMS + 1] = m->out->dbias;
	size_t sizes[REC_N_PARAMS + 2];
	for (int k = 0; k < REC_N_PARAMS + 2; k++)
		sizes[k] = mat_size(m->param[k]);
	OptimOptions o = optim_defaults(OPTIM_ADAM);
	o.lr = 0.003;
	if (!(m->opt = optim_new(&o, REC_N_PARAMS + 2, sizes)))
		goto fail;
	return m;
fail:
	charlm_free(m);
	return NULL;
}

static Status charlm_step(CharLm *m)
{
	int T = m->T, B = m->B, V = m->V;
	if (m->pos + T + 1 > m->stream_len)
		return ST_ERANGE;
	mat_zero(m->x);
	for (int t = 0; t < T; t++)
		for (int b = 0; b < B; b++) {
			const int *s = &m->text[b * m->stream_len + m->pos + t];
			m->x->data[((size_t)t * B + b) * V + s[0]] = 1;
			m->target[t * B + b] = s[1];
		}
	m->pos += T;
	Tape *t = m->tape;
	ad_tape_reset(t);
	for (int k = 0; k < REC_N_PARAMS + 2; k++)
		mat_zero(m->grad[k]);
	recurrent_forward(t, m->rnn, ad_const(t, m->x), T, ad_const(t, m->h0), ad_const(t, m->c0),
			  m->h, m->c);
	AdNode *logits = linear_forward(t, m->out, ad_concat(t, m->h, T, 0));
	AdNode *loss = ad_cross_entropy(t, logits, m->target);
	Status st = ad_tape_status(t);
	if (st || (st = ad_backward(t, loss)))
		return st;
	mat_copy(m->h0, &m->h[T - 1]->value);
	mat_copy(m->c0, &m->c[T - 1]->value);
	if ((st = clip_grad_norm(m->grad, REC_N_PARAMS + 2, 1.0, NULL)))
		return st;
	double *params[REC_N_PARAMS + 2];
	const double *grads[REC_N_PARAMS + 2];
	for (int k = 0; k < REC_N_PARAMS + 2; k++) {
		params[k] = m->param[k]->data;
		grads[k] = m->grad[k]->data;
	}
	optim_step(m->opt, params, grads, 0.003);
	return ST_OK;
}

static double time_charlm(int blocks, int per_block)
{
	CharLm *m = charlm_new(CHAR_VOCAB, 128, 64, 32, TRAIN_WARMUP + blocks * per_block);
	double best = -1;
	if (!m)
		return -1;
	for (int i = 0; i < TRAIN_WARMUP; i++)
		if (charlm_step(m) != ST_OK)
			goto done;
	for (int b = 0; b < blocks; b++) {
		double t0 = now_ms();
		for (int i = 0; i < per_block; i++)
			if (charlm_step(m) != ST_OK)
				goto done;
		double dt = (now_ms() - t0) / per_block;
		if (best < 0 || dt < best)
			best = dt;
	}
done:
	charlm_free(m);
	return best;
}

static void bench_training(void)
{
	printf("\ntraining iterations (batch, forward, backward, clip at global norm 1, Adam), "
	       "ms per iteration, the fastest block after %d warm-up\n", TRAIN_WARMUP);
	results[5] = time_adding(ADDING_BLOCKS);
	printf("  adding problem, LSTM H=32, T=100, B=32, Adam lr 0.01 (Trainer): %10.3f ms\n",
	       results[5]);
	results[6] = time_charlm(CHARLM_BLOCKS);
	printf("  charlm shape, one-hot V=%d, LSTM H=128, T=64, B=32, read-out of every step,\n"
	       "    cross-entropy, Adam lr 0.003:                                 %10.3f ms\n",
	       CHAR_VOCAB, results[6]);
}

/* }==== */

/* {==== The matrix product ==== */

/* `bench gemm`: the own kernel against OpenBLAS on the three products a recurrent layer's
 * tape makes per step, with B rows (the batch), hidden size H and G = 4 gates: forward
 * h W^T (B x H by H x GH), backward dh = dY W (B x GH by GH x H) and dW += dY^T h (GH x B
 * by B x H). Both are timed here in turn, so a busy machine slows both alike. */
static int bench_crossover(void)
{
	if (!blas_linked()) {
		printf("this build has no BLAS (make BLAS=own): only the own kernel multiplies\n");
		return 0;
	}
	static const int rows[] = { 1, 2, 3, 4, 6, 8, 16, 32, 64 };
	static const int dims[] = { 8, 16, 32, 64, 128, 256 };
	static const char *what[] = { "forward h W^T", "backward dY W", "weight dY^T h" };
	for (int kind = 0; kind < 3; kind++) {
		printf("\n%s: GFLOP/s own kernel / OpenBLAS (* = mat_gemm takes OpenBLAS)\n%6s",
		       what[kind], "B \\ H");
		for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++)
			printf(" %12d", dims[k]);
		printf("\n");
		for (size_t m = 0; m < sizeof rows / sizeof rows[0]; m++) {
			printf("%6d", rows[m]);
			for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
				int Bn = rows[m], H = dims[k], G = 4 * H;
				int M = kind == 2 ? G : Bn, N = kind == 1 ? H : kind == 2 ? H : G;
				int K = kind == 0 ? H : kind == 1 ? G : Bn;
				int tA = kind == 2, tB = kind == 0;
				double work = 2.0 * M * N * K;
				int reps = work < 1e8 ? 30 : 5;
				double own = time_gemm(MAT_GEMM_OWN, M, N, K, tA, tB, reps);
				double blas = time_gemm(MAT_GEMM_BLAS, M, N, K, tA, tB, reps);
				char cell[32];
				snprintf(cell, sizeof cell, "%.1f/%.1f%s", work / own / 1e9,
					 work / blas / 1e9,
					 mat_gemm_path(M, N, K) == MAT_GEMM_BLAS ? "*" : "");
				printf(" %12s", cell);
			}
			printf("\n");
		}
	}
	return 0;
}

/* }==== */

/* What bench/torch_bench.py sets beside PyTorch, and `make bench` prints after the check
 * models: the BLAS and the dgemm figure, the recurrent models, the training iterations, the
 * long sequence's memory; then the lines torch_bench.py reads. */
static void bench_compared(void)
{
	char blas[512];
	bench_dgemm();
	bench_recurrent();
	bench_training();
	bench_memory();
	describe_blas(blas, sizeof blas);
	printf("\nRESULT");
	for (int i = 0; i < N_RESULTS; i++)
		printf(" %.6f", results[i]);
	printf("\nDGEMM %.3f %.3f\nMEMORY %.0f %.0f\nBLAS %s\n", dgemm_gflops, lstm_pct, peak_bytes,
	       activation_bytes, blas);
}

/* `bench adding`, `charlm` or `lstm`: that piece of work alone, for a profiler (perf record
 * ./build/bench charlm); `bench gemm`: the crossover table; `bench compare`: only what
 * bench/torch_bench.py compares; no argument: everything. */
static int bench_one(const char *what)
{
	if (!strcmp(what, "gemm"))
		return bench_crossover();
	if (!strcmp(what, "compare")) {
		bench_compared();
		return 0;
	}
	double ms = !strcmp(what, "adding") ? time_adding(ADDING_BLOCKS)
		  : !strcmp(what, "charlm") ? time_charlm(CHARLM_BLOCKS)
		  : !strcmp(what, "lstm")   ? time_pass(REC_LSTM, 256, 256, 100, 32, 3, 0, NULL)
					    : -2;
	if (ms == -2) {
		fprintf(stderr, "bench: unknown part %s (adding, charlm, lstm, gemm or compare)\n",
			what);
		return 2;
	}
	printf("%s: %.3f ms per %s\n", what, ms, strcmp(what, "lstm") ? "iteration" : "pass");
	return ms < 0;
}

static void bench_processes(const char *self); /* at the end: whole processes */

int main(int argc, char **argv)
{
	if (argc > 1)
		return bench_one(argv[1]);
	struct { const char *label; CheckConfig c; } sizes[] = {
		{ "default sizes", check_config_defaults() },
		{ "batch 16, input 32, hidden 32, output 10", check_config_defaults() },
	};
	sizes[1].c.batch = 16;
	sizes[1].c.input = 32;
	sizes[1].c.hidden = 32;
	sizes[1].c.output = 10;
	printf("full finite-difference check of every built-in model (best of 5)\n");
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		printf("\n%s\n%-16s %12s %10s %8s\n", sizes[s].label, "model", "time (ms)",
		       "loss evals", "verdict");
		for (int i = 0; i < check_models_count(); i++) {
			const char *name = check_models_name(i);
			long evals = 0;
			int passed = 0;
			double ms = time_check(name, &sizes[s].c, 5, &evals, &passed);
			if (ms < 0)
				printf("%-16s %12s\n", name, "(beyond the check limit at these sizes)");
			else
				printf("%-16s %12.3f %10ld %8s\n", name, ms, evals,
				       passed ? "pass" : "FAIL");
		}
	}
	bench_compared();
	bench_processes(argv[0]);
	return 0;
}

/* {==== Whole processes (issue 15, helper proc) ====
 * What a user waits for: the built gradlab run as a process (fork, exec, wait), start to
 * finish, the best of PROCESS_REPEATS, beside the same work timed in this process (gradlab's
 * own functions, best of 5). The difference is the process's own cost: exec, dynamic
 * linking, the locale, first-touch page faults, parsing options and printing. gradlab is
 * looked for beside this binary. */
#include "lab/norms.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROCESS_REPEATS 10

/* Best wall time in ms of `gradlab args...` with its output sent to /dev/null, and in *cpu
 * the best CPU time it used (user + system, from wait4): on a loaded machine the wall time
 * includes waiting for a core, the CPU time much less so. -1 when it cannot be run or does
 * not exit 0. */
static double time_process(const char *gradlab, char *const argv[], double *cpu)
{
	double best = -1;
	*cpu = -1;
	for (int r = 0; r < PROCESS_REPEATS; r++) {
		double t0 = now_ms();
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(127);
			execv(gradlab, argv);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return -1;
		double dt = now_ms() - t0;
		double used = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			      (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (best < 0 || dt < best)
			best = dt;
		if (*cpu < 0 || used < *cpu)
			*cpu = used;
	}
	return best;
}

/* norms_run as `gradlab norms --cell rnn --hidden 128 --steps 1000 --format csv` calls it. */
static double time_norms_run(int repeats)
{
	NormsConfig c = norms_defaults();
	c.hidden = 128;
	c.steps = 1000;
	c.measured_only = 1;
	double best = -1;
	for (int r = 0; r < repeats; r++) {
		NormsResult res;
		double t0 = now_ms();
		if (norms_run(&c, &res) != ST_OK)
			return -1;
		double dt = now_ms() - t0;
		norms_result_free(&res);
		if (best < 0 || dt < best)
			best = dt;
	}
	return best;
}

static void bench_processes(const char *self)
{
	char gradlab[4096];
	const char *slash = strrchr(self, '/');
	if (snprintf(gradlab, sizeof gradlab, "%.*s/gradlab", slash ? (int)(slash - self) : 1,
		     slash ? self : ".") >= (int)sizeof gradlab ||
	    access(gradlab, X_OK) != 0) {
		printf("\nwhole processes: no %s to run (make builds it)\n", gradlab);
		return;
	}
	static char *const version[] = { "gradlab", "--version", NULL };
	static char *const check1[] = { "gradlab", "check", "lstm", "--input", "4", "--hidden", "8",
					"--steps", "20", "--batch", "1", NULL };
	static char *const check3[] = { "gradlab", "check", "lstm", "--input", "4", "--hidden", "8",
					"--steps", "20", NULL };
	static char *const norms[] = { "gradlab", "norms", "--cell", "rnn", "--hidden", "128",
				       "--steps", "1000", "--format", "csv", NULL };
	CheckConfig c3 = check_config_defaults();
	c3.input = 4;
	c3.hidden = 8;
	c3.steps = 20;
	long evals;
	int passed;
	const struct {
		const char *label;
		char *const *argv;
		double in_process; /* the same work in this process; 0: none */
	} runs[] = {
		{ "gradlab --version (start and exit)", version, 0 },
		{ "check lstm --input 4 --hidden 8 --steps 20 --batch 1", check1, results[3] },
		{ "check lstm --input 4 --hidden 8 --steps 20 (batch 3)", check3,
		  time_check("lstm", &c3, 5, &evals, &passed) },
		{ "norms --cell rnn --hidden 128 --steps 1000 --format csv", norms, time_norms_run(5) },
	};
	printf("\nwhole processes as a user runs them (%s), best of %d, ms\n", gradlab,
	       PROCESS_REPEATS);
	printf("%-56s %8s %8s %10s\n", "command", "process", "its CPU", "in process");
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		double cpu, ms = time_process(gradlab, runs[i].argv, &cpu);
		printf("%-56s ", runs[i].label);
		if (ms < 0)
			printf("%8s %8s", "failed", "");
		else
			printf("%8.3f %8.3f", ms, cpu);
		if (runs[i].in_process > 0)
			printf(" %10.3f", runs[i].in_process);
		printf("\n");
	}
}

/* }==== */
