/* cmd_norms: `gradlab norms`, gradient norms over time steps beside the theory. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/textout.h"
#include "cli/whh_options.h"
#include "lab/norms.h"

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
static const char *theory_name(RecurrentKind k, int lang)
{
	return cli_msg(lang, k == REC_RNN    ? CM_NORMS_BOUND_HEAD
			     : k == REC_LSTM ? CM_NORMS_PROD_F_HEAD
					     : CM_NORMS_PROD_Z_HEAD);
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
			   int lang)
{
	/* what the theory column means for each kind of cell the tables have */
	static const struct {
		RecurrentKind kind;
		CliMsg note;
	} theory_notes[] = {
		{ REC_RNN, CM_NORMS_BOUND_NOTE },
		{ REC_LSTM, CM_NORMS_PROD_F_NOTE },
		{ REC_GRU, CM_NORMS_PROD_Z_NOTE },
	};
	fputc('\n', out);
	cli_say(out, lang, CM_NORMS_RATIO_NOTE);
	for (size_t i = 0; i < sizeof theory_notes / sizeof theory_notes[0]; i++)
		if (has_kind(r, theory_notes[i].kind))
			cli_say(out, lang, theory_notes[i].note);
	cli_say(out, lang, CM_NORMS_TERM_NOTE, c->clip > 0 ? cli_msg(lang, CM_NORMS_AFTER_CLIP) : "");
	if (every > 1) {
		char n[16], nth[16];
		snprintf(n, sizeof n, "%d", every);
		cli_say(out, lang, CM_NORMS_EVERY, n, textout_ordinal(nth, sizeof nth, every));
	}
}

/* What the lesson's rho-versus-||W|| argument needs under a cell's line: the RNN's spectral
 * radius beside its spectral norm; for a gated cell, why its stacked W_hh has norm sqrt(G) R
 * (W_hh^T W_hh is the sum of the G blocks' B^T B, R^2 I each when they are orthogonal). */
static void print_whh_facts(FILE *out, const NormsConfig *c, const NormsCell *cell, int lang)
{
	if (cell->kind == REC_RNN) {
		cli_say(out, lang, CM_NORMS_RHO, cell->spectral_radius);
		return;
	}
	int G = cell->kind == REC_LSTM ? 4 : 3;
	cli_say(out, lang, CM_NORMS_STACKS, G, c->spectral_norm, c->orthogonal ? "=" : "<=", G,
		c->spectral_norm);
}

static void print_table(FILE *out, const NormsConfig *c, const NormsResult *r, int lang)
{
	int T = c->steps, every = T <= 20 ? 1 : (T + 14) / 15; /* about 15 rows: the plot shows the rest */
	cli_say(out, lang, CM_NORMS_HEAD, T, cli_msg_n(lang, T, CM_STEP_ONE, CM_STEP_MANY),
		c->hidden, c->input,
		cli_msg(lang, c->orthogonal ? CM_NORMS_ORTHOGONAL : CM_NORMS_GAUSSIAN),
		c->spectral_norm, cli_msg(lang, c->loss_all ? CM_NORMS_LOSS_ALL : CM_NORMS_LOSS_LAST));
	if (c->truncate == 1)
		cli_say(out, lang, CM_NORMS_CUT_EACH);
	else if (c->truncate)
		cli_say(out, lang, CM_NORMS_CUT_EVERY, c->truncate);
	fputc('\n', out);
	for (int k = 0; k < r->n_cells; k++) {
		const NormsCell *cell = &r->cells[k];
		cli_say(out, lang, CM_NORMS_CELL, recurrent_kind_name(cell->kind),
			cell->kind == REC_RNN ? " " : "",
			cell->kind == REC_RNN ? activation_name(c->act) : "", cell->spectral_norm,
			cell->grad_norm);
		if (c->clip > 0)
			cli_say(out, lang, CM_NORMS_CLIPPED, cell->clipped_norm);
		fputc('\n', out);
		print_whh_facts(out, c, cell, lang);
		if (cell->overflow_at)
			cli_say(out, lang, CM_NORMS_OVERFLOW, cell->overflow_at);
		const char *head[5] = { "t", "||dL/dh_t||", cli_msg(lang, CM_NORMS_RATIO_HEAD),
					theory_name(cell->kind, lang), cli_msg(lang, CM_NORMS_TERM_HEAD) };
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
	print_footnote(out, c, r, every, lang);
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
			   size_t size, int lang)
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
	cli_format(title, size, lang, CM_NORMS_PLOT_TITLE, c->steps,
		   cli_msg_n(lang, c->steps, CM_STEP_ONE, CM_STEP_MANY));
	int gated = has_kind(r, REC_LSTM) || has_kind(r, REC_GRU);
	cli_format(subtitle, size, lang, CM_NORMS_PLOT_SUB, c->hidden,
		   cli_msg(lang, c->orthogonal ? CM_NORMS_PLOT_ORTHOGONAL : CM_NORMS_PLOT_GAUSSIAN),
		   c->spectral_norm, gated ? cli_msg(lang, CM_NORMS_PER_BLOCK) : "");
	size_t n = strlen(subtitle);
	if (has_kind(r, REC_LSTM) && n + 1 < size)
		cli_format(subtitle + n, size - n, lang, CM_FORGET_BIAS, c->forget_bias);
	n = strlen(subtitle);
	if (c->loss_all && n + 1 < size)
		cli_format(subtitle + n, size - n, lang, CM_NORMS_PLOT_LOSS_ALL);
	n = strlen(subtitle);
	if (c->truncate && n + 1 < size)
		cli_format(subtitle + n, size - n, lang, CM_NORMS_PLOT_TRUNCATED, c->truncate);
	n = strlen(subtitle);
	if (n + 1 < size)
		cli_format(subtitle + n, size - n, lang, CM_NORMS_PLOT_SEED,
			   (unsigned long long)c->seed);
	/* the plot layer's language index is the same as the cli's (English, then Chinese) */
	return (PlotLine){ .title = title, .subtitle = subtitle, .xlabel = cli_msg(lang, CM_NORMS_X),
			   .ylabel = "||dL/dh_t||", .logy = 1, .series = series,
			   .n_series = r->n_cells, .lang = lang,
			   .zero_note = c->truncate ? cli_msg(lang, CM_NORMS_ZERO) : NULL };
}

/* ||dL/dh_t|| against t on a log axis, one line per cell. */
static int plot_norms(const PlotOptions *po, const NormsConfig *c, const NormsResult *r, int lang,
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
				 sizeof titles[0], LANG_EN);
	PlotLine p = norms_plot(c, r, t, series[1], labels[1], titles[1], subtitles[1],
				sizeof titles[1], lang);
	p.en = lang != LANG_EN ? &en : NULL;
	int rc = plot_options_line("norms", po, &p, out, err);
	free(t);
	return rc;
}

int cmd_norms(int argc, char **argv, FILE *out, FILE *err)
{
	NormsConfig c = norms_defaults();
	PlotOptions po = { 0 };
	const char *cells = "rnn", *act = "tanh", *init = "orthogonal", *loss = "last",
		   *format = "table", *lang_name = "en";
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
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "language of the table and the plot (default en)" },
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
	int lang = lang_resolve("norms", lang_name, err);
	activation_parse(act, &c.act);
	c.orthogonal = whh_options_orthogonal(init);
	c.loss_all = strcmp(loss, "all") == 0;
	if (c.truncate > c.steps) {
		fprintf(err, "gradlab norms: --truncate (%d) must not exceed --steps (%d)\n", c.truncate, c.steps);
		return 2;
	}
	c.measured_only = strcmp(format, "csv") == 0; /* the only output without the theory */
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
		print_table(out, &c, &r, lang);
	rc = plot_options_wanted(&po) ? plot_norms(&po, &c, &r, lang, out, err) : 0;
	norms_result_free(&r);
	return rc;
}
