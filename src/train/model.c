/* model: the trained models, their initialisations and their loss; see model.h. */
#include "train/model.h"

#include "core/mem.h"
#include "train/charlm.h"
#include "nn/init.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const init_names[INIT_COUNT] = { "pytorch", "zeros", "normal", "xavier",
						    "he", "orthogonal" };
static const char *const loss_names[LOSS_COUNT] = { "mse", "cross_entropy", "softmax_mse" };

const char *model_init_name(ModelInit i)
{
	return i >= 0 && i < INIT_COUNT ? init_names[i] : "?";
}

Status model_init_parse(const char *name, ModelInit *out)
{
	for (int i = 0; i < INIT_COUNT; i++)
		if (name && strcmp(name, init_names[i]) == 0) {
			*out = (ModelInit)i;
			return ST_OK;
		}
	return status_fail(ST_EINVAL, "unknown init '%s' (pytorch, zeros, normal, xavier, he, "
			   "orthogonal)", name ? name : "");
}

const char *loss_kind_name(LossKind k)
{
	return k >= 0 && k < LOSS_COUNT ? loss_names[k] : "?";
}

Status loss_kind_parse(const char *name, LossKind *out)
{
	for (int i = 0; i < LOSS_COUNT; i++)
		if (name && strcmp(name, loss_names[i]) == 0) {
			*out = (LossKind)i;
			return ST_OK;
		}
	return status_fail(ST_EINVAL, "unknown loss '%s' (mse, cross_entropy, softmax_mse)",
			   name ? name : "");
}

int loss_kind_squared(LossKind k)
{
	return k == LOSS_MSE || k == LOSS_SOFTMAX_MSE;
}

static int is_recurrent(const Model *m)
{
	return m->rnn != NULL;
}

LossKind model_loss_kind(const Model *m)
{
	switch (m->task->c.kind) {
	case TASK_ADDING:
		return LOSS_MSE;
	case TASK_CHARLM:
	case TASK_COPY:
	case TASK_REVERSE:
		return LOSS_CROSS_ENTROPY;
	default:
		return m->c.loss;
	}
}

/* {==== Initialisation ==== */
/* Rows x cols with orthonormal rows or columns, whichever are fewer: the top-left block of
 * a random orthogonal matrix of the larger size (torch.nn.init.orthogonal_'s result). */
static Status fill_orthogonal(Mat *w, int row0, int rows, Rng *rng)
{
	int k = rows > w->cols ? rows : w->cols;
	Mat *q = mat_new(k, k);
	if (!q)
		return status_fail(ST_ENOMEM, "out of memory");
	Status st = init_orthogonal(q, 0, k, rng);
	for (int i = 0; !st && i < rows; i++)
		memcpy(&MAT_AT(w, row0 + i, 0), &MAT_AT(q, i, 0), (size_t)w->cols * sizeof(double));
	mat_free(q);
	return st;
}

/* A weight (rows gate blocks of `block` rows each) and its bias under init. */
static Status init_weight(Mat *w, int block, ModelInit init, Rng *rng)
{
	double fan_in = w->cols, fan_out = w->rows;
	switch (init) {
	case INIT_PYTORCH:
		return ST_OK; /* the layer drew it already */
	case INIT_ZEROS:
		mat_zero(w);
		return ST_OK;
	case INIT_NORMAL:
		mat_fill_normal(w, rng, 1.0);
		return ST_OK;
	case INIT_XAVIER: {
		double a = sqrt(6.0 / (fan_in + fan_out));
		mat_fill_uniform(w, rng, -a, a);
		return ST_OK;
	}
	case INIT_HE:
		mat_fill_normal(w, rng, sqrt(2.0 / fan_in));
		return ST_OK;
	default:
		for (int r0 = 0; r0 < w->rows; r0 += block) {
			Status st = fill_orthogonal(w, r0, block, rng);
			if (st)
				return st;
		}
		return ST_OK;
	}
}

static Status init_layer(Linear *l, ModelInit init, Rng *rng)
{
	Status st = init_weight(l->weight, l->weight->rows, init, rng);
	if (init != INIT_PYTORCH)
		mat_zero(l->bias);
	return st;
}
/* }==== */

static Status add_param(Model *m, Mat *p, Mat *g, const char *name)
{
	m->param[m->n_params] = p;
	m->grad[m->n_params] = g;
	snprintf(m->name[m->n_params], sizeof m->name[0], "%s", name);
	m->n_params++;
	return ST_OK;
}

/* {==== Batch normalisation and dropout (MLPs) ==== */
/* Hidden layer k's BatchNorm (its parameters after the layer's, its running statistics as
 * buffers) and Dropout, as the config asks; -1 when out of memory. */
static int mlp_extras(Model *m, int k, char *full, size_t size)
{
	int L = m->c.layers;
	if (m->c.batch_norm) {
		if (!m->bn && (!(m->bn = mem_calloc((size_t)L, sizeof *m->bn)) ||
			       !(m->buffer = mem_calloc((size_t)(2 * L), sizeof *m->buffer)) ||
			       !(m->buffer_name = mem_calloc((size_t)(2 * L), sizeof *m->buffer_name))))
			return -1;
		BatchNorm *b = m->bn[k] = batch_norm_new(m->c.width, 1e-5, 0.1);
		if (!b)
			return -1;
		snprintf(full, size, "bn%d.weight", k + 1);
		add_param(m, b->weight, b->dweight, full);
		snprintf(full, size, "bn%d.bias", k + 1);
		add_param(m, b->bias, b->dbias, full);
		snprintf(m->buffer_name[m->n_buffers], sizeof m->buffer_name[0], "bn%d.running_mean", k + 1);
		m->buffer[m->n_buffers++] = b->running_mean;
		snprintf(m->buffer_name[m->n_buffers], sizeof m->buffer_name[0], "bn%d.running_var", k + 1);
		m->buffer[m->n_buffers++] = b->running_var;
	}
	if (m->c.dropout > 0) {
		if (!m->drop && !(m->drop = mem_calloc((size_t)L, sizeof *m->drop)))
			return -1;
		/* One stream per layer, all derived from the run's dropout seed. */
		if (!(m->drop[k] = dropout_new(m->c.dropout, m->c.dropout_seed + (uint64_t)k)))
			return -1;
	}
	return 0;
}

void model_set_training(Model *m, int training)
{
	m->training = training;
}

int model_rng_words(const Model *m)
{
	return m->drop ? 4 * m->c.layers : 0;
}

void model_rng_get(const Model *m, uint64_t *words)
{
	for (int k = 0; m->drop && k < m->c.layers; k++)
		memcpy(&words[4 * k], m->drop[k]->rng.s, sizeof m->drop[k]->rng.s);
}

void model_rng_set(Model *m, const uint64_t *words)
{
	for (int k = 0; m->drop && k < m->c.layers; k++)
		memcpy(m->drop[k]->rng.s, &words[4 * k], sizeof m->drop[k]->rng.s);
}
/* }==== */

/* reverse: the encoder-decoder of train/seq2seq, its parameters in the model's list. */
static Model *model_new_seq2seq(const ModelConfig *c, const Task *task, Rng *rng)
{
	if (c->hidden < 1 || c->hidden > MODEL_MAX_WIDTH)
		return status_fail(ST_ERANGE, "--hidden must be 1 to %d", MODEL_MAX_WIDTH), NULL;
	Model *m = mem_calloc(1, sizeof *m);
	if (!m || !(m->param = mem_calloc(SEQ2SEQ_N_PARAMS, sizeof *m->param)) ||
	    !(m->grad = mem_calloc(SEQ2SEQ_N_PARAMS, sizeof *m->grad)) ||
	    !(m->name = mem_calloc(SEQ2SEQ_N_PARAMS, sizeof *m->name))) {
		status_fail(ST_ENOMEM, "out of memory for the model");
		goto fail;
	}
	m->c = *c;
	m->task = task;
	if (!(m->s2s = seq2seq_new(c->hidden, rng)))
		goto fail;
	seq2seq_params(m->s2s, m->param, m->grad, m->name);
	m->n_params = SEQ2SEQ_N_PARAMS;
	return m;
fail:
	model_free(m);
	return NULL;
}

Model *model_new(const ModelConfig *c, const Task *task, Rng *rng)
{
	if (task->c.kind == TASK_REVERSE)
		return model_new_seq2seq(c, task, rng);
	int rec = task->c.kind == TASK_ADDING || task->c.kind == TASK_COPY ||
		  task->c.kind == TASK_CHARLM;
	if (rec && (c->hidden < 1 || c->hidden > MODEL_MAX_WIDTH))
		return status_fail(ST_ERANGE, "--hidden must be 1 to %d", MODEL_MAX_WIDTH), NULL;
	if (!rec && (c->layers < 1 || c->layers > MODEL_MAX_LAYERS || c->width < 1 ||
		     c->width > MODEL_MAX_WIDTH))
		return status_fail(ST_ERANGE, "--layers must be 1 to %d and --width 1 to %d",
				   MODEL_MAX_LAYERS, MODEL_MAX_WIDTH), NULL;
	if (!(c->radius >= 0) || !isfinite(c->radius) || !isfinite(c->forget_bias))
		return status_fail(ST_ERANGE, "--radius must be >= 0 and --forget-bias finite"), NULL;
	if (!rec && (!(c->dropout >= 0 && c->dropout < 1)))
		return status_fail(ST_ERANGE, "--dropout must be in [0, 1), got %g", c->dropout), NULL;
	Model *m = mem_calloc(1, sizeof *m);
	if (!m)
		goto nomem;
	m->c = *c;
	m->task = task;
	m->training = 1;
	int out = task->classes ? task->classes : 1;
	if (!rec && loss_kind_squared(c->loss))
		out = 2; /* one-hot targets */
	int max_params = rec ? REC_N_PARAMS + 3 : 2 * (c->layers + 1) + 2 * c->layers;
	m->param = mem_calloc((size_t)max_params, sizeof *m->param);
	m->grad = mem_calloc((size_t)max_params, sizeof *m->grad);
	m->name = mem_calloc((size_t)max_params, sizeof *m->name);
	if (!m->param || !m->grad || !m->name)
		goto nomem;
	char name[32];
	if (rec) {
		int input = task->input;
		if (task->c.kind == TASK_CHARLM) {
			if (charlm_model_init(m, rng, &input))
				goto fail;
			if (m->lm->emb)
				add_param(m, m->lm->emb->weight, m->lm->emb->dweight, "embedding.weight");
		}
		m->rnn = recurrent_new(c->cell, input, c->hidden, c->act, rng);
		if (!m->rnn)
			goto fail;
		Mat *p[REC_N_PARAMS], *g[REC_N_PARAMS];
		recurrent_params(m->rnn, p);
		recurrent_grads(m->rnn, g);
		int H = c->hidden;
		if (init_weight(m->rnn->weight_ih, H, c->init, rng) ||
		    init_weight(m->rnn->weight_hh, H, c->init, rng))
			goto fail;
		if (c->init != INIT_PYTORCH) {
			mat_zero(m->rnn->bias_ih);
			mat_zero(m->rnn->bias_hh);
		}
		for (int k = 0; c->radius > 0 && k < m->rnn->gates; k++)
			if (init_set_spectral_norm(m->rnn->weight_hh, k * H, H, c->radius))
				goto fail;
		if (c->cell == REC_LSTM)
			for (int j = H; j < 2 * H; j++)
				m->rnn->bias_ih->data[j] += c->forget_bias;
		for (int k = 0; k < REC_N_PARAMS; k++)
			add_param(m, p[k], g[k], recurrent_param_name(k));
		m->n_layer = 1;
	} else {
		m->n_layer = c->layers + 1;
	}
	m->layer = mem_calloc((size_t)m->n_layer, sizeof *m->layer);
	if (!m->layer)
		goto nomem;
	for (int k = 0; k < m->n_layer; k++) {
		int in = rec ? c->hidden : k == 0 ? task->input : c->width;
		int o = rec || k == m->n_layer - 1 ? out : c->width;
		if (!(m->layer[k] = linear_new(in, o, rng)))
			goto nomem;
		if (init_layer(m->layer[k], c->init, rng))
			goto fail;
		if (rec)
			snprintf(name, sizeof name, "readout");
		else
			snprintf(name, sizeof name, "layer%d", k + 1);
		char full[40];
		snprintf(full, sizeof full, "%s.weight", name);
		add_param(m, m->layer[k]->weight, m->layer[k]->dweight, full);
		snprintf(full, sizeof full, "%s.bias", name);
		add_param(m, m->layer[k]->bias, m->layer[k]->dbias, full);
		if (!rec && k < c->layers && mlp_extras(m, k, full, sizeof full))
			goto nomem;
	}
	return m;
nomem:
	status_fail(ST_ENOMEM, "out of memory for the model");
fail:
	model_free(m);
	return NULL;
}

void model_free(Model *m)
{
	if (!m)
		return;
	recurrent_free(m->rnn);
	seq2seq_free(m->s2s);
	for (int k = 0; m->layer && k < m->n_layer; k++)
		linear_free(m->layer[k]);
	mem_free(m->layer);
	for (int k = 0; m->bn && k < m->c.layers; k++)
		batch_norm_free(m->bn[k]);
	for (int k = 0; m->drop && k < m->c.layers; k++)
		dropout_free(m->drop[k]);
	mem_free(m->bn);
	mem_free(m->drop);
	mem_free(m->buffer);
	mem_free(m->buffer_name);
	mat_free(m->target);
	charlm_model_free(m->lm);
	mem_free(m->param);
	mem_free(m->grad);
	mem_free(m->name);
	mem_free(m);
}

void model_zero_grad(Model *m)
{
	for (int k = 0; k < m->n_params; k++)
		mat_zero(m->grad[k]);
}

/* How many rows of logits (n, C) have their largest entry at label. */
static long count_correct(const Mat *logits, const int *label)
{
	long right = 0;
	for (int i = 0; i < logits->rows; i++) {
		int best = 0;
		for (int j = 1; j < logits->cols; j++)
			if (MAT_AT(logits, i, j) > MAT_AT(logits, i, best))
				best = j;
		right += best == label[i];
	}
	return right;
}

AdNode *model_loss(Model *m, Tape *t, const Batch *b, long *correct, AdNode **layer_out)
{
	if (m->s2s)
		return seq2seq_loss(m->s2s, t, b, correct);
	if (correct)
		*correct = 0;
	if (m->task->c.kind == TASK_CHARLM)
		return charlm_loss(m, t, b);
	AdNode *x = ad_const(t, b->x), *out;
	if (is_recurrent(m)) {
		int T = b->steps;
		AdNode **h = mem_calloc((size_t)T, sizeof *h);
		if (!h)
			return ad_fail(t, ST_ENOMEM, "out of memory");
		recurrent_forward(t, m->rnn, x, T, NULL, NULL, h, NULL);
		if (m->task->c.kind == TASK_ADDING) {
			out = linear_forward(t, m->layer[0], h[T - 1]);
			mem_free(h);
			return ad_mse(t, out, ad_const(t, b->y));
		}
		int S = m->task->outputs;
		AdNode *last = ad_concat(t, h + (T - S), S, 0); /* (S*n, H), step-major */
		mem_free(h);
		out = linear_forward(t, m->layer[0], last);
	} else {
		AdNode *hl = x;
		for (int k = 0; k < m->c.layers; k++) {
			/* linear, batch norm, activation, dropout: nn.Sequential's usual order */
			AdNode *z = linear_forward(t, m->layer[k], hl);
			if (m->bn && z)
				z = batch_norm_forward(t, m->bn[k], z, 1, m->training);
			AdNode *a = activation_apply(t, m->c.act, activation_default_param(m->c.act), z);
			if (m->drop && a)
				a = dropout_forward(t, m->drop[k], a, m->training);
			hl = m->c.residual && k > 0 ? ad_add(t, hl, a) : a;
			if (layer_out)
				layer_out[k] = hl;
		}
		out = linear_forward(t, m->layer[m->c.layers], hl);
	}
	if (!out)
		return NULL;
	if (correct)
		*correct = count_correct(&out->value, b->label);
	if (model_loss_kind(m) == LOSS_CROSS_ENTROPY)
		return ad_cross_entropy(t, out, b->label);
	/* Spirals with MSE: one-hot targets, in a matrix the model keeps (ad_const borrows it
	 * until the backward pass is over); softmax_mse compares softmax(out) with them, so its
	 * gradient carries the softmax's Jacobian diag(p) - p p^T. */
	if (!m->target || m->target->rows != out->value.rows || m->target->cols != out->value.cols) {
		mat_free(m->target);
		if (!(m->target = mat_new(out->value.rows, out->value.cols)))
			return ad_fail(t, ST_ENOMEM, "out of memory");
	}
	mat_zero(m->target);
	for (int i = 0; i < m->target->rows; i++)
		MAT_AT(m->target, i, b->label[i]) = 1;
	if (model_loss_kind(m) == LOSS_SOFTMAX_MSE)
		out = ad_softmax(t, out);
	return ad_mse(t, out, ad_const(t, m->target));
}

/* Rows i and j of w equal. */
static int rows_equal(const Mat *w, int i, int j)
{
	return memcmp(&MAT_AT(w, i, 0), &MAT_AT(w, j, 0), (size_t)w->cols * sizeof(double)) == 0;
}

static int cols_equal(const Mat *w, int i, int j)
{
	for (int r = 0; r < w->rows; r++)
		if (MAT_AT(w, r, i) != MAT_AT(w, r, j))
			return 0;
	return 1;
}

int model_units_identical(const Model *m)
{
	if (m->s2s)
		return 0; /* PyTorch's initialisation only */
	if (is_recurrent(m)) {
		const Recurrent *r = m->rnn;
		int H = r->hidden;
		for (int u = 1; u < H; u++)
			for (int g = 0; g < r->gates; g++) {
				int a = g * H, b = g * H + u;
				if (!rows_equal(r->weight_ih, a, b) || !rows_equal(r->weight_hh, a, b) ||
				    r->bias_ih->data[a] + r->bias_hh->data[a] !=
					    r->bias_ih->data[b] + r->bias_hh->data[b])
					return 0;
			}
		for (int u = 1; u < H; u++)
			if (!cols_equal(r->weight_hh, 0, u) || !cols_equal(m->layer[0]->weight, 0, u))
				return 0;
		return H > 1;
	}
	if (m->c.width < 2)
		return 0;
	for (int k = 0; k < m->c.layers; k++) {
		const Linear *l = m->layer[k], *next = m->layer[k + 1];
		const BatchNorm *b = m->bn ? m->bn[k] : NULL;
		for (int u = 1; u < m->c.width; u++) {
			if (!rows_equal(l->weight, 0, u) || l->bias->data[0] != l->bias->data[u] ||
			    !cols_equal(next->weight, 0, u))
				return 0;
			if (b && (b->weight->data[0] != b->weight->data[u] ||
				  b->bias->data[0] != b->bias->data[u] ||
				  b->running_mean->data[0] != b->running_mean->data[u] ||
				  b->running_var->data[0] != b->running_var->data[u]))
				return 0;
		}
	}
	return 1;
}

const Mat *model_layer_grad(const Model *m, int k)
{
	if (is_recurrent(m) || m->s2s || k < 0 || k >= m->n_layer)
		return NULL;
	return m->layer[k]->dweight;
}
