/* check_of: one check of an exercise, by name, for the tests of the grader's check files
 * (test_grade_layers.c, test_grade_training.c). Fails the test when there is none. */
#ifndef GRADLAB_TEST_CHECK_OF_H
#define GRADLAB_TEST_CHECK_OF_H

#include "grade/checks.h"

#include <string.h>

static const CkCheck *check_of(const char *exercise, const char *name)
{
	const CkExercise *ex = checks_find(exercise);
	assert_non_null(ex);
	for (int i = 0; i < ex->n_checks; i++)
		if (strcmp(ex->checks[i].name, name) == 0)
			return &ex->checks[i];
	fail_msg("%s has no check %s", exercise, name);
	return NULL;
}

#endif
