/* attention: the four score functions, the mask and the weighted sum of the values. Every
 * step is an existing ad op, so the backward is the ops' own:
 *   scores S (Tq, Tk) -> mask (-inf) -> W = softmax(S) row by row -> context = W V. */
#include "nn/attention.h"

#include "core/invariant.h"
#include "core/mem.h"

#include <math.h>
#include <string.h>

static const char *const score_names[ATTN_SCORE_COUNT] = { "dot", "scaled_dot", "general",
							   "additive" };

Status attention_score_parse(const char *name, AttnScore *out)
{
	int s;
	Status st = status_name_index("attention score", score_names, ATTN_SCORE_COUNT, name, &s);
	if (st == ST_OK)
		*out = (AttnScore)s;
	return st;
}

const char *attention_score_name(AttnScore s)
{
	return s >= 0 && s < ATTN_SCORE_COUNT ? score_names[s] : "?";
}

/* {==== The layer and its parameters ==== */

/* A parameter and its gradient; uniform in +-1/sqrt(fan_in) when rng is given. */
static int param_new(Mat **value, Mat **grad, int rows, int cols, int fan_in, Rng *rng)
{
	*value = mat_new(rows, cols);
	*grad = mat_new(rows, cols);
	if (!*value || !*grad)
		return 0;
	if (rng) {
		double k = 1.0 / sqrt((double)fan_in);
		mat_fill_uniform(*value, rng, -k, k);
	}
	return 1;
}

Attention *attention_new(AttnScore score, int d, int A, Rng *rng)
{
	if (score < 0 || score >= ATTN_SCORE_COUNT || d <= 0 || (score == ATTN_ADDITIVE && A <= 0))
		return NULL;
	Attention *a = mem_calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->score = score;
	a->d = d;
	a->A = score == ATTN_ADDITIVE ? A : 0;
	int ok = 1;
	if (score == ATTN_GENERAL)
		ok = param_new(&a->W, &a->dW, d, d, d, rng);
	else if (score == ATTN_ADDITIVE)
		ok = param_new(&a->W_q, &a->dW_q, A, d, d, rng) &&
		     param_new(&a->W_k, &a->dW_k, A, d, d, rng) &&
		     param_new(&a->v, &a->dv, 1, A, A, rng);
	if (!ok) {
		attention_free(a);
		return NULL;
	}
	return a;
}

void attention_free(Attention *a)
{
	if (!a)
		return;
	Mat *all[] = { a->W, a->dW, a->W_q, a->dW_q, a->W_k, a->dW_k, a->v, a->dv };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		mat_free(all[i]);
	mem_free(a);
}

int attention_params(Attention *a, const char **names, Mat **values, Mat **grads)
{
	int n = 0;
#define PARAM(name, value, grad)          \
	do {                              \
		if (value) {              \
			GL_ASSERT(n < ATTN_MAX_PARAMS, \
				  "attention has at most ATTN_MAX_PARAMS parameters"); \
			names[n] = name;  \
			values[n] = value; \
			grads[n] = grad;  \
			n++;              \
		}                         \
	} while (0)
	PARAM("W", a->W, a->dW);
	PARAM("W_q", a->W_q, a->dW_q);
	PARAM("W_k", a->W_k, a->dW_k);
	PARAM("v", a->v, a->dv);
#undef PARAM
	return n;
}

void attention_zero_grad(Attention *a)
{
	const char *names[ATTN_MAX_PARAMS];
	Mat *values[ATTN_MAX_PARAMS], *grads[ATTN_MAX_PARAMS];
	int n = attention_params(a, names, values, grads);
	for (int i = 0; i < n; i++)
		mat_zero(grads[i]);
}

/* }==== */

/* {==== Forward ==== */

/* S (Tq, Tk): one score for every query i and key j. */
static AdNode *scores(Tape *t, Attention *a, AdNode *q /* (Tq, d) */, AdNode *k /* (Tk, d) */)
{
	switch (a->score) {
	case ATTN_DOT:
		return ad_matmul(t, q, 0, k, 1);
	case ATTN_SCALED_DOT:
		/* Dot products of d unit-variance terms have variance d; the scale keeps the
		 * softmax out of its flat, saturated tails. */
		return ad_scale(t, ad_matmul(t, q, 0, k, 1), 1.0 / sqrt((double)a->d));
	case ATTN_GENERAL: {
		AdNode *W = ad_param(t, a->W, a->dW); /* (d, d) */
		return ad_matmul(t, ad_matmul(t, q, 0, W, 0), 0, k, 1);
	}
	case ATTN_ADDITIVE: {
		AdNode *W_q = ad_param(t, a->W_q, a->dW_q); /* (A, d) */
		AdNode *W_k = ad_param(t, a->W_k, a->dW_k); /* (A, d) */
		AdNode *v = ad_param(t, a->v, a->dv);       /* (1, A) */
		/* Row i*Tk + j of the pair sum is W_q q_i + W_k k_j. */
		AdNode *pairs = ad_pair_add(t, ad_matmul(t, q, 0, W_q, 1), ad_matmul(t, k, 0, W_k, 1));
		AdNode *e = ad_matmul(t, ad_tanh(t, pairs), 0, v, 1); /* (Tq*Tk, 1) */
		return ad_reshape(t, e, q->value.rows, k->value.rows);
	}
	default:
		return ad_fail(t, ST_EINVAL, "attention: unknown score %d", (int)a->score);
	}
}

AdNode *attention_forward(Tape *t, Attention *a, AdNode *query, AdNode *keys, AdNode *values,
			  const int *keep, AdNode **weights)
{
	if (weights)
		*weights = NULL;
	if (ad_tape_status(t) != ST_OK)
		return NULL;
	if (!query || !keys || !values)
		return ad_fail(t, ST_EINVAL, "attention: the %s is missing",
			       !query ? "query" : !keys ? "keys" : "values");
	const Mat *q = &query->value, *k = &keys->value, *v = &values->value;
	if (q->cols != a->d)
		return ad_fail(t, ST_ESHAPE, "attention: query must be Tq x %d (the layer's d), got %dx%d",
			       a->d, q->rows, q->cols);
	if (k->cols != a->d)
		return ad_fail(t, ST_ESHAPE, "attention: keys must be Tk x %d (d, as the query %dx%d), got %dx%d",
			       a->d, q->rows, q->cols, k->rows, k->cols);
	if (v->rows != k->rows)
		return ad_fail(t, ST_ESHAPE, "attention: values must have one row per key (keys %dx%d), got %dx%d",
			       k->rows, k->cols, v->rows, v->cols);
	if (keep) {
		int kept = 0;
		for (int j = 0; j < k->rows; j++)
			kept += keep[j] != 0;
		if (!kept)
			return ad_fail(t, ST_EINVAL, "attention: the mask hides all %d keys; every query needs a key to attend to",
				       k->rows);
	}
	AdNode *s = scores(t, a, query, keys);
	if (keep)
		s = ad_mask_columns(t, s, keep, -INFINITY);
	AdNode *w = ad_softmax(t, s);
	AdNode *context = ad_matmul(t, w, 0, values, 0);
	if (context && weights)
		*weights = w;
	return context;
}

/* }==== */
