/* lint: a folder of lessons checked as a whole: parse, pair the languages, run the cells.
 * Each distinct command line runs once: the two languages share their run: lines, so the
 * second one reuses the first one's result (and reports it at its own line). The Chinese
 * lessons are also held to one term per concept: the glossary in the folder's README.md. */
#include "learn/lint.h"
#include "learn/lesson_internal.h"
#include "learn/md_table.h"

#include "core/lang.h"
#include "core/mem.h"
#include "core/path.h"
#include "core/plural.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MSG 512
#define PATH 4096

/* {==== Running commands ==== */

typedef struct Result {
	char *command;   /* the argv from argv[1], joined */
	int rc;
	char *message;   /* the first error line, "" when it succeeded */
} Result;

typedef struct Cache {
	Result *items;
	int n, cap;
} Cache;

static void cache_free(Cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++) {
		mem_free(c->items[i].command);
		mem_free(c->items[i].message);
	}
	mem_free(c->items);
	c->items = NULL;
	c->n = c->cap = 0;
}

/* The first non-blank line of s (or its last one), trimmed, into buf. */
static int pick_line(const char *s, int last, char *buf, size_t size)
{
	int found = 0;
	while (s && *s) {
		const char *end = strchr(s, '\n');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *b = s;
		while (n > 0 && (*b == ' ' || *b == '\t'))
			b++, n--;
		while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r'))
			n--;
		if (n > 0) {
			snprintf(buf, size, "%.*s", (int)n, b);
			found = 1;
			if (!last)
				return 1;
		}
		s = end ? end + 1 : NULL;
	}
	return found;
}

/* Run a command with its output captured (open_memstream allocates through libc, so its
 * buffers go back through free). Returns the cached result. */
static Status execute(LintRun run, Cache *cache, const LessonArgv *a, const Result **out)
{
	char key[PATH];
	lesson_argv_join(a, key, sizeof key);
	for (int i = 0; i < cache->n; i++)
		if (strcmp(cache->items[i].command, key) == 0) {
			*out = &cache->items[i];
			return ST_OK;
		}
	if (cache->n == cache->cap) {
		int cap = cache->cap ? 2 * cache->cap : 32;
		Result *items = mem_realloc(cache->items, (size_t)cap * sizeof *items);
		if (!items)
			return status_fail(ST_ENOMEM, "out of memory running lesson cells");
		cache->items = items;
		cache->cap = cap;
	}
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *o = open_memstream(&obuf, &olen);
	FILE *e = o ? open_memstream(&ebuf, &elen) : NULL;
	char **argv = mem_calloc((size_t)a->argc + 1, sizeof *argv);
	if (!o || !e || !argv) {
		if (o)
			fclose(o);
		if (e)
			fclose(e);
		free(obuf);
		free(ebuf);
		mem_free(argv);
		return status_fail(ST_ENOMEM, "out of memory running lesson cells");
	}
	/* The command gets its own array of pointers: whatever it does to argv, ours stays. */
	memcpy(argv, a->argv, (size_t)a->argc * sizeof *argv);
	int rc = run(a->argc, argv, o, e);
	mem_free(argv);
	fclose(o);
	fclose(e);
	char msg[MSG] = "";
	if (rc != 0 && !pick_line(ebuf, 0, msg, sizeof msg)) {
		char last[MSG - 64];
		if (pick_line(obuf, 1, last, sizeof last))
			snprintf(msg, sizeof msg, "exit status %d: %s", rc, last);
		else
			snprintf(msg, sizeof msg, "exit status %d and no message", rc);
	}
	free(obuf);
	free(ebuf);
	Result r = { mem_strdup(key), rc, mem_strdup(msg) };
	if (!r.command || !r.message) {
		mem_free(r.command);
		mem_free(r.message);
		return status_fail(ST_ENOMEM, "out of memory running lesson cells");
	}
	cache->items[cache->n] = r;
	*out = &cache->items[cache->n++];
	return ST_OK;
}

/* The exit status a cell's command must give: 0, or 1 (a check that fails) for a check of
 * a teaching fault, `check rnn --broken ...`, whose failure is what the cell shows. */
static int expected_rc(const LessonArgv *a)
{
	for (int i = 2; i < a->argc; i++)
		if (strncmp(a->argv[i], "--broken", 8) == 0 && strchr("=", a->argv[i][8]))
			return 1;
	return 0;
}

/* What is wrong with a run's status, or NULL. */
static const char *bad_rc(const LessonArgv *a, const Result *r)
{
	if (r->rc == expected_rc(a))
		return NULL;
	return r->rc == 0 ? "a check of a teaching fault (--broken) must fail, and it passed"
			  : r->message;
}

/* Split a run: line the parser accepted; 0 when it did not (it reported why). The line
 * is judged again as it will run: nothing the rule refuses ever reaches run. */
static Status runnable(const LessonBlock *blk, LessonArgv *a, int *ok)
{
	*ok = 0;
	if (blk->cell.refused)
		return ST_OK;
	Status st = lesson_argv_split(blk->cell.run.s, a);
	if (st == ST_ENOMEM)
		return st;
	if (st != ST_OK)
		return ST_OK;
	int word;
	if (lesson_run_judge(a, blk->kind, &word) != LESSON_RUN_OK) {
		lesson_argv_free(a);
		return ST_OK;
	}
	*ok = 1;
	return ST_OK;
}

/* One vary at one value: the run: line with --name value put in. */
static Status run_vary(const Lesson *l, const LessonBlock *blk, const LessonVary *v, int i,
		       LintRun run, Cache *cache, LessonProblems *ps)
{
	char value[64];
	lesson_vary_value(v, i, value, sizeof value);
	LessonArgv a = { 0 };
	int ok, word;
	Status st = runnable(blk, &a, &ok);
	if (st != ST_OK || !ok)
		return st;
	const Result *r;
	if ((st = lesson_argv_set(&a, v->name, value)) != ST_OK)
		goto done;
	if (lesson_run_judge(&a, blk->kind, &word) != LESSON_RUN_OK) {
		/* A value that turns into another word (a choice that looks like an option):
		 * refused as the line would run, never run. */
		st = lesson_problem_add(ps, l->file, v->line, "vary %s = %s: '%s' is not for lessons",
					v->name, value, a.argv[word]);
		goto done;
	}
	if ((st = execute(run, cache, &a, &r)) == ST_OK && bad_rc(&a, r))
		st = lesson_problem_add(ps, l->file, v->line, "vary %s = %s: %s", v->name, value,
					bad_rc(&a, r));
done:
	lesson_argv_free(&a);
	return st;
}

static Status runs(const Lesson *l, LintRun run, Cache *cache, LessonProblems *ps)
{
	for (int b = 0; b < l->n_blocks; b++) {
		const LessonBlock *blk = &l->blocks[b];
		const LessonCell *c = &blk->cell;
		if (!lesson_is_cell(blk->kind) || !c->run.s)
			continue;
		if (blk->kind == LESSON_QUIZ && c->kind != LESSON_QUIZ_PREDICT)
			continue;   /* a run: the parser refused */
		LessonArgv a = { 0 };
		int ok;
		Status st = runnable(blk, &a, &ok);
		if (st != ST_OK)
			return st;
		if (!ok)
			continue;
		const Result *r;
		st = execute(run, cache, &a, &r);
		const char *bad = st == ST_OK ? bad_rc(&a, r) : NULL;
		lesson_argv_free(&a);
		if (st != ST_OK)
			return st;
		if (bad) {
			/* Its varied runs would fail the same way: one report is enough. */
			if ((st = lesson_problem_add(ps, l->file, c->run.line, "run: %s", bad)) != ST_OK)
				return st;
			continue;
		}
		for (int k = 0; k < c->n_vary; k++) {
			const LessonVary *v = &c->vary[k];
			int n = lesson_vary_count(v);
			for (int i = 0; i < n; i++) {
				if (!v->is_choice && i != 0 && i != n - 1)
					continue;
				if ((st = run_vary(l, blk, v, i, run, cache, ps)) != ST_OK)
					return st;
			}
		}
	}
	return ST_OK;
}

Status lint_runs(const Lesson *l, LintRun run, LessonProblems *ps)
{
	Cache cache = { 0 };
	Status st = runs(l, run, &cache, ps);
	cache_free(&cache);
	return st;
}

/* }==== */

/* {==== The two languages ==== */

typedef struct Pair {
	const Lesson *a, *b;
	LessonProblems *ps;
	Status st;
} Pair;

static void differ(Pair *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void differ(Pair *p, int line, const char *fmt, ...)
{
	if (p->st != ST_OK)
		return;
	char msg[MSG];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lesson_cut_message(msg, sizeof msg, n);
	p->st = lesson_problem_add(p->ps, p->b->file, line, "%s", msg);
}

/* Two run: lines that name the same words. */
static int same_run(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	LessonArgv a = { 0 }, b = { 0 };
	int same;
	if (lesson_argv_split(x, &a) != ST_OK || lesson_argv_split(y, &b) != ST_OK) {
		same = strcmp(x, y) == 0;
	} else {
		same = a.argc == b.argc;
		for (int i = 1; same && i < a.argc; i++)
			same = strcmp(a.argv[i], b.argv[i]) == 0;
	}
	lesson_argv_free(&a);
	lesson_argv_free(&b);
	return same;
}

static int same_vary(const LessonVary *x, const LessonVary *y)
{
	if (strcmp(x->name, y->name) != 0 || x->is_choice != y->is_choice)
		return 0;
	if (!x->is_choice)
		return x->lo == y->lo && x->hi == y->hi && x->step == y->step;
	if (x->n_choices != y->n_choices)
		return 0;
	for (int i = 0; i < x->n_choices; i++)
		if (strcmp(x->choices[i], y->choices[i]) != 0)
			return 0;
	return 1;
}

static int same_number(double x, double y)
{
	return x == y || (isnan(x) && isnan(y));
}

static void choice_keys(const LessonCell *c, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < c->n_choices; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", i ? ", " : "", c->choices[i].key);
	}
}

static int line_or(int line, int fallback)
{
	return line > 0 ? line : fallback;
}

/* what: "cell 4 (quiz q2)", naming the cell in messages. */
static void compare_quiz(Pair *p, const char *what, const LessonBlock *x, const LessonBlock *y)
{
	const LessonCell *a = &x->cell, *b = &y->cell;
	const char *af = p->a->file;
	if (strcmp(a->id.s, b->id.s) != 0)
		differ(p, line_or(b->id.line, y->line), "%s: id '%s' here, '%s' in %s:%d", what,
		       b->id.s, a->id.s, af, line_or(a->id.line, x->line));
	int numeric = a->kind == LESSON_QUIZ_NUMERIC || a->kind == LESSON_QUIZ_PREDICT;
	int same_answer;
	if (!a->answer.s || !b->answer.s)
		same_answer = a->answer.s == b->answer.s;
	else if (numeric && isfinite(a->answer_value) && isfinite(b->answer_value))
		same_answer = a->answer_value == b->answer_value;
	else
		same_answer = strcasecmp(a->answer.s, b->answer.s) == 0;
	if (!same_answer)
		differ(p, line_or(b->answer.line, y->line), "%s: answer '%s' here, '%s' in %s:%d",
		       what, b->answer.s ? b->answer.s : "(none)", a->answer.s ? a->answer.s : "(none)",
		       af, line_or(a->answer.line, x->line));
	if (numeric && !same_number(a->tolerance, b->tolerance))
		differ(p, line_or(b->tolerance_line, y->line), "%s: tolerance %g here, %g in %s:%d",
		       what, b->tolerance, a->tolerance, af, line_or(a->tolerance_line, x->line));
	char ka[256], kb[256];
	choice_keys(a, ka, sizeof ka);
	choice_keys(b, kb, sizeof kb);
	if (strcasecmp(ka, kb) != 0)
		differ(p, b->n_choices ? b->choices[0].line : y->line,
		       "%s: choice keys (%s) here, (%s) in %s:%d", what, kb, ka, af,
		       a->n_choices ? a->choices[0].line : x->line);
}

static void compare_cell(Pair *p, int n, const LessonBlock *x, const LessonBlock *y)
{
	const LessonCell *a = &x->cell, *b = &y->cell;
	const char *af = p->a->file;
	char what[96];
	if (y->kind == LESSON_QUIZ)
		snprintf(what, sizeof what, "cell %d (quiz %s)", n, b->id.s);
	else
		snprintf(what, sizeof what, "cell %d (%s)", n, lesson_kind_name(y->kind));
	/* Quizzes of two kinds differ in everything else too: one report says it. */
	if (x->kind == LESSON_QUIZ && a->kind != b->kind) {
		differ(p, line_or(b->kind_line, y->line), "%s: kind %s here, %s in %s:%d", what,
		       lesson_quiz_kind_name(b->kind), lesson_quiz_kind_name(a->kind), af,
		       line_or(a->kind_line, x->line));
		return;
	}
	if (!same_run(a->run.s, b->run.s))
		differ(p, line_or(b->run.line, y->line), "%s: run: '%s' here, '%s' in %s:%d", what,
		       b->run.s ? b->run.s : "(none)", a->run.s ? a->run.s : "(none)", af,
		       line_or(a->run.line, x->line));
	if (a->n_vary != b->n_vary) {
		differ(p, y->line, "%s: %d vary line%s here, %d in %s:%d", what, b->n_vary,
		       b->n_vary == 1 ? "" : "s", a->n_vary, af, x->line);
	} else {
		for (int i = 0; i < a->n_vary; i++)
			if (!same_vary(&a->vary[i], &b->vary[i]))
				differ(p, b->vary[i].line, "%s: vary '%s = %s' here, '%s = %s' in %s:%d",
				       what, b->vary[i].name, b->vary[i].text, a->vary[i].name,
				       a->vary[i].text, af, a->vary[i].line);
	}
	if (x->kind == LESSON_QUIZ) {
		compare_quiz(p, what, x, y);
	} else if (!a->id.s != !b->id.s || (a->id.s && strcmp(a->id.s, b->id.s) != 0)) {
		differ(p, line_or(b->id.line, y->line), "%s: id '%s' here, '%s' in %s:%d", what,
		       b->id.s ? b->id.s : "(none)", a->id.s ? a->id.s : "(none)", af,
		       line_or(a->id.line, x->line));
	}
}

Status lint_compare(const Lesson *a, const Lesson *b, LessonProblems *ps)
{
	Pair p = { a, b, ps, ST_OK };
	int na = a->n_cells, nb = b->n_cells;
	if (na != nb)
		differ(&p, 0, "%d %s here, %d in %s", nb, plural_en(nb, "cell", "cells"), na, a->file);
	int i = 0, j = 0, n = 0;
	while (p.st == ST_OK) {
		while (i < a->n_blocks && !lesson_is_cell(a->blocks[i].kind))
			i++;
		while (j < b->n_blocks && !lesson_is_cell(b->blocks[j].kind))
			j++;
		if (i == a->n_blocks || j == b->n_blocks)
			break;
		const LessonBlock *x = &a->blocks[i++], *y = &b->blocks[j++];
		n++;
		if (x->kind != y->kind) {
			differ(&p, y->line, "cell %d is a%s %s here but a%s %s in %s:%d; the cells after it are not compared",
			       n, y->kind == LESSON_EXPERIMENT ? "n" : "", lesson_kind_name(y->kind),
			       x->kind == LESSON_EXPERIMENT ? "n" : "", lesson_kind_name(x->kind),
			       a->file, x->line);
			break;
		}
		compare_cell(&p, n, x, y);
	}
	return p.st;
}

/* }==== */

/* {==== The glossary ==== */

#define MAX_USED 64         /* refused names told apart on one line */

static void term_free(LintTerm *t)
{
	if (!t)
		return;
	mem_free(t->en);
	mem_free(t->term);
	for (int i = 0; i < t->n_refused; i++)
		mem_free(t->refused[i]);
	mem_free(t->refused);
	memset(t, 0, sizeof *t);
}

void lint_glossary_free(LintGlossary *g)
{
	if (!g)
		return;
	for (int i = 0; i < g->n; i++)
		term_free(&g->terms[i]);
	mem_free(g->terms);
	g->terms = NULL;
	g->n = g->cap = 0;
}

/* The refused names of one cell, split at "," "，" and "、". */
static Status add_refused(LintTerm *t, const char *b, size_t n)
{
	const char *end = b + n;
	while (b < end) {
		const char *e = b;
		size_t sep = 0;
		while (e < end) {
			if (*e == ',') {
				sep = 1;
				break;
			}
			if (end - e >= 3 && (memcmp(e, "、", 3) == 0 || memcmp(e, "，", 3) == 0)) {
				sep = 3;
				break;
			}
			e++;
		}
		char *name = md_dup_trimmed(b, (size_t)(e - b));
		if (!name)
			return ST_ENOMEM;
		if (!name[0]) {
			mem_free(name);
		} else {
			char **r = mem_realloc(t->refused, (size_t)(t->n_refused + 1) * sizeof *r);
			if (!r) {
				mem_free(name);
				return ST_ENOMEM;
			}
			t->refused = r;
			t->refused[t->n_refused++] = name;
		}
		b = e + sep;
		if (!sep)
			break;
	}
	return ST_OK;
}

static Status add_row(LintGlossary *g, const char *file, int line, const char *b, size_t n,
		      LessonProblems *ps)
{
	const char *cell[4];
	size_t cell_n[4];
	int k = md_row_cells(b, n, cell, cell_n, 4);
	if (k < 2 || k > 3 || cell_n[0] == 0 || cell_n[1] == 0)
		return lesson_problem_add(ps, file, line,
					  "a glossary row is | English | 中文 | refused names |, with both terms written");
	if (g->n == g->cap) {
		int cap = g->cap ? 2 * g->cap : 32;
		LintTerm *terms = mem_realloc(g->terms, (size_t)cap * sizeof *terms);
		if (!terms)
			return ST_ENOMEM;
		g->terms = terms;
		g->cap = cap;
	}
	LintTerm *t = &g->terms[g->n];
	memset(t, 0, sizeof *t);
	t->line = line;
	t->en = md_dup_trimmed(cell[0], cell_n[0]);
	t->term = md_dup_trimmed(cell[1], cell_n[1]);
	if (!t->en || !t->term || (k == 3 && add_refused(t, cell[2], cell_n[2]) != ST_OK)) {
		term_free(t);
		return ST_ENOMEM;
	}
	g->n++;
	return ST_OK;
}

/* "## Glossary ..." opens the section; the next heading of level 1 or 2 closes it. */
Status lint_glossary_load(const char *file, LintGlossary *g, LessonProblems *ps)
{
	char *text;
	size_t len;
	int err;
	Status st = md_read_regular(file, &text, &len, &err);
	if (st != ST_OK)
		return st;
	if (!text) {
		/* No README.md is no glossary; one that cannot be read must not pass unseen. */
		if (err && err != ENOENT && err != ENOTDIR &&
		    lesson_problem_add(ps, file, 0, "cannot read the glossary: %s",
				       err == MD_NOT_REGULAR ? "not a regular file" : strerror(err)) != ST_OK)
			return status_fail(ST_ENOMEM, "out of memory reading the glossary %s", file);
		return ST_OK;
	}
	const char *s = text, *end = text + len, *b, *nb;
	size_t n, nn;
	int line = 0, in = 0, found = 0, from = ps->n;
	while (md_next_line(&s, end, &b, &n)) {
		line++;
		int level = md_heading_level(b, n);
		if (level == 2 && n >= 11 && memcmp(b, "## Glossary", 11) == 0) {
			in = found = 1;
			continue;
		}
		if (level == 1 || level == 2)
			in = 0;
		if (!in || n == 0 || b[0] != '|' || md_is_rule_row(b, n))
			continue;
		/* The header: the row right above the |---| line. */
		const char *peek = s;
		if (md_next_line(&peek, end, &nb, &nn) && md_is_rule_row(nb, nn))
			continue;
		if ((st = add_row(g, file, line, b, n, ps)) != ST_OK)
			goto done;
	}
	if (found && g->n == 0 && (st = lesson_problem_add(ps, file, 0, "the Glossary section has no rows")) != ST_OK)
		goto done;
	/* A refused name inside any term would report every use of that term: it is reported
	 * once here and left out. */
	for (int i = 0; i < g->n; i++) {
		LintTerm *t = &g->terms[i];
		for (int r = 0; r < t->n_refused;) {
			int j = 0;
			while (j < g->n && !strstr(g->terms[j].term, t->refused[r]))
				j++;
			if (j == g->n) {
				r++;
				continue;
			}
			if ((st = lesson_problem_add(ps, file, t->line,
						     "the refused name '%s' is part of the term '%s' (line %d)",
						     t->refused[r], g->terms[j].term, g->terms[j].line)) != ST_OK)
				goto done;
			mem_free(t->refused[r]);
			memmove(&t->refused[r], &t->refused[r + 1],
				(size_t)(t->n_refused - r - 1) * sizeof *t->refused);
			t->n_refused--;
		}
	}
	lesson_problems_sort(ps, from);
done:
	mem_free(text);
	return st == ST_OK ? ST_OK : status_fail(ST_ENOMEM, "out of memory reading the glossary %s", file);
}

/* b[0..at) ends with "term（" or "term(" or "term (": the name at is a gloss of the term. */
static int is_gloss(const char *b, size_t at, const char *term)
{
	static const char *const open[] = { "（", "(", " (" };
	size_t tn = strlen(term);
	for (int i = 0; i < 3; i++) {
		size_t on = strlen(open[i]);
		if (at >= tn + on && memcmp(b + at - on, open[i], on) == 0 &&
		    memcmp(b + at - on - tn, term, tn) == 0)
			return 1;
	}
	return 0;
}

/* Does the refused name occur in buf, starting before limit, other than as a gloss? */
static int uses(const char *buf, size_t limit, const char *name, const char *term)
{
	for (const char *p = strstr(buf, name); p && (size_t)(p - buf) < limit; p = strstr(p + 1, name))
		if (!is_gloss(buf, (size_t)(p - buf), term))
			return 1;
	return 0;
}

Status lint_terms(const char *file, const char *text, size_t len, const LintGlossary *g,
		  LessonProblems *ps)
{
	size_t longest = 0;
	for (int i = 0; i < g->n; i++)
		for (int r = 0; r < g->terms[i].n_refused; r++)
			if (strlen(g->terms[i].refused[r]) > longest)
				longest = strlen(g->terms[i].refused[r]);
	if (longest == 0)
		return ST_OK;
	const char *s = text, *end = text + len, *b, *nb;
	size_t n, nn;
	int line = 0;
	char *buf = NULL;
	size_t cap = 0;
	Status st = ST_OK;
	while (md_next_line(&s, end, &b, &n)) {
		line++;
		/* This line, then the start of the next one joined as the reader joins it: nothing
		 * between two non-ASCII characters, a space otherwise. */
		size_t bn = n;
		while (bn > 0 && (b[bn - 1] == ' ' || b[bn - 1] == '\t'))
			bn--;
		const char *peek = s;
		size_t head = 0, joint = 0;
		if (md_next_line(&peek, end, &nb, &nn)) {
			while (nn > 0 && (*nb == ' ' || *nb == '\t'))
				nb++, nn--;
			head = nn < longest ? nn : longest - 1;
			if (head > 0)
				joint = bn > 0 && (unsigned char)b[bn - 1] >= 0x80 && (unsigned char)nb[0] >= 0x80 ? 0 : 1;
		}
		if (bn + joint + head + 1 > cap) {
			size_t c = bn + joint + head + 1;
			char *nbuf = mem_realloc(buf, c);
			if (!nbuf) {
				st = status_fail(ST_ENOMEM, "out of memory checking the terms of %s", file);
				break;
			}
			buf = nbuf;
			cap = c;
		}
		memcpy(buf, b, bn);
		if (joint)
			buf[bn] = ' ';
		memcpy(buf + bn + joint, nb, head);
		buf[bn + joint + head] = '\0';
		/* The names used here; one inside a longer one used here is part of that word,
		 * which is reported once, by the longer name. */
		const char *used[MAX_USED];
		const LintTerm *of[MAX_USED];
		int n_used = 0;
		for (int i = 0; i < g->n; i++)
			for (int r = 0; r < g->terms[i].n_refused && n_used < MAX_USED; r++)
				if (uses(buf, bn, g->terms[i].refused[r], g->terms[i].term)) {
					used[n_used] = g->terms[i].refused[r];
					of[n_used++] = &g->terms[i];
				}
		for (int k = 0; k < n_used && st == ST_OK; k++) {
			int inside = 0;
			for (int j = 0; j < n_used && !inside; j++)
				inside = j != k && strlen(used[j]) > strlen(used[k]) && strstr(used[j], used[k]);
			if (!inside)
				st = lesson_problem_add(ps, file, line,
							"'%s' is not the glossary's term for %s: write '%s'",
							used[k], of[k]->en, of[k]->term);
		}
		if (st != ST_OK)
			break;
	}
	mem_free(buf);
	return st;
}

static Status check_terms(const char *path, const LintGlossary *g, LessonProblems *ps)
{
	char *text;
	size_t len;
	int err;
	Status st = md_read_regular(path, &text, &len, &err);
	if (st == ST_OK && text)
		st = lint_terms(path, text, len, g, ps);
	mem_free(text);
	return st;
}

/* }==== */

/* {==== A folder ==== */

/* Every language's folder (core/lang.h: DIR/CODE) is walked beside English's, by name:
 * each translation is paired with the English lesson of its name. */
Status lint_dir(const char *dir, LintRun run, LessonProblems *ps, int *n_lessons)
{
	*n_lessons = 0;
	DIR *d = opendir(dir);
	if (!d)
		return status_fail(ST_EIO, "cannot open %s: %s", dir, strerror(errno));
	closedir(d);
	LessonNames names[LANG_COUNT] = { { 0 } };
	Cache cache = { 0 };
	LintGlossary glossary = { 0 };
	LintQuestionMap map = { 0 };
	Status st = ST_OK;
	char path[LANG_COUNT][PATH];
	if ((st = path_join(path[0], PATH, dir, "README.md")) != ST_OK ||
	    (st = lint_glossary_load(path[0], &glossary, ps)) != ST_OK ||
	    (st = lint_map_load(path[0], &map, ps)) != ST_OK)
		goto done;
	for (int k = 0; k < LANG_COUNT; k++) {
		if ((st = path_join(path[0], PATH, dir, lang_code(k))) != ST_OK)
			goto done;
		st = lesson_list_dir(path[0], &names[k], ps);
		if (st == ST_ENOMEM)
			goto done;
		if (st != ST_OK && (st = lesson_problem_add(ps, dir, 0, "%s", status_detail())) != ST_OK)
			goto done;
		st = ST_OK;
	}
	/* Walk the sorted lists together: at[k] is the next name of language k's. */
	int at[LANG_COUNT] = { 0 };
	for (;;) {
		const char *name = NULL;
		for (int k = 0; k < LANG_COUNT; k++)
			if (at[k] < names[k].n && (!name || strcmp(names[k].names[at[k]], name) < 0))
				name = names[k].names[at[k]];
		if (!name)
			break;
		int has[LANG_COUNT];
		for (int k = 0; k < LANG_COUNT; k++)
			has[k] = at[k] < names[k].n && strcmp(names[k].names[at[k]], name) == 0;
		(*n_lessons)++;
		int from = ps->n;
		Lesson *l[LANG_COUNT] = { NULL };
		for (int k = 0; k < LANG_COUNT; k++) {
			if ((st = path_join(path[k], PATH, dir, lang_code(k))) != ST_OK ||
			    (st = path_join(path[k], PATH, path[k], name)) != ST_OK)
				goto lesson_done;
			if (!has[k])
				continue;
			st = lesson_load(path[k], &l[k], ps);
			if (st == ST_ENOMEM)
				goto lesson_done;
			st = ST_OK;
		}
		/* English and each translation: a lesson in one of the two only has no partner */
		for (int k = 1; k < LANG_COUNT; k++)
			for (int side = 0; side < 2; side++) {
				int here = side ? k : 0, there = side ? 0 : k;
				if (has[here] && !has[there] &&
				    (st = lesson_problem_add(ps, path[here], 0,
							     "no partner: %s does not exist",
							     path[there])) != ST_OK)
					goto lesson_done;
			}
		if (l[0] && (st = lint_map_lesson(&map, name, l[0], ps)) != ST_OK)
			goto lesson_done;
		for (int k = 1; k < LANG_COUNT; k++) {
			if (l[0] && l[k] && (st = lint_compare(l[0], l[k], ps)) != ST_OK)
				goto lesson_done;
			if (l[k] && glossary.n && (st = check_terms(path[k], &glossary, ps)) != ST_OK)
				goto lesson_done;
		}
		for (int k = 0; k < LANG_COUNT && run; k++)
			if (l[k] && (st = runs(l[k], run, &cache, ps)) != ST_OK)
				goto lesson_done;
		lesson_problems_sort(ps, from);
lesson_done:
		for (int k = 0; k < LANG_COUNT; k++) {
			lesson_free(l[k]);
			at[k] += has[k];
		}
		if (st != ST_OK)
			goto done;
	}
	st = lint_map_finish(&map, ps);
done:
	cache_free(&cache);
	lint_glossary_free(&glossary);
	lint_map_free(&map);
	for (int k = 0; k < LANG_COUNT; k++)
		lesson_names_free(&names[k]);
	return st;
}

/* }==== */
