/* lesson: the lesson parser's entry points (lesson.h): lesson_parse, lesson_load and
 * lesson_free, and the parser's state shared by its stages (lesson_internal.h). The text is
 * copied once into the lesson's arena, checked for UTF-8 and split into lines in place
 * (lesson_lines.c); blocks (lesson_blocks.c), cells (lesson_cell.c, lesson_vary.c,
 * lesson_quiz.c) then point into that copy. Every problem is appended to the caller's list
 * and parsing goes on, so one run of the lint shows them all. */
#include "learn/lesson.h"

#include "core/arena.h"
#include "core/mem.h"
#include "learn/lesson_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* {==== The parser's arena and problems ==== */

void lesson_problem_at(Parser *p, int line, const char *fmt, ...)
{
	if (p->st != ST_OK)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lesson_cut_message(msg, sizeof msg, n);
	if (lesson_problem_add(p->ps, p->file, line, "%s", msg) != ST_OK)
		p->st = ST_ENOMEM;
}

void *lesson_alloc(Parser *p, size_t size)
{
	void *x = p->st == ST_OK ? arena_alloc(p->a, size) : NULL;
	if (!x)
		p->st = ST_ENOMEM;
	return x;
}

char *lesson_dup_n(Parser *p, const char *s, size_t n)
{
	char *d = lesson_alloc(p, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Room for one more element in an arena array that doubles (the old copy is left to the
 * arena: at most as much again). */
void *lesson_grow(Parser *p, void *items, int n, int *cap, size_t size)
{
	if (n < *cap)
		return items;
	int c = *cap ? 2 * *cap : 8;
	void *bigger = lesson_alloc(p, (size_t)c * size);
	if (!bigger)
		return NULL;
	if (n)
		memcpy(bigger, items, (size_t)n * size);
	*cap = c;
	return bigger;
}

/* }==== */

/* {==== Parsing a lesson ==== */

Status lesson_parse(const char *file, const char *text, size_t len, Lesson **out,
		    LessonProblems *ps)
{
	*out = NULL;
	if (len > (size_t)LESSON_MAX_BYTES) {
		if (lesson_problem_add(ps, file, 0, "the file is %zu bytes; a lesson file is at most %ld bytes (1 MiB)",
				       len, LESSON_MAX_BYTES) != ST_OK)
			return ST_ENOMEM;
		return status_fail(ST_ELIMIT, "%s: larger than 1 MiB", file);
	}
	Parser p = { .file = file, .ps = ps, .st = ST_OK, .pending = -1 };
	Lesson *l = mem_calloc(1, sizeof *l);
	if (!l)
		return status_fail(ST_ENOMEM, "out of memory for a lesson");
	l->arena = arena_new(len + 4096);
	p.l = l;
	p.a = l->arena;
	if (!l->arena)
		goto fail;
	l->file = lesson_dup_n(&p, file, strlen(file));
	char *copy = lesson_dup_n(&p, text, len);
	if (!copy)
		goto fail;
	/* A byte-order mark is allowed and ignored. */
	if (len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0) {
		copy += 3;
		len -= 3;
	}
	int n;
	Line *lines = lesson_lines_split(&p, copy, len, &n);
	if (!lines)
		goto fail;
	lesson_blocks_parse(&p, lines, n);
	lesson_quizzes_number(&p);
	if (p.st != ST_OK)
		goto fail;
	mem_free(p.buf);
	*out = l;
	return ST_OK;
fail:
	mem_free(p.buf);
	lesson_free(l);
	return status_fail(ST_ENOMEM, "out of memory while parsing %s", file);
}

Status lesson_load(const char *path, Lesson **out, LessonProblems *ps)
{
	*out = NULL;
	char *text = NULL;
	Status st;
	FILE *f = fopen(path, "rb");
	struct stat sb;
	if (!f || fstat(fileno(f), &sb) != 0)
		goto io_error;
	if (S_ISDIR(sb.st_mode)) {
		errno = EISDIR;
		goto io_error;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size > LESSON_MAX_BYTES) {
		fclose(f);
		if (lesson_problem_add(ps, path, 0, "the file is %lld bytes; a lesson file is at most %ld bytes (1 MiB)",
				       (long long)sb.st_size, LESSON_MAX_BYTES) != ST_OK)
			return ST_ENOMEM;
		return status_fail(ST_ELIMIT, "%s: larger than 1 MiB", path);
	}
	/* Read one byte past the limit, so a pipe or a growing file is caught too. */
	text = mem_alloc(LESSON_MAX_BYTES + 1);
	if (!text) {
		fclose(f);
		return status_fail(ST_ENOMEM, "out of memory reading %s", path);
	}
	size_t len = fread(text, 1, LESSON_MAX_BYTES + 1, f);
	if (ferror(f))
		goto io_error;
	fclose(f);
	f = NULL;
	st = lesson_parse(path, text, len, out, ps);
	mem_free(text);
	return st;
io_error:;
	int e = errno;
	if (f)
		fclose(f);
	mem_free(text);
	if (lesson_problem_add(ps, path, 0, "cannot read: %s", strerror(e)) != ST_OK)
		return ST_ENOMEM;
	return status_fail(ST_EIO, "%s: %s", path, strerror(e));
}

void lesson_free(Lesson *l)
{
	if (!l)
		return;
	arena_free(l->arena);
	mem_free(l);
}

/* }==== */

/* {==== Kinds of block and quiz ==== */

int lesson_is_cell(LessonBlockKind k)
{
	return k == LESSON_EXPERIMENT || k == LESSON_CHECK || k == LESSON_QUIZ;
}

const char *lesson_kind_name(LessonBlockKind k)
{
	switch (k) {
	case LESSON_HEADING: return "heading";
	case LESSON_PARAGRAPH: return "paragraph";
	case LESSON_ITEM: return "list item";
	case LESSON_CODE: return "code block";
	case LESSON_EXPERIMENT: return "experiment";
	case LESSON_CHECK: return "check";
	case LESSON_QUIZ: return "quiz";
	}
	return "block";
}

const char *lesson_quiz_kind_name(LessonQuizKind k)
{
	switch (k) {
	case LESSON_QUIZ_NUMERIC: return "numeric";
	case LESSON_QUIZ_CHOICE: return "choice";
	case LESSON_QUIZ_PREDICT: return "predict";
	case LESSON_QUIZ_UNKNOWN: break;
	}
	return "unknown";
}

/* }==== */
