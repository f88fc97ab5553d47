/* unroll: one forward pass of a tiny RNN on the tape, copied out node by node. */
#include "lab/unroll.h"

#include "core/mem.h"

#include <string.h>

UnrollConfig unroll_defaults(void)
{
	return (UnrollConfig){ .steps = 3, .hidden = 2, .input = 1, .act = ACT_TANH, .seed = 1 };
}

Status unroll_run(const UnrollConfig *c, Unroll *out)
{
	memset(out, 0, sizeof *out);
	Status st = tiny_rnn_check_run(c->steps, c->hidden, c->input, c->act, c->given);
	if (st != ST_OK)
		return st;
	int T = c->steps, H = c->hidden, I = c->input;
	Rng rng;
	rng_seed(&rng, c->seed);
	Recurrent *r = recurrent_new(REC_RNN, I, H, c->act, &rng);
	Tape *t = ad_tape_new();
	AdNode **h = mem_calloc((size_t)T, sizeof *h);
	RecurrentTrace tr = { mem_calloc((size_t)T, sizeof(AdNode *)),
			      mem_calloc((size_t)T, sizeof(AdNode *)) };
	out->steps = T;
	out->hidden = H;
	out->input = I;
	out->act = c->act;
	out->n_params = H * I + H * H + 2 * H;
	out->x = mat_new(T, I);
	out->a = mat_new(T, H);
	out->h = mat_new(T + 1, H);
	if (!r || !t || !h || !tr.hh || !tr.gate || !out->x || !out->a || !out->h)
		goto nomem;
	tiny_rnn_give_params(r, c->given);
	out->W_ih = mat_clone(r->weight_ih);
	out->W_hh = mat_clone(r->weight_hh);
	out->b_ih = mat_clone(r->bias_ih);
	out->b_hh = mat_clone(r->bias_hh);
	if (!out->W_ih || !out->W_hh || !out->b_ih || !out->b_hh)
		goto nomem;
	mat_fill_normal(out->x, &rng, 1.0);
	if (c->given && c->given->x)
		memcpy(out->x->data, c->given->x, (size_t)T * I * sizeof(double));
	/* h0 NULL: the layer starts from zeros, as nn.RNN does without h0. */
	AdNode *h0 = NULL;
	Mat h0_view = { 1, H, out->h->data };
	if (c->given && c->given->h0) {
		memcpy(h0_view.data, c->given->h0, (size_t)H * sizeof(double));
		h0 = ad_const(t, &h0_view);
	}
	st = recurrent_forward_traced(t, r, ad_const(t, out->x), T, h0, NULL, h, NULL, &tr);
	if (st != ST_OK) {
		st = status_fail(st, "unroll: %s", ad_tape_error(t));
		goto done;
	}
	for (int s = 0; s < T; s++) {
		/* tr.gate is the RNN's pre-activation a_t */
		memcpy(out->a->data + (size_t)s * H, tr.gate[s]->value.data, (size_t)H * sizeof(double));
		memcpy(out->h->data + (size_t)(s + 1) * H, h[s]->value.data,
		       (size_t)H * sizeof(double));
	}
	goto done;
nomem:
	st = status_fail(ST_ENOMEM, "unroll: out of memory for %d steps", T);
done:
	mem_free(tr.hh);
	mem_free(tr.gate);
	mem_free(h);
	ad_tape_free(t);
	recurrent_free(r);
	if (st != ST_OK)
		unroll_free(out);
	return st;
}

void unroll_free(Unroll *u)
{
	if (!u)
		return;
	mat_free(u->W_ih);
	mat_free(u->W_hh);
	mat_free(u->b_ih);
	mat_free(u->b_hh);
	mat_free(u->x);
	mat_free(u->a);
	mat_free(u->h);
	memset(u, 0, sizeof *u);
}
