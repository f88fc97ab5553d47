/* progress: the progress file kept as a json-c tree; see progress.h. Readers are lenient
 * (a field of the wrong type counts as absent); a file that is not JSON, whose top is not a
 * progress object, or that holds a number this program would never write, is set aside
 * whole. Reading, writing and setting aside are core/file's. */
#include "learn/progress.h"

#include "check/io.h"
#include "core/file.h"
#include "core/mem.h"

#include <errno.h>
#include <limits.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Progress {
	char *dir;          /* NULL: saving is off */
	char *file;
	json_object *root;
	int dirty;
};

/* {==== Folder and file ==== */

int progress_default_dir(char *buf, size_t size)
{
	return file_state_dir(buf, size) == 0 ? 0 : -1;
}

/* An integer field of o that is present must lie in [lo, hi]: json-c reads any integer, and
 * one that does not fit an int is not something this program wrote. 0 and why naming the
 * JSON path when it does not. */
static int in_range(json_object *o, const char *key, long long lo, long long hi,
		    const char *path, char *why, size_t why_size)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return 1; /* absent, or of another type: read as absent */
	long long x = json_object_get_int64(v);
	if (x >= lo && x <= hi)
		return 1;
	char k[80];
	io_quote(k, sizeof k, key, 40);
	snprintf(why, why_size, "%s.%s is %s, outside %lld..%lld", path, k,
		 json_object_get_string(v), lo, hi);
	return 0;
}

/* Whether j looks like a progress file; why says what is wrong when it does not. */
static int valid(json_object *j, char *why, size_t why_size)
{
	json_object *v;
	if (!json_object_is_type(j, json_type_object)) {
		snprintf(why, why_size, "it is not a JSON object");
		return 0;
	}
	if (json_object_object_get_ex(j, "version", &v)) {
		if (!json_object_is_type(v, json_type_int)) {
			snprintf(why, why_size, "\"version\" is not a number");
			return 0;
		}
		if (json_object_get_int64(v) != PROGRESS_VERSION) {
			snprintf(why, why_size, "it is version %s; this gradlab reads version %d",
				 json_object_get_string(v), PROGRESS_VERSION);
			return 0;
		}
	}
	if (!json_object_object_get_ex(j, "lessons", &v))
		return 1;
	if (!json_object_is_type(v, json_type_object)) {
		snprintf(why, why_size, "\"lessons\" is not an object");
		return 0;
	}
	char path[200], k[80], q[80];
	json_object_object_foreach(v, slug, l)
	{
		if (!json_object_is_type(l, json_type_object))
			continue;
		io_quote(k, sizeof k, slug, 40);
		snprintf(path, sizeof path, "lessons.%s", k);
		if (!in_range(l, "cell", -1, INT_MAX, path, why, why_size))
			return 0;
		json_object *b, *qs;
		if (json_object_object_get_ex(l, "block", &b) &&
		    json_object_is_type(b, json_type_object)) {
			snprintf(path, sizeof path, "lessons.%s.block", k);
			json_object_object_foreach(b, lang, unused)
			{
				(void)unused;
				if (!in_range(b, lang, INT_MIN, INT_MAX, path, why, why_size))
					return 0;
			}
		}
		if (json_object_object_get_ex(l, "quizzes", &qs) &&
		    json_object_is_type(qs, json_type_object)) {
			json_object_object_foreach(qs, id, quiz)
			{
				if (!json_object_is_type(quiz, json_type_object))
					continue;
				io_quote(q, sizeof q, id, 40);
				snprintf(path, sizeof path, "lessons.%s.quizzes.%s", k, q);
				if (!in_range(quiz, "tries", 0, INT_MAX, path, why, why_size))
					return 0;
			}
		}
	}
	return 1;
}

/* Saving off (note->reason says why): the file is never written. */
static void no_save(Progress *p, ProgressNote *note)
{
	note->opened = PROGRESS_NO_SAVE;
	mem_free(p->dir);
	mem_free(p->file);
	p->dir = p->file = NULL;
}

Progress *progress_open(const char *dir, ProgressNote *note)
{
	char def[4096];
	memset(note, 0, sizeof *note);
	note->opened = PROGRESS_NEW;
	Progress *p = mem_calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->root = json_object_new_object();
	if (!p->root)
		goto oom;
	json_object_object_add(p->root, "version", json_object_new_int(PROGRESS_VERSION));
	if (file_state_prepare(dir, PROGRESS_FILE, note, def, sizeof def) < 0)
		return p;
	p->dir = mem_strdup(def);
	p->file = mem_strdup(note->file);
	if (!p->dir || !p->file)
		goto oom;

	char *text;
	size_t len;
	char why[400] = "";
	FileRead r = file_read_capped(p->file, PROGRESS_MAX_BYTES, &text, &len, why, sizeof why);
	if (r == FILE_READ_MISSING)
		return p;
	if (r == FILE_READ_NOMEM)
		goto oom;
	if (r == FILE_READ_NOT_REGULAR) {
		/* Not ours to move or replace: say so and leave it. */
		snprintf(note->reason, sizeof note->reason, "%.300s: %.200s", p->file, why);
		no_save(p, note);
		return p;
	}
	if (r == FILE_READ_OK) {
		json_object *j = NULL;
		IoParseError err;
		Status st = io_parse_json_at(PROGRESS_FILE, text, len, &j, &err);
		mem_free(text);
		if (st == ST_OK && valid(j, why, sizeof why)) {
			json_object_put(p->root);
			p->root = j;
			note->opened = PROGRESS_LOADED;
			return p;
		}
		json_object_put(j);
		if (st == ST_ENOMEM)
			goto oom;
		if (st != ST_OK)
			io_parse_words(&err, why, sizeof why);
	}
	snprintf(note->reason, sizeof note->reason, "%s", why);
	if (file_set_aside(p->file, note->moved_to, sizeof note->moved_to) == 0) {
		note->opened = PROGRESS_SET_ASIDE;
	} else {
		/* Never written over: the learner's record stays where it is. */
		snprintf(note->reason, sizeof note->reason,
			 "%.200s: %.200s; it cannot be moved aside (%s), so it is left as it is",
			 p->file, why, strerror(errno));
		note->moved_to[0] = '\0';
		no_save(p, note);
	}
	return p;
oom:
	progress_free(p);
	return NULL;
}

void progress_free(Progress *p)
{
	if (!p)
		return;
	json_object_put(p->root);
	mem_free(p->dir);
	mem_free(p->file);
	mem_free(p);
}

const char *progress_dir(const Progress *p)
{
	return p->dir;
}

Status progress_save(Progress *p)
{
	if (!p->dir || !p->dirty)
		return ST_OK;
	const char *text = json_object_to_json_string_ext(p->root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_SPACED |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return status_fail(ST_ENOMEM, "out of memory writing %s", p->file);
	/* The text with its final newline, measured as the reader will measure it. */
	size_t len = strlen(text);
	char *whole = mem_alloc(len + 2);
	if (!whole)
		return status_fail(ST_ENOMEM, "out of memory writing %s", p->file);
	memcpy(whole, text, len);
	memcpy(whole + len, "\n", 2);
	Status st = file_write_atomic(p->file, whole, len + 1, PROGRESS_MAX_BYTES);
	mem_free(whole);
	if (st == ST_OK)
		p->dirty = 0;
	return st;
}

/* }==== */

/* {==== Fields ==== */

static json_object *get(json_object *o, const char *key, json_type type)
{
	json_object *v;
	if (o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, type))
		return v;
	return NULL;
}

/* The object at o[key], made (replacing whatever was there) when missing. NULL when out
 * of memory. */
static json_object *obj(json_object *o, const char *key)
{
	json_object *v = get(o, key, json_type_object);
	if (v)
		return v;
	v = json_object_new_object();
	if (v && json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return NULL;
	}
	return v;
}

static void put(Progress *p, json_object *o, const char *key, json_object *v)
{
	if (!o || !v || json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return;
	}
	p->dirty = 1;
}

static json_object *lesson(const Progress *p, const char *slug)
{
	return get(get(p->root, "lessons", json_type_object), slug, json_type_object);
}

static json_object *lesson_mut(Progress *p, const char *slug)
{
	json_object *l = obj(p->root, "lessons");
	return l ? obj(l, slug) : NULL;
}

static const char *str(json_object *o, const char *key)
{
	json_object *v = get(o, key, json_type_string);
	return v ? json_object_get_string(v) : NULL;
}

const char *progress_lang(const Progress *p)
{
	return str(p->root, "lang");
}

void progress_set_lang(Progress *p, const char *lang)
{
	const char *old = progress_lang(p);
	if (old && strcmp(old, lang) == 0)
		return;
	put(p, p->root, "lang", json_object_new_string(lang));
}

const char *progress_last(const Progress *p, int *in_reader)
{
	json_object *last = get(p->root, "last", json_type_object);
	const char *screen = str(last, "screen");
	if (in_reader)
		*in_reader = screen && strcmp(screen, "reader") == 0;
	return str(last, "lesson");
}

void progress_set_last(Progress *p, const char *slug, int in_reader)
{
	int was;
	const char *old = progress_last(p, &was);
	if (old && strcmp(old, slug) == 0 && was == !!in_reader)
		return;
	json_object *last = obj(p->root, "last");
	put(p, last, "lesson", json_object_new_string(slug));
	put(p, last, "screen", json_object_new_string(in_reader ? "reader" : "contents"));
}

int progress_visited(const Progress *p, const char *slug)
{
	json_object *v = get(lesson(p, slug), "visited", json_type_boolean);
	return v && json_object_get_boolean(v);
}

void progress_set_visited(Progress *p, const char *slug)
{
	if (!progress_visited(p, slug))
		put(p, lesson_mut(p, slug), "visited", json_object_new_boolean(1));
}

int progress_position(const Progress *p, const char *slug, const char *lang, int *block,
		      int *cell)
{
	json_object *l = lesson(p, slug);
	json_object *c = get(l, "cell", json_type_int);
	*cell = c ? json_object_get_int(c) : -1;
	json_object *b = get(get(l, "block", json_type_object), lang, json_type_int);
	if (!b || json_object_get_int(b) < 0)
		return 0;
	*block = json_object_get_int(b);
	return 1;
}

void progress_set_position(Progress *p, const char *slug, const char *lang, int block, int cell)
{
	int old_block = -1, old_cell;
	if (progress_position(p, slug, lang, &old_block, &old_cell) && old_block == block &&
	    old_cell == cell)
		return;
	json_object *l = lesson_mut(p, slug);
	if (!l)
		return;
	put(p, l, "cell", json_object_new_int(cell));
	put(p, obj(l, "block"), lang, json_object_new_int(block));
}

/* The quiz's own object, made when missing; NULL when out of memory. */
static json_object *quiz_mut(Progress *p, const char *slug, const char *quiz_id)
{
	json_object *l = lesson_mut(p, slug);
	json_object *qs = l ? obj(l, "quizzes") : NULL;
	return qs ? obj(qs, quiz_id) : NULL;
}

static json_object *quiz_get(const Progress *p, const char *slug, const char *quiz_id)
{
	return get(get(lesson(p, slug), "quizzes", json_type_object), quiz_id, json_type_object);
}

/* How the first try went, from a quiz's object. */
static ProgressFirst first_of(json_object *q)
{
	json_object *f = get(q, "first_try_right", json_type_boolean);
	if (f)
		return json_object_get_boolean(f) ? PROGRESS_FIRST_RIGHT : PROGRESS_FIRST_WRONG;
	if (!str(q, "answer"))
		return PROGRESS_FIRST_NONE;
	/* Written before first tries were kept: one try tells, more do not. */
	json_object *t = get(q, "tries", json_type_int);
	if (t && json_object_get_int(t) > 1)
		return PROGRESS_FIRST_UNKNOWN;
	json_object *c = get(q, "correct", json_type_boolean);
	return c && json_object_get_boolean(c) ? PROGRESS_FIRST_RIGHT : PROGRESS_FIRST_WRONG;
}

int progress_quiz(const Progress *p, const char *slug, const char *quiz_id, const char **answer,
		  int *correct, int *tries)
{
	json_object *q = quiz_get(p, slug, quiz_id);
	const char *a = str(q, "answer");
	if (!a)
		return 0;
	json_object *c = get(q, "correct", json_type_boolean);
	json_object *t = get(q, "tries", json_type_int);
	*answer = a;
	*correct = c && json_object_get_boolean(c);
	if (tries)
		*tries = t ? json_object_get_int(t) : 1;
	return 1;
}

/* Keep the first try as it went, once: an older file's is written down as it reads. */
static void keep_first(Progress *p, json_object *q, ProgressFirst now)
{
	if (get(q, "first_try_right", json_type_boolean))
		return;
	ProgressFirst was = first_of(q);
	if (was == PROGRESS_FIRST_UNKNOWN)
		return;   /* not known, and never made up */
	if (was == PROGRESS_FIRST_NONE)
		was = now;
	put(p, q, "first_try_right", json_object_new_boolean(was == PROGRESS_FIRST_RIGHT));
}

void progress_set_quiz(Progress *p, const char *slug, const char *quiz_id, const char *answer,
		       int correct)
{
	const char *old;
	int was, tries = 0;
	if (!progress_quiz(p, slug, quiz_id, &old, &was, &tries))
		tries = 0;
	json_object *q = quiz_mut(p, slug, quiz_id);
	if (!q)
		return;
	int revealed = 0;
	progress_quiz_first(p, slug, quiz_id, &revealed);
	keep_first(p, q, correct && !revealed ? PROGRESS_FIRST_RIGHT : PROGRESS_FIRST_WRONG);
	put(p, q, "answer", json_object_new_string(answer));
	put(p, q, "correct", json_object_new_boolean(correct));
	/* A counter stops at the largest int rather than wrapping. */
	put(p, q, "tries", json_object_new_int(tries < INT_MAX ? tries + 1 : INT_MAX));
}

ProgressFirst progress_quiz_first(const Progress *p, const char *slug, const char *quiz_id,
				  int *revealed)
{
	json_object *q = quiz_get(p, slug, quiz_id);
	if (revealed) {
		json_object *r = get(q, "revealed", json_type_boolean);
		*revealed = r && json_object_get_boolean(r);
	}
	return q ? first_of(q) : PROGRESS_FIRST_NONE;
}

void progress_set_quiz_revealed(Progress *p, const char *slug, const char *quiz_id)
{
	int revealed;
	progress_quiz_first(p, slug, quiz_id, &revealed);
	if (revealed)
		return;
	json_object *q = quiz_mut(p, slug, quiz_id);
	if (!q)
		return;
	keep_first(p, q, PROGRESS_FIRST_WRONG);
	put(p, q, "revealed", json_object_new_boolean(1));
}

/* How many of a lesson's quizzes PICK counts. */
static int count_quizzes(const Progress *p, const char *slug, int (*pick)(json_object *quiz))
{
	json_object *qs = get(lesson(p, slug), "quizzes", json_type_object);
	int n = 0;
	if (!qs)
		return 0;
	json_object_object_foreach(qs, key, val)
	{
		(void)key;
		n += json_object_is_type(val, json_type_object) && pick(val);
	}
	return n;
}

static int right_first(json_object *quiz)
{
	return first_of(quiz) == PROGRESS_FIRST_RIGHT;
}

static int right_now(json_object *quiz)
{
	json_object *c = get(quiz, "correct", json_type_boolean);
	return c && json_object_get_boolean(c);
}

int progress_first_right(const Progress *p, const char *slug)
{
	return count_quizzes(p, slug, right_first);
}

int progress_correct(const Progress *p, const char *slug)
{
	return count_quizzes(p, slug, right_now);
}

/* }==== */
