/* cmd_sweep: `gradlab sweep MODEL`, the numeric derivative's error against the step size,
 * in double and, for the activations and the RNN cell, in single precision beside it. */
#include "check/report.h"
#include "cli/check_options.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/textout.h"
#include "lab/sweep.h"

#include <math.h>
#include <string.h>

static void print_err(FILE *out, double v, int lang)
{
	if (isnan(v)) {
		fputs("  ", out);
		lang_put_right(out, cli_msg(lang, CM_SWEEP_NO_STEP), 10);
	} else {
		fprintf(out, "  %10.2e", v);
	}
}

static void precision_table(FILE *out, const char *model, const Sweep *s, int show[2], int lang)
{
	const char *at = strcmp(model, "rnn") == 0 ? "W_hh[0][0]" : "x";
	cli_say(out, lang, CM_SWEEP_HEAD, model, at, s->x, s->analytic);
	lang_put_right(out, cli_msg(lang, CM_SWEEP_STEP), 8);
	static const CliMsg heads[2][2] = { { CM_SWEEP_DOUBLE_CTR, CM_SWEEP_DOUBLE_FWD },
					    { CM_SWEEP_SINGLE_CTR, CM_SWEEP_SINGLE_FWD } };
	for (int p = 0; p < 2; p++)
		if (show[p])
			for (int k = 0; k < 2; k++) {
				fputs("  ", out);
				lang_put_right(out, cli_msg(lang, heads[p][k]), 10);
			}
	fputc('\n', out);
	for (int i = 0; i < SWEEP_STEPS; i++) {
		fprintf(out, "%8.0e", s->eps[i]);
		for (int p = 0; p < 2; p++)
			if (show[p]) {
				print_err(out, s->central[p][i], lang);
				print_err(out, s->forward[p][i], lang);
			}
		fputc('\n', out);
	}
	fputc('\n', out);
	for (int p = 0; p < 2; p++)
		if (show[p])
			cli_say(out, lang, CM_SWEEP_BEST,
				cli_msg(lang, p ? CM_SWEEP_SINGLE : CM_SWEEP_DOUBLE),
				s->eps[s->best[p]], s->central[p][s->best[p]]);
	int no_step = 0;
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < SWEEP_STEPS; i++)
			no_step |= show[p] && (isnan(s->central[p][i]) || isnan(s->forward[p][i]));
	cli_say(out, lang, CM_SWEEP_KEY, no_step ? cli_msg(lang, CM_SWEEP_NO_STEP_KEY) : "");
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
static PlotLine precision_plot(const char *model, const Sweep *s, uint64_t seed,
			      const int show[2], PlotSeries *series, char *title, size_t size, int lang)
{
	static const CliMsg labels[2][2] = {
		{ CM_SWEEP_DOUBLE_CENTRAL, CM_SWEEP_DOUBLE_ONE_SIDED },
		{ CM_SWEEP_SINGLE_CENTRAL, CM_SWEEP_SINGLE_ONE_SIDED },
	};
	int n = 0;
	for (int p = 0; p < 2; p++)
		if (show[p]) {
			series[n++] = (PlotSeries){ cli_msg(lang, labels[p][0]), s->eps, s->central[p],
						    SWEEP_STEPS };
			series[n++] = (PlotSeries){ cli_msg(lang, labels[p][1]), s->eps, s->forward[p],
						    SWEEP_STEPS };
		}
	cli_format(title, size, lang, CM_SWEEP_PLOT_TITLE, model);
	/* the point, which shapes every line: in the subtitle */
	size_t used = strlen(title) + 1;
	char *sub = title + used;
	if (strcmp(model, "rnn") == 0)
		cli_format(sub, size - used, lang, CM_SWEEP_PLOT_AT_WHH, s->x,
			   (unsigned long long)seed);
	else
		cli_format(sub, size - used, lang, CM_SWEEP_PLOT_AT_X, s->x);
	/* NaN is a step that vanished in rounding (x + h == x), said of the precision it
	 * happens in; 0 an exact difference */
	int nan_in[2] = { 0, 0 };
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < SWEEP_STEPS; i++)
			nan_in[p] |= show[p] && (isnan(s->central[p][i]) || isnan(s->forward[p][i]));
	CliMsg no_step = nan_in[0] && nan_in[1] ? CM_SWEEP_NAN_BOTH
			 : nan_in[0]		 ? CM_SWEEP_NAN_DOUBLE
						 : CM_SWEEP_NAN_SINGLE;
	/* the plot layer's language index is the same as the cli's (English, then Chinese) */
	return (PlotLine){ .title = title, .subtitle = sub, .xlabel = cli_msg(lang, CM_SWEEP_X),
			   .ylabel = cli_msg(lang, CM_SWEEP_Y), .logx = 1, .logy = 1,
			   .series = series, .n_series = n, .lang = lang,
			   .nan_note = cli_msg(lang, no_step),
			   .zero_note = cli_msg(lang, CM_SWEEP_ZERO) };
}

static int plot_precisions(const PlotOptions *po, const char *model, const Sweep *s,
			   uint64_t seed, const int show[2], int lang, FILE *out, FILE *err)
{
	PlotSeries series[2][4];
	char titles[2][256]; /* title, then subtitle */
	PlotLine en = precision_plot(model, s, seed, show, series[0], titles[0], sizeof titles[0],
				     LANG_EN);
	PlotLine p = precision_plot(model, s, seed, show, series[1], titles[1], sizeof titles[1], lang);
	p.en = lang != LANG_EN ? &en : NULL;
	return plot_options_line("sweep", po, &p, out, err);
}

/* The gradcheck sweep's errors, absolute, on the same log-log axes. */
static PlotLine model_plot(const char *model, const GcSweep *s, uint64_t seed,
			   PlotSeries *series, char *title, size_t size, int lang)
{
	series[0] = (PlotSeries){ cli_msg(lang, CM_SWEEP_CENTRAL), s->eps, s->central_err,
				  GC_SWEEP_STEPS };
	series[1] = (PlotSeries){ cli_msg(lang, CM_SWEEP_ONE_SIDED), s->eps, s->forward_err,
				  GC_SWEEP_STEPS };
	cli_format(title, size, lang, CM_SWEEP_MODEL_TITLE, model);
	/* the coordinate and the seed, which shape every line: in the subtitle */
	size_t used = strlen(title) + 1;
	char *sub = title + used;
	cli_format(sub, size - used, lang, CM_SWEEP_MODEL_AT, s->tensor, s->row, s->col,
		   (unsigned long long)seed);
	return (PlotLine){ .title = title, .subtitle = sub,
			   .zero_note = cli_msg(lang, CM_SWEEP_ZERO),
			   .xlabel = cli_msg(lang, CM_SWEEP_X), .ylabel = cli_msg(lang, CM_SWEEP_MODEL_Y),
			   .logx = 1, .logy = 1, .series = series, .n_series = 2, .lang = lang };
}

int cmd_sweep(int argc, char **argv, FILE *out, FILE *err)
{
	CheckConfig c = check_config_defaults();
	const char *format = "table", *precision = NULL, *lang_name = "en";
	double at = 0.5;
	PlotOptions po = { 0 };
	const Opt opts[] = {
		MODEL_OPTIONS(&c),
		{ "precision", OPT_STRING, &precision, 0, 0, 0, "double|single|both", "P", "both for the activations and rnn (default), else double" },
		{ "at", OPT_DOUBLE, &at, -1e6, 1e6, 0, NULL, "X", "the point for an activation in both precisions (default 0.5)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv|json", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "language of the table and the plot (default en)" },
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
	int lang = lang_resolve("sweep", lang_name, err);
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
			precision_table(out, pos[0], &s, show, lang);
		return plot_options_wanted(&po)
			       ? plot_precisions(&po, pos[0], &s, c.seed, show, lang, out, err)
			       : 0;
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
		report_sweep_table(out, pos[0], &s, lang);
	check_model_free(m);
	if (!plot_options_wanted(&po))
		return 0;
	PlotSeries series[2][2];
	char titles[2][256]; /* title, then subtitle */
	PlotLine en = model_plot(pos[0], &s, c.seed, series[0], titles[0], sizeof titles[0], LANG_EN);
	PlotLine p2 = model_plot(pos[0], &s, c.seed, series[1], titles[1], sizeof titles[1], lang);
	p2.en = lang != LANG_EN ? &en : NULL;
	return plot_options_line("sweep", &po, &p2, out, err);
}
