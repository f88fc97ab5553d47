/* cmd_gates: `gradlab gates`, an LSTM's or a GRU's gate values at every time step, as a
 * table and a plot. In src/cli, on lab/gates. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "lab/gates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 30 /* a longer run shows every k-th step: the plot and --format csv have all */

/* The value shown for gate g at step t: unit (1-based), or the mean over units for 0. */
static double shown(const GatesResult *r, int t, int g, int unit)
{
	return gates_at(r, t, g, unit - 1);
}

static void print_header(FILE *out, const GatesConfig *c, const GatesResult *r, int unit, int lang)
{
	const char *name = recurrent_kind_name(c->cell);
	char bias[64] = "";
	if (c->cell == REC_LSTM)
		cli_format(bias, sizeof bias, lang, CM_FORGET_BIAS, c->forget_bias);
	cli_say(out, lang, CM_GATES_HEAD, name, r->steps, r->hidden, c->input, bias);
	if (unit)
		cli_say(out, lang, CM_GATES_UNIT, unit);
	else
		cli_say(out, lang, CM_GATES_MEAN, r->hidden);
}

static void print_table(FILE *out, const GatesConfig *c, const GatesResult *r, int unit, int lang)
{
	int T = r->steps, every = T <= MAX_ROWS ? 1 : (T + MAX_ROWS - 1) / MAX_ROWS;
	print_header(out, c, r, unit, lang);
	fprintf(out, "%6s", "t");
	for (int g = 0; g < r->gates; g++)
		fprintf(out, " %8s", gates_letter(r->cell, g));
	if (r->c_norm)
		fprintf(out, " %9s", "||c_t||");
	fprintf(out, " %9s\n", "||h_t||");
	for (int s = 0; s < T; s++) {
		if (s % every && s != T - 1)
			continue;
		fprintf(out, "%6d", s + 1);
		for (int g = 0; g < r->gates; g++)
			fprintf(out, " %8.4f", shown(r, s, g, unit));
		if (r->c_norm)
			fprintf(out, " %9.4f", r->c_norm[s]);
		fprintf(out, " %9.4f\n", r->h_norm[s]);
	}
	fputc('\n', out);
	if (r->cell == REC_LSTM)
		cli_say(out, lang, CM_GATES_LSTM_KEY);
	else
		cli_say(out, lang, CM_GATES_GRU_KEY);
	if (every > 1)
		cli_say(out, lang, CM_ONE_IN_SHOWN, every);
}

static void print_csv(FILE *out, const GatesResult *r)
{
	fprintf(out, "cell,t,gate,unit,value\n");
	for (int s = 0; s < r->steps; s++)
		for (int g = 0; g < r->gates; g++)
			for (int j = 0; j < r->hidden; j++)
				fprintf(out, "%s,%d,%s,%d,%.17g\n", recurrent_kind_name(r->cell), s + 1,
					gates_letter(r->cell, g), j + 1, gates_at(r, s, g, j));
}

/* The plot's captions in one language. */
static PlotLine gates_plot(const GatesConfig *c, const GatesResult *r, int unit, const double *t,
			   double *const *y, PlotSeries *series, char *title, size_t size, int lang)
{
	for (int g = 0; g < r->gates; g++)
		series[g] = (PlotSeries){ gates_letter(r->cell, g), t, y[g], r->steps };
	char bias[48] = "", who[48];
	if (c->cell == REC_LSTM)
		cli_format(bias, sizeof bias, lang, CM_FORGET_BIAS, c->forget_bias);
	if (unit)
		cli_format(who, sizeof who, lang, CM_GATES_PLOT_UNIT, unit);
	else
		cli_format(who, sizeof who, lang, CM_GATES_PLOT_MEAN, r->hidden);
	cli_format(title, size, lang, CM_GATES_PLOT_TITLE, recurrent_kind_name(c->cell), r->steps,
		   who, bias);
	return (PlotLine){ .title = title, .xlabel = cli_msg(lang, CM_GATES_X),
			   .ylabel = cli_msg(lang, CM_GATES_Y), .yrange = 1, .ymin = -1,
			   .ymax = 1, .series = series, .n_series = r->gates,
			   .lang = lang };
}

static int plot_gates(const PlotOptions *po, const GatesConfig *c, const GatesResult *r,
		      int unit, int lang, FILE *out, FILE *err)
{
	double *t = malloc((size_t)r->steps * (1 + r->gates) * sizeof *t);
	if (!t) {
		fprintf(err, "gradlab gates: out of memory\n");
		return 2;
	}
	double *y[4];
	for (int g = 0; g < r->gates; g++)
		y[g] = t + (size_t)r->steps * (1 + g);
	for (int s = 0; s < r->steps; s++) {
		t[s] = s + 1;
		for (int g = 0; g < r->gates; g++)
			y[g][s] = shown(r, s, g, unit);
	}
	PlotSeries series[2][4];
	char titles[2][160];
	PlotLine en = gates_plot(c, r, unit, t, y, series[0], titles[0], sizeof titles[0], LANG_EN);
	PlotLine p = gates_plot(c, r, unit, t, y, series[1], titles[1], sizeof titles[1], lang);
	p.en = lang != LANG_EN ? &en : NULL;
	int rc = plot_options_line("gates", po, &p, out, err);
	free(t);
	return rc;
}

int cmd_gates(int argc, char **argv, FILE *out, FILE *err)
{
	GatesConfig c = gates_defaults();
	PlotOptions po = { 0 };
	const char *cell = "lstm", *format = "table", *lang_name = "en";
	double forget_bias = NAN;
	int unit = 0;
	const Opt opts[] = {
		{ "cell", OPT_STRING, &cell, 0, 0, 0, "lstm|gru", "C", "the gated cell (default lstm)" },
		{ "steps", OPT_INT, &c.steps, 1, GATES_MAX_STEPS, 0, NULL, "T", "time steps (default 10)" },
		{ "hidden", OPT_INT, &c.hidden, 1, GATES_MAX_HIDDEN, 0, NULL, "H", "hidden units (default 4)" },
		{ "input", OPT_INT, &c.input, 1, GATES_MAX_INPUT, 0, NULL, "I", "input features (default 3)" },
		{ "forget-bias", OPT_DOUBLE, &forget_bias, -100, 100, 0, NULL, "B", "the LSTM's forget-gate bias (default 0)" },
		{ "unit", OPT_INT, &unit, 0, GATES_MAX_HIDDEN, 0, NULL, "J", "show unit J (1..H) instead of the mean over units (default 0: the mean)" },
		{ "seed", OPT_U64, &c.seed, 0, 0, 0, NULL, "S", "random seed of the weights and the inputs (default 1)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "language of the table and the plot (default en)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("gates", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab gates [OPTIONS]\n\n"
			     "Unrolls an LSTM or a GRU (PyTorch's initialisation) over T steps of random\n"
			     "input and prints every gate's value at every step: the LSTM's i, f, g, o\n"
			     "with ||c_t|| and ||h_t||, the GRU's r, z, n with ||h_t||.\n\n"
			     "options:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK || plot_options_check("gates", &po, err))
		return 2;
	recurrent_kind_parse(cell, &c.cell); /* args.c has checked the choice */
	if (!isnan(forget_bias) && c.cell != REC_LSTM) {
		fprintf(err, "gradlab gates: --forget-bias sets the LSTM's forget gate; the GRU has none (its update gate z keeps the old state)\n");
		return 2;
	}
	if (!isnan(forget_bias))
		c.forget_bias = forget_bias;
	if (unit > c.hidden) {
		fprintf(err, "gradlab gates: --unit (%d) must not exceed --hidden (%d)\n", unit, c.hidden);
		return 2;
	}
	int lang = lang_resolve("gates", lang_name, err);
	GatesResult r;
	if (gates_run(&c, &r) != ST_OK) {
		fprintf(err, "gradlab gates: %s\n", status_detail());
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		print_csv(out, &r);
	else
		print_table(out, &c, &r, unit, lang);
	rc = plot_options_wanted(&po) ? plot_gates(&po, &c, &r, unit, lang, out, err) : 0;
	gates_result_free(&r);
	return rc;
}
