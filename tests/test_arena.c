/* test_arena: the bump allocator under every forward pass (src/core/arena.c). Every pointer
 * is 32-byte aligned; the arena grows past its first block, also for single allocations
 * larger than any block, without handing out overlapping memory; reset merges the blocks so
 * the next pass of the same size allocates nothing; calloc zeroes and refuses n*size that
 * overflows. */
#include "test_util.h"

#include "core/arena.h"
#include "core/mem.h"

#include <stdint.h>
#include <string.h>

static void test_alignment(void **state)
{
	(void)state;
	Arena *a = arena_new(200); /* small, so the loop crosses several blocks */
	assert_non_null(a);
	static const size_t sizes[] = { 1, 3, 8, 31, 32, 33, 63, 100, 7, 250, 1, 4096, 5 };
	for (int pass = 0; pass < 3; pass++) {
		for (int i = 0; i < 200; i++) {
			size_t n = sizes[i % (sizeof sizes / sizeof sizes[0])];
			unsigned char *p = arena_alloc(a, n);
			assert_non_null(p);
			if ((uintptr_t)p % 32 != 0)
				fail_msg("pass %d, allocation %d of %zu bytes: %p is not "
					 "32-byte aligned", pass, i, n, (void *)p);
			double *d = arena_calloc(a, 3, sizeof(double));
			assert_non_null(d);
			assert_int_equal((uintptr_t)d % 32, 0);
		}
		arena_reset(a);
	}
	arena_free(a);
}

/* Fill each allocation with its own byte, then check none was overwritten by another. */
static void test_growth_without_overlap(void **state)
{
	(void)state;
	enum { N = 64 };
	Arena *a = arena_new(1024);
	assert_non_null(a);
	unsigned char *p[N];
	size_t len[N];
	size_t total = 0;
	for (int i = 0; i < N; i++) {
		/* Mostly small, with some far larger than the first block (and than the block
		 * after it). */
		len[i] = i % 9 == 4 ? 5000 + 3000 * (size_t)i : 17 + 13 * (size_t)i;
		p[i] = arena_alloc(a, len[i]);
		assert_non_null(p[i]);
		memset(p[i], i + 1, len[i]);
		total += len[i];
	}
	assert_true(arena_used(a) >= total);
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < len[i]; k++)
			if (p[i][k] != (unsigned char)(i + 1))
				fail_msg("allocation %d byte %zu was overwritten with %d", i, k,
					 p[i][k]);
	arena_free(a);
}

static void test_single_allocation_larger_than_block(void **state)
{
	(void)state;
	Arena *a = arena_new(64);
	assert_non_null(a);
	char *small = arena_alloc(a, 16);
	size_t big_len = 1 << 20;
	char *big = arena_alloc(a, big_len);
	assert_non_null(small);
	assert_non_null(big);
	memset(small, 'a', 16);
	memset(big, 'b', big_len); /* ASan would flag a block too small for it */
	char *after = arena_alloc(a, 100);
	assert_non_null(after);
	memset(after, 'c', 100);
	assert_true(small[15] == 'a' && big[0] == 'b' && big[big_len - 1] == 'b');
	arena_free(a);
}

/* One "pass": the same sequence of allocations every time. */
static int run_pass(Arena *a)
{
	for (int i = 0; i < 40; i++) {
		unsigned char *p = arena_alloc(a, 100 + 37 * (size_t)i);
		if (!p)
			return 0;
		memset(p, 0xAB, 100 + 37 * (size_t)i);
	}
	return arena_alloc(a, 20000) != NULL;
}

static void test_reset_merges_blocks(void **state)
{
	(void)state;
	Arena *a = arena_new(256);
	assert_non_null(a);
	long before = mem_count();
	assert_true(run_pass(a));
	long first = mem_count() - before;
	assert_true(first > 0); /* the pass outgrew the first block */
	size_t used = arena_used(a);
	assert_true(used >= 20000 + 40 * 100);

	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	/* The merge itself allocates the one big block; after it, passes allocate nothing. */
	for (int k = 0; k < 3; k++) {
		before = mem_count();
		assert_true(run_pass(a));
		assert_int_equal(mem_count() - before, 0);
		assert_int_equal(arena_used(a), used);
		arena_reset(a);
	}
	arena_free(a);
}

/* When the merge cannot get memory, reset keeps the chain and the arena still works. */
static void test_reset_survives_failed_merge(void **state)
{
	(void)state;
	Arena *a = arena_new(128);
	assert_non_null(a);
	assert_true(run_pass(a));
	mem_fail_after(0);
	arena_reset(a);
	mem_fail_after(-1);
	assert_int_equal(arena_used(a), 0);
	assert_true(run_pass(a));
	arena_reset(a); /* merges now */
	long before = mem_count();
	assert_true(run_pass(a));
	assert_int_equal(mem_count() - before, 0);
	arena_free(a);
}

static void test_calloc_zeroes(void **state)
{
	(void)state;
	Arena *a = arena_new(4096);
	assert_non_null(a);
	/* Dirty the memory, then get the same memory back after a reset. */
	unsigned char *p = arena_alloc(a, 3000);
	assert_non_null(p);
	memset(p, 0xFF, 3000);
	arena_reset(a);
	unsigned char *q = arena_calloc(a, 375, 8);
	assert_ptr_equal(p, q);
	for (size_t i = 0; i < 3000; i++)
		if (q[i] != 0)
			fail_msg("byte %zu is %d, not 0", i, q[i]);
	/* Also in a fresh block beyond the first. */
	double *d = arena_calloc(a, 5000, sizeof(double));
	assert_non_null(d);
	for (size_t i = 0; i < 5000; i++)
		assert_true(d[i] == 0.0);
	arena_free(a);
}

static void test_overflow_and_zero_size(void **state)
{
	(void)state;
	Arena *a = arena_new(0); /* 0 picks the default block size */
	assert_non_null(a);
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_null(arena_calloc(a, 4, SIZE_MAX / 2));
	assert_null(arena_calloc(a, (SIZE_MAX >> 3) + 2, 8));
	assert_null(arena_calloc(a, SIZE_MAX, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX - 16)); /* rounding up must not wrap to a tiny size */
	assert_null(arena_alloc(a, 0));
	assert_int_equal(arena_used(a), 0);
	/* The arena is still fine afterwards. */
	assert_non_null(arena_calloc(a, 10, 8));
	assert_true(arena_used(a) >= 80);
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_growth_without_overlap),
		cmocka_unit_test(test_single_allocation_larger_than_block),
		cmocka_unit_test(test_reset_merges_blocks),
		cmocka_unit_test(test_reset_survives_failed_merge),
		cmocka_unit_test(test_calloc_zeroes),
		cmocka_unit_test(test_overflow_and_zero_size),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
