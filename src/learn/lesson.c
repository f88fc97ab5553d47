/* lesson: the lesson parser (lessons/README.md), the run: line helpers and quiz grading.
 * The text is copied once into the lesson's arena, checked for UTF-8 and split into lines
 * in place; blocks then point into that copy. Every problem is appended to the caller's
 * list and parsing goes on, so one run of the lint shows them all. */
#include "learn/lesson.h"

#include "core/arena.h"
#include "core/mem.h"

#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* How much of a learner's text a message quotes, in bytes. */
#define QUOTE 60

/* {==== Problems ==== */

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

/* }==== */

/* {==== Text: UTF-8, blanks, numbers ==== */

/* The length of the valid UTF-8 character at s (n bytes left), 0 when invalid or NUL. */
static int utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return c ? 1 : 0;
	int len;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, cp = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, cp = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < (size_t)len)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* The code point at s, which is valid UTF-8 (the parser made it so). */
static uint32_t utf8_at(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	if (s[0] < 0x80)
		return s[0];
	int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	uint32_t cp = s[0] & (0x3F >> (len - 1));
	for (int i = 1; i < len && s[i]; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* East Asian wide and fullwidth characters: CJK ideographs, kana, hangul, CJK and fullwidth
 * punctuation. Chinese lines are wrapped mid-sentence, so a line break next to one of these
 * is no space at all. */
static int is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	       (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* CJK and fullwidth punctuation (，。：、「」 ...), which never takes a space beside it. */
static int is_wide_punct(uint32_t c)
{
	int fullwidth_alnum = (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
			      (c >= 0xFF41 && c <= 0xFF5A);
	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65 && !fullwidth_alnum);
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

static int is_blank(const char *s)
{
	while (is_blank_char(*s))
		s++;
	return *s == '\0';
}

/* Skip leading blanks and cut trailing ones, in place. */
static char *trim(char *s)
{
	while (is_blank_char(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_blank_char(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* How many bytes of s to quote: at most QUOTE, ending on a character boundary. */
static int quote_len(const char *s)
{
	size_t n = strlen(s);
	if (n <= QUOTE)
		return (int)n;
	n = QUOTE;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

#define Q(s) quote_len(s), (s), strlen(s) > QUOTE ? "..." : ""

/* A whole string that is a finite decimal number. */
static int parse_number(const char *s, double *x)
{
	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return 0;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return 0;
	*x = v;
	return 1;
}

/* }==== */

/* {==== The parser ==== */

typedef struct Line {
	char *s;
	int no;
} Line;

typedef struct Parser {
	const char *file;
	Lesson *l;
	Arena *a;
	LessonProblems *ps;
	Status st;                 /* ST_ENOMEM once something could not be allocated */
	int cap_blocks;
	char *buf;                 /* the paragraph or list item being gathered */
	size_t len, cap;
	int pending;               /* -1, LESSON_PARAGRAPH or LESSON_ITEM */
	int pending_line, pending_number;
} Parser;

static void problem(Parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(Parser *p, int line, const char *fmt, ...)
{
	if (p->st != ST_OK)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (lesson_problem_add(p->ps, p->file, line, "%s", msg) != ST_OK)
		p->st = ST_ENOMEM;
}

static void *alloc(Parser *p, size_t size)
{
	void *x = p->st == ST_OK ? arena_alloc(p->a, size) : NULL;
	if (!x)
		p->st = ST_ENOMEM;
	return x;
}

static char *dup_n(Parser *p, const char *s, size_t n)
{
	char *d = alloc(p, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Room for one more element in an arena array that doubles (the old copy is left to the
 * arena: at most as much again). */
static void *grow(Parser *p, void *items, int n, int *cap, size_t size)
{
	if (n < *cap)
		return items;
	int c = *cap ? 2 * *cap : 8;
	void *bigger = alloc(p, (size_t)c * size);
	if (!bigger)
		return NULL;
	if (n)
		memcpy(bigger, items, (size_t)n * size);
	*cap = c;
	return bigger;
}

static LessonBlock *add_block(Parser *p, LessonBlockKind kind, int line)
{
	Lesson *l = p->l;
	LessonBlock *b = grow(p, l->blocks, l->n_blocks, &p->cap_blocks, sizeof *b);
	if (!b)
		return NULL;
	l->blocks = b;
	b = &l->blocks[l->n_blocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	b->cell.answer_value = NAN;
	b->cell.tolerance = NAN;
	return b;
}

/* {==== Paragraphs and list items ==== */

static void buf_put(Parser *p, const char *s, size_t n)
{
	if (p->st != ST_OK)
		return;
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 256;
		while (cap < p->len + n + 1)
			cap *= 2;
		char *b = mem_realloc(p->buf, cap);
		if (!b) {
			p->st = ST_ENOMEM;
			return;
		}
		p->buf = b;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

/* Add one trimmed line to the text being gathered, after a space where the line break
 * stood for one: between two Chinese characters, or beside Chinese punctuation, a break is
 * no space at all (Chinese lines are wrapped mid-sentence); between Chinese and Latin text
 * it is the space Chinese typesetting puts there ("决定了 tanh 的"). */
static void gather(Parser *p, const char *s)
{
	if (p->len > 0) {
		size_t i = p->len - 1;
		while (i > 0 && ((unsigned char)p->buf[i] & 0xC0) == 0x80)
			i--;
		uint32_t before = utf8_at(p->buf + i), after = utf8_at(s);
		int no_space = (is_wide(before) && is_wide(after)) || is_wide_punct(before) ||
			       is_wide_punct(after);
		if (!no_space)
			buf_put(p, " ", 1);
	}
	buf_put(p, s, strlen(s));
}

static void start(Parser *p, int kind, int line, int number)
{
	p->pending = kind;
	p->pending_line = line;
	p->pending_number = number;
	p->len = 0;
}

static void flush(Parser *p)
{
	if (p->pending < 0)
		return;
	LessonBlock *b = add_block(p, (LessonBlockKind)p->pending, p->pending_line);
	if (b) {
		b->number = p->pending_number;
		b->text = dup_n(p, p->buf ? p->buf : "", p->len);
	}
	p->pending = -1;
	p->len = 0;
}

/* "- text" or "12. text": 1 with the number (0 for a bullet) and the text. */
static int item_start(char *s, int *number, char **rest)
{
	if (s[0] == '-' && s[1] == ' ') {
		*number = 0;
		*rest = s + 2;
		return 1;
	}
	int n = 0, i = 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 6)
		n = 10 * n + (s[i++] - '0');
	if (i > 0 && s[i] == '.' && s[i + 1] == ' ') {
		*number = n;
		*rest = s + i + 2;
		return 1;
	}
	return 0;
}

/* }==== */

/* {==== Headings ==== */

static void heading(Parser *p, int line, int level, char *text)
{
	text = trim(text);
	if (!*text)
		problem(p, line, "an empty heading");
	if (level > 3) {
		problem(p, line, "a level-%d heading: the format has # (the title), ## and ### only",
			level);
		level = 3;
	}
	if (level == 1) {
		Lesson *l = p->l;
		if (!l->title) {
			l->title = text;
			l->title_line = line;
			if (line != 1)
				problem(p, line, "the title must be the first line of the file");
		} else {
			problem(p, line, "a second title (the first is at line %d); sections are ## and ###",
				l->title_line);
		}
	}
	LessonBlock *b = add_block(p, LESSON_HEADING, line);
	if (b) {
		b->level = level;
		b->text = text;
	}
}

/* }==== */

/* {==== Cells ==== */

static const char *const experiment_keys[] = { "run", "vary", "caption", NULL };
static const char *const check_keys[] = { "run", NULL };
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

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static int is_name(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!is_name_char(*s))
			return 0;
	return 1;
}

/* vary: NAME = LO..HI step S or NAME = a|b|c. */
static void parse_vary(Parser *p, LessonCell *c, int *cap, const char *value, int line)
{
	const char *eq = strchr(value, '=');
	if (!eq) {
		problem(p, line, "vary must be 'NAME = LO..HI step S' or 'NAME = a|b|c', got '%.*s%s'",
			Q(value));
		return;
	}
	char *name = dup_n(p, value, (size_t)(eq - value));
	char *rhs = dup_n(p, eq + 1, strlen(eq + 1));
	if (!name || !rhs)
		return;
	name = trim(name);
	rhs = trim(rhs);
	if (strncmp(name, "--", 2) == 0) {
		problem(p, line, "vary: write the option without '--': '%s' rather than '%s'",
			name + 2, name);
		return;
	}
	if (!is_name(name)) {
		problem(p, line, "vary: '%.*s%s' is not an option name (letters, digits, '-', '_')",
			Q(name));
		return;
	}
	for (int i = 0; i < c->n_vary; i++)
		if (strcmp(c->vary[i].name, name) == 0) {
			problem(p, line, "vary %s appears twice (first at line %d)", name,
				c->vary[i].line);
			return;
		}
	LessonVary v = { .name = name, .text = rhs, .line = line };
	char *dots = strstr(rhs, "..");
	if (dots) {
		char *lo_s = dup_n(p, rhs, (size_t)(dots - rhs));
		char *rest = dup_n(p, dots + 2, strlen(dots + 2));
		if (!lo_s || !rest)
			return;
		lo_s = trim(lo_s);
		char *words[4], *save = NULL;
		int n = 0;
		for (char *w = strtok_r(rest, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
			if (n < 4)
				words[n++] = w;
			else
				n = 5;
		if (n != 3 || strcmp(words[1], "step") != 0) {
			problem(p, line, "vary %s: a range is 'LO..HI step S', got '%.*s%s'", name,
				Q(rhs));
			return;
		}
		const char *bad = NULL;
		if (!parse_number(lo_s, &v.lo))
			bad = lo_s;
		else if (!parse_number(words[0], &v.hi))
			bad = words[0];
		else if (!parse_number(words[2], &v.step))
			bad = words[2];
		if (bad) {
			problem(p, line, "vary %s: '%.*s%s' is not a number", name, Q(bad));
			return;
		}
		if (!(v.lo < v.hi)) {
			problem(p, line, "vary %s: LO (%s) must be less than HI (%s)", name, lo_s,
				words[0]);
			return;
		}
		if (!(v.step > 0)) {
			problem(p, line, "vary %s: the step must be greater than 0, got '%s'", name,
				words[2]);
			return;
		}
		double steps = (v.hi - v.lo) / v.step;
		if (!isfinite(steps) || steps > LESSON_MAX_VARY_STEPS + 1e-6) {
			problem(p, line, "vary %s: %s..%s step %s holds %.4g steps; the limit is %d",
				name, lo_s, words[0], words[2], steps, LESSON_MAX_VARY_STEPS);
			return;
		}
		if (fabs(steps - round(steps)) > 1e-6 * fmax(1, steps)) {
			problem(p, line, "vary %s: HI (%s) is not LO (%s) plus a whole number of steps of %s",
				name, words[0], lo_s, words[2]);
			return;
		}
	} else if (strchr(rhs, '|')) {
		int n = 1;
		for (const char *s = rhs; *s; s++)
			n += *s == '|';
		const char **choices = alloc(p, (size_t)n * sizeof *choices);
		char *list = dup_n(p, rhs, strlen(rhs));
		if (!choices || !list)
			return;
		int k = 0;
		for (char *s = list;;) {
			char *bar = strchr(s, '|');
			if (bar)
				*bar = '\0';
			char *w = trim(s);
			if (!*w) {
				problem(p, line, "vary %s: an empty choice in '%.*s%s'", name, Q(rhs));
				return;
			}
			if (strpbrk(w, " \t")) {
				problem(p, line, "vary %s: the choice '%.*s%s' has a space in it", name,
					Q(w));
				return;
			}
			for (int i = 0; i < k; i++)
				if (strcmp(choices[i], w) == 0) {
					problem(p, line, "vary %s: '%s' is listed twice", name, w);
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
		problem(p, line, "vary %s: expected 'LO..HI step S' or 'a|b|c' after '=', got '%.*s%s'",
			name, Q(rhs));
		return;
	}
	LessonVary *vs = grow(p, c->vary, c->n_vary, cap, sizeof *vs);
	if (!vs)
		return;
	c->vary = vs;
	c->vary[c->n_vary++] = v;
}

/* choice: KEY | text */
static void parse_choice(Parser *p, LessonCell *c, int *cap, char *value, int line)
{
	char *bar = strchr(value, '|');
	if (!bar) {
		problem(p, line, "choice must be 'KEY | text', got '%.*s%s'", Q(value));
		return;
	}
	*bar = '\0';
	char *key = trim(value), *text = trim(bar + 1);
	if (!*key || strpbrk(key, " \t")) {
		problem(p, line, "the choice key must be one word before '|', got '%.*s%s'", Q(key));
		return;
	}
	if (!*text) {
		problem(p, line, "choice %s has no text after '|'", key);
		return;
	}
	for (int i = 0; i < c->n_choices; i++)
		if (strcasecmp(c->choices[i].key, key) == 0) {
			problem(p, line, "the choice key '%s' is used twice (first at line %d)", key,
				c->choices[i].line);
			return;
		}
	LessonChoice *cs = grow(p, c->choices, c->n_choices, cap, sizeof *cs);
	if (!cs)
		return;
	c->choices = cs;
	c->choices[c->n_choices++] = (LessonChoice){ key, text, line };
}

static const char *const commands[] = { "norms", "curves", "sweep", "attention",
					"check", "unroll", "bptt", NULL };

int lesson_command_allowed(const char *name)
{
	return name && has_key(commands, name);
}

/* The run: line of a cell: split it and name its command. On success *a holds the argv. */
static int check_run(Parser *p, const LessonText *run, LessonBlockKind kind, LessonArgv *a)
{
	Status st = lesson_argv_split(run->s, a);
	if (st == ST_ENOMEM) {
		p->st = ST_ENOMEM;
		return 0;
	}
	if (st != ST_OK) {
		problem(p, run->line, "run: %s", status_detail());
		return 0;
	}
	const char *cmd = a->argv[1];
	int ok = 0;
	if (strcmp(cmd, "gradlab") == 0)
		problem(p, run->line, "run: leave out the leading 'gradlab'");
	else if (!lesson_command_allowed(cmd))
		problem(p, run->line,
			"run: '%.*s%s' is not a command a lesson may run (norms, curves, sweep, attention, check, unroll, bptt)",
			Q(cmd));
	else if (kind == LESSON_CHECK && strcmp(cmd, "check") != 0)
		problem(p, run->line, "run: a check cell runs 'check', not '%s' (use an experiment)",
			cmd);
	else
		ok = 1;
	if (!ok)
		lesson_argv_free(a);
	return ok;
}

/* The starting value of each vary (its value in run:) must be one of its values. */
static void check_vary_start(Parser *p, const LessonCell *c, const LessonArgv *a)
{
	for (int i = 0; i < c->n_vary; i++) {
		const LessonVary *v = &c->vary[i];
		const char *x = lesson_argv_get(a, v->name);
		if (!x)
			continue;   /* the command's default; the lint runs the endpoints */
		if (!*x)
			problem(p, v->line, "vary %s: --%s has no value in run:", v->name, v->name);
		else if (lesson_vary_index(v, x) < 0)
			problem(p, v->line, "vary %s: the value in run: (--%s %.*s%s) is not one of %s",
				v->name, v->name, Q(x), v->text);
	}
}

static void check_quiz(Parser *p, LessonBlock *b, const LessonText *kind, const LessonText *tol)
{
	LessonCell *c = &b->cell;
	if (c->id.s && !is_name(c->id.s))
		problem(p, c->id.line, "id must be letters, digits, '-' or '_', got '%.*s%s'",
			Q(c->id.s));
	if (!kind->s)
		problem(p, b->line, "missing required key 'kind' (numeric, choice or predict)");
	else if (strcmp(kind->s, "numeric") == 0)
		c->kind = LESSON_QUIZ_NUMERIC;
	else if (strcmp(kind->s, "choice") == 0)
		c->kind = LESSON_QUIZ_CHOICE;
	else if (strcmp(kind->s, "predict") == 0)
		c->kind = LESSON_QUIZ_PREDICT;
	else
		problem(p, kind->line, "kind must be numeric, choice or predict, got '%.*s%s'",
			Q(kind->s));
	c->kind_line = kind->line;
	if (!c->ask.s)
		problem(p, b->line, "missing required key 'ask'");
	if (!c->answer.s)
		problem(p, b->line, "missing required key 'answer'");
	if (!c->explain.s)
		problem(p, b->line, "missing required key 'explain' (the learner deserves the why)");

	if (c->kind == LESSON_QUIZ_NUMERIC || c->kind == LESSON_QUIZ_PREDICT) {
		const char *k = lesson_quiz_kind_name(c->kind);
		if (c->answer.s && !parse_number(c->answer.s, &c->answer_value))
			problem(p, c->answer.line, "answer of a %s quiz must be a number, got '%.*s%s'",
				k, Q(c->answer.s));
		c->tolerance_line = tol->line;
		double t;
		if (!tol->s)
			problem(p, b->line, "missing required key 'tolerance' (a %s quiz needs one, > 0)", k);
		else if (!parse_number(tol->s, &t))
			problem(p, tol->line, "tolerance must be a number, got '%.*s%s'", Q(tol->s));
		else if (!(t > 0))
			problem(p, tol->line, "tolerance must be greater than 0, got '%s'", tol->s);
		else
			c->tolerance = t;
		if (c->n_choices)
			problem(p, c->choices[0].line, "choice: lines belong to choice quizzes; this one is %s", k);
	} else if (c->kind == LESSON_QUIZ_CHOICE) {
		if (c->n_choices < 2)
			problem(p, c->n_choices ? c->choices[0].line : b->line,
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
				problem(p, c->answer.line, "answer '%.*s%s' is not one of the choice keys (%s)",
					Q(c->answer.s), keys);
			}
		}
		if (tol->s)
			problem(p, tol->line, "tolerance: is for numeric and predict quizzes, not choice");
	}
	if (c->run.s && c->kind != LESSON_QUIZ_UNKNOWN && c->kind != LESSON_QUIZ_PREDICT)
		problem(p, c->run.line, "run: in a quiz is for predict quizzes only; this one is %s",
			lesson_quiz_kind_name(c->kind));
	else if (c->run.s) {
		LessonArgv a = { 0 };
		if (check_run(p, &c->run, b->kind, &a))
			lesson_argv_free(&a);
	}
}

/* The body of an experiment, check or quiz: "key: value" lines. */
static void parse_cell(Parser *p, LessonBlock *b, Line *body, int n)
{
	LessonCell *c = &b->cell;
	const char *const *keys = keys_of(b->kind);
	LessonText kind = { 0 }, tol = { 0 };
	int cap_vary = 0, cap_choices = 0;
	for (int i = 0; i < n && p->st == ST_OK; i++) {
		int line = body[i].no;
		if (is_blank(body[i].s))
			continue;
		/* Keys are parsed from a copy: the block keeps its lines as written. */
		char *s = dup_n(p, body[i].s, strlen(body[i].s));
		if (!s)
			return;
		s = trim(s);
		char *colon = strchr(s, ':');
		size_t klen = colon ? (size_t)(colon - s) : 0;
		while (klen > 0 && is_blank_char(s[klen - 1]))
			klen--;
		int ok = klen > 0;
		for (size_t j = 0; j < klen; j++)
			ok &= is_name_char(s[j]);
		if (!ok) {
			problem(p, line, "expected 'key: value', got '%.*s%s'", Q(s));
			continue;
		}
		s[klen] = '\0';
		char *value = trim(colon + 1);
		const char *key = s;
		if (!has_key(keys, key)) {
			char list[128];
			key_list(keys, list, sizeof list);
			problem(p, line, "unknown key '%s' in %s %s cell (its keys are %s)", key,
				b->kind == LESSON_EXPERIMENT ? "an" : "a", lesson_kind_name(b->kind), list);
			continue;
		}
		if (!*value) {
			problem(p, line, "'%s:' has no value", key);
			continue;
		}
		if (strcmp(key, "vary") == 0) {
			parse_vary(p, c, &cap_vary, value, line);
			continue;
		}
		if (strcmp(key, "choice") == 0) {
			parse_choice(p, c, &cap_choices, value, line);
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
			problem(p, line, "duplicate key '%s' (first at line %d)", key, slot->line);
			continue;
		}
		slot->s = value;
		slot->line = line;
	}
	if (p->st != ST_OK)
		return;
	if (b->kind == LESSON_QUIZ) {
		check_quiz(p, b, &kind, &tol);
		return;
	}
	if (!c->run.s) {
		problem(p, b->line, "missing required key 'run' in %s %s cell",
			b->kind == LESSON_EXPERIMENT ? "an" : "a", lesson_kind_name(b->kind));
		return;
	}
	LessonArgv a = { 0 };
	if (check_run(p, &c->run, b->kind, &a)) {
		check_vary_start(p, c, &a);
		lesson_argv_free(&a);
	}
}

/* A fence at lines[i]: a code block or a cell. Returns the index of the next line. */
static int fence(Parser *p, Line *lines, int n, int i)
{
	int open = lines[i].no;
	char *info = trim(lines[i].s + 3);
	int j = i + 1, closed = 0;
	while (j < n && strncmp(lines[j].s, "```", 3) != 0)
		j++;
	if (j < n && is_blank(lines[j].s + 3))
		closed = 1;
	else if (j < n)
		problem(p, open, "unclosed ``` fence: another one opens at line %d", lines[j].no);
	else
		problem(p, open, "unclosed ``` fence: it is still open at the end of the file");

	LessonBlockKind kind = LESSON_CODE;
	if (strcmp(info, "experiment") == 0)
		kind = LESSON_EXPERIMENT;
	else if (strcmp(info, "check") == 0)
		kind = LESSON_CHECK;
	else if (strcmp(info, "quiz") == 0)
		kind = LESSON_QUIZ;
	else if (*info && strcmp(info, "c") != 0 && strcmp(info, "text") != 0 &&
		 strcmp(info, "math") != 0)
		problem(p, open,
			"unknown cell type '%.*s%s' (cells are experiment, check and quiz; a code block has no info string or c, text, math)",
			Q(info));
	/* A cell that runs to the end of the file would read the prose as keys: keep it as
	 * text, the unclosed fence is the problem to fix. */
	if (kind != LESSON_CODE && !closed && j == n)
		kind = LESSON_CODE;

	LessonBlock *b = add_block(p, kind, open);
	if (!b)
		return n;
	b->info = info;
	b->n_lines = j - i - 1;
	if (b->n_lines > 0) {
		b->lines = alloc(p, (size_t)b->n_lines * sizeof *b->lines);
		if (!b->lines)
			return n;
		for (int k = 0; k < b->n_lines; k++)
			b->lines[k] = lines[i + 1 + k].s;
	}
	if (lesson_is_cell(kind)) {
		p->l->n_cells++;
		parse_cell(p, b, lines + i + 1, b->n_lines);
	}
	return closed ? j + 1 : j;
}

/* }==== */

/* Quizzes are numbered in file order; a quiz without id: gets "qN" from its number. Ids
 * must be unique, as progress files store them. */
static void number_quizzes(Parser *p)
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
			c->id.s = dup_n(p, id, strlen(id));
		}
	}
	l->n_quizzes = q;
	for (int i = 0; i < l->n_blocks && p->st == ST_OK; i++) {
		const LessonBlock *b = &l->blocks[i];
		if (b->kind != LESSON_QUIZ)
			continue;
		for (int k = 0; k < i; k++) {
			const LessonBlock *e = &l->blocks[k];
			if (e->kind != LESSON_QUIZ || strcmp(e->cell.id.s, b->cell.id.s) != 0)
				continue;
			if (b->cell.id.line)
				problem(p, b->cell.id.line, "duplicate quiz id '%s' (the quiz at line %d has it)",
					b->cell.id.s, e->line);
			else
				problem(p, b->line,
					"this quiz has no id: and gets '%s' from its position, but the quiz at line %d has that id; give it an id:",
					b->cell.id.s, e->line);
			break;
		}
	}
}

/* Make every line valid UTF-8 in place (a bad byte becomes '?', reported once a line),
 * drop the CR of CR LF, and cut the text into lines. */
static Line *split_lines(Parser *p, char *text, size_t len, int *n_lines)
{
	int n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len > 0 && text[len - 1] == '\n')
		n--;
	Line *lines = alloc(p, (size_t)(n > 0 ? n : 1) * sizeof *lines);
	if (!lines)
		return NULL;
	int k = 0;
	for (size_t i = 0; k < n; k++) {
		char *s = text + i;
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t m = end - i;
		if (m > 0 && s[m - 1] == '\r')
			s[--m] = '\0';
		int reported_utf8 = 0, reported_cr = 0;
		for (size_t j = 0; j < m;) {
			if (s[j] == '\r') {
				if (!reported_cr++)
					problem(p, k + 1, "a carriage return (CR) inside the line at column %zu; lines end with LF or CR LF",
						j + 1);
				s[j++] = ' ';
				continue;
			}
			int c = utf8_len((unsigned char *)s + j, m - j);
			if (c > 0) {
				j += (size_t)c;
				continue;
			}
			if (!reported_utf8++) {
				if (s[j] == '\0')
					problem(p, k + 1, "a NUL byte at column %zu", j + 1);
				else
					problem(p, k + 1, "not valid UTF-8 at column %zu (byte 0x%02x); lessons are UTF-8 text",
						j + 1, (unsigned char)s[j]);
			}
			s[j++] = '?';
		}
		s[m] = '\0';
		lines[k] = (Line){ s, k + 1 };
		i = end + 1;
	}
	*n_lines = n;
	return lines;
}

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
	l->file = dup_n(&p, file, strlen(file));
	char *copy = dup_n(&p, text, len);
	if (!copy)
		goto fail;
	/* A byte-order mark is allowed and ignored. */
	if (len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0) {
		copy += 3;
		len -= 3;
	}
	int n;
	Line *lines = split_lines(&p, copy, len, &n);
	if (!lines)
		goto fail;
	for (int i = 0; i < n && p.st == ST_OK;) {
		char *s = lines[i].s;
		int no = lines[i].no;
		if (is_blank(s)) {
			flush(&p);
			i++;
			continue;
		}
		if (strncmp(s, "```", 3) == 0) {
			flush(&p);
			i = fence(&p, lines, n, i);
			continue;
		}
		int level = 0;
		while (s[level] == '#')
			level++;
		if (level > 0 && (s[level] == ' ' || s[level] == '\0')) {
			flush(&p);
			heading(&p, no, level, s + level);
			i++;
			continue;
		}
		int number;
		char *rest;
		if (item_start(s, &number, &rest)) {
			flush(&p);
			start(&p, LESSON_ITEM, no, number);
			gather(&p, trim(rest));
			i++;
			continue;
		}
		if (p.pending < 0)
			start(&p, LESSON_PARAGRAPH, no, 0);
		gather(&p, trim(s));
		i++;
	}
	flush(&p);
	if (p.st == ST_OK && !l->title)
		problem(&p, 1, "no title: the first line must be '# Title'");
	number_quizzes(&p);
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

/* {==== Lesson files in a folder ==== */

int lesson_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 7 || strcmp(name + n - 3, ".md") != 0)
		return 0;
	if (!(name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' && name[2] == '-'))
		return 0;
	for (size_t i = 3; i < n - 3; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

Status lesson_list_dir(const char *lang_dir, LessonNames *out, LessonProblems *ps)
{
	out->names = NULL;
	out->n = 0;
	DIR *d = opendir(lang_dir);
	if (!d)
		return status_fail(ST_EIO, "cannot open %s: %s", lang_dir, strerror(errno));
	int cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t n = strlen(name);
		if (!lesson_name_valid(name)) {
			if (ps && n > 3 && strcmp(name + n - 3, ".md") == 0 && name[0] != '.') {
				char path[4096];
				snprintf(path, sizeof path, "%s/%s", lang_dir, name);
				if (lesson_problem_add(ps, path, 0,
						       "not a lesson file name: lessons are NN-slug.md (two digits, then a-z, 0-9 and '-')") != ST_OK)
					goto oom;
			}
			continue;
		}
		if (out->n == cap) {
			int c = cap ? 2 * cap : 16;
			char **names = mem_realloc(out->names, (size_t)c * sizeof *names);
			if (!names)
				goto oom;
			out->names = names;
			cap = c;
		}
		if (!(out->names[out->n] = mem_strdup(name)))
			goto oom;
		out->n++;
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->names, (size_t)out->n, sizeof *out->names, by_name);
	return ST_OK;
oom:
	closedir(d);
	lesson_names_free(out);
	return status_fail(ST_ENOMEM, "out of memory listing %s", lang_dir);
}

void lesson_names_free(LessonNames *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++)
		mem_free(n->names[i]);
	mem_free(n->names);
	n->names = NULL;
	n->n = 0;
}

/* }==== */

/* {==== run: lines as argv ==== */

Status lesson_argv_split(const char *run, LessonArgv *out)
{
	out->argc = 0;
	out->argv = NULL;
	if (strpbrk(run, "'\"\\`"))
		return status_fail(ST_EPARSE, "quotes and backslashes are not supported: the words of a run: line are split at spaces");
	int n = 0;
	for (const char *s = run; *s;) {
		while (is_blank_char(*s))
			s++;
		if (!*s)
			break;
		n++;
		while (*s && !is_blank_char(*s))
			s++;
	}
	if (n == 0)
		return status_fail(ST_EPARSE, "the line is empty; it names a command and its options");
	if (n > LESSON_MAX_WORDS)
		return status_fail(ST_EPARSE, "%d words; a run: line has at most %d", n, LESSON_MAX_WORDS);
	char **argv = mem_calloc((size_t)n + 2, sizeof *argv);
	if (!argv)
		goto oom;
	out->argv = argv;
	if (!(argv[0] = mem_strdup("gradlab")))
		goto oom;
	out->argc = 1;
	for (const char *s = run; *s;) {
		while (is_blank_char(*s))
			s++;
		if (!*s)
			break;
		const char *w = s;
		while (*s && !is_blank_char(*s))
			s++;
		char *word = mem_alloc((size_t)(s - w) + 1);
		if (!word)
			goto oom;
		memcpy(word, w, (size_t)(s - w));
		word[s - w] = '\0';
		argv[out->argc++] = word;
	}
	return ST_OK;
oom:
	lesson_argv_free(out);
	return status_fail(ST_ENOMEM, "out of memory splitting a run: line");
}

/* Whether word is --name (1), --name=VALUE (2), or neither (0). */
static int option_form(const char *word, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(word, "--", 2) != 0 || strncmp(word + 2, name, n) != 0)
		return 0;
	return word[2 + n] == '\0' ? 1 : word[2 + n] == '=' ? 2 : 0;
}

const char *lesson_argv_get(const LessonArgv *a, const char *name)
{
	const char *value = NULL;
	for (int i = 2; i < a->argc; i++) {
		int form = option_form(a->argv[i], name);
		if (form == 2)
			value = a->argv[i] + strlen(name) + 3;
		else if (form == 1)
			value = i + 1 < a->argc && strncmp(a->argv[i + 1], "--", 2) != 0 ? a->argv[++i] : "";
	}
	return value;
}

/* Insert word at position at, shifting the rest; the array keeps its NULL at argc. */
static Status insert_word(LessonArgv *a, int at, const char *word)
{
	char *w = mem_strdup(word);
	char **argv = w ? mem_realloc(a->argv, (size_t)(a->argc + 2) * sizeof *argv) : NULL;
	if (!argv) {
		mem_free(w);
		return status_fail(ST_ENOMEM, "out of memory changing a run: line");
	}
	a->argv = argv;
	memmove(argv + at + 1, argv + at, (size_t)(a->argc - at) * sizeof *argv);
	argv[at] = w;
	a->argc++;
	argv[a->argc] = NULL;
	return ST_OK;
}

static Status replace_word(LessonArgv *a, int at, const char *prefix, const char *value)
{
	size_t n = strlen(prefix) + strlen(value) + 1;
	char *w = mem_alloc(n);
	if (!w)
		return status_fail(ST_ENOMEM, "out of memory changing a run: line");
	snprintf(w, n, "%s%s", prefix, value);
	mem_free(a->argv[at]);
	a->argv[at] = w;
	return ST_OK;
}

Status lesson_argv_set(LessonArgv *a, const char *name, const char *value)
{
	int found = 0;
	Status st = ST_OK;
	for (int i = 2; i < a->argc && st == ST_OK; i++) {
		int form = option_form(a->argv[i], name);
		if (form == 2) {
			char prefix[256];
			snprintf(prefix, sizeof prefix, "--%s=", name);
			st = replace_word(a, i, prefix, value);
			found = 1;
		} else if (form == 1) {
			if (i + 1 < a->argc && strncmp(a->argv[i + 1], "--", 2) != 0)
				st = replace_word(a, i + 1, "", value);
			else
				st = insert_word(a, i + 1, value);
			i++;
			found = 1;
		}
	}
	if (st != ST_OK || found)
		return st;
	char opt[256];
	snprintf(opt, sizeof opt, "--%s", name);
	if ((st = insert_word(a, a->argc, opt)) != ST_OK)
		return st;
	return insert_word(a, a->argc, value);
}

void lesson_argv_join(const LessonArgv *a, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	size_t n = 0;
	for (int i = 1; i < a->argc && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i > 1 ? " " : "", a->argv[i]);
}

void lesson_argv_free(LessonArgv *a)
{
	if (!a)
		return;
	if (a->argv)
		for (int i = 0; i < a->argc; i++)
			mem_free(a->argv[i]);
	mem_free(a->argv);
	a->argv = NULL;
	a->argc = 0;
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
	if (!parse_number(value, &x))
		return -1;
	double t = (x - v->lo) / v->step;
	long long k = llround(t);
	if (fabs(t - (double)k) > 1e-6 || k < 0 || k >= lesson_vary_count(v))
		return -1;
	return (int)k;
}

/* }==== */

/* {==== Grading ==== */

LessonGrade lesson_grade(const LessonCell *quiz, const char *answer)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", answer ? answer : "");
	char *s = trim(buf);
	if (!*s)
		return LESSON_UNPARSEABLE;
	switch (quiz->kind) {
	case LESSON_QUIZ_NUMERIC:
	case LESSON_QUIZ_PREDICT: {
		double x, a = quiz->answer_value, tol = quiz->tolerance;
		if (!isfinite(a) || !(tol > 0) || !parse_number(s, &x))
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
