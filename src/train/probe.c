/* probe: the initial network measured over the training set; see probe.h. */
#include "train/probe.h"

#include "core/mem.h"
#include "core/rng.h"

#include <math.h>
#include <string.h>

/* The mini-batches' own stream, apart from the data's, the weights' and the masks'. */
static uint64_t probe_seed(uint64_t seed)
{
	return seed ^ 0x70726f62656e6f69ULL;
}

/* What a probing pass changes besides the gradients: the dropout streams and batch norm's
 * running statistics. Saved before, put back after. */
typedef struct Saved {
	uint64_t *words;
	Mat **buffers;
	int n_buffers;
} Saved;

static Status save(const Model *m, Saved *s)
{
	memset(s, 0, sizeof *s);
	int nw = model_rng_words(m);
	if (nw && !(s->words = mem_calloc((size_t)nw, sizeof *s->words)))
		return status_fail(ST_ENOMEM, "out of memory for a probe");
	if (nw)
		model_rng_get(m, s->words);
	if (m->n_buffers && !(s->buffers = mem_calloc((size_t)m->n_buffers, sizeof *s->buffers)))
		return status_fail(ST_ENOMEM, "out of memory for a probe");
	s->n_buffers = m->n_buffers;
	for (int k = 0; k < m->n_buffers; k++)
		if (!(s->buffers[k] = mat_clone(m->buffer[k])))
			return status_fail(ST_ENOMEM, "out of memory for a probe");
	return ST_OK;
}

static void restore(Model *m, Saved *s)
{
	if (s->words)
		model_rng_set(m, s->words);
	for (int k = 0; k < s->n_buffers; k++)
		if (s->buffers[k])
			mat_copy(m->buffer[k], s->buffers[k]);
	mem_free(s->words);
	for (int k = 0; k < s->n_buffers; k++)
		mat_free(s->buffers[k]);
	mem_free(s->buffers);
	model_zero_grad(m);
}

static Status mlp_only(const Trainer *tr)
{
	if (!tr->task->train || tr->model->rnn || tr->model->s2s || tr->task->lm)
		return status_fail(ST_EINVAL, "the probes measure an MLP: spirals or deep");
	return ST_OK;
}

/* Forward and backward of the mean loss over b; the gradients land in the model's. */
static Status pass(Trainer *tr, const Batch *b, AdNode **layer_out)
{
	ad_tape_reset(tr->tape);
	model_zero_grad(tr->model);
	AdNode *loss = model_loss(tr->model, tr->tape, b, NULL, layer_out);
	Status st = ad_tape_status(tr->tape);
	if (st || !loss)
		return st ? st : ST_EFAIL;
	return ad_backward(tr->tape, loss);
}

/* Variance of the n values v[i] * scale. */
static double variance(const double *v, size_t n, double scale)
{
	double mean = 0, sq = 0;
	for (size_t i = 0; i < n; i++)
		mean += v[i] * scale;
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double d = v[i] * scale - mean;
		sq += d * d;
	}
	return sq / (double)n;
}

Status probe_layers(Trainer *tr, double *act_var, double *grad_var)
{
	Status st = mlp_only(tr);
	if (st)
		return st;
	Model *m = tr->model;
	const Batch *all = tr->task->train;
	int L = m->c.layers;
	Saved s;
	AdNode **out = mem_calloc((size_t)L, sizeof *out);
	if (!out)
		return status_fail(ST_ENOMEM, "out of memory for a probe");
	if ((st = save(m, &s)) || (st = pass(tr, all, out)))
		goto done;
	for (int k = 0; k < L; k++) {
		const AdNode *h = out[k];
		size_t n = (size_t)h->value.rows * (size_t)h->value.cols;
		act_var[k] = variance(h->value.data, n, 1);
		/* dL/dh of the mean loss is 1/N of one example's own gradient */
		grad_var[k] = h->grad.data ? variance(h->grad.data, n, (double)all->n) : 0;
	}
done:
	restore(m, &s);
	mem_free(out);
	return st;
}

/* The model's gradient, all parameters in order, into g (the total size). */
static void flatten(const Model *m, double *g)
{
	for (int k = 0; k < m->n_params; k++) {
		size_t n = mat_size(m->grad[k]);
		memcpy(g, m->grad[k]->data, n * sizeof *g);
		g += n;
	}
}

/* b's n examples drawn from the training set with replacement. */
static void draw(const Batch *all, Batch *b, Rng *r)
{
	for (int i = 0; i < b->n; i++) {
		int j = rng_below(r, all->n);
		memcpy(&b->x->data[(size_t)i * all->input], &all->x->data[(size_t)j * all->input],
		       (size_t)all->input * sizeof(double));
		b->label[i] = all->label[j];
	}
}

Status probe_grad_noise(Trainer *tr, int draws, ProbeNoise *out, int *n_out)
{
	Status st = mlp_only(tr);
	*n_out = 0;
	if (st)
		return st;
	if (draws < 1)
		return status_fail(ST_ERANGE, "a gradient-noise probe needs at least one draw");
	Model *m = tr->model;
	const Batch *all = tr->task->train;
	int N = all->n;
	size_t P = 0;
	for (int k = 0; k < m->n_params; k++)
		P += mat_size(m->grad[k]);
	Saved s;
	Batch *b = NULL;
	double *g = mem_calloc(P, sizeof *g), *gb = mem_calloc(P, sizeof *gb);
	if (!g || !gb) {
		mem_free(g);
		mem_free(gb);
		return status_fail(ST_ENOMEM, "out of memory for a probe");
	}
	if ((st = save(m, &s)) || (st = pass(tr, all, NULL)))
		goto done;
	flatten(m, g);
	double gg = 0;
	for (size_t i = 0; i < P; i++)
		gg += g[i] * g[i];
	Rng r;
	rng_seed(&r, probe_seed(tr->c.seed));
	/* Batch norm needs two examples for a variance. */
	int first = m->c.batch_norm ? 2 : 1;
	for (int B = first; *n_out < PROBE_MAX_SIZES; B *= 4) {
		int size = B < N ? B : N;
		ProbeNoise *p = &out[(*n_out)++];
		p->batch = size;
		p->steps_per_epoch = (N + size - 1) / size;
		if (size == N) {   /* the whole set: the full-batch gradient itself */
			p->noise = 0;
			break;
		}
		double sum = 0;
		if (!(b = batch_new(tr->task, size))) {
			st = ST_ENOMEM;
			goto done;
		}
		for (int d = 0; d < draws; d++) {
			draw(all, b, &r);
			if ((st = pass(tr, b, NULL)))
				goto done;
			flatten(m, gb);
			for (size_t i = 0; i < P; i++)
				sum += (gb[i] - g[i]) * (gb[i] - g[i]);
		}
		batch_free(b);
		b = NULL;
		p->noise = gg > 0 ? sqrt(sum / draws / gg) : NAN;
	}
done:
	batch_free(b);
	restore(m, &s);
	mem_free(g);
	mem_free(gb);
	return st;
}
