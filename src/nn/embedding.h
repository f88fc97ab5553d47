/* embedding: a lookup table of vectors as torch.nn.Embedding: weight (V, D), row i the
 * vector of token i. In src/nn, on core/ad's fused op. The layer owns its table and its
 * gradient; a token looked up several times in a pass gathers every gradient into its row. */
#ifndef GRADLAB_EMBEDDING_H
#define GRADLAB_EMBEDDING_H

#include "core/ad.h"
#include "core/rng.h"

typedef struct Embedding {
	Mat *weight, *dweight;  /* (V, D): N(0, 1) at first, PyTorch's init */
} Embedding;

Embedding *embedding_new(int vocab, int dim, Rng *rng);
void embedding_free(Embedding *e);
/* (n, D): row i is weight[index[i]]; an index outside 0..V-1 fails the tape (ST_ERANGE).
 * index is borrowed for the life of the pass. */
AdNode *embedding_forward(Tape *t, Embedding *e, const int *index, int n);

#endif
