/* registry: a line-by-line reader of the exercise list, strict about what it accepts and
 * precise about where a problem is. The list is read whole through core/file (a regular
 * file only, never a FIFO to wait on, at most REGISTRY_MAX_BYTES), then split into lines, so
 * a NUL byte is found where it is and named. */
#include "grade/registry.h"

#include "core/file.h"
#include "core/mem.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The keys: these, then the texts of each language (core/lang.h): "title" and "hint" in
 * English, "title_CODE" and "hint_CODE" in each other language. */
static const char *const keys[] = { "name", "file", "lesson", "points" };
enum { KEY_NAME, KEY_FILE, KEY_LESSON, KEY_POINTS, KEY_TITLE, KEY_HINT = KEY_TITLE + LANG_COUNT };
#define N_KEYS (KEY_HINT + LANG_COUNT)
#define LINE_MAX_BYTES 2046           /* a line's bytes, without its newline */
#define REGISTRY_MAX_BYTES (1 << 20)  /* the largest list read */

/* Key k's name: "title", "title_zh", ... */
static const char *key_name(int k, char *buf, size_t size)
{
	if (k < KEY_TITLE)
		return keys[k];
	int lang = (k - KEY_TITLE) % LANG_COUNT;
	snprintf(buf, size, "%s%s%s", k < KEY_HINT ? "title" : "hint", lang ? "_" : "",
		 lang ? lang_code(lang) : "");
	return buf;
}

/* Every key, ", " between them, for a message. */
static void key_list(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int k = 0; k < N_KEYS && n < size; k++) {
		char name[32];
		n += (size_t)snprintf(buf + n, size - n, "%s%s", k ? ", " : "",
				      key_name(k, name, sizeof name));
	}
}

typedef struct Reader {
	const char *path;
	int line;
	Status st;
	const CkExercise *(*find)(const char *name); /* checks_find, or a test's own set */
} Reader;

static void fail_at(Reader *r, int line, int col, Status st, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void fail_at(Reader *r, int line, int col, Status st, const char *fmt, ...)
{
	if (r->st != ST_OK)
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->st = status_fail(st, "%s:%d:%d: %s", r->path, line, col, msg);
}

static void entry_free(GradeExercise *e)
{
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		for (int i = 0; i < e->n_hints[lang]; i++)
			mem_free(e->hint[lang][i]);
		mem_free(e->hint[lang]);
	}
}

void registry_free(GradeList *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->n; i++)
		entry_free(&l->ex[i]);
	mem_free(l->ex);
	mem_free(l);
}

static int add_hint(char ***list, int *n, const char *text)
{
	char **grown = mem_realloc(*list, (size_t)(*n + 1) * sizeof *grown);
	if (!grown)
		return 0;
	*list = grown;
	if (!(grown[*n] = mem_strdup(text)))
		return 0;
	(*n)++;
	return 1;
}

static int set_text(Reader *r, char *dst, size_t size, const char *v, int col, const char *key)
{
	if (strlen(v) >= size) {
		fail_at(r, r->line, col, ST_EPARSE, "%s is longer than %zu characters", key, size - 1);
		return 0;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 1;
}

/* The entry that just ended (at line `end`): complete and known? */
static void finish_entry(Reader *r, GradeList *l, GradeExercise *e)
{
	const char *missing = !e->file[0]     ? "file"
			      : !e->lesson[0] ? "lesson"
			      : !e->points    ? "points"
			      : !e->title[LANG_EN][0] ? "title"
			      : !e->n_hints[LANG_EN]  ? "hint"
						      : NULL;
	if (missing) {
		fail_at(r, e->line, 1, ST_EPARSE, "exercise '%s' has no '%s:' line", e->name, missing);
		return;
	}
	for (int lang = 1; lang < LANG_COUNT; lang++)
		if (e->n_hints[lang] && e->n_hints[lang] != e->n_hints[LANG_EN]) {
			char key[32];
			fail_at(r, e->line, 1, ST_EPARSE,
				"exercise '%s' has %d hint lines and %d %s lines: give every hint in "
				"both languages or none in %s",
				e->name, e->n_hints[LANG_EN], e->n_hints[lang],
				key_name(KEY_HINT + lang, key, sizeof key), lang_info(lang)->name);
		}
	for (int i = 0; i < l->n - 1; i++)
		if (strcmp(l->ex[i].name, e->name) == 0)
			fail_at(r, e->line, 7, ST_EPARSE, "exercise '%s' is listed twice (also at line %d)",
				e->name, l->ex[i].line);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static void known_names(char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < checks_count(); i++) {
		int n = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", checks_at(i)->name);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

static void read_line(Reader *r, GradeList *l, char *text)
{
	char *s = trim(text);
	if (!*s || *s == '#')
		return;
	char *colon = strchr(s, ':');
	int col = (int)(s - text) + 1;
	if (!colon) {
		fail_at(r, r->line, col, ST_EPARSE, "expected 'key: value', got '%.40s'", s);
		return;
	}
	*colon = '\0';
	char *key = trim(s), *v = trim(colon + 1);
	int vcol = (int)(v - text) + 1;
	int k = -1;
	for (int i = 0; i < N_KEYS; i++) {
		char name[32];
		if (strcmp(key, key_name(i, name, sizeof name)) == 0)
			k = i;
	}
	if (k < 0) {
		char list[400];
		key_list(list, sizeof list);
		fail_at(r, r->line, col, ST_EPARSE, "unknown key '%s' (the keys are %s)", key, list);
		return;
	}
	if (!*v) {
		fail_at(r, r->line, vcol, ST_EPARSE, "'%s:' needs a value", key);
		return;
	}
	if (k == KEY_NAME) {
		if (l->n > 0)
			finish_entry(r, l, &l->ex[l->n - 1]);
		if (r->st != ST_OK)
			return;
		for (const char *p = v; *p; p++)
			if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_') {
				fail_at(r, r->line, vcol, ST_EPARSE,
					"a name is lower-case letters, digits and '_', got '%s'", v);
				return;
			}
		const CkExercise *ck = r->find(v);
		if (!ck) {
			char known[300];
			known_names(known, sizeof known);
			fail_at(r, r->line, vcol, ST_EPARSE,
				"gradlab has no checks for an exercise named '%s' (it has: %s)", v, known);
			return;
		}
		/* A result holds GRADE_MAX_CHECKS checks: more would be dropped unseen, and the
		 * exercise's points would not add up. */
		if (ck->n_checks < 1 || ck->n_checks > GRADE_MAX_CHECKS) {
			fail_at(r, r->line, vcol, ST_EPARSE,
				"exercise '%s' declares %d checks; a result holds 1 to %d "
				"(GRADE_MAX_CHECKS in src/grade/result.h)",
				v, ck->n_checks, GRADE_MAX_CHECKS);
			return;
		}
		GradeExercise *grown = mem_realloc(l->ex, (size_t)(l->n + 1) * sizeof *grown);
		if (!grown) {
			fail_at(r, r->line, 1, ST_ENOMEM, "out of memory");
			return;
		}
		l->ex = grown;
		GradeExercise *e = &l->ex[l->n++];
		memset(e, 0, sizeof *e);
		snprintf(e->name, sizeof e->name, "%s", v);
		e->checks = ck;
		e->line = r->line;
		return;
	}
	if (l->n == 0) {
		fail_at(r, r->line, col, ST_EPARSE, "'%s:' comes before the first 'name:' line", key);
		return;
	}
	GradeExercise *e = &l->ex[l->n - 1];
	if (k >= KEY_HINT) {
		int lang = k - KEY_HINT;
		if (!add_hint(&e->hint[lang], &e->n_hints[lang], v))
			fail_at(r, r->line, 1, ST_ENOMEM, "out of memory");
		return;
	}
	if (k >= KEY_TITLE) {
		int lang = k - KEY_TITLE;
		set_text(r, e->title[lang], sizeof e->title[lang], v, vcol, key);
		return;
	}
	switch (k) {
	case KEY_FILE:
		if (strchr(v, '/') || strlen(v) < 3 || strcmp(v + strlen(v) - 2, ".c") != 0) {
			fail_at(r, r->line, vcol, ST_EPARSE,
				"file must be a C file name in the exercises folder, like 04_rnn_step.c, got '%s'", v);
			return;
		}
		set_text(r, e->file, sizeof e->file, v, vcol, key);
		break;
	case KEY_LESSON:
		set_text(r, e->lesson, sizeof e->lesson, v, vcol, key);
		break;
	case KEY_POINTS: {
		char *end;
		errno = 0;
		long p = strtol(v, &end, 10);
		if (*end || errno || p < 1 || p > 1000) {
			fail_at(r, r->line, vcol, ST_EPARSE,
				"points must be a whole number from 1 to 1000, got '%s'", v);
			return;
		}
		e->points = (int)p;
		break;
	}
	}
}

GradeList *registry_load(const char *path, Status *st)
{
	return registry_load_with(path, checks_find, st);
}

GradeList *registry_load_with(const char *path, const CkExercise *(*find)(const char *name),
			      Status *st)
{
	Reader r = { path, 0, ST_OK, find };
	GradeList *l = mem_calloc(1, sizeof *l);
	char *text = NULL;
	if (!l) {
		r.st = status_fail(ST_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	snprintf(l->path, sizeof l->path, "%s", path);
	size_t len;
	char why[300];
	FileRead fr = file_read_capped(path, REGISTRY_MAX_BYTES, &text, &len, why, sizeof why);
	if (fr == FILE_READ_MISSING)
		snprintf(why, sizeof why, "%s", strerror(ENOENT));
	if (fr != FILE_READ_OK) {
		r.st = status_fail(fr == FILE_READ_NOMEM ? ST_ENOMEM : ST_EIO,
				   "%s: cannot read the exercise list: %s", path, why);
		goto fail;
	}
	char line[LINE_MAX_BYTES + 2];
	for (size_t at = 0; r.st == ST_OK && at < len;) {
		r.line++;
		const char *start = text + at;
		const char *nl = memchr(start, '\n', len - at);
		size_t n = nl ? (size_t)(nl - start) : len - at;
		at += n + (nl != NULL);
		/* Said for what it is: a NUL byte would otherwise cut the line short unseen. */
		const char *nul = memchr(start, '\0', n);
		if (nul) {
			fail_at(&r, r.line, (int)(nul - start) + 1, ST_EPARSE,
				"a NUL byte, which the exercise list cannot contain");
			break;
		}
		if (n > LINE_MAX_BYTES) {
			fail_at(&r, r.line, LINE_MAX_BYTES + 1, ST_EPARSE,
				"line longer than %d characters", LINE_MAX_BYTES);
			break;
		}
		memcpy(line, start, n);
		line[n] = '\0';
		read_line(&r, l, line);
	}
	if (r.st == ST_OK && l->n > 0)
		finish_entry(&r, l, &l->ex[l->n - 1]);
	if (r.st == ST_OK && l->n == 0)
		fail_at(&r, r.line ? r.line : 1, 1, ST_EPARSE, "no exercises in the list");
	if (r.st != ST_OK)
		goto fail;
	mem_free(text);
	if (st)
		*st = ST_OK;
	return l;
fail:
	mem_free(text);
	registry_free(l);
	if (st)
		*st = r.st;
	return NULL;
}

const GradeExercise *registry_find(const GradeList *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->ex[i].name, key) == 0 || strcmp(l->ex[i].file, key) == 0)
			return &l->ex[i];
	char *end;
	long num = strtol(key, &end, 10);
	if (*key && !*end && num > 0) {
		for (int i = 0; i < l->n; i++)
			if (atoi(l->ex[i].file) == num)
				return &l->ex[i];
	}
	return NULL;
}

/* The list's texts are data in every language (its keys title_CODE and hint_CODE): another
 * language is another key there, from core/lang.h. */
const char *registry_hint(const GradeExercise *e, int k, int lang)
{
	int n = e->n_hints[LANG_EN];
	if (n == 0)
		return NULL;
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	if (lang <= 0 || lang >= LANG_COUNT || e->n_hints[lang] < k)
		lang = LANG_EN;
	return e->hint[lang][k - 1];
}

const char *registry_title(const GradeExercise *e, int lang)
{
	if (lang <= 0 || lang >= LANG_COUNT || !e->title[lang][0])
		lang = LANG_EN;
	return e->title[lang];
}

