/* recurrent: the RNN, LSTM and GRU cells unrolled over time. Each step is one fused node of
 * core/ad_recurrent.c (the input products of all steps one product before the time loop);
 * the same cells as compositions of tape ops, which slice the G*H gate rows apart as
 * PyTorch's reference formulas do, stay for gradlab gates and as the tests' yardstick. The
 * tape supplies the backward pass, so there is no backward code in this file. */
#include "nn/recurrent.h"

#include "core/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[REC_KIND_COUNT] = { "rnn", "lstm", "gru" };
static const int kind_gates[REC_KIND_COUNT] = { 1, 4, 3 };
static const char *const param_names[REC_N_PARAMS] = { "weight_ih", "weight_hh", "bias_ih",
						       "bias_hh" };

const char *recurrent_kind_name(RecurrentKind k)
{
	return k >= 0 && k < REC_KIND_COUNT ? kind_names[k] : "?";
}

Status recurrent_kind_parse(const char *name, RecurrentKind *out)
{
	int k;
	Status st = status_name_index("recurrent layer", kind_names, REC_KIND_COUNT, name, &k);
	if (st == ST_OK)
		*out = (RecurrentKind)k;
	return st;
}

int recurrent_gates(RecurrentKind k)
{
	return k >= 0 && k < REC_KIND_COUNT ? kind_gates[k] : 0;
}

const char *recurrent_param_name(int k)
{
	return k >= 0 && k < REC_N_PARAMS ? param_names[k] : "?";
}

/* {==== The layer and its parameters ==== */

Recurrent *recurrent_new(RecurrentKind kind, int input, int hidden, Activation act, Rng *rng)
{
	if (kind < 0 || kind >= REC_KIND_COUNT) {
		status_fail(ST_EINVAL, "unknown recurrent layer kind %d", (int)kind);
		return NULL;
	}
	if (input < 1 || hidden < 1) {
		status_fail(ST_EINVAL, "%s: input and hidden sizes must be at least 1, got %d and %d",
			    kind_names[kind], input, hidden);
		return NULL;
	}
	if (kind == REC_RNN && (act < 0 || act >= ACT_COUNT)) {
		status_fail(ST_EINVAL, "rnn: unknown nonlinearity %d", (int)act);
		return NULL;
	}
	Recurrent *r = mem_calloc(1, sizeof *r);
	if (!r) {
		status_fail(ST_ENOMEM, "%s: out of memory", kind_names[kind]);
		return NULL;
	}
	int G = kind_gates[kind];
	r->kind = kind;
	r->input = input;
	r->hidden = hidden;
	r->gates = G;
	r->act = kind == REC_RNN ? act : ACT_TANH;
	r->act_param = activation_default_param(r->act);
	r->weight_ih = mat_new(G * hidden, input);
	r->weight_hh = mat_new(G * hidden, hidden);
	r->bias_ih = mat_new(1, G * hidden);
	r->bias_hh = mat_new(1, G * hidden);
	r->dweight_ih = mat_new(G * hidden, input);
	r->dweight_hh = mat_new(G * hidden, hidden);
	r->dbias_ih = mat_new(1, G * hidden);
	r->dbias_hh = mat_new(1, G * hidden);
	if (!r->weight_ih || !r->weight_hh || !r->bias_ih || !r->bias_hh || !r->dweight_ih ||
	    !r->dweight_hh || !r->dbias_ih || !r->dbias_hh) {
		recurrent_free(r);
		status_fail(ST_ENOMEM, "%s: out of memory for %dx%d weights", kind_names[kind],
			    G * hidden, input > hidden ? input : hidden);
		return NULL;
	}
	double k = 1.0 / sqrt((double)hidden);
	Mat *p[REC_N_PARAMS];
	recurrent_params(r, p);
	for (int i = 0; i < REC_N_PARAMS; i++)
		mat_fill_uniform(p[i], rng, -k, k);
	return r;
}

void recurrent_free(Recurrent *r)
{
	if (!r)
		return;
	mat_free(r->weight_ih);
	mat_free(r->weight_hh);
	mat_free(r->bias_ih);
	mat_free(r->bias_hh);
	mat_free(r->dweight_ih);
	mat_free(r->dweight_hh);
	mat_free(r->dbias_ih);
	mat_free(r->dbias_hh);
	mem_free(r);
}

void recurrent_zero_grad(Recurrent *r)
{
	Mat *g[REC_N_PARAMS];
	recurrent_grads(r, g);
	for (int i = 0; i < REC_N_PARAMS; i++)
		mat_zero(g[i]);
}

void recurrent_params(Recurrent *r, Mat *out[REC_N_PARAMS])
{
	out[REC_WEIGHT_IH] = r->weight_ih;
	out[REC_WEIGHT_HH] = r->weight_hh;
	out[REC_BIAS_IH] = r->bias_ih;
	out[REC_BIAS_HH] = r->bias_hh;
}

void recurrent_grads(Recurrent *r, Mat *out[REC_N_PARAMS])
{
	out[REC_WEIGHT_IH] = r->dweight_ih;
	out[REC_WEIGHT_HH] = r->dweight_hh;
	out[REC_BIAS_IH] = r->dbias_ih;
	out[REC_BIAS_HH] = r->dbias_hh;
}

Status recurrent_check(const Recurrent *r)
{
	if (!r)
		return status_fail(ST_EINVAL, "no recurrent layer given");
	if (r->kind < 0 || r->kind >= REC_KIND_COUNT)
		return status_fail(ST_EINVAL, "unknown recurrent layer kind %d", (int)r->kind);
	const char *name = kind_names[r->kind];
	int G = kind_gates[r->kind], I = r->input, H = r->hidden;
	if (I < 1 || H < 1)
		return status_fail(ST_ESHAPE, "%s: input and hidden sizes must be at least 1, got %d and %d",
				   name, I, H);
	if (r->gates != G)
		return status_fail(ST_ESHAPE, "%s: gates must be %d, got %d", name, G, r->gates);
	if (r->kind == REC_RNN && (r->act < 0 || r->act >= ACT_COUNT))
		return status_fail(ST_EINVAL, "rnn: unknown nonlinearity %d", (int)r->act);
	char gh[16] = "H";
	if (G > 1)
		snprintf(gh, sizeof gh, "%dH", G);
	const struct {
		const char *name, *rule;
		const Mat *m;
		int rows, cols;
	} want[] = {
		{ "weight_ih", "x I", r->weight_ih, G * H, I },
		{ "weight_hh", "x H", r->weight_hh, G * H, H },
		{ "bias_ih", "", r->bias_ih, 1, G * H },
		{ "bias_hh", "", r->bias_hh, 1, G * H },
		{ "dweight_ih", "x I", r->dweight_ih, G * H, I },
		{ "dweight_hh", "x H", r->dweight_hh, G * H, H },
		{ "dbias_ih", "", r->dbias_ih, 1, G * H },
		{ "dbias_hh", "", r->dbias_hh, 1, G * H },
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		const Mat *m = want[k].m;
		if (!m || !m->data)
			return status_fail(ST_EINVAL, "%s: %s is missing", name, want[k].name);
		if (m->rows == want[k].rows && m->cols == want[k].cols)
			continue;
		if (want[k].rows == 1)
			return status_fail(ST_ESHAPE, "%s must be 1x%d (1 x %s), got %dx%d",
					   want[k].name, want[k].cols, gh, m->rows, m->cols);
		return status_fail(ST_ESHAPE, "%s must be %dx%d (%s %s), got %dx%d", want[k].name,
				   want[k].rows, want[k].cols, gh, want[k].rule, m->rows, m->cols);
	}
	return ST_OK;
}

/* }==== */

/* {==== One step of each cell ==== */

/* The layer's parameters as leaves of this pass; made once, shared by every step. */
typedef struct Leaves {
	AdNode *W_ih, *W_hh, *b_ih, *b_hh;
} Leaves;

/* gi is x_t W_ih^T + b_ih (B, G*H), computed outside the step (for all steps at once when
 * the whole sequence is one matrix); gh = h W_hh^T + b_hh is the step's own product. */
static AdNode *hidden_product(Tape *t, const Leaves *p, AdNode *h)
{
	return ad_add_bias(t, ad_matmul(t, h, 0, p->W_hh, 1), p->b_hh);
}

/* What one step shows a lesson: the hidden product h_{t-1} W_hh^T + b_hh (its gradient
 * gives the step's share of dL/dW_hh) and the value that decides how much gradient passes
 * back: the RNN's pre-activation a_t, the LSTM's forget gate, the GRU's update gate. */
typedef struct StepTrace {
	AdNode *hh, *gate;
	AdNode *gates[4]; /* the gate activations, in the order of the weights' blocks */
} StepTrace;

/* h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) */
static AdNode *rnn_step(Tape *t, const Recurrent *r, const Leaves *p, AdNode *gi, AdNode *h,
			StepTrace *tr)
{
	tr->hh = hidden_product(t, p, h);
	AdNode *a = tr->gate = ad_add(t, gi, tr->hh);
	return tr->gates[0] = activation_apply(t, r->act, r->act_param, a);
}

/* gates = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh, stacked i, f, g, o (each B x H);
 * i, f, o = sigmoid, g = tanh; c_t = f * c_{t-1} + i * g; h_t = o * tanh(c_t) */
static AdNode *lstm_step(Tape *t, const Leaves *p, int H, AdNode *gi, AdNode *h, AdNode *c,
			 AdNode **c_next, StepTrace *tr)
{
	tr->hh = hidden_product(t, p, h);
	AdNode *gates = ad_add(t, gi, tr->hh);
	AdNode *input_gate = ad_sigmoid(t, ad_slice(t, gates, 1, 0, H));
	AdNode *forget_gate = tr->gate = ad_sigmoid(t, ad_slice(t, gates, 1, H, H));
	AdNode *cell_candidate = ad_tanh(t, ad_slice(t, gates, 1, 2 * H, H));
	AdNode *output_gate = ad_sigmoid(t, ad_slice(t, gates, 1, 3 * H, H));
	*c_next = ad_add(t, ad_mul(t, forget_gate, c), ad_mul(t, input_gate, cell_candidate));
	tr->gates[0] = input_gate;
	tr->gates[1] = forget_gate;
	tr->gates[2] = cell_candidate;
	tr->gates[3] = output_gate;
	return ad_mul(t, output_gate, ad_tanh(t, *c_next));
}

/* gi and gh stacked r, z, n (each B x H); r, z = sigmoid(gi + gh) over the first 2H columns;
 * n = tanh(gi_n + r * gh_n), where gh_n = h W_hn^T + b_hn keeps its bias inside the reset
 * (PyTorch's form); h_t = (1 - z) * n + z * h_{t-1} */
static AdNode *gru_step(Tape *t, const Leaves *p, int H, AdNode *gi, AdNode *h,
			StepTrace *tr)
{
	AdNode *gh = tr->hh = hidden_product(t, p, h);
	AdNode *rz = ad_sigmoid(t, ad_add(t, ad_slice(t, gi, 1, 0, 2 * H),
					  ad_slice(t, gh, 1, 0, 2 * H)));
	AdNode *reset_gate = ad_slice(t, rz, 1, 0, H);
	AdNode *update_gate = tr->gate = ad_slice(t, rz, 1, H, H);
	AdNode *candidate = ad_tanh(t, ad_add(t, ad_slice(t, gi, 1, 2 * H, H),
					      ad_mul(t, reset_gate, ad_slice(t, gh, 1, 2 * H, H))));
	tr->gates[0] = reset_gate;
	tr->gates[1] = update_gate;
	tr->gates[2] = candidate;
	return ad_add(t, ad_mul(t, ad_one_minus(t, update_gate), candidate),
		      ad_mul(t, update_gate, h));
}

/* }==== */

/* {==== Unrolling over time ==== */

static void zeros_forward(AdNode *n)
{
	mat_zero(&n->value);
}

/* The default h0 and c0: a (B, H) node of zeros that wants no gradient. */
static const AdOp OP_ZEROS = { "zeros", zeros_forward, NULL };

/* Record a failure on the tape (the first one wins) and return the tape's status. */
static Status fail(Tape *t, Status s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static Status fail(Tape *t, Status s, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ad_fail(t, s, "%s", msg);
	return ad_tape_status(t);
}

/* Check the layer and the initial states, and put the parameters on the tape. */
static Status begin(Tape *t, Recurrent *r, int B, AdNode **h0, AdNode **c0, Leaves *p)
{
	const char *name = kind_names[r->kind];
	int H = r->hidden;
	if (*h0 && ((*h0)->value.rows != B || (*h0)->value.cols != H))
		return fail(t, ST_ESHAPE, "%s: h0 must be %dx%d (B x H), got %dx%d", name, B, H,
			    (*h0)->value.rows, (*h0)->value.cols);
	if (r->kind == REC_LSTM && *c0 && ((*c0)->value.rows != B || (*c0)->value.cols != H))
		return fail(t, ST_ESHAPE, "%s: c0 must be %dx%d (B x H), got %dx%d", name, B, H,
			    (*c0)->value.rows, (*c0)->value.cols);
	if (!*h0)
		*h0 = ad_custom(t, &OP_ZEROS, NULL, 0, B, H, NULL);
	if (r->kind == REC_LSTM && !*c0)
		*c0 = ad_custom(t, &OP_ZEROS, NULL, 0, B, H, NULL);
	p->W_ih = ad_param(t, r->weight_ih, r->dweight_ih);
	p->W_hh = ad_param(t, r->weight_hh, r->dweight_hh);
	p->b_ih = ad_param(t, r->bias_ih, r->dbias_ih);
	p->b_hh = ad_param(t, r->bias_hh, r->dbias_hh);
	return ad_tape_status(t);
}

/* One step of the layer's cell from gi (B, G*H); h and c advance in place. */
static void step(Tape *t, const Recurrent *r, const Leaves *p, AdNode *gi, AdNode **h,
		 AdNode **c, StepTrace *tr)
{
	switch (r->kind) {
	case REC_RNN: *h = rnn_step(t, r, p, gi, *h, tr); break;
	case REC_LSTM: *h = lstm_step(t, p, r->hidden, gi, *h, *c, c, tr); break;
	case REC_GRU: *h = gru_step(t, p, r->hidden, gi, *h, tr); break;
	default: break;
	}
}

/* One fused step reading rows row.. of gi (B, G*H); h and c advance in place; tr (NULL: not
 * wanted) gets the lab's view of the step (B = 1 for the gate). */
static void fused_step(Tape *t, const Recurrent *r, const Leaves *p, AdNode *gi, int row,
		       AdNode **h, AdNode **c, StepTrace *tr)
{
	switch (r->kind) {
	case REC_RNN: {
		AdNode *a = ad_rnn_preact(t, gi, row, *h, p->W_hh, p->b_hh);
		*h = activation_apply(t, r->act, r->act_param, a);
		if (tr)
			tr->hh = tr->gate = a; /* dG is da: a = gi + hh */
		return;
	}
	case REC_LSTM: *h = ad_lstm_step(t, gi, row, *h, *c, p->W_hh, p->b_hh, c); break;
	case REC_GRU: *h = ad_gru_step(t, gi, row, *h, p->W_hh, p->b_hh); break;
	default: return;
	}
	if (tr) { /* the forget gate (LSTM), the update gate (GRU): block 1 of both */
		tr->hh = ad_step_hidden_grad(t, *h);
		tr->gate = ad_step_gate(t, *h, 1);
	}
}

static void clear(AdNode **h, AdNode **c, int steps)
{
	for (int s = 0; s < steps; s++) {
		h[s] = NULL;
		if (c)
			c[s] = NULL;
	}
}

/* Checks shared by both forwards, before anything is put on the tape: the states are
 * cleared first (so a failed call leaves no stale node), then the tape, the net, the step
 * count, and whether there is an input x at all (x: the one node or the per-step array;
 * each forward checks its shape). */
static Status check_call(Tape *t, Recurrent *r, int steps, AdNode **h, AdNode **c,
			 const void *x)
{
	if (h && steps > 0)
		clear(h, c, steps);
	if (!t)
		return status_fail(ST_EINVAL, "recurrent forward: no tape given");
	if (ad_tape_status(t) != ST_OK)
		return status_fail(ad_tape_status(t), "%s", ad_tape_error(t));
	Status st = recurrent_check(r);
	if (st != ST_OK) {
		ad_fail(t, st, "%s", status_detail());
		return st;
	}
	if (steps < 1 || !h) {
		ad_fail(t, ST_EINVAL, "%s: need at least one step and an array for the states, got %d steps",
			kind_names[r->kind], steps);
		return ST_EINVAL;
	}
	if (!x)
		return fail(t, ST_EINVAL, "%s: the input x is missing", kind_names[r->kind]);
	return ST_OK;
}

Status recurrent_forward(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0, AdNode *c0,
			 AdNode **h, AdNode **c)
{
	return recurrent_forward_traced(t, r, x, steps, h0, c0, h, c, NULL);
}

static Status forward(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0, AdNode *c0,
		      AdNode **h, AdNode **c, RecurrentTrace *trace, AdNode **gates);

Status recurrent_forward_traced(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0,
				AdNode *c0, AdNode **h, AdNode **c, RecurrentTrace *trace)
{
	return forward(t, r, x, steps, h0, c0, h, c, trace, NULL);
}

Status recurrent_forward_gates(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0,
			       AdNode *c0, AdNode **h, AdNode **c, AdNode **gates)
{
	return forward(t, r, x, steps, h0, c0, h, c, NULL, gates);
}

static Status forward(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0, AdNode *c0,
		      AdNode **h, AdNode **c, RecurrentTrace *trace, AdNode **gates)
{
	Status st = check_call(t, r, steps, h, c, x);
	if (st != ST_OK)
		return st;
	const char *name = kind_names[r->kind];
	int I = r->input, rows = x->value.rows;
	if (x->value.cols != I || rows % steps != 0)
		return fail(t, ST_ESHAPE, "%s: x must be (T*B)x%d for T = %d steps, got %dx%d", name,
			    I, steps, rows, x->value.cols);
	int B = rows / steps;
	Leaves p;
	if ((st = begin(t, r, B, &h0, &c0, &p)) != ST_OK)
		return st;
	/* x_t W_ih^T + b_ih for every step in one product: (T*B, I) (I, G*H) -> (T*B, G*H). */
	if (!r->per_op && !gates && (!trace || B == 1)) {
		AdNode *gi = ad_gate_input(t, x, p.W_ih, p.b_ih), *hs = h0, *cs = c0;
		for (int s = 0; s < steps; s++) {
			StepTrace tr = { 0 };
			fused_step(t, r, &p, gi, s * B, &hs, &cs, trace ? &tr : NULL);
			h[s] = hs;
			if (trace) {
				trace->hh[s] = tr.hh;
				trace->gate[s] = tr.gate;
			}
			if (c && r->kind == REC_LSTM)
				c[s] = cs;
		}
		return ad_tape_status(t);
	}
	AdNode *gi_all = ad_add_bias(t, ad_matmul(t, x, 0, p.W_ih, 1), p.b_ih);
	AdNode *hs = h0, *cs = c0;
	for (int s = 0; s < steps; s++) {
		AdNode *gi = steps == 1 ? gi_all : ad_slice(t, gi_all, 0, s * B, B);
		StepTrace tr = { 0 };
		step(t, r, &p, gi, &hs, &cs, &tr);
		h[s] = hs;
		if (trace) {
			trace->hh[s] = tr.hh;
			trace->gate[s] = tr.gate;
		}
		for (int g = 0; gates && g < r->gates; g++)
			gates[s * r->gates + g] = tr.gates[g];
		if (c && r->kind == REC_LSTM)
			c[s] = cs;
	}
	return ad_tape_status(t);
}

Status recurrent_forward_steps(Tape *t, Recurrent *r, AdNode *const *x, int steps, AdNode *h0,
			       AdNode *c0, AdNode **h, AdNode **c)
{
	Status st = check_call(t, r, steps, h, c, x);
	if (st != ST_OK)
		return st;
	const char *name = kind_names[r->kind];
	int I = r->input;
	for (int s = 0; s < steps; s++) {
		if (!x[s])
			return fail(t, ST_EINVAL, "%s: the input x[%d] is missing", name, s);
		if (x[s]->value.cols != I || x[s]->value.rows != x[0]->value.rows)
			return fail(t, ST_ESHAPE, "%s: x[%d] must be %dx%d (B x I), got %dx%d", name, s,
				    x[0]->value.rows, I, x[s]->value.rows, x[s]->value.cols);
	}
	int B = x[0]->value.rows;
	Leaves p;
	if ((st = begin(t, r, B, &h0, &c0, &p)) != ST_OK)
		return st;
	AdNode *hs = h0, *cs = c0;
	for (int s = 0; s < steps; s++) {
		StepTrace tr;
		if (!r->per_op) {
			fused_step(t, r, &p, ad_gate_input(t, x[s], p.W_ih, p.b_ih), 0, &hs, &cs, NULL);
		} else {
			AdNode *gi = ad_add_bias(t, ad_matmul(t, x[s], 0, p.W_ih, 1), p.b_ih);
			step(t, r, &p, gi, &hs, &cs, &tr);
		}
		h[s] = hs;
		if (c && r->kind == REC_LSTM)
			c[s] = cs;
	}
	return ad_tape_status(t);
}

/* }==== */
