/* grade_progress: exercises.json as a json-c tree; see grade_progress.h. Readers are lenient
 * (a field of the wrong type counts as absent); a file that is not JSON, whose top is not
 * ours, or that holds a number this program would never write, is set aside whole. Reading,
 * writing and setting aside are core/file's. */
#include "grade/grade_progress.h"

#include "check/io.h"
#include "core/file.h"
#include "core/mem.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VERSION 1

struct GradeProgress {
	char *dir, *file;       /* NULL: saving is off */
	json_object *root;      /* the file as last read, with our changes */
	json_object *mine;      /* name -> entry: what this process recorded */
};

const char *grade_status_name(GradeStatus s)
{
	return s == GRADE_STATUS_PASSED ? "passed" : s == GRADE_STATUS_FAILED ? "failed" : "new";
}

/* {==== The file ==== */

/* A number of entry o at key, when present as a number, must be finite and, for a whole
 * count, whole and in [lo, hi]: json-c reads 1e400 as infinity and any integer at all,
 * and neither fits what this program writes. 0 and why naming the JSON path otherwise. */
static int check_num(json_object *o, const char *key, int whole, double lo, double hi,
		     const char *path, char *why, size_t size)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		return 1;
	int is_int = json_object_is_type(v, json_type_int);
	if (!is_int && !json_object_is_type(v, json_type_double))
		return 1; /* another type: read as absent */
	double x = json_object_get_double(v);
	if (is_int) {
		long long i = json_object_get_int64(v);
		if (i >= (long long)lo && i <= (long long)hi)
			return 1;
	} else if (isfinite(x) && x >= lo && x <= hi && (!whole || x == floor(x))) {
		return 1;
	}
	snprintf(why, size, "%s.%s is %s, %s %.17g..%.17g", path, key, json_object_get_string(v),
		 whole ? "not a whole number in" : "outside", lo, hi);
	return 0;
}

/* Whether j is a version VERSION exercise progress file with every number in range. */
static int valid(json_object *j, char *why, size_t size)
{
	json_object *v;
	if (!json_object_is_type(j, json_type_object) ||
	    !json_object_object_get_ex(j, "version", &v) || !json_object_is_type(v, json_type_int)) {
		snprintf(why, size, "it is not a version %d exercise progress file", VERSION);
		return 0;
	}
	if (json_object_get_int64(v) != VERSION) {
		snprintf(why, size, "it is version %s; this gradlab reads version %d",
			 json_object_get_string(v), VERSION);
		return 0;
	}
	if (!json_object_object_get_ex(j, "exercises", &v) ||
	    !json_object_is_type(v, json_type_object)) {
		snprintf(why, size, "\"exercises\" is not an object");
		return 0;
	}
	/* The latest second a time may be: the end of the year 9999. */
	const double last_when = 253402300799.0, big = 1e15;
	json_object_object_foreach(v, name, e)
	{
		if (!json_object_is_type(e, json_type_object))
			continue;
		char k[80], path[120];
		io_quote(k, sizeof k, name, 40);
		snprintf(path, sizeof path, "exercises.%s", k);
		if (!check_num(e, "score", 0, -big, big, path, why, size) ||
		    !check_num(e, "max_score", 0, -big, big, path, why, size) ||
		    !check_num(e, "best", 0, -big, big, path, why, size) ||
		    !check_num(e, "tries", 1, 0, INT_MAX, path, why, size) ||
		    !check_num(e, "hint", 1, 0, INT_MAX, path, why, size) ||
		    !check_num(e, "when", 1, 0, last_when, path, why, size))
			return 0;
	}
	return 1;
}

typedef enum Tree {
	TREE_OURS,        /* read and ours */
	TREE_MISSING,     /* no file */
	TREE_NOT_OURS,    /* corrupt, foreign or too large: set it aside */
	TREE_LEAVE,       /* not a regular file: leave it alone */
	TREE_NOMEM,
} Tree;

/* The file's tree into *out when TREE_OURS; why says what is wrong otherwise. */
static Tree read_tree(const char *path, json_object **out, char *why, size_t size)
{
	*out = NULL;
	char *text;
	size_t len;
	FileRead r = file_read_capped(path, GRADE_PROGRESS_MAX_BYTES, &text, &len, why, size);
	if (r == FILE_READ_MISSING)
		return TREE_MISSING;
	if (r == FILE_READ_NOMEM)
		return TREE_NOMEM;
	if (r == FILE_READ_NOT_REGULAR)
		return TREE_LEAVE;
	if (r != FILE_READ_OK)
		return TREE_NOT_OURS;
	json_object *j;
	IoParseError err;
	Status st = io_parse_json_at(GRADE_PROGRESS_FILE, text, len, &j, &err);
	mem_free(text);
	if (st == ST_ENOMEM)
		return TREE_NOMEM;
	if (st != ST_OK) {
		char at[400];
		snprintf(why, size, "it is not JSON: %s", io_parse_words(&err, at, sizeof at));
		return TREE_NOT_OURS;
	}
	if (!valid(j, why, size)) {
		json_object_put(j);
		return TREE_NOT_OURS;
	}
	*out = j;
	return TREE_OURS;
}

static json_object *fresh_root(void)
{
	json_object *r = json_object_new_object();
	if (r) {
		json_object_object_add(r, "version", json_object_new_int(VERSION));
		json_object_object_add(r, "exercises", json_object_new_object());
	}
	return r;
}

GradeProgress *grade_progress_open(const char *dir, GradeProgressNote *note)
{
	memset(note, 0, sizeof *note);
	GradeProgress *p = mem_calloc(1, sizeof *p);
	if (!p || !(p->root = fresh_root()) || !(p->mine = json_object_new_object())) {
		grade_progress_free(p);
		return NULL;
	}
	char folder[4096];
	if (file_state_prepare(dir, GRADE_PROGRESS_FILE, note, folder, sizeof folder) < 0)
		return p;
	if (!(p->dir = mem_strdup(folder)) || !(p->file = mem_strdup(note->file))) {
		grade_progress_free(p);
		return NULL;
	}
	json_object *j;
	char why[400] = "";
	Tree t = read_tree(p->file, &j, why, sizeof why);
	if (t == TREE_NOMEM) {
		grade_progress_free(p);
		return NULL;
	}
	if (t == TREE_OURS) {
		json_object_put(p->root);
		p->root = j;
		note->opened = GRADE_PROGRESS_LOADED;
		return p;
	}
	if (t == TREE_MISSING)
		return p;
	if (t == TREE_NOT_OURS &&
	    file_set_aside(p->file, note->moved_to, sizeof note->moved_to) == 0) {
		snprintf(note->reason, sizeof note->reason, "%s", why);
		note->opened = GRADE_PROGRESS_SET_ASIDE;
		return p;
	}
	/* Not a regular file, or it cannot be moved: never written over, saving is off. */
	if (t == TREE_LEAVE)
		snprintf(note->reason, sizeof note->reason, "%.300s: %.200s", p->file, why);
	else
		snprintf(note->reason, sizeof note->reason,
			 "%.200s: %.200s; it cannot be moved aside (%s), so it is left as it is",
			 p->file, why, strerror(errno));
	note->moved_to[0] = '\0';
	note->opened = GRADE_PROGRESS_NO_SAVE;
	mem_free(p->dir);
	mem_free(p->file);
	p->dir = p->file = NULL;
	return p;
}

void grade_progress_free(GradeProgress *p)
{
	if (!p)
		return;
	json_object_put(p->root);
	json_object_put(p->mine);
	mem_free(p->dir);
	mem_free(p->file);
	mem_free(p);
}

/* }==== */

/* {==== Entries ==== */

static json_object *entries(json_object *root)
{
	json_object *v;
	return json_object_object_get_ex(root, "exercises", &v) &&
			       json_object_is_type(v, json_type_object)
		       ? v
		       : NULL;
}

static double num(json_object *o, const char *key)
{
	json_object *v;
	if (o && json_object_object_get_ex(o, key, &v) &&
	    (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return json_object_get_double(v);
	return 0;
}

/* A whole count in [0, hi]: a file that was checked holds nothing else, and a conversion
 * out of range would be undefined. */
static long long clamped(json_object *o, const char *key, long long hi)
{
	double x = num(o, key);
	return !(x > 0) ? 0 : x >= (double)hi ? hi : (long long)x;
}

static GradeProgressEntry entry_of(json_object *o)
{
	GradeProgressEntry e = { 0 };
	json_object *v;
	if (!o || !json_object_is_type(o, json_type_object))
		return e;
	if (json_object_object_get_ex(o, "passed", &v) && json_object_is_type(v, json_type_boolean))
		e.status = json_object_get_boolean(v) ? GRADE_STATUS_PASSED : GRADE_STATUS_FAILED;
	e.score = num(o, "score");
	e.max_score = num(o, "max_score");
	e.best = num(o, "best");
	e.tries = (int)clamped(o, "tries", INT_MAX);
	e.when = clamped(o, "when", LLONG_MAX / 2);
	e.hint = (int)clamped(o, "hint", INT_MAX);
	return e;
}

static json_object *entry_json(const GradeProgressEntry *e)
{
	json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	if (e->status != GRADE_STATUS_NEW)
		json_object_object_add(o, "passed",
				       json_object_new_boolean(e->status == GRADE_STATUS_PASSED));
	json_object_object_add(o, "score", json_object_new_double(e->score));
	json_object_object_add(o, "max_score", json_object_new_double(e->max_score));
	json_object_object_add(o, "best", json_object_new_double(e->best));
	json_object_object_add(o, "tries", json_object_new_int(e->tries));
	json_object_object_add(o, "when", json_object_new_int64(e->when));
	json_object_object_add(o, "hint", json_object_new_int(e->hint));
	return o;
}

GradeProgressEntry grade_progress_get(const GradeProgress *p, const char *name)
{
	json_object *v = NULL;
	json_object *all = entries(p->root);
	if (all)
		json_object_object_get_ex(all, name, &v);
	return entry_of(v);
}

static void put(GradeProgress *p, const char *name, const GradeProgressEntry *e)
{
	json_object *all = entries(p->root);
	json_object *a = entry_json(e), *b = entry_json(e);
	if (all && a)
		json_object_object_add(all, name, a);
	else
		json_object_put(a);
	if (b)
		json_object_object_add(p->mine, name, b);
}

void grade_progress_record(GradeProgress *p, const GradeResult *r)
{
	if (r->interrupted)
		return; /* not a grade: a signal stopped it before it was done */
	GradeProgressEntry e = grade_progress_get(p, r->exercise);
	e.status = grade_result_passed(r) ? GRADE_STATUS_PASSED : GRADE_STATUS_FAILED;
	e.score = r->score;
	e.max_score = r->max_score;
	e.best = fmax(e.best, r->score);
	if (e.tries < INT_MAX)
		e.tries++; /* a counter stops at the largest int rather than wrapping */
	e.when = (long long)time(NULL);
	put(p, r->exercise, &e);
}

void grade_progress_set_hint(GradeProgress *p, const char *name, int hint)
{
	GradeProgressEntry e = grade_progress_get(p, name);
	if (hint <= e.hint)
		return;
	e.hint = hint;
	put(p, name, &e);
}

/* }==== */

Status grade_progress_save(GradeProgress *p)
{
	if (!p->dir || json_object_object_length(p->mine) == 0)
		return ST_OK;
	/* What is on disk now (another program may have saved since we read), with ours on top:
	 * the latest grade is ours; tries, best and hint are the larger of the two. A file that
	 * is no longer ours is left for the next start to set aside, never written over. */
	json_object *disk;
	char why[400] = "";
	Tree t = read_tree(p->file, &disk, why, sizeof why);
	if (t == TREE_NOMEM)
		return status_fail(ST_ENOMEM, "out of memory saving %s", p->file);
	if (t == TREE_NOT_OURS || t == TREE_LEAVE)
		return status_fail(ST_EIO, "%s changed since it was read and %s; it is left as it is "
					   "and nothing was recorded",
				   p->file, why);
	if (t == TREE_MISSING && !(disk = fresh_root()))
		return status_fail(ST_ENOMEM, "out of memory saving %s", p->file);
	json_object *all = entries(disk);
	json_object_object_foreach(p->mine, name, mine)
	{
		json_object *was = NULL;
		json_object_object_get_ex(all, name, &was);
		GradeProgressEntry d = entry_of(was), m = entry_of(mine);
		m.tries = m.tries > d.tries ? m.tries : d.tries;
		m.best = fmax(m.best, d.best);
		m.hint = m.hint > d.hint ? m.hint : d.hint;
		json_object *e = entry_json(&m);
		if (!e || json_object_object_add(all, name, e) != 0) {
			json_object_put(e);
			json_object_put(disk);
			return status_fail(ST_ENOMEM, "out of memory saving %s", p->file);
		}
	}
	const char *text = json_object_to_json_string_ext(disk, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_SPACED);
	char *whole = text ? mem_alloc(strlen(text) + 2) : NULL;
	if (!whole) {
		json_object_put(disk);
		return status_fail(ST_ENOMEM, "out of memory saving %s", p->file);
	}
	size_t len = strlen(text);
	memcpy(whole, text, len);
	memcpy(whole + len, "\n", 2);
	Status st = file_write_atomic(p->file, whole, len + 1, GRADE_PROGRESS_MAX_BYTES);
	mem_free(whole);
	if (st != ST_OK) {
		json_object_put(disk);
		return st;
	}
	json_object_put(p->root);
	p->root = disk;
	json_object_put(p->mine);
	p->mine = json_object_new_object();
	if (!p->mine)
		return status_fail(ST_ENOMEM, "out of memory");
	return ST_OK;
}
