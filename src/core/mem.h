/* mem: the one place gradlab allocates heap memory. At the bottom of src/core.
 * Tests make the n-th allocation from now fail (Lua's failnext) to walk every
 * out-of-memory path; a release build pays one branch per allocation. */
#ifndef GRADLAB_MEM_H
#define GRADLAB_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);                /* NULL on failure or size 0 */
void *mem_calloc(size_t n, size_t size);     /* zeroed; NULL on overflow or failure */
void *mem_realloc(void *p, size_t size);     /* on failure p is left untouched */
/* The storage of a growing buffer, for when it must hold need bytes and *cap does not: the
 * capacity doubles (from first when *cap is 0) until it holds them, then p is reallocated
 * to it. The new storage, *cap updated; or NULL, p and *cap untouched, when out of memory. */
void *mem_grow(void *p, size_t *cap, size_t need, size_t first);
/* Append n bytes of src to the string *s (*len bytes, storage *cap; all three 0/NULL for an
 * empty one) and keep a NUL after them, growing the storage with mem_grow from first: the
 * one way a text is built piece by piece. 0; or -1, nothing changed, when out of memory. */
int mem_append(char **s, size_t *len, size_t *cap, const char *src, size_t n, size_t first);
void mem_free(void *p);                      /* accepts NULL */
char *mem_strdup(const char *s);

/* Testing: the n-th allocation from now (0 = the next one) fails; -1 disarms. */
void mem_fail_after(long n);
/* Number of allocations made since start, for tests that walk failure points. */
long mem_count(void);

#endif
