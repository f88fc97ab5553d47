/* path: building a file's path from a folder and a name, in src/core for every layer that
 * names files (state files, lessons, exercises, the grader's private folders). A path that
 * does not fit is refused with a message naming it, never cut short: a cut path names
 * another file. */
#ifndef GRADLAB_PATH_H
#define GRADLAB_PATH_H

#include "core/status.h"

#include <stddef.h>

/* dir "/" name into buf (size bytes, PATH_MAX will do): always one '/' between them, as
 * "%s/%s" would write it, so the paths in messages stay as they were. dir may be buf itself
 * (appending a name in place); name may not overlap buf. ST_OK, or ST_ELIMIT with buf ""
 * and errno ENAMETOOLONG when the path needs more than size - 1 bytes; the message names
 * the path (its start and its end when it is long): "the path /a/b/.../c/name is 4200
 * bytes, longer than the 4095 a path may have here". */
Status path_join(char *buf, size_t size, const char *dir, const char *name);

/* path into buf (size bytes) whole, or ST_ELIMIT with buf "" and errno ENAMETOOLONG and the
 * same message as path_join's, naming the path. path may not overlap buf. */
Status path_copy(char *buf, size_t size, const char *path);

#endif
