/* cmd_book: `gradlab` with no arguments, or `gradlab book`: the terminal textbook. In
 * src/cli; the book itself is src/ui. This passes cli_run down, so a cell runs any gradlab
 * command in-process without src/ui calling up into src/cli, and cli_caps beside it, so
 * the book knows from the command table which commands take --lang and plots. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/lessons_dir.h"
#include "core/lang.h"
#include "ui/book.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

int cmd_book(int argc, char **argv, FILE *out, FILE *err)
{
	const char *lang = NULL, *dir = NULL, *state = NULL, *exercises = NULL, *submission = NULL;
	int ascii = 0, amb = 0;
	char dirs[160], dir_help[sizeof dirs + 120 + sizeof GRADLAB_DATADIR];
	lang_codes_join(dirs, sizeof dirs, "DIR/", "", " and ");
	snprintf(dir_help, sizeof dir_help,
		 "the lessons: %s (default ./lessons, else the installed ones beside the program, "
		 "else " GRADLAB_DATADIR "/lessons)",
		 dirs);
	const Opt opts[] = {
		{ "lang", OPT_STRING, &lang, 0, 0, 0, LANG_CHOICES, "LANG", "language (default: the last one used, else from the locale)" },
		{ "ascii", OPT_FLAG, &ascii, 0, 0, 0, NULL, NULL, "draw with ASCII only (automatic when the locale is not UTF-8)" },
		{ "ambiguous-wide", OPT_FLAG, &amb, 0, 0, 0, NULL, NULL, "the terminal draws ambiguous-width characters (Greek letters, box lines) two columns wide, as many Chinese fonts do" },
		{ "dir", OPT_STRING, &dir, 0, 0, 0, NULL, "DIR", dir_help },
		{ "state", OPT_STRING, &state, 0, 0, 0, NULL, "DIR", "keep progress, and the exercises' grades, in DIR (default $XDG_STATE_HOME/gradlab, else ~/.local/state/gradlab)" },
		{ "submission", OPT_STRING, &submission, 0, 0, 0, NULL, "DIR", "the exercise files to grade: DIR (or DIR/exercises) instead of ./exercises" },
		{ "exercises", OPT_STRING, &exercises, 0, 0, 0, NULL, "DIR", "the grader's exercises folder (default: ./exercises or the installed one)" },
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("book", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab [book] [--lang %s] [--ascii] [--ambiguous-wide] [--dir DIR]\n"
			     "                      [--state DIR] [--submission DIR] [--exercises DIR]\n\n"
			     "The terminal textbook: read the lessons, run each experiment where it stands\n"
			     "and change its parameters, answer the quizzes; e lists the exercises, and\n"
			     "Enter grades the one selected. Progress is saved and the book reopens where\n"
			     "you left it. Press ? inside for every key.\n\n"
			     "Exit status: 0 after q; 1 when progress could not be saved; 2 when the book\n"
			     "cannot start: no terminal, TERM unset or unknown, or a terminal that cannot\n"
			     "move the cursor (TERM=dumb), said with what to use instead (gradlab lessons\n"
			     "--show NN prints a lesson as plain text); 129, 130 or 143 after SIGHUP,\n"
			     "SIGINT or SIGTERM.\n\n"
			     "options:\n",
			LANG_CHOICES);
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	const char *folders[2][2] = { { "submission", submission }, { "exercises", exercises } };
	for (int i = 0; i < 2; i++) {
		struct stat sb;
		if (folders[i][1] && (stat(folders[i][1], &sb) != 0 || !S_ISDIR(sb.st_mode))) {
			fprintf(err, "gradlab book: --%s %s: not a folder\n", folders[i][0], folders[i][1]);
			return 2;
		}
	}
	/* The notes' advice: a locale that cannot be set falls back to C.UTF-8 for characters. */
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_CTYPE, "C.UTF-8");
	UiOptions o = {
		.dir = dir ? dir : lessons_dir_default(),
		.state_dir = state,
		.grader_dir = exercises,
		.submission = submission,
		.lang = lang,
		.ascii = ascii,
		.ambiguous_wide = amb,
		.display = -1,
		.run = cli_run,
		.caps = cli_caps,
	};
	return ui_book_run(&o, out, err);
}
