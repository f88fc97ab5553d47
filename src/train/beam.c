/* beam: greedy decoding and beam search; see beam.h. */
#include "train/beam.h"

#include "core/mem.h"

#include <math.h>
#include <string.h>

/* The live hypotheses of one step: K rows of tokens, scores, states and last tokens. */
typedef struct Beam {
	int n;
	int *tok;        /* K x max_len */
	double *score;   /* K */
	double *state;   /* K x state_size */
	int *last;       /* K */
} Beam;

static int beam_alloc(Beam *b, int K, int max_len, int ss)
{
	b->n = 0;
	b->tok = mem_calloc((size_t)K * max_len, sizeof *b->tok);
	b->score = mem_calloc((size_t)K, sizeof *b->score);
	b->state = mem_calloc((size_t)K * (ss ? ss : 1), sizeof *b->state);
	b->last = mem_calloc((size_t)K, sizeof *b->last);
	return b->tok && b->score && b->state && b->last;
}

static void beam_release(Beam *b)
{
	mem_free(b->tok);
	mem_free(b->score);
	mem_free(b->state);
	mem_free(b->last);
}

/* a before b: the higher score, then the earlier candidate. NaN ranks last. */
static int better(double sa, long ia, double sb, long ib)
{
	if (isnan(sb))
		return !isnan(sa) || ia < ib;
	if (isnan(sa))
		return 0;
	return sa > sb || (sa == sb && ia < ib);
}

Status beam_search(const BeamModel *m, const double *state0, int K, int max_len, int *out,
		   BeamResult *r)
{
	if (K < 1 || K > BEAM_MAX_WIDTH)
		return status_fail(ST_EINVAL, "the beam width must be 1 to %d, got %d", BEAM_MAX_WIDTH, K);
	if (max_len < 1 || max_len > BEAM_MAX_LENGTH)
		return status_fail(ST_EINVAL, "the length limit must be 1 to %d, got %d",
				   BEAM_MAX_LENGTH, max_len);
	int V = m->vocab, ss = m->state_size;
	Status st = ST_OK;
	Beam cur = { 0 }, nxt = { 0 };
	double *logp = mem_calloc((size_t)K * V, sizeof *logp);
	double *next = mem_calloc((size_t)K * (ss ? ss : 1), sizeof *next);
	long *pick = mem_calloc((size_t)K, sizeof *pick);
	int *best_tok = mem_calloc((size_t)max_len, sizeof *best_tok);
	if (!logp || !next || !pick || !best_tok || !beam_alloc(&cur, K, max_len, ss) ||
	    !beam_alloc(&nxt, K, max_len, ss)) {
		st = status_fail(ST_ENOMEM, "out of memory for beam search");
		goto done;
	}
	cur.n = 1;
	cur.score[0] = 0;
	cur.last[0] = m->start;
	if (ss)
		memcpy(cur.state, state0, (size_t)ss * sizeof *cur.state);
	int have_best = 0, best_len = 0;
	double best = -INFINITY;
	int len = 0; /* tokens in every live hypothesis */
	while (cur.n > 0 && len < max_len) {
		if ((st = m->step(m->ctx, cur.n, cur.state, cur.last, logp, next)))
			goto done;
		/* The K best extensions, candidate h*V + w, in order. */
		long total = (long)cur.n * V;
		int k_pick = 0;
		for (; k_pick < K && k_pick < total; k_pick++) {
			long arg = -1;
			double s_arg = NAN;
			for (long c = 0; c < total; c++) {
				int taken = 0;
				for (int j = 0; j < k_pick && !taken; j++)
					taken = pick[j] == c;
				if (taken)
					continue;
				double s = cur.score[c / V] + logp[c];
				if (arg < 0 || better(s, c, s_arg, arg)) {
					arg = c;
					s_arg = s;
				}
			}
			pick[k_pick] = arg;
		}
		nxt.n = 0;
		for (int j = 0; j < k_pick; j++) {
			int h = (int)(pick[j] / V), w = (int)(pick[j] % V);
			double s = cur.score[h] + logp[pick[j]];
			if (w == m->end) {
				if (!have_best || s > best) {
					have_best = 1;
					best = s;
					best_len = len;
					memcpy(best_tok, &cur.tok[(size_t)h * max_len], (size_t)len * sizeof *best_tok);
				}
				continue;
			}
			int i = nxt.n++;
			memcpy(&nxt.tok[(size_t)i * max_len], &cur.tok[(size_t)h * max_len],
			       (size_t)len * sizeof *nxt.tok);
			nxt.tok[(size_t)i * max_len + len] = w;
			nxt.score[i] = s;
			nxt.last[i] = w;
			if (ss)
				memcpy(&nxt.state[(size_t)i * ss], &next[(size_t)h * ss],
				       (size_t)ss * sizeof *next);
		}
		Beam tmp = cur;
		cur = nxt;
		nxt = tmp;
		len++;
		/* A live hypothesis only loses probability from here: once the best finished one
		 * is at least as probable as every live one, nothing can overtake it. */
		double live = -INFINITY;
		for (int i = 0; i < cur.n; i++)
			if (cur.score[i] > live)
				live = cur.score[i];
		if (have_best && best >= live)
			break;
	}
	if (have_best) {
		r->len = best_len;
		r->finished = 1;
		r->logp = best;
		memcpy(out, best_tok, (size_t)best_len * sizeof *out);
	} else {
		/* Cut at the length limit: the most probable live hypothesis, unfinished. */
		int b = 0;
		for (int i = 1; i < cur.n; i++)
			if (cur.score[i] > cur.score[b])
				b = i;
		r->len = len;
		r->finished = 0;
		r->logp = cur.n ? cur.score[b] : -INFINITY;
		if (cur.n)
			memcpy(out, &cur.tok[(size_t)b * max_len], (size_t)len * sizeof *out);
	}
done:
	beam_release(&cur);
	beam_release(&nxt);
	mem_free(logp);
	mem_free(next);
	mem_free(pick);
	mem_free(best_tok);
	return st;
}

Status beam_greedy(const BeamModel *m, const double *state0, int max_len, int *out,
		   BeamResult *r)
{
	if (max_len < 1 || max_len > BEAM_MAX_LENGTH)
		return status_fail(ST_EINVAL, "the length limit must be 1 to %d, got %d",
				   BEAM_MAX_LENGTH, max_len);
	int V = m->vocab, ss = m->state_size ? m->state_size : 1;
	double *logp = mem_calloc((size_t)V, sizeof *logp);
	double *state = mem_calloc((size_t)ss, sizeof *state), *next = mem_calloc((size_t)ss, sizeof *next);
	Status st = ST_OK;
	if (!logp || !state || !next) {
		st = status_fail(ST_ENOMEM, "out of memory for greedy decoding");
		goto done;
	}
	if (m->state_size)
		memcpy(state, state0, (size_t)m->state_size * sizeof *state);
	int last = m->start;
	r->len = 0;
	r->finished = 0;
	r->logp = 0;
	while (r->len < max_len) {
		if ((st = m->step(m->ctx, 1, state, &last, logp, next)))
			goto done;
		int w = 0;
		for (int j = 1; j < V; j++)
			if (logp[j] > logp[w])
				w = j;
		r->logp += logp[w];
		if (w == m->end) {
			r->finished = 1;
			break;
		}
		out[r->len++] = w;
		last = w;
		double *t = state;
		state = next;
		next = t;
	}
done:
	mem_free(logp);
	mem_free(state);
	mem_free(next);
	return st;
}
