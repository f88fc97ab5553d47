/* attention_weights: run attention forward and backward and keep what the lesson shows. */
#include "lab/attention_weights.h"

#include "core/mem.h"

#include <math.h>
#include <string.h>

AttnLabConfig attn_lab_defaults(void)
{
	return (AttnLabConfig){ .score = ATTN_SCALED_DOT, .queries = 3, .keys = 5, .dim = 4,
				.mask_last = 0, .seed = 1 };
}

static Mat *copy_of(const Mat *m)
{
	return m && m->data ? mat_clone(m) : NULL;
}

Status attn_lab_run(const AttnLabConfig *c, AttnLabResult *out)
{
	memset(out, 0, sizeof *out);
	if (c->queries < 1 || c->queries > ATTN_LAB_MAX || c->keys < 1 || c->keys > ATTN_LAB_MAX ||
	    c->dim < 1 || c->dim > ATTN_LAB_MAX)
		return status_fail(ST_ELIMIT, "--queries, --keys and --dim must be between 1 and %d",
				   ATTN_LAB_MAX);
	if (c->mask_last < 0 || c->mask_last >= c->keys)
		return status_fail(ST_ERANGE, "--mask-last must leave at least one key: between 0 and %d, got %d",
				   c->keys - 1, c->mask_last);
	Rng rng;
	rng_seed(&rng, c->seed);
	int Tq = c->queries, Tk = c->keys, d = c->dim;
	Attention *a = attention_new(c->score, d, d, &rng);
	Mat *q = mat_new(Tq, d), *k = mat_new(Tk, d), *v = mat_new(Tk, d), *R = mat_new(Tq, d);
	Mat *dq = mat_new(Tq, d), *dk = mat_new(Tk, d), *dv = mat_new(Tk, d);
	int *keep = mem_alloc((size_t)Tk * sizeof *keep);
	Tape *t = ad_tape_new();
	Status st = ST_OK;
	if (!a || !q || !k || !v || !R || !dq || !dk || !dv || !keep || !t) {
		st = status_fail(ST_ENOMEM, "out of memory");
		goto done;
	}
	mat_fill_normal(q, &rng, 1.0);
	mat_fill_normal(k, &rng, 1.0);
	mat_fill_normal(v, &rng, 1.0);
	mat_fill_normal(R, &rng, 1.0);
	for (int j = 0; j < Tk; j++)
		keep[j] = j < Tk - c->mask_last;
	AdNode *weights = NULL;
	AdNode *ctx = attention_forward(t, a, ad_param(t, q, dq), ad_param(t, k, dk),
					ad_param(t, v, dv), keep, &weights);
	AdNode *L = ad_sum(t, ad_mul(t, ctx, ad_const(t, R)));
	if (!L || (st = ad_backward(t, L)) != ST_OK) {
		st = st != ST_OK ? st : status_fail(ad_tape_status(t), "%s", ad_tape_error(t));
		goto done;
	}
	/* The weights node is the softmax; its input is the (masked) score matrix. */
	AdNode *scores = weights->in[0];
	out->scores = copy_of(&scores->value);
	out->weights = copy_of(&weights->value);
	out->context = copy_of(&ctx->value);
	out->dscores = copy_of(&scores->grad);
	out->dquery = dq;
	out->dkeys = dk;
	out->dvalues = dv;
	dq = dk = dv = NULL;
	if (!out->scores || !out->weights || !out->context || !out->dscores) {
		attn_lab_free(out);
		st = status_fail(ST_ENOMEM, "out of memory");
	}
done:
	ad_tape_free(t);
	mem_free(keep);
	mat_free(q);
	mat_free(k);
	mat_free(v);
	mat_free(R);
	mat_free(dq);
	mat_free(dk);
	mat_free(dv);
	attention_free(a);
	return st;
}

void attn_lab_free(AttnLabResult *r)
{
	if (!r)
		return;
	mat_free(r->scores);
	mat_free(r->weights);
	mat_free(r->context);
	mat_free(r->dscores);
	mat_free(r->dquery);
	mat_free(r->dkeys);
	mat_free(r->dvalues);
	memset(r, 0, sizeof *r);
}
