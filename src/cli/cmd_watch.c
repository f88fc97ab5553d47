/* cmd_watch: `gradlab watch [NAME]` grades an exercise, then grades it again each time its
 * file is saved (inotify on the folder, so editors that write a new file and rename it are
 * seen too; a burst of events is one save). Keys, as rustlings has them: n the next
 * exercise, h the next hint, l the list with each exercise's status, r grade again, q quit.
 * On a terminal the keys act at once (non-canonical input, restored on exit and on SIGINT,
 * SIGTERM, SIGHUP, which also stop a grading under way); otherwise each line read is a key.
 * Results go to the progress file the terminal UI reads. With --lang zh every line it writes
 * is in Chinese. */
#include "cli/args.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/state_notes.h"
#include "cli/stop_signals.h"
#include "core/clock.h"
#include "grade/grade.h"
#include "grade/grade_progress.h"
#include "grade/grade_report.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define QUIET_MS 150 /* a save is over when the folder has been quiet this long */

typedef struct Watch {
	GradeSetup s;
	char dir[4200];          /* the learner's exercises folder */
	int cur;                 /* index in s.list */
	int hint;                /* the hint shown with the next report */
	int own;                 /* record progress */
	int tty, color;
	int lang;                /* a Lang (core/lang.h) */
	struct termios saved;
	int saved_ok;
	FILE *out, *err;
	GradeResult last;
	int graded;
} Watch;

static void terminal_restore(Watch *w)
{
	if (w->saved_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &w->saved);
	w->saved_ok = 0;
}

static void terminal_raw(Watch *w)
{
	if (!w->tty || tcgetattr(STDIN_FILENO, &w->saved) != 0)
		return;
	struct termios t = w->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0)
		w->saved_ok = 1;
}

typedef struct LineCtx {
	FILE *out;
	int color;
} LineCtx;

static void print_line(void *ctx, ReportLine kind, const char *text)
{
	LineCtx *l = ctx;
	static const char *const on[] = { [REPORT_LINE_TITLE] = "\033[1m",
					  [REPORT_LINE_PASS] = "\033[32m",
					  [REPORT_LINE_FAIL] = "\033[1;31m",
					  [REPORT_LINE_DETAIL] = "",
					  [REPORT_LINE_HINT] = "\033[33m",
					  [REPORT_LINE_OUTPUT] = "\033[2m",
					  [REPORT_LINE_NOTE] = "\033[2m" };
	const char *c = l->color ? on[kind] : "";
	fprintf(l->out, "%s%s%s\n", c, text, c[0] ? "\033[0m" : "");
}

static void keys_line(Watch *w)
{
	cli_say(w->out, w->lang, CM_WATCH_KEYS,
		cli_msg(w->lang, w->tty ? CM_NONE : CM_WATCH_KEY_A_LINE));
	fflush(w->out);
}

static void show(Watch *w)
{
	if (w->tty)
		fputs("\033[H\033[2J", w->out);
	LineCtx l = { w->out, w->color };
	ReportOptions o = { .list = w->s.list, .lang = w->lang, .command = "" };
	grade_report_lines(&w->last, &o, print_line, &l);
	const GradeExercise *e = &w->s.list->ex[w->cur];
	cli_say(w->out, w->lang, CM_WATCH_WATCHING, w->dir, e->file);
	keys_line(w);
}

static void record(Watch *w)
{
	if (!w->own)
		return;
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(NULL, &note);
	if (!p)
		return;
	state_note_say(w->err, "watch", &note, w->lang);
	grade_progress_record(p, &w->last);
	if (w->hint > 1)
		grade_progress_set_hint(p, w->last.exercise, w->hint);
	if (grade_progress_save(p) != ST_OK)
		state_save_failed_say(w->err, "watch", w->lang);
	grade_progress_free(p);
}

static void grade(Watch *w)
{
	const GradeExercise *e = &w->s.list->ex[w->cur];
	w->s.run.hint = w->hint;
	w->s.run.seed = runner_random_seed(); /* new cases every time: no answer is fixed */
	cli_say(w->out, w->lang, CM_WATCH_GRADING, e->name);
	fflush(w->out);
	grade_one(&w->s, e, w->dir, &w->last);
	if (w->last.interrupted)
		return; /* a signal stopped it: nothing to show or record; the loop ends */
	w->graded = 1;
	record(w);
	show(w);
}

static void list(Watch *w)
{
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(NULL, &note);
	if (note.opened == GRADE_PROGRESS_SET_ASIDE)
		state_note_say(w->err, "watch", &note, w->lang);
	fprintf(w->out, "\n");
	for (int i = 0; i < w->s.list->n; i++) {
		const GradeExercise *e = &w->s.list->ex[i];
		GradeProgressEntry pe = p ? grade_progress_get(p, e->name)
					  : (GradeProgressEntry){ 0 };
		char sc[32];
		grade_report_points(pe.score, sc, sizeof sc);
		static const CliMsg status[] = { [GRADE_STATUS_NEW] = CM_WATCH_NEW,
						 [GRADE_STATUS_FAILED] = CM_WATCH_FAILED,
						 [GRADE_STATUS_PASSED] = CM_WATCH_PASSED };
		fprintf(w->out, "%s %-14s ", i == w->cur ? ">" : " ", e->name);
		/* padded by terminal columns: a Chinese character takes two */
		lang_put_left(w->out, cli_msg(w->lang, status[pe.status]), 7);
		fprintf(w->out, " %5s/%-3d %s\n", pe.status ? sc : "-", e->points,
			registry_title(e, w->lang));
	}
	grade_progress_free(p);
	keys_line(w);
}

/* The key's action; 1 to quit. */
static int key(Watch *w, int c)
{
	switch (c) {
	case 'q':
	case 'Q':
	case 4: /* ^D */
		return 1;
	case 'n':
	case 'N':
		w->cur = (w->cur + 1) % w->s.list->n;
		w->hint = 1;
		grade(w);
		break;
	case 'h':
	case 'H': {
		const GradeExercise *e = &w->s.list->ex[w->cur];
		if (w->hint < e->n_hints[LANG_EN])
			w->hint++;
		cli_say(w->out, w->lang, CM_WATCH_HINT, w->hint, e->n_hints[LANG_EN],
			registry_hint(e, w->hint, w->lang));
		if (w->own) {
			GradeProgressNote note;
			GradeProgress *p = grade_progress_open(NULL, &note);
			if (p) {
				state_note_say(w->err, "watch", &note, w->lang);
				grade_progress_set_hint(p, e->name, w->hint);
				if (grade_progress_save(p) != ST_OK)
					state_save_failed_say(w->err, "watch", w->lang);
				grade_progress_free(p);
			}
		}
		keys_line(w);
		break;
	}
	case 'l':
	case 'L':
		list(w);
		break;
	case 'r':
	case 'R':
		grade(w);
		break;
	default:
		break;
	}
	return 0;
}

/* The first exercise not yet passed, by the progress file; the first one otherwise. */
static int first_unpassed(const GradeSetup *s, FILE *err, int lang)
{
	GradeProgressNote note;
	GradeProgress *p = grade_progress_open(NULL, &note);
	state_note_say(err, "watch", &note, lang);
	int at = 0;
	for (int i = 0; p && i < s->list->n; i++)
		if (grade_progress_get(p, s->list->ex[i].name).status != GRADE_STATUS_PASSED) {
			at = i;
			break;
		}
	grade_progress_free(p);
	return at;
}

static int loop(Watch *w)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0 || inotify_add_watch(fd, w->dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
							   IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
		fprintf(w->err, "gradlab watch: cannot watch %s: %s\n", w->dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 2;
	}
	grade(w);
	double due = -1; /* when the pending save is quiet enough to grade */
	int rc = 0, in_open = 1;
	char line[256];
	size_t line_len = 0;
	while (!stop_signal) {
		struct pollfd pf[2] = { { fd, POLLIN, 0 }, { STDIN_FILENO, POLLIN, 0 } };
		int timeout = due < 0 ? -1 : (int)(due - clock_ms()) + 1;
		if (timeout < -1)
			timeout = 0;
		int k = poll(pf, in_open ? 2 : 1, timeout);
		if (k < 0 && errno != EINTR)
			break;
		if (k > 0 && (pf[0].revents & POLLIN)) {
			char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
			ssize_t n;
			const char *file = w->s.list->ex[w->cur].file;
			while ((n = read(fd, buf, sizeof buf)) > 0)
				for (char *p = buf; p < buf + n;) {
					struct inotify_event *ev = (struct inotify_event *)p;
					if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
						cli_say(w->err, w->lang, CM_WATCH_GONE, w->dir);
						rc = 2;
						goto done;
					}
					if (ev->len && strcmp(ev->name, file) == 0)
						due = clock_ms() + QUIET_MS;
					p += sizeof *ev + ev->len;
				}
		}
		if (k > 0 && in_open && (pf[1].revents & (POLLIN | POLLHUP))) {
			char c;
			ssize_t n = read(STDIN_FILENO, &c, 1);
			if (n <= 0) {
				in_open = 0; /* end of input: keep watching until a signal */
				if (!w->tty)
					break;
			} else if (w->tty) {
				if (key(w, c))
					break;
			} else if (c == '\n') {
				line[line_len] = '\0';
				line_len = 0;
				if (line[0] && key(w, line[0]))
					break;
			} else if (line_len + 1 < sizeof line && c != ' ' && c != '\t') {
				line[line_len++] = c;
			}
		}
		if (due >= 0 && clock_ms() >= due) {
			due = -1;
			struct stat st;
			char path[4400];
			grade_exercise_file(&w->s.list->ex[w->cur], w->dir, path, sizeof path);
			if (stat(path, &st) == 0)
				grade(w);
		}
	}
done:
	close(fd);
	return rc;
}

int cmd_watch(int argc, char **argv, FILE *out, FILE *err)
{
	const char *submission = NULL, *exercises = NULL, *lang = "en";
	double timeout = 3.0;
	const Opt opts[] = {
		{ "submission", OPT_STRING, &submission, 0, 0, 0, NULL, "DIR",
		  "watch the files in DIR (or DIR/exercises) instead of ./exercises" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, LANG_CHOICES, "LANG", "the language of the report (default en)" },
		{ "timeout", OPT_DOUBLE, &timeout, 0.1, 60, 0, NULL, "S",
		  "seconds of CPU and wall-clock time per check (default 3)" },
		{ "exercises", OPT_STRING, &exercises, 0, 0, 0, NULL, "DIR",
		  "the grader's exercises folder (default: ./exercises or the installed one)" },
		{ 0 },
	};
	const char *pos[1];
	int n_pos;
	int rc = args_parse("watch", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab watch [NAME] [OPTIONS]\n\n"
			     "Grades an exercise (NAME, or the first one not yet passed), and again each\n"
			     "time its file is saved. Keys: n next exercise, h next hint, l list,\n"
			     "r grade again, q quit. Results are shared with the terminal UI.\n\n"
			     "options:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	static Watch w;
	memset(&w, 0, sizeof w);
	w.out = out;
	w.err = err;
	if (grade_setup_open(&w.s, exercises) != ST_OK) {
		fprintf(err, "gradlab watch: %s\n", status_detail());
		return 2;
	}
	w.s.run.timeout = timeout;
	w.lang = lang_resolve("watch", lang, err);
	w.s.run.lang = w.lang;
	w.s.run.cancel = &stop_signal;
	w.hint = 1;
	struct stat st;
	if (submission) {
		if (stat(submission, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(err, "gradlab watch: --submission %s: not a folder\n", submission);
			grade_setup_close(&w.s);
			return 2;
		}
		grade_submission_dir(submission, w.dir, sizeof w.dir);
	} else {
		w.own = stat("exercises", &st) == 0 && S_ISDIR(st.st_mode);
		snprintf(w.dir, sizeof w.dir, "%s", w.own ? "exercises" : w.s.dir);
	}
	if (n_pos == 1) {
		const GradeExercise *e = registry_find(w.s.list, pos[0]);
		if (!e) {
			fprintf(err, "gradlab watch: no exercise '%s' (see 'gradlab watch --help')\n",
				pos[0]);
			grade_setup_close(&w.s);
			return 2;
		}
		w.cur = (int)(e - w.s.list->ex);
	} else {
		w.cur = w.own ? first_unpassed(&w.s, w.err, w.lang) : 0;
	}
	w.tty = isatty(STDIN_FILENO);
	w.color = out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	struct sigaction old[STOP_SIGNALS_N];
	stop_signals_catch(old);
	terminal_raw(&w);
	rc = loop(&w);
	terminal_restore(&w);
	stop_signals_restore(old);
	if (stop_signal)
		fprintf(out, "\n");
	grade_setup_close(&w.s);
	return rc ? rc : w.graded && grade_result_passed(&w.last) ? 0 : 1;
}
