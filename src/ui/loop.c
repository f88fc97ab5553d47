/* loop: the book on the real terminal; see book.h. The App is loaded before the terminal is
 * touched, so a missing folder is a plain message. Resizes arrive as KEY_RESIZE and are
 * handled here only; signals never draw: SIGINT, SIGTERM, SIGHUP and SIGQUIT set a flag
 * that ends the loop (the read returns on EINTR) so progress is saved and the terminal
 * restored on the normal path; a crash signal restores the terminal and dies as it would. */
#include "ui/book.h"

#include "ui/term.h"

#include "core/utf8.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
#define N_QUIT (int)(sizeof quit_signals / sizeof quit_signals[0])
#define N_CRASH (int)(sizeof crash_signals / sizeof crash_signals[0])

static struct sigaction saved_quit[N_QUIT], saved_crash[N_CRASH];

static void on_quit(int sig)
{
	got_signal = sig;
}

static void on_crash(int sig)
{
	term_emergency_restore();
	/* SA_RESETHAND put the default back: die of the same signal. */
	raise(sig);
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit;
	sa.sa_flags = 0;   /* no SA_RESTART: the blocked read returns, the loop sees the flag */
	for (int i = 0; i < N_QUIT; i++)
		sigaction(quit_signals[i], &sa, &saved_quit[i]);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (int i = 0; i < N_CRASH; i++)
		sigaction(crash_signals[i], &sa, &saved_crash[i]);
}

static void uninstall(void)
{
	for (int i = 0; i < N_QUIT; i++)
		sigaction(quit_signals[i], &saved_quit[i], NULL);
	for (int i = 0; i < N_CRASH; i++)
		sigaction(crash_signals[i], &saved_crash[i], NULL);
}

/* The book's turn while a train cell runs (app.h, UiPump): draw, then every key typed
 * meanwhile and any resize, without waiting; a signal stops the run, and the loop below
 * then ends as it would. */
typedef struct Pump {
	Term *t;
	Canvas *c;
} Pump;

static void pump(App *app, void *ctx)
{
	Pump *p = ctx;
	if (got_signal) {
		app_train_stop(app);
		return;
	}
	app_draw(app, p->c);
	term_flush(p->t);
	for (;;) {
		int key = term_key_now(p->t);
		if (key == UI_KEY_NONE || got_signal)
			break;
		if (key == UI_KEY_RESIZE) {
			int rows, cols;
			term_size(p->t, &rows, &cols);
			app_resize(app, rows, cols);
		} else {
			app_key(app, key);
		}
		app_draw(app, p->c);
		term_flush(p->t);
	}
	if (got_signal)
		app_train_stop(app);
}

/* The language of messages printed before the App exists. */
static int plain_lang(const UiOptions *o)
{
	if (!o->utf8)
		return LANG_EN;
	if (o->lang) {
		int lang = lang_of_code(o->lang);
		return lang < 0 ? LANG_EN : lang;
	}
	return ui_lang_of_locale();
}

int ui_book_run(const UiOptions *o, FILE *out, FILE *err)
{
	UiOptions opt = *o;
	opt.utf8 = utf8_locale();
	int lang = plain_lang(&opt);
	(void)out;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(ui_str(lang, S_NOT_A_TTY), err);
		return 2;
	}
	/* A terminal curses cannot drive is said in plain text before anything is drawn: an
	 * unknown one would fail newterm, and on one that cannot move the cursor (TERM=dumb)
	 * every screen would scroll past and leave only its last row. */
	const char *term = getenv("TERM");
	char quoted[300], plain[281];
	snprintf(plain, sizeof plain, "%s", term ? term : "");
	utf8_scrub(plain);   /* TERM's bytes are said, never sent as controls */
	snprintf(quoted, sizeof quoted, "'%s'", plain);
	switch (term_fit()) {
	case TERM_FIT_OK:
		break;
	case TERM_FIT_UNSET:
		fprintf(err, ui_str(lang, S_NO_TERM), ui_str(lang, S_UNSET));
		return 2;
	case TERM_FIT_UNKNOWN:
		fprintf(err, ui_str(lang, S_NO_TERM), quoted);
		return 2;
	case TERM_FIT_CANNOT_MOVE:
		fprintf(err, ui_str(lang, S_TERM_CANNOT_MOVE), plain);
		return 2;
	}

	char why[512];
	App *app = app_new(&opt, why, sizeof why);
	if (!app) {
		fprintf(err, "gradlab: %s\n", why);
		return 2;
	}

	got_signal = 0;
	install();
	Term *t = term_open(theme_colour_wanted());
	if (!t) {
		uninstall();
		fprintf(err, ui_str(lang, S_NO_TERM), quoted);
		app_free(app);
		return 2;
	}
	Canvas *c = term_canvas(t);
	int rows, cols;
	term_size(t, &rows, &cols);
	app_resize(app, rows, cols);
	Pump turn = { t, c };
	app->pump = pump;
	app->pump_ctx = &turn;
	while (!app_done(app) && !got_signal) {
		app_draw(app, c);
		term_flush(t);
		if (app_pending(app)) {
			/* Drawn first ("Grading ..."), then done; keys typed meanwhile wait. */
			app_work(app);
			continue;
		}
		int key = term_key(t);
		if (got_signal || key == UI_KEY_EOF)
			break;
		if (key == UI_KEY_RESIZE) {
			term_size(t, &rows, &cols);
			app_resize(app, rows, cols);
			continue;
		}
		app_key(app, key);
	}
	term_close(t);
	uninstall();

	int rc = got_signal ? 128 + got_signal : 0;
	int final_lang = app->lang;
	if (app_close(app) != ST_OK) {
		fprintf(err, ui_str(final_lang, S_SAVE_FAILED), status_detail());
		fputc('\n', err);
		if (!rc)
			rc = 1;
	}
	return rc;
}
