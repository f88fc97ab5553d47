/* result: names of the problems, the language of a check's words, and the one question every
 * caller asks of a result. */
#include "grade/result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *grade_problem_words(GradeProblem p, int zh)
{
	static const char *const names[GRADE_PROBLEM_COUNT][2] = {
		[GRADE_OK] = { "passed", "通过" },
		[GRADE_NOT_COMPILED] = { "does not compile", "无法编译" },
		[GRADE_NO_FILE] = { "no file", "没有文件" },
		[GRADE_MISSING] = { "missing function", "缺少函数" },
		[GRADE_WRONG] = { "wrong values", "数值错误" },
		[GRADE_SHAPE] = { "wrote outside an array", "写到了数组之外" },
		[GRADE_INPUT_CHANGED] = { "changed an input", "改动了输入" },
		[GRADE_CRASHED] = { "crashed", "崩溃" },
		[GRADE_TIMEOUT] = { "timed out", "超时" },
		[GRADE_EXITED] = { "exited early", "提前退出" },
		[GRADE_ESCAPED] = { "wrote outside its folder", "写到了工作目录之外" },
		[GRADE_GARBLED] = { "untrustworthy results", "结果不可信" },
		[GRADE_INTERNAL] = { "grader error", "评分器出错" },
	};
	return p >= 0 && p < GRADE_PROBLEM_COUNT ? names[p][zh ? 1 : 0] : zh ? "未知" : "unknown";
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

const char *grade_check_message(const GradeCheck *c, int zh)
{
	return zh && c->message_zh[0] ? c->message_zh : c->message;
}

const char *grade_check_case_note(const GradeCheck *c, int zh)
{
	return zh && c->case_note_zh[0] ? c->case_note_zh : c->case_note;
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
