/* arena: chained blocks; allocation bumps a pointer in the newest block. */
#include "core/arena.h"

#include "core/invariant.h"
#include "core/mem.h"

#include <stdint.h>
#include <string.h>

#define ALIGN 32

typedef struct Block {
	struct Block *prev;
	size_t size, used;
	unsigned char *data; /* size usable bytes from an ALIGN-aligned address */
} Block;

struct Arena {
	Block *top;
	size_t first_block, total_used;
};

static Block *block_new(size_t size, Block *prev)
{
	/* malloc promises only 16-byte alignment, so an _Alignas member would not be 32-byte
	 * aligned in memory: take ALIGN - 1 spare bytes and start at the next aligned address. */
	Block *b = mem_alloc(sizeof *b + size + ALIGN - 1);
	if (!b)
		return NULL;
	b->data = (unsigned char *)(((uintptr_t)(b + 1) + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1));
	GL_ASSERT((uintptr_t)b->data % ALIGN == 0, "a block's data starts aligned");
	b->prev = prev;
	b->size = size;
	b->used = 0;
	return b;
}

Arena *arena_new(size_t first_block)
{
	Arena *a = mem_alloc(sizeof *a);
	if (!a)
		return NULL;
	a->first_block = first_block ? first_block : 64 * 1024;
	a->total_used = 0;
	a->top = block_new(a->first_block, NULL);
	if (!a->top) {
		mem_free(a);
		return NULL;
	}
	return a;
}

static void free_blocks(Block *b)
{
	while (b) {
		Block *prev = b->prev;
		mem_free(b);
		b = prev;
	}
}

void arena_free(Arena *a)
{
	if (!a)
		return;
	free_blocks(a->top);
	mem_free(a);
}

void *arena_alloc(Arena *a, size_t size)
{
	if (size == 0 || size > SIZE_MAX / 2)
		return NULL;
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	Block *b = a->top;
	if (b->size - b->used < size) {
		size_t want = b->size * 2 > size ? b->size * 2 : size;
		Block *nb = block_new(want, b);
		if (!nb)
			return NULL;
		a->top = b = nb;
	}
	GL_ASSERT(b->size - b->used >= size, "the top block has room for the allocation");
	void *p = b->data + b->used;
	b->used += size;
	a->total_used += size;
	return p;
}

void *arena_calloc(Arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* What arena_used reports: the bytes handed out by every block of the chain. */
static size_t chain_used(const Block *b)
{
	size_t used = 0;
	for (; b; b = b->prev)
		used += b->used;
	return used;
}

void arena_reset(Arena *a)
{
	GL_ASSERT(chain_used(a->top) == a->total_used, "the arena's count is its blocks' sum");
	if (a->top->prev) {
		/* Merge: one block as large as all of them, so the next pass fits in it. */
		size_t total = 0;
		for (Block *b = a->top; b; b = b->prev)
			total += b->size;
		Block *merged = block_new(total, NULL);
		if (merged) {
			free_blocks(a->top);
			a->top = merged;
		}
		/* Out of memory: keep the chain; reuse only its top block. */
	}
	for (Block *b = a->top; b; b = b->prev)
		b->used = 0; /* a kept chain's lower blocks are empty too: nothing points into them */
	a->total_used = 0;
}

size_t arena_used(const Arena *a)
{
	return a->total_used;
}
