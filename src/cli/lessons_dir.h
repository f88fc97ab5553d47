/* lessons_dir: the lessons folder that `book` and `lessons` read when no --dir is given.
 * In src/cli. In a source tree ./lessons is the one being written; installed, the data
 * folder beside the program, else the one it was built for (core/datadir.h). */
#ifndef GRADLAB_LESSONS_DIR_H
#define GRADLAB_LESSONS_DIR_H

#include "core/datadir.h"

/* The first folder holding en/ in datadir_find's order; GRADLAB_DATADIR "/lessons" when
 * none does (the message about it then names that). Static storage. */
const char *lessons_dir_default(void);

#endif
