/* lesson_cell: the cell parser, the stage the block parser (lesson_blocks.c) hands the body
 * of an experiment, check or quiz fence to (lesson_internal.h). It reads "key: value" lines,
 * checks each key against its cell's list, and checks a run: line's words and command. The
 * values with a shape of their own go on: vary: to lesson_vary.c; choice:, and a quiz's keys
 * taken together, to lesson_quiz.c. */
#include "learn/lesson.h"

#include "learn/lesson_internal.h"

#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

/* {==== Keys and commands ==== */

/* id: names a cell for lessons/README.md's map of questions to cells (and a quiz for the
 * progress file); it is optional everywhere. */
static const char *const experiment_keys[] = { "id", "run", "vary", "caption", NULL };
static const char *const check_keys[] = { "id", "run", NULL };
static const char *const quiz_keys[] = { "id", "kind", "ask", "answer", "tolerance",
					 "choice", "run", "explain", NULL };

static const char *const *keys_of(LessonBlockKind k)
{
	return k == LESSON_EXPERIMENT ? experiment_keys : k == LESSON_CHECK ? check_keys : quiz_keys;
}

static int has_key(const char *const *keys, const char *key)
{
	for (; *keys; keys++)
		if (strcmp(*keys, key) == 0)
			return 1;
	return 0;
}

static void key_list(const char *const *keys, char *buf, size_t size)
{
	buf[0] = '\0';
	for (const char *const *k = keys; *k; k++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", k == keys ? "" : ", ", *k);
	}
}

/* }==== */

/* {==== Reading a cell ==== */

/* A word of the lesson kept for messages, with control characters made '?': whatever the
 * file holds, a message stays one line and sends nothing to the terminal. */
static const char *keep_word(Parser *p, const char *w)
{
	char *s = lesson_dup_n(p, w, strlen(w));
	return s ? utf8_scrub(s) : NULL;
}

void lesson_refuse(Parser *p, LessonCell *c, int line, const char *where, LessonRunRefusal why,
		   const char *cmd, const char *word)
{
	const char *w = keep_word(p, word);
	if (!w)
		return;
	if (!c->refused) {
		c->refused = why;
		c->refused_word = w;
		c->refused_line = line;
	}
	char msg[512];
	int n = 0;
	switch (why) {
	case LESSON_RUN_OK:
		return;
	case LESSON_RUN_GRADLAB:
		n = snprintf(msg, sizeof msg, "leave out the leading 'gradlab'");
		break;
	case LESSON_RUN_NOT_A_COMMAND:
		n = snprintf(msg, sizeof msg, "'%.*s%s' is not a command a lesson may run (%s)", Q(w),
			     lesson_command_names());
		break;
	case LESSON_RUN_CHECK_CELL:
		n = snprintf(msg, sizeof msg, "a check cell runs 'check', not '%.*s%s' (use an experiment)",
			     Q(w));
		break;
	case LESSON_RUN_UNKNOWN_OPTION:
		n = snprintf(msg, sizeof msg, "'%.*s%s' is not an option of %s a lesson may give (see 'gradlab %s --help')",
			     Q(w), cmd, cmd);
		break;
	case LESSON_RUN_BOOK_OPTION:
		n = snprintf(msg, sizeof msg, "'%.*s%s' is the book's to choose, not a lesson's: the book draws the plot in the cell and p saves it",
			     Q(w));
		break;
	case LESSON_RUN_ARGUMENT:
		n = snprintf(msg, sizeof msg, "%s takes no argument '%.*s%s'", cmd, Q(w));
		break;
	}
	lesson_cut_message(msg, sizeof msg, n);
	lesson_problem_at(p, line, "%s: %s", where, msg);
}

/* The run: line of a cell: split it and judge it by the rule of what a lesson may run. On
 * success *a holds the argv; a line refused by the rule marks the cell refused. */
int lesson_run_check(Parser *p, LessonCell *c, LessonBlockKind kind, LessonArgv *a)
{
	const LessonText *run = &c->run;
	Status st = lesson_argv_split(run->s, a);
	if (st == ST_ENOMEM) {
		p->st = ST_ENOMEM;
		return 0;
	}
	if (st != ST_OK) {
		lesson_problem_at(p, run->line, "run: %s", status_detail());
		return 0;
	}
	int word;
	LessonRunRefusal why = lesson_run_judge(a, kind, &word);
	if (why == LESSON_RUN_OK)
		return 1;
	lesson_refuse(p, c, run->line, "run", why, a->argv[1], a->argv[word]);
	lesson_argv_free(a);
	return 0;
}

/* The body of an experiment, check or quiz: "key: value" lines. */
void lesson_cell_parse(Parser *p, LessonBlock *b, Line *body, int n)
{
	LessonCell *c = &b->cell;
	const char *const *keys = keys_of(b->kind);
	LessonText kind = { 0 }, tol = { 0 };
	int cap_vary = 0, cap_choices = 0;
	for (int i = 0; i < n && p->st == ST_OK; i++) {
		int line = body[i].no;
		if (lesson_is_blank(body[i].s))
			continue;
		/* Keys are parsed from a copy: the block keeps its lines as written. */
		char *s = lesson_dup_n(p, body[i].s, strlen(body[i].s));
		if (!s)
			return;
		s = lesson_trim(s);
		char *colon = strchr(s, ':');
		size_t klen = colon ? (size_t)(colon - s) : 0;
		while (klen > 0 && lesson_is_blank_char(s[klen - 1]))
			klen--;
		int ok = klen > 0;
		for (size_t j = 0; j < klen; j++)
			ok &= lesson_is_name_char(s[j]);
		if (!ok) {
			lesson_problem_at(p, line, "expected 'key: value', got '%.*s%s'", Q(s));
			continue;
		}
		s[klen] = '\0';
		char *value = lesson_trim(colon + 1);
		const char *key = s;
		if (!has_key(keys, key)) {
			char list[128];
			key_list(keys, list, sizeof list);
			lesson_problem_at(p, line, "unknown key '%s' in %s %s cell (its keys are %s)", key,
				b->kind == LESSON_EXPERIMENT ? "an" : "a", lesson_kind_name(b->kind), list);
			continue;
		}
		if (!*value) {
			lesson_problem_at(p, line, "'%s:' has no value", key);
			continue;
		}
		if (strcmp(key, "vary") == 0) {
			lesson_vary_parse(p, c, &cap_vary, value, line);
			continue;
		}
		if (strcmp(key, "choice") == 0) {
			lesson_choice_parse(p, c, &cap_choices, value, line);
			continue;
		}
		LessonText *slot = &c->explain;
		if (strcmp(key, "run") == 0)
			slot = &c->run;
		else if (strcmp(key, "caption") == 0)
			slot = &c->caption;
		else if (strcmp(key, "id") == 0)
			slot = &c->id;
		else if (strcmp(key, "kind") == 0)
			slot = &kind;
		else if (strcmp(key, "ask") == 0)
			slot = &c->ask;
		else if (strcmp(key, "answer") == 0)
			slot = &c->answer;
		else if (strcmp(key, "tolerance") == 0)
			slot = &tol;
		if (slot->s) {
			lesson_problem_at(p, line, "duplicate key '%s' (first at line %d)", key, slot->line);
			continue;
		}
		slot->s = value;
		slot->line = line;
	}
	if (p->st != ST_OK)
		return;
	if (c->id.s && !lesson_is_name(c->id.s))
		lesson_problem_at(p, c->id.line, "id must be letters, digits, '-' or '_', got '%.*s%s'",
			Q(c->id.s));
	if (b->kind == LESSON_QUIZ) {
		lesson_quiz_check(p, b, &kind, &tol);
		return;
	}
	if (!c->run.s) {
		lesson_problem_at(p, b->line, "missing required key 'run' in %s %s cell",
			b->kind == LESSON_EXPERIMENT ? "an" : "a", lesson_kind_name(b->kind));
		return;
	}
	LessonArgv a = { 0 };
	if (lesson_run_check(p, c, b->kind, &a)) {
		lesson_vary_check_start(p, c, &a);
		lesson_argv_free(&a);
	}
}

/* }==== */
