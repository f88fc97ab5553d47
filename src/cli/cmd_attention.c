/* cmd_attention: `gradlab attention`, scores, weights, context and the gradient through the
 * softmax for one attention experiment. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "lab/attention_weights.h"

#include <math.h>
#include <string.h>

static void print_matrix(FILE *out, const char *title, const Mat *m, const char *row,
			 const char *col)
{
	fprintf(out, "%s\n%6s", title, "");
	for (int j = 0; j < m->cols; j++) {
		char h[16];
		snprintf(h, sizeof h, "%s%d", col, j + 1);
		fprintf(out, " %9s", h);
	}
	fputc('\n', out);
	for (int i = 0; i < m->rows; i++) {
		char h[16];
		snprintf(h, sizeof h, "%s%d", row, i + 1);
		fprintf(out, "%6s", h);
		for (int j = 0; j < m->cols; j++) {
			double v = MAT_AT(m, i, j);
			if (isinf(v))
				fprintf(out, " %9s", v < 0 ? "-inf" : "inf");
			else
				fprintf(out, " %9.4f", v);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void print_csv(FILE *out, const AttnLabResult *r)
{
	fprintf(out, "query,key,score,weight,dscore\n");
	for (int i = 0; i < r->weights->rows; i++)
		for (int j = 0; j < r->weights->cols; j++)
			fprintf(out, "%d,%d,%.17g,%.17g,%.17g\n", i + 1, j + 1, MAT_AT(r->scores, i, j),
				MAT_AT(r->weights, i, j), MAT_AT(r->dscores, i, j));
}

/* The run in words and its four matrices, in lang. */
static void print_tables(FILE *out, const AttnLabConfig *c, const char *score,
			 const AttnLabResult *r, int lang)
{
	char masked[96] = "", n[16];
	snprintf(n, sizeof n, "%d", c->mask_last);
	if (c->mask_last)
		cli_format(masked, sizeof masked, lang, CM_ATTN_HEAD_MASKED, n);
	cli_say(out, lang, CM_ATTN_HEAD, score, c->queries,
		cli_msg_n(lang, c->queries, CM_QUERY_ONE, CM_QUERY_MANY), c->keys,
		cli_msg_n(lang, c->keys, CM_KEY_ONE, CM_KEY_MANY), c->dim, masked);
	print_matrix(out, cli_msg(lang, CM_ATTN_SCORES), r->scores, "q", "k");
	print_matrix(out, cli_msg(lang, CM_ATTN_WEIGHTS), r->weights, "q", "k");
	print_matrix(out, cli_msg(lang, CM_ATTN_CONTEXT), r->context, "q", "d");
	print_matrix(out, cli_msg(lang, CM_ATTN_DSCORES), r->dscores, "q", "k");
	fprintf(out, "||dL/dquery|| = %.6g   ||dL/dkeys|| = %.6g   ||dL/dvalues|| = %.6g\n",
		mat_norm(r->dquery), mat_norm(r->dkeys), mat_norm(r->dvalues));
}

/* The heatmap's captions in one language: title, subtitle and axis labels. */
static void captions(PlotHeat *h, const AttnLabConfig *c, const char *score, char *title,
		     size_t title_size, char *sub, size_t sub_size, int lang)
{
	cli_format(title, title_size, lang, CM_ATTN_PLOT_TITLE, score);
	cli_format(sub, sub_size, lang, CM_ATTN_PLOT_SUB, c->queries, c->keys, c->dim,
		   (unsigned long long)c->seed);
	size_t n = strlen(sub);
	if (c->mask_last && n + 1 < sub_size)
		cli_format(sub + n, sub_size - n, lang, CM_ATTN_PLOT_MASKED, c->mask_last,
			   cli_msg_n(lang, c->mask_last, CM_KEY_ONE, CM_KEY_MANY));
	h->title = title;
	h->subtitle = sub;
	h->xlabel = cli_msg(lang, CM_ATTN_X);
	h->ylabel = cli_msg(lang, CM_ATTN_Y);
}

/* The weight matrix as a heatmap: queries down, keys across, on a fixed 0..1 colour scale
 * (weights are probabilities: two heatmaps then compare colour for colour), the padding
 * keys hatched, and the run's parameters under the title. */
static int plot_weights(const PlotOptions *po, const AttnLabConfig *c, const char *score,
			const AttnLabResult *r, int lang, FILE *out, FILE *err)
{
	char rl[ATTN_LAB_MAX][16], cl[ATTN_LAB_MAX][16], titles[2][96], subs[2][128];
	const char *rows[ATTN_LAB_MAX], *cols[ATTN_LAB_MAX];
	unsigned char masked[ATTN_LAB_MAX * ATTN_LAB_MAX];
	int Tq = r->weights->rows, Tk = r->weights->cols;
	for (int i = 0; i < Tq; i++) {
		snprintf(rl[i], sizeof rl[i], "q%d", i + 1);
		rows[i] = rl[i];
	}
	for (int j = 0; j < Tk; j++) {
		snprintf(cl[j], sizeof cl[j], "k%d", j + 1);
		cols[j] = cl[j];
	}
	for (int i = 0; i < Tq; i++)
		for (int j = 0; j < Tk; j++)
			masked[i * Tk + j] = j >= Tk - c->mask_last;
	PlotHeat en = { .rows = Tq, .cols = Tk, .v = r->weights->data, .row_labels = rows,
			.col_labels = cols, .fixed_range = 1, .vmin = 0, .vmax = 1,
			.masked = c->mask_last ? masked : NULL };
	captions(&en, c, score, titles[0], sizeof titles[0], subs[0], sizeof subs[0], LANG_EN);
	PlotHeat h = en;
	if (lang != LANG_EN) {
		captions(&h, c, score, titles[1], sizeof titles[1], subs[1], sizeof subs[1], lang);
		h.lang = lang; /* the plot layer's language index is the cli's */
		h.en = &en;
	}
	return plot_options_heat("attention", po, &h, out, err);
}

int cmd_attention(int argc, char **argv, FILE *out, FILE *err)
{
	AttnLabConfig c = attn_lab_defaults();
	const char *score = "scaled_dot", *format = "table", *lang_name = "en";
	PlotOptions po = { 0 };
	const Opt opts[] = {
		{ "score", OPT_STRING, &score, 0, 0, 0, "dot|scaled_dot|general|additive", "S", "score function (default scaled_dot)" },
		{ "queries", OPT_INT, &c.queries, 1, ATTN_LAB_MAX, 0, NULL, "N", "queries, Tq (default 3)" },
		{ "keys", OPT_INT, &c.keys, 1, ATTN_LAB_MAX, 0, NULL, "N", "keys and values, Tk (default 5)" },
		{ "dim", OPT_INT, &c.dim, 1, ATTN_LAB_MAX, 0, NULL, "D", "columns of queries, keys, values (default 4)" },
		{ "mask-last", OPT_INT, &c.mask_last, 0, ATTN_LAB_MAX, 0, NULL, "N", "treat the last N keys as padding (default 0)" },
		{ "seed", OPT_U64, &c.seed, 0, 0, 0, NULL, "S", "random seed (default 1)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "language of the tables and the heatmap (default en)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("attention", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab attention [OPTIONS]\n\n"
			     "Random queries, keys and values; scores, weights = softmax(scores) along\n"
			     "the keys, context = weights . values; and for L = <R, context> with a random\n"
			     "R, the gradient dL/dscores = w .* (dL/dw - sum_k w_k dL/dw_k) per query.\n\n"
			     "options:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK || plot_options_check("attention", &po, err))
		return 2;
	int lang = lang_resolve("attention", lang_name, err);
	attention_score_parse(score, &c.score);
	AttnLabResult r;
	if (attn_lab_run(&c, &r) != ST_OK) {
		fprintf(err, "gradlab attention: %s\n", status_detail());
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		print_csv(out, &r);
	else
		print_tables(out, &c, score, &r, lang);
	rc = plot_options_wanted(&po) ? plot_weights(&po, &c, score, &r, lang, out, err) : 0;
	attn_lab_free(&r);
	return rc;
}
