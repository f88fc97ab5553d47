/* norms: the vanishing/exploding-gradient experiment. In src/lab, on nn/recurrent.
 * One recurrent layer per cell kind is unrolled over T steps with W_hh given an exact
 * spectral norm R; after one backward pass it reads ||dL/dh_t|| for every step, each step's
 * share of dL/dW_hh, and what the lesson's theory predicts beside them. Data only. */
#ifndef GRADLAB_NORMS_H
#define GRADLAB_NORMS_H

#include "nn/recurrent.h"

#include <stdint.h>

#define NORMS_MAX_CELLS 3
#define NORMS_MAX_STEPS 5000
#define NORMS_MAX_HIDDEN 512

typedef struct NormsConfig {
	RecurrentKind cells[NORMS_MAX_CELLS];
	int n_cells;
	int steps, hidden, input;  /* T, H, I */
	Activation act;            /* the RNN's nonlinearity */
	int orthogonal;            /* 1: orthogonal W_hh blocks; 0: Gaussian */
	double spectral_norm;      /* ||W_hh block||, of every H x H block (--spectral-norm;
				    * its old spelling --radius named it wrongly: the spectral
				    * radius rho is another number, NormsCell's spectral_radius) */
	double forget_bias;        /* the LSTM's forget-gate bias (b_ih; b_hh's is 0) */
	uint64_t seed;
	int loss_all;              /* 0: L = <u, h_T>; 1: L = sum_t <u_t, h_t> */
	double clip;               /* clip parameter gradients to this global norm; 0: off */
	int truncate;              /* truncated BPTT: detach h every K steps; 0: off */
	int measured_only;         /* 1: the measured norms only (grad_h, grad_W_hh and the
				    * global norms); the theory beside them (spectral norm and
				    * radius, bounds, gate products) stays NAN, for a caller
				    * that does not show it (CSV): rho alone costs up to 4e7
				    * multiply-adds, more than the pass itself */
} NormsConfig;

NormsConfig norms_defaults(void);

typedef struct NormsCell {
	RecurrentKind kind;
	int steps;
	/* Index t-1 holds step t = 1..T. */
	double *grad_h;       /* ||dL/dh_t|| */
	double *grad_W_hh;    /* ||dG_t^T h_{t-1}||, step t's term of dL/dW_hh (after clipping) */
	double *step_bound;   /* RNN: ||W_hh|| * max|f'(a_t)|; NAN for gated cells */
	double *bound;        /* RNN: prod_{s=t+1..T} step_bound_s, the bound on
			       * ||dL/dh_t|| / ||dL/dh_T|| for the loss at the last step */
	double *gate_product; /* LSTM: mean over units of prod_{s=t+1..T} f_s; GRU: of z_s */
	double spectral_norm; /* of the whole W_hh (G*H x H): sqrt(G) R for G orthogonal blocks */
	double spectral_radius; /* RNN: rho(W_hh), its largest |eigenvalue|; NAN for gated cells */
	double grad_norm, clipped_norm; /* global norm of the parameter gradients, before and after clipping */
	int overflow_at;      /* the last step t whose ||dL/dh_t|| is not finite; 0 if none */
} NormsCell;

typedef struct NormsResult {
	int n_cells;
	NormsCell cells[NORMS_MAX_CELLS];
} NormsResult;

/* rho of the n x n block of W starting at row row0: the largest |eigenvalue|, by Gelfand's
 * formula rho = lim ||W^k v||^(1/k), taken as (||W^(2k) v|| / ||W^k v||)^(1/k) so that the
 * constant in front cancels; k grows with the budget of about 4e7 multiply-adds, at least
 * 300. Complex pairs and defective blocks converge too, unlike plain power iteration's
 * eigenvalue estimate. 0 for a nilpotent block. */
double norms_spectral_radius(const Mat *W, int row0, int n);

/* ||dG^T h_prev||_F, one step's term of dL/dW_hh, without forming it when B = 1 (an outer
 * product: the product of two vector norms); with B > 1 it is formed in scratch. */
double norms_step_term_norm(const Mat *dG /* (B, G*H) */, const Mat *h_prev /* (B, H) */,
			    Mat *scratch /* (G*H, H) */);

/* ST_OK and *out filled (free with norms_result_free), or a status with status_detail()
 * naming the option that is out of range. */
Status norms_run(const NormsConfig *c, NormsResult *out);
void norms_result_free(NormsResult *r);

#endif
