/* cmd_curves: `gradlab curves`, activations and their derivatives over a range. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/plot_options.h"
#include "lab/curves.h"

#include <math.h>
#include <string.h>

#define MAX_ACTS 8

/* Split "sigmoid,tanh" into activations; 0 on success, 2 after printing the error. */
static int parse_acts(const char *list, Activation *acts, int *n, FILE *err)
{
	char buf[256];
	if (strlen(list) >= sizeof buf) {
		fprintf(err, "gradlab curves: --act list is too long\n");
		return 2;
	}
	strcpy(buf, list);
	*n = 0;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		Activation a;
		if (activation_parse(tok, &a) != ST_OK || a == ACT_LINEAR) {
			fprintf(err, "gradlab curves: --act: unknown activation '%s' (known: sigmoid, tanh, relu, leaky_relu, elu)\n",
				tok);
			return 2;
		}
		if (*n == MAX_ACTS) {
			fprintf(err, "gradlab curves: --act: at most %d activations\n", MAX_ACTS);
			return 2;
		}
		acts[(*n)++] = a;
	}
	if (*n == 0) {
		fprintf(err, "gradlab curves: --act needs at least one activation\n");
		return 2;
	}
	return 0;
}

/* The x range where |f'| >= the saturation threshold, in words. */
static void describe(FILE *out, const Curve *c)
{
	const char *name = activation_name(c->act);
	if (c->n == 1) {
		fprintf(out, "%s(%.17g) = %.17g    %s'(%.17g) = %.17g\n", name, c->x[0], c->f[0],
			name, c->x[0], c->df[0]);
		return;
	}
	double maxd = 0;
	for (int i = 0; i < c->n; i++)
		maxd = fmax(maxd, fabs(c->df[i]));
	fprintf(out, "%-10s max |f'| = %.6g", name, maxd);
	if (c->saturated)
		fprintf(out, "; f' < %g (saturated) at %d of %d points", CURVES_SATURATED,
			c->saturated, c->n);
	if (c->dead)
		fprintf(out, "; f' = 0 exactly (dead) at %d", c->dead);
	fputc('\n', out);
}

static void print_table(FILE *out, Curve **cs, int n_acts)
{
	for (int a = 0; a < n_acts; a++)
		describe(out, cs[a]);
	if (cs[0]->n == 1)
		return;
	fprintf(out, "\n%9s", "x");
	for (int a = 0; a < n_acts; a++) {
		char f[16], df[16];
		snprintf(f, sizeof f, "%.10s", activation_name(cs[a]->act));
		snprintf(df, sizeof df, "%.10s'", activation_name(cs[a]->act));
		fprintf(out, "  %11s %11s ", f, df);
	}
	fputc('\n', out);
	int n = cs[0]->n, rows = n < 13 ? n : 13;
	for (int r = 0; r < rows; r++) {
		int i = rows == 1 ? 0 : (int)lround((double)r * (n - 1) / (rows - 1));
		fprintf(out, "%9.4g", cs[0]->x[i]);
		for (int a = 0; a < n_acts; a++)
			fprintf(out, "  %11.6g %11.6g%s", cs[a]->f[i], cs[a]->df[i],
				cs[a]->df[i] == 0 ? "!" : fabs(cs[a]->df[i]) < CURVES_SATURATED ? "~" : " ");
		fputc('\n', out);
	}
	fprintf(out, "\n~ saturated (|f'| < %g)   ! dead (f' = 0)\n", CURVES_SATURATED);
}

static void print_csv(FILE *out, Curve **cs, int n_acts)
{
	fprintf(out, "activation,x,f,df,saturated,dead\n");
	for (int a = 0; a < n_acts; a++)
		for (int i = 0; i < cs[a]->n; i++)
			fprintf(out, "%s,%.17g,%.17g,%.17g,%d,%d\n", activation_name(cs[a]->act),
				cs[a]->x[i], cs[a]->f[i], cs[a]->df[i],
				fabs(cs[a]->df[i]) < CURVES_SATURATED, cs[a]->df[i] == 0.0);
}

/* f and f' of every activation on one pair of linear axes. */
static int plot_curves(const PlotOptions *po, Curve **cs, int n_acts, FILE *out, FILE *err)
{
	PlotSeries series[2 * MAX_ACTS];
	char labels[2 * MAX_ACTS][32];
	for (int a = 0; a < n_acts; a++) {
		snprintf(labels[2 * a], sizeof labels[0], "%s", activation_name(cs[a]->act));
		snprintf(labels[2 * a + 1], sizeof labels[0], "%s'", activation_name(cs[a]->act));
		series[2 * a] = (PlotSeries){ labels[2 * a], cs[a]->x, cs[a]->f, cs[a]->n };
		series[2 * a + 1] = (PlotSeries){ labels[2 * a + 1], cs[a]->x, cs[a]->df, cs[a]->n };
	}
	PlotLine p = { .title = "activations f and their derivatives f'", .xlabel = "x",
		       .ylabel = "f(x), f'(x)", .series = series, .n_series = 2 * n_acts };
	return plot_options_line("curves", po, &p, out, err);
}

int cmd_curves(int argc, char **argv, FILE *out, FILE *err)
{
	const char *act_list = "sigmoid,tanh,relu", *format = "table";
	double from = -6, to = 6, slope = 0.01, alpha = 1.0;
	int points = 121;
	PlotOptions po = { 0 };
	const Opt opts[] = {
		{ "act", OPT_STRING, &act_list, 0, 0, 0, NULL, "LIST", "activations, comma-separated (default sigmoid,tanh,relu)" },
		{ "from", OPT_DOUBLE, &from, -1e6, 1e6, 0, NULL, "X", "first input (default -6)" },
		{ "to", OPT_DOUBLE, &to, -1e6, 1e6, 0, NULL, "X", "last input (default 6)" },
		{ "points", OPT_INT, &points, 1, 100000, 0, NULL, "N", "number of inputs (default 121)" },
		{ "slope", OPT_DOUBLE, &slope, -1e6, 1e6, 0, NULL, "A", "leaky_relu's negative slope (default 0.01)" },
		{ "alpha", OPT_DOUBLE, &alpha, -1e6, 1e6, 0, NULL, "A", "elu's alpha (default 1)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv", "F", "output format (default table)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("curves", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab curves [OPTIONS]\n\n"
			     "Each activation f and its derivative f' from --from to --to, marking\n"
			     "where f' < %g (saturated) and where f' = 0 exactly (dead ReLU).\n"
			     "With --from X --to X: f(X) and f'(X) to full precision.\n\noptions:\n",
			CURVES_SATURATED);
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK || plot_options_check("curves", &po, err))
		return 2;
	if (from > to) {
		fprintf(err, "gradlab curves: --from (%g) must not exceed --to (%g)\n", from, to);
		return 2;
	}
	if (from == to)
		points = 1;
	Activation acts[MAX_ACTS];
	int n_acts;
	if (parse_acts(act_list, acts, &n_acts, err))
		return 2;
	Curve *cs[MAX_ACTS] = { 0 };
	rc = 0;
	for (int a = 0; a < n_acts && !rc; a++) {
		double param = acts[a] == ACT_LEAKY_RELU ? slope : alpha;
		if (!(cs[a] = curves_compute(acts[a], param, from, to, points))) {
			fprintf(err, "gradlab curves: %s\n", status_detail());
			rc = 2;
		}
	}
	if (!rc) {
		if (strcmp(format, "csv") == 0)
			print_csv(out, cs, n_acts);
		else
			print_table(out, cs, n_acts);
		if (plot_options_wanted(&po) && points > 1)
			rc = plot_curves(&po, cs, n_acts, out, err);
	}
	for (int a = 0; a < n_acts; a++)
		curves_free(cs[a]);
	return rc;
}
