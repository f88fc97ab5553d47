/* state_notes: what `gradlab grade` and `gradlab watch` say about the exercise progress
 * file (grade/grade_progress) in one line on standard error, in English or Chinese: a file
 * set aside, saving that is off, a save that failed. In src/cli, under those two commands;
 * the book says the same through its own string table (ui/strings). Nothing about saving
 * goes unsaid. */
#ifndef GRADLAB_STATE_NOTES_H
#define GRADLAB_STATE_NOTES_H

#include "grade/grade_progress.h"

#include <stdio.h>

/* How opening went, when there is something to say (a file set aside, or saving off);
 * cmd is "grade" or "watch". */
void state_note_say(FILE *err, const char *cmd, const GradeProgressNote *note, int lang);
/* Saving failed: status_detail() says why. */
void state_save_failed_say(FILE *err, const char *cmd, int lang);

#endif
