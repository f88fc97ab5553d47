/* checks_attention: the checks of exercise 10 attention, scaled dot-product attention for one
 * head. The right answers come from nn/attention (ATTN_SCALED_DOT) on the tape. */
#include "grade/checks.h"

#include "nn/attention.h"

#include <math.h>
#include <stdio.h>

#define V(name) (ck_find(c, name)->v)

/* Tq queries, Tk keys, D columns of a query and a key, Dv of a value; Tq != Tk and D != Dv
 * so that no two shapes can be confused. Scores are spread enough that the softmax is far
 * from uniform. */
static Status make_qkv(CkCase *c, Rng *r, int k, CkRole role)
{
	int Tq = k == 0 ? 1 : ck_between(r, 2, 4), D = ck_between(r, 2, 5);
	int Tk = ck_between_except(r, 2, 6, Tq), Dv = ck_between_except(r, 1, 5, D);
	c->dim[0] = Tq;
	c->dim[1] = Tk;
	c->dim[2] = D;
	c->dim[3] = Dv;
	double *Q, *K;
	CK_TRY(Q = ck_tensor(c, r, "Q", role, Tq, D));
	CK_TRY(K = ck_tensor(c, r, "K", role, Tk, D));
	CK_TRY(ck_tensor(c, r, "V", role, Tk, Dv));
	for (int i = 0; i < Tq * D; i++)
		Q[i] *= 2.0;
	for (int i = 0; i < Tk * D; i++)
		K[i] *= 2.0;
	snprintf(c->note, sizeof c->note, "Tq=%d Tk=%d D=%d Dv=%d", Tq, Tk, D, Dv);
	return ST_OK;
}

static Status make_attention(CkCase *c, Rng *r, int k)
{
	Status st = make_qkv(c, r, k, CK_IN);
	if (st != ST_OK)
		return st;
	CK_TRY(ck_tensor(c, r, "out", CK_OUT, c->dim[0], c->dim[3]));
	CK_TRY(ck_tensor(c, r, "weights", CK_OUT, c->dim[0], c->dim[1]));
	return ST_OK;
}

static AdNode *attention_nodes(CkTape *ct, AdNode **weights)
{
	Attention a = { .score = ATTN_SCALED_DOT, .d = ck_case(ct)->dim[2] };
	return attention_forward(ck_tape(ct), &a, ck_in(ct, "Q"), ck_in(ct, "K"), ck_in(ct, "V"),
				 NULL, weights);
}

static AdNode *build_attention(CkTape *ct)
{
	AdNode *w = NULL, *out = attention_nodes(ct, &w);
	ck_output(ct, "out", out);
	ck_output(ct, "weights", w);
	return NULL;
}

/* The grader's weights: softmax(Q K^T / sqrt(D)) row by row. */
static void attention_weights(double *w, const double *Q, const double *K, int Tq, int Tk, int D)
{
	for (int i = 0; i < Tq; i++) {
		double *row = w + (size_t)i * Tk, mx = -INFINITY, sum = 0;
		for (int j = 0; j < Tk; j++) {
			double s = 0;
			for (int d = 0; d < D; d++)
				s += Q[i * D + d] * K[j * D + d];
			row[j] = s / sqrt((double)D);
			mx = fmax(mx, row[j]);
		}
		for (int j = 0; j < Tk; j++)
			sum += row[j] = exp(row[j] - mx);
		for (int j = 0; j < Tk; j++)
			row[j] /= sum;
	}
}

static Status make_attention_backward(CkCase *c, Rng *r, int k)
{
	Status st = make_qkv(c, r, k, CK_IN);
	if (st != ST_OK)
		return st;
	int Tq = c->dim[0], Tk = c->dim[1], D = c->dim[2], Dv = c->dim[3];
	double *w;
	CK_TRY(w = ck_tensor(c, r, "weights", CK_IN, Tq, Tk));
	CK_TRY(ck_tensor(c, r, "dout", CK_IN, Tq, Dv));
	CK_TRY(ck_tensor(c, r, "dQ", CK_GRAD, Tq, D));
	CK_TRY(ck_tensor(c, r, "dK", CK_GRAD, Tk, D));
	CK_TRY(ck_tensor(c, r, "dV", CK_GRAD, Tk, Dv));
	attention_weights(w, V("Q"), V("K"), Tq, Tk, D);
	return ST_OK;
}

static AdNode *build_attention_backward(CkTape *ct)
{
	return ck_dot(ct, attention_nodes(ct, NULL), "dout");
}

static const CkCheck attention_checks[] = {
	{ "attention_forward", { "attention_forward" }, 1, 3, 1e-9, 1e-7, make_attention,
	  build_attention, NULL, NULL },
	{ "attention_backward", { "attention_backward" }, 1, 3, 1e-9, 1e-7,
	  make_attention_backward, build_attention_backward, NULL, NULL },
};

const CkExercise ck_attention = { "attention", attention_checks, 2 };
