/* arena: a growable bump allocator for one forward/backward pass. In src/core, under mat
 * and ad. Memory comes in chained blocks, so there is no size to guess; arena_reset frees
 * everything at once and merges the blocks into one, so a repeated pass of the same size
 * allocates nothing after its first run. */
#ifndef GRADLAB_ARENA_H
#define GRADLAB_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(size_t first_block);
void arena_free(Arena *a);
/* 32-byte aligned, uninitialised; NULL when out of memory or size is 0. */
void *arena_alloc(Arena *a, size_t size);
/* Zeroed; NULL on overflow of n*size or out of memory. */
void *arena_calloc(Arena *a, size_t n, size_t size);
void arena_reset(Arena *a);
/* Bytes handed out since the last reset. */
size_t arena_used(const Arena *a);

#endif
