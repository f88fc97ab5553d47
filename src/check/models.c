/* models: the table of built-in check problems and the tensors each one owns. */
#include "check/models.h"

#include "check/faults.h"
#include "core/mem.h"
#include "core/rng.h"
#include "nn/activation.h"
#include "nn/attention.h"
#include "nn/conv.h"
#include "nn/dropout.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/linear.h"
#include "nn/norm.h"
#include "nn/pool.h"
#include "nn/recurrent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TENSORS 16

typedef struct CheckSpec CheckSpec;

struct CheckModel {
	const CheckSpec *spec;
	CheckConfig c;
	Rng rng;
	GcTensor tensors[MAX_TENSORS];
	int owned[MAX_TENSORS]; /* 0 for tensors a layer owns and frees */
	int n_tensors;
	Mat *consts[4];     /* upstream gradient R and targets, not checked */
	int *target;        /* class indices */
	Activation act;
	double act_param;
	Linear *layers[2];  /* linear and mlp: parameters live in the layers */
	Mat *base_output;   /* y at the unperturbed point, for centring (see against_upstream) */
	int recording_base;
	const char *variant; /* after ':' in the name; a build that takes it sets it to NULL */
	Attention *attn;
	Recurrent *rec;     /* rnn, lstm, gru: parameters live in the layer */
	AdNode **states;    /* rnn, lstm, gru: the T hidden-state nodes of a pass */
	int loss_last;      /* rnn, lstm, gru: the loss at the last step only */
	CheckFault fault;   /* a teaching fault (--broken); CHECK_FAULT_NONE on every other path */
	ConvGeom conv;      /* conv1d, conv2d: the sizes, read by the op for the life of m */
	PoolGeom pool;      /* max_pool2d, avg_pool2d */
	/* The layers of issue 13: parameters live in the layer; dropout's p and mode. */
	LayerNorm *ln;
	BatchNorm *bn;
	Embedding *emb;
	double p;
	int training;
};

struct CheckSpec {
	const char *name;
	const char *summary;
	Status (*build)(CheckModel *m);
	AdNode *(*loss)(Tape *t, CheckModel *m);
	double (*work)(const CheckConfig *c); /* multiply-adds of one evaluation */
};

/* {==== Building tensors ==== */

static Mat *add_tensor(CheckModel *m, const char *name, Mat *value, Mat *grad)
{
	if (!value || !grad || m->n_tensors == MAX_TENSORS) {
		mat_free(value);
		mat_free(grad);
		return NULL;
	}
	m->owned[m->n_tensors] = 1;
	m->tensors[m->n_tensors++] = (GcTensor){ name, value, grad };
	return value;
}

/* A checked tensor of normal values with standard deviation std. */
static Mat *new_tensor(CheckModel *m, const char *name, int rows, int cols, double std)
{
	Mat *v = add_tensor(m, name, mat_new(rows, cols), mat_new(rows, cols));
	if (v)
		mat_fill_normal(v, &m->rng, std);
	return v;
}

static Mat *new_const(CheckModel *m, int slot, int rows, int cols)
{
	m->consts[slot] = mat_new(rows, cols);
	if (m->consts[slot])
		mat_fill_normal(m->consts[slot], &m->rng, 1.0);
	return m->consts[slot];
}

static Status new_targets(CheckModel *m, int n, int classes)
{
	m->target = mem_alloc((size_t)n * sizeof *m->target);
	if (!m->target)
		return status_fail(ST_ENOMEM, "out of memory for targets");
	for (int i = 0; i < n; i++)
		m->target[i] = rng_below(&m->rng, classes);
	return ST_OK;
}

static AdNode *leaf(Tape *t, CheckModel *m, int k)
{
	return ad_param(t, m->tensors[k].value, m->tensors[k].grad);
}

/* L = sum((y - y0) .* R): the vector-Jacobian product with a random upstream gradient R.
 * Subtracting the constant y0 (y at the unperturbed point) leaves the gradient unchanged
 * but keeps L near zero, so the finite difference is not drowned by the round-off of a sum
 * of large terms: with a 16x32 log_softmax the uncentred L ~ 80 costs 4e-8 of error.
 * y is the values of n_y nodes laid end to end (the recurrent models' h_1 .. h_T, stacked
 * as PyTorch's output). One node does what concat, sub, mul and sum did, with the same
 * operations in the same order (so the same bits), instead of four nodes and three copies
 * of y replayed at each of the check's evaluations (issue 15). */
static void upstream_forward(AdNode *n)
{
	const CheckModel *m = n->ctx;
	const double *y0 = m->base_output->data, *R = m->consts[0]->data;
	double s = 0.0;
	size_t k = 0;
	for (int j = 0; j < n->n_in; j++) {
		const Mat *y = &n->in[j]->value;
		for (size_t i = 0; i < mat_size(y); i++, k++)
			s += (y->data[i] - y0[k]) * R[k];
	}
	n->value.data[0] = s;
}

/* forward: L = sum_k (y_k - y0_k) R_k; so dy_k += dL * R_k */
static void upstream_backward(AdNode *n)
{
	const CheckModel *m = n->ctx;
	const double *R = m->consts[0]->data;
	double g = n->grad.data[0];
	size_t k = 0;
	for (int j = 0; j < n->n_in; j++) {
		Mat *dy = &n->in[j]->grad;
		size_t size = mat_size(&n->in[j]->value);
		if (dy->data)
			for (size_t i = 0; i < size; i++)
				dy->data[i] += g * R[k + i];
		k += size;
	}
}

static const AdOp OP_UPSTREAM = { "sum((y - y0) .* R)", upstream_forward, upstream_backward };

static AdNode *against_upstream_of(Tape *t, CheckModel *m, AdNode *const *y, int n_y)
{
	size_t size = 0;
	for (int j = 0; j < n_y; j++) {
		if (!y[j]) /* the failure is on the tape already */
			return ad_tape_status(t) ? NULL : ad_fail(t, ST_EINVAL, "the model built no output");
		size += mat_size(&y[j]->value);
	}
	if (m->recording_base) {
		m->base_output = mat_new(m->consts[0]->rows, m->consts[0]->cols);
		if (!m->base_output)
			return ad_fail(t, ST_ENOMEM, "out of memory for the base output");
	}
	if (size != mat_size(m->consts[0]))
		return ad_fail(t, ST_ESHAPE, "the output holds %zu values, the upstream gradient %zu",
			       size, mat_size(m->consts[0]));
	for (size_t j = 0, k = 0; m->recording_base && j < (size_t)n_y; j++) {
		memcpy(m->base_output->data + k, y[j]->value.data,
		       mat_size(&y[j]->value) * sizeof(double));
		k += mat_size(&y[j]->value);
	}
	return ad_custom(t, &OP_UPSTREAM, y, n_y, 1, 1, m);
}

static AdNode *against_upstream(Tape *t, CheckModel *m, AdNode *y)
{
	return against_upstream_of(t, m, &y, 1);
}

/* }==== */

/* {==== Elementwise and row-wise functions ==== */

static Status build_elementwise(CheckModel *m)
{
	if (!new_tensor(m, "x", m->c.batch, m->c.input, 1.0) ||
	    !new_const(m, 0, m->c.batch, m->c.input))
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}

static Status build_activation(CheckModel *m)
{
	Status st = activation_parse(m->spec->name, &m->act);
	if (st != ST_OK)
		return st;
	m->act_param = m->act == ACT_LEAKY_RELU ? m->c.slope : m->c.alpha;
	return build_elementwise(m);
}

static AdNode *loss_activation(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, activation_apply(t, m->act, m->act_param, leaf(t, m, 0)));
}

static AdNode *loss_softmax(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, ad_softmax(t, leaf(t, m, 0)));
}

static AdNode *loss_log_softmax(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, ad_log_softmax(t, leaf(t, m, 0)));
}

static double work_elementwise(const CheckConfig *c)
{
	return (double)c->batch * c->input;
}

/* }==== */

/* {==== Losses ==== */

static Status build_mse(CheckModel *m)
{
	if (!new_tensor(m, "pred", m->c.batch, m->c.input, 1.0) ||
	    !new_tensor(m, "target", m->c.batch, m->c.input, 1.0))
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}

static AdNode *loss_mse(Tape *t, CheckModel *m)
{
	return ad_mse(t, leaf(t, m, 0), leaf(t, m, 1));
}

static Status build_cross_entropy(CheckModel *m)
{
	if (!new_tensor(m, "logits", m->c.batch, m->c.output, 1.0))
		return status_fail(ST_ENOMEM, "out of memory");
	return new_targets(m, m->c.batch, m->c.output);
}

static AdNode *loss_cross_entropy(Tape *t, CheckModel *m)
{
	return ad_cross_entropy(t, leaf(t, m, 0), m->target);
}

static double work_cross_entropy(const CheckConfig *c)
{
	return (double)c->batch * c->output;
}

/* losses: cross_entropy with PyTorch's options at work: every third row (1, 4, ...) has the
 * target ignore_index (-100), which must get no gradient and leave the mean, label
 * smoothing 0.1 sends gradient to every logit of the other rows, and a constant weight per
 * class in [0.5, 2] (consts[1]) weighs rows and the mean. Row 0 always counts, so the mean
 * is never over no rows. */
static Status build_cross_entropy_ex(CheckModel *m)
{
	Status st = build_cross_entropy(m);
	if (st != ST_OK)
		return st;
	for (int i = 1; i < m->c.batch; i += 3)
		m->target[i] = -100;
	Mat *w = new_const(m, 1, 1, m->c.output);
	if (!w)
		return status_fail(ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < mat_size(w); i++)
		w->data[i] = 0.5 + 1.5 * rng_uniform(&m->rng);
	return ST_OK;
}

static AdNode *loss_cross_entropy_ex(Tape *t, CheckModel *m)
{
	return ad_cross_entropy_weighted(t, leaf(t, m, 0), m->target, ad_const(t, m->consts[1]),
					 -100, 0.1);
}

/* losses: bce_with_logits of logits (batch x output) against soft targets in [0.1, 0.9]
 * (both checked: a step of 1e-6 never leaves [0, 1]), with a constant pos_weight in
 * [0.5, 2] per column in consts[1] (PyTorch gives it no gradient). */
static Status build_bce_with_logits(CheckModel *m)
{
	Mat *y, *w;
	if (!new_tensor(m, "logits", m->c.batch, m->c.output, 2.0) ||
	    !(y = new_tensor(m, "target", m->c.batch, m->c.output, 1.0)) ||
	    !(w = new_const(m, 1, 1, m->c.output)))
		return status_fail(ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < mat_size(y); i++)
		y->data[i] = 0.1 + 0.8 * rng_uniform(&m->rng);
	for (size_t i = 0; i < mat_size(w); i++)
		w->data[i] = 0.5 + 1.5 * rng_uniform(&m->rng);
	return ST_OK;
}

static AdNode *loss_bce_with_logits(Tape *t, CheckModel *m)
{
	return ad_bce_with_logits(t, leaf(t, m, 0), leaf(t, m, 1), ad_const(t, m->consts[1]));
}

/* }==== */

/* {==== Layers ==== */

static Status add_layer(CheckModel *m, int slot, int in, int out, const char *wname,
			const char *bname)
{
	Linear *l = linear_new(in, out, &m->rng);
	if (!l)
		return status_fail(ST_ENOMEM, "out of memory");
	m->layers[slot] = l;
	/* The layer owns its matrices (owned[] stays 0); the tensor list points at them. */
	m->tensors[m->n_tensors++] = (GcTensor){ wname, l->weight, l->dweight };
	m->tensors[m->n_tensors++] = (GcTensor){ bname, l->bias, l->dbias };
	return ST_OK;
}

static Status build_linear(CheckModel *m)
{
	if (!new_tensor(m, "x", m->c.batch, m->c.input, 1.0) ||
	    !new_const(m, 0, m->c.batch, m->c.output))
		return status_fail(ST_ENOMEM, "out of memory");
	return add_layer(m, 0, m->c.input, m->c.output, "weight", "bias");
}

static AdNode *loss_linear(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, linear_forward(t, m->layers[0], leaf(t, m, 0)));
}

static double work_linear(const CheckConfig *c)
{
	return (double)c->batch * c->input * c->output;
}

static Status build_mlp(CheckModel *m)
{
	Status st;
	if (!new_tensor(m, "x", m->c.batch, m->c.input, 1.0))
		return status_fail(ST_ENOMEM, "out of memory");
	if ((st = add_layer(m, 0, m->c.input, m->c.hidden, "fc1.weight", "fc1.bias")) ||
	    (st = add_layer(m, 1, m->c.hidden, m->c.output, "fc2.weight", "fc2.bias")))
		return st;
	return new_targets(m, m->c.batch, m->c.output);
}

/* cross_entropy(fc2(tanh(fc1(x))), target) */
static AdNode *loss_mlp(Tape *t, CheckModel *m)
{
	AdNode *h = ad_tanh(t, linear_forward(t, m->layers[0], leaf(t, m, 0)));
	return ad_cross_entropy(t, linear_forward(t, m->layers[1], h), m->target);
}

static double work_mlp(const CheckConfig *c)
{
	return (double)c->batch * c->hidden * (c->input + c->output);
}

/* }==== */

/* {==== Attention ==== */

/* Tq = batch queries and Tk = steps keys of d = input columns, dv = output value columns;
 * additive's hidden size A = hidden. The score is the name's variant: attention:general. */
static Status build_attention(CheckModel *m)
{
	AttnScore score = ATTN_SCALED_DOT;
	if (m->variant && attention_score_parse(m->variant, &score) != ST_OK)
		return ST_EINVAL;
	m->variant = NULL;
	const CheckConfig *c = &m->c;
	if (!new_tensor(m, "query", c->batch, c->input, 1.0) ||
	    !new_tensor(m, "keys", c->steps, c->input, 1.0) ||
	    !new_tensor(m, "values", c->steps, c->output, 1.0) ||
	    !new_const(m, 0, c->batch, c->output) ||
	    !(m->attn = attention_new(score, c->input, c->hidden, &m->rng)))
		return status_fail(ST_ENOMEM, "out of memory");
	const char *names[ATTN_MAX_PARAMS];
	Mat *values[ATTN_MAX_PARAMS], *grads[ATTN_MAX_PARAMS];
	int n = attention_params(m->attn, names, values, grads);
	/* The layer owns its parameters (owned[] stays 0). */
	for (int k = 0; k < n; k++)
		m->tensors[m->n_tensors++] = (GcTensor){ names[k], values[k], grads[k] };
	return ST_OK;
}

static AdNode *loss_attention(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, attention_forward(t, m->attn, leaf(t, m, 0), leaf(t, m, 1),
							leaf(t, m, 2), NULL, NULL));
}

static double work_attention(const CheckConfig *c)
{
	return (double)c->batch * c->steps * (c->input * (c->hidden + 1) + c->output);
}

/* }==== */

/* {==== Recurrent layers ==== */

/* x (T*B, I), h0 and c0 (B, H) are checked tensors beside the layer's four parameters;
 * L = sum_t <R_t, h_t> with a random upstream R (T*B, H), so dL/dh_t = R_t at every step
 * and the gradient reaches x_1 through the whole recurrence. The rnn's nonlinearity is
 * --act or the name's variant (rnn:relu). */
static Status build_recurrent(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	const char *act_name = m->variant ? m->variant : c->act;
	RecurrentKind kind;
	Activation act = ACT_TANH;
	Status st = recurrent_kind_parse(m->spec->name, &kind);
	if (st != ST_OK)
		return st;
	if (act_name && kind != REC_RNN)
		return status_fail(ST_EINVAL, "--act (or :name) sets the rnn's nonlinearity; the %s's are fixed",
				   m->spec->name);
	if (act_name && (st = activation_parse(act_name, &act)) != ST_OK)
		return st;
	m->variant = NULL;
	if (c->broken) {
		if ((st = check_fault_parse(c->broken, &m->fault)) != ST_OK) {
			char why[200];
			snprintf(why, sizeof why, "%s", status_detail());
			return status_fail(st, "--broken: %s", why);
		}
		if (kind != REC_RNN || act != ACT_TANH)
			return status_fail(ST_EINVAL, "--broken: the teaching faults are faults of the tanh rnn, not of %s%s%s",
					   m->spec->name, kind == REC_RNN ? ":" : "",
					   kind == REC_RNN ? activation_name(act) : "");
	}
	if (c->loss && strcmp(c->loss, "last") != 0 && strcmp(c->loss, "all") != 0)
		return status_fail(ST_EINVAL, "--loss must be last or all, got '%s'", c->loss);
	m->loss_last = c->loss && strcmp(c->loss, "last") == 0;
	int orthogonal = !c->init || strcmp(c->init, "orthogonal") == 0;
	if (c->init && !orthogonal && strcmp(c->init, "gaussian") != 0)
		return status_fail(ST_EINVAL, "--init must be orthogonal or gaussian, got '%s'", c->init);
	if (c->spectral_norm < 0 || c->spectral_norm > 10 || isnan(c->spectral_norm))
		return status_fail(ST_ERANGE, "--spectral-norm must be greater than 0 and at most 10, got %g",
				   c->spectral_norm);
	double G = recurrent_gates(kind), TB = (double)c->steps * c->batch;
	double values = TB * (c->input + 2.0 * c->hidden) +
			G * c->hidden * (c->input + c->hidden + 2.0) + 2.0 * c->batch * c->hidden;
	if (values > CHECK_MAX_VALUES)
		return status_fail(ST_ELIMIT, "these sizes need %.3g values; the limit is %d", values,
				   CHECK_MAX_VALUES);
	if (!(m->rec = recurrent_new(kind, c->input, c->hidden, act, &m->rng)))
		return ST_ENOMEM;
	if (act == ACT_LEAKY_RELU || act == ACT_ELU)
		m->rec->act_param = act == ACT_LEAKY_RELU ? c->slope : c->alpha;
	/* W_hh as `norms` makes it, drawn before x so that x does not depend on it */
	if ((c->init || c->spectral_norm > 0) &&
	    (st = init_gate_blocks(m->rec->weight_hh, m->rec->gates, c->hidden, orthogonal,
				   c->spectral_norm > 0 ? c->spectral_norm : 1.0, &m->rng)) != ST_OK)
		return st;
	Mat *p[REC_N_PARAMS], *g[REC_N_PARAMS];
	recurrent_params(m->rec, p);
	recurrent_grads(m->rec, g);
	/* The layer owns its matrices (owned[] stays 0); the tensor list points at them. */
	for (int k = 0; k < REC_N_PARAMS; k++)
		m->tensors[m->n_tensors++] = (GcTensor){ recurrent_param_name(k), p[k], g[k] };
	if (!new_tensor(m, "x", c->steps * c->batch, c->input, 1.0) ||
	    !new_tensor(m, "h0", c->batch, c->hidden, 0.5) ||
	    (kind == REC_LSTM && !new_tensor(m, "c0", c->batch, c->hidden, 0.5)) ||
	    !new_const(m, 0, (m->loss_last ? 1 : c->steps) * c->batch, c->hidden) ||
	    !(m->states = mem_calloc((size_t)c->steps, sizeof *m->states)))
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}

static AdNode *loss_recurrent(Tape *t, CheckModel *m)
{
	AdNode *x = leaf(t, m, REC_N_PARAMS), *h0 = leaf(t, m, REC_N_PARAMS + 1);
	AdNode *c0 = m->rec->kind == REC_LSTM ? leaf(t, m, REC_N_PARAMS + 2) : NULL;
	Status st = m->fault == CHECK_FAULT_NONE
			    ? recurrent_forward(t, m->rec, x, m->c.steps, h0, c0, m->states, NULL)
			    : check_fault_rnn_forward(t, m->rec, x, m->c.steps, h0, m->fault, m->states);
	if (st != ST_OK)
		return ad_fail(t, st, "%s", status_detail());
	if (m->loss_last)
		return against_upstream(t, m, m->states[m->c.steps - 1]);
	/* h_1 .. h_T stacked (T*B, H), PyTorch's output, against R. */
	return against_upstream_of(t, m, m->states, m->c.steps);
}

/* Per step: two products over the G*H gate rows and a few elementwise ops per gate value,
 * and the nodes of the step (rnn 5, lstm 17, gru 18; see nn/recurrent.c), each replayed
 * at every evaluation whatever its size: with H = 1 they are nearly all of the time. */
static double work_recurrent(const CheckConfig *c, int G)
{
	double nodes_per_step = G == 1 ? 5 : G == 4 ? 17 : 18;
	return (double)c->steps * c->batch * G * c->hidden * (c->input + c->hidden + 8.0) +
	       CHECK_NODE_WORK * c->steps * nodes_per_step;
}

static double work_rnn(const CheckConfig *c) { return work_recurrent(c, 1); }
static double work_lstm(const CheckConfig *c) { return work_recurrent(c, 4); }
static double work_gru(const CheckConfig *c) { return work_recurrent(c, 3); }

/* }==== */

/* {==== Normalisation, dropout and embedding (issue 13) ==== */

/* layer_norm: x (batch, input), weight and bias (input) drawn away from PyTorch's 1 and 0
 * so that every term of the backward is exercised. */
static Status build_layer_norm(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	if (!(m->ln = layer_norm_new(c->input, 1e-5)))
		return status_fail(ST_ENOMEM, "out of memory");
	mat_fill_normal(m->ln->weight, &m->rng, 1.0);
	mat_fill_normal(m->ln->bias, &m->rng, 1.0);
	m->tensors[m->n_tensors++] = (GcTensor){ "weight", m->ln->weight, m->ln->dweight };
	m->tensors[m->n_tensors++] = (GcTensor){ "bias", m->ln->bias, m->ln->dbias };
	if (!new_tensor(m, "x", c->batch, c->input, 1.0) || !new_const(m, 0, c->batch, c->input))
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}

static AdNode *loss_layer_norm(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, layer_norm_forward(t, m->ln, leaf(t, m, 2)));
}

static double work_layer_norm(const CheckConfig *c)
{
	return 12.0 * c->batch * c->input;
}

/* batch_norm: x of N = batch, C = input channels and L = steps, held as (batch*input,
 * steps); training by default, batch_norm:eval with running statistics drawn at random. */
static Status build_batch_norm(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	m->training = 1;
	if (m->variant) {
		if (strcmp(m->variant, "eval") != 0 && strcmp(m->variant, "train") != 0)
			return status_fail(ST_EINVAL, "model 'batch_norm' takes ':train' or ':eval', not ':%s'",
					   m->variant);
		m->training = strcmp(m->variant, "train") == 0;
		m->variant = NULL;
	}
	double values = (double)c->batch * c->input * c->steps;
	if (values > CHECK_MAX_VALUES)
		return status_fail(ST_ELIMIT, "these sizes need %.3g values; the limit is %d", values,
				   CHECK_MAX_VALUES);
	if (m->training && (long)c->batch * c->steps < 2)
		return status_fail(ST_EINVAL, "batch_norm in training needs more than 1 value per channel: --batch x --steps is 1");
	if (!(m->bn = batch_norm_new(c->input, 1e-5, 0.1)))
		return status_fail(ST_ENOMEM, "out of memory");
	mat_fill_normal(m->bn->weight, &m->rng, 1.0);
	mat_fill_normal(m->bn->bias, &m->rng, 1.0);
	mat_fill_normal(m->bn->running_mean, &m->rng, 1.0);
	mat_fill_uniform(m->bn->running_var, &m->rng, 0.5, 1.5);
	m->tensors[m->n_tensors++] = (GcTensor){ "weight", m->bn->weight, m->bn->dweight };
	m->tensors[m->n_tensors++] = (GcTensor){ "bias", m->bn->bias, m->bn->dbias };
	if (!new_tensor(m, "x", c->batch * c->input, c->steps, 1.0) ||
	    !new_const(m, 0, c->batch * c->input, c->steps))
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}

static AdNode *loss_batch_norm(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, batch_norm_forward(t, m->bn, leaf(t, m, 2), m->c.steps, m->training));
}

static double work_batch_norm(const CheckConfig *c)
{
	return 14.0 * c->batch * c->input * c->steps;
}

/* dropout[:P]: x (batch, input) times a fixed mask drawn with P (default 0.5), / (1 - P). */
static Status build_dropout(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	m->p = 0.5;
	if (m->variant) {
		char *end;
		m->p = strtod(m->variant, &end);
		if (end == m->variant || *end || !(m->p >= 0 && m->p < 1))
			return status_fail(ST_EINVAL, "model 'dropout' takes ':P' with P in [0, 1), not ':%s'",
					   m->variant);
		m->variant = NULL;
	}
	if (!new_tensor(m, "x", c->batch, c->input, 1.0) || !new_const(m, 0, c->batch, c->input) ||
	    !new_const(m, 1, c->batch, c->input))
		return status_fail(ST_ENOMEM, "out of memory");
	for (size_t i = 0; i < mat_size(m->consts[1]); i++)
		m->consts[1]->data[i] = rng_uniform(&m->rng) >= m->p ? 1.0 : 0.0;
	return ST_OK;
}

static AdNode *loss_dropout(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, dropout_apply(t, leaf(t, m, 0), m->consts[1], m->p));
}

/* embedding: a table of V = input rows of D = hidden, looked up at batch x steps indices
 * (drawn with repeats, so rows gather several gradients). */
static Status build_embedding(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	double values = (double)c->batch * c->steps * c->hidden;
	if (values > CHECK_MAX_VALUES)
		return status_fail(ST_ELIMIT, "these sizes need %.3g values; the limit is %d", values,
				   CHECK_MAX_VALUES);
	if (!(m->emb = embedding_new(c->input, c->hidden, &m->rng)))
		return status_fail(ST_ENOMEM, "out of memory");
	m->tensors[m->n_tensors++] = (GcTensor){ "weight", m->emb->weight, m->emb->dweight };
	if (!new_const(m, 0, c->batch * c->steps, c->hidden))
		return status_fail(ST_ENOMEM, "out of memory");
	return new_targets(m, c->batch * c->steps, c->input);
}

static AdNode *loss_embedding(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, embedding_forward(t, m->emb, m->target, m->c.batch * m->c.steps));
}

static double work_embedding(const CheckConfig *c)
{
	return 2.0 * c->batch * c->steps * c->hidden;
}

/* }==== */

/* {==== Convolution and pooling ==== */

/* N = batch samples of Cin = input channels, L = steps long (conv2d: steps x steps), into
 * Cout = output channels. Each takes a fixed geometry that exercises stride, padding and
 * dilation at once, different along H and W so that a mix-up of the two shows: conv1d a
 * kernel of 3, stride 2, padding 2, dilation 2; conv2d a 3x2 kernel, stride [2, 1],
 * padding [1, 0], dilation [1, 2]. */
static ConvGeom conv_geom_of(const CheckConfig *c, int two)
{
	ConvGeom g = two ? (ConvGeom){ c->batch, c->input, c->steps, c->steps, c->output, 3, 2,
				       { 2, 1 }, { 1, 0 }, { 1, 2 }, 0, 0, { 0, 0 } }
			 : (ConvGeom){ c->batch, c->input, 1, c->steps, c->output, 1, 3,
				       { 1, 2 }, { 0, 2 }, { 1, 2 }, 0, 0, { 0, 0 } };
	conv_geom_fit(&g); /* out_h, out_w stay 0 when there is no output */
	return g;
}

static Status build_conv(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	int two = strcmp(m->spec->name, "conv2d") == 0;
	ConvGeom *g = &m->conv;
	*g = conv_geom_of(c, two);
	double values = (double)c->batch * c->input * g->in_h * g->in_w;
	if (values > CHECK_MAX_VALUES)
		return status_fail(ST_ELIMIT, "these sizes need %.3g values; the limit is %d", values,
				   CHECK_MAX_VALUES);
	if (g->out_w < 1)
		return status_fail(ST_ESHAPE, "%s: --steps %d is too short for its kernel, dilation and padding (see --list): no output",
				   m->spec->name, c->steps);
	if (!new_tensor(m, "weight", c->output * c->input * g->kernel_h, g->kernel_w, 0.5) ||
	    !new_tensor(m, "bias", 1, c->output, 0.5) ||
	    !new_tensor(m, "x", c->batch * c->input * g->in_h, g->in_w, 1.0) ||
	    !new_const(m, 0, c->batch * c->output * g->out_h, g->out_w))
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}

static AdNode *loss_conv(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, conv2d_apply(t, leaf(t, m, 2), leaf(t, m, 0), leaf(t, m, 1),
						   &m->conv));
}

/* Every output over every input channel and tap. */
static double work_conv(const CheckConfig *c, int two)
{
	ConvGeom g = conv_geom_of(c, two);
	return (double)g.batch * g.out_channels * g.out_h * g.out_w * g.in_channels * g.kernel_h *
	       g.kernel_w;
}

static double work_conv1d(const CheckConfig *c) { return work_conv(c, 0); }
static double work_conv2d(const CheckConfig *c) { return work_conv(c, 1); }

/* x is N x C x steps x steps (C = input channels); a 3x2 window, stride [2, 1], padding
 * [1, 1]. max pooling's kink is a tie: x is a shuffled grid of values 1e-3 apart, so no
 * step of the check (eps 1e-6 by default) changes a window's winner, as relu's check
 * keeps away from 0. A larger --eps that crosses one is counted as a kink (the op notes
 * each window's winner), not as a failure. */
static PoolGeom pool_geom_of(const CheckConfig *c, PoolKind kind)
{
	PoolGeom g = { kind, c->batch, c->input, c->steps, c->steps, { 3, 2 }, { 2, 1 }, { 1, 1 },
		       1, 0, 0 };
	pool_geom_fit(&g); /* out_h, out_w stay 0 when there is no output */
	return g;
}

static Status build_pool(CheckModel *m)
{
	const CheckConfig *c = &m->c;
	PoolGeom *g = &m->pool;
	*g = pool_geom_of(c, strcmp(m->spec->name, "max_pool2d") == 0 ? POOL_MAX : POOL_AVG);
	double values = (double)c->batch * c->input * c->steps * c->steps;
	if (values > CHECK_MAX_VALUES)
		return status_fail(ST_ELIMIT, "these sizes need %.3g values; the limit is %d", values,
				   CHECK_MAX_VALUES);
	if (g->out_h < 1)
		return status_fail(ST_ESHAPE, "%s: --steps %d is too short for its 3x2 window", m->spec->name,
				   c->steps);
	Mat *x = new_tensor(m, "x", c->batch * c->input * c->steps, c->steps, 1.0);
	if (!x || !new_const(m, 0, c->batch * c->input * g->out_h, g->out_w))
		return status_fail(ST_ENOMEM, "out of memory");
	size_t n = mat_size(x);
	for (size_t i = 0; i < n; i++)
		x->data[i] = ((double)i - (double)n / 2) * 1e-3;
	for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
		size_t k = (size_t)rng_below(&m->rng, (int)i + 1);
		double v = x->data[i];
		x->data[i] = x->data[k];
		x->data[k] = v;
	}
	return ST_OK;
}

static AdNode *loss_pool(Tape *t, CheckModel *m)
{
	return against_upstream(t, m, pool2d_apply(t, leaf(t, m, 0), &m->pool));
}

static double work_pool(const CheckConfig *c)
{
	PoolGeom g = pool_geom_of(c, POOL_MAX);
	return (double)g.batch * g.channels * g.out_h * g.out_w * g.kernel[0] * g.kernel[1];
}

/* }==== */

static const CheckSpec specs[] = {
	{ "sigmoid", "sigmoid(x), elementwise", build_activation, loss_activation, work_elementwise },
	{ "tanh", "tanh(x), elementwise", build_activation, loss_activation, work_elementwise },
	{ "relu", "max(0, x), elementwise; relu'(0) = 0", build_activation, loss_activation, work_elementwise },
	{ "leaky_relu", "x > 0 ? x : slope*x (--slope, default 0.01)", build_activation, loss_activation, work_elementwise },
	{ "elu", "x > 0 ? x : alpha*(exp(x)-1) (--alpha, default 1)", build_activation, loss_activation, work_elementwise },
	{ "softmax", "softmax along each row of x (batch x input)", build_elementwise, loss_softmax, work_elementwise },
	{ "log_softmax", "log_softmax along each row of x", build_elementwise, loss_log_softmax, work_elementwise },
	{ "mse", "mean((pred - target)^2)", build_mse, loss_mse, work_elementwise },
	{ "cross_entropy", "mean cross-entropy of logits (batch x output) over class indices", build_cross_entropy, loss_cross_entropy, work_cross_entropy },
	/* losses */
	{ "cross_entropy_ex", "cross_entropy with PyTorch's options: label_smoothing 0.1, a weight per class, every third row's target ignore_index (-100)", build_cross_entropy_ex, loss_cross_entropy_ex, work_cross_entropy },
	{ "bce_with_logits", "mean binary cross-entropy of logits (batch x output) against soft targets, with a pos_weight per column", build_bce_with_logits, loss_bce_with_logits, work_cross_entropy },
	{ "linear", "x W^T + b, PyTorch's nn.Linear layout", build_linear, loss_linear, work_linear },
	{ "mlp", "cross_entropy(fc2(tanh(fc1(x)))), a two-layer perceptron", build_mlp, loss_mlp, work_mlp },
	{ "attention", "softmax(scores) . values; attention:dot|scaled_dot|general|additive (default scaled_dot)", build_attention, loss_attention, work_attention },
	{ "rnn", "Elman RNN over --steps, nn.RNN layout; rnn:relu or --act (default tanh)", build_recurrent, loss_recurrent, work_rnn },
	{ "lstm", "LSTM over --steps, nn.LSTM layout (gates i, f, g, o)", build_recurrent, loss_recurrent, work_lstm },
	{ "gru", "GRU over --steps, nn.GRU layout (gates r, z, n)", build_recurrent, loss_recurrent, work_gru },
	{ "conv1d", "x (batch x input x steps) * weight (output x input x 3) + bias; stride 2, padding 2, dilation 2", build_conv, loss_conv, work_conv1d },
	{ "conv2d", "x (batch x input x steps x steps) * weight (output x input x 3 x 2) + bias; stride [2,1], padding [1,0], dilation [1,2]", build_conv, loss_conv, work_conv2d },
	{ "max_pool2d", "x (batch x input x steps x steps) over 3x2 windows, stride [2,1], padding [1,1]; no near-ties in x", build_pool, loss_pool, work_pool },
	{ "avg_pool2d", "the windows of max_pool2d, averaged (count_include_pad)", build_pool, loss_pool, work_pool },
	{ "layer_norm", "each row of x (batch x input) normalised, * weight + bias, nn.LayerNorm", build_layer_norm, loss_layer_norm, work_layer_norm },
	{ "batch_norm", "x (batch x input channels x steps) normalised per channel, nn.BatchNorm1d; batch_norm:eval by running statistics", build_batch_norm, loss_batch_norm, work_batch_norm },
	{ "dropout", "x * mask / (1 - p) with a fixed random mask; dropout:P (default 0.5)", build_dropout, loss_dropout, work_elementwise },
	{ "embedding", "rows of weight (input x hidden) at batch x steps random indices, nn.Embedding", build_embedding, loss_embedding, work_embedding },
};

#define N_SPECS ((int)(sizeof specs / sizeof specs[0]))

CheckConfig check_config_defaults(void)
{
	return (CheckConfig){ .batch = 3, .input = 4, .hidden = 5, .output = 3, .steps = 5,
			      .slope = 0.01, .alpha = 1.0, .seed = 1 };
}

static AdNode *problem_loss(Tape *t, void *ctx)
{
	CheckModel *m = ctx;
	return m->spec->loss(t, m);
}

static Status check_limits(const CheckModel *m, int fast)
{
	double values = 0;
	for (int k = 0; k < m->n_tensors; k++)
		values += (double)mat_size(m->tensors[k].value);
	double evals = fast > 0 ? 2.0 * fast : 2.0 * values;
	double work = evals * m->spec->work(&m->c);
	if (work > CHECK_MAX_WORK)
		return status_fail(ST_ELIMIT,
				   "a check of %s at these sizes needs about %.2g units of work (multiply-adds, and %d for each node of the tape at each evaluation); the limit is %.0g (use smaller sizes or --fast K)",
				   m->spec->name, work, CHECK_NODE_WORK, CHECK_MAX_WORK);
	return ST_OK;
}

static Status check_sizes(const CheckConfig *c)
{
	const struct { const char *name; int v; } sizes[] = {
		{ "--batch", c->batch }, { "--input", c->input }, { "--hidden", c->hidden },
		{ "--output", c->output }, { "--steps", c->steps },
	};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (status_range(sizes[i].name, sizes[i].v, 1, CHECK_MAX_SIZE) != ST_OK)
			return ST_ELIMIT;
	double values = (double)c->batch * c->input + (double)c->hidden * c->input +
			(double)c->hidden * c->output + (double)c->batch * c->output;
	if (values > CHECK_MAX_VALUES)
		return status_fail(ST_ELIMIT, "these sizes need %.3g values; the limit is %d",
				   values, CHECK_MAX_VALUES);
	return ST_OK;
}

/* One forward pass at the unperturbed point, to record y0 for against_upstream. */
static Status record_base(CheckModel *m)
{
	Tape *t = ad_tape_new();
	if (!t)
		return status_fail(ST_ENOMEM, "out of memory");
	m->recording_base = 1;
	AdNode *L = m->spec->loss(t, m);
	m->recording_base = 0;
	Status st = L ? ST_OK : status_fail(ad_tape_status(t), "%s", ad_tape_error(t));
	ad_tape_free(t);
	return st;
}

CheckModel *check_model_new(const char *name, const CheckConfig *c, int fast)
{
	const CheckSpec *spec = NULL;
	const char *colon = strchr(name, ':');
	size_t len = colon ? (size_t)(colon - name) : strlen(name);
	for (int i = 0; i < N_SPECS; i++)
		if (strncmp(specs[i].name, name, len) == 0 && specs[i].name[len] == '\0')
			spec = &specs[i];
	if (!spec) {
		status_fail(ST_EINVAL, "unknown model '%s' (see 'gradlab check --list')", name);
		return NULL;
	}
	if (check_sizes(c) != ST_OK)
		return NULL;
	CheckModel *m = mem_calloc(1, sizeof *m);
	if (!m) {
		status_fail(ST_ENOMEM, "out of memory");
		return NULL;
	}
	m->spec = spec;
	m->c = *c;
	m->variant = colon ? colon + 1 : NULL;
	rng_seed(&m->rng, c->seed);
	if ((c->init || c->spectral_norm > 0 || c->loss || c->broken) && spec->build != build_recurrent) {
		status_fail(ST_EINVAL, "--%s is an option of rnn, lstm and gru, not of %s",
			    c->broken ? "broken" : c->loss ? "loss" : c->init ? "init" : "spectral-norm", spec->name);
		check_model_free(m);
		return NULL;
	}
	if (spec->build(m) != ST_OK ||
	    (m->variant && status_fail(ST_EINVAL, "model '%s' takes no ':%s'", spec->name, m->variant)) ||
	    check_limits(m, fast) != ST_OK ||
	    record_base(m) != ST_OK) {
		check_model_free(m);
		return NULL;
	}
	return m;
}

void check_model_free(CheckModel *m)
{
	if (!m)
		return;
	for (int k = 0; k < m->n_tensors; k++)
		if (m->owned[k]) {
			mat_free(m->tensors[k].value);
			mat_free(m->tensors[k].grad);
		}
	for (size_t l = 0; l < sizeof m->layers / sizeof m->layers[0]; l++)
		linear_free(m->layers[l]);
	for (size_t i = 0; i < sizeof m->consts / sizeof m->consts[0]; i++)
		mat_free(m->consts[i]);
	mat_free(m->base_output);
	attention_free(m->attn);
	recurrent_free(m->rec);
	layer_norm_free(m->ln);
	batch_norm_free(m->bn);
	embedding_free(m->emb);
	mem_free(m->states);
	mem_free(m->target);
	mem_free(m);
}

GcProblem check_model_problem(CheckModel *m)
{
	/* Every built-in model builds the same graph whatever its values: replay it. */
	return (GcProblem){ m->tensors, m->n_tensors, problem_loss, m, 1 };
}

void check_models_list(FILE *out)
{
	/* the summaries wrapped at 80 columns under themselves (they are ASCII), in a column as
	 * wide as the longest name (at least 14) */
	int name_width = 14;
	for (int i = 0; i < N_SPECS; i++)
		if ((int)strlen(specs[i].name) > name_width)
			name_width = (int)strlen(specs[i].name);
	const int INDENT = 2 + name_width + 1, WIDTH = 80;
	for (int i = 0; i < N_SPECS; i++) {
		fprintf(out, "  %-*s", name_width, specs[i].name);
		int col = INDENT - 1;
		for (const char *p = specs[i].summary; *p;) {
			size_t len = strcspn(p, " ");
			if (col > INDENT - 1 && col + 1 + (int)len > WIDTH) {
				fprintf(out, "\n%*s", INDENT - 1, "");
				col = INDENT - 1;
			}
			fprintf(out, " %.*s", (int)len, p);
			col += 1 + (int)len;
			p += len;
			p += strspn(p, " ");
		}
		fputc('\n', out);
	}
}

int check_models_count(void)
{
	return N_SPECS;
}

const char *check_models_name(int i)
{
	return i >= 0 && i < N_SPECS ? specs[i].name : NULL;
}
