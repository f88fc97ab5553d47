/* state_notes: the lines about the exercise progress file; see state_notes.h. */
#include "cli/state_notes.h"

#include "cli/cli_msg.h"

#include "core/status.h"

void state_note_say(FILE *err, const char *cmd, const GradeProgressNote *note, int lang)
{
	if (note->opened == GRADE_PROGRESS_SET_ASIDE)
		cli_say(err, lang, CM_STATE_SET_ASIDE, cmd, note->file, note->reason,
			note->moved_to);
	else if (note->opened == GRADE_PROGRESS_NO_SAVE)
		cli_say(err, lang, CM_STATE_NO_SAVE, cmd, note->reason);
}

void state_save_failed_say(FILE *err, const char *cmd, int lang)
{
	cli_say(err, lang, CM_STATE_SAVE_FAILED, cmd, status_detail());
}
