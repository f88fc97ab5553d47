/* loop: the training loop; see loop.h. */
#include "train/loop.h"

#include "core/mem.h"
#include "nn/clip.h"
#include "train/charlm.h"

#include <math.h>
#include <string.h>

static const char *const status_names[TRAIN_STATUS_COUNT] = { "running", "finished", "diverged",
							      "stopped_early", "interrupted" };

const char *train_status_name(TrainStatus s)
{
	return s >= 0 && s < TRAIN_STATUS_COUNT ? status_names[s] : "?";
}

/* The initial weights' stream, apart from the data's (task.c derives those). */
static uint64_t init_seed(uint64_t seed)
{
	return seed ^ 0x696e697477656967ULL;
}

/* The dropout masks' stream, apart from the data's and the weights'. */
static uint64_t dropout_seed(uint64_t seed)
{
	return seed ^ 0x64726f706f757473ULL;
}

Trainer *trainer_new(const TrainConfig *c)
{
	if (c->batch < 1 || c->batch > TRAIN_MAX_BATCH)
		return status_fail(ST_ERANGE, "--batch must be 1 to %d", TRAIN_MAX_BATCH), NULL;
	if (c->iters < 0 || c->iters > TRAIN_MAX_ITERS)
		return status_fail(ST_ERANGE, "--iters must be 0 to %ld", TRAIN_MAX_ITERS), NULL;
	if (!(c->clip >= 0) || !isfinite(c->clip) || !(c->clip_value >= 0) || !isfinite(c->clip_value))
		return status_fail(ST_ERANGE, "--clip and --clip-value must be finite and >= 0"), NULL;
	if (c->eval_every < 0 || c->early_stop < 0)
		return status_fail(ST_ERANGE, "--eval-every and --early-stop must be >= 0"), NULL;
	OptimFault f = optim_options_check(&c->optim);
	if (f.problem != OPTIM_FINE)
		return status_fail(ST_EINVAL, "optimizer option %s = %g is not allowed",
				   optim_option_name(f.option), f.value), NULL;
	Trainer *tr = mem_calloc(1, sizeof *tr);
	size_t *sizes = NULL;
	if (!tr)
		goto nomem;
	tr->c = *c;
	tr->c.task.seed = c->seed;
	tr->c.model.dropout_seed = dropout_seed(c->seed);
	if (c->model.batch_norm && c->batch < 2) {
		status_fail(ST_ERANGE, "--batch-norm needs --batch 2 or more (a batch's variance)");
		goto fail;
	}
	tr->c.task.batch = c->batch;
	if (!(tr->task = task_new(&tr->c.task)))
		goto fail;
	Rng init;
	rng_seed(&init, init_seed(c->seed));
	if (!(tr->model = model_new(&tr->c.model, tr->task, &init)))
		goto fail;
	Model *m = tr->model;
	if (!(sizes = mem_calloc((size_t)m->n_params, sizeof *sizes)))
		goto nomem;
	for (int k = 0; k < m->n_params; k++)
		sizes[k] = mat_size(m->param[k]);
	if (!(tr->opt = optim_new(&c->optim, m->n_params, sizes)))
		goto nomem;
	if (schedule_init(&tr->sched, &c->schedule, c->optim.lr))
		goto fail;
	if (!(tr->tape = ad_tape_new()) || !(tr->batch = batch_new(tr->task, c->batch)))
		goto nomem;
	int chunk = c->task.test_size < TRAIN_EVAL_CHUNK ? c->task.test_size : TRAIN_EVAL_CHUNK;
	if (!(tr->chunk = batch_new(tr->task, chunk)))
		goto nomem;
	if (c->early_stop) {
		if (!(tr->best = mem_calloc((size_t)m->n_params, sizeof *tr->best)))
			goto nomem;
		for (int k = 0; k < m->n_params; k++)
			if (!(tr->best[k] = mat_clone(m->param[k])))
				goto nomem;
		if (m->n_buffers &&
		    !(tr->best_buffers = mem_calloc((size_t)m->n_buffers, sizeof *tr->best_buffers)))
			goto nomem;
		for (int k = 0; k < m->n_buffers; k++)
			if (!(tr->best_buffers[k] = mat_clone(m->buffer[k])))
				goto nomem;
		tr->best_loss = INFINITY;
	}
	if (!m->rnn && !m->s2s) {
		tr->n_layer_norms = m->n_layer;
		tr->layer_norm_init = mem_calloc((size_t)m->n_layer, sizeof(double));
		tr->layer_norm_last = mem_calloc((size_t)m->n_layer, sizeof(double));
		if (!tr->layer_norm_init || !tr->layer_norm_last)
			goto nomem;
	}
	tr->identical_at_init = model_units_identical(m);
	tr->status = TRAIN_RUNNING;
	tr->last_loss = tr->last_norm = tr->last_finite_norm = NAN;
	tr->last_train_loss = NAN;
	mem_free(sizes);
	return tr;
nomem:
	status_fail(ST_ENOMEM, "out of memory for the training run");
fail:
	mem_free(sizes);
	trainer_free(tr);
	return NULL;
}

void trainer_free(Trainer *tr)
{
	if (!tr)
		return;
	for (int k = 0; tr->best && tr->model && k < tr->model->n_params; k++)
		mat_free(tr->best[k]);
	mem_free(tr->best);
	for (int k = 0; tr->best_buffers && k < tr->model->n_buffers; k++)
		mat_free(tr->best_buffers[k]);
	mem_free(tr->best_buffers);
	mem_free(tr->layer_norm_init);
	mem_free(tr->layer_norm_last);
	batch_free(tr->batch);
	batch_free(tr->chunk);
	ad_tape_free(tr->tape);
	optim_free(tr->opt);
	model_free(tr->model);
	task_free(tr->task);
	mem_free(tr);
}

static Status diverge(Trainer *tr, int in_loss)
{
	tr->status = TRAIN_DIVERGED;
	tr->diverged_in_loss = in_loss;
	return ST_OK;
}

Status trainer_step(Trainer *tr, TrainPoint *p)
{
	Model *m = tr->model;
	long it = tr->iter + 1;
	memset(p, 0, sizeof *p);
	p->iter = it;
	p->lr = schedule_lr(&tr->sched);
	p->loss = p->grad_norm = NAN;
	task_next_batch(tr->task, tr->batch);
	ad_tape_reset(tr->tape);
	model_zero_grad(m);
	AdNode *loss = model_loss(m, tr->tape, tr->batch, NULL, NULL);
	Status st = ad_tape_status(tr->tape);
	if (st || !loss)
		return st ? st : ST_EFAIL;
	tr->iter = it;
	p->loss = tr->last_loss = loss->value.data[0];
	if (!isfinite(p->loss))
		return diverge(tr, 1);
	if ((st = ad_backward(tr->tape, loss)))
		return st;
	double norm = clip_global_norm(m->grad, m->n_params);
	p->grad_norm = tr->last_norm = norm;
	if (!isfinite(norm))
		return diverge(tr, 0);
	tr->last_finite_norm = norm;
	for (int k = 0; k < tr->n_layer_norms; k++) {
		tr->layer_norm_last[k] = mat_norm(model_layer_grad(m, k));
		if (it == 1)
			tr->layer_norm_init[k] = tr->layer_norm_last[k];
	}
	if (tr->c.clip_value > 0 && (st = clip_grad_value(m->grad, m->n_params, tr->c.clip_value,
							  NULL, NULL)))
		return st;
	if (tr->c.clip > 0 && (st = clip_grad_norm(m->grad, m->n_params, tr->c.clip, NULL)))
		return st;
	/* The optimizer reads flat arrays: the model's matrices are contiguous. */
	double *params[m->n_params];
	const double *grads[m->n_params];
	for (int k = 0; k < m->n_params; k++) {
		params[k] = m->param[k]->data;
		grads[k] = m->grad[k]->data;
	}
	optim_step(tr->opt, params, grads, p->lr);
	schedule_step(&tr->sched);
	tr->window_sum += p->loss;
	tr->window_n++;
	return ST_OK;
}

Status trainer_evaluate(Trainer *tr, double *loss, double *accuracy)
{
	if (tr->task->c.kind == TASK_CHARLM) {
		*accuracy = NAN;
		return charlm_evaluate(tr->model, tr->tape, loss);
	}
	const Batch *test = tr->task->test;
	Batch *ch = tr->chunk;
	double sum = 0, weight = 0;
	long right = 0, labels = 0;
	Status st = ST_OK;
	model_set_training(tr->model, 0); /* running statistics, no dropout */
	for (int start = 0; start < test->n; start += ch->n) {
		int n = test->n - start < ch->n ? test->n - start : ch->n;
		Batch part = *ch;
		part.n = n;
		part.n_label = ch->n_label / ch->n * n;
		/* Examples start .. start+n, step-major like every batch. */
		for (int s = 0; s < test->steps; s++)
			memcpy(&part.x->data[(size_t)s * n * test->input],
			       &test->x->data[((size_t)s * test->n + start) * test->input],
			       (size_t)n * test->input * sizeof(double));
		Mat xv = { part.steps * n, part.input, part.x->data }, yv;
		part.x = &xv;
		if (test->y) {
			yv = (Mat){ n, 1, part.y->data };
			memcpy(yv.data, &test->y->data[start], (size_t)n * sizeof(double));
			part.y = &yv;
		}
		int outs = test->label ? test->n_label / test->n : 0;
		for (int s = 0; s < outs; s++)
			memcpy(&part.label[(size_t)s * n], &test->label[(size_t)s * test->n + start],
			       (size_t)n * sizeof(int));
		ad_tape_reset(tr->tape);
		long correct;
		AdNode *l = model_loss(tr->model, tr->tape, &part, &correct, NULL);
		st = ad_tape_status(tr->tape);
		if (st || !l) {
			st = st ? st : ST_EFAIL;
			break;
		}
		/* Every loss is a mean over its rows, and every example has as many rows; but
		 * reverse's mean is over tokens, as many as its strings' lengths. */
		double w = tr->task->c.kind == TASK_REVERSE ? (double)seq2seq_tokens(&part) : n;
		sum += l->value.data[0] * w;
		weight += w;
		right += correct;
		/* reverse counts whole strings: its labels are positions, most of them padding. */
		labels += tr->task->c.kind == TASK_REVERSE ? n : part.n_label;
	}
	model_set_training(tr->model, 1);
	if (st)
		return st;
	ad_tape_reset(tr->tape);
	*loss = sum / weight;
	*accuracy = labels ? (double)right / (double)labels : NAN;
	return ST_OK;
}

static void keep_best(Trainer *tr)
{
	for (int k = 0; k < tr->model->n_params; k++)
		mat_copy(tr->best[k], tr->model->param[k]);
	for (int k = 0; k < tr->model->n_buffers; k++)
		mat_copy(tr->best_buffers[k], tr->model->buffer[k]);
}

static void restore_best(Trainer *tr)
{
	for (int k = 0; k < tr->model->n_params; k++)
		mat_copy(tr->model->param[k], tr->best[k]);
	for (int k = 0; k < tr->model->n_buffers; k++)
		mat_copy(tr->model->buffer[k], tr->best_buffers[k]);
}

/* The scheduled evaluation at the current iteration: *e filled, the window of batch losses
 * started again, early stopping's bookkeeping done. */
static Status evaluate_now(Trainer *tr, TrainEval *e)
{
	Status st = trainer_evaluate(tr, &e->test_loss, &e->test_accuracy);
	if (st)
		return st;
	e->iter = tr->iter;
	e->train_loss = tr->window_n ? tr->window_sum / tr->window_n : tr->last_train_loss;
	tr->last_train_loss = e->train_loss;
	tr->window_sum = 0;
	tr->window_n = 0;
	e->improved = 0;
	if (tr->best) {
		if (e->test_loss < tr->best_loss) {
			tr->best_loss = e->test_loss;
			tr->best_iter = tr->iter;
			tr->since_best = 0;
			keep_best(tr);
			e->improved = 1;
		} else {
			tr->since_best++;
		}
	}
	tr->last_eval = *e;
	return ST_OK;
}

Status trainer_train(Trainer *tr, const TrainHooks *hooks)
{
	Status st = ST_OK;
	tr->status = TRAIN_RUNNING;
	if (tr->best && tr->since_best >= tr->c.early_stop && tr->last_eval.iter)
		tr->status = TRAIN_STOPPED_EARLY; /* a resumed run that had stopped */
	while (tr->status == TRAIN_RUNNING && tr->iter < tr->c.iters) {
		if (hooks && hooks->stop && *hooks->stop) {
			tr->status = TRAIN_INTERRUPTED;
			break;
		}
		TrainPoint p;
		if ((st = trainer_step(tr, &p)))
			return st;
		if (hooks && hooks->on_step)
			hooks->on_step(hooks->ctx, tr, &p);
		if (tr->status == TRAIN_DIVERGED)
			break;
		/* Every eval_every-th iteration, the last one too, so that a run stopped and
		 * resumed there evaluates exactly where an uninterrupted one does. */
		if (tr->c.eval_every && tr->iter % tr->c.eval_every == 0) {
			TrainEval e;
			if ((st = evaluate_now(tr, &e)))
				return st;
			if (hooks && hooks->on_eval)
				hooks->on_eval(hooks->ctx, tr, &e);
			if (tr->best && tr->since_best >= tr->c.early_stop)
				tr->status = TRAIN_STOPPED_EARLY;
		}
	}
	if (tr->status == TRAIN_RUNNING)
		tr->status = TRAIN_FINISHED;
	return ST_OK;
}

Status trainer_finish(Trainer *tr, TrainEval *final)
{
	Status st;
	if (tr->last_eval.iter == tr->iter && tr->iter > 0) {
		*final = tr->last_eval;
	} else {
		memset(final, 0, sizeof *final);
		if ((st = trainer_evaluate(tr, &final->test_loss, &final->test_accuracy)))
			return st;
		final->iter = tr->iter;
		final->train_loss = tr->window_n ? tr->window_sum / tr->window_n : tr->last_train_loss;
	}
	if (tr->best && tr->best_loss < final->test_loss && tr->status != TRAIN_DIVERGED) {
		restore_best(tr);
		tr->restored_best = 1;
		if ((st = trainer_evaluate(tr, &final->test_loss, &final->test_accuracy)))
			return st;
	}
	return ST_OK;
}

Status trainer_run(Trainer *tr, const TrainHooks *hooks, TrainEval *final)
{
	Status st = trainer_train(tr, hooks);
	return st ? st : trainer_finish(tr, final);
}
