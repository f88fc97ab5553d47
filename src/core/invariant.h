/* invariant: GL_ASSERT, the statement of a fact gradlab's own code keeps true (a gradient
 * shaped like its node, an index inside its array, an arena block never over-full). At the
 * bottom of src/core, beside status.h, for the other kind of failure: a Status reports a
 * learner's or user's mistake in plain words and the program goes on; a broken invariant is a
 * bug in gradlab itself, with no sentence that would help the learner, so it prints where and
 * what, and aborts (a core file, and a stack under the sanitizers) before wrong numbers
 * spread. Defining GRADLAB_RELEASE compiles every check out; like <assert.h>, this header may
 * be included again after changing that definition. */
#undef GL_ASSERT
#ifdef GRADLAB_RELEASE
/* The condition is not evaluated, but still type-checked and its variables count as used. */
#define GL_ASSERT(cond, what) ((void)sizeof(!(cond)))
#else
#define GL_ASSERT(cond, what) \
	((cond) ? (void)0 : invariant_fail(__FILE__, __LINE__, #cond, (what)))
#endif

#ifndef GRADLAB_INVARIANT_H
#define GRADLAB_INVARIANT_H

/* Print "gradlab: FILE:LINE: invariant broken: WHAT (COND)" to stderr and abort. */
_Noreturn void invariant_fail(const char *file, int line, const char *cond, const char *what);

#endif
