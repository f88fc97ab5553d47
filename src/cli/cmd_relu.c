/* cmd_relu: `gradlab relu`, a dying ReLU unit trained step by step beside a leaky one.
 * In src/cli, on lab/dying_relu. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/textout.h"
#include "lab/dying_relu.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 20 /* a longer run shows every k-th step: the plot and --format csv have all */

static void print_value(FILE *out, double v)
{
	char b[32];
	fprintf(out, " %10s", textout_number(b, sizeof b, v, 'g', 5, 10));
}

static void print_unit(FILE *out, const DyingReluConfig *c, const DyingReluResult *r, int u,
		       int lang)
{
	const DyingReluTrace *tr = &r->unit[u];
	int n = r->steps + 1, every = n <= MAX_ROWS + 1 ? 1 : (n + MAX_ROWS - 1) / MAX_ROWS;
	if (u == 0)
		fprintf(out, "\nrelu\n");
	else
		cli_say(out, lang, CM_RELU_LEAKY, c->slope);
	const char *head[] = { cli_msg(lang, CM_RELU_STEP), "w", "b", "dL/dw", "dL/db",
			       cli_msg(lang, CM_RELU_ACTIVE), cli_msg(lang, CM_RELU_LOSS) };
	lang_put_right(out, head[0], 5);
	for (int i = 1; i < 7; i++) {
		fputc(' ', out);
		lang_put_right(out, head[i], 10);
	}
	fputc('\n', out);
	for (int s = 0; s < n; s++) {
		if (s % every && s != n - 1)
			continue;
		fprintf(out, "%5d", s);
		print_value(out, tr->w[s]);
		print_value(out, tr->b[s]);
		print_value(out, tr->dw[s]);
		print_value(out, tr->db[s]);
		char act[24];
		snprintf(act, sizeof act, "%d/%d", tr->active[s], r->points);
		fprintf(out, " %10s", act);
		print_value(out, tr->loss[s]);
		fputc('\n', out);
	}
}

static void print_table(FILE *out, const DyingReluConfig *c, const DyingReluResult *r, int lang)
{
	cli_say(out, lang, CM_RELU_HEAD, c->points, c->lr, c->weight, c->bias);
	for (int u = 0; u < 2; u++)
		print_unit(out, c, r, u, lang);
	fputc('\n', out);
	cli_say(out, lang, CM_RELU_KEY);
	if (r->steps + 1 > MAX_ROWS + 1) {
		int n = r->steps + 1, every = (n + MAX_ROWS - 1) / MAX_ROWS;
		cli_say(out, lang, CM_ONE_IN_SHOWN, every);
	}
}

static void print_csv(FILE *out, const DyingReluResult *r)
{
	fprintf(out, "unit,step,w,b,dw,db,active,loss\n");
	for (int u = 0; u < 2; u++) {
		const DyingReluTrace *tr = &r->unit[u];
		for (int s = 0; s <= r->steps; s++)
			fprintf(out, "%s,%d,%.17g,%.17g,%.17g,%.17g,%d,%.17g\n",
				u ? "leaky_relu" : "relu", s, tr->w[s], tr->b[s], tr->dw[s], tr->db[s],
				tr->active[s], tr->loss[s]);
	}
}

/* The loss of both units against the step, in one language. */
static PlotLine relu_plot(const DyingReluConfig *c, const DyingReluResult *r, const double *x,
			  PlotSeries *series, char *label, char *title, size_t size, int lang)
{
	snprintf(label, 64, "leaky_relu (%g)", c->slope);
	series[0] = (PlotSeries){ "relu", x, r->unit[0].loss, r->steps + 1 };
	series[1] = (PlotSeries){ label, x, r->unit[1].loss, r->steps + 1 };
	cli_format(title, size, lang, CM_RELU_PLOT_TITLE, r->steps, c->bias, c->lr);
	return (PlotLine){ .title = title, .xlabel = cli_msg(lang, CM_RELU_STEP),
			   .ylabel = cli_msg(lang, CM_RELU_LOSS), .series = series, .n_series = 2,
			   .lang = lang };
}

static int plot_relu(const PlotOptions *po, const DyingReluConfig *c, const DyingReluResult *r,
		     int lang, FILE *out, FILE *err)
{
	double *x = malloc(((size_t)r->steps + 1) * sizeof *x);
	if (!x) {
		fprintf(err, "gradlab relu: out of memory\n");
		return 2;
	}
	for (int s = 0; s <= r->steps; s++)
		x[s] = s;
	PlotSeries series[2][2];
	char labels[2][64], titles[2][160];
	PlotLine en = relu_plot(c, r, x, series[0], labels[0], titles[0], sizeof titles[0], LANG_EN);
	PlotLine p = relu_plot(c, r, x, series[1], labels[1], titles[1], sizeof titles[1], lang);
	p.en = lang != LANG_EN ? &en : NULL;
	int rc = plot_options_line("relu", po, &p, out, err);
	free(x);
	return rc;
}

int cmd_relu(int argc, char **argv, FILE *out, FILE *err)
{
	DyingReluConfig c = dying_relu_defaults();
	PlotOptions po = { 0 };
	const char *format = "table", *lang_name = "en";
	const Opt opts[] = {
		{ "bias", OPT_DOUBLE, &c.bias, -100, 100, 0, NULL, "B", "the unit's bias b at the start (default -3)" },
		{ "weight", OPT_DOUBLE, &c.weight, -100, 100, 0, NULL, "W", "the unit's weight w at the start (default 1)" },
		{ "steps", OPT_INT, &c.steps, 0, DYING_RELU_MAX_STEPS, 0, NULL, "N", "SGD steps (default 20)" },
		{ "lr", OPT_DOUBLE, &c.lr, 0, 10, 1, NULL, "R", "learning rate (default 0.5)" },
		{ "slope", OPT_DOUBLE, &c.slope, 0, 1, 0, NULL, "A", "the leaky unit's negative slope (default 0.01)" },
		{ "points", OPT_INT, &c.points, 1, DYING_RELU_MAX_POINTS, 0, NULL, "N", "inputs evenly spaced in [0, 1] (default 11)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "language of the table and the plot (default en)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("relu", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab relu [OPTIONS]\n\n"
			     "Trains one unit y = relu(w x + b), and a leaky_relu unit beside it, by SGD\n"
			     "from the same start, on inputs in [0, 1] with the target 2x + 1, and prints\n"
			     "w, b, their gradients and the active inputs at every step. With b far below\n"
			     "zero the ReLU unit is off for every input: its gradient is exactly 0 and it\n"
			     "never learns (a dead ReLU); the leaky unit keeps a small gradient.\n\n"
			     "options:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK || plot_options_check("relu", &po, err))
		return 2;
	int lang = lang_resolve("relu", lang_name, err);
	DyingReluResult r;
	if (dying_relu_run(&c, &r) != ST_OK) {
		fprintf(err, "gradlab relu: %s\n", status_detail());
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		print_csv(out, &r);
	else
		print_table(out, &c, &r, lang);
	rc = plot_options_wanted(&po) ? plot_relu(&po, &c, &r, lang, out, err) : 0;
	dying_relu_result_free(&r);
	return rc;
}
