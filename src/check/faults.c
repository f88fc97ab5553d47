/* faults: the tanh rnn rebuilt from tape ops, with two ops of its own whose backward can be
 * made wrong on purpose (see faults.h). The forward of each op is the true one. */
#include "check/faults.h"

#include <math.h>
#include <string.h>

static const char *const names[CHECK_FAULT_COUNT] = {
	"none", "transpose_whh", "missing_tanh_derivative", "no_accumulate_over_time",
};

const char *check_fault_name(CheckFault f)
{
	return f >= 0 && f < CHECK_FAULT_COUNT ? names[f] : "?";
}

Status check_fault_parse(const char *name, CheckFault *out)
{
	/* "none" is no fault to ask for: the table from the one after it */
	int f;
	Status st = status_name_index("fault", names + CHECK_FAULT_NONE + 1,
				      CHECK_FAULT_COUNT - CHECK_FAULT_NONE - 1, name, &f);
	if (st == ST_OK)
		*out = (CheckFault)(f + CHECK_FAULT_NONE + 1);
	return st;
}

/* {==== Two ops with a fault switch: arg[0] is the fault, arg[1] 1 on the last step ==== */

/* forward: G = h W_hh^T, h (B, H), W_hh (H, H) */
static void hidden_forward(AdNode *n)
{
	mat_gemm(&n->value, &n->in[0]->value, 0, &n->in[1]->value, 1, 0.0);
}

/* so dh = dG W_hh and dW_hh += dG^T h, summed over the steps */
static void hidden_backward(AdNode *n)
{
	AdNode *h = n->in[0], *W = n->in[1];
	int fault = n->arg[0], last = n->arg[1];
	if (h->grad.data)
		/* TEACHING FAULT transpose_whh: W_hh^T where W_hh belongs. */
		mat_gemm(&h->grad, &n->grad, 0, &W->value, fault == CHECK_FAULT_TRANSPOSE_WHH, 1.0);
	/* TEACHING FAULT no_accumulate_over_time: only the last step's term reaches dW_hh. */
	if (W->grad.data && (fault != CHECK_FAULT_NO_ACCUMULATE_OVER_TIME || last))
		mat_gemm(&W->grad, &n->grad, 1, &h->value, 0, 1.0);
}

static const AdOp OP_HIDDEN = { "hidden_product (teaching fault)", hidden_forward, hidden_backward };

/* forward: h = tanh(a) */
static void tanh_forward(AdNode *n)
{
	for (size_t i = 0; i < mat_size(&n->value); i++)
		n->value.data[i] = tanh(n->in[0]->value.data[i]);
}

/* so da = dh * (1 - h*h) */
static void tanh_backward(AdNode *n)
{
	AdNode *a = n->in[0];
	if (!a->grad.data)
		return;
	/* TEACHING FAULT missing_tanh_derivative: da = dh, as if f(a) = a. */
	int missing = n->arg[0] == CHECK_FAULT_MISSING_TANH_DERIVATIVE;
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double h = n->value.data[i];
		a->grad.data[i] += n->grad.data[i] * (missing ? 1.0 : 1.0 - h * h);
	}
}

static const AdOp OP_TANH = { "tanh (teaching fault)", tanh_forward, tanh_backward };

static AdNode *faulty(Tape *t, const AdOp *op, AdNode *const *in, int n_in, CheckFault f,
		      int last)
{
	for (int i = 0; i < n_in; i++)
		if (!in[i])
			return NULL;
	AdNode *n = ad_custom(t, op, in, n_in, in[0]->value.rows,
			      op == &OP_HIDDEN ? in[1]->value.rows : in[0]->value.cols, NULL);
	if (n) {
		n->arg[0] = (int)f;
		n->arg[1] = last;
	}
	return n;
}

/* }==== */

Status check_fault_rnn_forward(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0,
			       CheckFault f, AdNode **h)
{
	if (r->kind != REC_RNN || r->act != ACT_TANH)
		return status_fail(ST_EINVAL, "the teaching faults are faults of the tanh rnn");
	if (!x || !h0 || steps < 1 || x->value.rows % steps || x->value.cols != r->input ||
	    h0->value.cols != r->hidden || h0->value.rows != x->value.rows / steps)
		return status_fail(ST_ESHAPE, "teaching fault: x or h0 does not fit the rnn");
	int B = x->value.rows / steps;
	AdNode *W_ih = ad_param(t, r->weight_ih, r->dweight_ih);
	AdNode *W_hh = ad_param(t, r->weight_hh, r->dweight_hh);
	AdNode *b_ih = ad_param(t, r->bias_ih, r->dbias_ih);
	AdNode *b_hh = ad_param(t, r->bias_hh, r->dbias_hh);
	/* as recurrent_forward: x_t W_ih^T + b_ih for every step in one product */
	AdNode *gi_all = ad_add_bias(t, ad_matmul(t, x, 0, W_ih, 1), b_ih);
	AdNode *hs = h0;
	for (int s = 0; s < steps; s++) {
		AdNode *gi = steps == 1 ? gi_all : ad_slice(t, gi_all, 0, s * B, B);
		AdNode *hh = ad_add_bias(t, faulty(t, &OP_HIDDEN, (AdNode *[]){ hs, W_hh }, 2, f,
						   s == steps - 1), b_hh);
		hs = h[s] = faulty(t, &OP_TANH, (AdNode *[]){ ad_add(t, gi, hh) }, 1, f, 0);
	}
	return ad_tape_status(t);
}
