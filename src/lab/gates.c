/* gates: build the layer, unroll it once and copy every gate activation off the tape. */
#include "lab/gates.h"

#include "core/invariant.h"
#include "core/mem.h"
#include "core/rng.h"

#include <math.h>

GatesConfig gates_defaults(void)
{
	return (GatesConfig){ .cell = REC_LSTM, .steps = 10, .hidden = 4, .input = 3,
			      .forget_bias = 0.0, .seed = 1 };
}

const char *gates_letter(RecurrentKind cell, int g)
{
	static const char *const lstm[] = { "i", "f", "g", "o" }, *const gru[] = { "r", "z", "n" };
	if (cell == REC_LSTM && g >= 0 && g < (int)(sizeof lstm / sizeof lstm[0]))
		return lstm[g];
	if (cell == REC_GRU && g >= 0 && g < (int)(sizeof gru / sizeof gru[0]))
		return gru[g];
	return "?";
}

double gates_at(const GatesResult *r, int t, int g, int j)
{
	GL_ASSERT(t >= 0 && t < r->steps && g >= 0 && g < r->gates && j < r->hidden,
		  "a gate value's step, gate and unit are inside the result");
	const double *v = r->value + ((size_t)t * r->gates + g) * r->hidden;
	if (j >= 0)
		return v[j];
	double s = 0;
	for (int k = 0; k < r->hidden; k++)
		s += v[k];
	return s / r->hidden;
}

static Status check_config(const GatesConfig *c)
{
	if (c->cell != REC_LSTM && c->cell != REC_GRU)
		return status_fail(ST_EINVAL, "--cell must be lstm or gru");
	Status st;
	if ((st = status_range("--steps", c->steps, 1, GATES_MAX_STEPS)) ||
	    (st = status_range("--hidden", c->hidden, 1, GATES_MAX_HIDDEN)) ||
	    (st = status_range("--input", c->input, 1, GATES_MAX_INPUT)))
		return st;
	if (!isfinite(c->forget_bias))
		return status_fail(ST_ERANGE, "--forget-bias must be a finite number");
	return ST_OK;
}

Status gates_run(const GatesConfig *c, GatesResult *out)
{
	*out = (GatesResult){ 0 };
	Status st = check_config(c);
	if (st != ST_OK)
		return st;
	int T = c->steps, H = c->hidden;
	Rng rng;
	rng_seed(&rng, c->seed);
	Recurrent *r = recurrent_new(c->cell, c->input, H, ACT_TANH, &rng);
	Mat *x = mat_new(T, c->input);
	Tape *t = ad_tape_new();
	AdNode **h = mem_calloc((size_t)T, sizeof *h), **cs = mem_calloc((size_t)T, sizeof *cs);
	int G = r ? r->gates : 0;
	AdNode **gates = mem_calloc((size_t)T * (G ? G : 1), sizeof *gates);
	out->value = mem_alloc((size_t)T * (G ? G : 1) * H * sizeof *out->value);
	out->h_norm = mem_alloc((size_t)T * sizeof *out->h_norm);
	out->c_norm = c->cell == REC_LSTM ? mem_alloc((size_t)T * sizeof *out->c_norm) : NULL;
	if (!r || !x || !t || !h || !cs || !gates || !out->value || !out->h_norm ||
	    (c->cell == REC_LSTM && !out->c_norm)) {
		st = status_fail(ST_ENOMEM, "out of memory for %d steps", T);
		goto fail;
	}
	/* the forget-gate block of the LSTM's biases, as `norms` sets it */
	if (c->cell == REC_LSTM)
		for (int j = 0; j < H; j++) {
			r->bias_ih->data[H + j] = c->forget_bias;
			r->bias_hh->data[H + j] = 0.0;
		}
	mat_fill_normal(x, &rng, 1.0);
	if ((st = recurrent_forward_gates(t, r, ad_const(t, x), T, NULL, NULL, h, cs, gates)) != ST_OK)
		goto fail;
	out->cell = c->cell;
	out->steps = T;
	out->hidden = H;
	out->gates = G;
	for (int s = 0; s < T; s++) {
		for (int g = 0; g < G; g++)
			for (int j = 0; j < H; j++)
				out->value[((size_t)s * G + g) * H + j] = gates[s * G + g]->value.data[j];
		out->h_norm[s] = mat_norm(&h[s]->value);
		if (out->c_norm)
			out->c_norm[s] = mat_norm(&cs[s]->value);
	}
	goto done;
fail:
	gates_result_free(out);
done:
	mem_free(gates);
	mem_free(cs);
	mem_free(h);
	ad_tape_free(t);
	mat_free(x);
	recurrent_free(r);
	return st;
}

void gates_result_free(GatesResult *r)
{
	if (!r)
		return;
	mem_free(r->value);
	mem_free(r->h_norm);
	mem_free(r->c_norm);
	*r = (GatesResult){ 0 };
}
