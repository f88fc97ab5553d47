/* checks_gated: the checks of exercises 08 lstm_step and 09 gru_step, in PyTorch's layout
 * (gate blocks i, f, g, o and r, z, n stacked in the weights' rows). The right answers come
 * from nn/recurrent on the tape, and the gate values a forward must also return from the
 * same products built op by op; the caches a backward starts from are the grader's loops. */
#include "grade/checks.h"

#include "nn/recurrent.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define V(name) (ck_find(c, name)->v)

static double sigmoid(double a)
{
	return 1.0 / (1.0 + exp(-a));
}

/* x, h_prev (and c_prev for the LSTM), and the weights of G gate blocks; I != H; one row in
 * case 0, one hidden unit in case 3, one input in case 4. */
static Status make_cell(CkCase *c, Rng *r, int k, const char *gates, CkRole bias_role)
{
	int G = (int)strlen(gates);
	int B = k == 0 ? 1 : ck_between(r, 2, 3);
	int I = k == 3 ? ck_between(r, 2, 4) : k == 4 ? 1 : ck_between(r, 1, 4);
	int H = k == 3 ? 1 : ck_between_except(r, 2, 5, I);
	c->dim[CK_DIM_B] = B;
	c->dim[CK_DIM_I] = I;
	c->dim[CK_DIM_H] = H;
	double *W_ih, *W_hh;
	CK_TRY(ck_tensor(c, r, "x", CK_IN, B, I));
	CK_TRY(ck_tensor(c, r, "h_prev", CK_IN, B, H));
	if (G == 4)
		CK_TRY(ck_tensor(c, r, "c_prev", CK_IN, B, H));
	CK_TRY(W_ih = ck_tensor(c, r, "W_ih", CK_IN, G * H, I));
	CK_TRY(W_hh = ck_tensor(c, r, "W_hh", CK_IN, G * H, H));
	CK_TRY(ck_tensor(c, r, "b_ih", bias_role, 1, G * H));
	CK_TRY(ck_tensor(c, r, "b_hh", bias_role, 1, G * H));
	for (int i = 0; i < G * H * I; i++)
		W_ih[i] *= 1.5 / sqrt((double)I);
	for (int i = 0; i < G * H * H; i++)
		W_hh[i] *= 1.5 / sqrt((double)H);
	ck_stacked(c, "W_ih", gates, H);
	ck_stacked(c, "W_hh", gates, H);
	ck_stacked(c, "b_ih", gates, H);
	ck_stacked(c, "b_hh", gates, H);
	GRADE_SAY_ALL(c->note, GM_NOTE_BIH, B, I, H);
	return ST_OK;
}

/* x W_ih^T + b_ih and h_prev W_hh^T + b_hh, (B, G*H) each, on the tape. */
static void products(CkTape *ct, AdNode **ax, AdNode **ah)
{
	Tape *t = ck_tape(ct);
	*ax = ad_add_bias(t, ad_matmul(t, ck_in(ct, "x"), 0, ck_in(ct, "W_ih"), 1), ck_in(ct, "b_ih"));
	*ah = ad_add_bias(t, ad_matmul(t, ck_in(ct, "h_prev"), 0, ck_in(ct, "W_hh"), 1),
			  ck_in(ct, "b_hh"));
}

/* {==== 08 lstm_step ==== */

/* The grader's LSTM step: gates (B, 4H) = i, f, g, o; c_next and h_next (B, H). */
static void lstm_cell(double *h_next, double *c_next, double *gates, const double *x,
		      const double *h_prev, const double *c_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I, int H)
{
	for (int b = 0; b < B; b++) {
		double *gt = gates + (size_t)b * 4 * H;
		for (int row = 0; row < 4 * H; row++) {
			double a = b_ih[row] + b_hh[row];
			for (int k = 0; k < I; k++)
				a += x[b * I + k] * W_ih[row * I + k];
			for (int k = 0; k < H; k++)
				a += h_prev[b * H + k] * W_hh[row * H + k];
			gt[row] = row / H == 2 ? tanh(a) : sigmoid(a);
		}
		for (int j = 0; j < H; j++) {
			double cn = gt[H + j] * c_prev[b * H + j] + gt[j] * gt[2 * H + j];
			if (c_next)
				c_next[b * H + j] = cn;
			if (h_next)
				h_next[b * H + j] = gt[3 * H + j] * tanh(cn);
		}
	}
}

static Status make_lstm(CkCase *c, Rng *r, int k)
{
	Status st = make_cell(c, r, k, "ifgo", CK_IN);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], H = c->dim[CK_DIM_H];
	CK_TRY(ck_tensor(c, r, "h_next", CK_OUT, B, H));
	CK_TRY(ck_tensor(c, r, "c_next", CK_OUT, B, H));
	CK_TRY(ck_tensor(c, r, "gates", CK_OUT, B, 4 * H));
	ck_stacked(c, "gates", "ifgo", H);
	return ST_OK;
}

/* h_next and c_next from nn/recurrent (one step of nn.LSTM). */
static void lstm_nodes(CkTape *ct, AdNode **h, AdNode **cn)
{
	Recurrent r = ck_layer(ct, REC_LSTM);
	*h = *cn = NULL;
	recurrent_forward(ck_tape(ct), &r, ck_in(ct, "x"), 1, ck_in(ct, "h_prev"),
			  ck_in(ct, "c_prev"), h, cn);
}

static AdNode *build_lstm(CkTape *ct)
{
	Tape *t = ck_tape(ct);
	int H = ck_case(ct)->dim[CK_DIM_H];
	AdNode *h, *cn, *ax, *ah;
	lstm_nodes(ct, &h, &cn);
	ck_output(ct, "h_next", h);
	ck_output(ct, "c_next", cn);
	products(ct, &ax, &ah);
	AdNode *a = ad_add(t, ax, ah), *g[4]; /* i, f, g, o */
	int n_gates = (int)(sizeof g / sizeof g[0]);
	for (int blk = 0; blk < n_gates; blk++) {
		AdNode *s = ad_slice(t, a, 1, blk * H, H);
		g[blk] = blk == 2 ? ad_tanh(t, s) : ad_sigmoid(t, s);
	}
	ck_output(ct, "gates", ad_concat(t, g, n_gates, 1));
	return NULL;
}

static Status make_lstm_backward(CkCase *c, Rng *r, int k)
{
	Status st = make_cell(c, r, k, "ifgo", CK_AUX);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], H = c->dim[CK_DIM_H];
	double *cn, *gates;
	CK_TRY(cn = ck_tensor(c, r, "c_next", CK_IN, B, H));
	CK_TRY(gates = ck_tensor(c, r, "gates", CK_IN, B, 4 * H));
	CK_TRY(ck_tensor(c, r, "dh_next", CK_IN, B, H));
	CK_TRY(ck_tensor(c, r, "dc_next", CK_IN, B, H));
	if ((st = ck_cell_gradients(c, r, 4, "ifgo", 1)) != ST_OK)
		return st;
	lstm_cell(NULL, cn, gates, V("x"), V("h_prev"), V("c_prev"), V("W_ih"), V("W_hh"),
		  V("b_ih"), V("b_hh"), B, I, H);
	return ST_OK;
}

static AdNode *build_lstm_backward(CkTape *ct)
{
	AdNode *h, *cn;
	lstm_nodes(ct, &h, &cn);
	return ad_add(ck_tape(ct), ck_dot(ct, h, "dh_next"), ck_dot(ct, cn, "dc_next"));
}

static const CkCheck lstm_checks[] = {
	{ "lstm_step_forward", { "lstm_step_forward" }, 1, 5, 1e-9, 1e-7, make_lstm, build_lstm, NULL, NULL, NULL },
	{ "lstm_step_backward", { "lstm_step_backward" }, 2, 5, 1e-9, 1e-7, make_lstm_backward,
	  build_lstm_backward, NULL, NULL, NULL },
};

const CkExercise ck_lstm_step = { "lstm_step", lstm_checks, 2 };

/* }==== */

/* {==== 09 gru_step ==== */

/* The grader's GRU step: gates (B, 3H) = r, z, n; hn (B, H) = h_prev W_hn^T + b_hn. */
static void gru_cell(double *h_next, double *gates, double *hn, const double *x,
		     const double *h_prev, const double *W_ih, const double *W_hh,
		     const double *b_ih, const double *b_hh, int B, int I, int H)
{
	for (int b = 0; b < B; b++) {
		double *gt = gates + (size_t)b * 3 * H;
		for (int j = 0; j < H; j++) {
			double ax[3], ah[3]; /* r, z, n */
			for (int blk = 0; blk < (int)(sizeof ax / sizeof ax[0]); blk++) {
				int row = blk * H + j;
				ax[blk] = b_ih[row];
				ah[blk] = b_hh[row];
				for (int k = 0; k < I; k++)
					ax[blk] += x[b * I + k] * W_ih[row * I + k];
				for (int k = 0; k < H; k++)
					ah[blk] += h_prev[b * H + k] * W_hh[row * H + k];
			}
			double rg = sigmoid(ax[0] + ah[0]), z = sigmoid(ax[1] + ah[1]);
			double n = tanh(ax[2] + rg * ah[2]);
			gt[j] = rg;
			gt[H + j] = z;
			gt[2 * H + j] = n;
			hn[b * H + j] = ah[2];
			if (h_next)
				h_next[b * H + j] = (1 - z) * n + z * h_prev[b * H + j];
		}
	}
}

static Status make_gru(CkCase *c, Rng *r, int k)
{
	Status st = make_cell(c, r, k, "rzn", CK_IN);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], H = c->dim[CK_DIM_H];
	CK_TRY(ck_tensor(c, r, "h_next", CK_OUT, B, H));
	CK_TRY(ck_tensor(c, r, "gates", CK_OUT, B, 3 * H));
	CK_TRY(ck_tensor(c, r, "hn", CK_OUT, B, H));
	ck_stacked(c, "gates", "rzn", H);
	return ST_OK;
}

static AdNode *gru_node(CkTape *ct)
{
	Recurrent r = ck_layer(ct, REC_GRU);
	AdNode *h = NULL;
	recurrent_forward(ck_tape(ct), &r, ck_in(ct, "x"), 1, ck_in(ct, "h_prev"), NULL, &h, NULL);
	return h;
}

static AdNode *build_gru(CkTape *ct)
{
	Tape *t = ck_tape(ct);
	int H = ck_case(ct)->dim[CK_DIM_H];
	ck_output(ct, "h_next", gru_node(ct));
	AdNode *ax, *ah, *g[3];
	products(ct, &ax, &ah);
	for (int blk = 0; blk < 2; blk++)
		g[blk] = ad_sigmoid(t, ad_add(t, ad_slice(t, ax, 1, blk * H, H),
					      ad_slice(t, ah, 1, blk * H, H)));
	AdNode *hn = ad_slice(t, ah, 1, 2 * H, H);
	g[2] = ad_tanh(t, ad_add(t, ad_slice(t, ax, 1, 2 * H, H), ad_mul(t, g[0], hn)));
	ck_output(ct, "gates", ad_concat(t, g, 3, 1));
	ck_output(ct, "hn", hn);
	return NULL;
}

static Status make_gru_backward(CkCase *c, Rng *r, int k)
{
	Status st = make_cell(c, r, k, "rzn", CK_AUX);
	if (st != ST_OK)
		return st;
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], H = c->dim[CK_DIM_H];
	double *gates, *hn;
	CK_TRY(gates = ck_tensor(c, r, "gates", CK_IN, B, 3 * H));
	CK_TRY(hn = ck_tensor(c, r, "hn", CK_IN, B, H));
	CK_TRY(ck_tensor(c, r, "dh_next", CK_IN, B, H));
	if ((st = ck_cell_gradients(c, r, 3, "rzn", 0)) != ST_OK)
		return st;
	gru_cell(NULL, gates, hn, V("x"), V("h_prev"), V("W_ih"), V("W_hh"), V("b_ih"), V("b_hh"),
		 B, I, H);
	return ST_OK;
}

static AdNode *build_gru_backward(CkTape *ct)
{
	return ck_dot(ct, gru_node(ct), "dh_next");
}

static const CkCheck gru_checks[] = {
	{ "gru_step_forward", { "gru_step_forward" }, 1, 5, 1e-9, 1e-7, make_gru, build_gru, NULL, NULL, NULL },
	{ "gru_step_backward", { "gru_step_backward" }, 2, 5, 1e-9, 1e-7, make_gru_backward,
	  build_gru_backward, NULL, NULL, NULL },
};

const CkExercise ck_gru_step = { "gru_step", gru_checks, 2 };

/* }==== */
