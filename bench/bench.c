/* bench: how long gradlab's checks and models take on this machine. `make bench`.
 * Speed is measured here and never in timed tests: a loaded CI machine must not turn a
 * correct program red. Each figure is the best of several runs. */
#include "check/gradcheck.h"
#include "check/models.h"
#include "core/mem.h"
#include "nn/recurrent.h"

#include <stdio.h>
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
static double results[5];

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

int main(void)
{
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
	printf("\nRESULT");
	for (int i = 0; i < 5; i++)
		printf(" %.6f", results[i]);
	printf("\n");
	return 0;
}
