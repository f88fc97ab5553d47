/* checks_rnn: the checks of exercises 04 rnn_step and 05 bptt, the tanh Elman RNN. The right
 * answers come from nn/recurrent on the tape (PyTorch's nn.RNN, held to PyTorch at 1e-9 by
 * tests/torch_compare.py); the states a backward starts from are the grader's own forward. */
#include "grade/checks.h"

#include "nn/recurrent.h"

#include <math.h>
#include <stdio.h>

#define V(name) (ck_find(c, name)->v)

/* h_next = tanh(x W_ih^T + b_ih + h_prev W_hh^T + b_hh), the grader's plain loops. */
static void rnn_cell(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		     const double *W_hh, const double *b_ih, const double *b_hh, int B, int I, int H)
{
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double a = b_ih[j] + b_hh[j];
			for (int k = 0; k < I; k++)
				a += x[b * I + k] * W_ih[j * I + k];
			for (int k = 0; k < H; k++)
				a += h_prev[b * H + k] * W_hh[j * H + k];
			h_next[b * H + j] = tanh(a);
		}
}

/* The layer's parameters and the x, h0 (h_prev for a single step) of a case, all drawn here:
 * sizes B, I, H (I != H; one row in case 0, one hidden unit in case 3, one input in case 4)
 * and weights of about PyTorch's scale, large enough that the recurrence matters. */
static Status make_layer(CkCase *c, Rng *r, int k, int T, int sequence, CkRole bias_role)
{
	int B = k == 0 ? 1 : ck_between(r, 2, 4);
	int I = k == 3 ? ck_between(r, 2, 5) : k == 4 ? 1 : ck_between(r, 1, 5);
	int H = k == 3 ? 1 : ck_between_except(r, 2, 6, I);
	c->dim[CK_DIM_B] = B;
	c->dim[CK_DIM_I] = I;
	c->dim[CK_DIM_H] = H;
	c->dim[CK_DIM_T] = T;
	double *x, *W_ih, *W_hh;
	CK_TRY(x = ck_tensor(c, r, "x", CK_IN, T * B, I));
	CK_TRY(ck_tensor(c, r, sequence ? "h0" : "h_prev", sequence ? CK_AUX : CK_IN, B, H));
	CK_TRY(W_ih = ck_tensor(c, r, "W_ih", CK_IN, H, I));
	CK_TRY(W_hh = ck_tensor(c, r, "W_hh", CK_IN, H, H));
	CK_TRY(ck_tensor(c, r, "b_ih", bias_role, 1, H));
	CK_TRY(ck_tensor(c, r, "b_hh", bias_role, 1, H));
	for (int i = 0; i < H * H; i++)
		W_hh[i] *= 1.2 / sqrt((double)H);
	for (int i = 0; i < H * I; i++)
		W_ih[i] *= 1.2 / sqrt((double)I);
	if (sequence)
		GRADE_SAY_ALL(c->note, GM_NOTE_TBIH, T, B, I, H);
	else
		GRADE_SAY_ALL(c->note, GM_NOTE_BIH, B, I, H);
	return ST_OK;
}

/* {==== 04 rnn_step ==== */

static Status make_step(CkCase *c, Rng *r, int k)
{
	Status st = make_layer(c, r, k, 1, 0, CK_IN);
	if (st == ST_OK && !ck_tensor(c, r, "h_next", CK_OUT, c->dim[CK_DIM_B], c->dim[CK_DIM_H]))
		return status_fail(ST_ENOMEM, "grader: out of memory");
	return st;
}

static AdNode *step_node(CkTape *ct)
{
	Recurrent r = ck_layer(ct, REC_RNN);
	AdNode *h = NULL;
	recurrent_forward(ck_tape(ct), &r, ck_in(ct, "x"), 1, ck_in(ct, "h_prev"), NULL, &h, NULL);
	return h;
}

static AdNode *build_step(CkTape *ct)
{
	ck_output(ct, "h_next", step_node(ct));
	return NULL;
}

static Status make_step_backward(CkCase *c, Rng *r, int k)
{
	Status st = make_layer(c, r, k, 1, 0, CK_AUX);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], H = c->dim[CK_DIM_H];
	double *h_next;
	CK_TRY(h_next = ck_tensor(c, r, "h_next", CK_IN, B, H));
	CK_TRY(ck_tensor(c, r, "dh_next", CK_IN, B, H));
	if ((st = ck_cell_gradients(c, r, 1, NULL, 0)) != ST_OK)
		return st;
	rnn_cell(h_next, V("x"), V("h_prev"), V("W_ih"), V("W_hh"), V("b_ih"), V("b_hh"), B, I, H);
	return ST_OK;
}

static AdNode *build_step_backward(CkTape *ct)
{
	return ck_dot(ct, step_node(ct), "dh_next");
}

static const CkCheck rnn_step_checks[] = {
	{ "rnn_step_forward", { "rnn_step_forward" }, 1, 5, 1e-9, 1e-7, make_step, build_step, NULL, NULL, NULL },
	{ "rnn_step_backward", { "rnn_step_backward" }, 1, 5, 1e-9, 1e-7, make_step_backward,
	  build_step_backward, NULL, NULL, NULL },
};

const CkExercise ck_rnn_step = { "rnn_step", rnn_step_checks, 2 };

/* }==== */

/* {==== 05 bptt ==== */

/* At least two steps, so that the gradient carried back through W_hh matters, except in the
 * last case: a sequence of one step. */
static int steps_of(Rng *r, int k)
{
	return k == 0	? 2
	       : k == 1 ? ck_between(r, 3, 5)
	       : k == 2 ? ck_between(r, 6, 9)
	       : k == 5 ? 1
			: ck_between(r, 2, 5);
}

static Status make_sequence(CkCase *c, Rng *r, int k)
{
	int T = steps_of(r, k);
	Status st = make_layer(c, r, k, T, 1, CK_IN);
	if (st != ST_OK)
		return st;
	ck_find(c, "h0")->role = CK_IN;
	if (!ck_tensor(c, r, "h", CK_OUT, (T + 1) * c->dim[CK_DIM_B], c->dim[CK_DIM_H]))
		return status_fail(ST_ENOMEM, "grader: out of memory");
	return ST_OK;
}

/* h_1 .. h_T stacked (T*B, H); with_h0 puts h_0 on top. */
static AdNode *sequence_node(CkTape *ct, int with_h0)
{
	CkCase *c = ck_case(ct);
	Tape *t = ck_tape(ct);
	int T = c->dim[CK_DIM_T];
	AdNode *h[1 + 16];
	if (T > 16)
		return NULL;
	Recurrent r = ck_layer(ct, REC_RNN);
	AdNode *h0 = ck_in(ct, "h0");
	h[0] = h0;
	if (recurrent_forward(t, &r, ck_in(ct, "x"), T, h0, NULL, h + 1, NULL) != ST_OK)
		return NULL;
	return ad_concat(t, with_h0 ? h : h + 1, with_h0 ? T + 1 : T, 0);
}

static AdNode *build_sequence(CkTape *ct)
{
	ck_output(ct, "h", sequence_node(ct, 1));
	return NULL;
}

static Status make_bptt(CkCase *c, Rng *r, int k)
{
	int T = steps_of(r, k);
	Status st = make_layer(c, r, k, T, 1, CK_AUX);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], H = c->dim[CK_DIM_H];
	double *h;
	CK_TRY(h = ck_tensor(c, r, "h", CK_IN, (T + 1) * B, H));
	CK_TRY(ck_tensor(c, r, "dh", CK_IN, T * B, H));
	CK_TRY(ck_tensor(c, r, "dx", CK_GRAD, T * B, I));
	CK_TRY(ck_tensor(c, r, "dh0", CK_GRAD, B, H));
	CK_TRY(ck_tensor(c, r, "dW_ih", CK_GRAD, H, I));
	CK_TRY(ck_tensor(c, r, "dW_hh", CK_GRAD, H, H));
	CK_TRY(ck_tensor(c, r, "db_ih", CK_GRAD, 1, H));
	CK_TRY(ck_tensor(c, r, "db_hh", CK_GRAD, 1, H));
	const double *h0 = V("h0");
	for (int i = 0; i < B * H; i++)
		h[i] = h0[i];
	for (int t = 1; t <= T; t++)
		rnn_cell(h + (size_t)t * B * H, V("x") + (size_t)(t - 1) * B * I,
			 h + (size_t)(t - 1) * B * H, V("W_ih"), V("W_hh"), V("b_ih"), V("b_hh"), B,
			 I, H);
	return ST_OK;
}

static AdNode *build_bptt(CkTape *ct)
{
	return ck_dot(ct, sequence_node(ct, 0), "dh");
}

static const CkCheck bptt_checks[] = {
	{ "rnn_forward", { "rnn_forward" }, 1, 6, 1e-9, 1e-7, make_sequence, build_sequence, NULL, NULL, NULL },
	{ "rnn_backward", { "rnn_backward" }, 2, 6, 1e-9, 1e-7, make_bptt, build_bptt,
	  NULL, NULL, NULL },
};

const CkExercise ck_bptt = { "bptt", bptt_checks, 2 };

/* }==== */
