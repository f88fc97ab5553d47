/* train_search: grid or random search's tables and plot; see train_search.h. */
#include "cli/train_search.h"

#include "cli/cli_msg.h"
#include "cli/lang.h"
#include "core/mem.h"

#include <math.h>
#include <stdlib.h>

static void number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);
}

static void column(FILE *out, int lang, CliMsg id, int cols, int gap)
{
	if (gap)
		fputs("  ", out);
	lang_put_right(out, cli_msg(lang, id), cols);
}

/* The kind's name in lang ("grid", "网格"). */
static const char *kind_word(int lang, SearchKind kind)
{
	return cli_msg(lang, kind == SEARCH_GRID ? CM_TRAIN_SEARCH_GRID : CM_TRAIN_SEARCH_RANDOM);
}

static void trial_json(FILE *out, const SearchTrial *t, int i)
{
	fprintf(out, "{\"trial\": %d, \"lr\": ", i + 1);
	number(out, t->lr);
	fputs(", \"weight_decay\": ", out);
	number(out, t->weight_decay);
	fprintf(out, ", \"status\": \"%s\", \"test_loss\": ", train_status_name(t->status));
	number(out, t->test_loss);
	if (!isnan(t->test_accuracy) || t->status == TRAIN_DIVERGED) {
		fputs(", \"test_accuracy\": ", out);
		number(out, t->test_accuracy);
	}
	fputc('}', out);
}

static void trial_row(FILE *out, const SearchTrial *t, int i, int lang)
{
	char acc[32] = "-";
	if (isfinite(t->test_accuracy))
		snprintf(acc, sizeof acc, "%.1f%%", 100 * t->test_accuracy);
	fprintf(out, "%7d  %13.4g  %12.4g  %12.6g  %10s", i + 1, t->lr, t->weight_decay,
		t->test_loss, acc);
	if (t->status == TRAIN_DIVERGED)
		cli_say(out, lang, CM_TRAIN_SEARCH_DIVERGED);
	fputc('\n', out);
}

/* Sort trial indices by learning rate, for the plot's lines. */
static const SearchTrial *sort_base;
static int by_lr(const void *a, const void *b)
{
	double x = sort_base[*(const int *)a].lr, y = sort_base[*(const int *)b].lr;
	return (x > y) - (x < y);
}

/* The held-out loss against the rate: a grid's line for each weight decay, random search's
 * one line through its trials in order of rate. */
static int plot(const PlotOptions *po, FILE *out, FILE *err, int lang, SearchKind kind,
		const SearchTrial *t, int n)
{
	int lines = kind == SEARCH_GRID ? (int)lround(sqrt((double)n)) : 1, per = n / lines;
	double *x = mem_calloc((size_t)n, sizeof *x), *y = mem_calloc((size_t)n, sizeof *y);
	int *order = mem_calloc((size_t)n, sizeof *order);
	PlotSeries *series[2] = { mem_calloc((size_t)lines, sizeof(PlotSeries)),
				  mem_calloc((size_t)lines, sizeof(PlotSeries)) };
	char (*label)[2][64] = mem_calloc((size_t)lines, sizeof *label);
	int rc = 2;
	if (!x || !y || !order || !series[0] || !series[1] || !label) {
		fprintf(err, "gradlab train: out of memory for the plot\n");
		goto done;
	}
	for (int i = 0; i < n; i++)
		order[i] = i;
	if (kind == SEARCH_GRID) {  /* the grid's trial i: rate i / per, decay i % per */
		for (int i = 0; i < n; i++)
			order[i] = (i % lines) * per + i / lines;
	} else {
		sort_base = t;
		qsort(order, (size_t)n, sizeof *order, by_lr);
	}
	for (int i = 0; i < n; i++) {
		x[i] = t[order[i]].lr;
		y[i] = t[order[i]].test_loss;
	}
	char title[2][128];
	PlotLine p[2];
	for (int l = 0; l < 2; l++) {
		int g = l ? lang : LANG_EN;
		for (int s = 0; s < lines; s++) {
			if (kind == SEARCH_GRID)
				cli_format(label[s][l], sizeof label[s][l], g, CM_TRAIN_SEARCH_PLOT_WD,
					   t[order[s * per]].weight_decay);
			else
				cli_format(label[s][l], sizeof label[s][l], g, CM_TRAIN_SEARCH_PLOT_RANDOM);
			series[l][s] = (PlotSeries){ label[s][l], x + s * per, y + s * per, per };
		}
		cli_format(title[l], sizeof title[l], g, CM_TRAIN_SEARCH_PLOT_TITLE, kind_word(g, kind));
		p[l] = (PlotLine){ .title = title[l], .xlabel = cli_msg(g, CM_TRAIN_PLOT_LR),
				   .ylabel = cli_msg(g, CM_TRAIN_COL_TEST), .logx = 1,
				   .series = series[l], .n_series = lines, .lang = g };
	}
	p[1].en = lang != LANG_EN ? &p[0] : NULL;
	rc = plot_options_line("train", po, &p[1], out, err);
done:
	mem_free(x);
	mem_free(y);
	mem_free(order);
	mem_free(series[0]);
	mem_free(series[1]);
	mem_free(label);
	return rc;
}

int train_search(FILE *out, FILE *err, int lang, int json, const PlotOptions *po,
		 const TrainConfig *c, SearchKind kind, int trials, volatile sig_atomic_t *stop)
{
	SearchTrial *t = mem_calloc((size_t)(trials > 0 ? trials : 1), sizeof *t);
	if (!t) {
		fprintf(err, "gradlab train: out of memory for the search\n");
		return 2;
	}
	if (search_points(kind, trials, c->seed, t)) {
		fprintf(err, "gradlab train: --search %s: %s\n", search_kind_name(kind), status_detail());
		mem_free(t);
		return 2;
	}
	const char *task = task_kind_name(c->task.kind);
	if (json) {
		fprintf(out, "{\n  \"task\": \"%s\",\n  \"search\": \"%s\",\n  \"trials\": [", task,
			search_kind_name(kind));
	} else {
		cli_say(out, lang, CM_TRAIN_SEARCH_HEAD, kind_word(lang, kind), trials, task,
			c->iters, SEARCH_LR_LO, SEARCH_LR_HI, SEARCH_WD_LO, SEARCH_WD_HI);
		column(out, lang, CM_TRAIN_SEARCH_COL_TRIAL, 7, 0);
		column(out, lang, CM_TRAIN_PLOT_LR, 13, 1);
		column(out, lang, CM_TRAIN_SEARCH_COL_WD, 12, 1);
		column(out, lang, CM_TRAIN_COL_TEST, 12, 1);
		column(out, lang, CM_TRAIN_COL_ACC, 10, 1);
		fputc('\n', out);
	}
	int n = 0, rc = 0;
	for (; n < trials && !(stop && *stop); n++) {
		if (search_run(c, &t[n], stop)) {
			fprintf(err, "gradlab train: %s\n", status_detail());
			rc = 2;
			goto done;
		}
		if (t[n].status == TRAIN_INTERRUPTED)
			break;
		if (json) {
			fputs(n ? ",\n    " : "\n    ", out);
			trial_json(out, &t[n], n);
		} else {
			trial_row(out, &t[n], n, lang);
		}
		fflush(out);
	}
	int best = search_best(t, n), distinct = search_distinct_lrs(t, n);
	if (json) {
		fputs("\n  ],\n  \"best\": ", out);
		if (best >= 0)
			trial_json(out, &t[best], best);
		else
			fputs("null", out);
		fprintf(out, ",\n  \"distinct_learning_rates\": %d,\n  \"completed\": %d\n}\n", distinct, n);
	} else {
		if (n < trials)
			cli_say(out, lang, CM_TRAIN_SEARCH_STOPPED, n, trials);
		if (best >= 0)
			cli_say(out, lang, CM_TRAIN_SEARCH_BEST, best + 1, t[best].lr, t[best].weight_decay,
				t[best].test_loss);
		cli_say(out, lang, CM_TRAIN_SEARCH_DISTINCT, n, distinct);
	}
	if (plot_options_wanted(po) && n == trials)
		rc = plot(po, out, err, lang, kind, t, n);
done:
	mem_free(t);
	return rc;
}
