/* path: joining a folder and a name without cutting either; see path.h. */
#include "core/path.h"

#include <errno.h>
#include <string.h>

/* How much of a refused path the message shows: its start and its end, which are what tell
 * a reader which path it was (the status message itself holds about 500 bytes). */
#define SHOW_HEAD 160
#define SHOW_TAIL 120

/* The refusal: the path (shown by its start and end when long) and the room it lacked. */
static Status too_long(const char *dir, const char *name, size_t need, size_t size)
{
	size_t ld = strlen(dir), ln = strlen(name);
	const char *sep = dir[0] && name[0] ? "/" : "";
	size_t room = size ? size - 1 : 0;
	Status st;
	if (need <= SHOW_HEAD + SHOW_TAIL)
		st = status_fail(ST_ELIMIT,
				 "the path %s%s%s is %zu bytes, longer than the %zu a path may have "
				 "here",
				 dir, sep, name, need, room);
	else if (ln + 1 >= SHOW_TAIL)
		st = status_fail(ST_ELIMIT,
				 "the path %.*s...%s is %zu bytes, longer than the %zu a path may "
				 "have here",
				 SHOW_HEAD, dir, name + ln - (ln < SHOW_TAIL ? ln : SHOW_TAIL), need,
				 room);
	else
		st = status_fail(ST_ELIMIT,
				 "the path %.*s...%s%s%s is %zu bytes, longer than the %zu a path may "
				 "have here",
				 SHOW_HEAD, dir, dir + ld - (SHOW_TAIL - 1 - ln), sep, name, need, room);
	errno = ENAMETOOLONG;
	return st;
}

Status path_join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t ld = strlen(dir), ln = strlen(name);
	size_t need = ld + 1 + ln;
	if (need >= size) {
		/* The message is made before buf is cleared: dir may be buf. */
		Status st = too_long(dir, name, need, size);
		if (size > 0)
			buf[0] = '\0';
		return st;
	}
	memmove(buf, dir, ld);
	buf[ld] = '/';
	memcpy(buf + ld + 1, name, ln + 1);
	return ST_OK;
}

Status path_copy(char *buf, size_t size, const char *path)
{
	size_t n = strlen(path);
	if (n >= size) {
		Status st = too_long(path, "", n, size);
		if (size > 0)
			buf[0] = '\0';
		return st;
	}
	memcpy(buf, path, n + 1);
	return ST_OK;
}
