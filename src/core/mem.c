/* mem: heap allocation with a failure switch for tests. */
#include "core/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local long fail_countdown = -1;
static _Thread_local long allocations;

static int should_fail(void)
{
	allocations++;
	if (fail_countdown < 0)
		return 0;
	return fail_countdown-- == 0;
}

void *mem_alloc(size_t size)
{
	if (size == 0 || should_fail())
		return NULL;
	return malloc(size);
}

void *mem_calloc(size_t n, size_t size)
{
	if (n == 0 || size == 0 || n > SIZE_MAX / size || should_fail())
		return NULL;
	return calloc(n, size);
}

void *mem_realloc(void *p, size_t size)
{
	if (size == 0 || should_fail())
		return NULL;
	return realloc(p, size);
}

void *mem_grow(void *p, size_t *cap, size_t need, size_t first)
{
	size_t c = *cap ? *cap : first;
	while (c < need)
		c *= 2;
	void *q = mem_realloc(p, c);
	if (q)
		*cap = c;
	return q;
}

int mem_append(char **s, size_t *len, size_t *cap, const char *src, size_t n, size_t first)
{
	if (*len + n + 1 > *cap) {
		char *g = mem_grow(*s, cap, *len + n + 1, first);
		if (!g)
			return -1;
		*s = g;
	}
	if (n)
		memcpy(*s + *len, src, n);
	*len += n;
	(*s)[*len] = '\0';
	return 0;
}

void mem_free(void *p)
{
	free(p);
}

char *mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = mem_alloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

void mem_fail_after(long n)
{
	fail_countdown = n;
}

long mem_count(void)
{
	return allocations;
}
