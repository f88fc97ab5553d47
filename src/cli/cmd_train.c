/* cmd_train: `gradlab train TASK`, a network trained on a generated task, with the held-out
 * loss every --eval-every iterations, a final verdict (finished, diverged, stopped early),
 * a CSV log, checkpoints and a plot of the loss and the gradient norm. In src/cli, on
 * train/loop and train/checkpoint; the words come from cli_msg. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/plot_options.h"
#include "cli/stop_signals.h"
#include "cli/train_charlm.h"
#include "cli/train_probe.h"
#include "cli/train_search.h"
#include "core/clock.h"
#include "core/mem.h"
#include "train/charlm.h"
#include "train/checkpoint.h"
#include "train/beam.h"
#include "train/loop.h"
#include "train/watch.h"
#include "train/seq2seq.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the options give beyond TrainConfig, and what the hooks need while the run goes. */
typedef struct Run {
	const TrainConfig *c;
	int json, lang;
	FILE *out, *log;
	const char *log_path;
	int log_failed;
	int progress;          /* a terminal: the progress line on err */
	FILE *err;
	double start, before;  /* the clock at the start; seconds trained before a resume */
	double last_progress;
	long first_iter;       /* the iteration this session started from */
	double *loss, *norm;   /* this session's iterations, for the plot */
	double *lr;            /* and the learning rate each used: a third panel when it moves */
	double *eval_x, *eval_y; /* the held-out loss at each evaluation, beside the batch loss */
	long n_eval_points, eval_cap;
	long n_points;
	int n_evals;
} Run;

static void json_number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);
}

/* charlm's losses are nats on the tape and bits per character in words. */
static double shown_loss(const Trainer *tr, double nats)
{
	return tr->task->lm ? nats / M_LN2 : nats;
}

static void clear_progress(Run *r)
{
	if (r->progress && r->last_progress > 0) {
		fputs("\r\033[K", r->err);
		fflush(r->err);
	}
}

static void on_step(void *ctx, const Trainer *tr, const TrainPoint *p)
{
	Run *r = ctx;
	double now = clock_seconds();
	double loss = shown_loss(tr, p->loss); /* the table's unit */
	if (r->log && !r->log_failed) {
		fprintf(r->log, "%ld,%.17g,%.17g,%.17g,%.6f\n", p->iter, loss, p->grad_norm,
			p->lr, r->before + (now - r->start));
		if (ferror(r->log))
			r->log_failed = 1;
	}
	if (r->loss && r->n_points < tr->c.iters) {
		r->loss[r->n_points] = loss;
		r->norm[r->n_points] = p->grad_norm;
		if (r->lr)
			r->lr[r->n_points] = p->lr;
		r->n_points++;
	}
	if (r->progress && now - r->last_progress >= 0.1) {
		double done = (double)(p->iter - r->first_iter), dt = now - r->start;
		double rate = dt > 0 ? done / dt : 0;
		double left = rate > 0 ? (double)(tr->c.iters - p->iter) / rate : 0;
		fputs("\r\033[K", r->err);
		cli_say(r->err, r->lang, CM_TRAIN_PROGRESS, p->iter, tr->c.iters, loss,
			p->grad_norm, rate, left);
		fflush(r->err);
		r->last_progress = now;
	}
	if (train_watch && train_watch->on_step)   /* the book's live cell */
		train_watch->on_step(train_watch->ctx, tr, p);
	if (train_watch && stop_signal)   /* a signal still ends a watched run */
		train_watch->stop = 1;
}

static void on_eval(void *ctx, const Trainer *tr, const TrainEval *e)
{
	Run *r = ctx;
	if (r->json) {
		fprintf(r->out, "%s\n    {\"iter\": %ld, \"train_loss\": ", r->n_evals ? "," : "",
			e->iter);
		json_number(r->out, shown_loss(tr, e->train_loss));
		fputs(", \"test_loss\": ", r->out);
		json_number(r->out, shown_loss(tr, e->test_loss));
		if (!isnan(e->test_accuracy)) {
			fputs(", \"test_accuracy\": ", r->out);
			json_number(r->out, e->test_accuracy);
		}
		if (tr->n_layer_norms) {
			fputs(", \"layer_grad_norms\": [", r->out);
			for (int k = 0; k < tr->n_layer_norms; k++) {
				fputs(k ? ", " : "", r->out);
				json_number(r->out, tr->layer_norm_last[k]);
			}
			fputc(']', r->out);
		}
		fputc('}', r->out);
	} else {
		clear_progress(r);
		char acc[32] = "-";
		if (!isnan(e->test_accuracy))
			snprintf(acc, sizeof acc, "%.1f%%", 100 * e->test_accuracy);
		fprintf(r->out, "%9ld  %12.6g  %12.6g  %10s", e->iter, shown_loss(tr, e->train_loss),
			shown_loss(tr, e->test_loss), acc);
		if (tr->task->c.kind == TASK_DEEP && tr->n_layer_norms)
			fprintf(r->out, "  %12.4g  %12.4g", tr->layer_norm_last[0],
				tr->layer_norm_last[tr->n_layer_norms - 1]);
		fputc('\n', r->out);
	}
	fflush(r->out);
	r->n_evals++;
	if (r->eval_x && r->n_eval_points < r->eval_cap) {
		r->eval_x[r->n_eval_points] = (double)e->iter;
		r->eval_y[r->n_eval_points++] = shown_loss(tr, e->test_loss);
	}
}

static void print_head(FILE *out, const TrainConfig *c, int lang)
{
	const ModelConfig *m = &c->model;
	TaskKind k = c->task.kind;
	if (k == TASK_REVERSE)
		cli_say(out, lang, CM_TRAIN_HEAD_S2S, c->task.min_steps, c->task.steps, m->hidden,
			c->batch, optim_kind_name(c->optim.kind), c->optim.lr);
	else if (k == TASK_ADDING || k == TASK_COPY || k == TASK_CHARLM)
		cli_say(out, lang, CM_TRAIN_HEAD_SEQ, task_kind_name(k), recurrent_kind_name(m->cell),
			m->hidden, c->task.steps, c->batch, optim_kind_name(c->optim.kind),
			c->optim.lr);
	else
		cli_say(out, lang, CM_TRAIN_HEAD_MLP, task_kind_name(k), m->layers, m->width,
			activation_name(m->act), m->residual ? cli_msg(lang, CM_TRAIN_RESIDUAL) : "",
			model_init_name(m->init), loss_kind_name(m->loss), c->batch,
			optim_kind_name(c->optim.kind), c->optim.lr);
	if (m->dropout > 0)
		cli_say(out, lang, CM_TRAIN_DROPOUT, m->dropout);
	if (m->batch_norm)
		cli_say(out, lang, CM_TRAIN_BATCH_NORM);
	if (c->clip > 0)
		cli_say(out, lang, CM_TRAIN_CLIP, c->clip);
	cli_say(out, lang, CM_TRAIN_SEED, (unsigned long long)c->seed);
}

static void print_table_head(FILE *out, int lang, int deep)
{
	lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_ITER), 9);
	fputs("  ", out);
	lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_TRAIN), 12);
	fputs("  ", out);
	lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_TEST), 12);
	fputs("  ", out);
	lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_ACC), 10);
	if (deep) {
		/* deep: the gradient reaching the first layer and the last, as it trains */
		fputs("  ", out);
		lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_FIRST_GRAD), 12);
		fputs("  ", out);
		lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_LAST_GRAD), 12);
	}
	fputc('\n', out);
}

static void print_final_table(FILE *out, const Trainer *tr, const TrainEval *f, double seconds,
			      int lang)
{
	switch (tr->status) {
	case TRAIN_DIVERGED:
		cli_say(out, lang, CM_TRAIN_DIVERGED, tr->iter,
			cli_msg(lang, tr->diverged_in_loss ? CM_TRAIN_WHAT_LOSS : CM_TRAIN_WHAT_GRAD),
			tr->last_finite_norm);
		break;
	case TRAIN_STOPPED_EARLY:
		cli_say(out, lang, CM_TRAIN_STOPPED, tr->iter, tr->since_best, tr->best_iter);
		break;
	case TRAIN_INTERRUPTED:
		cli_say(out, lang, CM_TRAIN_INTERRUPTED, tr->iter);
		break;
	default:
		cli_say(out, lang, CM_TRAIN_FINISHED, tr->iter, seconds);
	}
	int mse = loss_kind_squared(model_loss_kind(tr->model));
	if (tr->task->lm)
		cli_say(out, lang, CM_TRAIN_CHARLM_RESULT, shown_loss(tr, f->train_loss),
			shown_loss(tr, f->test_loss), exp(f->test_loss), task_baseline(tr->task, 0));
	else
		cli_say(out, lang, CM_TRAIN_RESULT, f->train_loss, f->test_loss,
			task_baseline(tr->task, mse),
			cli_msg(lang, mse ? CM_TRAIN_UNIT_MSE : CM_TRAIN_UNIT_NATS));
	if (tr->task->c.kind == TASK_REVERSE)
		cli_say(out, lang, CM_TRAIN_ACCURACY_S2S, 100 * f->test_accuracy);
	else if (!isnan(f->test_accuracy))
		cli_say(out, lang, CM_TRAIN_ACCURACY, 100 * f->test_accuracy, 100.0 / tr->task->classes);
	if (tr->identical_at_init && model_units_identical(tr->model))
		cli_say(out, lang, CM_TRAIN_IDENTICAL);
	else if (tr->identical_at_init && tr->c.model.dropout > 0)
		cli_say(out, lang, CM_TRAIN_IDENTICAL_DROPOUT);
	if (tr->task->c.kind == TASK_DEEP && tr->iter > 0) {
		cli_say(out, lang, CM_TRAIN_LAYER_HEAD);
		lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_LAYER), 7);
		fputs("  ", out);
		lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_INIT), 12);
		fputs("  ", out);
		lang_put_right(out, cli_msg(lang, CM_TRAIN_COL_LAST), 12);
		fputc('\n', out);
		for (int k = 0; k < tr->n_layer_norms; k++)
			fprintf(out, "%7d  %12.4g  %12.4g\n", k + 1, tr->layer_norm_init[k],
				tr->layer_norm_last[k]);
	}
}

/* One decoded string: its digits, or its tokens and whether it reached the end token. */
static void put_tokens(FILE *out, const int *tok, int len, int json)
{
	if (json)
		fputc('"', out);
	for (int i = 0; i < len; i++)
		fputc('0' + (tok[i] < SEQ2SEQ_DIGITS ? tok[i] : 0), out);
	if (json)
		fputc('"', out);
}

static void beam_example_json(FILE *out, const Seq2seqExample *e)
{
	fprintf(out, "{\"index\": %d, \"input\": ", e->index);
	put_tokens(out, e->src, e->src_len, 1);
	const Seq2seqDecoded *d[2] = { &e->greedy, &e->beam };
	for (int k = 0; k < 2; k++) {
		fprintf(out, ", \"%s\": ", k ? "beam" : "greedy");
		put_tokens(out, d[k]->tok, d[k]->len, 1);
		fprintf(out, ", \"%s_finished\": %s, \"%s_logp\": ", k ? "beam" : "greedy",
			d[k]->finished ? "true" : "false", k ? "beam" : "greedy");
		json_number(out, d[k]->logp);
	}
	fputc('}', out);
}

static void beam_example_table(FILE *out, const Seq2seqExample *e, int lang)
{
	fputs("  ", out);
	put_tokens(out, e->src, e->src_len, 0);
	const Seq2seqDecoded *d[2] = { &e->greedy, &e->beam };
	for (int k = 0; k < 2; k++) {
		cli_say(out, lang, k ? CM_TRAIN_BEAM_BEAM : CM_TRAIN_BEAM_GREEDY);
		put_tokens(out, d[k]->tok, d[k]->len, 0);
		cli_say(out, lang, d[k]->finished ? CM_TRAIN_BEAM_LOGP : CM_TRAIN_BEAM_LOGP_CUT,
			d[k]->logp);
	}
	fputc('\n', out);
}

/* --beam: both decodings' accuracies and a few strings with what each found. */
static void print_beam_table(FILE *out, const Seq2seqDecodeReport *b, int lang)
{
	cli_say(out, lang, CM_TRAIN_BEAM_HEAD, b->n, 100.0 * b->greedy_right / b->n, b->width,
		100.0 * b->beam_right / b->n, b->max_len);
	for (int k = 0; k < b->n_shown; k++)
		beam_example_table(out, &b->shown[k], lang);
	if (b->has_better) {
		cli_say(out, lang, CM_TRAIN_BEAM_BETTER, b->beam_more_probable, b->n);
		beam_example_table(out, &b->better, lang);
	} else {
		cli_say(out, lang, CM_TRAIN_BEAM_NONE);
	}
}

static void print_final_json(FILE *out, const Trainer *tr, const TrainEval *f, double seconds,
			     const char *sample, const Seq2seqDecodeReport *beam)
{
	int mse = loss_kind_squared(model_loss_kind(tr->model));
	fprintf(out, "\n  ],\n");
	if (tr->n_layer_norms && tr->iter > 0) {
		fputs("  \"layer_grad_norms\": {\"init\": [", out);
		for (int k = 0; k < tr->n_layer_norms; k++) {
			fputs(k ? ", " : "", out);
			json_number(out, tr->layer_norm_init[k]);
		}
		fputs("], \"last\": [", out);
		for (int k = 0; k < tr->n_layer_norms; k++) {
			fputs(k ? ", " : "", out);
			json_number(out, tr->layer_norm_last[k]);
		}
		fputs("]},\n", out);
	}
	fprintf(out, "  \"final\": {\"status\": \"%s\", \"iterations\": %ld, \"seconds\": %.3f",
		train_status_name(tr->status), tr->iter, seconds);
	fputs(", \"train_loss\": ", out);
	json_number(out, shown_loss(tr, f->train_loss));
	fputs(", \"test_loss\": ", out);
	json_number(out, shown_loss(tr, f->test_loss));
	fputs(", \"baseline_loss\": ", out);
	json_number(out, task_baseline(tr->task, mse));
	if (tr->task->lm)
		train_charlm_json(out, tr, f->test_loss, sample);
	if (!isnan(f->test_accuracy)) {
		fputs(", \"test_accuracy\": ", out);
		json_number(out, f->test_accuracy);
	}
	fprintf(out, ", \"identical_units\": %s",
		tr->identical_at_init && model_units_identical(tr->model) ? "true" : "false");
	if (tr->status == TRAIN_DIVERGED) {
		fprintf(out, ", \"diverged_at\": %ld, \"diverged_in\": \"%s\", \"last_finite_grad_norm\": ",
			tr->iter, tr->diverged_in_loss ? "loss" : "gradient");
		json_number(out, tr->last_finite_norm);
	}
	if (tr->status == TRAIN_STOPPED_EARLY || tr->restored_best)
		fprintf(out, ", \"best_iteration\": %ld", tr->best_iter);
	if (beam) {
		fprintf(out, ", \"beam_width\": %d, \"greedy_accuracy\": ", beam->width);
		json_number(out, (double)beam->greedy_right / beam->n);
		fputs(", \"beam_accuracy\": ", out);
		json_number(out, (double)beam->beam_right / beam->n);
		fprintf(out, ", \"beam_more_probable\": %ld, \"beam_examples\": [", beam->beam_more_probable);
		for (int k = 0; k < beam->n_shown; k++) {
			fputs(k ? ", " : "", out);
			beam_example_json(out, &beam->shown[k]);
		}
		fputs("], \"beam_better_example\": ", out);
		if (beam->has_better)
			beam_example_json(out, &beam->better);
		else
			fputs("null", out);
	}
	fputs("}\n}\n", out);
}

/* Whether the learning rate changed during the session (a schedule or a warmup). */
static int lr_moves(const Run *r)
{
	for (long i = 1; r->lr && i < r->n_points; i++)
		if (r->lr[i] != r->lr[0])
			return 1;
	return 0;
}

/* The loss and the gradient norm of this session's iterations, two panels, log y; a third,
 * the learning rate, when a schedule moved it. */
static PlotLine train_plot(const Run *r, const double *x, PlotSeries *series, char *title,
			   size_t size, int lang)
{
	/* the held-out loss joins the batch loss's panel when there are two evaluations */
	static const int panel_of[2][4] = { { 0, 1, 2 }, { 0, 0, 1, 2 } };
	int held = r->n_eval_points >= 2, n = 0;
	series[n++] = (PlotSeries){ cli_msg(lang, CM_TRAIN_PLOT_LOSS), x, r->loss, (int)r->n_points };
	if (held)
		series[n++] = (PlotSeries){ cli_msg(lang, CM_TRAIN_PLOT_HELD_OUT), r->eval_x, r->eval_y,
					    (int)r->n_eval_points };
	series[n++] = (PlotSeries){ cli_msg(lang, CM_TRAIN_PLOT_NORM), x, r->norm, (int)r->n_points };
	if (lr_moves(r))
		series[n++] = (PlotSeries){ cli_msg(lang, CM_TRAIN_PLOT_LR), x, r->lr, (int)r->n_points };
	cli_format(title, size, lang, CM_TRAIN_PLOT_TITLE, task_kind_name(r->c->task.kind));
	PlotLine p = { .title = title, .xlabel = cli_msg(lang, CM_TRAIN_PLOT_X), .logy = 1,
		       .series = series, .n_series = n, .lang = lang, .panels = n - held,
		       .panel_of = panel_of[held] };
	p.panel_ylabels[0] = cli_msg(lang, CM_TRAIN_PLOT_LOSS);
	p.panel_ylabels[1] = cli_msg(lang, CM_TRAIN_PLOT_NORM);
	p.panel_ylabels[2] = cli_msg(lang, CM_TRAIN_PLOT_LR);
	return p;
}

static int plot_train(const PlotOptions *po, const Run *r, FILE *out, FILE *err)
{
	if (r->n_points < 2)
		return 0;
	double *x = malloc((size_t)r->n_points * sizeof *x);
	if (!x) {
		fprintf(err, "gradlab train: out of memory\n");
		return 2;
	}
	for (long i = 0; i < r->n_points; i++)
		x[i] = (double)(r->first_iter + i + 1);
	PlotSeries series[2][4];
	char titles[2][160];
	PlotLine en = train_plot(r, x, series[0], titles[0], sizeof titles[0], LANG_EN);
	PlotLine p = train_plot(r, x, series[1], titles[1], sizeof titles[1], r->lang);
	p.en = r->lang != LANG_EN ? &en : NULL;
	int rc = plot_options_line("train", po, &p, out, err);
	free(x);
	return rc;
}

static void help(FILE *out, const Opt *opts)
{
	fprintf(out,
		"usage: gradlab train TASK [OPTIONS]\n\n"
		"Trains a network on a task generated from the seed and prints the held-out loss\n"
		"as it learns, then whether the run finished, diverged or stopped early.\n\n"
		"tasks:\n"
		"  adding   Hochreiter's adding problem over --steps steps: a recurrent cell\n"
		"           (--cell) and a linear read-out of its last state, MSE; the best\n"
		"           constant predictor has MSE 1/6\n"
		"  copy     remember --copy-length symbols (of --symbols) across a delay of\n"
		"           --steps blanks and give them back: cross-entropy and accuracy\n"
		"  spirals  two interleaved noisy spirals, an MLP of --layers x --width\n"
		"           (--dropout P, --batch-norm)\n"
		"  deep     spirals with a deep MLP (default 20 sigmoid layers; --residual,\n"
		"           --batch-norm), with the gradient norm reaching the first layer and\n"
		"           the output at each evaluation, and each layer's at initialisation\n"
		"           and at the end\n"
		"  charlm   a character-level language model on --text (default the English\n"
		"           lessons; lessons:LANG another language's): --batch streams, truncated\n"
		"           BPTT over --steps (default 64) with the state carried and detached,\n"
		"           bits per character and perplexity on the held-out last 10%%;\n"
		"           --sample N prints N generated characters\n"
		"  reverse  reverse a string of --min-steps to --steps digits: a GRU encoder and\n"
		"           decoder with attention (--cell and --init do not apply),\n"
		"           cross-entropy per token; --beam K also decodes greedily and with\n"
		"           beam search\n\n"
		"The held-out set is disjoint from the training data. A run is a pure function\n"
		"of its options: the same options print the same numbers. --save FILE then\n"
		"--resume FILE continues exactly (--iters counts from the start). A loss or\n"
		"gradient that is not finite ends the run as diverged (exit status 0: a result).\n"
		"--format json ends with a \"final\" object: status, iterations, seconds,\n"
		"train_loss, test_loss, baseline_loss, test_accuracy (classifiers; reverse: whole\n"
		"strings, greedy), and with --beam beam_accuracy; charlm's losses are bits per\n"
		"character, with perplexity.\n\n"
		"options:\n");
	args_print_options(opts, out);
}

/* --NAME given as a number overrides the optimizer's default: NAN means not given. */
static void take(double *dst, double v)
{
	if (!isnan(v))
		*dst = v;
}

int cmd_train(int argc, char **argv, FILE *out, FILE *err)
{
	const char *cell = "lstm", *act = NULL, *init = "pytorch", *loss = "cross_entropy";
	const char *optimizer = "adam", *schedule = "constant", *format = "table", *lang_name = "en";
	const char *save = NULL, *resume = NULL, *log_path = NULL;
	const char *text = NULL, *prompt = NULL;
	int one_hot = 0, embed = 32;
	double d_sample = 0, temperature = 1;
	int hidden = 32, steps = -1, batch = 32, layers = -1, width = -1, residual = 0;
	int copy_length = 5, symbols = 8, train_size = 512, test_size = -1;
	int min_steps = -1, beam_width = 0;
	long iters = 1000, eval_every = -1, early_stop = 0, step_size = -1, t_max = -1;
	long total_iters = -1, warmup = 0;
	double noise = 0.05, radius = 0, forget_bias = 0, clip = 0, clip_value = 0;
	double lr = NAN, momentum = NAN, dampening = NAN, weight_decay = NAN, beta1 = NAN;
	double beta2 = NAN, eps = NAN, alpha = NAN, lr_decay = NAN, init_acc = NAN;
	double gamma = NAN, eta_min = NAN, start_factor = NAN, end_factor = NAN;
	int nesterov = 0, amsgrad = 0, centered = 0;
	double dropout = 0;
	int batch_norm = 0;
	int layer_stats = 0, grad_noise = 0, trials = 9;
	const char *search = "off";
	uint64_t seed = 1;
	PlotOptions po = { 0 };
	double d_iters = 1000, d_eval = -1, d_early = 0, d_step_size = -1, d_tmax = -1;
	double d_total = -1, d_warmup = 0;
	const Opt opts[] = {
		{ "hidden", OPT_INT, &hidden, 1, MODEL_MAX_WIDTH, 0, NULL, "H", "hidden units of the recurrent cell (default 32)" },
		{ "steps", OPT_INT, &steps, 1, TASK_MAX_STEPS, 0, NULL, "T", "sequence length (adding, default 50), delay (copy, default 10) or BPTT window (charlm, default 64)" },
		{ "batch", OPT_INT, &batch, 1, TRAIN_MAX_BATCH, 0, NULL, "B", "examples per iteration (default 32)" },
		{ "iters", OPT_DOUBLE, &d_iters, 0, TRAIN_MAX_ITERS, 0, NULL, "N", "iterations, counted from the start of training (default 1000)" },
		{ "seed", OPT_U64, &seed, 0, 0, 0, NULL, "S", "random seed of the data and the weights (default 1)" },
		{ "cell", OPT_STRING, &cell, 0, 0, 0, "rnn|lstm|gru", "C", "recurrent cell (default lstm)" },
		{ "act", OPT_STRING, &act, 0, 0, 0, "sigmoid|tanh|relu|leaky_relu|elu|linear", "F", "the MLP's activation (default tanh; deep: sigmoid) and the rnn cell's (default tanh)" },
		{ "layers", OPT_INT, &layers, 1, MODEL_MAX_LAYERS, 0, NULL, "L", "hidden layers of the MLP (default 2; deep: 20)" },
		{ "width", OPT_INT, &width, 1, MODEL_MAX_WIDTH, 0, NULL, "W", "units per hidden layer (default 32; deep: 16)" },
		{ "residual", OPT_FLAG, &residual, 0, 0, 0, NULL, NULL, "h = h + f(W h + b) in every hidden layer after the first" },
		{ "init", OPT_STRING, &init, 0, 0, 0, "pytorch|zeros|normal|xavier|he|orthogonal", "I", "weight initialisation (default pytorch: each layer's own)" },
		{ "radius", OPT_DOUBLE, &radius, 0, 100, 0, NULL, "R", "spectral norm of each gate block of W_hh (0: as initialised)" },
		{ "forget-bias", OPT_DOUBLE, &forget_bias, -100, 100, 0, NULL, "B", "added to the LSTM's forget-gate bias (default 0)" },
		{ "dropout", OPT_DOUBLE, &dropout, 0, 1, 0, NULL, "P", "spirals, deep: drop each hidden unit with probability P in training (inverted dropout; 0: off, the default)" },
		{ "batch-norm", OPT_FLAG, &batch_norm, 0, 0, 0, NULL, NULL, "spirals, deep: batch normalisation after each hidden linear layer, before the activation" },
		{ "loss", OPT_STRING, &loss, 0, 0, 0, "mse|cross_entropy|softmax_mse", "L", "spirals and deep: the loss (default cross_entropy; softmax_mse: squared error of the softmax's probabilities)" },
		{ "copy-length", OPT_INT, &copy_length, 1, 100, 0, NULL, "S", "copy: symbols to remember (default 5)" },
		{ "symbols", OPT_INT, &symbols, 2, 100, 0, NULL, "K", "copy: alphabet size (default 8)" },
		{ "min-steps", OPT_INT, &min_steps, 1, SEQ2SEQ_MAX_STEPS, 0, NULL, "T", "reverse: the shortest string (default 3; --steps the longest, default 8)" },
		{ "beam", OPT_INT, &beam_width, 1, BEAM_MAX_WIDTH, 0, NULL, "K", "reverse: decode the held-out strings greedily and with beam search of width K" },
		{ "train-size", OPT_INT, &train_size, 1, TASK_MAX_EXAMPLES, 0, NULL, "N", "spirals, deep: points in the training set (default 512)" },
		{ "test-size", OPT_INT, &test_size, 1, TASK_MAX_EXAMPLES, 0, NULL, "N", "held-out examples (default 512; adding, copy: 256; charlm: characters at the end, default 10%)" },
		{ "noise", OPT_DOUBLE, &noise, 0, 10, 0, NULL, "S", "spirals, deep: noise on each point (default 0.05)" },
		{ "text", OPT_STRING, &text, 0, 0, 0, NULL, "FILE", "charlm: the text, UTF-8 (default the English lessons; lessons:LANG those in another of --lang's languages)" },
		{ "one-hot", OPT_FLAG, &one_hot, 0, 0, 0, NULL, NULL, "charlm: one-hot inputs instead of an embedding" },
		{ "embed", OPT_INT, &embed, 1, MODEL_MAX_WIDTH, 0, NULL, "D", "charlm: the embedding's dimensions (default 32)" },
		{ "sample", OPT_DOUBLE, &d_sample, 0, CHARLM_MAX_SAMPLE, 0, NULL, "N", "charlm: print N characters generated after training (default 0)" },
		{ "temperature", OPT_DOUBLE, &temperature, 0, 1e6, 1, NULL, "T", "charlm: sample from softmax(logits / T), T > 0 (default 1)" },
		{ "prompt", OPT_STRING, &prompt, 0, 0, 0, NULL, "TEXT", "charlm: the characters the sample continues (default the text's first)" },
		{ "optimizer", OPT_STRING, &optimizer, 0, 0, 0, "sgd|adam|adamw|rmsprop|adagrad", "O", "optimizer, as torch.optim (default adam)" },
		{ "lr", OPT_DOUBLE, &lr, 0, 1e6, 0, NULL, "R", "learning rate (default: the optimizer's, 0.001 for adam)" },
		{ "momentum", OPT_DOUBLE, &momentum, 0, 1e6, 0, NULL, "M", "sgd, rmsprop" },
		{ "dampening", OPT_DOUBLE, &dampening, 0, 1e6, 0, NULL, "D", "sgd" },
		{ "nesterov", OPT_FLAG, &nesterov, 0, 0, 0, NULL, NULL, "sgd" },
		{ "weight-decay", OPT_DOUBLE, &weight_decay, 0, 1e6, 0, NULL, "W", "every optimizer" },
		{ "beta1", OPT_DOUBLE, &beta1, 0, 1, 0, NULL, "B", "adam, adamw (default 0.9)" },
		{ "beta2", OPT_DOUBLE, &beta2, 0, 1, 0, NULL, "B", "adam, adamw (default 0.999)" },
		{ "eps", OPT_DOUBLE, &eps, 0, 1, 0, NULL, "E", "adam, adamw, rmsprop, adagrad" },
		{ "amsgrad", OPT_FLAG, &amsgrad, 0, 0, 0, NULL, NULL, "adam, adamw" },
		{ "alpha", OPT_DOUBLE, &alpha, 0, 1, 0, NULL, "A", "rmsprop (default 0.99)" },
		{ "centered", OPT_FLAG, &centered, 0, 0, 0, NULL, NULL, "rmsprop" },
		{ "lr-decay", OPT_DOUBLE, &lr_decay, 0, 1e6, 0, NULL, "D", "adagrad" },
		{ "initial-accumulator-value", OPT_DOUBLE, &init_acc, 0, 1e6, 0, NULL, "V", "adagrad" },
		{ "schedule", OPT_STRING, &schedule, 0, 0, 0, "constant|step|exponential|cosine|linear", "S", "learning-rate schedule, as torch.optim.lr_scheduler (default constant)" },
		{ "step-size", OPT_DOUBLE, &d_step_size, 1, TRAIN_MAX_ITERS, 0, NULL, "N", "step: iterations between decays" },
		{ "gamma", OPT_DOUBLE, &gamma, 0, 1e6, 0, NULL, "G", "step (default 0.1), exponential: the decay factor" },
		{ "T-max", OPT_DOUBLE, &d_tmax, 1, TRAIN_MAX_ITERS, 0, NULL, "N", "cosine: half period (default: --iters less --warmup)" },
		{ "eta-min", OPT_DOUBLE, &eta_min, 0, 1e6, 0, NULL, "R", "cosine: the lowest lr (default 0)" },
		{ "start-factor", OPT_DOUBLE, &start_factor, 0, 1, 1, NULL, "F", "linear (default 1/3)" },
		{ "end-factor", OPT_DOUBLE, &end_factor, 0, 1, 0, NULL, "F", "linear (default 1)" },
		{ "total-iters", OPT_DOUBLE, &d_total, 1, TRAIN_MAX_ITERS, 0, NULL, "N", "linear (default 5)" },
		{ "warmup", OPT_DOUBLE, &d_warmup, 0, TRAIN_MAX_ITERS, 0, NULL, "N", "iterations of linear warmup from lr/3 before the schedule (default 0)" },
		{ "clip", OPT_DOUBLE, &clip, 0, 1e12, 0, NULL, "N", "clip the gradients' global norm to N (0: off, the default)" },
		{ "clip-value", OPT_DOUBLE, &clip_value, 0, 1e12, 0, NULL, "V", "clamp every gradient element to [-V, V] (0: off)" },
		{ "eval-every", OPT_DOUBLE, &d_eval, 0, TRAIN_MAX_ITERS, 0, NULL, "N", "held-out loss every N iterations (default --iters / 10; 0: at the end only)" },
		{ "early-stop", OPT_DOUBLE, &d_early, 0, TRAIN_MAX_ITERS, 0, NULL, "P", "stop after P evaluations without a better held-out loss, and restore the best weights (0: off)" },
		{ "save", OPT_STRING, &save, 0, 0, 0, NULL, "FILE", "save a checkpoint at the end" },
		{ "resume", OPT_STRING, &resume, 0, 0, 0, NULL, "FILE", "continue the run saved in FILE (the same options; --iters may grow)" },
		{ "log", OPT_STRING, &log_path, 0, 0, 0, NULL, "FILE", "CSV, one row per iteration: iter, loss, grad_norm, lr, seconds" },
		{ "layer-stats", OPT_FLAG, &layer_stats, 0, 0, 0, NULL, NULL, "spirals, deep: before training, each hidden layer's activation variance and gradient variance over the training set" },
		{ "grad-noise", OPT_INT, &grad_noise, 1, 10000, 0, NULL, "K", "spirals, deep: before training, the noise of K mini-batch gradients around the full-batch one, for batch sizes 1, 4, 16, ..." },
		{ "search", OPT_STRING, &search, 0, 0, 0, "off|grid|random", "S", "run --trials whole trainings with the learning rate in [1e-4, 1e-1] and the weight decay in [1e-6, 1e-3] (log scales) on a grid or at random, and report the best held-out loss (default off)" },
		{ "trials", OPT_INT, &trials, 1, SEARCH_MAX_TRIALS, 0, NULL, "N", "--search: trainings to run (default 9; a grid needs a square)" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|json", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "language of the table and the plot (default en)" },
		PLOT_OPTIONS(&po),
		{ 0 },
	};
	const char *pos[1];
	int n_pos;
	int rc = args_parse("train", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		help(out, opts);
		return 0;
	}
	if (rc != ARGS_OK || plot_options_check("train", &po, err))
		return 2;
	if (n_pos != 1) {
		fprintf(err, "gradlab train: name a task: adding, copy, spirals, deep, charlm or reverse (see 'gradlab train --help')\n");
		return 2;
	}
	/* Whole numbers given as doubles (args has no long): refuse fractions. */
	const double *whole[] = { &d_iters, &d_eval, &d_early, &d_step_size, &d_tmax, &d_total, &d_warmup, &d_sample };
	const char *whole_name[] = { "iters", "eval-every", "early-stop", "step-size", "T-max", "total-iters", "warmup", "sample" };
	for (int i = 0; i < 8; i++)
		if (*whole[i] != floor(*whole[i])) {
			fprintf(err, "gradlab train: --%s must be a whole number, got %g\n", whole_name[i], *whole[i]);
			return 2;
		}
	iters = (long)d_iters;
	eval_every = (long)d_eval;
	early_stop = (long)d_early;
	step_size = (long)d_step_size;
	t_max = (long)d_tmax;
	total_iters = (long)d_total;
	warmup = (long)d_warmup;

	TrainConfig c = { 0 };
	TaskKind kind;
	if (task_kind_parse(pos[0], &kind)) {
		fprintf(err, "gradlab train: %s\n", status_detail());
		return 2;
	}
	int mlp = kind == TASK_SPIRALS || kind == TASK_DEEP;
	c.task = task_defaults(kind);
	if (steps > 0)
		c.task.steps = steps;
	c.task.copy_length = copy_length;
	c.task.symbols = symbols;
	c.task.train_size = train_size;
	c.task.test_size = test_size > 0 ? test_size : mlp ? 512 : 256;
	if (kind == TASK_CHARLM) {
		c.task.test_size = test_size > 0 ? test_size : 0; /* 0: the last 10% */
		c.task.text = text;
	}
	c.task.noise = noise;
	if (min_steps > 0)
		c.task.min_steps = min_steps;
	if ((min_steps > 0 || beam_width) && kind != TASK_REVERSE) {
		fprintf(err, "gradlab train: --%s is for the reverse task\n", beam_width ? "beam" : "min-steps");
		return 2;
	}
	ModelConfig *m = &c.model;
	m->hidden = hidden;
	m->layers = layers > 0 ? layers : kind == TASK_DEEP ? 20 : 2;
	m->width = width > 0 ? width : kind == TASK_DEEP ? 16 : 32;
	m->residual = residual;
	if (!mlp && (dropout > 0 || batch_norm) && (kind == TASK_ADDING || kind == TASK_COPY)) {
		fprintf(err, "gradlab train: --dropout and --batch-norm are for spirals and deep\n");
		return 2;
	}
	if (dropout >= 1) {
		fprintf(err, "gradlab train: --dropout must be below 1 (1 would drop every unit), got %g\n",
			dropout);
		return 2;
	}
	m->dropout = dropout;
	m->batch_norm = batch_norm;
	m->radius = radius;
	m->forget_bias = forget_bias;
	m->one_hot = one_hot;
	m->embed = embed;
	m->act = kind == TASK_DEEP ? ACT_SIGMOID : ACT_TANH;
	if (recurrent_kind_parse(cell, &m->cell) || (act && activation_parse(act, &m->act)) ||
	    model_init_parse(init, &m->init) || loss_kind_parse(loss, &m->loss)) {
		fprintf(err, "gradlab train: %s\n", status_detail());
		return 2;
	}
	OptimKind ok;
	optim_kind_parse(optimizer, &ok);
	c.optim = optim_defaults(ok);
	take(&c.optim.lr, lr);
	take(&c.optim.momentum, momentum);
	take(&c.optim.dampening, dampening);
	take(&c.optim.weight_decay, weight_decay);
	take(&c.optim.beta1, beta1);
	take(&c.optim.beta2, beta2);
	take(&c.optim.eps, eps);
	take(&c.optim.alpha, alpha);
	take(&c.optim.lr_decay, lr_decay);
	take(&c.optim.initial_accumulator_value, init_acc);
	c.optim.nesterov |= nesterov;
	c.optim.amsgrad |= amsgrad;
	c.optim.centered |= centered;
	OptimFault of = optim_options_check(&c.optim);
	if (of.problem != OPTIM_FINE) {
		/* torch's keyword, as this command spells it: --beta1/--beta2, dashes. */
		char name[64];
		snprintf(name, sizeof name, "%s",
			 of.option == OPTIM_OPT_BETAS ? (of.index ? "beta2" : "beta1")
						      : optim_option_name(of.option));
		for (char *p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		fprintf(err, "gradlab train: --%s %g is not allowed for %s (torch.optim refuses it)\n",
			name, of.value, optimizer);
		return 2;
	}
	ScheduleKind sk;
	schedule_kind_parse(schedule, &sk);
	c.schedule = schedule_defaults(sk);
	if (step_size > 0)
		c.schedule.step_size = step_size;
	else if (sk == SCHED_STEP) {
		fprintf(err, "gradlab train: --schedule step needs --step-size\n");
		return 2;
	}
	take(&c.schedule.gamma, gamma);
	c.schedule.warmup = warmup;
	/* Cosine's half period defaults to the run's length after the warmup; a resumed run
	 * with more --iters then has another schedule, and its checkpoint says so. */
	if (t_max > 0)
		c.schedule.T_max = t_max;
	else if (sk == SCHED_COSINE)
		c.schedule.T_max = iters - warmup > 0 ? iters - warmup : 1;
	take(&c.schedule.eta_min, eta_min);
	take(&c.schedule.start_factor, start_factor);
	take(&c.schedule.end_factor, end_factor);
	if (total_iters > 0)
		c.schedule.total_iters = total_iters;
	ScheduleFault sf = schedule_options_check(&c.schedule);
	if (sf.problem != SCHED_FINE) {
		char name[64];
		snprintf(name, sizeof name, "%s", schedule_option_name(sf.option));
		for (char *p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		fprintf(err, "gradlab train: --%s %g is not allowed for --schedule %s\n", name,
			sf.value, schedule);
		return 2;
	}
	c.batch = batch;
	c.iters = iters;
	c.clip = clip;
	c.clip_value = clip_value;
	c.eval_every = eval_every >= 0 ? eval_every : iters / 10;
	c.early_stop = early_stop;
	if (early_stop && !c.eval_every) {
		fprintf(err, "gradlab train: --early-stop needs --eval-every above 0\n");
		return 2;
	}
	c.seed = seed;
	int json = strcmp(format, "json") == 0;
	int lang = lang_resolve("train", lang_name, err);

	if ((layer_stats || grad_noise) && !mlp) {
		fprintf(err, "gradlab train: --layer-stats and --grad-noise are for spirals and deep\n");
		return 2;
	}
	if (kind != TASK_CHARLM && (text || prompt || d_sample > 0 || one_hot)) {
		fprintf(err, "gradlab train: --text, --one-hot, --sample and --prompt are charlm's "
			"options, not %s's\n", pos[0]);
		return 2;
	}
	SearchKind sk_search;
	search_kind_parse(search, &sk_search);
	if (sk_search != SEARCH_OFF) {
		if (save || resume || log_path || layer_stats || grad_noise || d_sample > 0 || beam_width) {
			fprintf(err, "gradlab train: --search runs many trainings: it takes no --save, --resume, --log, --layer-stats, --grad-noise, --sample or --beam\n");
			return 2;
		}
		if (!isnan(lr) || !isnan(weight_decay)) {
			fprintf(err, "gradlab train: --search chooses --lr and --weight-decay itself\n");
			return 2;
		}
		struct sigaction old_search[STOP_SIGNALS_N];
		stop_signals_catch(old_search);
		rc = train_search(out, err, lang, json, &po, &c, sk_search, trials,
				  train_watch ? &train_watch->stop : &stop_signal);
		stop_signals_restore(old_search);
		if (!rc && stop_signal)
			rc = 128 + stop_signal;
		return rc;
	}
	Trainer *tr = trainer_new(&c);
	if (!tr) {
		fprintf(err, "gradlab train: %s\n", status_detail());
		return 2;
	}
	int *prompt_id = NULL, n_prompt = 0;
	char *sample = NULL;
	if (prompt && !(prompt_id = train_charlm_prompt(tr, prompt, &n_prompt, err))) {
		trainer_free(tr);
		return 2;
	}
	Run r = { .c = &c, .json = json, .lang = lang, .out = out, .err = err };
	if (resume && checkpoint_load(tr, resume, &r.before)) {
		fprintf(err, "gradlab train: --resume %s\n", status_detail());
		mem_free(prompt_id);
		trainer_free(tr);
		return 2;
	}
	rc = 0;
	if (log_path && !(r.log = fopen(log_path, "w"))) {
		fprintf(err, "gradlab train: --log %s: %s\n", log_path, strerror(errno));
		mem_free(prompt_id);
		trainer_free(tr);
		return 2;
	}
	if (r.log)
		fprintf(r.log, "iter,loss,grad_norm,lr,seconds\n");
	r.first_iter = tr->iter;
	if (plot_options_wanted(&po) && iters > tr->iter) {
		r.loss = mem_calloc((size_t)(iters - tr->iter), sizeof(double));
		r.norm = mem_calloc((size_t)(iters - tr->iter), sizeof(double));
		r.lr = mem_calloc((size_t)(iters - tr->iter), sizeof(double));
		r.eval_cap = (c.eval_every > 0 ? (iters - tr->iter) / c.eval_every : 0) + 1;
		r.eval_x = mem_calloc((size_t)r.eval_cap, sizeof(double));
		r.eval_y = mem_calloc((size_t)r.eval_cap, sizeof(double));
		if (!r.loss || !r.norm || !r.lr || !r.eval_x || !r.eval_y) {
			fprintf(err, "gradlab train: out of memory for the plot\n");
			rc = 2;
			goto done;
		}
	}
	r.progress = !json && out == stdout && isatty(STDOUT_FILENO) && isatty(fileno(err));
	if (json)
		fprintf(out, "{\n  \"task\": \"%s\",\n", task_kind_name(kind));
	else {
		print_head(out, &c, lang);
		if (tr->task->lm)
			train_charlm_head(out, lang, tr);
		if (resume)
			cli_say(out, lang, CM_TRAIN_RESUMED, resume, tr->iter);
	}
	/* The probes measure the weights as they are before this session trains. */
	if ((rc = train_probe_print(out, err, lang, json, tr, layer_stats, grad_noise)))
		goto done;
	if (json)
		fputs("  \"evals\": [", out);
	else
		print_table_head(out, lang, kind == TASK_DEEP);
	struct sigaction old[STOP_SIGNALS_N];
	stop_signals_catch(old);
	TrainHooks hooks = { .on_step = on_step, .on_eval = on_eval, .stop = &stop_signal, .ctx = &r };
	if (train_watch)   /* the book stops it with its own key, not a signal */
		hooks.stop = &train_watch->stop;
	r.start = clock_seconds();
	Status st = trainer_train(tr, &hooks);
	stop_signals_restore(old);
	clear_progress(&r);
	double seconds = r.before + (clock_seconds() - r.start);
	if (st) {
		fprintf(err, "gradlab train: %s\n", status_detail());
		rc = 2;
		goto done;
	}
	if (save) {
		if (checkpoint_save(tr, seconds, save)) {
			fprintf(err, "gradlab train: --save %s\n", status_detail());
			rc = 2;
			goto done;
		}
		if (!json)
			cli_say(out, lang, CM_TRAIN_SAVED, save, tr->iter);
	}
	TrainEval final;
	if ((st = trainer_finish(tr, &final))) {
		fprintf(err, "gradlab train: %s\n", status_detail());
		rc = 2;
		goto done;
	}
	if (d_sample > 0 && !(sample = train_charlm_sample(tr, prompt_id, n_prompt, (long)d_sample,
							   temperature, prompt, err))) {
		rc = 2;
		goto done;
	}
	Seq2seqDecodeReport *beam = NULL;
	if (beam_width) {
		if (!(beam = mem_calloc(1, sizeof *beam)) ||
		    seq2seq_decode_test(tr->model->s2s, tr->task, beam_width, beam)) {
			fprintf(err, "gradlab train: %s\n", beam ? status_detail() : "out of memory");
			mem_free(beam);
			rc = 2;
			goto done;
		}
	}
	if (json) {
		print_final_json(out, tr, &final, seconds, sample, beam);
	} else {
		print_final_table(out, tr, &final, seconds, lang);
		if (sample) {
			cli_say(out, lang, CM_TRAIN_CHARLM_SAMPLE, (long)d_sample, temperature);
			fprintf(out, "%s\n", sample);
		}
		if (beam)
			print_beam_table(out, beam, lang);
	}
	mem_free(beam);
	if (plot_options_wanted(&po))
		rc = plot_train(&po, &r, out, err);
	if (tr->status == TRAIN_INTERRUPTED && stop_signal)
		rc = 128 + stop_signal;
done:
	if (r.log && (fclose(r.log) != 0 || r.log_failed) && !rc) {
		fprintf(err, "gradlab train: --log %s: the log could not be written\n", log_path);
		rc = 2;
	}
	mem_free(r.loss);
	mem_free(r.norm);
	mem_free(r.lr);
	mem_free(r.eval_x);
	mem_free(r.eval_y);
	mem_free(prompt_id);
	mem_free(sample);
	trainer_free(tr);
	return rc;
}
