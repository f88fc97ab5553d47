/* registry: the exercise list, read from exercises/exercises.list (its format is in
 * exercises/README.md). In src/grade, above checks: every exercise named there must be one
 * gradlab has checks for. Each entry gives the exercise's file, its lesson, its points, its
 * title and its hints (in English and, optionally, in each other language of core/lang.h:
 * the keys title_CODE and hint_CODE), revealed one at a time. */
#ifndef GRADLAB_REGISTRY_H
#define GRADLAB_REGISTRY_H

#include "core/lang.h"
#include "grade/checks.h"
#include "grade/result.h"

typedef struct GradeExercise {
	char name[32];      /* "rnn_step" */
	char file[96];      /* "04_rnn_step.c", inside the exercises folder */
	char lesson[48];    /* "03-bptt" */
	char title[LANG_COUNT][160]; /* per language (a Lang); English always, others or "" */
	int points;
	char **hint[LANG_COUNT]; /* per language: n_hints of it; each other language has as
				  * many as English or none */
	int n_hints[LANG_COUNT];
	const CkExercise *checks;
	int line;           /* where its entry starts in the list */
} GradeExercise;

typedef struct GradeList {
	GradeExercise *ex;
	int n;
	char path[4096];    /* the list file read */
} GradeList;

/* Read the list file at path. NULL with status_detail() naming file:line:column and the
 * problem (ST_EIO, ST_EPARSE, ST_ENOMEM in the status returned through *st if not NULL). */
GradeList *registry_load(const char *path, Status *st);
/* The same, with the exercises' checks looked up by find instead of checks_find (a test's own
 * set). An exercise whose checks are more than GRADE_MAX_CHECKS is refused here. */
GradeList *registry_load_with(const char *path, const CkExercise *(*find)(const char *name),
			      Status *st);
void registry_free(GradeList *l);

/* By name ("rnn_step"), file name ("04_rnn_step.c") or number ("4", "04"); NULL if none. */
const GradeExercise *registry_find(const GradeList *l, const char *key);
/* Hint k (1-based, clamped to the last), in lang (a Lang) when the list gives it in
 * that language, else in English; NULL if the exercise has no hints. */
const char *registry_hint(const GradeExercise *e, int k, int lang);
/* The exercise's title in lang when the list gives one, else in English. */
const char *registry_title(const GradeExercise *e, int lang);

#endif
