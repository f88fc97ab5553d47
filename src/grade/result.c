/* result: names of the problems, and the one question every caller asks of a result. */
#include "grade/result.h"

const char *grade_problem_name(GradeProblem p)
{
	static const char *const names[GRADE_PROBLEM_COUNT] = {
		[GRADE_OK] = "passed",
		[GRADE_NOT_COMPILED] = "does not compile",
		[GRADE_NO_FILE] = "no file",
		[GRADE_MISSING] = "missing function",
		[GRADE_WRONG] = "wrong values",
		[GRADE_SHAPE] = "wrote outside an array",
		[GRADE_INPUT_CHANGED] = "changed an input",
		[GRADE_CRASHED] = "crashed",
		[GRADE_TIMEOUT] = "timed out",
		[GRADE_EXITED] = "exited early",
		[GRADE_ESCAPED] = "wrote outside its folder",
		[GRADE_GARBLED] = "untrustworthy results",
		[GRADE_INTERNAL] = "grader error",
	};
	return p >= 0 && p < GRADE_PROBLEM_COUNT ? names[p] : "unknown";
}

int grade_result_passed(const GradeResult *r)
{
	if (r->n_checks == 0)
		return 0;
	for (int i = 0; i < r->n_checks; i++)
		if (!r->checks[i].passed)
			return 0;
	return 1;
}
