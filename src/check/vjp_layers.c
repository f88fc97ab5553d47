/* vjp_layers: the layers of `gradlab grad` (linear, layer_norm, batch_norm, dropout,
 * embedding), in PyTorch's names, layouts and defaults, on src/nn's layers and core/ad's
 * fused ops. A family of check/vjp.c's engine (see check/vjp_model.h). What is not
 * differentiated is read here without a gradient: batch_norm's running statistics (also
 * outputs, as updated, that take no dout), dropout's mask and embedding's indices. */
#include "check/vjp_model.h"

#include "check/io.h"
#include "core/mem.h"
#include "nn/dropout.h"
#include "nn/norm.h"

#include <math.h>
#include <string.h>

/* {==== Reading the request ==== */

/* What a layer keeps between prepare and forward. */
typedef struct LayerState {
	BatchNorm *bn;
	Mat *mask;            /* dropout */
	double eps, p;
	int training, spatial;
	IoShape out_shape;    /* output's shape */
	int out_rows, out_cols;
} LayerState;

static void state_free(void *priv)
{
	LayerState *s = priv;
	if (!s)
		return;
	batch_norm_free(s->bn);
	mat_free(s->mask);
	mem_free(s);
}

static Status state_new(Job *j, LayerState **out)
{
	if (!(*out = mem_calloc(1, sizeof **out)))
		return status_fail(ST_ENOMEM, "out of memory for the %s", j->model->name);
	j->priv = *out;
	j->priv_free = state_free;
	return ST_OK;
}

/* section (params or inputs, NULL when absent) holds only known keys. */
static Status known_keys(json_object *section, const char *name, const char *const *known)
{
	return section ? io_check_object(section, name, known) : ST_OK;
}

/* params.key as a tensor with a gradient when present, else *out NULL. */
static Status take_optional_param(Job *j, const char *key, const char *const *known, Tensor **out)
{
	*out = NULL;
	json_object *v;
	if (!j->params || !json_object_object_get_ex(j->params, key, &v) || !v)
		return ST_OK;
	return vjp_take_param(j, key, known, out);
}

/* options.key as true, false, 0 or 1; *out untouched when absent. */
static Status option_flag(Job *j, const char *key, int *out)
{
	json_object *v;
	char path[64];
	if (!j->options || !json_object_object_get_ex(j->options, key, &v))
		return ST_OK;
	snprintf(path, sizeof path, "options.%s", key);
	return io_flag_from_json(v, path, out);
}

/* options.key in [lo, hi] (hi itself only when hi_open is 0); *out untouched when absent. */
static Status option_in(Job *j, const char *key, double lo, double hi, int hi_open, double *out)
{
	double v = *out;
	Status st = vjp_option_number(j, key, &v);
	if (st != ST_OK)
		return st;
	if (v < lo || v > hi || (hi_open && v == hi))
		return status_fail(ST_ERANGE, "options.%s must be in [%g, %g%s, got %.17g", key, lo, hi,
				   hi_open ? ")" : "]", v);
	*out = v;
	return ST_OK;
}

/* shape with its last axis set to last (an axis added when shape is a number). */
static IoShape with_last(const IoShape *shape, int last)
{
	IoShape s = *shape;
	if (s.ndim == 0)
		s.ndim = 1;
	s.dim[s.ndim - 1] = last;
	return s;
}

/* A vector of n real numbers at inputs.key that takes no gradient (a buffer), or NULL when
 * absent. */
static Status take_buffer(Job *j, const char *key, int n, Mat **out)
{
	json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(j->inputs, key, &v) || !v)
		return ST_OK;
	char path[48], ws[48], gs[48];
	snprintf(path, sizeof path, "inputs.%s", key);
	IoShape shape, want = { 1, { n } };
	Status st = io_tensor_from_json(v, path, &shape, out);
	if (st != ST_OK)
		return st;
	if (!io_shape_equal(&shape, &want))
		return status_fail(ST_ESHAPE, "%s must be %s (C, one per channel of x), got %s", path,
				   io_shape_str(&want, ws, sizeof ws), io_shape_str(&shape, gs, sizeof gs));
	return ST_OK;
}


/* }==== */

/* {==== linear ==== */

static const char *const LINEAR_PARAMS[] = { "weight", "bias", NULL };
static const char *const X_ONLY[] = { "x", NULL };

static Status prepare_linear(Job *j)
{
	Status st;
	Tensor *w, *b, *x;
	if ((st = known_keys(j->params, "params", LINEAR_PARAMS)) != ST_OK ||
	    (st = known_keys(j->inputs, "inputs", X_ONLY)) != ST_OK ||
	    (st = vjp_take_param(j, "weight", LINEAR_PARAMS, &w)) != ST_OK ||
	    (st = take_optional_param(j, "bias", LINEAR_PARAMS, &b)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, X_ONLY, &x)) != ST_OK)
		return st;
	char s[48];
	if (x->shape.ndim == 0)
		return status_fail(ST_ESHAPE, "inputs.x must be N x I (or I, or any leading axes x I), got a number");
	int I = x->shape.dim[x->shape.ndim - 1];
	if (w->shape.ndim != 2)
		return status_fail(ST_ESHAPE, "params.weight must be O x %d (O x I, I from x), got %s", I,
				   io_shape_str(&w->shape, s, sizeof s));
	int O = w->shape.dim[0];
	if ((st = vjp_want(w, 2, O, I, "O x I, I from x")) != ST_OK ||
	    (b && (st = vjp_want(b, 1, O, 0, "O, from weight")) != ST_OK))
		return st;
	LayerState *ls;
	if ((st = state_new(j, &ls)) != ST_OK)
		return st;
	ls->out_shape = with_last(&x->shape, O);
	ls->out_rows = x->value->rows;
	ls->out_cols = O;
	double N = x->value->rows;
	j->cost = (VjpCost){ .nodes = 10, .values = 3 * N * O + N * I + 2.0 * O * I + O + 2,
			     .macs = N * I * O + 2 * N * O, .answer = N * O };
	return ST_OK;
}

/* y = x W^T + b, x's rows its leading axes (PyTorch's (*, I)). */
static Status forward_linear(Job *j)
{
	LayerState *ls = j->priv;
	Tensor *w = &j->tensors[0], *b = j->n_tensors == 3 ? &j->tensors[1] : NULL;
	Tensor *x = &j->tensors[j->n_tensors - 1];
	AdNode *y = ad_matmul(j->t, vjp_leaf(j, x), 0, vjp_leaf(j, w), 1);
	if (b)
		y = ad_add_bias(j->t, y, vjp_leaf(j, b));
	vjp_add_output(j, "output", y, ls->out_shape, 1);
	return ad_tape_status(j->t);
}

/* }==== */

/* {==== layer_norm ==== */

static const char *const NORM_PARAMS[] = { "weight", "bias", NULL };

static Status prepare_layer_norm(Job *j)
{
	Status st;
	Tensor *w, *b, *x;
	LayerState *ls;
	if ((st = state_new(j, &ls)) != ST_OK)
		return st;
	ls->eps = 1e-5;
	if ((st = option_in(j, "eps", 0, INFINITY, 0, &ls->eps)) != ST_OK ||
	    (st = known_keys(j->params, "params", NORM_PARAMS)) != ST_OK ||
	    (st = known_keys(j->inputs, "inputs", X_ONLY)) != ST_OK ||
	    (st = take_optional_param(j, "weight", NORM_PARAMS, &w)) != ST_OK ||
	    (st = take_optional_param(j, "bias", NORM_PARAMS, &b)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, X_ONLY, &x)) != ST_OK)
		return st;
	if (x->shape.ndim == 0)
		return status_fail(ST_ESHAPE, "inputs.x must be N x D (or D, or any leading axes x D; the last axis is normalised), got a number");
	int D = x->shape.dim[x->shape.ndim - 1];
	if ((w && (st = vjp_want(w, 1, D, 0, "D, the last axis of x")) != ST_OK) ||
	    (b && (st = vjp_want(b, 1, D, 0, "D, the last axis of x")) != ST_OK))
		return st;
	ls->out_shape = x->shape;
	double n = (double)mat_size(x->value);
	j->cost = (VjpCost){ .nodes = 10, .values = 4 * n + 4.0 * D + 2.0 * x->value->rows + 2,
			     .macs = 12 * n, .answer = n };
	return ST_OK;
}

static Status forward_layer_norm(Job *j)
{
	LayerState *ls = j->priv;
	Tensor *w = NULL, *b = NULL, *x = &j->tensors[j->n_tensors - 1];
	for (int k = 0; k < j->n_tensors - 1; k++)
		*(strcmp(j->tensors[k].key, "weight") == 0 ? &w : &b) = &j->tensors[k];
	vjp_add_output(j, "output", ad_layer_norm(j->t, vjp_leaf(j, x), vjp_leaf(j, w), vjp_leaf(j, b), ls->eps),
		       ls->out_shape, 1);
	return ad_tape_status(j->t);
}

/* }==== */

/* {==== batch_norm ==== */

static const char *const BN_OPTIONS[] = { "training", "momentum", "eps", NULL };
static const char *const BN_INPUTS[] = { "x", "running_mean", "running_var", NULL };

static Status prepare_batch_norm(Job *j)
{
	Status st;
	Tensor *w, *b, *x;
	LayerState *ls;
	if ((st = state_new(j, &ls)) != ST_OK)
		return st;
	double eps = 1e-5, momentum = 0.1;
	ls->training = 1;
	if ((st = option_flag(j, "training", &ls->training)) != ST_OK ||
	    (st = option_in(j, "momentum", 0, 1, 0, &momentum)) != ST_OK ||
	    (st = option_in(j, "eps", 0, INFINITY, 0, &eps)) != ST_OK ||
	    (st = known_keys(j->params, "params", NORM_PARAMS)) != ST_OK ||
	    (st = known_keys(j->inputs, "inputs", BN_INPUTS)) != ST_OK ||
	    (st = take_optional_param(j, "weight", NORM_PARAMS, &w)) != ST_OK ||
	    (st = take_optional_param(j, "bias", NORM_PARAMS, &b)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, BN_INPUTS, &x)) != ST_OK)
		return st;
	char s[48];
	if (x->shape.ndim < 2)
		return status_fail(ST_ESHAPE, "inputs.x must be N x C, N x C x L or N x C x H x W (channels on the second axis), got %s",
				   io_shape_str(&x->shape, s, sizeof s));
	int C = x->shape.dim[1];
	size_t per_channel = io_shape_size(&x->shape) / (size_t)C;
	ls->spatial = (int)(per_channel / (size_t)x->shape.dim[0]);
	if (ls->training && per_channel < 2)
		return status_fail(ST_ESHAPE, "inputs.x is %s: training needs more than 1 value per channel (the batch variance of one value is 0, its unbiased estimate undefined); give more rows or training false",
				   io_shape_str(&x->shape, s, sizeof s));
	if ((w && (st = vjp_want(w, 1, C, 0, "C, the second axis of x")) != ST_OK) ||
	    (b && (st = vjp_want(b, 1, C, 0, "C, the second axis of x")) != ST_OK))
		return st;
	ls->out_shape = x->shape;
	double n = (double)mat_size(x->value);
	j->cost = (VjpCost){ .nodes = 12, .values = 4 * n + 12.0 * C + 2, .macs = 12 * n,
			     .answer = n + 2.0 * C, .held = 8.0 * C };
	if (vjp_over_budget(&j->cost))
		return ST_OK; /* refused by the caller, before anything is allocated */
	/* The layer keeps its running statistics; absent weight and bias stay 1 and 0, which
	 * change no bit (x * 1 + 0 is x), and report no gradient. */
	Mat *mean = NULL, *var = NULL;
	if (!(ls->bn = batch_norm_new(C, eps, momentum)))
		return status_fail(ST_ENOMEM, "out of memory for the batch_norm");
	if ((st = take_buffer(j, "running_mean", C, &mean)) != ST_OK ||
	    (st = take_buffer(j, "running_var", C, &var)) != ST_OK)
		goto fail;
	for (int c = 0; var && c < C; c++)
		if (var->data[c] < 0) {
			st = status_fail(ST_ERANGE, "inputs.running_var[%d] is %.17g; a variance is at least 0", c,
					 var->data[c]);
			goto fail;
		}
	if (mean)
		mat_copy(ls->bn->running_mean, mean);
	if (var)
		mat_copy(ls->bn->running_var, var);
	if (w)
		vjp_bind(w, ls->bn->weight, ls->bn->dweight);
	if (b)
		vjp_bind(b, ls->bn->bias, ls->bn->dbias);
fail:
	mat_free(mean);
	mat_free(var);
	return st;
}

static Status forward_batch_norm(Job *j)
{
	LayerState *ls = j->priv;
	BatchNorm *bn = ls->bn;
	Tensor *x = &j->tensors[j->n_tensors - 1];
	IoShape stats = { 1, { bn->channels } };
	vjp_add_output(j, "output", batch_norm_forward(j->t, bn, vjp_leaf(j, x), ls->spatial, ls->training),
		       ls->out_shape, 1);
	/* After the forward: in training it has moved them. */
	vjp_add_buffer(j, "running_mean", ad_const(j->t, bn->running_mean), stats);
	vjp_add_buffer(j, "running_var", ad_const(j->t, bn->running_var), stats);
	return ad_tape_status(j->t);
}

/* }==== */

/* {==== dropout ==== */

static const char *const DROPOUT_OPTIONS[] = { "p", "training", NULL };
static const char *const DROPOUT_INPUTS[] = { "x", "mask", NULL };

static Status prepare_dropout(Job *j)
{
	Status st;
	Tensor *x;
	LayerState *ls;
	if ((st = state_new(j, &ls)) != ST_OK)
		return st;
	ls->p = 0.5;
	ls->training = 1;
	double p = ls->p;
	if ((st = vjp_option_number(j, "p", &p)) != ST_OK || (st = option_flag(j, "training", &ls->training)) != ST_OK)
		return st;
	/* p = 1 (PyTorch: every unit dropped, the output all zeros) is refused: a mask that
	 * keeps a unit contradicts it and the scale 1/(1 - p) is infinite. */
	if (!(p >= 0 && p < 1))
		return status_fail(ST_ERANGE, "options.p must be in [0, 1) (the probability of dropping a unit; p = 1 would drop all and 1/(1-p) is infinite), got %.17g",
				   p);
	ls->p = p;
	if ((st = known_keys(j->params, "params", VJP_NONE)) != ST_OK ||
	    (st = known_keys(j->inputs, "inputs", DROPOUT_INPUTS)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, DROPOUT_INPUTS, &x)) != ST_OK)
		return st;
	json_object *m = NULL;
	if (!json_object_object_get_ex(j->inputs, "mask", &m) || !m) {
		if (ls->training)
			return status_fail(ST_EINVAL, "inputs.mask is missing: in training dropout needs the mask (0 drops a unit, 1 keeps it; the shape of x)");
	} else {
		IoShape shape;
		char ws[48], gs[48], where[128];
		if ((st = io_tensor_from_json(m, "inputs.mask", &shape, &ls->mask)) != ST_OK)
			return st;
		if (!io_shape_equal(&shape, &x->shape))
			return status_fail(ST_ESHAPE, "inputs.mask must have the shape of inputs.x (%s), got %s",
					   io_shape_str(&x->shape, ws, sizeof ws), io_shape_str(&shape, gs, sizeof gs));
		for (size_t k = 0; k < mat_size(ls->mask); k++)
			if (ls->mask->data[k] != 0 && ls->mask->data[k] != 1) {
				io_element_path(where, sizeof where, "inputs.mask", &shape, k);
				return status_fail(ST_EINVAL, "%s must be 0 or 1 (drop or keep), got %.17g", where,
						   ls->mask->data[k]);
			}
	}
	ls->out_shape = x->shape;
	double n = (double)mat_size(x->value);
	j->cost = (VjpCost){ .nodes = 8, .values = 4 * n + 2, .macs = 4 * n, .answer = n, .held = n };
	return ST_OK;
}

static Status forward_dropout(Job *j)
{
	LayerState *ls = j->priv;
	AdNode *x = vjp_leaf(j, &j->tensors[0]);
	vjp_add_output(j, "output", ls->training ? dropout_apply(j->t, x, ls->mask, ls->p) : x, ls->out_shape, 1);
	return ad_tape_status(j->t);
}

/* }==== */

/* {==== embedding ==== */

static const char *const EMBEDDING_PARAMS[] = { "weight", NULL };
static const char *const EMBEDDING_INPUTS[] = { "indices", NULL };

/* Every integer of the nested arrays j (as io_tensor_from_json found them), in order, each
 * in 0..hi, into out; a bad one refused with its path. */
static Status read_indices(json_object *v, char *path, size_t len, size_t size, int hi, int *out,
			   size_t *n)
{
	if (!json_object_is_type(v, json_type_array))
		return io_int_from_json(v, path, 0, hi, &out[(*n)++]);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		int w = snprintf(path + len, size - len, "[%zu]", i);
		Status st = read_indices(json_object_array_get_idx(v, i), path, len + (size_t)w, size, hi,
					 out, n);
		if (st != ST_OK)
			return st;
	}
	path[len] = '\0';
	return ST_OK;
}

static Status prepare_embedding(Job *j)
{
	Status st;
	Tensor *w;
	json_object *v;
	if ((st = known_keys(j->params, "params", EMBEDDING_PARAMS)) != ST_OK ||
	    (st = known_keys(j->inputs, "inputs", EMBEDDING_INPUTS)) != ST_OK ||
	    (st = vjp_take_param(j, "weight", EMBEDDING_PARAMS, &w)) != ST_OK)
		return st;
	char s[48];
	if (w->shape.ndim != 2)
		return status_fail(ST_ESHAPE, "params.weight must be V x D (one row per index), got %s",
				   io_shape_str(&w->shape, s, sizeof s));
	if (!json_object_object_get_ex(j->inputs, "indices", &v) || !v)
		return status_fail(ST_EINVAL, "inputs.indices is missing (embedding takes inputs: indices)");
	/* The shape first (rectangular, numbers, not empty), then each as an index. */
	Mat *values = NULL;
	st = io_tensor_from_json(v, "inputs.indices", &j->ints_shape, &values);
	mat_free(values);
	if (st != ST_OK)
		return st;
	if (j->ints_shape.ndim > IO_MAX_NDIM - 1)
		return status_fail(ST_ESHAPE, "inputs.indices may have at most %d axes (the output adds one, D), got %s",
				   IO_MAX_NDIM - 1, io_shape_str(&j->ints_shape, s, sizeof s));
	size_t n = io_shape_size(&j->ints_shape), got = 0;
	int V = w->shape.dim[0], D = w->shape.dim[1];
	if (!(j->ints = mem_alloc(n * sizeof *j->ints)))
		return status_fail(ST_ENOMEM, "out of memory for inputs.indices");
	char path[160] = "inputs.indices";
	if ((st = read_indices(v, path, strlen(path), sizeof path, V - 1, j->ints, &got)) != ST_OK) {
		if (st != ST_ERANGE)
			return st;
		char why[400];
		snprintf(why, sizeof why, "%s", status_detail());
		return status_fail(ST_ERANGE, "%s: an index into the %d rows of params.weight", why, V);
	}
	LayerState *ls;
	if ((st = state_new(j, &ls)) != ST_OK)
		return st;
	ls->out_shape = j->ints_shape;
	ls->out_shape.dim[ls->out_shape.ndim++] = D;
	ls->out_rows = (int)n;
	j->cost = (VjpCost){ .nodes = 8, .values = 3.0 * n * D + 2, .macs = 4.0 * n * D, .answer = (double)n * D,
			     .held = (double)n / 2 };
	return ST_OK;
}

static Status forward_embedding(Job *j)
{
	LayerState *ls = j->priv;
	vjp_add_output(j, "output", ad_embedding(j->t, vjp_leaf(j, &j->tensors[0]), j->ints, ls->out_rows),
		       ls->out_shape, 1);
	return ad_tape_status(j->t);
}

/* }==== */

static const char *const EPS[] = { "eps", NULL };

static const Model layer_models[] = {
	{ "linear", VJP_NONE, prepare_linear, forward_linear,
	  "linear: x W^T + b, as torch.nn.Linear.\n"
	  "    params    weight (O x I), optional bias (O)\n"
	  "    inputs    x (N x I, or I, or any leading axes x I)\n"
	  "    outputs   output (x's shape with O last); dout output is required\n" },
	{ "layer_norm", EPS, prepare_layer_norm, forward_layer_norm,
	  "layer_norm: the last axis of x normalised, as torch.nn.LayerNorm(D):\n"
	  "              (x - mean) / sqrt(var + eps) * weight + bias, var biased.\n"
	  "    options   eps (default 1e-5)\n"
	  "    params    weight, bias (D; each optional, left out: 1 and 0, no gradient)\n"
	  "    inputs    x (N x D, or D, or any leading axes x D)\n"
	  "    outputs   output (shape of x); dout output is required\n" },
	{ "batch_norm", BN_OPTIONS, prepare_batch_norm, forward_batch_norm,
	  "batch_norm: each channel normalised over the batch (and H x W), as\n"
	  "              torch.nn.BatchNorm1d/2d.\n"
	  "    options   training (default true), momentum (0.1), eps (1e-5)\n"
	  "    params    weight, bias (C; each optional, as for layer_norm)\n"
	  "    inputs    x (N x C, N x C x L or N x C x H x W), optional running_mean\n"
	  "              and running_var (C; default 0 and 1; no gradient)\n"
	  "    outputs   output (shape of x); running_mean, running_var as updated:\n"
	  "              training normalises by the batch's biased variance and moves\n"
	  "              the running ones by momentum towards the batch's mean and\n"
	  "              unbiased variance; training false normalises by the running\n"
	  "              ones and keeps them\n"
	  "    dout      output is required; the running statistics take none\n" },
	{ "dropout", DROPOUT_OPTIONS, prepare_dropout, forward_dropout,
	  "dropout: x * mask / (1 - p) in training, x itself otherwise.\n"
	  "    options   p (default 0.5; in [0, 1): p = 1 is refused, as its scale is\n"
	  "              infinite; PyTorch gives zeros), training (default true)\n"
	  "    inputs    x (any shape), mask (the shape of x, 0 drops and 1 keeps;\n"
	  "              required in training; no gradient)\n"
	  "    outputs   output (shape of x); dout output is required\n" },
	{ "embedding", VJP_NONE, prepare_embedding, forward_embedding,
	  "embedding: row indices[...] of weight, as torch.nn.Embedding.\n"
	  "    params    weight (V x D)\n"
	  "    inputs    indices (an integer in 0..V-1 or nested arrays of them; no\n"
	  "              gradient)\n"
	  "    outputs   output (indices' shape x D); dout output is required; a row\n"
	  "              looked up twice gathers both gradients\n" },
};

const ModelFamily vjp_layers_family = { layer_models, (int)(sizeof layer_models / sizeof layer_models[0]) };
