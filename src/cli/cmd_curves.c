/* cmd_curves: `gradlab curves`, activations and their derivatives over a range. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/textout.h"
#include "lab/curves.h"

#include <math.h>
#include <stdlib.h>
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

/* The largest |f'| and how many points are saturated or dead, in words. */
static void describe(FILE *out, const Curve *c, int lang)
{
	const char *name = activation_name(c->act);
	if (c->n == 1) {
		fprintf(out, "%s(%.10g) = %.10g    %s'(%.10g) = %.10g\n", name, c->x[0], c->f[0], name,
			c->x[0], c->df[0]);
		return;
	}
	double maxd = 0;
	for (int i = 0; i < c->n; i++)
		maxd = fmax(maxd, fabs(c->df[i]));
	fprintf(out, "%-10s max |f'| = %.6g", name, maxd);
	/* What saturated and dead mean is said under the table, where ~ and ! mark them. */
	if (c->saturated)
		cli_say(out, lang, CM_CURVES_SATURATED, c->saturated, c->n);
	if (c->dead)
		cli_say(out, lang, CM_CURVES_DEAD, c->dead);
	fputc('\n', out);
}

#define TABLE_ACTS 3    /* activations per table: 7 + 3 * 24 columns fit 80 */
/* Each activation takes " f(10) f'(11)" and a mark; f' is as wide as "leaky_relu'". Values
 * are a column narrower than their fields, so at least two spaces part any two. */
#define TABLE_ROWS 13   /* at most, past ALL_ROWS points */
#define ALL_ROWS 17     /* up to this many points every one is a row */

/* The points the table shows: all of a short curve; of a longer one every k-th, k the
 * smallest step that divides the n - 1 intervals into at most TABLE_ROWS - 1, so that the
 * rows are evenly spaced and end on the last point. When only a few would be left that
 * way, every k-th with k = ceil((n - 1) / (TABLE_ROWS - 1)), then the last point. */
static int table_step(int n)
{
	if (n <= ALL_ROWS)
		return 1;
	int k0 = (n - 1 + TABLE_ROWS - 2) / (TABLE_ROWS - 1);
	for (int k = k0; (n - 1) / k + 1 >= 7; k++)
		if ((n - 1) % k == 0)
			return k;
	return k0;
}

static void print_rows(FILE *out, Curve **cs, int n_acts, int step)
{
	lang_put_right(out, "x", 7);
	for (int a = 0; a < n_acts; a++) {
		char f[16], df[16];
		snprintf(f, sizeof f, "%.10s", activation_name(cs[a]->act));
		snprintf(df, sizeof df, "%.10s'", activation_name(cs[a]->act));
		fprintf(out, " %10s %11s%s", f, df, a + 1 < n_acts ? " " : "");
	}
	fputc('\n', out);
	int n = cs[0]->n;
	for (int i = 0; i < n; i += step) {
		if (i + step >= n)
			i = n - 1; /* the last point closes the table */
		char row[256], b[32];
		size_t len = (size_t)snprintf(row, sizeof row, "%7s",
					      textout_number(b, sizeof b, cs[0]->x[i], 'g', 4, 7));
		for (int a = 0; a < n_acts && len < sizeof row; a++) {
			double df = cs[a]->df[i];
			len += (size_t)snprintf(row + len, sizeof row - len, " %10s",
						textout_number(b, sizeof b, cs[a]->f[i], 'g', 6, 9));
			if (len < sizeof row)
				len += (size_t)snprintf(row + len, sizeof row - len, " %11s%c",
							textout_number(b, sizeof b, df, 'g', 6, 10),
							df == 0			      ? '!'
							: fabs(df) < CURVES_SATURATED ? '~'
										      : ' ');
		}
		while (len > 0 && len < sizeof row && row[len - 1] == ' ')
			row[--len] = '\0';
		fprintf(out, "%s\n", row);
	}
}

static void print_table(FILE *out, Curve **cs, int n_acts, int lang)
{
	for (int a = 0; a < n_acts; a++)
		describe(out, cs[a], lang);
	if (cs[0]->n == 1)
		return;
	int step = table_step(cs[0]->n);
	for (int a = 0; a < n_acts; a += TABLE_ACTS) {
		fputc('\n', out);
		print_rows(out, cs + a, n_acts - a < TABLE_ACTS ? n_acts - a : TABLE_ACTS, step);
	}
	cli_say(out, lang, CM_CURVES_KEY, CURVES_SATURATED);
	if (step > 1) {
		char n[16], nth[16];
		snprintf(n, sizeof n, "%d", step);
		cli_say(out, lang, CM_CURVES_EVERY, n, textout_ordinal(nth, sizeof nth, step),
			cs[0]->n);
	}
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

/* The parameters that shaped the picture, for the title: ", leaky_relu slope 0.01". */
static void curve_params(char *b, size_t size, Curve **cs, int n_acts, int lang)
{
	b[0] = '\0';
	for (int a = 0; a < n_acts; a++) {
		size_t used = strlen(b);
		if (used + 1 >= size)
			break;
		if (cs[a]->act == ACT_LEAKY_RELU)
			cli_format(b + used, size - used, lang, CM_CURVES_LEAKY, cs[a]->param);
		else if (cs[a]->act == ACT_ELU)
			cli_format(b + used, size - used, lang, CM_CURVES_ELU, cs[a]->param);
	}
}

/* The plot's title in lang, with those parameters. */
static void plot_title(char *title, size_t size, Curve **cs, int n_acts, int lang)
{
	char params[160];
	curve_params(params, sizeof params, cs, n_acts, lang);
	cli_format(title, size, lang, CM_CURVES_PLOT_TITLE, params);
}

/* f above and f' below, each panel on its own y scale, so that sigmoid' (at most 1/4) is
 * not flattened by relu's range; jumps of f' drawn straight up (Curve.px). The series
 * alternate f, f' per activation; each panel gives its k-th series the same colour, dash
 * and point type, so an activation looks the same in both. */
static int plot_curves(const PlotOptions *po, Curve **cs, int n_acts, int lang, FILE *out,
		       FILE *err)
{
	PlotSeries series[2 * MAX_ACTS];
	int panel_of[2 * MAX_ACTS];
	char labels[2 * MAX_ACTS][32], titles[2][256];
	for (int a = 0; a < n_acts; a++) {
		snprintf(labels[2 * a], sizeof labels[0], "%s", activation_name(cs[a]->act));
		snprintf(labels[2 * a + 1], sizeof labels[0], "%s'", activation_name(cs[a]->act));
		series[2 * a] = (PlotSeries){ labels[2 * a], cs[a]->px, cs[a]->pf, cs[a]->n_plot };
		series[2 * a + 1] = (PlotSeries){ labels[2 * a + 1], cs[a]->px, cs[a]->pdf,
						  cs[a]->n_plot };
		panel_of[2 * a] = 0;
		panel_of[2 * a + 1] = 1;
	}
	plot_title(titles[0], sizeof titles[0], cs, n_acts, LANG_EN);
	PlotLine en = { .title = titles[0], .xlabel = "x", .ylabel = "f(x), f'(x)",
			.series = series, .n_series = 2 * n_acts, .panels = 2, .panel_of = panel_of,
			.panel_ylabels = { "f(x)", "f'(x)" } };
	PlotLine p = en;
	if (lang != LANG_EN) {
		plot_title(titles[1], sizeof titles[1], cs, n_acts, lang);
		p.title = titles[1];
		p.lang = lang; /* the plot layer's language index is the cli's */
		p.en = &en;
	}
	return plot_options_line("curves", po, &p, out, err);
}

/* The options of curves, parsed from argv. */
typedef struct CurvesArgs {
	const char *act_list, *format, *lang;
	double from, to, slope, alpha;
	int points;
	PlotOptions po;
} CurvesArgs;

/* argv into a: ARGS_OK, ARGS_HELP after printing the help to out, or ARGS_ERROR after the
 * message on err. */
static int parse_args(int argc, char **argv, CurvesArgs *a, FILE *out, FILE *err)
{
	*a = (CurvesArgs){ .act_list = "sigmoid,tanh,relu", .format = "table", .lang = "en",
			   .from = -6, .to = 6, .slope = 0.01, .alpha = 1.0, .points = 121 };
	const Opt opts[] = {
		{ "act", OPT_STRING, &a->act_list, 0, 0, 0, NULL, "LIST", "activations, comma-separated (default sigmoid,tanh,relu)" },
		{ "from", OPT_DOUBLE, &a->from, -1e6, 1e6, 0, NULL, "X", "first input (default -6)" },
		{ "to", OPT_DOUBLE, &a->to, -1e6, 1e6, 0, NULL, "X", "last input (default 6)" },
		{ "points", OPT_INT, &a->points, 1, 100000, 0, NULL, "N", "number of inputs (default 121)" },
		{ "slope", OPT_DOUBLE, &a->slope, -1e6, 1e6, 0, NULL, "A", "leaky_relu's negative slope (default 0.01)" },
		{ "alpha", OPT_DOUBLE, &a->alpha, -1e6, 1e6, 0, NULL, "A", "elu's alpha (default 1)" },
		{ "format", OPT_STRING, &a->format, 0, 0, 0, "table|csv", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &a->lang, 0, 0, 0, LANG_CHOICES, "LANG", "language of the table and the plot (default en)" },
		PLOT_OPTIONS(&a->po),
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("curves", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab curves [OPTIONS]\n\n"
			     "Each activation f and its derivative f' from --from to --to, marking\n"
			     "where |f'| < %g (saturated) and where f' = 0 exactly (dead ReLU).\n"
			     "With --from X --to X (or --points 1): f(X) and f'(X) to 10 digits, and no\n"
			     "plot, since one point makes no curve.\n\noptions:\n",
			CURVES_SATURATED);
		args_print_options(opts, out);
	}
	return rc;
}

/* One point makes no curve to draw. */
static int one_point(const CurvesArgs *a)
{
	return a->from == a->to || a->points == 1;
}

int curves_draws(int argc, char **argv)
{
	/* Arguments that do not parse draw nothing either, but the command says why itself:
	 * only a line that would run is judged here. */
	char *buf = NULL;
	size_t n = 0;
	FILE *quiet = open_memstream(&buf, &n);
	CurvesArgs a;
	int draws = !quiet || parse_args(argc, argv, &a, quiet, quiet) != ARGS_OK || !one_point(&a);
	if (quiet)
		fclose(quiet);
	free(buf);
	return draws;
}

int cmd_curves(int argc, char **argv, FILE *out, FILE *err)
{
	CurvesArgs ca;
	int rc = parse_args(argc, argv, &ca, out, err);
	if (rc == ARGS_HELP)
		return 0;
	const char *act_list = ca.act_list, *format = ca.format, *lang_name = ca.lang;
	double from = ca.from, to = ca.to, slope = ca.slope, alpha = ca.alpha;
	int points = ca.points;
	const PlotOptions po = ca.po;
	if (rc != ARGS_OK || plot_options_check("curves", &po, err))
		return 2;
	if (from > to) {
		fprintf(err, "gradlab curves: --from (%g) must not exceed --to (%g)\n", from, to);
		return 2;
	}
	if (one_point(&ca)) {
		points = 1;
		if (plot_options_wanted(&po)) {
			fprintf(err, "gradlab curves: %s: one point (%s) makes no curve to draw; give a range\n",
				po.plot ? "--plot" : po.script ? "--gnuplot-script" : "--csv",
				from == to ? "--from equals --to" : "--points 1");
			return 2;
		}
	}
	int lang = lang_resolve("curves", lang_name, err);
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
			print_table(out, cs, n_acts, lang);
		if (plot_options_wanted(&po))
			rc = plot_curves(&po, cs, n_acts, lang, out, err);
	}
	for (int a = 0; a < n_acts; a++)
		curves_free(cs[a]);
	return rc;
}
