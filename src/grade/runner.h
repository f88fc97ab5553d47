/* runner: grades one exercise file. In src/grade, above registry, harness, verdict and
 * sandbox. The learner's file is copied into a private temporary folder with the grader's own
 * gradlab_exercise.h, compiled there by the system C compiler (in the sandbox, with limits),
 * and every check runs in a sandboxed child of its own, so one crash costs one check. The
 * right answers are computed here, in the grader's process, never in the child. */
#ifndef GRADLAB_RUNNER_H
#define GRADLAB_RUNNER_H

#include "grade/registry.h"
#include "grade/result.h"

#include <stddef.h>
#include <stdint.h>

typedef struct RunnerOptions {
	uint64_t seed;          /* the grading seed; 0 draws one */
	double timeout;         /* seconds per check (wall clock; the CPU limit is the same) */
	double compile_timeout; /* seconds for the compiler */
	char cc[1024];          /* the compiler, an absolute path (runner_find_compiler) */
	char header[4096];      /* the grader's gradlab_exercise.h */
	int hint;               /* the hint to attach when something fails, 1-based */
	int zh;                 /* hints in Chinese */
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

#endif
