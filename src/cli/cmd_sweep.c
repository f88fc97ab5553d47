/* cmd_sweep: `gradlab sweep MODEL`, the numeric derivative's error against the step size,
 * in double and, for the activations and the RNN cell, in single precision beside it. */
#include "check/report.h"
#include "cli/check_options.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/textout.h"
#include "lab/sweep.h"

#include <math.h>
#include <string.h>

static void print_err(FILE *out, double v, int zh)
{
	if (isnan(v)) {
		fputs("  ", out);
		lang_put_right(out, zh ? "步长归零" : "(no step)", 10);
	} else {
		fprintf(out, "  %10.2e", v);
	}
}

static void precision_table(FILE *out, const char *model, const Sweep *s, int show[2], int zh)
{
	const char *at = strcmp(model, "rnn") == 0 ? "W_hh[0][0]" : "x";
	if (zh)
		fprintf(out, "%s 的步长扫描，%s = %.17g（精确导数 %.17g）\n"
			     "相对误差 = |差分结果 - 精确值| / |精确值|\n\n",
			model, at, s->x, s->analytic);
	else
		fprintf(out, "step-size sweep of %s at %s = %.17g (exact derivative %.17g)\n"
			     "relative error |numeric - exact| / |exact|\n\n",
			model, at, s->x, s->analytic);
	lang_put_right(out, zh ? "步长" : "step", 8);
	static const char *const heads[2][2][2] = {
		{ { "double ctr", "double fwd" }, { "single ctr", "single fwd" } },
		{ { "双精度中心", "双精度单侧" }, { "单精度中心", "单精度单侧" } },
	};
	for (int p = 0; p < 2; p++)
		if (show[p])
			for (int k = 0; k < 2; k++) {
				fputs("  ", out);
				lang_put_right(out, heads[zh][p][k], 10);
			}
	fputc('\n', out);
	for (int i = 0; i < SWEEP_STEPS; i++) {
		fprintf(out, "%8.0e", s->eps[i]);
		for (int p = 0; p < 2; p++)
			if (show[p]) {
				print_err(out, s->central[p][i], zh);
				print_err(out, s->forward[p][i], zh);
			}
		fputc('\n', out);
	}
	fputc('\n', out);
	for (int p = 0; p < 2; p++)
		if (show[p])
			fprintf(out, zh ? "%s：最佳步长 %.0e（中心差分误差 %.2e）\n"
					: "%s: the best step is %.0e (central error %.2e)\n",
				zh ? (p ? "单精度" : "双精度") : (p ? "single" : "double"),
				s->eps[s->best[p]], s->central[p][s->best[p]]);
	int no_step = 0;
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < SWEEP_STEPS; i++)
			no_step |= show[p] && (isnan(s->central[p][i]) || isnan(s->forward[p][i]));
	if (zh)
		fprintf(out, "中心：中心差分；单侧：单侧（前向）差分%s。\n"
			     "步长大，截断误差大；步长小，舍入误差大。单精度的舍入误差来得更早，\n"
			     "所以适合双精度的步长，在单精度下会失败。\n",
			no_step ? "；步长归零：x + h 舍入后等于 x" : "");
	else
		fprintf(out, "ctr: central difference; fwd: one-sided (forward) difference.%s\n"
			     "Larger steps suffer truncation error, smaller ones round-off; in single\n"
			     "precision round-off arrives sooner, so a step that is right for double fails.\n",
			no_step ? "\n(no step): x + h rounds to x, so there is no difference to take." : "");
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
			      const int show[2], PlotSeries *series, char *title, size_t size, int zh)
{
	static const char *const labels[2][2][2] = {
		{ { "double, central", "double, one-sided" }, { "single, central", "single, one-sided" } },
		{ { "双精度，中心差分", "双精度，单侧差分" }, { "单精度，中心差分", "单精度，单侧差分" } },
	};
	int n = 0;
	for (int p = 0; p < 2; p++)
		if (show[p]) {
			series[n++] = (PlotSeries){ labels[zh][p][0], s->eps, s->central[p], SWEEP_STEPS };
			series[n++] = (PlotSeries){ labels[zh][p][1], s->eps, s->forward[p], SWEEP_STEPS };
		}
	snprintf(title, size, zh ? "%s 的步长扫描：截断误差与舍入误差"
				 : "step-size sweep of %s: truncation against round-off",
		 model);
	/* the point, which shapes every line: in the subtitle */
	size_t used = strlen(title) + 1;
	char *sub = title + used;
	if (strcmp(model, "rnn") == 0)
		snprintf(sub, size - used, zh ? "W_hh[0][0] = %.6g，种子 %llu" : "at W_hh[0][0] = %.6g, seed %llu",
			 s->x, (unsigned long long)seed);
	else
		snprintf(sub, size - used, zh ? "x = %g" : "at x = %g", s->x);
	/* NaN is a step that vanished in rounding (x + h == x), said of the precision it
	 * happens in; 0 an exact difference */
	int nan_in[2] = { 0, 0 };
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < SWEEP_STEPS; i++)
			nan_in[p] |= show[p] && (isnan(s->central[p][i]) || isnan(s->forward[p][i]));
	static const char *const no_step[2][3] = {
		{ "no step (x + h = x)", "double: no step (x + h = x)", "single: no step (x + h = x)" },
		{ "步长归零（x + h = x）", "双精度：步长归零（x + h = x）", "单精度：步长归零（x + h = x）" },
	};
	int which = nan_in[0] && nan_in[1] ? 0 : nan_in[0] ? 1 : 2;
	return (PlotLine){ .title = title, .subtitle = sub, .xlabel = zh ? "步长 h" : "step h",
			   .ylabel = zh ? "相对误差" : "relative error", .logx = 1, .logy = 1,
			   .series = series, .n_series = n, .zh = zh,
			   .nan_note = no_step[zh][which],
			   .zero_note = zh ? "误差恰为 0" : "error exactly 0" };
}

static int plot_precisions(const PlotOptions *po, const char *model, const Sweep *s,
			   uint64_t seed, const int show[2], int zh, FILE *out, FILE *err)
{
	PlotSeries series[2][4];
	char titles[2][256]; /* title, then subtitle */
	PlotLine en = precision_plot(model, s, seed, show, series[0], titles[0], sizeof titles[0], 0);
	PlotLine p = precision_plot(model, s, seed, show, series[1], titles[1], sizeof titles[1], zh);
	p.en = zh ? &en : NULL;
	return plot_options_line("sweep", po, &p, out, err);
}

/* The gradcheck sweep's errors, absolute, on the same log-log axes. */
static PlotLine model_plot(const char *model, const GcSweep *s, uint64_t seed,
			   PlotSeries *series, char *title, size_t size, int zh)
{
	series[0] = (PlotSeries){ zh ? "中心差分" : "central", s->eps, s->central_err, GC_SWEEP_STEPS };
	series[1] = (PlotSeries){ zh ? "单侧差分" : "one-sided", s->eps, s->forward_err,
				  GC_SWEEP_STEPS };
	snprintf(title, size, zh ? "%s 的步长扫描：数值导数的误差"
				 : "step-size sweep of %s: error of the numeric derivative",
		 model);
	/* the coordinate and the seed, which shape every line: in the subtitle */
	size_t used = strlen(title) + 1;
	char *sub = title + used;
	snprintf(sub, size - used, zh ? "%s[%d,%d]，种子 %llu" : "at %s[%d,%d], seed %llu", s->tensor,
		 s->row, s->col, (unsigned long long)seed);
	return (PlotLine){ .title = title, .subtitle = sub, .zero_note = zh ? "误差恰为 0" : "error exactly 0",
			   .xlabel = zh ? "步长 h" : "step h",
			   .ylabel = zh ? "|数值导数 - 解析导数|" : "|numeric - analytic|", .logx = 1,
			   .logy = 1, .series = series, .n_series = 2, .zh = zh };
}

int cmd_sweep(int argc, char **argv, FILE *out, FILE *err)
{
	CheckConfig c = check_config_defaults();
	const char *format = "table", *precision = NULL, *lang = "en";
	double at = 0.5;
	PlotOptions po = { 0 };
	const Opt opts[] = {
		MODEL_OPTIONS(&c),
		{ "precision", OPT_STRING, &precision, 0, 0, 0, "double|single|both", "P", "both for the activations and rnn (default), else double" },
		{ "at", OPT_DOUBLE, &at, -1e6, 1e6, 0, NULL, "X", "the point for an activation in both precisions (default 0.5)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv|json", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, "en|zh", "LANG", "language of the table and the plot (default en)" },
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
	int zh = lang_resolve_zh("sweep", lang, err);
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
			precision_table(out, pos[0], &s, show, zh);
		return plot_options_wanted(&po)
			       ? plot_precisions(&po, pos[0], &s, c.seed, show, zh, out, err)
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
		report_sweep_table(out, pos[0], &s, zh);
	check_model_free(m);
	if (!plot_options_wanted(&po))
		return 0;
	PlotSeries series[2][2];
	char titles[2][256]; /* title, then subtitle */
	PlotLine en = model_plot(pos[0], &s, c.seed, series[0], titles[0], sizeof titles[0], 0);
	PlotLine p2 = model_plot(pos[0], &s, c.seed, series[1], titles[1], sizeof titles[1], zh);
	p2.en = zh ? &en : NULL;
	return plot_options_line("sweep", &po, &p2, out, err);
}
