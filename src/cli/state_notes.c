/* state_notes: the lines about the exercise progress file; see state_notes.h. */
#include "cli/state_notes.h"

#include "core/status.h"

void state_note_say(FILE *err, const char *cmd, const GradeProgressNote *note, int zh)
{
	if (note->opened == GRADE_PROGRESS_SET_ASIDE)
		fprintf(err,
			zh ? "gradlab %s：%s 不是可读的进度文件（%s）；原文件保存为 %s，新的进度文件从头开始\n"
			   : "gradlab %s: %s was not a progress file (%s); it is kept as %s and a new "
			     "one begins\n",
			cmd, note->file, note->reason, note->moved_to);
	else if (note->opened == GRADE_PROGRESS_NO_SAVE)
		fprintf(err,
			zh ? "gradlab %s：成绩不会被记录：%s\n"
			   : "gradlab %s: the results will not be recorded: %s\n",
			cmd, note->reason);
}

void state_save_failed_say(FILE *err, const char *cmd, int zh)
{
	fprintf(err, zh ? "gradlab %s：成绩没有被记录：%s\n" : "gradlab %s: the results were not recorded: %s\n",
		cmd, status_detail());
}
