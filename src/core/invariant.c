/* invariant: what a broken GL_ASSERT does (see invariant.h). */
#include "core/invariant.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void invariant_fail(const char *file, int line, const char *cond, const char *what)
{
	/* Not a user-facing message: it is for whoever fixes the bug, so English only. */
	fprintf(stderr, "gradlab: %s:%d: invariant broken: %s (%s)\n", file, line, what, cond);
	fflush(stderr);
	abort();
}
