/* progress: the progress file kept as a json-c tree; see progress.h. Readers are lenient
 * (a field of the wrong type counts as absent); a file that is not JSON, or whose top is
 * not a progress object, is set aside whole. */
#include "learn/progress.h"

#include "check/io.h"
#include "core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILE_BYTES (4L << 20)   /* a progress file larger than this is not ours */

struct Progress {
	char *dir;          /* NULL: saving is off */
	char *file;
	json_object *root;
	int dirty;
};

/* {==== Folder and file ==== */

int progress_default_dir(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/gradlab", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.local/state/gradlab", home);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* mkdir -p with mode 0700 for the folders it creates. */
static int make_dirs(const char *path, char *why, size_t why_size)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
		snprintf(why, why_size, "the path %.300s is too long", path);
		return -1;
	}
	for (char *p = tmp + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			struct stat sb;
			if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
				snprintf(why, why_size, "cannot create %.300s: %s", tmp, strerror(errno));
				return -1;
			}
			if (stat(tmp, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
				snprintf(why, why_size, "%.300s is not a folder", tmp);
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

/* The whole file into *text (mem_free). 1 read, 0 it does not exist, -1 an error in why. */
static int read_file(const char *path, char **text, size_t *len, char *why, size_t why_size)
{
	*text = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, why_size, "%s", strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	char *buf = mem_alloc(cap);
	if (!buf) {
		close(fd);
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	for (;;) {
		if (n + 1 >= cap) {
			if ((long)cap > MAX_FILE_BYTES) {
				snprintf(why, why_size, "larger than %ld MiB", MAX_FILE_BYTES >> 20);
				goto fail;
			}
			char *bigger = mem_realloc(buf, 2 * cap);
			if (!bigger) {
				snprintf(why, why_size, "out of memory");
				goto fail;
			}
			buf = bigger;
			cap *= 2;
		}
		ssize_t got = read(fd, buf + n, cap - 1 - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			snprintf(why, why_size, "%s", strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 1;
fail:
	close(fd);
	mem_free(buf);
	return -1;
}

/* Move path aside to path.corrupt-YYYYMMDD-HHMMSS (or -2, -3 ... when taken). */
static int set_aside(const char *path, char *to, size_t to_size)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		struct stat sb;
		if (i == 1)
			snprintf(to, to_size, "%s.corrupt-%s", path, stamp);
		else
			snprintf(to, to_size, "%s.corrupt-%s-%d", path, stamp, i);
		if (lstat(to, &sb) == 0)
			continue;
		return rename(path, to);
	}
	errno = EEXIST;
	return -1;
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
		if (json_object_get_int(v) != PROGRESS_VERSION) {
			snprintf(why, why_size, "it is version %d; this gradlab reads version %d",
				 json_object_get_int(v), PROGRESS_VERSION);
			return 0;
		}
	}
	if (json_object_object_get_ex(j, "lessons", &v) && !json_object_is_type(v, json_type_object)) {
		snprintf(why, why_size, "\"lessons\" is not an object");
		return 0;
	}
	return 1;
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
	if (!dir) {
		if (progress_default_dir(def, sizeof def) < 0) {
			note->opened = PROGRESS_NO_SAVE;
			snprintf(note->reason, sizeof note->reason,
				 "neither XDG_STATE_HOME nor HOME is set");
			return p;
		}
		dir = def;
	}
	if (snprintf(note->file, sizeof note->file, "%s/%s", dir, PROGRESS_FILE) >=
	    (int)sizeof note->file) {
		note->opened = PROGRESS_NO_SAVE;
		note->file[0] = '\0';
		snprintf(note->reason, sizeof note->reason, "the folder's path is too long");
		return p;
	}
	if (make_dirs(dir, note->reason, sizeof note->reason) < 0) {
		note->opened = PROGRESS_NO_SAVE;
		return p;
	}
	p->dir = mem_strdup(dir);
	p->file = mem_strdup(note->file);
	if (!p->dir || !p->file)
		goto oom;

	char *text;
	size_t len;
	char why[400] = "";
	int r = read_file(p->file, &text, &len, why, sizeof why);
	if (r == 0)
		return p;
	if (r > 0) {
		json_object *j = NULL;
		Status st = io_parse_json(p->file, text, len, &j);
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
		if (st != ST_OK) {
			/* "file:line:col: message" -> "line L, column C: message" */
			const char *d = status_detail();
			size_t fl = strlen(p->file);
			int line, col, used = 0;
			if (strncmp(d, p->file, fl) == 0 &&
			    sscanf(d + fl, ":%d:%d: %n", &line, &col, &used) == 2 && used > 0)
				snprintf(why, sizeof why, "line %d, column %d: %s", line, col,
					 d + fl + used);
			else
				snprintf(why, sizeof why, "%s", d);
		}
	}
	snprintf(note->reason, sizeof note->reason, "%s", why);
	if (set_aside(p->file, note->moved_to, sizeof note->moved_to) == 0) {
		note->opened = PROGRESS_SET_ASIDE;
	} else {
		size_t k = strlen(note->reason);
		snprintf(note->reason + k, sizeof note->reason - k, "; it cannot be moved aside: %s",
			 strerror(errno));
		note->moved_to[0] = '\0';
		note->opened = PROGRESS_NO_SAVE;
		mem_free(p->dir);
		mem_free(p->file);
		p->dir = p->file = NULL;
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

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

Status progress_save(Progress *p)
{
	if (!p->dir || !p->dirty)
		return ST_OK;
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", p->file, (long)getpid());
	const char *text = json_object_to_json_string_ext(p->root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_SPACED |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return status_fail(ST_ENOMEM, "out of memory writing %s", p->file);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return status_fail(ST_EIO, "cannot write %s: %s", tmp, strerror(errno));
	if (write_all(fd, text, strlen(text)) < 0 || write_all(fd, "\n", 1) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return status_fail(ST_EIO, "cannot write %s: %s", tmp, strerror(e));
	}
	if (close(fd) < 0 || rename(tmp, p->file) < 0) {
		int e = errno;
		unlink(tmp);
		return status_fail(ST_EIO, "cannot write %s: %s", p->file, strerror(e));
	}
	int dfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);   /* the rename itself survives a crash; best effort */
		close(dfd);
	}
	p->dirty = 0;
	return ST_OK;
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

int progress_quiz(const Progress *p, const char *slug, const char *quiz_id, const char **answer,
		  int *correct, int *tries)
{
	json_object *q = get(get(lesson(p, slug), "quizzes", json_type_object), quiz_id,
			     json_type_object);
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

void progress_set_quiz(Progress *p, const char *slug, const char *quiz_id, const char *answer,
		       int correct)
{
	const char *old;
	int was, tries = 0;
	if (!progress_quiz(p, slug, quiz_id, &old, &was, &tries))
		tries = 0;
	json_object *l = lesson_mut(p, slug);
	json_object *qs = l ? obj(l, "quizzes") : NULL;
	json_object *q = json_object_new_object();
	if (!qs || !q) {
		json_object_put(q);
		return;
	}
	json_object_object_add(q, "answer", json_object_new_string(answer));
	json_object_object_add(q, "correct", json_object_new_boolean(correct));
	json_object_object_add(q, "tries", json_object_new_int(tries + 1));
	put(p, qs, quiz_id, q);
}

int progress_correct(const Progress *p, const char *slug)
{
	json_object *qs = get(lesson(p, slug), "quizzes", json_type_object);
	int n = 0;
	if (!qs)
		return 0;
	json_object_object_foreach(qs, key, val)
	{
		(void)key;
		json_object *c = get(val, "correct", json_type_boolean);
		n += c && json_object_get_boolean(c);
	}
	return n;
}

/* }==== */
