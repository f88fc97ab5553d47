/* seq2seq: the reverse task's data, model, loss and decoding; see seq2seq.h. */
#include "train/seq2seq.h"

#include "core/mem.h"
#include "train/beam.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* {==== Data ==== */
void seq2seq_draw(const TaskConfig *c, Rng *r, Batch *b, int i)
{
	int L = c->min_steps + rng_below(r, c->steps - c->min_steps + 1);
	int src[SEQ2SEQ_MAX_STEPS];
	for (int s = 0; s < b->steps; s++) {
		double *row = &b->x->data[((size_t)s * b->n + i) * b->input];
		memset(row, 0, (size_t)b->input * sizeof *row);
		if (s < L) {
			src[s] = rng_below(r, SEQ2SEQ_DIGITS);
			row[src[s]] = 1;
		}
	}
	for (int s = 0; s <= b->steps; s++)
		b->label[(size_t)s * b->n + i] = s < L ? src[L - 1 - s] : s == L ? SEQ2SEQ_END
										: SEQ2SEQ_IGNORE;
}

int seq2seq_length(const Batch *b, int i)
{
	int len = 0;
	while (len < b->steps) {
		const double *row = &b->x->data[((size_t)len * b->n + i) * b->input];
		int any = 0;
		for (int j = 0; j < b->input && !any; j++)
			any = row[j] != 0;
		if (!any)
			break;
		len++;
	}
	return len;
}

long seq2seq_tokens(const Batch *b)
{
	long k = 0;
	for (int j = 0; j < b->n_label; j++)
		k += b->label[j] != SEQ2SEQ_IGNORE;
	return k;
}

/* The tokens before the end token in example i's labels. */
static int target_length(const Batch *b, int i)
{
	int outs = b->n_label / b->n;
	for (int s = 0; s < outs; s++)
		if (b->label[(size_t)s * b->n + i] == SEQ2SEQ_END)
			return s;
	return outs - 1;
}
/* }==== */

/* {==== The model ==== */
Seq2seq *seq2seq_new(int hidden, Rng *rng)
{
	Seq2seq *s = mem_calloc(1, sizeof *s);
	if (!s)
		goto nomem;
	s->hidden = hidden;
	/* PyTorch's order of construction: encoder, decoder, attention, output layer. */
	if (!(s->enc = recurrent_new(REC_GRU, SEQ2SEQ_DIGITS, hidden, ACT_TANH, rng)) ||
	    !(s->dec = recurrent_new(REC_GRU, SEQ2SEQ_DEC_IN, hidden, ACT_TANH, rng)))
		goto fail;
	if (!(s->attn = attention_new(ATTN_GENERAL, hidden, 0, rng)) ||
	    !(s->out = linear_new(2 * hidden, SEQ2SEQ_OUT, rng)))
		goto nomem;
	return s;
nomem:
	status_fail(ST_ENOMEM, "out of memory for the model");
fail:
	seq2seq_free(s);
	return NULL;
}

void seq2seq_free(Seq2seq *s)
{
	if (!s)
		return;
	recurrent_free(s->enc);
	recurrent_free(s->dec);
	attention_free(s->attn);
	linear_free(s->out);
	mem_free(s->dec_x);
	mem_free(s->keep);
	mem_free(s);
}

void seq2seq_params(Seq2seq *s, Mat **param, Mat **grad, char (*name)[48])
{
	Mat *p[REC_N_PARAMS], *g[REC_N_PARAMS];
	int n = 0;
	Recurrent *rec[2] = { s->enc, s->dec };
	const char *rec_name[2] = { "encoder", "decoder" };
	for (int r = 0; r < 2; r++) {
		recurrent_params(rec[r], p);
		recurrent_grads(rec[r], g);
		for (int k = 0; k < REC_N_PARAMS; k++, n++) {
			param[n] = p[k];
			grad[n] = g[k];
			snprintf(name[n], 48, "%s.%s", rec_name[r], recurrent_param_name(k));
		}
	}
	param[n] = s->attn->W;
	grad[n] = s->attn->dW;
	snprintf(name[n++], 48, "attention.W");
	param[n] = s->out->weight;
	grad[n] = s->out->dweight;
	snprintf(name[n++], 48, "out.weight");
	param[n] = s->out->bias;
	grad[n] = s->out->dbias;
	snprintf(name[n++], 48, "out.bias");
}

/* *buf holds at least want elements of size bytes (zeroed). 0 when out of memory. */
static int grow(void **buf, size_t *cap, size_t want, size_t size)
{
	if (*cap < want) {
		void *p = mem_calloc(want, size);
		if (!p)
			return 0;
		mem_free(*buf);
		*buf = p;
		*cap = want;
	}
	memset(*buf, 0, want * size);
	return 1;
}
/* }==== */

/* {==== The loss ==== */
/* The logits (rows s*n + i for decoder step s of example i) after the decoder and the
 * attention; len[i] each string's length, Lb the longest, Ld the decoder's steps. */
static AdNode *forward(Seq2seq *s, Tape *t, const Batch *b, const int *len, int Lb, int Ld)
{
	int n = b->n, H = s->hidden;
	AdNode **h = mem_calloc((size_t)Lb, sizeof *h), **d = mem_calloc((size_t)Ld, sizeof *d);
	AdNode **ctx = mem_calloc((size_t)n, sizeof *ctx), *logits = NULL;
	AdNode **last = mem_calloc((size_t)n, sizeof *last);
	if (!h || !d || !ctx || !last ||
	    !grow((void **)&s->keep, &s->cap_keep, (size_t)n * Lb, sizeof(int)) ||
	    !grow((void **)&s->dec_x, &s->cap_dec_x, (size_t)Ld * n * SEQ2SEQ_DEC_IN, sizeof(double))) {
		ad_fail(t, ST_ENOMEM, "out of memory");
		goto done;
	}
	/* The encoder over the batch's longest string; a shorter one's later steps read zero
	 * rows, and neither its final state nor the attention ever looks at them. */
	Mat xv = { Lb * n, b->input, b->x->data };
	recurrent_forward(t, s->enc, ad_const(t, &xv), Lb, NULL, NULL, h, NULL);
	AdNode *E = ad_concat(t, h, Lb, 0); /* (Lb*n, H), step-major */
	/* Row st of the reshaped (steps, n*H) holds every example's state side by side. */
	AdNode *Er = ad_reshape(t, E, Lb, n * H);
	/* Each example's state at its own last step starts its decoder. */
	for (int i = 0; i < n; i++) {
		last[i] = ad_slice(t, ad_slice(t, Er, 0, len[i] - 1, 1), 1, i * H, H);
		for (int k = 0; k < Lb; k++)
			s->keep[(size_t)i * Lb + k] = k < len[i];
	}
	AdNode *h_last = ad_concat(t, last, n, 0);
	/* Teacher forcing: the start token, then the previous target token. */
	for (int st = 0; st < Ld; st++)
		for (int i = 0; i < n; i++) {
			double *row = &s->dec_x[((size_t)st * n + i) * SEQ2SEQ_DEC_IN];
			int prev = st ? b->label[(size_t)(st - 1) * n + i] : SEQ2SEQ_START;
			if (!st || (prev >= 0 && prev < SEQ2SEQ_DIGITS))
				row[prev] = 1;
		}
	Mat dx = { Ld * n, SEQ2SEQ_DEC_IN, s->dec_x };
	recurrent_forward(t, s->dec, ad_const(t, &dx), Ld, h_last, NULL, d, NULL);
	AdNode *D = ad_concat(t, d, Ld, 0); /* (Ld*n, H) */
	AdNode *Dr = ad_reshape(t, D, Ld, n * H);
	for (int i = 0; i < n; i++) {
		AdNode *keys = ad_slice(t, Er, 1, i * H, H);
		ctx[i] = attention_forward(t, s->attn, ad_slice(t, Dr, 1, i * H, H), keys, keys,
					   &s->keep[(size_t)i * Lb], NULL);
	}
	AdNode *C = ad_reshape(t, ad_concat(t, ctx, n, 1), Ld * n, H);
	AdNode *both[2] = { D, C };
	logits = linear_forward(t, s->out, ad_concat(t, both, 2, 1));
done:
	mem_free(h);
	mem_free(d);
	mem_free(ctx);
	mem_free(last);
	return ad_tape_status(t) ? NULL : logits;
}

AdNode *seq2seq_loss(Seq2seq *s, Tape *t, const Batch *b, long *correct)
{
	if (correct)
		*correct = 0;
	int n = b->n, Lb = 1, Lt = 0;
	int *len = mem_calloc((size_t)n, sizeof *len), *out = mem_calloc((size_t)n, sizeof *out);
	AdNode *logits = NULL, *loss = NULL;
	if (!len || !out) {
		ad_fail(t, ST_ENOMEM, "out of memory");
		goto done;
	}
	for (int i = 0; i < n; i++) {
		len[i] = seq2seq_length(b, i);
		out[i] = target_length(b, i);
		if (len[i] < 1) {
			ad_fail(t, ST_EINVAL, "reverse: example %d has an empty string", i);
			goto done;
		}
		Lb = len[i] > Lb ? len[i] : Lb;
		Lt = out[i] > Lt ? out[i] : Lt;
	}
	/* The decoder runs over the longest target and its end token; the labels past it are
	 * all padding. */
	if (!(logits = forward(s, t, b, len, Lb, Lt + 1)))
		goto done;
	if (correct) {
		const Mat *z = &logits->value;
		for (int i = 0; i < n; i++) {
			int ok = 1;
			for (int st = 0; ok && st <= out[i]; st++) {
				const double *row = &z->data[((size_t)st * n + i) * z->cols];
				int best = 0;
				for (int j = 1; j < z->cols; j++)
					if (row[j] > row[best])
						best = j;
				ok = best == b->label[(size_t)st * n + i];
			}
			*correct += ok;
		}
	}
	loss = ad_cross_entropy_ex(t, logits, b->label, SEQ2SEQ_IGNORE, 0.0);
done:
	mem_free(len);
	mem_free(out);
	return loss;
}
/* }==== */

/* {==== Decoding ==== */
typedef struct DecodeCtx {
	Seq2seq *s;
	Tape *t;
	Mat *keys;   /* (len, H): the encoder states of the string */
	double *x;   /* (K, 11) one-hot inputs */
} DecodeCtx;

/* One decoder step for n hypotheses, exactly as in training (one GRU step from the given
 * state, attention over the encoder states, the output layer), then log_softmax. */
static Status decode_step(void *vctx, int n, const double *state, const int *last, double *logp,
			  double *next)
{
	DecodeCtx *c = vctx;
	Seq2seq *s = c->s;
	int H = s->hidden;
	ad_tape_reset(c->t);
	memset(c->x, 0, (size_t)n * SEQ2SEQ_DEC_IN * sizeof *c->x);
	for (int i = 0; i < n; i++)
		c->x[(size_t)i * SEQ2SEQ_DEC_IN + last[i]] = 1;
	Mat xm = { n, SEQ2SEQ_DEC_IN, c->x }, hm = { n, H, (double *)state };
	AdNode *d = NULL;
	recurrent_forward(c->t, s->dec, ad_const(c->t, &xm), 1, ad_const(c->t, &hm), NULL, &d, NULL);
	AdNode *k = ad_const(c->t, c->keys);
	AdNode *both[2] = { d, attention_forward(c->t, s->attn, d, k, k, NULL, NULL) };
	AdNode *lp = ad_log_softmax(c->t, linear_forward(c->t, s->out, ad_concat(c->t, both, 2, 1)));
	Status st = ad_tape_status(c->t);
	if (st)
		return st;
	memcpy(logp, lp->value.data, (size_t)n * SEQ2SEQ_OUT * sizeof *logp);
	memcpy(next, d->value.data, (size_t)n * H * sizeof *next);
	return ST_OK;
}

static void keep_result(Seq2seqDecoded *d, const int *tok, const BeamResult *r)
{
	d->len = r->len;
	d->finished = r->finished;
	d->logp = r->logp;
	memcpy(d->tok, tok, (size_t)r->len * sizeof *tok);
}

Status seq2seq_decode(Seq2seq *s, const int *src, int len, int K, int max_len,
		      Seq2seqDecoded *greedy, Seq2seqDecoded *beam)
{
	int H = s->hidden;
	if (len < 1 || len > SEQ2SEQ_MAX_STEPS || max_len < 1 || max_len > 2 * SEQ2SEQ_MAX_STEPS)
		return status_fail(ST_ERANGE, "a string of 1 to %d digits, at most %d out",
				   SEQ2SEQ_MAX_STEPS, 2 * SEQ2SEQ_MAX_STEPS);
	Status st;
	Tape *t = ad_tape_new();
	Mat *x = mat_new(len, SEQ2SEQ_DIGITS), *keys = mat_new(len, H);
	double *state0 = mem_calloc((size_t)H, sizeof *state0);
	double *xin = mem_calloc((size_t)(K > 0 ? K : 1) * SEQ2SEQ_DEC_IN, sizeof *xin);
	int tok[2 * SEQ2SEQ_MAX_STEPS];
	AdNode *h[SEQ2SEQ_MAX_STEPS];
	if (!t || !x || !keys || !state0 || !xin) {
		st = status_fail(ST_ENOMEM, "out of memory for decoding");
		goto done;
	}
	for (int i = 0; i < len; i++)
		MAT_AT(x, i, src[i]) = 1;
	recurrent_forward(t, s->enc, ad_const(t, x), len, NULL, NULL, h, NULL);
	AdNode *E = ad_concat(t, h, len, 0);
	if ((st = ad_tape_status(t)))
		goto done;
	memcpy(keys->data, E->value.data, (size_t)len * H * sizeof(double));
	memcpy(state0, h[len - 1]->value.data, (size_t)H * sizeof(double));
	DecodeCtx ctx = { s, t, keys, xin };
	BeamModel m = { SEQ2SEQ_OUT, SEQ2SEQ_START, SEQ2SEQ_END, H, decode_step, &ctx };
	BeamResult r;
	if (greedy) {
		if ((st = beam_greedy(&m, state0, max_len, tok, &r)))
			goto done;
		keep_result(greedy, tok, &r);
	}
	if (beam) {
		if ((st = beam_search(&m, state0, K, max_len, tok, &r)))
			goto done;
		keep_result(beam, tok, &r);
	}
done:
	ad_tape_free(t);
	mat_free(x);
	mat_free(keys);
	mem_free(state0);
	mem_free(xin);
	return st;
}

static int is_reverse(const Seq2seqDecoded *d, const int *src, int len)
{
	if (!d->finished || d->len != len)
		return 0;
	for (int i = 0; i < len; i++)
		if (d->tok[i] != src[len - 1 - i])
			return 0;
	return 1;
}

Status seq2seq_decode_test(Seq2seq *s, const Task *task, int K, Seq2seqDecodeReport *rep)
{
	const Batch *b = task->test;
	memset(rep, 0, sizeof *rep);
	rep->width = K;
	rep->max_len = 2 * task->c.steps;
	rep->n = b->n;
	for (int i = 0; i < b->n; i++) {
		Seq2seqExample ex = { .index = i, .src_len = seq2seq_length(b, i) };
		for (int k = 0; k < ex.src_len; k++) {
			const double *row = &b->x->data[((size_t)k * b->n + i) * b->input];
			for (int j = 0; j < SEQ2SEQ_DIGITS; j++)
				if (row[j] == 1)
					ex.src[k] = j;
		}
		Status st = seq2seq_decode(s, ex.src, ex.src_len, K, rep->max_len, &ex.greedy, &ex.beam);
		if (st)
			return st;
		rep->greedy_right += is_reverse(&ex.greedy, ex.src, ex.src_len);
		rep->beam_right += is_reverse(&ex.beam, ex.src, ex.src_len);
		/* Another output, not the same one scored in another order of additions. */
		int same = ex.beam.len == ex.greedy.len && ex.beam.finished == ex.greedy.finished &&
			   !memcmp(ex.beam.tok, ex.greedy.tok, (size_t)ex.beam.len * sizeof(int));
		int more = !same && ex.beam.logp > ex.greedy.logp;
		rep->beam_more_probable += more;
		if (more && !rep->has_better) {
			rep->has_better = 1;
			rep->better = ex;
		}
		if (rep->n_shown < SEQ2SEQ_SHOW)
			rep->shown[rep->n_shown++] = ex;
	}
	return ST_OK;
}
/* }==== */
