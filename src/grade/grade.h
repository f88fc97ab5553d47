/* grade: the grader's face, for the command line and the terminal UI. In src/grade, above
 * registry and runner. It finds the grader's own exercises folder (the list and the header
 * every learner's file is compiled against), grades one exercise in this process, or many
 * (one learner's, or a whole class's) in worker processes running in parallel, each worker
 * writing its GradeResult into memory shared with the parent, so that a worker that dies
 * costs only its own result and the parent never waits past a deadline. */
#ifndef GRADLAB_GRADE_H
#define GRADLAB_GRADE_H

#include "grade/registry.h"
#include "grade/result.h"
#include "grade/runner.h"

#include <stddef.h>

typedef struct GradeSetup {
	char dir[4000];    /* the grader's exercises folder: exercises.list, gradlab_exercise.h */
	GradeList *list;
	RunnerOptions run; /* compiler and header filled in; the caller may set seed, hint, zh,
			    * timeout and cancel before grading (a seed of 0 is drawn by
			    * grade_setup_open) */
} GradeSetup;

/* The grader's exercises folder: $GRADLAB_EXERCISES; else ./exercises when it holds
 * exercises.list; else next to the program (../share/gradlab/exercises, or ../exercises in
 * a build folder); else the installed data folder. ST_EIO naming every place looked at. */
Status grade_find_dir(char *buf, size_t size);

/* Load the list in dir (NULL: grade_find_dir), find the compiler and the header. On failure
 * status_detail() says what is wrong (file:line:column for the list). */
Status grade_setup_open(GradeSetup *s, const char *dir);
void grade_setup_close(GradeSetup *s);

/* Where a learner's files are in folder: folder/exercises when that is a folder (not a
 * symbolic link to one), else folder itself (a student may hand in either). buf should
 * hold strlen(folder) + 11 bytes. */
void grade_submission_dir(const char *folder, char *buf, size_t size);
/* The path of exercise e's file in the learner's exercises folder. */
void grade_exercise_file(const GradeExercise *e, const char *exercises_dir, char *buf,
			 size_t size);

/* Grade e's file in exercises_dir, in this process (each check still runs sandboxed). */
Status grade_one(const GradeSetup *s, const GradeExercise *e, const char *exercises_dir,
		 GradeResult *out);

/* One piece of work for grade_many: exercise ex of the files in dir. */
typedef struct GradeTask {
	const GradeExercise *ex;
	const char *dir;    /* the learner's exercises folder (see grade_submission_dir) */
} GradeTask;

/* The result of task t when it is not graded at all (the caller found the learner's file
 * cannot be reached): every check fails with problem p and why, in every language. */
void grade_result_unstarted(const GradeSetup *s, const GradeTask *t, GradeProblem p,
			    const GradeWhy *why, GradeResult *r);

/* Called in the parent as each task finishes (in any order); may be NULL. */
typedef void (*GradeDoneFn)(void *ctx, int task, const GradeResult *r);

/* Grade every task, at most jobs at once (0: as many as the machine has cores), each in a
 * worker process of its own. out[i] is task i's result; a worker that dies or outlives its
 * deadline leaves a result that says so (GRADE_INTERNAL or GRADE_TIMEOUT), never a pass.
 * ST_OK unless the work could not start at all (no memory, no temporary folder).
 * When *s->run.cancel becomes non-zero, no task starts, every worker is sent SIGTERM (whose
 * handler, inherited from the caller, sets the worker's own copy of the flag, so that it
 * stops its sandbox and removes its folder) and killed if it has not ended two seconds
 * later; every worker is reaped and the temporary folder removed before grade_many returns,
 * and the results not finished are marked interrupted. */
Status grade_many(const GradeSetup *s, const GradeTask *tasks, int n, int jobs,
		  GradeResult *out, GradeDoneFn done, void *ctx);

/* The number of cores this process may run on (at least 1). */
int grade_cores(void);

#endif
