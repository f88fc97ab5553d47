/* bptt: backpropagation through time for the Elman RNN, derived by hand and written as
 * plain loops over Mat, without the tape. In src/nn, beside recurrent: it reads a REC_RNN
 * layer's parameters and adds into its gradients, so a lesson can set it next to autodiff
 * and finite differences and watch all three agree. With rows as batch entries:
 *   forward:  a_t = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh;   h_t = f(a_t)
 *   backward: dh_t = dL_t/dh_t + delta_{t+1} W_hh    (W_hh^T delta_{t+1} in column form)
 *             delta_t = f'(a_t) * dh_t               (dL/da_t)
 *             dW_hh = sum_t delta_t^T h_{t-1};  dW_ih = sum_t delta_t^T x_t
 *             db_ih = db_hh = sum_t (delta_t summed over its rows)
 *             dx_t = delta_t W_ih;  dh_0 = delta_1 W_hh
 * Steps are numbered t = 1..T in the equations and 0..T-1 in the arrays. */
#ifndef GRADLAB_BPTT_H
#define GRADLAB_BPTT_H

#include "nn/recurrent.h"

/* What one forward keeps for the backward, what the backward finds, and every step's
 * share of each parameter gradient. All matrices are owned by the Bptt. */
typedef struct Bptt {
	int steps, batch, input, hidden;  /* T, B, I, H */
	int have_forward;
	/* Saved by bptt_forward */
	Mat *x;        /* (T*B, I): a copy of the inputs, step t in rows t*B .. t*B+B-1 */
	Mat *a;        /* (T*B, H): the pre-activations a_t */
	Mat *h;        /* ((T+1)*B, H): block 0 is h_0, block t is h_t; the last is h_T */
	/* Filled by bptt_backward */
	Mat *dh;       /* (T*B, H): dL/dh_t, everything that reaches h_t (gradient over time) */
	Mat *delta;    /* (T*B, H): delta_t = dL/da_t */
	Mat *dx;       /* (T*B, I): dL/dx_t */
	Mat *dh0;      /* (B, H): dL/dh_0 */
	/* Norms of the step-t terms of the sums above, one per step */
	double *norm_dh, *norm_delta;               /* ||dh_t||, ||delta_t|| */
	double *norm_dW_hh, *norm_dW_ih, *norm_db;  /* ||delta_t^T h_{t-1}||, ... */
	/* The step-t terms themselves, when asked for (else NULL) */
	Mat *term_dW_hh;  /* (T*H, H): block t is delta_t^T h_{t-1} */
	Mat *term_dW_ih;  /* (T*H, I): block t is delta_t^T x_t */
	Mat *term_db;     /* (T, H): row t is delta_t summed over rows (db_ih's and db_hh's term) */
	/* One step's terms while they are being added up */
	Mat *step_dW_hh, *step_dW_ih, *step_db_ih, *step_db_hh;
} Bptt;

/* Room for T steps of B rows of the layer rnn (which must be a REC_RNN); keep_terms also
 * keeps every step's full term matrices (T*H*(H+I+1) values) beside their norms. NULL with
 * status_detail() set on a wrong layer or size, or out of memory. */
Bptt *bptt_new(const Recurrent *rnn, int steps, int batch, int keep_terms);
void bptt_free(Bptt *b);

/* The forward pass in plain loops: x (T*B, I), h0 (B, H) or NULL for zeros. ST_ESHAPE in
 * words when a shape disagrees with the layer or with bptt_new's sizes. */
Status bptt_forward(Bptt *b, const Recurrent *rnn, const Mat *x, const Mat *h0);

/* The backward pass from dL_dh (T*B, H), the loss's direct gradient at every h_t (step t's
 * own dL_t/dh_t, not through later steps; zeros for unscored steps). Adds dW_ih, dW_hh,
 * db_ih and db_hh into rnn's gradients as sums of per-step terms, and fills dh, delta, dx,
 * dh0, the norms and (if kept) the terms. Call bptt_forward first, with the same rnn. */
Status bptt_backward(Bptt *b, Recurrent *rnn, const Mat *dL_dh);

/* Block t of rows rows of m, as a view (no copy): bptt_block(b->h, t, B) is h_t,
 * bptt_block(b->term_dW_hh, t, H) is step t's term of dW_hh. */
Mat bptt_block(const Mat *m, int t, int rows);

/* {==== One step, llm.c style ==== */
/* a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh; h = f(a). */
void bptt_step_forward(Mat *h, Mat *a, const Mat *x, const Mat *h_prev, const Mat *W_ih,
		       const Mat *W_hh, const Mat *b_ih, const Mat *b_hh, Activation act,
		       double act_param);
/* From dh (B, H), all of dL/dh_t: writes delta (B, H) and adds (+=) into dx (B, I),
 * dh_prev (B, H), dW_ih (H, I), dW_hh (H, H), db_ih (1, H) and db_hh (1, H). */
void bptt_step_backward(Mat *dx, Mat *dh_prev, Mat *dW_ih, Mat *dW_hh, Mat *db_ih, Mat *db_hh,
			Mat *delta, const Mat *dh, const Mat *x, const Mat *h_prev, const Mat *a,
			const Mat *W_ih, const Mat *W_hh, Activation act, double act_param);
/* }==== */

#endif
