/* lint_map: the map of the questions the book must answer to the cells that answer them, a
 * table in the lesson folder's README.md (lint.h). It keeps the promise "every question is
 * answered by something runnable" checkable: a row names cells by id, and a renamed or
 * deleted cell, or a lesson that is gone, is a lint problem at the row. */
#include "learn/lint.h"
#include "learn/md_table.h"

#include "core/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS 4   /* | N | question | lesson | ids | */

static void row_free(LintQuestion *q)
{
	mem_free(q->lesson);
	for (int i = 0; i < q->n_ids; i++)
		mem_free(q->ids[i]);
	mem_free(q->ids);
	memset(q, 0, sizeof *q);
}

void lint_map_free(LintQuestionMap *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->n; i++)
		row_free(&m->rows[i]);
	mem_free(m->rows);
	mem_free(m->file);
	memset(m, 0, sizeof *m);
}

/* The ids of one cell, split at ",". */
static Status add_ids(LintQuestion *q, const char *b, size_t n)
{
	const char *end = b + n;
	while (b <= end) {
		const char *e = memchr(b, ',', (size_t)(end - b));
		if (!e)
			e = end;
		char *id = md_dup_trimmed(b, (size_t)(e - b));
		if (!id)
			return ST_ENOMEM;
		if (!id[0]) {
			mem_free(id);
		} else {
			char **ids = mem_realloc(q->ids, (size_t)(q->n_ids + 1) * sizeof *ids);
			if (!ids) {
				mem_free(id);
				return ST_ENOMEM;
			}
			q->ids = ids;
			q->ids[q->n_ids++] = id;
		}
		b = e + 1;
	}
	return ST_OK;
}

static int whole_number(const char *b, size_t n, int *out)
{
	if (n == 0 || n > 6)
		return 0;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i] < '0' || b[i] > '9')
			return 0;
		v = 10 * v + (b[i] - '0');
	}
	*out = v;
	return 1;
}

static Status add_row(LintQuestionMap *m, int line, const char *b, size_t n, LessonProblems *ps)
{
	const char *cell[MAX_CELLS + 1];
	size_t cell_n[MAX_CELLS + 1];
	int k = md_row_cells(b, n, cell, cell_n, MAX_CELLS + 1), number;
	if (k != MAX_CELLS || !whole_number(cell[0], cell_n[0], &number) || cell_n[1] == 0 ||
	    cell_n[2] == 0 || cell_n[3] == 0)
		return lesson_problem_add(ps, m->file, line,
					  "a question row is | N | question | NN-slug | cell ids, separated by \",\" |, with every column written");
	int want = m->n ? m->rows[m->n - 1].number + 1 : 1;
	if (number != want)
		return lesson_problem_add(ps, m->file, line, "question %d here: the rows are numbered 1, 2, ... and this one should be %d",
					  number, want);
	if (m->n == m->cap) {
		int cap = m->cap ? 2 * m->cap : 32;
		LintQuestion *rows = mem_realloc(m->rows, (size_t)cap * sizeof *rows);
		if (!rows)
			return ST_ENOMEM;
		m->rows = rows;
		m->cap = cap;
	}
	LintQuestion *q = &m->rows[m->n];
	memset(q, 0, sizeof *q);
	q->number = number;
	q->line = line;
	q->lesson = md_dup_trimmed(cell[2], cell_n[2]);
	if (!q->lesson || add_ids(q, cell[3], cell_n[3]) != ST_OK) {
		row_free(q);
		return ST_ENOMEM;
	}
	m->n++;
	return q->n_ids ? ST_OK : lesson_problem_add(ps, m->file, line, "question %d names no cell", number);
}

Status lint_map_load(const char *file, LintQuestionMap *m, LessonProblems *ps)
{
	char *text;
	size_t len;
	int err;
	Status st = md_read_regular(file, &text, &len, &err);
	if (st != ST_OK)
		return st;
	if (!text)
		return ST_OK;   /* the glossary reports a README.md that cannot be read */
	if (!(m->file = md_dup_trimmed(file, strlen(file)))) {
		mem_free(text);
		return status_fail(ST_ENOMEM, "out of memory reading %s", file);
	}
	const char *s = text, *end = text + len, *b, *nb;
	size_t n, nn;
	int line = 0, in = 0, found = 0;
	while (st == ST_OK && md_next_line(&s, end, &b, &n)) {
		line++;
		int level = md_heading_level(b, n);
		if (level == 2 && n >= 12 && memcmp(b, "## Questions", 12) == 0) {
			in = found = 1;
			continue;
		}
		if (level == 1 || level == 2)
			in = 0;
		if (!in || n == 0 || b[0] != '|' || md_is_rule_row(b, n))
			continue;
		const char *peek = s;   /* the header: the row right above the |---| line */
		if (md_next_line(&peek, end, &nb, &nn) && md_is_rule_row(nb, nn))
			continue;
		st = add_row(m, line, b, n, ps);
	}
	if (st == ST_OK && found && m->n == 0)
		st = lesson_problem_add(ps, file, 0, "the Questions section has no rows");
	mem_free(text);
	return st == ST_OK ? ST_OK : status_fail(ST_ENOMEM, "out of memory reading %s", file);
}

static int has_cell(const Lesson *l, const char *id)
{
	for (int i = 0; i < l->n_blocks; i++)
		if (lesson_is_cell(l->blocks[i].kind) && l->blocks[i].cell.id.s &&
		    strcmp(l->blocks[i].cell.id.s, id) == 0)
			return 1;
	return 0;
}

Status lint_map_lesson(LintQuestionMap *m, const char *name, const Lesson *l, LessonProblems *ps)
{
	size_t n = strlen(name);
	if (n > 3 && strcmp(name + n - 3, ".md") == 0)
		n -= 3;
	for (int i = 0; i < m->n; i++) {
		LintQuestion *q = &m->rows[i];
		if (strlen(q->lesson) != n || strncmp(q->lesson, name, n) != 0)
			continue;
		q->seen = 1;
		for (int k = 0; k < q->n_ids; k++)
			if (!has_cell(l, q->ids[k]) &&
			    lesson_problem_add(ps, m->file, q->line, "question %d: %s has no cell with id '%s'",
					       q->number, q->lesson, q->ids[k]) != ST_OK)
				return status_fail(ST_ENOMEM, "out of memory");
	}
	return ST_OK;
}

Status lint_map_finish(const LintQuestionMap *m, LessonProblems *ps)
{
	for (int i = 0; i < m->n; i++)
		if (!m->rows[i].seen &&
		    lesson_problem_add(ps, m->file, m->rows[i].line, "question %d: there is no lesson %s",
				       m->rows[i].number, m->rows[i].lesson) != ST_OK)
			return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}
