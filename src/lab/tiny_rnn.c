/* tiny_rnn: the size check that lab/unroll and lab/bptt_steps share, and the values a
 * learner gives by hand in place of the seed's draws. */
#include "lab/tiny_rnn.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

Status tiny_rnn_check(int steps, int hidden, int input, Activation act)
{
	Status st;
	if ((st = status_range("--steps", steps, 1, TINY_RNN_MAX_STEPS)) ||
	    (st = status_range("--hidden", hidden, 1, TINY_RNN_MAX_HIDDEN)) ||
	    (st = status_range("--input", input, 1, TINY_RNN_MAX_INPUT)))
		return st;
	if (act < 0 || act >= ACT_COUNT)
		return status_fail(ST_EINVAL, "--act: unknown activation %d", (int)act);
	return ST_OK;
}

Status tiny_rnn_check_values(const TinyRnnValues *v, int steps, int hidden, int input,
			     TinyRnnValue *which, int *index)
{
	if (!v)
		return ST_OK;
	/* the options that give them, as the sizes' check names --steps */
	static const char *const names[TRV_COUNT] = { "w", "u", "b-ih", "b-hh", "x", "h0", "r" };
	const double *data[TRV_COUNT] = { v->W_ih, v->W_hh, v->b_ih, v->b_hh, v->x, v->h0, v->r };
	const int count[TRV_COUNT] = { hidden * input, hidden * hidden, hidden, hidden,
				       steps * input, hidden, steps * hidden };
	for (int k = 0; k < TRV_COUNT; k++)
		for (int i = 0; data[k] && i < count[k]; i++)
			if (!(fabs(data[k][i]) <= TINY_RNN_MAX_VALUE)) { /* NaN fails too */
				*which = (TinyRnnValue)k;
				*index = i;
				return status_fail(ST_ERANGE, "--%s: number %d (%g) must be finite and at most %d in size",
						   names[k], i + 1, data[k][i], TINY_RNN_MAX_VALUE);
			}
	return ST_OK;
}

Status tiny_rnn_check_run(int steps, int hidden, int input, Activation act,
			  const TinyRnnValues *given)
{
	Status st = tiny_rnn_check(steps, hidden, input, act);
	TinyRnnValue which;
	int index;
	if (st == ST_OK)
		st = tiny_rnn_check_values(given, steps, hidden, input, &which, &index);
	return st;
}

void tiny_rnn_give_params(Recurrent *r, const TinyRnnValues *v)
{
	if (!v)
		return;
	Mat *p[REC_N_PARAMS];
	recurrent_params(r, p);
	const double *given[REC_N_PARAMS];
	given[REC_WEIGHT_IH] = v->W_ih;
	given[REC_WEIGHT_HH] = v->W_hh;
	given[REC_BIAS_IH] = v->b_ih;
	given[REC_BIAS_HH] = v->b_hh;
	for (int k = 0; k < REC_N_PARAMS; k++)
		if (given[k])
			memcpy(p[k]->data, given[k], mat_size(p[k]) * sizeof(double));
}
