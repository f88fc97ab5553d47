/* charlm: the character-level language model's data, forward pass, held-out loss, state and
 * sampling; see charlm.h. */
#include "train/charlm.h"

#include "core/mem.h"
#include "core/rng.h"

#include <math.h>
#include <string.h>

/* {==== The data ==== */
void charlm_streams_free(CharStreams *s)
{
	if (!s)
		return;
	chartext_free(s->text);
	mem_free(s);
}

Task *charlm_task_new(const TaskConfig *c)
{
	if (c->steps < 1 || c->steps > TASK_MAX_STEPS || c->batch < 1)
		return status_fail(ST_ERANGE, "charlm needs 1 to %d steps and a batch of 1 or more",
				   TASK_MAX_STEPS), NULL;
	Task *t = mem_calloc(1, sizeof *t);
	CharStreams *s = t ? mem_calloc(1, sizeof *s) : NULL;
	if (!s) {
		mem_free(t);
		return status_fail(ST_ENOMEM, "out of memory for the task's data"), NULL;
	}
	t->c = *c;
	t->lm = s;
	if (chartext_load(c->text, &s->text))
		goto fail;
	const CharText *x = s->text;
	long held = c->test_size > 0 ? c->test_size : x->n * CHARLM_HOLD_OUT_PERCENT / 100;
	s->n_train = x->n - held;
	/* The tail needs a character to predict from and one to predict. */
	if (held < 2 || s->n_train < 2) {
		status_fail(ST_ERANGE, "%s: %ld characters are too few to hold out %ld", x->name,
			    x->n, held);
		goto fail;
	}
	s->stream_len = (s->n_train - 1) / c->batch;
	s->windows = s->stream_len / c->steps;
	if (s->windows < 1) {
		status_fail(ST_ERANGE, "%s: its %ld training characters are too few for %d streams "
			    "(--batch) of %d steps", x->name, s->n_train, c->batch, c->steps);
		goto fail;
	}
	long *count = mem_calloc((size_t)x->vocab_size, sizeof *count);
	if (!count) {
		status_fail(ST_ENOMEM, "out of memory for the task's data");
		goto fail;
	}
	for (long i = 0; i < s->n_train; i++)
		count[x->id[i]]++;
	for (int v = 0; v < x->vocab_size; v++)
		if (count[v]) {
			double p = (double)count[v] / (double)s->n_train;
			s->entropy -= p * log2(p);
		}
	mem_free(count);
	t->input = t->classes = x->vocab_size;
	t->outputs = 1;
	return t;
fail:
	task_free(t);
	return NULL;
}

Batch *charlm_batch_new(const Task *t, int n)
{
	Batch *b = mem_calloc(1, sizeof *b);
	if (!b)
		goto fail;
	b->n = n;
	b->steps = t->c.steps;
	b->input = t->input;
	b->n_label = b->steps * n;
	size_t k = b->n_label ? (size_t)b->n_label : 1;
	if (!(b->index = mem_calloc(k, sizeof *b->index)) ||
	    !(b->label = mem_calloc(k, sizeof *b->label)))
		goto fail;
	return b;
fail:
	batch_free(b);
	status_fail(ST_ENOMEM, "out of memory for a batch of %d", n);
	return NULL;
}

long charlm_position(const Task *t, long w, int b, int s)
{
	return (long)b * t->lm->stream_len + w * t->c.steps + s;
}

void charlm_next_batch(Task *t, Batch *b)
{
	CharStreams *s = t->lm;
	const int *id = s->text->id;
	for (int k = 0; k < b->steps; k++)
		for (int j = 0; j < b->n; j++) {
			long p = charlm_position(t, s->pos, j, k);
			b->index[k * b->n + j] = id[p];
			b->label[k * b->n + j] = id[p + 1];
		}
	b->reset = s->pos == 0;
	s->pos = (s->pos + 1) % s->windows;
}

double charlm_baseline(const Task *t)
{
	return t->lm->entropy;
}
/* }==== */

/* {==== The model ==== */
Status charlm_model_init(Model *m, Rng *rng, int *input)
{
	const Task *t = m->task;
	int V = t->classes, H = m->c.hidden, B = t->c.batch;
	if (!m->c.one_hot && (m->c.embed < 1 || m->c.embed > MODEL_MAX_WIDTH))
		return status_fail(ST_ERANGE, "--embed must be 1 to %d", MODEL_MAX_WIDTH);
	CharModel *lm = mem_calloc(1, sizeof *lm);
	if (!lm)
		goto nomem;
	m->lm = lm;
	if (!m->c.one_hot && !(lm->emb = embedding_new(V, m->c.embed, rng)))
		goto nomem;
	if (!(lm->h = mat_new(B, H)) || !(lm->c = mat_new(B, H)) || !(lm->h_in = mat_new(B, H)) ||
	    !(lm->c_in = mat_new(B, H)))
		goto nomem;
	*input = m->c.one_hot ? V : m->c.embed;
	return ST_OK;
nomem:
	return status_fail(ST_ENOMEM, "out of memory for the model");
}

void charlm_model_free(CharModel *lm)
{
	if (!lm)
		return;
	embedding_free(lm->emb);
	mat_free(lm->h);
	mat_free(lm->c);
	mat_free(lm->h_in);
	mat_free(lm->c_in);
	mat_free(lm->onehot);
	mem_free(lm->hs);
	mem_free(lm->cs);
	mem_free(lm);
}

/* The mean cross-entropy of n streams over steps from (h0, c0); the last state into (h1,
 * c1), which must not be h0 or c0 (the tape borrows those). logits (may be NULL) gets the
 * read-out's node. label NULL: no loss, only the state and the logits. */
static AdNode *forward(Model *m, Tape *t, const int *index, const int *label, int n, int steps,
		       const Mat *h0, const Mat *c0, Mat *h1, Mat *c1, AdNode **logits)
{
	CharModel *lm = m->lm;
	int V = m->task->classes, lstm = m->rnn->kind == REC_LSTM;
	if (steps > lm->cap) {
		mem_free(lm->hs);
		mem_free(lm->cs);
		lm->hs = mem_calloc((size_t)steps, sizeof *lm->hs);
		lm->cs = mem_calloc((size_t)steps, sizeof *lm->cs);
		lm->cap = lm->hs && lm->cs ? steps : 0;
		if (!lm->cap)
			return ad_fail(t, ST_ENOMEM, "out of memory");
	}
	AdNode *x;
	if (lm->emb) {
		x = embedding_forward(t, lm->emb, index, steps * n);
	} else {
		if (!lm->onehot || lm->onehot->rows != steps * n) {
			mat_free(lm->onehot);
			if (!(lm->onehot = mat_new(steps * n, V)))
				return ad_fail(t, ST_ENOMEM, "out of memory");
		}
		mat_zero(lm->onehot);
		for (int i = 0; i < steps * n; i++)
			MAT_AT(lm->onehot, i, index[i]) = 1;
		x = ad_const(t, lm->onehot);
	}
	if (recurrent_forward(t, m->rnn, x, steps, ad_const(t, h0), lstm ? ad_const(t, c0) : NULL,
			      lm->hs, lm->cs))
		return NULL;
	AdNode *all = steps == 1 ? lm->hs[0] : ad_concat(t, lm->hs, steps, 0);
	AdNode *out = linear_forward(t, m->layer[0], all);
	if (!out)
		return NULL;
	if (logits)
		*logits = out;
	mat_copy(h1, &lm->hs[steps - 1]->value);
	if (lstm)
		mat_copy(c1, &lm->cs[steps - 1]->value);
	return label ? ad_cross_entropy_ex(t, out, label, AD_NO_IGNORE, 0.0) : out;
}

AdNode *charlm_loss(Model *m, Tape *t, const Batch *b)
{
	CharModel *lm = m->lm;
	/* The carried state becomes this window's constant first state: detached. */
	if (b->reset) {
		mat_zero(lm->h);
		mat_zero(lm->c);
	}
	mat_copy(lm->h_in, lm->h);
	mat_copy(lm->c_in, lm->c);
	return forward(m, t, b->index, b->label, b->n, b->steps, lm->h_in, lm->c_in, lm->h, lm->c,
		       NULL);
}

Status charlm_evaluate(Model *m, Tape *t, double *nats)
{
	const CharStreams *s = m->task->lm;
	const int *tail = s->text->id + s->n_train;
	long n_tail = s->text->n - s->n_train;
	int E = n_tail - 1 < CHARLM_EVAL_STREAMS ? (int)(n_tail - 1) : CHARLM_EVAL_STREAMS;
	long len = (n_tail - 1) / E; /* inputs per stream; the last few characters are unscored */
	int T = m->task->c.steps, H = m->c.hidden;
	Status st = ST_ENOMEM;
	Mat *h[2] = { mat_new(E, H), mat_new(E, H) }, *c[2] = { mat_new(E, H), mat_new(E, H) };
	int *index = mem_alloc((size_t)T * E * sizeof *index);
	int *label = mem_alloc((size_t)T * E * sizeof *label);
	if (!h[0] || !h[1] || !c[0] || !c[1] || !index || !label) {
		status_fail(ST_ENOMEM, "out of memory for the held-out loss");
		goto done;
	}
	double sum = 0;
	int cur = 0;
	for (long w = 0; w * T < len; w++) {
		int steps = len - w * T < T ? (int)(len - w * T) : T;
		for (int k = 0; k < steps; k++)
			for (int e = 0; e < E; e++) {
				long p = (long)e * len + w * T + k;
				index[k * E + e] = tail[p];
				label[k * E + e] = tail[p + 1];
			}
		ad_tape_reset(t);
		AdNode *l = forward(m, t, index, label, E, steps, h[cur], c[cur], h[1 - cur],
				    c[1 - cur], NULL);
		if ((st = ad_tape_status(t)) || !l) {
			st = st ? st : ST_EFAIL;
			goto done;
		}
		sum += l->value.data[0] * steps * E;
		cur = 1 - cur;
	}
	ad_tape_reset(t);
	*nats = sum / ((double)len * E);
	st = ST_OK;
done:
	for (int i = 0; i < 2; i++) {
		mat_free(h[i]);
		mat_free(c[i]);
	}
	mem_free(index);
	mem_free(label);
	return st;
}

size_t charlm_state_size(const Model *m)
{
	return 1 + 2 * mat_size(m->lm->h);
}

void charlm_state_get(const Task *t, const Model *m, double *v)
{
	size_t n = mat_size(m->lm->h);
	v[0] = (double)t->lm->pos;
	memcpy(v + 1, m->lm->h->data, n * sizeof *v);
	memcpy(v + 1 + n, m->lm->c->data, n * sizeof *v);
}

Status charlm_state_set(Task *t, Model *m, const double *v)
{
	size_t n = mat_size(m->lm->h);
	if (!(v[0] >= 0 && v[0] < (double)t->lm->windows && v[0] == floor(v[0])))
		return ST_EINVAL;
	for (size_t i = 0; i < 2 * n; i++)
		if (!isfinite(v[1 + i]))
			return ST_EINVAL;
	t->lm->pos = (long)v[0];
	memcpy(m->lm->h->data, v + 1, n * sizeof *v);
	memcpy(m->lm->c->data, v + 1 + n, n * sizeof *v);
	return ST_OK;
}
/* }==== */

/* {==== Sampling ==== */
/* softmax(logits / temperature) into p, stably. */
static void tempered(const double *logits, int V, double temperature, double *p)
{
	double top = logits[0];
	for (int v = 1; v < V; v++)
		if (logits[v] > top)
			top = logits[v];
	double z = 0;
	for (int v = 0; v < V; v++)
		z += p[v] = exp((logits[v] - top) / temperature);
	for (int v = 0; v < V; v++)
		p[v] /= z;
}

typedef struct Sampler {
	Mat *h[2], *c[2];
	int cur;
	double *p;
} Sampler;

static void sampler_free(Sampler *s)
{
	for (int i = 0; i < 2; i++) {
		mat_free(s->h[i]);
		mat_free(s->c[i]);
	}
	mem_free(s->p);
}

/* Feed one character; its next-character probabilities into s->p. */
static Status feed(Model *m, Tape *t, Sampler *s, int ch, double temperature)
{
	AdNode *logits;
	ad_tape_reset(t);
	AdNode *out = forward(m, t, &ch, NULL, 1, 1, s->h[s->cur], s->c[s->cur], s->h[1 - s->cur],
			      s->c[1 - s->cur], &logits);
	Status st = ad_tape_status(t);
	if (st || !out)
		return st ? st : ST_EFAIL;
	tempered(logits->value.data, m->task->classes, temperature, s->p);
	s->cur = 1 - s->cur;
	return ST_OK;
}

static Status sampler_start(Model *m, Tape *t, Sampler *s, const int *prompt, int n_prompt,
			    double temperature)
{
	int H = m->c.hidden, first = m->task->lm->text->id[0];
	memset(s, 0, sizeof *s);
	if (!(temperature > 0) || !isfinite(temperature))
		return status_fail(ST_ERANGE, "--temperature must be above 0, got %g", temperature);
	for (int i = 0; i < 2; i++)
		if (!(s->h[i] = mat_new(1, H)) || !(s->c[i] = mat_new(1, H)))
			return status_fail(ST_ENOMEM, "out of memory for sampling");
	if (!(s->p = mem_alloc((size_t)m->task->classes * sizeof *s->p)))
		return status_fail(ST_ENOMEM, "out of memory for sampling");
	if (n_prompt == 0)
		return feed(m, t, s, first, temperature);
	for (int i = 0; i < n_prompt; i++) {
		Status st = feed(m, t, s, prompt[i], temperature);
		if (st)
			return st;
	}
	return ST_OK;
}

Status charlm_next_probs(Model *m, Tape *t, const int *prompt, int n_prompt, double temperature,
			 double *p)
{
	Sampler s;
	Status st = sampler_start(m, t, &s, prompt, n_prompt, temperature);
	if (!st)
		memcpy(p, s.p, (size_t)m->task->classes * sizeof *p);
	sampler_free(&s);
	ad_tape_reset(t);
	return st;
}

Status charlm_sample(Model *m, Tape *t, const int *prompt, int n_prompt, long n,
		     double temperature, uint64_t seed, int *out)
{
	Sampler s;
	Status st = sampler_start(m, t, &s, prompt, n_prompt, temperature);
	Rng r;
	rng_seed(&r, seed ^ 0x73616d706c696e67ULL);
	int V = m->task->classes;
	for (long i = 0; !st && i < n; i++) {
		double u = rng_uniform(&r), acc = 0;
		int ch = V - 1; /* rounding may leave the sum just under u */
		for (int v = 0; v < V; v++) {
			acc += s.p[v];
			if (u < acc) {
				ch = v;
				break;
			}
		}
		out[i] = ch;
		if (i + 1 < n)
			st = feed(m, t, &s, ch, temperature);
	}
	sampler_free(&s);
	ad_tape_reset(t);
	return st;
}
/* }==== */
