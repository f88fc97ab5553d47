/* path: joining a folder and a name without cutting either; see path.h. */
#include "core/path.h"

#include <errno.h>
#include <string.h>

/* How much of a refused path the message shows: its start and its end, which are what tell
 * a reader which path it was (the status message itself holds about 500 bytes). */
#define SHOW_HEAD 160
#define SHOW_TAIL 120

Status path_join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t ld = strlen(dir), ln = strlen(name);
	size_t need = ld + 1 + ln;
	if (size == 0 || need >= size) {
		if (size > 0 && buf != dir)
			buf[0] = '\0';
		/* The message needs dir before buf is cleared when they are one string. */
		Status st;
		if (need <= SHOW_HEAD + SHOW_TAIL)
			st = status_fail(ST_ELIMIT,
					 "the path %s/%s is %zu bytes, longer than the %zu a path may "
					 "have here",
					 dir, name, need, size ? size - 1 : 0);
		else if (ln >= SHOW_TAIL)
			st = status_fail(ST_ELIMIT,
					 "the path %.*s...%s is %zu bytes, longer than the %zu a path "
					 "may have here",
					 SHOW_HEAD, dir, name + ln - SHOW_TAIL, need, size ? size - 1 : 0);
		else
			st = status_fail(ST_ELIMIT,
					 "the path %.*s...%s/%s is %zu bytes, longer than the %zu a "
					 "path may have here",
					 SHOW_HEAD, dir, dir + ld - (SHOW_TAIL - 1 - ln), name, need,
					 size ? size - 1 : 0);
		if (size > 0)
			buf[0] = '\0';
		errno = ENAMETOOLONG;
		return st;
	}
	memmove(buf, dir, ld);
	buf[ld] = '/';
	memcpy(buf + ld + 1, name, ln + 1);
	return ST_OK;
}
