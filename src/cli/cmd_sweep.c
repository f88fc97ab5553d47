/* cmd_sweep: `gradlab sweep MODEL`, the numeric derivative's error against the step size,
 * in double and, for the activations and the RNN cell, in single precision beside it. */
#include "check/report.h"
#include "cli/check_options.h"
#include "cli/commands.h"
#include "cli/plot_options.h"
#include "lab/sweep.h"

#include <math.h>
#include <string.h>

static void print_err(FILE *out, double v)
{
	if (isnan(v))
		fprintf(out, "  %10s", "(no step)");
	else
		fprintf(out, "  %10.2e", v);
}

static void precision_table(FILE *out, const char *model, const Sweep *s, int show[2])
{
	fprintf(out, "step-size sweep of %s at %s = %.17g (exact derivative %.17g)\n"
		     "relative error |numeric - exact| / |exact|\n\n",
		model, strcmp(model, "rnn") == 0 ? "W_hh[0][0]" : "x", s->x, s->analytic);
	fprintf(out, "%8s", "step");
	if (show[0])
		fprintf(out, "  %10s  %10s", "double ctr", "double fwd");
	if (show[1])
		fprintf(out, "  %10s  %10s", "single ctr", "single fwd");
	fputc('\n', out);
	for (int i = 0; i < SWEEP_STEPS; i++) {
		fprintf(out, "%8.0e", s->eps[i]);
		for (int p = 0; p < 2; p++)
			if (show[p]) {
				print_err(out, s->central[p][i]);
				print_err(out, s->forward[p][i]);
			}
		fputc('\n', out);
	}
	fputc('\n', out);
	for (int p = 0; p < 2; p++)
		if (show[p])
			fprintf(out, "%s: the best step is %.0e (central error %.2e)\n",
				p ? "single" : "double", s->eps[s->best[p]], s->central[p][s->best[p]]);
	fprintf(out, "Larger steps suffer truncation error, smaller ones round-off; in single\n"
		     "precision round-off arrives sooner, so a step that is right for double fails.\n");
}

static void precision_csv(FILE *out, const char *model, const Sweep *s, int show[2])
{
	fprintf(out, "model,precision,eps,central_err,forward_err\n");
	for (int p = 0; p < 2; p++)
		if (show[p])
			for (int i = 0; i < SWEEP_STEPS; i++)
				fprintf(out, "%s,%s,%.17g,%.17g,%.17g\n", model, p ? "single" : "double",
					s->eps[i], s->central[p][i], s->forward[p][i]);
}

/* Relative error against the step, log-log, one line per precision and difference. */
static int plot_precisions(const PlotOptions *po, const char *model, const Sweep *s,
			   const int show[2], FILE *out, FILE *err)
{
	static const char *const labels[2][2] = { { "double, central", "double, one-sided" },
						  { "single, central", "single, one-sided" } };
	PlotSeries series[4];
	int n = 0;
	for (int p = 0; p < 2; p++)
		if (show[p]) {
			series[n++] = (PlotSeries){ labels[p][0], s->eps, s->central[p], SWEEP_STEPS };
			series[n++] = (PlotSeries){ labels[p][1], s->eps, s->forward[p], SWEEP_STEPS };
		}
	char title[96];
	snprintf(title, sizeof title, "step-size sweep of %s: truncation against round-off", model);
	PlotLine pl = { .title = title, .xlabel = "step h", .ylabel = "relative error",
			.logx = 1, .logy = 1, .series = series, .n_series = n };
	return plot_options_line("sweep", po, &pl, out, err);
}

int cmd_sweep(int argc, char **argv, FILE *out, FILE *err)
{
	CheckConfig c = check_config_defaults();
	const char *format = "table", *precision = NULL;
	double at = 0.5;
	PlotOptions po = { 0 };
	const Opt opts[] = {
		MODEL_OPTIONS(&c),
		{ "precision", OPT_STRING, &precision, 0, 0, 0, "double|single|both", "P", "both for the activations and rnn (default), else double" },
		{ "at", OPT_DOUBLE, &at, -1e6, 1e6, 0, NULL, "X", "the point for an activation in both precisions (default 0.5)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv|json", "F", "output format (default table)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	const char *pos[1];
	int n_pos;
	int rc = args_parse("sweep", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab sweep MODEL [OPTIONS]\n\n"
			     "The error of the central and the one-sided difference for steps 1e-1 down\n"
			     "to 1e-12: truncation error falls with the step until round-off error takes\n"
			     "over. For sigmoid, tanh, relu, leaky_relu, elu and rnn, double and single\n"
			     "precision side by side; for the other models, double, at the value with the\n"
			     "largest gradient.\n\nmodels:\n");
		check_models_list(out);
		fprintf(out, "\noptions:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK || plot_options_check("sweep", &po, err))
		return 2;
	if (n_pos != 1) {
		fprintf(err, "gradlab sweep: name a model, for example 'gradlab sweep tanh'\n");
		return 2;
	}
	if (sweep_has_single(pos[0]) && strcmp(format, "json") != 0) {
		int show[2] = { !precision || strcmp(precision, "single") != 0,
				!precision || strcmp(precision, "double") != 0 };
		Sweep s;
		if (sweep_precisions(pos[0], at, c.seed, &s) != ST_OK) {
			fprintf(err, "gradlab sweep: %s\n", status_detail());
			return 2;
		}
		if (strcmp(format, "csv") == 0)
			precision_csv(out, pos[0], &s, show);
		else
			precision_table(out, pos[0], &s, show);
		return plot_options_wanted(&po) ? plot_precisions(&po, pos[0], &s, show, out, err) : 0;
	}
	if (precision && strcmp(precision, "double") != 0) {
		fprintf(err, "gradlab sweep: --precision %s: single precision is available for sigmoid, tanh, relu, leaky_relu, elu and rnn\n",
			precision);
		return 2;
	}
	CheckModel *m = check_model_new(pos[0], &c, 0);
	if (!m) {
		fprintf(err, "gradlab sweep: %s\n", status_detail());
		return 2;
	}
	GcProblem p = check_model_problem(m);
	GcSweep s;
	Status st = gradcheck_sweep(&p, -1, -1, -1, &s);
	if (st != ST_OK) {
		fprintf(err, "gradlab sweep: %s: %s\n", pos[0], status_detail());
		check_model_free(m);
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		report_sweep_csv(out, pos[0], &s);
	else if (strcmp(format, "json") == 0)
		report_sweep_json(out, pos[0], &s);
	else
		report_sweep_table(out, pos[0], &s);
	check_model_free(m);
	if (!plot_options_wanted(&po))
		return 0;
	/* The gradcheck sweep's errors, absolute, on the same log-log axes. */
	char title[96];
	snprintf(title, sizeof title, "step-size sweep of %s: error of the numeric derivative", pos[0]);
	PlotSeries series[2] = { { "central", s.eps, s.central_err, GC_SWEEP_STEPS },
				 { "one-sided", s.eps, s.forward_err, GC_SWEEP_STEPS } };
	PlotLine p2 = { .title = title, .xlabel = "step h", .ylabel = "|numeric - analytic|",
			.logx = 1, .logy = 1, .series = series, .n_series = 2 };
	return plot_options_line("sweep", &po, &p2, out, err);
}
