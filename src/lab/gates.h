/* gates: the gate values of an LSTM or a GRU at every time step, the experiment behind
 * lesson 05's "what the gates do". In src/lab, on nn/recurrent. One layer is unrolled over
 * a random input sequence (PyTorch's initialisation; the LSTM's forget-gate bias set as in
 * `norms`) and every gate activation of every unit is read off the tape. Data only. */
#ifndef GRADLAB_GATES_H
#define GRADLAB_GATES_H

#include "nn/recurrent.h"

#include <stdint.h>

#define GATES_MAX_STEPS 1000
#define GATES_MAX_HIDDEN 64
#define GATES_MAX_INPUT 64

typedef struct GatesConfig {
	RecurrentKind cell;  /* REC_LSTM or REC_GRU */
	int steps, hidden, input;
	double forget_bias;  /* the LSTM's forget-gate bias in b_ih (b_hh's is 0), as in norms */
	uint64_t seed;
} GatesConfig;

/* lstm, 10 steps, H = 4, I = 3, forget bias 0, seed 1. */
GatesConfig gates_defaults(void);

typedef struct GatesResult {
	RecurrentKind cell;
	int steps, hidden, gates;  /* T, H, G (4 for the LSTM, 3 for the GRU) */
	/* Gate g of unit j at step t (t = 0 for step 1): value[((size_t)t * G + g) * H + j]. */
	double *value;
	double *h_norm;            /* ||h_t||, T of them */
	double *c_norm;            /* ||c_t|| (LSTM), T of them; NULL for the GRU */
} GatesResult;

/* The gate's letter: i, f, g, o for the LSTM; r, z, n for the GRU. */
const char *gates_letter(RecurrentKind cell, int g);
/* Gate g at step t (0-based): unit j's value, or the mean over units when j < 0. */
double gates_at(const GatesResult *r, int t, int g, int j);

/* ST_OK and *out filled (free with gates_result_free), or a status with status_detail()
 * naming the option that is out of range. */
Status gates_run(const GatesConfig *c, GatesResult *out);
void gates_result_free(GatesResult *r);

#endif
