/* tiny_rnn: the tiny Elman RNN that lessons 02 and 03 take apart, as lab/unroll and
 * lab/bptt_steps both size it. In src/lab. The limits keep every value of every step on one
 * 78-column screen; the check turns a learner's sizes outside them into a message that
 * names the option. A learner may also give any weight, input or h_0 by hand (lesson 03's
 * w = 0.5, u = 0.8, x = (1, 2, 3)) in place of the seed's draw. */
#ifndef GRADLAB_TINY_RNN_H
#define GRADLAB_TINY_RNN_H

#include "core/status.h"
#include "nn/activation.h"
#include "nn/recurrent.h"

#define TINY_RNN_MAX_STEPS 6   /* T */
#define TINY_RNN_MAX_HIDDEN 4  /* H */
#define TINY_RNN_MAX_INPUT 3   /* I */
#define TINY_RNN_MAX_VALUE 100 /* |a given value|: every printed column stays readable */

/* Values given in place of the seed's draws, row-major; NULL: drawn from the seed. The draws
 * happen whatever is given, so giving one value never moves another. Borrowed. */
typedef struct TinyRnnValues {
	const double *W_ih;        /* (H, I) */
	const double *W_hh;        /* (H, H) */
	const double *b_ih, *b_hh; /* (H) */
	const double *x;           /* (T, I) */
	const double *h0;          /* (H) */
	const double *r;           /* (T, H): the loss weights of lab/bptt_steps; row t-1 step t */
} TinyRnnValues;

/* Which value of TinyRnnValues, in its order: the fact tiny_rnn_check_values reports. */
typedef enum TinyRnnValue { TRV_W_IH, TRV_W_HH, TRV_B_IH, TRV_B_HH, TRV_X, TRV_H0, TRV_R,
			    TRV_COUNT } TinyRnnValue;

/* ST_OK, or ST_ELIMIT with status_detail() naming the option out of range ("--steps must
 * be between 1 and 6, got 9"), or ST_EINVAL for an activation that is not one. */
Status tiny_rnn_check(int steps, int hidden, int input, Activation act);

/* ST_OK when every given value is finite and at most TINY_RNN_MAX_VALUE in size; else
 * ST_ERANGE with *which and *index (from 0) set to the first that is not, and
 * status_detail() naming its option ("--x: number 2 (nan) must be finite ..."). v may be NULL. */
Status tiny_rnn_check_values(const TinyRnnValues *v, int steps, int hidden, int input,
			     TinyRnnValue *which, int *index);

/* Both checks above, in that order, for a run of lab/unroll or lab/bptt_steps (which report
 * only the status and its detail, not which value failed). */
Status tiny_rnn_check_run(int steps, int hidden, int input, Activation act,
			  const TinyRnnValues *given);

/* Overwrite r's parameters with those given in v (r: a REC_RNN of the sizes v is for). */
void tiny_rnn_give_params(Recurrent *r, const TinyRnnValues *v);

#endif
