/* beam: greedy decoding and beam search over any next-token model. In src/train, on core.
 * The model is a callback: for n hypotheses, each a state of state_size doubles and the
 * token it ended with (the start token at first), it writes the log-probabilities of every
 * next token and each hypothesis's next state. A hypothesis's score is the sum of its
 * tokens' log-probabilities (no length normalisation). Beam search keeps the K best
 * extensions of the live hypotheses at every step; one that ends with the end token is
 * finished and kept aside; the search stops when no live hypothesis can beat the best
 * finished one any more (log-probabilities only fall), when none is left, or at the length
 * limit. K = 1 is greedy decoding exactly. Ties go to the earlier hypothesis, then to the
 * smaller token, so the result is a pure function of the model. */
#ifndef GRADLAB_TRAIN_BEAM_H
#define GRADLAB_TRAIN_BEAM_H

#include "core/status.h"

#define BEAM_MAX_WIDTH 64
#define BEAM_MAX_LENGTH 1000

typedef struct BeamModel {
	int vocab;       /* tokens 0 .. vocab-1 */
	int start, end;  /* start: the first `last` token (need not be < vocab); end: < vocab */
	int state_size;  /* doubles per hypothesis */
	/* n hypotheses: state (n x state_size), last (n) -> logp (n x vocab), next (n x
	 * state_size). ST_OK or a failure that ends the search. */
	Status (*step)(void *ctx, int n, const double *state, const int *last, double *logp,
		       double *next);
	void *ctx;
} BeamModel;

typedef struct BeamResult {
	int len;         /* tokens in out, the end token not counted */
	int finished;    /* 1: ended with the end token; 0: cut at the length limit */
	double logp;     /* the sum of the log-probabilities, the end token's included */
} BeamResult;

/* The most probable sequence beam search of width K finds from state0 (state_size doubles),
 * at most max_len tokens before the end token; out (max_len) gets its tokens. A finished
 * hypothesis always wins over an unfinished one. ST_EINVAL on K outside 1..BEAM_MAX_WIDTH
 * or max_len outside 1..BEAM_MAX_LENGTH, ST_ENOMEM, or the model's failure. */
Status beam_search(const BeamModel *m, const double *state0, int K, int max_len, int *out,
		   BeamResult *r);
/* The argmax token at every step until the end token or max_len. */
Status beam_greedy(const BeamModel *m, const double *state0, int max_len, int *out,
		   BeamResult *r);

#endif
