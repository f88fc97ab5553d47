/* init: weight initialisations and the spectral norm the vanishing-gradient lesson is about.
 * In src/nn, on core/mat. The lab uses them to give W_hh an exact largest singular value R:
 * orthogonal init has every singular value equal to 1, so R * Q has every one equal to R. */
#ifndef GRADLAB_INIT_H
#define GRADLAB_INIT_H

#include "core/mat.h"
#include "core/status.h"

/* Fill the square block m[row0 .. row0+n, 0..n) with a random orthogonal matrix (Q of the
 * QR factorisation of a Gaussian matrix, signs fixed so the draw is uniform). */
Status init_orthogonal(Mat *m, int row0, int n, Rng *rng);
/* Fill with N(0, 1/cols) entries. */
void init_gaussian(Mat *m, Rng *rng);
/* The largest singular value of the (n x cols) block starting at row row0 of m, by power
 * iteration on B^T B until it settles to about 1e-13 relative. */
double init_spectral_norm(const Mat *m, int row0, int n);
/* Scale that block so its spectral norm is exactly radius (up to rounding). */
Status init_set_spectral_norm(Mat *m, int row0, int n, double radius);
/* Each of the gates n x n blocks of w (gates*n x n), stacked as a recurrent layer's W_hh,
 * orthogonal (or N(0, 1/n) when orthogonal is 0) and then scaled to spectral norm radius:
 * the W_hh of `gradlab norms` and of `gradlab check rnn --radius`. */
Status init_gate_blocks(Mat *w, int gates, int n, int orthogonal, double radius, Rng *rng);

#endif
