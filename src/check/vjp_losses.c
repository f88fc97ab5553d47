/* vjp_losses: the loss models of `gradlab grad` beyond mse and cross_entropy (those two are
 * in vjp.c's core family): bce_with_logits, PyTorch's binary_cross_entropy_with_logits with
 * reduction 'mean'. A family of check/vjp.c's engine (see check/vjp_model.h); the op itself
 * is core/ad's ad_bce_with_logits. */
#include "check/vjp_model.h"

#include "check/io.h"
#include "core/ad.h"
#include "core/mem.h"

#include <stdio.h>

/* {==== bce_with_logits ==== */

static const char *const BCE_INPUTS[] = { "logits", "target", "pos_weight", NULL };

/* pos_weight is a constant of the request (PyTorch gives it no gradient), so it is held
 * here rather than as a Tensor, which would put a gradient in the answer. */
typedef struct BceState {
	Mat *pos_weight; /* 1 x last axis, or NULL */
} BceState;

static void bce_state_free(void *p)
{
	BceState *s = p;
	if (!s)
		return;
	mat_free(s->pos_weight);
	mem_free(s);
}


static Status prepare_bce(Job *j)
{
	Status st;
	Tensor *logits, *target;
	json_object *pw;
	char a[48], b[48], where[128];
	BceState *s = mem_calloc(1, sizeof *s);
	if (!s)
		return status_fail(ST_ENOMEM, "out of memory for bce_with_logits");
	j->priv = s;
	j->priv_free = bce_state_free;
	if (j->params && json_object_object_length(j->params) > 0) {
		json_object_object_foreach(j->params, key, val) {
			(void)val;
			return status_fail(ST_EINVAL, "params: unknown key '%s' (bce_with_logits takes no parameters)",
					   io_quote((char[160]){ 0 }, 160, key, 32));
		}
	}
	if ((st = io_check_object(j->inputs, "inputs", BCE_INPUTS)) != ST_OK ||
	    (st = vjp_take_input(j, "logits", 1, BCE_INPUTS, &logits)) != ST_OK ||
	    (st = vjp_take_input(j, "target", 1, BCE_INPUTS, &target)) != ST_OK)
		return st;
	if (!io_shape_equal(&logits->shape, &target->shape))
		return status_fail(ST_ESHAPE, "inputs.target must have the shape of inputs.logits (%s), got %s",
				   io_shape_str(&logits->shape, a, sizeof a),
				   io_shape_str(&target->shape, b, sizeof b));
	const Mat *y = target->value;
	for (size_t k = 0; k < mat_size(y); k++)
		if (!(y->data[k] >= 0.0 && y->data[k] <= 1.0)) {
			io_element_path(where, sizeof where, "inputs.target", &target->shape, k);
			return status_fail(ST_ERANGE, "%s: %.17g is outside [0, 1]: a target is a probability",
					   where, y->data[k]);
		}
	int C = logits->value->cols;
	if (json_object_object_get_ex(j->inputs, "pos_weight", &pw) && pw) {
		IoShape ps, want = { 1, { C } };
		if ((st = io_tensor_from_json(pw, "inputs.pos_weight", &ps, &s->pos_weight)) != ST_OK)
			return st;
		if (!io_shape_equal(&ps, &want))
			return status_fail(ST_ESHAPE, "inputs.pos_weight must be a vector of %d (one weight per entry of the last axis of logits %s), got %s",
					   C, io_shape_str(&logits->shape, a, sizeof a), io_shape_str(&ps, b, sizeof b));
		for (int k = 0; k < C; k++)
			if (s->pos_weight->data[k] < 0.0)
				return status_fail(ST_ERANGE, "inputs.pos_weight[%d]: %.17g is negative: it weighs the positive examples",
						   k, s->pos_weight->data[k]);
	}
	double n = (double)mat_size(logits->value);
	j->cost = (VjpCost){ .nodes = 6, .values = 4 * n + C + 4, .macs = 12 * n, .answer = 1,
			     .held = s->pos_weight ? C : 0 };
	return ST_OK;
}

static Status forward_bce(Job *j)
{
	const BceState *s = j->priv;
	AdNode *pw = s->pos_weight ? ad_const(j->t, s->pos_weight) : NULL;
	vjp_add_output(j, "loss", ad_bce_with_logits(j->t, vjp_leaf(j, &j->tensors[0]),
						     vjp_leaf(j, &j->tensors[1]), pw),
		       (IoShape){ 0, { 0 } }, 1);
	return ST_OK;
}

/* }==== */

static const Model losses_models[] = {
	{ "bce_with_logits", VJP_NONE, prepare_bce, forward_bce,
	  "bce_with_logits: mean of -[w y log s(x) + (1-y) log(1-s(x))] over all\n"
	  "              elements, s the sigmoid, computed stably from the logits x.\n"
	  "    inputs    logits (any shape), target (its shape, each in [0, 1]),\n"
	  "              pos_weight (optional: one w >= 0 per entry of the last axis)\n"
	  "    outputs   loss (a number); dout loss (a number); gradients of logits and\n"
	  "              target, none of pos_weight (as in PyTorch)\n" },
};

const ModelFamily vjp_losses_family = { losses_models,
					(int)(sizeof losses_models / sizeof losses_models[0]) };
