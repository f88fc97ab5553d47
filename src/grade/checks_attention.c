/* checks_attention: the checks of exercise 10 attention, scaled dot-product attention for one
 * head. The right answers come from nn/attention (ATTN_SCALED_DOT) on the tape. */
#include "grade/checks.h"

#include "nn/attention.h"

#include <math.h>
#include <stdio.h>

#define V(name) (ck_find(c, name)->v)

/* The kinds of query rows: ordinary scores; all of them near -1000 (every exp underflows to
 * 0 unless the row's largest is subtracted); spanning more than 709 with the largest below
 * 610 (subtracting the smallest overflows); and above 709 (exp overflows). */
enum { Q_PLAIN, Q_LOW, Q_SPAN, Q_HIGH, Q_KINDS };

/* Score i, j: Q_i . K_j / sqrt(D). */
static double score(const double *Q, const double *K, int i, int j, int D)
{
	double s = 0;
	for (int d = 0; d < D; d++)
		s += Q[i * D + d] * K[j * D + d];
	return s / sqrt((double)D);
}

/* Rows of scores of each kind from two columns of K: column 0 from 0.8 to 1 (one of them 1),
 * column 1 from -1 to 1 (one of them -1, another 1). A query that is A sqrt(D) in column 0
 * and small elsewhere scores from 0.8 A to A (A from -1200 to -1000 for Q_LOW, 800 to 1000
 * for Q_HIGH); one that is A sqrt(D) in column 1 (A from 400 to 600) scores from -A to A.
 * The other columns add at most 3 or so. Needs D >= 2 and Tk >= 2. */
static void extreme_scores(double *Q, double *K, int Tq, int Tk, int D, Rng *r, int kind)
{
	double s = sqrt((double)D);
	for (int j = 0; j < Tk; j++) {
		K[j * D] = rng_range(r, 0.8, 1.0);
		K[j * D + 1] = rng_range(r, -1.0, 1.0);
	}
	K[rng_below(r, Tk) * D] = 1.0;
	int neg = rng_below(r, Tk), pos = ck_between_except(r, 0, Tk - 1, neg);
	K[neg * D + 1] = -1.0;
	K[pos * D + 1] = 1.0;
	for (int i = 0; i < Tq; i++) {
		double *q = Q + (size_t)i * D;
		int row = kind == Q_KINDS ? rng_below(r, Q_KINDS) : kind;
		if (row == Q_LOW || row == Q_HIGH) {
			q[0] = (row == Q_LOW ? -rng_range(r, 1000, 1200) : rng_range(r, 800, 1000)) * s;
			q[1] *= 0.25;
		} else if (row == Q_SPAN) {
			q[0] *= 0.25;
			q[1] = rng_range(r, 400, 600) * s;
		}
	}
}

/* Tq queries, Tk keys, D columns of a query and a key, Dv of a value; Tq != Tk and D != Dv
 * so that no two shapes can be confused. Cases 0 to 2: ordinary scores, spread enough that
 * the softmax is far from uniform (one query in case 0); 3 every score near -1000 (and
 * Dv = 1), 4 rows spanning more than 709, 5 scores above 709; 6 a single key with D = 1;
 * 7 more queries, each row of any kind. */
static Status make_qkv(CkCase *c, Rng *r, int k, CkRole role)
{
	static const int kind_of[] = { Q_PLAIN, Q_PLAIN, Q_PLAIN, Q_LOW,
				       Q_SPAN,  Q_HIGH,  Q_PLAIN, Q_KINDS };
	int Tq = k == 0 ? 1 : k == 7 ? ck_between(r, 4, 6) : ck_between(r, 2, 4);
	int D = k == 6 ? 1 : ck_between(r, 2, 5);
	int Tk = k == 6 ? 1 : ck_between_except(r, 2, 6, Tq);
	int Dv = k == 3 ? 1 : ck_between_except(r, 1, 5, D);
	c->dim[CK_DIM_TQ] = Tq;
	c->dim[CK_DIM_TK] = Tk;
	c->dim[CK_DIM_D] = D;
	c->dim[CK_DIM_DV] = Dv;
	double *Q, *K;
	CK_TRY(Q = ck_tensor(c, r, "Q", role, Tq, D));
	CK_TRY(K = ck_tensor(c, r, "K", role, Tk, D));
	CK_TRY(ck_tensor(c, r, "V", role, Tk, Dv));
	for (int i = 0; i < Tq * D; i++)
		Q[i] *= 2.0;
	for (int i = 0; i < Tk * D; i++)
		K[i] *= 2.0;
	GRADE_SAY_ALL(c->note, GM_NOTE_QKV, Tq, Tk, D, Dv);
	if (kind_of[k] == Q_PLAIN)
		return ST_OK;
	extreme_scores(Q, K, Tq, Tk, D, r, kind_of[k]);
	double lo = INFINITY, hi = -INFINITY;
	for (int i = 0; i < Tq; i++)
		for (int j = 0; j < Tk; j++) {
			lo = fmin(lo, score(Q, K, i, j, D));
			hi = fmax(hi, score(Q, K, i, j, D));
		}
	GradeMsg what = kind_of[k] == Q_SPAN    ? GM_SCORES_SPAN
			: kind_of[k] == Q_KINDS ? GM_SCORES_KINDS
						: GM_SCORES_LARGE;
	for (int l = 0; l < LANG_COUNT; l++)
		grade_say_in(l, c->note[l], sizeof c->note[l], GM_NOTE_SCORES, grade_msg(l, what), lo,
			     hi);
	return ST_OK;
}

static Status make_attention(CkCase *c, Rng *r, int k)
{
	Status st = make_qkv(c, r, k, CK_IN);
	if (st != ST_OK)
		return st;
	CK_TRY(ck_tensor(c, r, "out", CK_OUT, c->dim[CK_DIM_TQ], c->dim[CK_DIM_DV]));
	CK_TRY(ck_tensor(c, r, "weights", CK_OUT, c->dim[CK_DIM_TQ], c->dim[CK_DIM_TK]));
	return ST_OK;
}

static AdNode *attention_nodes(CkTape *ct, AdNode **weights)
{
	Attention a = { .score = ATTN_SCALED_DOT, .d = ck_case(ct)->dim[CK_DIM_D] };
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
		for (int j = 0; j < Tk; j++)
			mx = fmax(mx, row[j] = score(Q, K, i, j, D));
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
	int Tq = c->dim[CK_DIM_TQ], Tk = c->dim[CK_DIM_TK], D = c->dim[CK_DIM_D], Dv = c->dim[CK_DIM_DV];
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

/* A softmax that exp cannot take as the row's scores are (see ck_explain_softmax_row). */
static const char *explain_attention(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
				     char *buf, size_t size)
{
	int Tk = c->dim[CK_DIM_TK], D = c->dim[CK_DIM_D], row = (int)(i / (size_t)t->cols);
	double scores[8];
	if (Tk > 8)
		return NULL;
	for (int j = 0; j < Tk; j++)
		scores[j] = score(V("Q"), V("K"), row, j, D);
	return ck_explain_softmax_row(scores, Tk, got, 1, lang, buf, size);
}

static const CkCheck attention_checks[] = {
	{ "attention_forward", { "attention_forward" }, 1, 8, 1e-9, 1e-7, make_attention,
	  build_attention, NULL, explain_attention, NULL },
	{ "attention_backward", { "attention_backward" }, 1, 8, 1e-9, 1e-7,
	  make_attention_backward, build_attention_backward, NULL, NULL, NULL },
};

const CkExercise ck_attention = { "attention", attention_checks, 2 };
