/* bench: how long gradlab's checks and models take on this machine. `make bench`.
 * Speed is measured here and never in timed tests: a loaded CI machine must not turn a
 * correct program red. Each figure is the best of several runs. */
#include "check/gradcheck.h"
#include "check/models.h"
#include "core/mem.h"
#include "nn/clip.h"
#include "nn/linear.h"
#include "nn/recurrent.h"
#include "train/loop.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
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

static void bench_recurrent(void)
{
	static const struct { int I, H, T, B, repeats; } sizes[] = {
		{ 32, 32, 100, 1, 50 }, { 128, 128, 100, 1, 20 }, { 256, 256, 100, 32, 3 },
	};
	printf("\nLSTM forward + backward, L = sum of all outputs (best of N)\n");
	printf("%5s %5s %5s %5s %12s\n", "I", "H", "T", "B", "time (ms)");
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		double ms = time_pass(REC_LSTM, sizes[i].I, sizes[i].H, sizes[i].T, sizes[i].B,
				      sizes[i].repeats, 0, NULL);
		printf("%5d %5d %5d %5d %12.3f\n", sizes[i].I, sizes[i].H, sizes[i].T, sizes[i].B, ms);
		results[i] = ms;
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

/* `bench adding` or `bench charlm`: that training iteration alone, for a profiler
 * (perf record ./build/bench charlm); no argument: everything, with the RESULT line. */
static int bench_one(const char *what)
{
	double ms = !strcmp(what, "adding") ? time_adding(ADDING_BLOCKS)
		  : !strcmp(what, "charlm") ? time_charlm(CHARLM_BLOCKS) : -2;
	if (ms == -2) {
		fprintf(stderr, "bench: unknown part %s (adding or charlm)\n", what);
		return 2;
	}
	printf("%s: %.3f ms per iteration\n", what, ms);
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
	bench_recurrent();
	bench_training();
	bench_processes(argv[0]);
	printf("\nRESULT");
	for (int i = 0; i < N_RESULTS; i++)
		printf(" %.6f", results[i]);
	printf("\n");
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
