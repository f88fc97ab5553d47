/* whh_options: --init and --spectral-norm, how W_hh is made, in the one form that `norms` and
 * `check` (its rnn, lstm and gru) share. In src/cli; nn/init's init_gate_blocks makes it:
 * each H x H gate block orthogonal or Gaussian, then scaled to spectral norm R. */
#ifndef GRADLAB_WHH_OPTIONS_H
#define GRADLAB_WHH_OPTIONS_H

#include "cli/args.h"

#include <string.h>

/* init: const char ** ("orthogonal" or "gaussian"); norm: double *. --radius is the old
 * spelling: R was always the spectral norm, never the spectral radius rho. */
#define WHH_OPTIONS(init, norm)                                                                 \
	{ "init", OPT_STRING, (init), 0, 0, 0, "orthogonal|gaussian", "K", "W_hh before rescaling (default orthogonal)" }, \
	{ "spectral-norm", OPT_DOUBLE, (norm), 0, 10, 1, NULL, "R", "the spectral norm ||W_hh|| of each gate block (default 1); not the spectral radius rho, which is printed beside it" }, \
	{ "radius", OPT_DOUBLE, (norm), 0, 10, 1, NULL, "R", "the old spelling of --spectral-norm" }

/* 1 for orthogonal blocks: --init's default, also when the option was not given (NULL). */
static inline int whh_options_orthogonal(const char *init)
{
	return !init || strcmp(init, "orthogonal") == 0;
}

#endif
