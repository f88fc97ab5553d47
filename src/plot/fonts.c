/* fonts: whether gnuplot can draw Chinese, and the plot to send it when it cannot; see
 * plot.h. In src/plot, beside plot.c, which asks before a PNG or a window. gnuplot's
 * pngcairo and window terminals take their glyphs from fontconfig: with no font covering
 * Chinese they draw boxes, so a Chinese plot goes to them captioned in English instead. */
#include "plot/plot.h"
#include "plot/gnuplot.h"
#include "plot/plot_msg.h"

#include "core/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define FC_LIST_TIMEOUT_MS 5000

/* Where Debian's packages put their fonts for Chinese (the one language that needs a font
 * today), for a system without fc-list. */
static const char *const known_fonts[] = {
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
};

/* `fc-list :lang=FONT file` (FONT: fontconfig's name of the language): 1 when it names a
 * font, 0 when it names none, -1 when it could not be run or did not answer in time (then it
 * is killed and reaped). */
static int ask_fc_list(const char *font)
{
	char query[40];
	snprintf(query, sizeof query, ":lang=%s", font);
	int out[2];
	if (pipe2(out, O_CLOEXEC))
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	gnuplot_spawnattr_init(&at, 0);
	char *argv[] = { "fc-list", query, "file", NULL };
	pid_t pid;
	int rc = posix_spawnp(&pid, "fc-list", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(out[1]);
	if (rc) {
		close(out[0]);
		return -1;
	}
	/* Any byte on stdout names a font; read to the end so fc-list is never stuck. */
	int found = 0, answered = 0;
	long long deadline = (long long)clock_ms() + FC_LIST_TIMEOUT_MS;
	for (;;) {
		long long left = deadline - (long long)clock_ms();
		struct pollfd pf = { .fd = out[0], .events = POLLIN };
		int r = left > 0 ? poll(&pf, 1, (int)left) : 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		char b[4096];
		ssize_t n = read(out[0], b, sizeof b);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			answered = n == 0;
			break;
		}
		for (ssize_t i = 0; i < n && !found; i++)
			found = b[i] != '\n' && b[i] != ' ';
	}
	close(out[0]);
	if (!answered)
		kill(pid, SIGKILL);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!answered || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return found ? 1 : -1;
	return found;
}

int plot_lang_font(int lang)
{
	static signed char known[LANG_COUNT];
	const char *font = lang >= 0 && lang < LANG_COUNT ? lang_info(lang)->font : NULL;
	if (!font)
		return 1;
	if (known[lang])
		return known[lang] > 0;
	int found = ask_fc_list(font);
	if (found < 0) {
		found = 0;
		for (size_t i = 0; i < sizeof known_fonts / sizeof known_fonts[0] && !found; i++)
			found = access(known_fonts[i], R_OK) == 0;
	}
	known[lang] = found ? 1 : -1;
	return found;
}

/* Whether a plot in lang (a Lang) must go to t in English, with the note that says so, in
 * lang. */
static int needs_english(int lang, int has_en, const PlotTarget *t, char *note, size_t size)
{
	if (note && size)
		note[0] = '\0';
	if (!has_en || (t->kind != PLOT_PNG && t->kind != PLOT_WINDOW) || plot_lang_font(lang))
		return 0;
	if (note && size)
		plot_format(note, size, lang, PM_NO_CJK_FONT,
			    plot_msg(lang, t->kind == PLOT_PNG ? PM_TARGET_PNG : PM_TARGET_WINDOW));
	return 1;
}

const PlotLine *plot_line_for(const PlotLine *p, const PlotTarget *t, char *note, size_t size)
{
	return needs_english(p->lang, p->en != NULL, t, note, size) ? p->en : p;
}

const PlotHeat *plot_heat_for(const PlotHeat *h, const PlotTarget *t, char *note, size_t size)
{
	return needs_english(h->lang, h->en != NULL, t, note, size) ? h->en : h;
}
