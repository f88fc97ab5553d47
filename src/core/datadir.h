/* datadir: where gradlab's own data (lessons, exercises) is when no option names it. In
 * src/core, for the layers that read that data (grade, cli). One search order, so the book,
 * `lessons` and the grader agree, and an installed copy finds its data wherever its PREFIX
 * was moved or staged (DESTDIR), not only where it was built for. */
#ifndef GRADLAB_DATADIR_H
#define GRADLAB_DATADIR_H

#include <stddef.h>

#ifndef GRADLAB_DATADIR
#define GRADLAB_DATADIR "/usr/local/share/gradlab"  /* the Makefile sets it from PREFIX */
#endif

/* The first of these folders that ok() accepts, into buf (size bytes), with EXE the folder
 * of the running program (/proc/self/exe, symbolic links resolved):
 *   SUB                          the current folder is a source tree being worked on;
 *   EXE/../share/gradlab/SUB     an install: PREFIX/bin/gradlab beside PREFIX/share/gradlab;
 *   EXE/../SUB, EXE/../../SUB    a source tree's build/gradlab or build/tests/test_x;
 *   GRADLAB_DATADIR/SUB          the folder the program was built for.
 * 1 when one is found, 0 when none is (buf is then GRADLAB_DATADIR/SUB, for a message). A
 * candidate longer than buf is skipped, never cut. */
int datadir_find(const char *sub, int (*ok)(const char *dir), char *buf, size_t size);

#endif
