/* lesson_problems: the list of problems a lesson's parse and the lint collect, each as
 * {file, line, message}: errors as data (lesson.h). In src/learn; the parser appends to it,
 * the lint sorts it, and the CLI prints it as "file:line: message". A message never holds a
 * control character. */
#include "learn/lesson.h"

#include "core/mem.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

Status lesson_problem_add(LessonProblems *ps, const char *file, int line, const char *fmt, ...)
{
	if (ps->n == ps->cap) {
		int cap = ps->cap ? 2 * ps->cap : 16;
		LessonProblem *items = mem_realloc(ps->items, (size_t)cap * sizeof *items);
		if (!items)
			return status_fail(ST_ENOMEM, "out of memory while reporting a lesson problem");
		ps->items = items;
		ps->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = mem_alloc(n > 0 ? (size_t)n + 1 : 1);
	char *f = mem_strdup(file);
	if (!msg || !f) {
		mem_free(msg);
		mem_free(f);
		return status_fail(ST_ENOMEM, "out of memory while reporting a lesson problem");
	}
	msg[0] = '\0';
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	/* A message may quote the lesson, which may hold any bytes: it stays one line of text
	 * whoever prints it (the lint, the lesson list, the book). */
	utf8_scrub(msg);
	ps->items[ps->n++] = (LessonProblem){ f, line, msg };
	return ST_OK;
}

static int problem_before(const LessonProblem *a, const LessonProblem *b)
{
	int c = strcmp(a->file, b->file);
	return c < 0 || (c == 0 && a->line < b->line);
}

void lesson_problems_sort(LessonProblems *ps, int from)
{
	/* Insertion sort: stable, and the lists are short. */
	for (int i = from + 1; i < ps->n; i++) {
		LessonProblem x = ps->items[i];
		int j = i;
		while (j > from && problem_before(&x, &ps->items[j - 1])) {
			ps->items[j] = ps->items[j - 1];
			j--;
		}
		ps->items[j] = x;
	}
}

void lesson_problems_print(const LessonProblems *ps, FILE *out)
{
	for (int i = 0; i < ps->n; i++) {
		const LessonProblem *p = &ps->items[i];
		if (p->line > 0)
			fprintf(out, "%s:%d: %s\n", p->file, p->line, p->message);
		else
			fprintf(out, "%s: %s\n", p->file, p->message);
	}
}

void lesson_problems_free(LessonProblems *ps)
{
	if (!ps)
		return;
	for (int i = 0; i < ps->n; i++) {
		mem_free(ps->items[i].file);
		mem_free(ps->items[i].message);
	}
	mem_free(ps->items);
	ps->items = NULL;
	ps->n = ps->cap = 0;
}
