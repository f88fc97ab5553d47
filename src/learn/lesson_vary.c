/* lesson_vary: the vary: key of an experiment cell (lesson_internal.h) and the values it
 * steps through. The cell parser (lesson_cell.c) hands it "NAME = LO..HI step S" or
 * "NAME = a|b|c"; a well-formed one is kept, and its starting value in run: is checked. The
 * UI and the lint then walk the values with lesson_vary_count, _value and _index (lesson.h). */
#include "learn/lesson.h"

#include "learn/lesson_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* {==== Parsing a vary ==== */

/* vary: NAME = LO..HI step S or NAME = a|b|c. */
void lesson_vary_parse(Parser *p, LessonCell *c, int *cap, const char *value, int line)
{
	const char *eq = strchr(value, '=');
	if (!eq) {
		lesson_problem_at(p, line, "vary must be 'NAME = LO..HI step S' or 'NAME = a|b|c', got '%.*s%s'",
			Q(value));
		return;
	}
	char *name = lesson_dup_n(p, value, (size_t)(eq - value));
	char *rhs = lesson_dup_n(p, eq + 1, strlen(eq + 1));
	if (!name || !rhs)
		return;
	name = lesson_trim(name);
	rhs = lesson_trim(rhs);
	if (strncmp(name, "--", 2) == 0) {
		lesson_problem_at(p, line, "vary: write the option without '--': '%s' rather than '%s'",
			name + 2, name);
		return;
	}
	if (!lesson_is_name(name)) {
		lesson_problem_at(p, line, "vary: '%.*s%s' is not an option name (letters, digits, '-', '_')",
			Q(name));
		return;
	}
	for (int i = 0; i < c->n_vary; i++)
		if (strcmp(c->vary[i].name, name) == 0) {
			lesson_problem_at(p, line, "vary %s appears twice (first at line %d)", name,
				c->vary[i].line);
			return;
		}
	LessonVary v = { .name = name, .text = rhs, .line = line };
	char *dots = strstr(rhs, "..");
	if (dots) {
		char *lo_s = lesson_dup_n(p, rhs, (size_t)(dots - rhs));
		char *rest = lesson_dup_n(p, dots + 2, strlen(dots + 2));
		if (!lo_s || !rest)
			return;
		lo_s = lesson_trim(lo_s);
		char *words[4], *save = NULL;
		int n = 0;
		for (char *w = strtok_r(rest, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
			if (n < 4)
				words[n++] = w;
			else
				n = 5;
		if (n != 3 || strcmp(words[1], "step") != 0) {
			lesson_problem_at(p, line, "vary %s: a range is 'LO..HI step S', got '%.*s%s'", name,
				Q(rhs));
			return;
		}
		const char *bad = NULL;
		if (!lesson_parse_number(lo_s, &v.lo))
			bad = lo_s;
		else if (!lesson_parse_number(words[0], &v.hi))
			bad = words[0];
		else if (!lesson_parse_number(words[2], &v.step))
			bad = words[2];
		if (bad) {
			lesson_problem_at(p, line, "vary %s: '%.*s%s' is not a number", name, Q(bad));
			return;
		}
		if (!(v.lo < v.hi)) {
			lesson_problem_at(p, line, "vary %s: LO (%s) must be less than HI (%s)", name, lo_s,
				words[0]);
			return;
		}
		if (!(v.step > 0)) {
			lesson_problem_at(p, line, "vary %s: the step must be greater than 0, got '%s'", name,
				words[2]);
			return;
		}
		double steps = (v.hi - v.lo) / v.step;
		if (!isfinite(steps) || steps > LESSON_MAX_VARY_STEPS + 1e-6) {
			lesson_problem_at(p, line, "vary %s: %s..%s step %s holds %.4g steps; the limit is %d",
				name, lo_s, words[0], words[2], steps, LESSON_MAX_VARY_STEPS);
			return;
		}
		if (fabs(steps - round(steps)) > 1e-6 * fmax(1, steps)) {
			lesson_problem_at(p, line, "vary %s: HI (%s) is not LO (%s) plus a whole number of steps of %s",
				name, words[0], lo_s, words[2]);
			return;
		}
	} else if (strchr(rhs, '|')) {
		int n = 1;
		for (const char *s = rhs; *s; s++)
			n += *s == '|';
		const char **choices = lesson_alloc(p, (size_t)n * sizeof *choices);
		char *list = lesson_dup_n(p, rhs, strlen(rhs));
		if (!choices || !list)
			return;
		int k = 0;
		for (char *s = list;;) {
			char *bar = strchr(s, '|');
			if (bar)
				*bar = '\0';
			char *w = lesson_trim(s);
			if (!*w) {
				lesson_problem_at(p, line, "vary %s: an empty choice in '%.*s%s'", name, Q(rhs));
				return;
			}
			if (strpbrk(w, " \t")) {
				lesson_problem_at(p, line, "vary %s: the choice '%.*s%s' has a space in it", name,
					Q(w));
				return;
			}
			for (int i = 0; i < k; i++)
				if (strcmp(choices[i], w) == 0) {
					lesson_problem_at(p, line, "vary %s: '%s' is listed twice", name, w);
					return;
				}
			choices[k++] = w;
			if (!bar)
				break;
			s = bar + 1;
		}
		v.is_choice = 1;
		v.choices = choices;
		v.n_choices = k;
	} else {
		lesson_problem_at(p, line, "vary %s: expected 'LO..HI step S' or 'a|b|c' after '=', got '%.*s%s'",
			name, Q(rhs));
		return;
	}
	LessonVary *vs = lesson_grow(p, c->vary, c->n_vary, cap, sizeof *vs);
	if (!vs)
		return;
	c->vary = vs;
	c->vary[c->n_vary++] = v;
}

/* Each vary names an option the lesson may give its command, and its starting value (its
 * value in run:) is one of its values. */
void lesson_vary_check_start(Parser *p, LessonCell *c, const LessonArgv *a)
{
	for (int i = 0; i < c->n_vary; i++) {
		const LessonVary *v = &c->vary[i];
		LessonRunRefusal why = lesson_option_judge(a->argv[1], v->name);
		if (why != LESSON_RUN_OK) {
			char opt[128], where[128];
			snprintf(opt, sizeof opt, "--%.100s", v->name);
			snprintf(where, sizeof where, "vary %.100s", v->name);
			lesson_refuse(p, c, v->line, where, why, a->argv[1], opt);
			continue;
		}
		/* Each choice put in, as the book and the lint will: a choice that looks like an
		 * option ("--csv") would become one. A number cannot. */
		for (int k = 0; v->is_choice && k < v->n_choices; k++) {
			LessonArgv b = { 0 };
			int word;
			if (lesson_argv_split(c->run.s, &b) != ST_OK ||
			    lesson_argv_set(&b, v->name, v->choices[k]) != ST_OK) {
				lesson_argv_free(&b);
				p->st = ST_ENOMEM;   /* the line split before: only memory can fail */
				return;
			}
			LessonRunRefusal bad = lesson_run_judge(&b, LESSON_EXPERIMENT, &word);
			if (bad != LESSON_RUN_OK) {
				char where[160];
				snprintf(where, sizeof where, "vary %.60s = %.60s", v->name, v->choices[k]);
				lesson_refuse(p, c, v->line, where, bad, b.argv[1], b.argv[word]);
			}
			lesson_argv_free(&b);
			if (bad != LESSON_RUN_OK)
				break;
		}
		const char *x = lesson_argv_get(a, v->name);
		if (!x)
			continue;   /* the command's default; the lint runs the endpoints */
		if (!*x)
			lesson_problem_at(p, v->line, "vary %s: --%s has no value in run:", v->name, v->name);
		else if (lesson_vary_index(v, x) < 0)
			lesson_problem_at(p, v->line, "vary %s: the value in run: (--%s %.*s%s) is not one of %s",
				v->name, v->name, Q(x), v->text);
	}
}

/* }==== */

/* {==== Values of a vary ==== */

int lesson_vary_count(const LessonVary *v)
{
	if (v->is_choice)
		return v->n_choices;
	return (int)llround((v->hi - v->lo) / v->step) + 1;
}

void lesson_vary_value(const LessonVary *v, int i, char *buf, size_t size)
{
	if (v->is_choice) {
		snprintf(buf, size, "%s", i >= 0 && i < v->n_choices ? v->choices[i] : "");
		return;
	}
	double x = v->lo + i * v->step;
	/* 0.1 + 2*0.1 is 0.30000000000000004: show the value the lesson means. */
	if (fabs(x) < 1e-9 * v->step)
		x = 0;
	snprintf(buf, size, "%.12g", x);
}

int lesson_vary_index(const LessonVary *v, const char *value)
{
	if (v->is_choice) {
		for (int i = 0; i < v->n_choices; i++)
			if (strcmp(v->choices[i], value) == 0)
				return i;
		return -1;
	}
	double x;
	if (!lesson_parse_number(value, &x))
		return -1;
	double t = (x - v->lo) / v->step;
	long long k = llround(t);
	if (fabs(t - (double)k) > 1e-6 || k < 0 || k >= lesson_vary_count(v))
		return -1;
	return (int)k;
}

/* }==== */
