/* vjp: the requests of `gradlab grad`, model by model. Each model reads and checks its
 * options and tensors (prepare), then builds its outputs on a tape (forward); the shared part
 * reads dout, sends L = sum <dout, output> back through the tape and writes the answer.
 * Every parameter and real-valued input is a leaf with a gradient, so all of them come back. */
#include "check/vjp.h"
#include "check/vjp_model.h"

#include "check/io.h"
#include "core/ad.h"
#include "core/mem.h"
#include "nn/activation.h"
#include "nn/attention.h"
#include "nn/recurrent.h"

#include <limits.h>
#include <string.h>

/* {==== Reading the request ==== */

const char *const VJP_NONE[] = { NULL };

/* Check that section (options, params or inputs; NULL when absent) holds only known keys. */
static Status check_section(const Job *j, json_object *section, const char *name,
			    const char *const *known)
{
	if (section && !known[0] && json_object_object_length(section) > 0) {
		json_object_object_foreach(section, key, val) {
			(void)val;
			char q[160];
			return status_fail(ST_EINVAL, "%s: unknown key '%s' (%s%s%s takes no %s)", name,
					   io_quote(q, sizeof q, key, 32), j->model->name, j->attn_score_name ? " with score " : "",
					   j->attn_score_name ? j->attn_score_name : "",
					   strcmp(name, "params") == 0 ? "parameters" : name);
		}
	}
	return section ? io_check_object(section, name, known) : ST_OK;
}

static void join(char *buf, size_t size, const char *const *names)
{
	buf[0] = '\0';
	for (int i = 0; names[i]; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", i ? ", " : "", names[i]);
	}
}

/* Read section.key as a tensor with a zeroed gradient of its shape. An absent (or null)
 * optional key leaves *out NULL; an absent required one is refused, listing known. */
static Status take(Job *j, json_object *section, const char *section_name, const char *key,
		   int required, const char *const *known, Tensor **out)
{
	*out = NULL;
	json_object *v = NULL;
	if (!section || !json_object_object_get_ex(section, key, &v) || (!required && !v)) {
		if (!required)
			return ST_OK;
		char list[128];
		join(list, sizeof list, known);
		return status_fail(ST_EINVAL, "%s.%s is missing (%s takes %s: %s)", section_name, key,
				   j->model->name, section_name, list);
	}
	Tensor *t = &j->tensors[j->n_tensors];
	t->key = key;
	snprintf(t->path, sizeof t->path, "%s.%s", section_name, key);
	Status st = io_tensor_from_json(v, t->path, &t->shape, &t->value);
	if (st != ST_OK)
		return st;
	j->n_tensors++;
	if (!(t->grad = mat_new(t->value->rows, t->value->cols)))
		return status_fail(ST_ENOMEM, "out of memory for the gradient of %s", t->path);
	*out = t;
	return ST_OK;
}

Status vjp_take_param(Job *j, const char *key, const char *const *known, Tensor **out)
{
	return take(j, j->params, "params", key, 1, known, out);
}

Status vjp_take_input(Job *j, const char *key, int required, const char *const *known,
			 Tensor **out)
{
	return take(j, j->inputs, "inputs", key, required, known, out);
}

/* ST_ESHAPE "PATH must be WANTED (RULE), got SHAPE" unless t is a vector of d0 (ndim 1) or a
 * d0 x d1 matrix (ndim 2). */
Status vjp_want(const Tensor *t, int ndim, int d0, int d1, const char *rule)
{
	IoShape w = { ndim, { d0, ndim > 1 ? d1 : 0, 0 } };
	if (io_shape_equal(&t->shape, &w))
		return ST_OK;
	char ws[48], gs[48];
	return status_fail(ST_ESHAPE, "%s must be %s%s%s%s, got %s", t->path,
			   io_shape_str(&w, ws, sizeof ws), rule ? " (" : "", rule ? rule : "",
			   rule ? ")" : "", io_shape_str(&t->shape, gs, sizeof gs));
}

/* A string option; *out untouched when absent. */
Status vjp_option_string(Job *j, const char *key, const char **out)
{
	json_object *v;
	if (!j->options || !json_object_object_get_ex(j->options, key, &v))
		return ST_OK;
	if (!json_object_is_type(v, json_type_string))
		return status_fail(ST_EINVAL, "options.%s must be a string, got %s", key, io_type_name(v));
	*out = json_object_get_string(v);
	return ST_OK;
}

Status vjp_option_number(Job *j, const char *key, double *out)
{
	json_object *v;
	char path[64];
	if (!j->options || !json_object_object_get_ex(j->options, key, &v))
		return ST_OK;
	snprintf(path, sizeof path, "options.%s", key);
	return io_number_from_json(v, path, out);
}

/* Put t on the tape as a leaf that collects its gradient. */
AdNode *vjp_leaf(Job *j, Tensor *t)
{
	return t ? ad_param(j->t, t->value, t->grad) : NULL;
}

/* A layer keeps its own copy of a parameter: fill it from t, and fetch its gradient after. */
void vjp_bind(Tensor *t, Mat *layer_value, Mat *layer_grad)
{
	mat_copy(layer_value, t->value);
	t->layer_grad = layer_grad;
}

void vjp_add_output(Job *j, const char *name, AdNode *node, IoShape shape, int required)
{
	j->out[j->n_out++] = (Output){ name, shape, node, required, NULL, 0 };
}

void vjp_add_buffer(Job *j, const char *name, AdNode *node, IoShape shape)
{
	j->out[j->n_out++] = (Output){ name, shape, node, 0, NULL, 1 };
}

/* }==== */

/* {==== Activations and losses ==== */

static const char *const X_ONLY[] = { "x", NULL };
static const char *const SLOPE[] = { "negative_slope", NULL };
static const char *const ALPHA[] = { "alpha", NULL };

static Status prepare_activation(Job *j)
{
	Status st;
	Tensor *x;
	if ((st = activation_parse(j->model->name, &j->act)) != ST_OK)
		return st;
	j->act_param = activation_default_param(j->act);
	if (j->act == ACT_LEAKY_RELU)
		st = vjp_option_number(j, "negative_slope", &j->act_param);
	else if (j->act == ACT_ELU)
		st = vjp_option_number(j, "alpha", &j->act_param);
	if (st != ST_OK || (st = check_section(j, j->params, "params", VJP_NONE)) != ST_OK ||
	    (st = check_section(j, j->inputs, "inputs", X_ONLY)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, X_ONLY, &x)) != ST_OK)
		return st;
	double n = (double)mat_size(x->value);
	j->cost = (VjpCost){ .nodes = 5, .values = 4 * n + 1, .macs = 10 * n, .answer = n };
	return ST_OK;
}

static Status forward_activation(Job *j)
{
	Tensor *x = &j->tensors[0];
	vjp_add_output(j, "output", activation_apply(j->t, j->act, j->act_param, vjp_leaf(j, x)), x->shape, 1);
	return ST_OK;
}

static Status prepare_softmax(Job *j)
{
	Status st;
	Tensor *x;
	if ((st = check_section(j, j->params, "params", VJP_NONE)) != ST_OK ||
	    (st = check_section(j, j->inputs, "inputs", X_ONLY)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, X_ONLY, &x)) != ST_OK)
		return st;
	if (x->shape.ndim == 0)
		return status_fail(ST_ESHAPE, "inputs.x must be a vector, a matrix or an array of matrices (%s is taken along the last axis), got a number",
				   j->model->name);
	double n = (double)mat_size(x->value);
	j->cost = (VjpCost){ .nodes = 5, .values = 4 * n + x->value->rows + 1, .macs = 10 * n, .answer = n };
	return ST_OK;
}

/* Rows of x are its last axis: the Mat layout of every shape makes softmax row by row. */
static Status forward_softmax(Job *j)
{
	Tensor *x = &j->tensors[0];
	AdNode *in = vjp_leaf(j, x);
	AdNode *y = strcmp(j->model->name, "softmax") == 0 ? ad_softmax(j->t, in)
							   : ad_log_softmax(j->t, in);
	vjp_add_output(j, "output", y, x->shape, 1);
	return ST_OK;
}

static const char *const MSE_INPUTS[] = { "pred", "target", NULL };

static Status prepare_mse(Job *j)
{
	Status st;
	Tensor *pred, *target;
	if ((st = check_section(j, j->params, "params", VJP_NONE)) != ST_OK ||
	    (st = check_section(j, j->inputs, "inputs", MSE_INPUTS)) != ST_OK ||
	    (st = vjp_take_input(j, "pred", 1, MSE_INPUTS, &pred)) != ST_OK ||
	    (st = vjp_take_input(j, "target", 1, MSE_INPUTS, &target)) != ST_OK)
		return st;
	if (!io_shape_equal(&pred->shape, &target->shape)) {
		char a[48], b[48];
		return status_fail(ST_ESHAPE, "inputs.target must have the shape of inputs.pred (%s), got %s",
				   io_shape_str(&pred->shape, a, sizeof a), io_shape_str(&target->shape, b, sizeof b));
	}
	double n = (double)mat_size(pred->value);
	j->cost = (VjpCost){ .nodes = 6, .values = 4 * n + 4, .macs = 4 * n, .answer = 1 };
	return ST_OK;
}

static Status forward_mse(Job *j)
{
	vjp_add_output(j, "loss", ad_mse(j->t, vjp_leaf(j, &j->tensors[0]), vjp_leaf(j, &j->tensors[1])),
		   (IoShape){ 0, { 0 } }, 1);
	return ST_OK;
}

static const char *const CE_INPUTS[] = { "logits", "target", "weight", NULL };
static const char *const CE_OPTIONS[] = { "ignore_index", "label_smoothing", NULL };

/* cross_entropy's options, PyTorch's defaults: ignore_index -100, label_smoothing 0, and
 * its class weights, a constant of the request (PyTorch gives them no gradient), so held
 * here rather than as a Tensor, which would put a gradient in the answer. */
typedef struct CeOptions {
	int ignore_index;
	double label_smoothing;
	Mat *weight; /* 1 x C, or NULL */
} CeOptions;

static void ce_options_free(void *p)
{
	CeOptions *o = p;
	if (!o)
		return;
	mat_free(o->weight);
	mem_free(o);
}

/* inputs.target as class indices of C classes, where ignore_index may stand for any row.
 * The read takes any int first (its shape and whole-number messages), then each element is
 * held to 0..C-1 unless it is ignore_index, so a refusal names the first bad element with
 * the range the field allows, as written. */
static Status read_targets(Job *j, json_object *target, int C, int ignore_index)
{
	Status st = io_ints_from_json(target, "inputs.target", 0, INT_MIN, INT_MAX, &j->ints_shape,
				      &j->ints);
	if (st != ST_OK && st != ST_ERANGE)
		return st;
	/* ST_ERANGE: an integer beyond int; the shape was read and is flat. */
	int n = json_object_is_type(target, json_type_array) ? (int)json_object_array_length(target) : 1;
	for (int i = 0; i < n; i++) {
		json_object *e = json_object_is_type(target, json_type_array)
					 ? json_object_array_get_idx(target, (size_t)i) : target;
		char where[64];
		int v;
		if (json_object_is_type(target, json_type_array))
			snprintf(where, sizeof where, "inputs.target[%d]", i);
		else
			snprintf(where, sizeof where, "inputs.target");
		if (io_int_from_json(e, where, ignore_index, ignore_index, &v) == ST_OK)
			continue;
		if ((st = io_int_from_json(e, where, 0, C - 1, &v)) != ST_OK) {
			char why[400];
			snprintf(why, sizeof why, "%s", status_detail());
			return status_fail(st, "%s: a class index of %d classes", why, C);
		}
	}
	return st;
}

static Status prepare_cross_entropy(Job *j)
{
	Status st;
	Tensor *logits;
	json_object *target, *v;
	CeOptions *o = mem_calloc(1, sizeof *o);
	if (!o)
		return status_fail(ST_ENOMEM, "out of memory for the options");
	j->priv = o;
	j->priv_free = ce_options_free;
	o->ignore_index = -100;
	if (j->options && json_object_object_get_ex(j->options, "ignore_index", &v) &&
	    (st = io_int_from_json(v, "options.ignore_index", INT_MIN + 1, INT_MAX, &o->ignore_index)) != ST_OK)
		return st;
	if ((st = vjp_option_number(j, "label_smoothing", &o->label_smoothing)) != ST_OK)
		return st;
	if (!(o->label_smoothing >= 0.0 && o->label_smoothing <= 1.0))
		return status_fail(ST_ERANGE, "options.label_smoothing must be between 0 and 1, got %g",
				   o->label_smoothing);
	if ((st = check_section(j, j->params, "params", VJP_NONE)) != ST_OK ||
	    (st = check_section(j, j->inputs, "inputs", CE_INPUTS)) != ST_OK ||
	    (st = vjp_take_input(j, "logits", 1, CE_INPUTS, &logits)) != ST_OK)
		return st;
	int nd = logits->shape.ndim, N = logits->value->rows, C = logits->value->cols;
	if (nd != 1 && nd != 2) {
		char s[48];
		return status_fail(ST_ESHAPE, "inputs.logits must be N x C (or a vector of C for one sample), got %s",
				   io_shape_str(&logits->shape, s, sizeof s));
	}
	if (!json_object_object_get_ex(j->inputs, "target", &target))
		return status_fail(ST_EINVAL, "inputs.target is missing (cross_entropy takes inputs: logits, target, weight)");
	if ((st = read_targets(j, target, C, o->ignore_index)) != ST_OK)
		return st;
	IoShape w = { nd - 1, { N, 0, 0 } };
	if (!io_shape_equal(&j->ints_shape, &w)) {
		char ws[48], gs[48], ls[48];
		return status_fail(ST_ESHAPE, "inputs.target must be %s (one class index per row of logits %s), got %s",
				   io_shape_str(&w, ws, sizeof ws), io_shape_str(&logits->shape, ls, sizeof ls),
				   io_shape_str(&j->ints_shape, gs, sizeof gs));
	}
	json_object *wj;
	if (json_object_object_get_ex(j->inputs, "weight", &wj) && wj) {
		IoShape ws, want = { 1, { C } };
		char a[48], b[48];
		if ((st = io_tensor_from_json(wj, "inputs.weight", &ws, &o->weight)) != ST_OK)
			return st;
		if (!io_shape_equal(&ws, &want))
			return status_fail(ST_ESHAPE, "inputs.weight must be a vector of %d (one weight per class of logits %s), got %s",
					   C, io_shape_str(&logits->shape, a, sizeof a), io_shape_str(&ws, b, sizeof b));
		for (int k = 0; k < C; k++)
			if (o->weight->data[k] < 0.0)
				return status_fail(ST_ERANGE, "inputs.weight[%d]: %.17g is negative: it is how much class %d counts",
						   k, o->weight->data[k], k);
	}
	int kept = 0;
	double W = 0.0;
	for (int i = 0; i < N; i++)
		if (j->ints[i] != o->ignore_index) {
			kept++;
			W += o->weight ? o->weight->data[j->ints[i]] : 1.0;
		}
	/* PyTorch answers NaN (0/0), which JSON cannot hold and no mean means. */
	if (!kept)
		return status_fail(ST_EINVAL, "inputs.target: every row is options.ignore_index (%d), so the mean is over no rows (PyTorch gives nan); keep at least one class index",
				   o->ignore_index);
	if (!(W > 0.0))
		return status_fail(ST_EINVAL, "inputs.weight: every kept row's class has weight 0, so the weighted mean divides by 0 (PyTorch gives nan)");
	double n = (double)mat_size(logits->value);
	j->cost = (VjpCost){ .nodes = 5, .values = 4 * n + 4, .macs = 10 * n, .answer = 1 };
	return ST_OK;
}

static Status forward_cross_entropy(Job *j)
{
	const CeOptions *o = j->priv;
	AdNode *w = o->weight ? ad_const(j->t, o->weight) : NULL;
	vjp_add_output(j, "loss", ad_cross_entropy_weighted(j->t, vjp_leaf(j, &j->tensors[0]), j->ints, w,
							    o->ignore_index, o->label_smoothing),
		   (IoShape){ 0, { 0 } }, 1);
	return ST_OK;
}

/* }==== */

/* {==== Attention ==== */

static const char *const SCORE[] = { "score", NULL };
static const char *const ATTN_INPUTS[] = { "query", "keys", "values", "mask", NULL };
static const char *const GENERAL_PARAMS[] = { "W", NULL };
static const char *const ADDITIVE_PARAMS[] = { "W_q", "W_k", "v", NULL };

static Status prepare_attention(Job *j)
{
	Status st;
	const char *score = "scaled_dot";
	Tensor *W = NULL, *W_q = NULL, *W_k = NULL, *v = NULL, *q, *k, *val;
	if ((st = vjp_option_string(j, "score", &score)) != ST_OK)
		return st;
	if (attention_score_parse(score, &j->score) != ST_OK)
		return status_fail(ST_EINVAL, "options.score must be dot, scaled_dot, general or additive, got '%s'",
				   io_quote((char[160]){ 0 }, 160, score, 32));
	j->attn_score_name = attention_score_name(j->score);
	const char *const *params = j->score == ATTN_GENERAL ? GENERAL_PARAMS
				    : j->score == ATTN_ADDITIVE ? ADDITIVE_PARAMS : VJP_NONE;
	if ((st = check_section(j, j->params, "params", params)) != ST_OK ||
	    (st = check_section(j, j->inputs, "inputs", ATTN_INPUTS)) != ST_OK)
		return st;
	if (j->score == ATTN_GENERAL && (st = vjp_take_param(j, "W", params, &W)) != ST_OK)
		return st;
	if (j->score == ATTN_ADDITIVE &&
	    ((st = vjp_take_param(j, "W_q", params, &W_q)) != ST_OK ||
	     (st = vjp_take_param(j, "W_k", params, &W_k)) != ST_OK ||
	     (st = vjp_take_param(j, "v", params, &v)) != ST_OK))
		return st;
	if ((st = vjp_take_input(j, "query", 1, ATTN_INPUTS, &q)) != ST_OK ||
	    (st = vjp_take_input(j, "keys", 1, ATTN_INPUTS, &k)) != ST_OK ||
	    (st = vjp_take_input(j, "values", 1, ATTN_INPUTS, &val)) != ST_OK)
		return st;
	char s[48];
	if (q->shape.ndim != 1 && q->shape.ndim != 2)
		return status_fail(ST_ESHAPE, "inputs.query must be Tq x d (or a vector of d for one query), got %s",
				   io_shape_str(&q->shape, s, sizeof s));
	int Tq = q->value->rows, d = q->value->cols;
	if (k->shape.ndim != 2)
		return status_fail(ST_ESHAPE, "inputs.keys must be Tk x %d (Tk x d, d from the query), got %s",
				   d, io_shape_str(&k->shape, s, sizeof s));
	int Tk = k->value->rows;
	if ((st = vjp_want(k, 2, Tk, d, "Tk x d, d from the query")) != ST_OK)
		return st;
	if (val->shape.ndim != 2 || val->value->rows != Tk)
		return status_fail(ST_ESHAPE, "inputs.values must be %d x dv (Tk x dv, one row per key), got %s",
				   Tk, io_shape_str(&val->shape, s, sizeof s));
	int dv = val->value->cols, A = 0;
	if (W && (st = vjp_want(W, 2, d, d, "d x d")) != ST_OK)
		return st;
	if (W_q) {
		if (W_q->shape.ndim != 2)
			return status_fail(ST_ESHAPE, "params.W_q must be A x %d (A x d), got %s", d,
					   io_shape_str(&W_q->shape, s, sizeof s));
		A = W_q->value->rows;
		if ((st = vjp_want(W_q, 2, A, d, "A x d")) != ST_OK ||
		    (st = vjp_want(W_k, 2, A, d, "A x d, A from W_q")) != ST_OK ||
		    (st = vjp_want(v, 1, A, 0, "A, from W_q")) != ST_OK)
			return st;
	}
	json_object *mask;
	if (json_object_object_get_ex(j->inputs, "mask", &mask) && mask) {
		if ((st = io_ints_from_json(mask, "inputs.mask", 1, 0, 1, &j->ints_shape, &j->ints)) != ST_OK)
			return st;
		IoShape w = { 1, { Tk, 0, 0 } };
		if (!io_shape_equal(&j->ints_shape, &w))
			return status_fail(ST_ESHAPE, "inputs.mask must be a vector of %d (one flag per key), got %s",
					   Tk, io_shape_str(&j->ints_shape, s, sizeof s));
		int kept = 0;
		for (int i = 0; i < Tk; i++)
			kept += j->ints[i];
		if (!kept)
			return status_fail(ST_EINVAL, "inputs.mask hides all %d keys; every query needs at least one key to attend to",
					   Tk);
	}
	if (!(j->attn = attention_new(j->score, d, A, NULL)))
		return status_fail(ST_ENOMEM, "out of memory for the attention layer");
	if (W)
		vjp_bind(W, j->attn->W, j->attn->dW);
	if (W_q) {
		vjp_bind(W_q, j->attn->W_q, j->attn->dW_q);
		vjp_bind(W_k, j->attn->W_k, j->attn->dW_k);
		vjp_bind(v, j->attn->v, j->attn->dv);
	}
	double pairs = (double)Tq * Tk;
	/* About 20 nodes, whatever the sizes; the values are the score matrices. */
	j->cost = (VjpCost){
		.nodes = 30,
		.values = pairs * (6.0 + (A ? 2.5 * A + 1 : 0)) + 2.0 * Tq * dv + (double)(Tq + Tk) * (d + A),
		.macs = pairs * (d + dv + A) + (double)(Tq + Tk) * A * d + (W ? (double)Tq * d * d : 0),
		.answer = (double)Tq * (dv + Tk),
		.held = 2.0 * (A ? 2.0 * A * d + A : W ? (double)d * d : 0),
	};
	return ST_OK;
}

static Status forward_attention(Job *j)
{
	int n_params = j->score == ATTN_GENERAL ? 1 : j->score == ATTN_ADDITIVE ? 3 : 0;
	Tensor *q = &j->tensors[n_params], *k = q + 1, *v = q + 2;
	AdNode *w;
	AdNode *context = attention_forward(j->t, j->attn, vjp_leaf(j, q), vjp_leaf(j, k), vjp_leaf(j, v),
					    j->ints, &w);
	if (!context)
		return ad_tape_status(j->t);
	int Tq = q->value->rows, Tk = k->value->rows, dv = v->value->cols;
	int one = q->shape.ndim == 1; /* one query as a vector: its outputs are vectors too */
	vjp_add_output(j, "context", context, one ? (IoShape){ 1, { dv, 0, 0 } } : (IoShape){ 2, { Tq, dv, 0 } }, 1);
	vjp_add_output(j, "weights", w, one ? (IoShape){ 1, { Tk, 0, 0 } } : (IoShape){ 2, { Tq, Tk, 0 } }, 0);
	return ST_OK;
}

/* }==== */

/* {==== Recurrent layers ==== */

static const char *const NONLINEARITY[] = { "nonlinearity", NULL };
static const char *const REC_PARAMS[] = { "weight_ih", "weight_hh", "bias_ih", "bias_hh", NULL };
static const char *const RNN_INPUTS[] = { "x", "h0", NULL };
static const char *const LSTM_INPUTS[] = { "x", "h0", "c0", NULL };

/* h0 and c0: a vector of H or 1 x H unbatched, B x H or 1 x B x H batched. */
static Status want_state(Job *j, const Tensor *s, int H)
{
	const IoShape *g = &s->shape;
	int B = j->batch;
	int ok = j->batched ? (g->ndim == 2 && g->dim[0] == B && g->dim[1] == H) ||
				      (g->ndim == 3 && g->dim[0] == 1 && g->dim[1] == B && g->dim[2] == H)
			    : (g->ndim == 1 && g->dim[0] == H) ||
				      (g->ndim == 2 && g->dim[0] == 1 && g->dim[1] == H);
	if (ok)
		return ST_OK;
	char gs[48];
	io_shape_str(g, gs, sizeof gs);
	if (j->batched)
		return status_fail(ST_ESHAPE, "%s must be %dx%d (B x H, or 1x%dx%d as PyTorch has it), got %s",
				   s->path, B, H, B, H, gs);
	return status_fail(ST_ESHAPE, "%s must be a vector of %d (H, or 1x%d as PyTorch has it), got %s",
			   s->path, H, H, gs);
}

static Status prepare_recurrent(Job *j)
{
	Status st;
	const char *nonlinearity = "tanh";
	if ((st = recurrent_kind_parse(j->model->name, &j->kind)) != ST_OK ||
	    (st = vjp_option_string(j, "nonlinearity", &nonlinearity)) != ST_OK)
		return st;
	j->act = ACT_TANH;
	if (j->kind == REC_RNN) {
		static const char *const known[] = { "tanh", "relu", "sigmoid", "linear" };
		int found = 0;
		for (int i = 0; i < 4; i++)
			found |= strcmp(nonlinearity, known[i]) == 0;
		if (!found)
			return status_fail(ST_EINVAL, "options.nonlinearity must be tanh, relu, sigmoid or linear, got '%s'",
					   io_quote((char[160]){ 0 }, 160, nonlinearity, 32));
		activation_parse(nonlinearity, &j->act);
	}
	const char *const *inputs = j->kind == REC_LSTM ? LSTM_INPUTS : RNN_INPUTS;
	Tensor *p[REC_N_PARAMS], *x, *h0, *c0 = NULL;
	if ((st = check_section(j, j->params, "params", REC_PARAMS)) != ST_OK ||
	    (st = check_section(j, j->inputs, "inputs", inputs)) != ST_OK)
		return st;
	for (int k = 0; k < REC_N_PARAMS; k++)
		if ((st = vjp_take_param(j, REC_PARAMS[k], REC_PARAMS, &p[k])) != ST_OK)
			return st;
	if ((st = vjp_take_input(j, "x", 1, inputs, &x)) != ST_OK ||
	    (st = vjp_take_input(j, "h0", 0, inputs, &h0)) != ST_OK ||
	    (j->kind == REC_LSTM && (st = vjp_take_input(j, "c0", 0, inputs, &c0)) != ST_OK))
		return st;

	char s[48], gh[16] = "H";
	int G = recurrent_gates(j->kind);
	if (G > 1)
		snprintf(gh, sizeof gh, "%dH", G);
	if (x->shape.ndim != 2 && x->shape.ndim != 3)
		return status_fail(ST_ESHAPE, "inputs.x must be T x I, or T x B x I for a batch, got %s",
				   io_shape_str(&x->shape, s, sizeof s));
	j->batched = x->shape.ndim == 3;
	j->steps = x->shape.dim[0];
	j->batch = j->batched ? x->shape.dim[1] : 1;
	int I = x->value->cols;
	const Tensor *w_ih = p[REC_WEIGHT_IH];
	if (w_ih->shape.ndim != 2 || w_ih->value->rows % G != 0)
		return status_fail(ST_ESHAPE, "params.weight_ih must be %s x %d (%s x I, I from x), got %s", gh,
				   I, gh, io_shape_str(&w_ih->shape, s, sizeof s));
	int H = w_ih->value->rows / G;
	char rule[32];
	snprintf(rule, sizeof rule, "%s x I", gh);
	if ((st = vjp_want(w_ih, 2, G * H, I, rule)) != ST_OK)
		return st;
	snprintf(rule, sizeof rule, "%s x H", gh);
	if ((st = vjp_want(p[REC_WEIGHT_HH], 2, G * H, H, rule)) != ST_OK ||
	    (st = vjp_want(p[REC_BIAS_IH], 1, G * H, 0, gh)) != ST_OK ||
	    (st = vjp_want(p[REC_BIAS_HH], 1, G * H, 0, gh)) != ST_OK ||
	    (h0 && (st = want_state(j, h0, H)) != ST_OK) || (c0 && (st = want_state(j, c0, H)) != ST_OK))
		return st;

	/* Counted on the fused steps of nn/recurrent (core/ad_recurrent.c): per step and per
	 * B x H block, value and gradient, the rnn makes 2 nodes holding 4 blocks, the lstm 3
	 * holding 6, the gru 2 holding 8; each step's product also keeps its operands for W_hh's
	 * gradient (B x (H + G*H)). Once for the sequence: x, the input product (which keeps
	 * the gate activations) with its operands and bias, the stacked output and the upstream
	 * terms. */
	double TB = (double)j->steps * j->batch, T = j->steps, BH = (double)j->batch * H;
	/* The rnn's 2 nodes are counted as 3: at H = 1 their small blocks cost the allocator as
	 * much as a node, and a bound of exactly the measured peak failed under load. */
	double nodes_per_step = j->kind == REC_RNN ? 3 : j->kind == REC_LSTM ? 3 : 2;
	double blocks_per_step = j->kind == REC_RNN ? 4 : j->kind == REC_LSTM ? 6 : 8;
	double P = (double)G * H * (I + H + 2);
	j->cost = (VjpCost){
		.nodes = T * nodes_per_step + 30,
		.values = T * (BH * blocks_per_step + j->batch * (H + (double)G * H)) +
			  TB * (2.0 * I + 3.0 * G * H + 3.0 * H) + 8 * BH + P,
		.macs = TB * G * H * (I + H + 8.0),
		.answer = TB * H + (j->kind == REC_LSTM ? 2 : 1) * BH,
		.held = 2 * P,
	};
	if (vjp_over_budget(&j->cost))
		return ST_OK; /* refused by the caller, before anything is allocated */
	Rng rng; /* the layer's initial values are replaced by the request's */
	rng_seed(&rng, 1);
	if (!(j->rec = recurrent_new(j->kind, I, H, j->act, &rng)) ||
	    !(j->h = mem_calloc((size_t)j->steps, sizeof *j->h)) ||
	    !(j->c = mem_calloc((size_t)j->steps, sizeof *j->c)))
		return status_fail(ST_ENOMEM, "out of memory for the %s", j->model->name);
	Mat *values[REC_N_PARAMS], *grads[REC_N_PARAMS];
	recurrent_params(j->rec, values);
	recurrent_grads(j->rec, grads);
	for (int k = 0; k < REC_N_PARAMS; k++)
		vjp_bind(p[k], values[k], grads[k]);
	return ST_OK;
}

static Status forward_recurrent(Job *j)
{
	Tensor *x = &j->tensors[REC_N_PARAMS];
	Tensor *h0 = NULL, *c0 = NULL;
	for (int k = REC_N_PARAMS + 1; k < j->n_tensors; k++) {
		if (strcmp(j->tensors[k].key, "h0") == 0)
			h0 = &j->tensors[k];
		else
			c0 = &j->tensors[k];
	}
	Status st = recurrent_forward(j->t, j->rec, vjp_leaf(j, x), j->steps, vjp_leaf(j, h0), vjp_leaf(j, c0),
				      j->h, j->c);
	if (st != ST_OK)
		return st;
	int T = j->steps, B = j->batch, H = j->rec->hidden;
	/* h_1 .. h_T stacked: (T*B, H), row t*B + b, which is (T, B, H) in row-major order. */
	AdNode *output = ad_concat(j->t, j->h, T, 0);
	IoShape state = j->batched ? (IoShape){ 2, { B, H, 0 } } : (IoShape){ 1, { H, 0, 0 } };
	vjp_add_output(j, "output", output,
		   j->batched ? (IoShape){ 3, { T, B, H } } : (IoShape){ 2, { T, H, 0 } }, 1);
	vjp_add_output(j, "h_n", j->h[T - 1], state, 0);
	if (j->kind == REC_LSTM)
		vjp_add_output(j, "c_n", j->c[T - 1], state, 0);
	return ad_tape_status(j->t);
}

/* }==== */

/* {==== The model table ==== */

static const Model core_models[] = {
	{ "rnn", NONLINEARITY, prepare_recurrent, forward_recurrent,
	  "rnn, lstm, gru: one layer in PyTorch's layout (batch_first=False).\n"
	  "    options   nonlinearity (rnn only): tanh (default), relu, sigmoid, linear\n"
	  "    params    weight_ih (G*H x I), weight_hh (G*H x H), bias_ih and bias_hh\n"
	  "              (vectors of G*H); G = 1 (rnn), 4 (lstm: gates i, f, g, o),\n"
	  "              3 (gru: gates r, z, n)\n"
	  "    inputs    x (T x I, or T x B x I for a batch); optional h0 and, for lstm,\n"
	  "              c0 (H or 1 x H; batched B x H or 1 x B x H; zeros when left out)\n"
	  "    outputs   output (T x H or T x B x H), h_n (H or B x H), c_n (lstm)\n"
	  "    dout      output is required; h_n and c_n may be left out (zeros)\n" },
	{ "lstm", VJP_NONE, prepare_recurrent, forward_recurrent, NULL },
	{ "gru", VJP_NONE, prepare_recurrent, forward_recurrent, NULL },
	{ "attention", SCORE, prepare_attention, forward_attention,
	  "attention: weights = softmax(scores) over keys, context = weights . values.\n"
	  "    options   score: dot, scaled_dot (the default, q.k / sqrt(d)),\n"
	  "              general (q^T W k), additive (v^T tanh(W_q q + W_k k))\n"
	  "    params    W (d x d) for general; W_q (A x d), W_k (A x d), v (A) for\n"
	  "              additive; none for the others\n"
	  "    inputs    query (Tq x d, or d for one query), keys (Tk x d), values\n"
	  "              (Tk x dv), optional mask (Tk flags, 0/1 or false/true;\n"
	  "              0 = padding, weight exactly 0)\n"
	  "    outputs   context (Tq x dv), weights (Tq x Tk); vectors for a vector query\n"
	  "    dout      context is required; weights may be left out (zeros)\n" },
	{ "sigmoid", VJP_NONE, prepare_activation, forward_activation,
	  "sigmoid, tanh, relu, leaky_relu, elu: elementwise.\n"
	  "    options   negative_slope (leaky_relu, default 0.01), alpha (elu, default 1)\n"
	  "    inputs    x (a number, a vector, a matrix or T x B x I)\n"
	  "    outputs   output (shape of x); dout output is required\n" },
	{ "tanh", VJP_NONE, prepare_activation, forward_activation, NULL },
	{ "relu", VJP_NONE, prepare_activation, forward_activation, NULL },
	{ "leaky_relu", SLOPE, prepare_activation, forward_activation, NULL },
	{ "elu", ALPHA, prepare_activation, forward_activation, NULL },
	{ "softmax", VJP_NONE, prepare_softmax, forward_softmax,
	  "softmax, log_softmax: along the last axis of x (vector, matrix or T x B x I).\n"
	  "    outputs   output (shape of x); dout output is required\n" },
	{ "log_softmax", VJP_NONE, prepare_softmax, forward_softmax, NULL },
	{ "mse", VJP_NONE, prepare_mse, forward_mse,
	  "mse: mean over all elements of (pred - target)^2.\n"
	  "    inputs    pred, target (the same shape)\n"
	  "    outputs   loss (a number); dout loss (a number)\n" },
	{ "cross_entropy", CE_OPTIONS, prepare_cross_entropy, forward_cross_entropy,
	  "cross_entropy: mean over rows of -log softmax(logits)[target].\n"
	  "    options   ignore_index (default -100: rows with that target count for\n"
	  "              nothing), label_smoothing (0..1, default 0), as in PyTorch\n"
	  "    inputs    logits (N x C, or C for one sample), target (N class indices\n"
	  "              0..C-1 or ignore_index, or one), weight (optional: C weights\n"
	  "              >= 0, one per class; the mean divides by the kept rows' weights)\n"
	  "    outputs   loss (a number); dout loss (a number); no gradient for the\n"
	  "              integer target or the weights (as in PyTorch)\n" },
};

static const ModelFamily core_family = { core_models, (int)(sizeof core_models / sizeof core_models[0]) };

extern const ModelFamily vjp_losses_family; /* check/vjp_losses.c */
extern const ModelFamily vjp_layers_family; /* check/vjp_layers.c */
extern const ModelFamily vjp_conv_family;   /* check/vjp_conv.c */

/* Every family, in the order --help lists them. */
static const ModelFamily *const families[] = { &core_family, &vjp_losses_family, &vjp_layers_family,
					       &vjp_conv_family };

#define N_FAMILIES ((int)(sizeof families / sizeof families[0]))

void vjp_print_contract(FILE *out)
{
	fprintf(out, "models:\n");
	for (int f = 0; f < N_FAMILIES; f++)
		for (int i = 0; i < families[f]->n; i++)
			if (families[f]->models[i].doc)
				fprintf(out, "  %s", families[f]->models[i].doc);
}

/* }==== */

/* {==== Running a request ==== */

static const char *const TOP[] = { "model", "options", "params", "inputs", "dout", NULL };

/* An optional object member: NULL when absent; ST_EINVAL when present but not an object. */
static Status member_object(json_object *req, const char *key, int required, json_object **out)
{
	*out = NULL;
	json_object *v;
	if (!json_object_object_get_ex(req, key, &v)) {
		if (required)
			return status_fail(ST_EINVAL, "%s is missing", key);
		return ST_OK;
	}
	if (!json_object_is_type(v, json_type_object))
		return status_fail(ST_EINVAL, "%s must be an object {...}, got %s", key, io_type_name(v));
	*out = v;
	return ST_OK;
}

static Status find_model(json_object *req, const Model **out)
{
	json_object *v;
	char list[512] = "";
	for (int f = 0; f < N_FAMILIES; f++)
		for (int i = 0; i < families[f]->n; i++) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", list[0] ? ", " : "", families[f]->models[i].name);
		}
	if (!json_object_object_get_ex(req, "model", &v))
		return status_fail(ST_EINVAL, "model is missing (one of %s)", list);
	if (!json_object_is_type(v, json_type_string))
		return status_fail(ST_EINVAL, "model must be a string (one of %s), got %s", list, io_type_name(v));
	for (int f = 0; f < N_FAMILIES; f++)
		for (int i = 0; i < families[f]->n; i++)
			if (strcmp(families[f]->models[i].name, json_object_get_string(v)) == 0) {
				*out = &families[f]->models[i];
				return ST_OK;
			}
	char q[160];
	return status_fail(ST_EINVAL, "model: unknown model '%s' (known: %s)",
			   io_quote(q, sizeof q, json_object_get_string(v), 32), list);
}


/* m as JSON under obj[key]; a value JSON cannot hold (inf, nan) is refused in words. */
static Status put(json_object *obj, const char *section, const char *key, const Mat *m,
		  const IoShape *shape)
{
	size_t bad;
	char path[96], where[128];
	snprintf(path, sizeof path, "%s.%s", section, key);
	if (!mat_all_finite(m, &bad)) {
		io_element_path(where, sizeof where, path, shape, bad);
		return status_fail(ST_ENONFINITE, "%s is %g, which JSON cannot hold: the inputs overflow a double",
				   where, m->data[bad]);
	}
	json_object *j = io_tensor_to_json(m, shape);
	if (!j || json_object_object_add(obj, key, j) != 0) {
		json_object_put(j);
		return status_fail(ST_ENOMEM, "out of memory writing %s", path);
	}
	return ST_OK;
}

/* L = sum over the outputs dout covers of <dout, output>, on the tape. */
static Status upstream(Job *j, AdNode **L)
{
	const char *names[MAX_OUTPUTS + 1] = { NULL };
	for (int o = 0; o < j->n_out; o++)
		names[o] = j->out[o].name;
	Status st = io_check_object(j->dout, "dout", names);
	if (st != ST_OK)
		return st;
	*L = NULL;
	for (int o = 0; o < j->n_out; o++) {
		Output *out = &j->out[o];
		char path[64], ws[48], gs[48];
		json_object *v;
		snprintf(path, sizeof path, "dout.%s", out->name);
		if (out->buffer) {
			if (json_object_object_get_ex(j->dout, out->name, NULL))
				return status_fail(ST_EINVAL, "%s: outputs.%s is not differentiated (a buffer, as in PyTorch), so it takes no upstream gradient",
						   path, out->name);
			continue;
		}
		if (!json_object_object_get_ex(j->dout, out->name, &v) || !v) {
			if (out->required)
				return status_fail(ST_EINVAL, "%s is missing: the upstream gradient of outputs.%s (%s)",
						   path, out->name, io_shape_str(&out->shape, ws, sizeof ws));
			continue; /* zeros: adds nothing to L */
		}
		IoShape shape;
		if ((st = io_tensor_from_json(v, path, &shape, &out->dout)) != ST_OK)
			return st;
		if (!io_shape_equal(&shape, &out->shape))
			return status_fail(ST_ESHAPE, "%s must be %s, the shape of outputs.%s, got %s", path,
					   io_shape_str(&out->shape, ws, sizeof ws), out->name,
					   io_shape_str(&shape, gs, sizeof gs));
		AdNode *term = ad_sum(j->t, ad_mul(j->t, out->node, ad_const(j->t, out->dout)));
		*L = *L ? ad_add(j->t, *L, term) : term;
	}
	return ad_tape_status(j->t);
}

static Status answer(Job *j, json_object **response)
{
	Status st = ST_OK;
	json_object *root = json_object_new_object(), *outs = json_object_new_object(),
		    *grads = json_object_new_object();
	if (!root || !outs || !grads) {
		st = status_fail(ST_ENOMEM, "out of memory writing the answer");
		goto fail;
	}
	for (int k = 0; k < j->n_out && st == ST_OK; k++)
		st = put(outs, "outputs", j->out[k].name, &j->out[k].node->value, &j->out[k].shape);
	for (int k = 0; k < j->n_tensors && st == ST_OK; k++)
		st = put(grads, "grads", j->tensors[k].key, j->tensors[k].grad, &j->tensors[k].shape);
	if (st != ST_OK)
		goto fail;
	/* json_object_object_add takes ownership only when it succeeds. */
	if (json_object_object_add(root, "outputs", outs) != 0) {
		st = status_fail(ST_ENOMEM, "out of memory writing the answer");
		goto fail;
	}
	outs = NULL;
	if (json_object_object_add(root, "grads", grads) != 0) {
		st = status_fail(ST_ENOMEM, "out of memory writing the answer");
		goto fail;
	}
	*response = root;
	return ST_OK;
fail:
	json_object_put(root);
	json_object_put(outs);
	json_object_put(grads);
	return st;
}

static Status run(Job *j, json_object *req, json_object **response)
{
	Status st;
	if (!json_object_is_type(req, json_type_object))
		return status_fail(ST_EINVAL, "the request must be a JSON object {...}, got %s", io_type_name(req));
	if ((st = io_check_object(req, "the request", TOP)) != ST_OK ||
	    (st = find_model(req, &j->model)) != ST_OK ||
	    (st = member_object(req, "options", 0, &j->options)) != ST_OK ||
	    (st = member_object(req, "params", 0, &j->params)) != ST_OK ||
	    (st = member_object(req, "inputs", 1, &j->inputs)) != ST_OK ||
	    (st = member_object(req, "dout", 1, &j->dout)) != ST_OK)
		return st;
	if ((st = check_section(j, j->options, "options", j->model->options)) != ST_OK)
		return st;
	if ((st = j->model->prepare(j)) != ST_OK)
		return st;
	/* The tensors read (value and gradient each) are held too, and every gradient is in the
	 * answer. */
	for (int k = 0; k < j->n_tensors; k++) {
		double n = (double)mat_size(j->tensors[k].value);
		j->cost.held += 2 * n;
		j->cost.answer += n;
	}
	double bytes = vjp_cost_bytes(&j->cost), work = vjp_cost_work(&j->cost);
	if (bytes > VJP_MAX_BYTES)
		return status_fail(ST_ELIMIT, "this %s would take about %.0f MB of memory (%.3g tape nodes, %.3g values, %.3g numbers in the answer); the limit is %.0f MB (use fewer steps, rows or keys)",
				   j->model->name, bytes / (1 << 20), j->cost.nodes, j->cost.values,
				   j->cost.answer, VJP_MAX_BYTES / (1 << 20));
	if (work > VJP_MAX_WORK)
		return status_fail(ST_ELIMIT, "this %s would take about %.3g units of work, about %.1f s (%.3g multiply-adds, %.3g tape nodes, %.3g numbers in the answer); the limit is %.0g, about a second (use fewer steps, rows or keys)",
				   j->model->name, work, work / 1e9, j->cost.macs, j->cost.nodes,
				   j->cost.answer, VJP_MAX_WORK);
	if (j->estimate_only)
		return ST_OK;
	if (!(j->t = ad_tape_new()))
		return status_fail(ST_ENOMEM, "out of memory for the tape");
	AdNode *L;
	if ((st = j->model->forward(j)) != ST_OK || (st = ad_tape_status(j->t)) != ST_OK)
		return status_fail(st, "%s", ad_tape_error(j->t)[0] ? ad_tape_error(j->t) : status_detail());
	if ((st = upstream(j, &L)) != ST_OK)
		return st;
	if (L && (st = ad_backward(j->t, L)) != ST_OK)
		return st;
	for (int k = 0; k < j->n_tensors; k++)
		if (j->tensors[k].layer_grad)
			mat_copy(j->tensors[k].grad, j->tensors[k].layer_grad);
	return answer(j, response);
}

double vjp_cost_bytes(const VjpCost *c)
{
	return c->nodes * VJP_NODE_BYTES + c->values * VJP_VALUE_BYTES +
	       c->answer * VJP_ANSWER_BYTES + c->held * sizeof(double);
}

double vjp_cost_work(const VjpCost *c)
{
	return 3 * c->macs + c->nodes * VJP_NODE_WORK + 2 * c->values + c->answer * VJP_ANSWER_WORK;
}

int vjp_over_budget(const VjpCost *c)
{
	return vjp_cost_bytes(c) > VJP_MAX_BYTES || vjp_cost_work(c) > VJP_MAX_WORK;
}

static Status run_job(json_object *request, json_object **response, VjpCost *cost)
{
	Job j;
	memset(&j, 0, sizeof j);
	j.estimate_only = cost != NULL;
	json_object *unused = NULL;
	if (response)
		*response = NULL;
	Status st = run(&j, request, response ? response : &unused);
	if (cost)
		*cost = j.cost;
	for (int k = 0; k < j.n_tensors; k++) {
		mat_free(j.tensors[k].value);
		mat_free(j.tensors[k].grad);
	}
	for (int o = 0; o < j.n_out; o++)
		mat_free(j.out[o].dout);
	mem_free(j.ints);
	attention_free(j.attn);
	recurrent_free(j.rec);
	mem_free(j.h);
	mem_free(j.c);
	ad_tape_free(j.t);
	if (j.priv_free)
		j.priv_free(j.priv);
	return st;
}

Status vjp_run(json_object *request, json_object **response)
{
	return run_job(request, response, NULL);
}

Status vjp_estimate(json_object *request, VjpCost *cost)
{
	memset(cost, 0, sizeof *cost);
	return run_job(request, NULL, cost);
}

/* }==== */
