/* grade_progress: each exercise's latest grade, kept between sessions and shared by
 * `gradlab grade`, `gradlab watch` and the terminal UI. In src/grade, beside the UI's own
 * progress store (learn/progress.h), in the same folder: $XDG_STATE_HOME/gradlab/
 * (default ~/.local/state/gradlab/), file exercises.json:
 *
 *   {"version": 1, "exercises": {"rnn_step": {"passed": false, "score": 5, "max_score": 10,
 *        "best": 5, "tries": 3, "when": 1732250000, "hint": 2}}}
 *
 * Saving re-reads the file and applies only what this process recorded, so two programs
 * grading different exercises do not undo each other; the write is atomic (core/file: a
 * temporary file, fsync, rename, fsync of the folder), and temporary files a killed save
 * left are removed when the store opens. A file that is not JSON, of another version,
 * holds a number out of range or is larger than GRADE_PROGRESS_MAX_BYTES is renamed aside
 * with a message and a fresh one begins: never a crash. One that is not a regular file (a
 * FIFO, a folder, a link) or cannot be renamed is never written over: saving is off, and
 * the note says why. Counters stop at INT_MAX. */
#ifndef GRADLAB_GRADE_PROGRESS_H
#define GRADLAB_GRADE_PROGRESS_H

#include "core/file.h"
#include "core/status.h"
#include "grade/result.h"

#include <stddef.h>

#define GRADE_PROGRESS_FILE "exercises.json"
/* The largest file read, and so the largest written (saving refuses with ST_ELIMIT). */
#define GRADE_PROGRESS_MAX_BYTES ((size_t)1 << 20)

typedef struct GradeProgress GradeProgress;

/* How opening went: the one note every state file gives (core/file.h); the names here are
 * the same values. */
typedef FileStateNote GradeProgressNote;
#define GRADE_PROGRESS_NEW FILE_STATE_NEW
#define GRADE_PROGRESS_LOADED FILE_STATE_LOADED
#define GRADE_PROGRESS_SET_ASIDE FILE_STATE_SET_ASIDE
#define GRADE_PROGRESS_NO_SAVE FILE_STATE_NO_SAVE

typedef enum GradeStatus {
	GRADE_STATUS_NEW,    /* never graded */
	GRADE_STATUS_FAILED, /* graded, and the latest grade failed */
	GRADE_STATUS_PASSED, /* the latest grade passed */
} GradeStatus;

typedef struct GradeProgressEntry {
	GradeStatus status;
	double score, max_score, best; /* latest, its maximum, and the best so far */
	int tries;
	long long when;                /* seconds since 1970 of the latest grade */
	int hint;                      /* the highest hint asked for (0: none) */
} GradeProgressEntry;

/* Open the store in dir (NULL: the default folder, created 0700 when missing). NULL only
 * when out of memory; every other problem is in *note and leaves saving off. */
GradeProgress *grade_progress_open(const char *dir, GradeProgressNote *note);
void grade_progress_free(GradeProgress *p); /* accepts NULL; does not save */

/* The entry of exercise name (status GRADE_STATUS_NEW and zeros when there is none). */
GradeProgressEntry grade_progress_get(const GradeProgress *p, const char *name);
/* Record a grade (passed, score, the time now; nothing for an interrupted one) or the hint
 * reached. */
void grade_progress_record(GradeProgress *p, const GradeResult *r);
void grade_progress_set_hint(GradeProgress *p, const char *name, int hint);
/* Merge what was recorded into the file. ST_OK also when saving is off; otherwise ST_EIO
 * (also when the file is no longer ours: it is then left as it is), ST_ELIMIT or
 * ST_ENOMEM, with status_detail naming the file. */
Status grade_progress_save(GradeProgress *p);

const char *grade_status_name(GradeStatus s); /* "new", "failed", "passed" */

#endif
