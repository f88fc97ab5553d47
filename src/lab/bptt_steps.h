/* bptt_steps: lesson 03's backpropagation through time on a tiny Elman RNN, every equation
 * evaluated three ways. In src/lab, on nn/bptt (the hand-derived formula) and nn/recurrent
 * (autodiff on the tape); finite differences nudge one value in a plain forward pass. Also
 * the paths from every use of W_hh to every scored loss, enumerated recursively, with the
 * product of local derivatives along each. Data only; cli/cmd_bptt prints it.
 *
 * The model and the loss, drawn in `gradlab check rnn`'s order so that with --loss all the
 * totals are that check's gradients: parameters as nn.RNN draws them, x_t standard normal,
 * h_0 normal with std 0.5, r_t standard normal; L = sum over scored t of <r_t, h_t>, so the
 * direct term dL_t/dh_t is r_t (loss all: every step is scored; loss last: step T only).
 * Any of these may be given by hand instead (lesson 03's running example: w = 0.5, u = 0.8,
 * no biases, x = (1, 2, 3), h_0 = 0, r_3 = 1 so that L = h_3). */
#ifndef GRADLAB_BPTT_STEPS_H
#define GRADLAB_BPTT_STEPS_H

#include "lab/tiny_rnn.h"
#include "nn/recurrent.h"

#include <stdint.h>

#define BPTT_STEPS_MAX_STEPS TINY_RNN_MAX_STEPS
#define BPTT_STEPS_MAX_HIDDEN TINY_RNN_MAX_HIDDEN
#define BPTT_STEPS_MAX_INPUT TINY_RNN_MAX_INPUT
#define BPTT_STEPS_EPS 1e-6  /* the central-difference step */

typedef struct BpttStepsConfig {
	int steps, hidden, input;  /* T, H, I */
	Activation act;
	int loss_all;              /* 1: L_t at every step; 0: at step T only */
	uint64_t seed;
	const TinyRnnValues *given; /* NULL, or values in place of the draws (lab/tiny_rnn) */
} BpttStepsConfig;

BpttStepsConfig bptt_steps_defaults(void);  /* T = 3, H = 2, I = 1, tanh, loss all, seed 1 */

/* The three ways, the columns of every table. */
enum { BS_FORMULA, BS_AUTODIFF, BS_FINITE, BS_WAYS };

typedef struct BpttSteps {
	int steps, hidden, input, loss_all;
	Activation act;
	double loss;
	Mat *param[REC_N_PARAMS];   /* copies: W_ih (H, I), W_hh (H, H), b_ih, b_hh (1, H) */
	/* The forward pass; row t-1 is step t unless said otherwise. */
	Mat *x;       /* (T, I) */
	Mat *a;       /* (T, H) */
	Mat *h;       /* (T+1, H): row 0 is h_0, row t is h_t */
	Mat *fprime;  /* (T, H): f'(a_t) */
	Mat *r;       /* (T, H): the loss's weights; unscored rows are unused */
	Mat *direct;  /* (T, H): dL_t/dh_t, r_t on scored steps and 0 elsewhere */
	/* The backward pass three ways, [BS_FORMULA .. BS_FINITE]. */
	Mat *dh[BS_WAYS];     /* (T+1, H): row t is dL/dh_t, row 0 dL/dh_0; finite differences
			       * nudge the node h_t in the forward pass */
	Mat *recur;           /* (T+1, H): W_hh^T delta_{t+1} (the formula's), 0 in row T */
	Mat *delta[BS_WAYS];  /* (T, H): delta_t = dL/da_t; finite differences nudge a_t */
	Mat *grad[BS_WAYS][REC_N_PARAMS];  /* the parameter gradients, shaped as the parameters */
	/* Every step's term of each parameter gradient (block t-1 of the parameter's rows is
	 * step t), three ways: the formula's delta_t h_{t-1}^T, ...; autodiff and finite
	 * differences of a model whose step t has its own copy of the parameter, which is
	 * lesson 03's argument: dL/dW = sum over t of dL/dW^(t). */
	Mat *term[BS_WAYS][REC_N_PARAMS];  /* (T*rows, cols) */
	/* The paths W_hh -> a_k -> h_k -> h_{k+1} -> ... -> h_t -> L_t, in the order of the
	 * lesson's recursion: k = 1..T, and from h_k first L_k, then on to h_{k+1}. */
	int n_paths;
	int *path_use, *path_end;  /* k and t, from 1 */
	Mat *path_W_hh;  /* (n_paths*H, H): block p is path p's share of dL/dW_hh */
	Mat *path_W_ih;  /* (n_paths*H, I): the same path started at W_ih's use at step k */
} BpttSteps;

/* The number of paths from the uses of a weight at steps 1..T to the scored losses,
 * counted by the lesson's recursion N(t) = s_t + N(t+1): T(T+1)/2 or T. */
int bptt_steps_path_count(int steps, int loss_all);

/* ST_OK and *out filled (free with bptt_steps_free), or ST_ELIMIT with status_detail()
 * naming the option out of range, ST_ERANGE for a given value that is not finite or too
 * large (tiny_rnn_check_values), or another status when a pass fails. */
Status bptt_steps_run(const BpttStepsConfig *c, BpttSteps *out);
void bptt_steps_free(BpttSteps *b);

/* The largest |a - b| over two same-shaped matrices. */
double bptt_steps_max_diff(const Mat *a, const Mat *b);

#endif
