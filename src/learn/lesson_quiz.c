/* lesson_quiz: quizzes, from their keys to a learner's answer (lesson_internal.h). The cell
 * parser (lesson_cell.c) hands it each choice: line and, once a quiz's body is read, the
 * quiz to check as a whole: its kind, answer, tolerance and choices. After the last block
 * the quizzes are numbered and given ids, which progress files store. lesson_grade (lesson.h)
 * marks an answer the way the checked quiz says. A numeric answer, the lesson's or the
 * learner's, may be a fraction or a power (learn/number.h). */
#include "learn/lesson.h"

#include "learn/lesson_internal.h"
#include "learn/number.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* {==== Checking a quiz ==== */

/* choice: KEY | text */
void lesson_choice_parse(Parser *p, LessonCell *c, int *cap, char *value, int line)
{
	char *bar = strchr(value, '|');
	if (!bar) {
		lesson_problem_at(p, line, "choice must be 'KEY | text', got '%.*s%s'", Q(value));
		return;
	}
	*bar = '\0';
	char *key = lesson_trim(value), *text = lesson_trim(bar + 1);
	if (!*key || strpbrk(key, " \t")) {
		lesson_problem_at(p, line, "the choice key must be one word before '|', got '%.*s%s'", Q(key));
		return;
	}
	if (!*text) {
		lesson_problem_at(p, line, "choice %s has no text after '|'", key);
		return;
	}
	for (int i = 0; i < c->n_choices; i++)
		if (strcasecmp(c->choices[i].key, key) == 0) {
			lesson_problem_at(p, line, "the choice key '%s' is used twice (first at line %d)", key,
				c->choices[i].line);
			return;
		}
	LessonChoice *cs = lesson_grow(p, c->choices, c->n_choices, cap, sizeof *cs);
	if (!cs)
		return;
	c->choices = cs;
	c->choices[c->n_choices++] = (LessonChoice){ key, text, line };
}

/* Why number_parse refused s, for a problem message: "it divides by zero", ... */
static void number_why(NumberError e, const char *s, size_t at, char *buf, size_t size)
{
	size_t n = strlen(s);
	switch (e) {
	case NUMBER_EXPECTED:
		if (at >= n)
			snprintf(buf, size, "a number is missing at its end");
		else
			snprintf(buf, size, "a number is expected at column %zu", at + 1);
		break;
	case NUMBER_UNEXPECTED:
		snprintf(buf, size, "'%c' at column %zu cannot come there", s[at], at + 1);
		break;
	case NUMBER_DIVIDE_BY_ZERO:
		snprintf(buf, size, "it divides by zero");
		break;
	case NUMBER_NOT_FINITE:
		snprintf(buf, size, "it is too large for a number");
		break;
	case NUMBER_EMPTY:
	case NUMBER_OK:
	default:
		snprintf(buf, size, "it is empty");
		break;
	}
}

/* A number for key: of a quiz (answer:, tolerance:), or a problem saying why not. */
static int quiz_number(Parser *p, const char *key, const char *kind, const LessonText *t,
		       double *x)
{
	size_t at;
	NumberError e = number_parse(t->s, x, &at);
	if (e == NUMBER_OK)
		return 1;
	char why[128];
	number_why(e, t->s, at, why, sizeof why);
	lesson_problem_at(p, t->line,
		"%s%s%s must be a number, got '%.*s%s': %s (write it like 0.25, 1/1024, 0.9^50 or 1e-3)",
		key, kind ? " of a " : "", kind ? kind : "", Q(t->s), why);
	return 0;
}

/* Once the body is read: the keys a quiz's kind needs, and the ones it must not have. */
void lesson_quiz_check(Parser *p, LessonBlock *b, const LessonText *kind, const LessonText *tol)
{
	LessonCell *c = &b->cell;
	if (!kind->s)
		lesson_problem_at(p, b->line, "missing required key 'kind' (numeric, choice or predict)");
	else if (strcmp(kind->s, "numeric") == 0)
		c->kind = LESSON_QUIZ_NUMERIC;
	else if (strcmp(kind->s, "choice") == 0)
		c->kind = LESSON_QUIZ_CHOICE;
	else if (strcmp(kind->s, "predict") == 0)
		c->kind = LESSON_QUIZ_PREDICT;
	else
		lesson_problem_at(p, kind->line, "kind must be numeric, choice or predict, got '%.*s%s'",
			Q(kind->s));
	c->kind_line = kind->line;
	if (!c->ask.s)
		lesson_problem_at(p, b->line, "missing required key 'ask'");
	if (!c->answer.s)
		lesson_problem_at(p, b->line, "missing required key 'answer'");
	if (!c->explain.s)
		lesson_problem_at(p, b->line, "missing required key 'explain' (the learner deserves the why)");

	if (c->kind == LESSON_QUIZ_NUMERIC || c->kind == LESSON_QUIZ_PREDICT) {
		const char *k = lesson_quiz_kind_name(c->kind);
		char quiz[32];
		snprintf(quiz, sizeof quiz, "%s quiz", k);
		if (c->answer.s)
			quiz_number(p, "answer", quiz, &c->answer, &c->answer_value);
		c->tolerance_line = tol->line;
		double t = 0;
		if (!tol->s)
			lesson_problem_at(p, b->line, "missing required key 'tolerance' (a %s quiz needs one, > 0)", k);
		else if (quiz_number(p, "tolerance", NULL, tol, &t) && !(t > 0))
			lesson_problem_at(p, tol->line, "tolerance must be greater than 0, got '%s'", tol->s);
		else if (t > 0)
			c->tolerance = t;
		if (c->n_choices)
			lesson_problem_at(p, c->choices[0].line, "choice: lines belong to choice quizzes; this one is %s", k);
	} else if (c->kind == LESSON_QUIZ_CHOICE) {
		if (c->n_choices < 2)
			lesson_problem_at(p, c->n_choices ? c->choices[0].line : b->line,
				"a choice quiz needs two or more choice: lines, got %d", c->n_choices);
		if (c->answer.s) {
			int found = 0;
			for (int i = 0; i < c->n_choices; i++)
				found |= strcasecmp(c->choices[i].key, c->answer.s) == 0;
			if (!found && c->n_choices) {
				char keys[128] = "";
				for (int i = 0; i < c->n_choices; i++) {
					size_t n = strlen(keys);
					snprintf(keys + n, sizeof keys - n, "%s%s", i ? ", " : "",
						 c->choices[i].key);
				}
				lesson_problem_at(p, c->answer.line, "answer '%.*s%s' is not one of the choice keys (%s)",
					Q(c->answer.s), keys);
			}
		}
		if (tol->s)
			lesson_problem_at(p, tol->line, "tolerance: is for numeric and predict quizzes, not choice");
	}
	if (c->run.s && c->kind != LESSON_QUIZ_UNKNOWN && c->kind != LESSON_QUIZ_PREDICT)
		lesson_problem_at(p, c->run.line, "run: in a quiz is for predict quizzes only; this one is %s",
			lesson_quiz_kind_name(c->kind));
	else if (c->run.s) {
		LessonArgv a = { 0 };
		if (lesson_run_check(p, c, b->kind, &a))
			lesson_argv_free(&a);
	}
}

/* }==== */

/* {==== Numbering ==== */

/* Quizzes are numbered in file order; a quiz without id: gets "qN" from its number. Ids
 * must be unique among all the cells of the lesson: progress files store a quiz's, and
 * lessons/README.md names any cell by its id. */
void lesson_quizzes_number(Parser *p)
{
	Lesson *l = p->l;
	int q = 0;
	for (int i = 0; i < l->n_blocks && p->st == ST_OK; i++) {
		LessonCell *c = &l->blocks[i].cell;
		if (l->blocks[i].kind != LESSON_QUIZ)
			continue;
		c->number = ++q;
		if (!c->id.s) {
			char id[16];
			snprintf(id, sizeof id, "q%d", q);
			c->id.s = lesson_dup_n(p, id, strlen(id));
		}
	}
	l->n_quizzes = q;
	for (int i = 0; i < l->n_blocks && p->st == ST_OK; i++) {
		const LessonBlock *b = &l->blocks[i];
		if (!lesson_is_cell(b->kind) || !b->cell.id.s)
			continue;
		for (int k = 0; k < i; k++) {
			const LessonBlock *e = &l->blocks[k];
			if (!lesson_is_cell(e->kind) || !e->cell.id.s ||
			    strcmp(e->cell.id.s, b->cell.id.s) != 0)
				continue;
			if (b->cell.id.line)
				lesson_problem_at(p, b->cell.id.line, "duplicate id '%s' (the %s cell at line %d has it)",
					b->cell.id.s, lesson_kind_name(e->kind), e->line);
			else
				lesson_problem_at(p, b->line,
					"this quiz has no id: and gets '%s' from its position, but the %s cell at line %d has that id; give it an id:",
					b->cell.id.s, lesson_kind_name(e->kind), e->line);
			break;
		}
	}
}

/* }==== */

/* {==== Grading ==== */

LessonGrade lesson_grade(const LessonCell *quiz, const char *answer)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", answer ? answer : "");
	char *s = lesson_trim(buf);
	if (!*s)
		return LESSON_UNPARSEABLE;
	switch (quiz->kind) {
	case LESSON_QUIZ_NUMERIC:
	case LESSON_QUIZ_PREDICT: {
		double x, a = quiz->answer_value, tol = quiz->tolerance;
		if (!isfinite(a) || !(tol > 0) || number_parse(s, &x, NULL) != NUMBER_OK)
			return LESSON_UNPARSEABLE;
		/* 0.251 - 0.25 is 0.0010000000000000009: a few ulps of slack keep the bound in. */
		double slack = tol * 1e-9 + 4 * DBL_EPSILON * fmax(fabs(a), fabs(x));
		return fabs(x - a) <= tol + slack ? LESSON_CORRECT : LESSON_INCORRECT;
	}
	case LESSON_QUIZ_CHOICE: {
		if (!quiz->answer.s)
			return LESSON_UNPARSEABLE;
		for (int i = 0; i < quiz->n_choices; i++)
			if (strcasecmp(quiz->choices[i].key, s) == 0)
				return strcasecmp(quiz->choices[i].key, quiz->answer.s) == 0
					       ? LESSON_CORRECT
					       : LESSON_INCORRECT;
		return LESSON_UNPARSEABLE;
	}
	case LESSON_QUIZ_UNKNOWN:
		break;
	}
	return LESSON_UNPARSEABLE;
}

/* }==== */
