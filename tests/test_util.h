/* test_util: helpers shared by the cmocka tests.
 * assert_close(a, b, atol, rtol) compares doubles (cmocka 1.1.5 has none) and, on failure,
 * prints expected, got and the difference; assert_mat_close does it element by element and
 * names the first failing index. rm_tree removes a test's temporary folder. */
#ifndef GRADLAB_TEST_UTIL_H
#define GRADLAB_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mat.h"

static inline int close_enough(double expected, double got, double atol, double rtol)
{
	if (isnan(expected) || isnan(got))
		return 0;
	if (expected == got)
		return 1;
	return fabs(expected - got) <= atol + rtol * fmax(fabs(expected), fabs(got));
}

#define assert_close(expected, got, atol, rtol)                                                \
	do {                                                                                   \
		double e_ = (expected), g_ = (got);                                            \
		if (!close_enough(e_, g_, (atol), (rtol)))                                     \
			fail_msg("%s: expected %.17g, got %.17g, difference %.3g", #got, e_, g_,  \
				 g_ - e_);                                                     \
	} while (0)

#define assert_mat_close(expected, got, atol, rtol)                                            \
	do {                                                                                   \
		const Mat *e_ = (expected), *g_ = (got);                                       \
		assert_int_equal(e_->rows, g_->rows);                                          \
		assert_int_equal(e_->cols, g_->cols);                                          \
		for (size_t i_ = 0; i_ < mat_size(e_); i_++)                                   \
			if (!close_enough(e_->data[i_], g_->data[i_], (atol), (rtol)))         \
				fail_msg("%s[%zu,%zu]: expected %.17g, got %.17g, difference %.3g", \
					 #got, i_ / (size_t)e_->cols, i_ % (size_t)e_->cols,    \
					 e_->data[i_], g_->data[i_], g_->data[i_] - e_->data[i_]); \
	} while (0)

/* The whole file at path (up to 16 MiB) and its length, NUL-terminated; free. */
static inline char *slurp_n(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *s = malloc(16 << 20);
	assert_non_null(s);
	*len = fread(s, 1, (16 << 20) - 1, f);
	s[*len] = '\0';
	fclose(f);
	return s;
}

/* Remove path and everything below it, as rm -rf does; nothing happens when it is not
 * there. */
static inline void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				char p[512];
				if (snprintf(p, sizeof p, "%s/%s", path, e->d_name) < (int)sizeof p)
					rm_tree(p); /* never a cut-off path */
			}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

#endif
