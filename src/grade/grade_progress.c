/* grade_progress: exercises.json as a json-c tree; see grade_progress.h. Readers are lenient
 * (a field of the wrong type counts as absent); a file that is not JSON, or whose top is not
 * ours, is set aside whole. */
#include "grade/grade_progress.h"

#include "core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define VERSION 1
#define MAX_BYTES (1L << 20)

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

static int make_dirs(const char *path, char *why, size_t size)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
		snprintf(why, size, "the folder's path is too long");
		return -1;
	}
	for (char *p = tmp + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		struct stat st;
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
			snprintf(why, size, "cannot create %.300s: %s", tmp, strerror(errno));
			return -1;
		}
		if (stat(tmp, &st) != 0 || !S_ISDIR(st.st_mode)) {
			snprintf(why, size, "%.300s is not a folder", tmp);
			return -1;
		}
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

/* The file's tree: 1 read and ours, 0 no file, -1 not ours (why says how). */
static int read_tree(const char *path, json_object **out, char *why, size_t size)
{
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, size, "cannot read it: %s", strerror(errno));
		return -1;
	}
	char *text = mem_alloc(MAX_BYTES + 1);
	size_t n = text ? fread(text, 1, MAX_BYTES + 1, f) : 0;
	fclose(f);
	if (!text) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	if (n > MAX_BYTES) {
		mem_free(text);
		snprintf(why, size, "it is larger than %ld bytes", MAX_BYTES);
		return -1;
	}
	text[n] = '\0';
	enum json_tokener_error e = json_tokener_success;
	json_object *j = json_tokener_parse_verbose(text, &e);
	mem_free(text);
	json_object *v;
	if (!j) {
		snprintf(why, size, "it is not JSON (%s)", json_tokener_error_desc(e));
		return -1;
	}
	if (!json_object_is_type(j, json_type_object) ||
	    !json_object_object_get_ex(j, "version", &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_int(v) != VERSION ||
	    !json_object_object_get_ex(j, "exercises", &v) ||
	    !json_object_is_type(v, json_type_object)) {
		json_object_put(j);
		snprintf(why, size, "it is not a version %d exercise progress file", VERSION);
		return -1;
	}
	*out = j;
	return 1;
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

static int set_aside(const char *path, char *to, size_t size)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		struct stat st;
		if (i == 1)
			snprintf(to, size, "%s.corrupt-%s", path, stamp);
		else
			snprintf(to, size, "%s.corrupt-%s-%d", path, stamp, i);
		if (lstat(to, &st) != 0)
			return rename(path, to);
	}
	errno = EEXIST;
	return -1;
}

GradeProgress *grade_progress_open(const char *dir, GradeProgressNote *note)
{
	memset(note, 0, sizeof *note);
	GradeProgress *p = mem_calloc(1, sizeof *p);
	if (!p || !(p->root = fresh_root()) || !(p->mine = json_object_new_object())) {
		grade_progress_free(p);
		return NULL;
	}
	char def[3900];
	if (!dir) {
		const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
		if (xdg && xdg[0] == '/')
			snprintf(def, sizeof def, "%s/gradlab", xdg);
		else if (home && home[0])
			snprintf(def, sizeof def, "%s/.local/state/gradlab", home);
		else {
			note->opened = GRADE_PROGRESS_NO_SAVE;
			snprintf(note->reason, sizeof note->reason,
				 "neither XDG_STATE_HOME nor HOME is set");
			return p;
		}
		dir = def;
	}
	snprintf(note->file, sizeof note->file, "%s/%s", dir, GRADE_PROGRESS_FILE);
	if (make_dirs(dir, note->reason, sizeof note->reason) < 0) {
		note->opened = GRADE_PROGRESS_NO_SAVE;
		return p;
	}
	if (!(p->dir = mem_strdup(dir)) || !(p->file = mem_strdup(note->file))) {
		grade_progress_free(p);
		return NULL;
	}
	json_object *j;
	int r = read_tree(p->file, &j, note->reason, sizeof note->reason);
	if (r > 0) {
		json_object_put(p->root);
		p->root = j;
		note->opened = GRADE_PROGRESS_LOADED;
	} else if (r < 0) {
		if (set_aside(p->file, note->moved_to, sizeof note->moved_to) == 0) {
			note->opened = GRADE_PROGRESS_SET_ASIDE;
		} else {
			size_t k = strlen(note->reason);
			snprintf(note->reason + k, sizeof note->reason - k,
				 "; it cannot be moved aside: %s", strerror(errno));
			note->opened = GRADE_PROGRESS_NO_SAVE;
			mem_free(p->dir);
			mem_free(p->file);
			p->dir = p->file = NULL;
		}
	}
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
	e.tries = (int)num(o, "tries");
	e.when = (long long)num(o, "when");
	e.hint = (int)num(o, "hint");
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
	e.tries++;
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
	 * the latest grade is ours; tries, best and hint are the larger of the two. */
	json_object *disk;
	char why[512];
	if (read_tree(p->file, &disk, why, sizeof why) <= 0)
		disk = fresh_root();
	if (!disk)
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
		json_object_object_add(all, name, entry_json(&m));
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", p->file, (long)getpid());
	const char *text = json_object_to_json_string_ext(disk, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_SPACED);
	Status st = ST_OK;
	int fd = text ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
	if (fd < 0) {
		st = status_fail(ST_EIO, "cannot write %s: %s", tmp, strerror(errno));
	} else {
		size_t len = strlen(text);
		ssize_t w = write(fd, text, len);
		int bad = w != (ssize_t)len || write(fd, "\n", 1) != 1 || fsync(fd) != 0;
		int e = errno;
		bad |= close(fd) != 0;
		if (bad || rename(tmp, p->file) != 0) {
			unlink(tmp);
			st = status_fail(ST_EIO, "cannot write %s: %s", p->file,
					 strerror(bad ? e : errno));
		}
	}
	if (st == ST_OK) {
		json_object_put(p->root);
		p->root = disk;
		json_object_put(p->mine);
		p->mine = json_object_new_object();
		if (!p->mine)
			return status_fail(ST_ENOMEM, "out of memory");
	} else {
		json_object_put(disk);
	}
	return st;
}
