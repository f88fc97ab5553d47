/* lessons_dir: the lessons folder that `book` and `lessons` read when no --dir is given.
 * In src/cli. In a source tree ./lessons is the one being written; installed, the data
 * dir's. */
#ifndef GRADLAB_LESSONS_DIR_H
#define GRADLAB_LESSONS_DIR_H

#ifndef GRADLAB_DATADIR
#define GRADLAB_DATADIR "/usr/local/share/gradlab"  /* the Makefile sets it from PREFIX */
#endif

/* "lessons" when ./lessons/en is a folder, else GRADLAB_DATADIR "/lessons". */
const char *lessons_dir_default(void);

#endif
