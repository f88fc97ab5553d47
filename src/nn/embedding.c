/* embedding: the Embedding layer over core/ad's fused op. */
#include "nn/embedding.h"

#include "core/mem.h"

Embedding *embedding_new(int vocab, int dim, Rng *rng)
{
	Embedding *e = mem_calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->weight = mat_new(vocab, dim);
	e->dweight = mat_new(vocab, dim);
	if (!e->weight || !e->dweight) {
		embedding_free(e);
		return NULL;
	}
	mat_fill_normal(e->weight, rng, 1.0);
	return e;
}

void embedding_free(Embedding *e)
{
	if (!e)
		return;
	mat_free(e->weight);
	mat_free(e->dweight);
	mem_free(e);
}

AdNode *embedding_forward(Tape *t, Embedding *e, const int *index, int n)
{
	return ad_embedding(t, ad_param(t, e->weight, e->dweight), index, n);
}
