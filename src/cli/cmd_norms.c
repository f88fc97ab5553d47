/* cmd_norms: `gradlab norms`, gradient norms over time steps beside the theory. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/textout.h"
#include "cli/whh_options.h"
#include "lab/norms.h"
#include "core/plural.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int parse_cells(const char *list, NormsConfig *c, FILE *err)
{
	char buf[64];
	if (strlen(list) >= sizeof buf) {
		fprintf(err, "gradlab norms: --cell list is too long\n");
		return 2;
	}
	strcpy(buf, list);
	c->n_cells = 0;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		RecurrentKind k;
		if (recurrent_kind_parse(tok, &k) != ST_OK) {
			fprintf(err, "gradlab norms: --cell: unknown cell '%s' (known: rnn, lstm, gru)\n", tok);
			return 2;
		}
		for (int i = 0; i < c->n_cells; i++)
			if (c->cells[i] == k) {
				fprintf(err, "gradlab norms: --cell: '%s' is listed twice\n", tok);
				return 2;
			}
		if (c->n_cells == NORMS_MAX_CELLS) {
			fprintf(err, "gradlab norms: --cell: at most %d cells\n", NORMS_MAX_CELLS);
			return 2;
		}
		c->cells[c->n_cells++] = k;
	}
	if (c->n_cells == 0) {
		fprintf(err, "gradlab norms: --cell needs at least one of rnn, lstm, gru\n");
		return 2;
	}
	return 0;
}

/* The theory column's header: the RNN's bound, the LSTM's forget-gate product, the GRU's
 * update-gate product. */
static const char *theory_name(RecurrentKind k, int zh)
{
	if (k == REC_RNN)
		return zh ? "上界" : "bound";
	if (k == REC_LSTM)
		return zh ? "遗忘门连乘" : "prod f";
	return zh ? "更新门连乘" : "prod z";
}

static double theory(const NormsCell *cell, int s)
{
	return cell->kind == REC_RNN ? cell->bound[s] : cell->gate_product[s];
}

/* One value in a column of 11: at most 10 characters, so two spaces always part it from
 * the one before (1.0690e-122 is written 1.069e-122). */
static void print_value(FILE *out, double v)
{
	char b[32];
	fprintf(out, " %11s", textout_number(b, sizeof b, v, 'e', 4, 10));
}

static int has_kind(const NormsResult *r, RecurrentKind k)
{
	for (int i = 0; i < r->n_cells; i++)
		if (r->cells[i].kind == k)
			return 1;
	return 0;
}

/* What the columns mean, one line for each column the tables above have; within 80
 * columns. */
static void print_footnote(FILE *out, const NormsConfig *c, const NormsResult *r, int every,
			   int zh)
{
	/* what the theory column means for each kind of cell the tables have */
	static const struct {
		RecurrentKind kind;
		const char *en, *zh;
	} theory_notes[] = {
		{ REC_RNN, "bound: the product of ||W_hh|| max|f'(a_s)| over the later steps s; the\n"
			   "ratio cannot exceed it.\n",
		  "上界：此后各步 ||W_hh|| max|f'(a_s)| 的连乘，比值不会超过它。\n" },
		{ REC_LSTM, "prod f: forget gates (LSTM) multiplied along the cell state, mean over units.\n",
		  "遗忘门连乘：LSTM 的遗忘门沿细胞状态通路相乘，再对各单元取平均。\n" },
		{ REC_GRU, "prod z: update gates (GRU) multiplied along the direct path, mean over units.\n",
		  "更新门连乘：GRU 的更新门沿直接通路相乘，再对各单元取平均。\n" },
	};
	fputc('\n', out);
	fputs(zh ? "与 T 步之比：||dL/dh_t|| / ||dL/dh_T||。\n"
		 : "ratio to T: ||dL/dh_t|| / ||dL/dh_T||.\n",
	      out);
	for (size_t i = 0; i < sizeof theory_notes / sizeof theory_notes[0]; i++)
		if (has_kind(r, theory_notes[i].kind))
			fputs(zh ? theory_notes[i].zh : theory_notes[i].en, out);
	if (zh)
		fprintf(out, "dW_hh 项：dL/dW_hh 是各步之项的和，此列是第 t 步那一项的范数%s。\n",
			c->clip > 0 ? "（裁剪后）" : "");
	else
		fprintf(out, "dW_hh term: the norm of step t's term in dL/dW_hh (their sum)%s.\n",
			c->clip > 0 ? ", after clipping" : "");
	char nth[16];
	if (every > 1 && zh)
		fprintf(out, "（每 %d 步显示一步，另加最后一步；--format csv 给出全部）\n", every);
	else if (every > 1)
		fprintf(out, "(every %s step and the last shown; --format csv gives all)\n",
			textout_ordinal(nth, sizeof nth, every));
}

/* What the lesson's rho-versus-||W|| argument needs under a cell's line: the RNN's spectral
 * radius beside its spectral norm; for a gated cell, why its stacked W_hh has norm sqrt(G) R
 * (W_hh^T W_hh is the sum of the G blocks' B^T B, R^2 I each when they are orthogonal). */
static void print_whh_facts(FILE *out, const NormsConfig *c, const NormsCell *cell, int zh)
{
	if (cell->kind == REC_RNN) {
		fprintf(out, zh ? "  rho(W_hh) = %.4g：谱半径，即 W_hh 最大的 |特征值|\n"
				: "  rho(W_hh) = %.4g: the spectral radius, W_hh's largest |eigenvalue|\n",
			cell->spectral_radius);
		return;
	}
	int G = cell->kind == REC_LSTM ? 4 : 3;
	if (zh)
		fprintf(out, "  W_hh 由 %d 个谱范数为 %g 的门块堆叠而成：||W_hh|| %s sqrt(%d) x %g\n", G,
			c->spectral_norm, c->orthogonal ? "=" : "<=", G, c->spectral_norm);
	else
		fprintf(out, "  W_hh stacks %d gate blocks of spectral norm %g: ||W_hh|| %s sqrt(%d) x %g\n",
			G, c->spectral_norm, c->orthogonal ? "=" : "<=", G, c->spectral_norm);
}

static void print_table(FILE *out, const NormsConfig *c, const NormsResult *r, int zh)
{
	int T = c->steps, every = T <= 20 ? 1 : (T + 14) / 15; /* about 15 rows: the plot shows the rest */
	if (zh)
		fprintf(out, "%d 个时间步上的梯度范数（H=%d，I=%d）\n"
			     "W_hh：%s，每个门块的谱范数为 %g；%s",
			T, c->hidden, c->input, c->orthogonal ? "正交矩阵" : "高斯矩阵", c->spectral_norm,
			c->loss_all ? "每一步都计损失" : "损失只在最后一步");
	else
		fprintf(out, "gradient norms over %d %s (H=%d, I=%d)\n"
			     "W_hh: %s, spectral norm %g per gate block; loss %s",
			T, plural_en(T, "step", "steps"), c->hidden, c->input, c->orthogonal ? "orthogonal" : "Gaussian", c->spectral_norm,
			c->loss_all ? "at every step" : "at the last step");
	if (c->truncate == 1)
		fprintf(out, zh ? "\n截断 BPTT：梯度在每一步都被截断"
				: "\ntruncated BPTT: the gradient is cut at every step");
	else if (c->truncate)
		fprintf(out, zh ? "\n截断 BPTT：梯度每 %d 步截断一次"
				: "\ntruncated BPTT: the gradient is cut every %d steps",
			c->truncate);
	fputc('\n', out);
	for (int k = 0; k < r->n_cells; k++) {
		const NormsCell *cell = &r->cells[k];
		fprintf(out, zh ? "\n%s%s%s：||W_hh|| = %.6g；参数梯度范数 %.6g"
				: "\n%s%s%s: ||W_hh|| = %.6g; parameter gradient norm %.6g",
			recurrent_kind_name(cell->kind),
			cell->kind == REC_RNN ? " " : "",
			cell->kind == REC_RNN ? activation_name(c->act) : "", cell->spectral_norm,
			cell->grad_norm);
		if (c->clip > 0)
			fprintf(out, zh ? "，裁剪到 %.6g" : ", clipped to %.6g", cell->clipped_norm);
		fputc('\n', out);
		print_whh_facts(out, c, cell, zh);
		if (cell->overflow_at)
			fprintf(out, zh ? "  梯度溢出：从第 %d 步往前，||dL/dh_t|| 都是无穷大\n"
					: "  the gradient overflowed: ||dL/dh_t|| is infinite from step %d back\n",
				cell->overflow_at);
		const char *head[5] = { "t", "||dL/dh_t||", zh ? "与 T 步之比" : "ratio to T",
					theory_name(cell->kind, zh), zh ? "dW_hh 项" : "dW_hh term" };
		fprintf(out, "  ");
		lang_put_right(out, head[0], 5);
		for (int i = 1; i < 5; i++) {
			fputc(' ', out);
			lang_put_right(out, head[i], 11);
		}
		fputc('\n', out);
		double last = cell->grad_h[T - 1];
		for (int s = 0; s < T; s++) {
			if (s % every && s != T - 1)
				continue;
			fprintf(out, "  %5d", s + 1);
			print_value(out, cell->grad_h[s]);
			print_value(out, last > 0 ? cell->grad_h[s] / last : NAN);
			print_value(out, theory(cell, s));
			print_value(out, cell->grad_W_hh[s]);
			fputc('\n', out);
		}
	}
	print_footnote(out, c, r, every, zh);
}

static void print_csv(FILE *out, const NormsResult *r)
{
	fprintf(out, "cell,t,grad_h_norm,grad_W_hh_step_norm\n");
	for (int k = 0; k < r->n_cells; k++)
		for (int s = 0; s < r->cells[k].steps; s++)
			fprintf(out, "%s,%d,%.17g,%.17g\n", recurrent_kind_name(r->cells[k].kind), s + 1,
				r->cells[k].grad_h[s], r->cells[k].grad_W_hh[s]);
}

static json_object *num(double x)
{
	return isfinite(x) ? json_object_new_double(x) : NULL;
}

static json_object *series(const double *v, int n)
{
	json_object *a = json_object_new_array();
	for (int i = 0; i < n; i++)
		json_object_array_add(a, num(v[i]));
	return a;
}

static void print_json(FILE *out, const NormsConfig *c, const NormsResult *r)
{
	json_object *root = json_object_new_object(), *cells = json_object_new_array();
	json_object_object_add(root, "steps", json_object_new_int(c->steps));
	json_object_object_add(root, "spectral_norm", num(c->spectral_norm));
	json_object_object_add(root, "radius", num(c->spectral_norm)); /* the old name */
	for (int k = 0; k < r->n_cells; k++) {
		const NormsCell *cell = &r->cells[k];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "cell", json_object_new_string(recurrent_kind_name(cell->kind)));
		json_object_object_add(o, "spectral_norm", num(cell->spectral_norm));
		json_object_object_add(o, "spectral_radius", num(cell->spectral_radius));
		json_object_object_add(o, "grad_norm", num(cell->grad_norm));
		json_object_object_add(o, "clipped_norm", num(cell->clipped_norm));
		json_object_object_add(o, "overflow_at", json_object_new_int(cell->overflow_at));
		json_object_object_add(o, "grad_h_norm", series(cell->grad_h, cell->steps));
		json_object_object_add(o, "grad_W_hh_step_norm", series(cell->grad_W_hh, cell->steps));
		if (cell->kind == REC_RNN) {
			json_object_object_add(o, "step_bound", series(cell->step_bound, cell->steps));
			json_object_object_add(o, "bound", series(cell->bound, cell->steps));
		} else {
			json_object_object_add(o, "gate_product", series(cell->gate_product, cell->steps));
		}
		json_object_array_add(cells, o);
	}
	json_object_object_add(root, "cells", cells);
	json_c_set_serialization_double_format("%.17g", JSON_C_OPTION_THREAD);
	fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
}

/* The plot's captions in one language; labels has room for every cell's. */
static PlotLine norms_plot(const NormsConfig *c, const NormsResult *r, const double *t,
			   PlotSeries *series, char labels[][64], char *title, char *subtitle,
			   size_t size, int zh)
{
	for (int k = 0; k < r->n_cells; k++) {
		const NormsCell *cell = &r->cells[k];
		if (cell->kind == REC_RNN)
			snprintf(labels[k], 64, "rnn (%s)", activation_name(c->act));
		else
			snprintf(labels[k], 64, "%s", recurrent_kind_name(cell->kind));
		series[k] = (PlotSeries){ labels[k], t, cell->grad_h, c->steps };
	}
	/* The title, and under it every parameter that shapes the lines (--clip does not: the
	 * norms are measured before clipping), so that a slide shows how it was made. */
	snprintf(title, size, zh ? "||dL/dh_t||，共 %d 步" : "||dL/dh_t|| over %d %s", c->steps,
		 plural_en(c->steps, "step", "steps"));
	int gated = has_kind(r, REC_LSTM) || has_kind(r, REC_GRU);
	size_t n = (size_t)snprintf(subtitle, size, zh ? "H = %d，%s W_hh，||W_hh|| = %g%s"
						       : "H = %d, %s W_hh, ||W_hh|| = %g%s",
				    c->hidden,
				    zh ? (c->orthogonal ? "正交" : "高斯")
				       : (c->orthogonal ? "orthogonal" : "Gaussian"),
				    c->spectral_norm, gated ? (zh ? "（每个门块）" : " per gate block") : "");
	if (has_kind(r, REC_LSTM) && n < size)
		n += (size_t)snprintf(subtitle + n, size - n, zh ? "，遗忘门偏置 %g" : ", forget bias %g",
				      c->forget_bias);
	if (c->loss_all && n < size)
		n += (size_t)snprintf(subtitle + n, size - n, "%s",
				      zh ? "，每一步都计损失" : ", loss at every step");
	if (c->truncate && n < size)
		n += (size_t)snprintf(subtitle + n, size - n,
				      zh ? "，截断 BPTT（K = %d）" : ", truncated BPTT (K = %d)",
				      c->truncate);
	if (n < size)
		snprintf(subtitle + n, size - n, zh ? "，种子 %llu" : ", seed %llu",
			 (unsigned long long)c->seed);
	return (PlotLine){ .title = title, .subtitle = subtitle, .xlabel = zh ? "时间步 t" : "time step t",
			   .ylabel = "||dL/dh_t||", .logy = 1, .series = series,
			   .n_series = r->n_cells, .zh = zh,
			   .zero_note = !c->truncate ? NULL : zh ? "0：被截断 BPTT 切断" : "0: cut by truncation" };
}

/* ||dL/dh_t|| against t on a log axis, one line per cell. */
static int plot_norms(const PlotOptions *po, const NormsConfig *c, const NormsResult *r, int zh,
		      FILE *out, FILE *err)
{
	char labels[2][NORMS_MAX_CELLS][64], titles[2][160], subtitles[2][160];
	PlotSeries series[2][NORMS_MAX_CELLS];
	double *t = malloc((size_t)c->steps * sizeof *t);
	if (!t) {
		fprintf(err, "gradlab norms: out of memory\n");
		return 2;
	}
	for (int s = 0; s < c->steps; s++)
		t[s] = s + 1;
	PlotLine en = norms_plot(c, r, t, series[0], labels[0], titles[0], subtitles[0],
				 sizeof titles[0], 0);
	PlotLine p = norms_plot(c, r, t, series[1], labels[1], titles[1], subtitles[1],
				sizeof titles[1], zh);
	p.en = zh ? &en : NULL;
	int rc = plot_options_line("norms", po, &p, out, err);
	free(t);
	return rc;
}

int cmd_norms(int argc, char **argv, FILE *out, FILE *err)
{
	NormsConfig c = norms_defaults();
	PlotOptions po = { 0 };
	const char *cells = "rnn", *act = "tanh", *init = "orthogonal", *loss = "last",
		   *format = "table", *lang = "en";
	const Opt opts[] = {
		{ "cell", OPT_STRING, &cells, 0, 0, 0, NULL, "LIST", "rnn, lstm, gru, comma-separated (default rnn)" },
		{ "steps", OPT_INT, &c.steps, 1, NORMS_MAX_STEPS, 0, NULL, "T", "time steps (default 50)" },
		{ "hidden", OPT_INT, &c.hidden, 1, NORMS_MAX_HIDDEN, 0, NULL, "H", "hidden units (default 16)" },
		{ "input", OPT_INT, &c.input, 1, NORMS_MAX_HIDDEN, 0, NULL, "I", "input features (default 4)" },
		{ "act", OPT_STRING, &act, 0, 0, 0, "tanh|sigmoid|relu|linear", "F", "the RNN's nonlinearity (default tanh)" },
		WHH_OPTIONS(&init, &c.spectral_norm),
		{ "forget-bias", OPT_DOUBLE, &c.forget_bias, -100, 100, 0, NULL, "B", "the LSTM's forget-gate bias (default 0)" },
		{ "seed", OPT_U64, &c.seed, 0, 0, 0, NULL, "S", "random seed (default 1)" },
		{ "loss", OPT_STRING, &loss, 0, 0, 0, "last|all", "L", "loss at the last step or at every step (default last)" },
		{ "clip", OPT_DOUBLE, &c.clip, 0, 1e300, 1, NULL, "N", "clip parameter gradients to this global norm" },
		{ "truncate", OPT_INT, &c.truncate, 1, NORMS_MAX_STEPS, 0, NULL, "K", "truncated BPTT: cut the gradient every K steps" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv|json", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, "en|zh", "LANG", "language of the table and the plot (default en)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("norms", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab norms [OPTIONS]\n\n"
			     "Unrolls each cell over T steps with W_hh scaled to spectral norm R, and prints\n"
			     "||dL/dh_t|| for every step, each step's share of dL/dW_hh, and the theory:\n"
			     "the RNN's bound prod ||W_hh|| max|f'|, the LSTM's forget-gate product.\n"
			     "Beside ||W_hh|| the RNN's spectral radius rho(W_hh): equal to R for an\n"
			     "orthogonal W_hh, about R/2 for a Gaussian one (--init gaussian).\n"
			     "L = <u, h_T> (or the sum over steps) with unit vectors u: dL/dh_T has norm 1.\n\n"
			     "options:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK || parse_cells(cells, &c, err) || plot_options_check("norms", &po, err))
		return 2;
	int zh = lang_resolve_zh("norms", lang, err);
	activation_parse(act, &c.act);
	c.orthogonal = whh_options_orthogonal(init);
	c.loss_all = strcmp(loss, "all") == 0;
	if (c.truncate > c.steps) {
		fprintf(err, "gradlab norms: --truncate (%d) must not exceed --steps (%d)\n", c.truncate, c.steps);
		return 2;
	}
	NormsResult r;
	if (norms_run(&c, &r) != ST_OK) {
		fprintf(err, "gradlab norms: %s\n", status_detail());
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		print_csv(out, &r);
	else if (strcmp(format, "json") == 0)
		print_json(out, &c, &r);
	else
		print_table(out, &c, &r, zh);
	rc = plot_options_wanted(&po) ? plot_norms(&po, &c, &r, zh, out, err) : 0;
	norms_result_free(&r);
	return rc;
}
