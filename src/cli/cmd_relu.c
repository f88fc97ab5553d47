/* cmd_relu: `gradlab relu`, a dying ReLU unit trained step by step beside a leaky one.
 * In src/cli, on lab/dying_relu. */
#include "cli/args.h"
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

static void print_unit(FILE *out, const DyingReluConfig *c, const DyingReluResult *r, int u, int zh)
{
	const DyingReluTrace *tr = &r->unit[u];
	int n = r->steps + 1, every = n <= MAX_ROWS + 1 ? 1 : (n + MAX_ROWS - 1) / MAX_ROWS;
	if (u == 0)
		fprintf(out, "\nrelu\n");
	else
		fprintf(out, zh ? "\nleaky_relu（斜率 %g）\n" : "\nleaky_relu (slope %g)\n", c->slope);
	const char *head[] = { zh ? "步" : "step", "w", "b", "dL/dw", "dL/db",
			       zh ? "激活" : "active", zh ? "损失" : "loss" };
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

static void print_table(FILE *out, const DyingReluConfig *c, const DyingReluResult *r, int zh)
{
	if (zh)
		fprintf(out, "单个单元 y = f(w x + b)，输入为 [0, 1] 中等距的 %d 个点，目标 2x + 1，\n"
			     "损失 mean((y − 目标)²)；SGD，学习率 %g，从 w = %g、b = %g 出发\n",
			c->points, c->lr, c->weight, c->bias);
	else
		fprintf(out, "one unit y = f(w x + b) on %d inputs evenly spaced in [0, 1], target 2x + 1,\n"
			     "loss mean((y - target)^2); SGD with lr %g from w = %g, b = %g\n",
			c->points, c->lr, c->weight, c->bias);
	for (int u = 0; u < 2; u++)
		print_unit(out, c, r, u, zh);
	fputc('\n', out);
	fputs(zh ? "第 s 行：第 s 步之后的 w、b（第 0 行是起点）和该处的梯度；激活：w x + b > 0\n"
		   "的输入个数。一个对所有输入都不激活的 ReLU 单元，dL/dw 和 dL/db 恰好为 0。\n"
		 : "row s: w and b after s steps (row 0 is the start) and the gradient there;\n"
		   "active: inputs with w x + b > 0. A ReLU unit that is off for every input gets\n"
		   "dL/dw = dL/db = 0 exactly.\n",
	      out);
	if (r->steps + 1 > MAX_ROWS + 1) {
		int n = r->steps + 1, every = (n + MAX_ROWS - 1) / MAX_ROWS;
		fprintf(out, zh ? "（每 %d 步显示一步，另加最后一步；--format csv 给出全部）\n"
				: "(one step in %d shown, and the last; --format csv gives all)\n",
			every);
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
			  PlotSeries *series, char *label, char *title, size_t size, int zh)
{
	snprintf(label, 64, "leaky_relu (%g)", c->slope);
	series[0] = (PlotSeries){ "relu", x, r->unit[0].loss, r->steps + 1 };
	series[1] = (PlotSeries){ label, x, r->unit[1].loss, r->steps + 1 };
	snprintf(title, size, zh ? "单个单元的损失，共 %d 步（起点 b = %g，学习率 %g）"
				 : "loss of one unit over %d steps (start b = %g, lr %g)",
		 r->steps, c->bias, c->lr);
	return (PlotLine){ .title = title, .xlabel = zh ? "步" : "step", .ylabel = zh ? "损失" : "loss",
			   .series = series, .n_series = 2, .zh = zh };
}

static int plot_relu(const PlotOptions *po, const DyingReluConfig *c, const DyingReluResult *r,
		     int zh, FILE *out, FILE *err)
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
	PlotLine en = relu_plot(c, r, x, series[0], labels[0], titles[0], sizeof titles[0], 0);
	PlotLine p = relu_plot(c, r, x, series[1], labels[1], titles[1], sizeof titles[1], zh);
	p.en = zh ? &en : NULL;
	int rc = plot_options_line("relu", po, &p, out, err);
	free(x);
	return rc;
}

int cmd_relu(int argc, char **argv, FILE *out, FILE *err)
{
	DyingReluConfig c = dying_relu_defaults();
	PlotOptions po = { 0 };
	const char *format = "table", *lang = "en";
	const Opt opts[] = {
		{ "bias", OPT_DOUBLE, &c.bias, -100, 100, 0, NULL, "B", "the unit's bias b at the start (default -3)" },
		{ "weight", OPT_DOUBLE, &c.weight, -100, 100, 0, NULL, "W", "the unit's weight w at the start (default 1)" },
		{ "steps", OPT_INT, &c.steps, 0, DYING_RELU_MAX_STEPS, 0, NULL, "N", "SGD steps (default 20)" },
		{ "lr", OPT_DOUBLE, &c.lr, 0, 10, 1, NULL, "R", "learning rate (default 0.5)" },
		{ "slope", OPT_DOUBLE, &c.slope, 0, 1, 0, NULL, "A", "the leaky unit's negative slope (default 0.01)" },
		{ "points", OPT_INT, &c.points, 1, DYING_RELU_MAX_POINTS, 0, NULL, "N", "inputs evenly spaced in [0, 1] (default 11)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, "en|zh", "LANG", "language of the table and the plot (default en)" },
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
	int zh = lang_resolve_zh("relu", lang, err);
	DyingReluResult r;
	if (dying_relu_run(&c, &r) != ST_OK) {
		fprintf(err, "gradlab relu: %s\n", status_detail());
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		print_csv(out, &r);
	else
		print_table(out, &c, &r, zh);
	rc = plot_options_wanted(&po) ? plot_relu(&po, &c, &r, zh, out, err) : 0;
	dying_relu_result_free(&r);
	return rc;
}
