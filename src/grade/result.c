/* result: names of the problems, a check's words in one language, and the one question every
 * caller asks of a result. */
#include "grade/result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

_Static_assert(GM_PROBLEM_OK + GRADE_PROBLEM_COUNT == GM_PROBLEM_UNKNOWN,
	       "one GM_PROBLEM_ id per GradeProblem, in its order");

const char *grade_problem_words(GradeProblem p, int lang)
{
	if (p < 0 || p >= GRADE_PROBLEM_COUNT)
		return grade_msg(lang, GM_PROBLEM_UNKNOWN);
	return grade_msg(lang, (GradeMsg)(GM_PROBLEM_OK + (int)p));
}

const char *grade_problem_name(GradeProblem p)
{
	return grade_problem_words(p, 0);
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

static int lang_or_en(int lang)
{
	return lang >= 0 && lang < LANG_COUNT ? lang : LANG_EN;
}

const char *grade_check_message(const GradeCheck *c, int lang)
{
	return c->message[lang_or_en(lang)];
}

const char *grade_check_case_note(const GradeCheck *c, int lang)
{
	return c->case_note[lang_or_en(lang)];
}

void grade_text_add(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strnlen(buf, size);
	if (len + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}
