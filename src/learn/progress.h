/* progress: what a learner has done, kept between sessions. In src/learn, beside the lesson
 * parser; the UI reads and updates it, nothing below knows it. One JSON file,
 * $XDG_STATE_HOME/gradlab/progress.json (default ~/.local/state/gradlab/), holding the
 * language, the last lesson, and per lesson: visited, the position in each language, the
 * selected cell, and each quiz's last answer and whether it was right, how many tries it
 * took, whether the first try was right and whether the learner asked to see the answer
 * (a quiz whose answer was shown before a right try is never right at the first try).
 * Files from before first tries were kept read the same: a quiz answered once was right at
 * the first try when that answer was; one answered more often is not known. Writes are atomic
 * (core/file: a temporary file, fsync, rename, fsync of the folder); temporary files a
 * killed save left are removed when the store opens. A file that cannot be read, is not a
 * progress file, holds a number out of range or is larger than PROGRESS_MAX_BYTES is renamed
 * aside and a fresh store begins: never a crash. One that is not a regular file (a FIFO, a
 * folder, a link) or cannot be renamed is left as it is, and saving is off.
 *
 *   {"version": 1, "lang": "zh", "last": {"lesson": "01-activations", "screen": "reader"},
 *    "lessons": {"01-activations": {"visited": true, "cell": 3,
 *        "block": {"en": 40, "zh": 38},
 *        "quizzes": {"q1": {"answer": "0.25", "correct": true, "tries": 1,
 *                        "first_try_right": true},
 *                    "q2": {"first_try_right": false, "revealed": true}}}}}
 */
#ifndef GRADLAB_PROGRESS_H
#define GRADLAB_PROGRESS_H

#include <stddef.h>

#include "core/file.h"
#include "core/status.h"

#define PROGRESS_FILE "progress.json"
#define PROGRESS_VERSION 1
/* The largest progress file read, and so the largest written: saving refuses (ST_ELIMIT)
 * rather than write a file the next start would set aside. */
#define PROGRESS_MAX_BYTES ((size_t)4 << 20)

typedef struct Progress Progress;

/* How opening went, for the UI to tell the learner in their language: the one note every
 * state file gives (core/file.h); the names here are the same values. */
typedef FileStateNote ProgressNote;
#define PROGRESS_NEW FILE_STATE_NEW
#define PROGRESS_LOADED FILE_STATE_LOADED
#define PROGRESS_SET_ASIDE FILE_STATE_SET_ASIDE
#define PROGRESS_NO_SAVE FILE_STATE_NO_SAVE

/* The default folder: $XDG_STATE_HOME/gradlab when that is an absolute path, else
 * $HOME/.local/state/gradlab. -1 when neither is set (or buf is too small). */
int progress_default_dir(char *buf, size_t size);

/* Open the store in dir (NULL: the default), creating the folder (0700) when missing.
 * NULL only when out of memory; every other problem is in *note. */
Progress *progress_open(const char *dir, ProgressNote *note);
void progress_free(Progress *p);   /* accepts NULL; does not save */

/* The folder, or NULL when saving is off. */
const char *progress_dir(const Progress *p);

/* Write the file if anything changed since the last save. ST_OK (also when saving is off
 * or nothing changed), ST_ELIMIT when it would be larger than PROGRESS_MAX_BYTES (nothing
 * is written), or ST_EIO, with status_detail naming the file and the error. */
Status progress_save(Progress *p);

/* {==== Reading and changing ==== */

/* Strings returned are borrowed from p and valid until it next changes. */
const char *progress_lang(const Progress *p);            /* "en", "zh" or NULL */
void progress_set_lang(Progress *p, const char *lang);
const char *progress_last(const Progress *p, int *in_reader);   /* a slug or NULL */
void progress_set_last(Progress *p, const char *slug, int in_reader);

int progress_visited(const Progress *p, const char *slug);
void progress_set_visited(Progress *p, const char *slug);
/* The block at the top of the reader in lang and the selected cell (-1 if none). 1 when
 * a position in lang is stored; 0 leaves *block alone (the cell is read either way). */
int progress_position(const Progress *p, const char *slug, const char *lang, int *block,
		      int *cell);
void progress_set_position(Progress *p, const char *slug, const char *lang, int block,
			   int cell);

/* A quiz's last answer: 1 when answered, with the answer (borrowed) and whether it was
 * right; 0 when not. tries may be NULL. */
int progress_quiz(const Progress *p, const char *slug, const char *quiz_id, const char **answer,
		  int *correct, int *tries);
void progress_set_quiz(Progress *p, const char *slug, const char *quiz_id, const char *answer,
		       int correct);
/* How many quizzes of slug are stored as answered right. */
int progress_correct(const Progress *p, const char *slug);

/* How the first try at a quiz went: kept by the first progress_set_quiz or
 * progress_set_quiz_revealed, and never changed by a later answer. */
typedef enum ProgressFirst {
	PROGRESS_FIRST_NONE,     /* neither answered nor shown yet */
	PROGRESS_FIRST_RIGHT,    /* the first answer was right, before the answer was shown */
	PROGRESS_FIRST_WRONG,    /* the first answer was wrong, or the answer was shown first */
	PROGRESS_FIRST_UNKNOWN   /* an older file's quiz answered more than once */
} ProgressFirst;

/* How the first try went; *revealed (may be NULL): whether the answer was shown. */
ProgressFirst progress_quiz_first(const Progress *p, const char *slug, const char *quiz_id,
				  int *revealed);
/* The learner asked to see the answer: the first try can no longer be right. */
void progress_set_quiz_revealed(Progress *p, const char *slug, const char *quiz_id);
/* How many quizzes of slug were right at the first try. */
int progress_first_right(const Progress *p, const char *slug);

/* }==== */

#endif
