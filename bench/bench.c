/* bench: how long gradlab's checks and models take on this machine. `make bench`.
 * Speed is measured here and never in timed tests: a loaded CI machine must not turn a
 * correct program red. Each figure is the best of several runs. */
#include "check/gradcheck.h"
#include "check/models.h"

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
				printf("%-16s %12s\n", name, "(not run)");
			else
				printf("%-16s %12.3f %10ld %8s\n", name, ms, evals,
				       passed ? "pass" : "FAIL");
		}
	}
	return 0;
}
