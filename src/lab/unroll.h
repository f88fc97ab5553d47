/* unroll: the tiny Elman RNN of lesson 02, folded and unrolled, with the value at every
 * node. In src/lab, on nn/recurrent. One layer with PyTorch's initialisation reads T random
 * inputs from h_0 = 0 on the tape (any of them given by hand instead, lab/tiny_rnn); the result holds the shared parameters and, for every
 * step, x_t, a_t and h_t, for cli/cmd_unroll to draw. Data only. */
#ifndef GRADLAB_UNROLL_H
#define GRADLAB_UNROLL_H

#include "lab/tiny_rnn.h"
#include "nn/recurrent.h"

#include <stdint.h>

#define UNROLL_MAX_STEPS TINY_RNN_MAX_STEPS
#define UNROLL_MAX_HIDDEN TINY_RNN_MAX_HIDDEN
#define UNROLL_MAX_INPUT TINY_RNN_MAX_INPUT

typedef struct UnrollConfig {
	int steps, hidden, input;  /* T, H, I */
	Activation act;            /* f in h_t = f(a_t) */
	uint64_t seed;
	const TinyRnnValues *given; /* NULL, or values in place of the draws (r unused) */
} UnrollConfig;

UnrollConfig unroll_defaults(void);  /* T = 3, H = 2, I = 1, tanh, seed 1 */

typedef struct Unroll {
	int steps, hidden, input;
	Activation act;
	/* The one set of parameters every step uses, drawn as nn.RNN draws them (uniform in
	 * +-1/sqrt(H), in the order weight_ih, weight_hh, bias_ih, bias_hh). */
	Mat *W_ih;  /* (H, I) */
	Mat *W_hh;  /* (H, H) */
	Mat *b_ih;  /* (1, H) */
	Mat *b_hh;  /* (1, H) */
	/* The nodes, one row per step: row t-1 is step t. */
	Mat *x;     /* (T, I): standard normal, drawn after the parameters */
	Mat *a;     /* (T, H): a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh */
	Mat *h;     /* (T+1, H): row 0 is h_0 (0 unless given), row t is h_t = f(a_t) */
	int n_params;  /* H*I + H*H + 2H, whatever T is */
} Unroll;

/* ST_OK and *out filled (free with unroll_free), or ST_ELIMIT with status_detail() naming
 * the option out of range ("--steps must be between 1 and 6, got 9"), or ST_ERANGE for a
 * given value that is not finite or too large (tiny_rnn_check_values), or ST_ENOMEM. */
Status unroll_run(const UnrollConfig *c, Unroll *out);
void unroll_free(Unroll *u);

#endif
