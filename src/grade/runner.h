/* runner: grades one exercise file. In src/grade, above registry, harness, verdict and
 * sandbox. The learner's file is copied into a private temporary folder with the grader's own
 * gradlab_exercise.h, compiled there by the system C compiler (in the sandbox, with limits),
 * and every check runs in a sandboxed child of its own, so one crash costs one check. The
 * right answers are computed here, in the grader's process, never in the child. */
#ifndef GRADLAB_RUNNER_H
#define GRADLAB_RUNNER_H

#include "grade/registry.h"
#include "grade/result.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef struct RunnerOptions {
	uint64_t seed;          /* the grading seed; 0 draws one */
	double timeout;         /* seconds per check (wall clock; the CPU limit is the same) */
	double compile_timeout; /* seconds for the compiler */
	char cc[1024];          /* the compiler, an absolute path (runner_find_compiler) */
	char header[4096];      /* the grader's gradlab_exercise.h */
	int hint;               /* the hint to attach when something fails, 1-based */
	int lang;               /* the hints' language, a Lang (core/lang.h) */
	/* When not NULL, grading stops as soon as *cancel is non-zero (a signal handler of the
	 * caller's sets it): the running check is killed, no other starts, the private folder
	 * is removed, and the result says interrupted. */
	const volatile sig_atomic_t *cancel;
} RunnerOptions;

RunnerOptions runner_defaults(void);
/* The absolute path of the C compiler: $GRADLAB_CC, else name ("cc") searched in PATH.
 * ST_EIO naming what was looked for when there is none. */
Status runner_find_compiler(const char *name, char *out, size_t size);
/* A seed from the system's random source (never 0). */
uint64_t runner_random_seed(void);

/* Grade the learner's file src as exercise ex into *out (zeroed first). ST_OK whatever the
 * verdict; another status only when the grader could not work at all (no temporary folder),
 * and then out still says so in every check's message. */
Status runner_grade(const GradeExercise *ex, const char *src, const RunnerOptions *o,
		    GradeResult *out);

/* {==== For callers that make up a result themselves (a worker that never delivered one) ====
 */
/* out zeroed, then ex's file src, lesson, points, the seed and every check's name and share
 * of the points: nothing graded yet. */
void runner_result_start(const GradeExercise *ex, const char *src, const RunnerOptions *o,
			 GradeResult *out);
/* Every check of out fails with problem p and the same words, in English and in Chinese. */
void runner_result_fail_all(GradeResult *out, GradeProblem p, const GradeWhy *why);
/* Attach ex's hint o->hint (within the hints there are) to out, in o's language. */
void runner_result_hint(const GradeExercise *ex, const RunnerOptions *o, GradeResult *out);
/* Remove dir and everything in it (not following links); nothing when dir is "". */
void runner_remove_tree(const char *dir);
/* }==== */

#endif
