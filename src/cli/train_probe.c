/* train_probe: the probes' tables; see train_probe.h. */
#include "cli/train_probe.h"

#include "cli/cli_msg.h"
#include "cli/lang.h"
#include "core/mem.h"
#include "train/probe.h"

#include <math.h>

static void number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);
}

static void column(FILE *out, int lang, CliMsg id, int cols)
{
	fputs("  ", out);
	lang_put_right(out, cli_msg(lang, id), cols);
}

static int layers(FILE *out, FILE *err, int lang, int json, Trainer *tr)
{
	int L = tr->c.model.layers;
	double *act = mem_calloc((size_t)L, sizeof *act), *grad = mem_calloc((size_t)L, sizeof *grad);
	if (!act || !grad || probe_layers(tr, act, grad)) {
		fprintf(err, "gradlab train: --layer-stats: %s\n",
			act && grad ? status_detail() : "out of memory");
		mem_free(act);
		mem_free(grad);
		return 2;
	}
	if (json) {
		fputs("  \"layer_stats\": [", out);
		for (int k = 0; k < L; k++) {
			fprintf(out, "%s{\"layer\": %d, \"activation_variance\": ", k ? ", " : "", k + 1);
			number(out, act[k]);
			fputs(", \"gradient_variance\": ", out);
			number(out, grad[k]);
			fputc('}', out);
		}
		fputs("],\n", out);
	} else {
		cli_say(out, lang, CM_TRAIN_PROBE_LAYERS, tr->task->train->n);
		lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_LAYER), 7);
		column(out, lang, CM_TRAIN_PROBE_COL_ACT, 12);
		column(out, lang, CM_TRAIN_PROBE_COL_GRAD, 12);
		fputc('\n', out);
		for (int k = 0; k < L; k++)
			fprintf(out, "%7d  %12.4g  %12.4g\n", k + 1, act[k], grad[k]);
	}
	mem_free(act);
	mem_free(grad);
	return 0;
}

static int noise(FILE *out, FILE *err, int lang, int json, Trainer *tr, int draws)
{
	ProbeNoise row[PROBE_MAX_SIZES];
	int n;
	if (probe_grad_noise(tr, draws, row, &n)) {
		fprintf(err, "gradlab train: --grad-noise: %s\n", status_detail());
		return 2;
	}
	if (json) {
		fputs("  \"grad_noise\": [", out);
		for (int k = 0; k < n; k++) {
			fprintf(out, "%s{\"batch\": %d, \"steps_per_epoch\": %ld, \"noise\": ", k ? ", " : "",
				row[k].batch, row[k].steps_per_epoch);
			number(out, row[k].noise);
			fputc('}', out);
		}
		fputs("],\n", out);
		return 0;
	}
	cli_say(out, lang, CM_TRAIN_PROBE_NOISE, draws, tr->task->train->n);
	lang_put_right(out, cli_msg(lang, CM_TRAIN_PROBE_COL_BATCH), 7);
	column(out, lang, CM_TRAIN_PROBE_COL_EPOCH, 12);
	column(out, lang, CM_TRAIN_PROBE_COL_NOISE, 12);
	fputc('\n', out);
	for (int k = 0; k < n; k++)
		fprintf(out, "%7d  %12ld  %12.4g\n", row[k].batch, row[k].steps_per_epoch, row[k].noise);
	return 0;
}

int train_probe_print(FILE *out, FILE *err, int lang, int json, Trainer *tr, int layer_stats,
		      int noise_draws)
{
	if (layer_stats && layers(out, err, lang, json, tr))
		return 2;
	if (noise_draws > 0 && noise(out, err, lang, json, tr, noise_draws))
		return 2;
	if (!json && (layer_stats || noise_draws > 0))
		fputc('\n', out);   /* apart from the training table that follows */
	return 0;
}
