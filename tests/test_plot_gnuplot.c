/* test_plot_gnuplot: the gnuplot process (src/plot/gnuplot.c) and the targets of plot.c,
 * against tests/fake-gnuplot/gnuplot (records its input; answers, dies or hangs as told) and
 * the real gnuplot: it receives exactly the script; missing, dying, hanging or deaf gnuplots
 * and unwritable paths give one clear message, a truthful status, a text fallback where it
 * makes sense, and no zombie, live process of its group or temp file, even with SIGPIPE at
 * its default; a real PNG has the asked size in its IHDR; a Chinese plot goes to the dumb
 * terminal as the built-in text plot, and to a PNG in English where no font can draw it. */
#include "test_util.h"

#include "core/mem.h"
#include "plot/gnuplot.h"
#include "core/lang.h"
#include "plot/plot.h"
#include "plot/script.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char fake_dir[4096], work[4096], tmpdir[4200], log_path[4200];
static char *saved_path;

/* {==== Helpers ==== */

/* No child of ours is left, not even a zombie. */
static void assert_no_children(void)
{
	int st;
	errno = 0;
	pid_t r = waitpid(-1, &st, WNOHANG);
	if (r != -1 || errno != ECHILD)
		fail_msg("a child is left behind: waitpid(-1) gave %d (errno %d)", (int)r, errno);
}

/* Nothing of the process group is left running. Orphans we killed may wait a while as
 * zombies for init to reap them (this container's init is slow at it), so read /proc:
 * every process still in the group must be dead. */
static void assert_group_gone(int pgid)
{
	for (int tries = 0; tries < 200; tries++) {
		DIR *d = opendir("/proc");
		if (!d) {
			errno = 0;
			if (kill(-pgid, 0) != 0 && errno == ESRCH)
				return;
			usleep(5000);
			continue;
		}
		int alive = 0;
		for (struct dirent *e; (e = readdir(d));) {
			char path[300], buf[512];
			if (e->d_name[0] < '0' || e->d_name[0] > '9')
				continue;
			snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			size_t n = fread(buf, 1, sizeof buf - 1, f);
			fclose(f);
			buf[n] = '\0';
			const char *close_paren = strrchr(buf, ')');
			char state;
			int ppid, pgrp;
			if (close_paren && sscanf(close_paren + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 &&
			    pgrp == pgid && state != 'Z' && state != 'X')
				alive++;
		}
		closedir(d);
		if (!alive)
			return;
		usleep(5000);
	}
	fail_msg("process group %d still has a running process after 1 s", pgid);
}

static int dir_entries(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	size_t n = 0, cap = 0;
	for (int c; (c = fgetc(f)) != EOF;) {
		if (n + 2 > cap)
			b = realloc(b, cap = cap ? cap * 2 : 4096);
		b[n++] = (char)c;
	}
	fclose(f);
	if (!b)
		b = calloc(1, 1);
	b[n] = '\0';
	if (len)
		*len = n;
	return b;
}

static void use_fake(const char *mode)
{
	char path[8300];
	snprintf(path, sizeof path, "%s:%s", fake_dir, saved_path);
	setenv("PATH", path, 1);
	setenv("FAKE_GNUPLOT_MODE", mode, 1);
	setenv("FAKE_GNUPLOT_LOG", log_path, 1);
	unlink(log_path);
}

static void use_real(void)
{
	setenv("PATH", saved_path, 1);
}

static int have_real_gnuplot(void)
{
	use_real();
	Gnuplot *g;
	if (gnuplot_open(&g, NULL, 0))
		return 0;
	int ok = gnuplot_sync(g, NULL) == ST_OK;
	gnuplot_close(g);
	return ok;
}

static void path_in_work(char *b, size_t size, const char *name)
{
	snprintf(b, size, "%s/%s", work, name);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A norms-like plot: three cells over 60 steps from 1e+5 down to 1e-20, one norm exactly
 * zero, as `gradlab norms` draws them. */
enum { STEPS = 60 };
static double steps[STEPS], rnn[STEPS], lstm[STEPS], gru[STEPS];
static PlotSeries norms_series[3];

static PlotLine norms_plot(void)
{
	for (int i = 0; i < STEPS; i++) {
		steps[i] = i;
		rnn[i] = pow(10, -20.0 * i / (STEPS - 1));
		lstm[i] = pow(10, 5.0 * i / (STEPS - 1));
		gru[i] = 0.3 + 0.2 * cos(i / 6.0);
	}
	rnn[45] = 0;
	norms_series[0] = (PlotSeries){ "vanilla RNN (tanh)", steps, rnn, STEPS };
	norms_series[1] = (PlotSeries){ "RNN, W_hh x 1.5", steps, lstm, STEPS };
	norms_series[2] = (PlotSeries){ "GRU", steps, gru, STEPS };
	return (PlotLine){ .title = "Gradient norm ||dL/dh_t|| back from step 59",
			   .xlabel = "time step t",
			   .ylabel = "||dL/dh_t||",
			   .logy = 1,
			   .series = norms_series,
			   .n_series = 3 };
}

/* }==== */

/* {==== Against the fake gnuplot ==== */

/* What gnuplot receives is exactly the script, then a sync, then exit. */
static void test_fake_receives_the_script(void **state)
{
	(void)state;
	use_fake("answer");
	PlotLine p = norms_plot();
	PlotTarget t = { .kind = PLOT_DUMB, .width = 70, .height = 20 };
	char *script = NULL;
	size_t script_len = 0;
	FILE *mem = open_memstream(&script, &script_len);
	assert_int_equal(plot_script_line(mem, &p, &t), ST_OK);
	fclose(mem);

	Gnuplot *g;
	assert_int_equal(gnuplot_open(&g, NULL, 2000), ST_OK);
	assert_int_equal(getpgid(gnuplot_pid(g)), gnuplot_pid(g));
	assert_int_equal(plot_script_line(gnuplot_input(g), &p, &t), ST_OK);
	char *text;
	assert_int_equal(gnuplot_sync(g, &text), ST_OK);
	assert_string_equal(text, "");
	mem_free(text);
	assert_int_equal(gnuplot_has_terminal(g, "pngcairo"), 1);
	assert_int_equal(gnuplot_has_terminal(g, "png"), 1);
	assert_int_equal(gnuplot_has_terminal(g, "qt"), 0);
	assert_int_equal(gnuplot_close(g), ST_OK);
	assert_no_children();

	char *got = slurp(log_path, NULL);
	assert_non_null(got);
	assert_true(strncmp(got, "set print '-'\n", 14) == 0);
	if (strncmp(got + 14, script, script_len) != 0)
		fail_msg("gnuplot received something else than the script:\n%.400s", got + 14);
	const char *after = got + 14 + script_len;
	assert_true(strncmp(after, "\nset print '-'\nprint sprintf('<<gradlab-sync 1 %d>>%s', "
				   "GPVAL_ERRNO, GPVAL_ERRMSG)\nreset errors\n",
			    80) == 0);
	assert_non_null(strstr(got, "$S3 << EOD"));
	assert_non_null(strstr(after, "\nexit\n"));
	free(got);
	free(script);
}

/* Through plot_*_show: PNG via a gnuplot that writes nothing is an error naming the file;
 * a window with a display but no window terminal falls back to text, saying why. */
static void test_fake_shows(void **state)
{
	(void)state;
	use_fake("answer");
	PlotLine p = norms_plot();
	char png[4200];
	path_in_work(png, sizeof png, "never.png");
	PlotTarget t = { .kind = PLOT_PNG, .file = png };
	PlotShown out;
	assert_int_equal(plot_line_show(&p, &t, &out), ST_EIO);
	assert_non_null(strstr(status_detail(), "gnuplot did not write"));
	assert_non_null(strstr(status_detail(), png));
	assert_int_equal(access(png, F_OK), -1);
	char *got = slurp(log_path, NULL);
	assert_non_null(strstr(got, "set output '"));
	assert_non_null(strstr(got, "never.png'\n"));
	assert_non_null(strstr(got, "\nunset output\n"));
	free(got);

	setenv("DISPLAY", ":77", 1);
	t = (PlotTarget){ .kind = PLOT_WINDOW, .width = 60, .height = 16 };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_string_equal(out.note, "gnuplot has no window terminal (qt, wxt or x11); drawing a "
				      "text plot instead");
	assert_int_equal(out.text->n, 16);
	plot_shown_clear(&out);
	/* auto takes the same road, and says so too */
	t.kind = PLOT_AUTO;
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_non_null(strstr(out.note, "no window terminal"));
	plot_shown_clear(&out);
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	/* without a display, auto is text without a word; window says why */
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_string_equal(out.note, "");
	plot_shown_clear(&out);
	t.kind = PLOT_WINDOW;
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_non_null(strstr(out.note, "no display"));
	plot_shown_clear(&out);
	assert_no_children();
}

static void test_missing_gnuplot(void **state)
{
	(void)state;
	setenv("PATH", "/nonexistent-gradlab-dir", 1);
	Gnuplot *g = (Gnuplot *)&g;
	assert_int_equal(gnuplot_open(&g, NULL, 0), ST_EIO);
	assert_null(g);
	assert_string_equal(status_detail(), "gnuplot not found on PATH");

	PlotLine p = norms_plot();
	PlotShown out;
	PlotTarget t = { .kind = PLOT_DUMB, .width = 72, .height = 20,
			 .glyphs = PLOT_GLYPHS_ASCII };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_string_equal(out.note, "gnuplot not found on PATH; drawing a text plot instead");
	assert_int_equal(out.text->n, 20);
	plot_shown_clear(&out);

	char png[4200];
	path_in_work(png, sizeof png, "missing.png");
	t = (PlotTarget){ .kind = PLOT_PNG, .file = png };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_EIO);
	assert_non_null(strstr(status_detail(), "could not write"));
	assert_non_null(strstr(status_detail(), "missing.png: gnuplot not found on PATH"));
	assert_null(out.text);
	assert_int_equal(access(png, F_OK), -1);

	double v[4] = { 0.1, 0.9, 0.5, 0.5 };
	PlotHeat h = { .rows = 2, .cols = 2, .v = v };
	t = (PlotTarget){ .kind = PLOT_SVG, .file = png };
	assert_int_equal(plot_heat_show(&h, &t, &out), ST_EIO);
	assert_non_null(strstr(status_detail(), "gnuplot not found on PATH"));
	assert_no_children();
}

/* A big plot, so that the writes meet a closed pipe (EPIPE) and not just its buffer. */
enum { BIG = 20000 };
static double big_y[BIG];

static PlotLine big_plot(PlotSeries *s)
{
	for (int i = 0; i < BIG; i++)
		big_y[i] = 1.0 / (i + 1);
	*s = (PlotSeries){ "big", NULL, big_y, BIG };
	return (PlotLine){ .logy = 1, .series = s, .n_series = 1 };
}

static void test_gnuplot_dies(void **state)
{
	(void)state;
	static const struct {
		const char *mode, *says;
	} cases[] = {
		{ "exit1", "gnuplot exited with status 1 before it finished the plot" },
		{ "kill9", "gnuplot was killed by signal 9" },
		{ "die", "gnuplot exited with status 3 before it finished the plot" },
	};
	/* With SIGPIPE at its default a write to a dead gnuplot must still only fail. */
	void (*old)(int) = signal(SIGPIPE, SIG_DFL);
	PlotSeries s;
	PlotLine p = big_plot(&s);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		use_fake(cases[i].mode);
		PlotShown out;
		PlotTarget t = { .kind = PLOT_DUMB, .width = 60, .height = 16, .timeout_ms = 3000 };
		assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
		assert_int_equal(out.drawn, PLOT_TEXT);
		if (!strstr(out.note, cases[i].says) || !strstr(out.note, "drawing a text plot"))
			fail_msg("%s: note '%s' lacks '%s'", cases[i].mode, out.note, cases[i].says);
		plot_shown_clear(&out);
		assert_no_children();

		char png[4200];
		path_in_work(png, sizeof png, "dies.png");
		t = (PlotTarget){ .kind = PLOT_PNG, .file = png, .timeout_ms = 3000 };
		assert_int_equal(plot_line_show(&p, &t, &out), ST_EIO);
		if (!strstr(status_detail(), cases[i].says) || !strstr(status_detail(), "dies.png"))
			fail_msg("%s: '%s'", cases[i].mode, status_detail());
		assert_int_equal(access(png, F_OK), -1);
		assert_no_children();
	}
	signal(SIGPIPE, old);
}

/* A gnuplot that never answers costs the timeout, not forever; its whole process group is
 * killed on close, and one that ignores SIGTERM gets SIGKILL. */
static void test_gnuplot_hangs(void **state)
{
	(void)state;
	static const char *const modes[] = { "hang", "deaf" };
	for (int i = 0; i < 2; i++) {
		use_fake(modes[i]);
		Gnuplot *g;
		assert_int_equal(gnuplot_open(&g, NULL, 300), ST_OK);
		int pid = gnuplot_pid(g);
		long long t0 = now_ms();
		fputs("plot x\n", gnuplot_input(g));
		assert_int_equal(gnuplot_sync(g, NULL), ST_EIO);
		assert_string_equal(status_detail(), "gnuplot did not answer within 0.3 s");
		/* the timeout, not forever: ten times what it takes, for a loaded machine */
		assert_true(now_ms() - t0 < 10000);
		/* and it stays failed, at once */
		assert_int_equal(gnuplot_sync(g, NULL), ST_EIO);
		assert_int_equal(gnuplot_close(g), ST_EIO);
		assert_string_equal(status_detail(), "gnuplot did not exit when asked; killed it");
		assert_true(now_ms() - t0 < 20000); /* 0.3 s, then 0.5 s and 0.3 s of grace */
		assert_group_gone(pid);
		assert_no_children();
	}

	use_fake("hang");
	PlotLine p = norms_plot();
	PlotShown out;
	PlotTarget t = { .kind = PLOT_DUMB, .width = 60, .height = 16, .timeout_ms = 200 };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_string_equal(out.note, "gnuplot did not answer within 0.2 s; drawing a text plot "
				      "instead");
	plot_shown_clear(&out);
	assert_no_children();
}

static void test_gnuplot_reports_an_error(void **state)
{
	(void)state;
	use_fake("error");
	Gnuplot *g;
	assert_int_equal(gnuplot_open(&g, NULL, 2000), ST_OK);
	fputs("plot nonsense(\n", gnuplot_input(g));
	char *text = (char *)&text;
	assert_int_equal(gnuplot_sync(g, &text), ST_EIO);
	assert_null(text);
	assert_string_equal(status_detail(), "gnuplot: fake error");
	/* the process is still there and still answers */
	assert_int_equal(gnuplot_sync(g, NULL), ST_EIO);
	assert_string_equal(status_detail(), "gnuplot: fake error");
	assert_int_equal(gnuplot_close(g), ST_OK);
	assert_no_children();
}

/* The child does not inherit our ignored signals or our mask (POSIX_SPAWN_SETSIGDEF). */
static void test_child_signals_reset(void **state)
{
	(void)state;
	use_fake("answer");
	void (*old_int)(int) = signal(SIGINT, SIG_IGN);
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
	sigset_t block, old_mask;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	Gnuplot *g;
	assert_int_equal(gnuplot_open(&g, NULL, 2000), ST_OK);
	assert_int_equal(gnuplot_sync(g, NULL), ST_OK); /* it is running the script by now */
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", gnuplot_pid(g));
	char *status = slurp(path, NULL);
	if (status) {
		unsigned long long ign = 0, blk = 0;
		char *l = strstr(status, "SigIgn:");
		assert_non_null(l);
		sscanf(l, "SigIgn: %llx", &ign);
		sscanf(strstr(status, "SigBlk:"), "SigBlk: %llx", &blk);
		assert_true((ign & (1ULL << (SIGINT - 1))) == 0);
		assert_true((ign & (1ULL << (SIGPIPE - 1))) == 0);
		assert_true((blk & (1ULL << (SIGTERM - 1))) == 0);
		free(status);
	}
	assert_int_equal(gnuplot_close(g), ST_OK);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	signal(SIGINT, old_int);
	signal(SIGPIPE, old_pipe);
	assert_no_children();
}

/* Every allocation on the way through gnuplot may fail: an error or a text fallback, never
 * a crash, a leak (asan) or a child left behind. */
static void test_out_of_memory(void **state)
{
	(void)state;
	use_fake("answer");
	PlotLine p = norms_plot();
	PlotTarget t = { .kind = PLOT_DUMB, .width = 60, .height = 16, .timeout_ms = 3000 };
	for (long n = 0;; n++) {
		PlotShown out;
		mem_fail_after(n);
		Status st = plot_line_show(&p, &t, &out);
		mem_fail_after(-1);
		assert_no_children();
		if (st == ST_OK && out.drawn == PLOT_DUMB) {
			assert_true(n > 2);
			plot_shown_clear(&out);
			break;
		}
		if (st != ST_OK && st != ST_ENOMEM)
			fail_msg("allocation %ld failing gave status %d: %s", n, st, status_detail());
		if (st == ST_OK) {
			assert_int_equal(out.drawn, PLOT_TEXT);
			assert_non_null(strstr(out.note, "out of memory"));
		}
		plot_shown_clear(&out);
	}
}

/* }==== */

/* {==== Against the real gnuplot ==== */

static unsigned be32(const unsigned char *b)
{
	return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3];
}

static void assert_png(const char *path, unsigned w, unsigned h)
{
	size_t n;
	char *b = slurp(path, &n);
	if (!b)
		fail_msg("%s was not written", path);
	const unsigned char *u = (const unsigned char *)b;
	assert_true(n > 1000);
	assert_memory_equal(u, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(u + 12, "IHDR", 4);
	assert_int_equal(be32(u + 16), w);
	assert_int_equal(be32(u + 20), h);
	free(b);
}

static void test_real_png_and_svg(void **state)
{
	(void)state;
	if (!have_real_gnuplot()) {
		print_message("gnuplot is not installed: skipped\n");
		return;
	}
	PlotLine p = norms_plot();
	PlotShown out;
	char png[4200], svg[4200];
	path_in_work(png, sizeof png, "norms.png");
	PlotTarget t = { .kind = PLOT_PNG, .file = png };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_PNG);
	assert_null(out.text);
	assert_png(png, PLOT_IMAGE_WIDTH, PLOT_IMAGE_HEIGHT);
	assert_no_children();

	/* an asked size, and a name with a quote in it */
	path_in_work(png, sizeof png, "it's small.png");
	t = (PlotTarget){ .kind = PLOT_PNG, .file = png, .width = 640, .height = 400 };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_png(png, 640, 400);

	double v[12];
	for (int i = 0; i < 12; i++)
		v[i] = i / 11.0;
	v[5] = NAN;
	const char *keys[4] = { "the", "cat", "sat", "down" };
	PlotHeat h = { .title = "attention", .xlabel = "key", .ylabel = "query", .rows = 3,
		       .cols = 4, .v = v, .row_labels = keys, .col_labels = keys };
	path_in_work(svg, sizeof svg, "heat.svg");
	t = (PlotTarget){ .kind = PLOT_SVG, .file = svg };
	assert_int_equal(plot_heat_show(&h, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_SVG);
	char *b = slurp(svg, NULL);
	assert_non_null(b);
	assert_non_null(strstr(b, "<svg"));
	assert_non_null(strstr(b, "</svg>"));
	assert_non_null(strstr(b, "attention"));
	free(b);
	path_in_work(png, sizeof png, "heat.png");
	t = (PlotTarget){ .kind = PLOT_PNG, .file = png, .width = 500, .height = 400 };
	assert_int_equal(plot_heat_show(&h, &t, &out), ST_OK);
	assert_png(png, 500, 400);
	assert_no_children();
}

/* A plot in Chinese. gnuplot's dumb terminal counts a Chinese character as one column, so
 * the built-in text plot draws it, with a note in Chinese; so does a window with no
 * display. With no font for Chinese (a fake fc-list that names none) a PNG gets the English
 * twin and a note naming the package to install; an SVG keeps its Chinese, for the viewer's
 * fonts. Nothing else in this process asks fontconfig, which is asked only once. */
static void test_chinese_targets(void **state)
{
	(void)state;
	PlotLine en = norms_plot();
	PlotLine p = en;
	p.title = "梯度范数";
	p.xlabel = "时间步 t";
	p.lang = 1;
	p.en = &en;
	PlotShown out;
	use_fake("answer");
	PlotTarget t = { .kind = PLOT_DUMB, .width = 60, .height = 16,
			 .glyphs = PLOT_GLYPHS_UNICODE };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_non_null(strstr(out.note, "dumb 终端把一个汉字算作一列"));
	assert_non_null(strstr(out.text->lines[0], "梯度范数"));
	assert_int_equal(access(log_path, F_OK), -1); /* no gnuplot was started */
	plot_shown_clear(&out);
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	t.kind = PLOT_WINDOW;
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_string_equal(out.note,
			    "没有图形界面（DISPLAY 和 WAYLAND_DISPLAY 都未设置）；改为绘制文本图");
	plot_shown_clear(&out);

	if (!have_real_gnuplot()) {
		print_message("gnuplot is not installed: the PNG and SVG part is skipped\n");
		return;
	}
	char fake_fc[4096], path[8400], png[4200], svg[4200], note[320];
	assert_non_null(realpath("tests/fake-fc-list", fake_fc));
	snprintf(path, sizeof path, "%s:%s", fake_fc, saved_path);
	setenv("PATH", path, 1);
	setenv("FAKE_FC_LIST", "none", 1);
	assert_int_equal(plot_lang_font(LANG_ZH), 0);
	path_in_work(png, sizeof png, "chinese.png");
	t = (PlotTarget){ .kind = PLOT_PNG, .file = png };
	assert_ptr_equal(plot_line_for(&p, &t, note, sizeof note), &en);
	assert_string_equal(note, "没有安装中文字体，PNG 中的文字改用英文；要显示中文，请安装 "
				  "fonts-wqy-zenhei 或 fonts-noto-cjk");
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_PNG);
	assert_string_equal(out.note, note);
	assert_png(png, PLOT_IMAGE_WIDTH, PLOT_IMAGE_HEIGHT);
	path_in_work(svg, sizeof svg, "chinese.svg");
	t = (PlotTarget){ .kind = PLOT_SVG, .file = svg };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_string_equal(out.note, "");
	char *b = slurp(svg, NULL);
	assert_non_null(b);
	assert_non_null(strstr(b, "梯度范数"));
	free(b);
	use_real();
	unsetenv("FAKE_FC_LIST");
	assert_no_children();
}

static void test_real_dumb(void **state)
{
	(void)state;
	if (!have_real_gnuplot())
		return;
	PlotLine p = norms_plot();
	PlotShown out;
	PlotTarget t = { .kind = PLOT_DUMB, .width = 78, .height = 22 };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_DUMB);
	assert_string_equal(out.note, "");
	assert_true(out.text->n >= 18 && out.text->n <= 22);
	int title = 0, ticks = 0, clamped = 0;
	for (int i = 0; i < out.text->n; i++) {
		const char *l = out.text->lines[i];
		assert_true(strlen(l) <= 78);
		title += strstr(l, "Gradient norm") != NULL;
		ticks += strstr(l, "1e-20") != NULL || strstr(l, "1e+05") != NULL;
		/* the zero is a gap in the line, named in the key, not a clamped point */
		clamped += strstr(l, "exactly 0 (a gap: log axis)") != NULL;
		assert_null(strstr(l, "clamped (0)"));
	}
	assert_int_equal(title, 1);
	assert_true(ticks >= 2);
	assert_int_equal(clamped, 1);
	plot_shown_clear(&out);

	/* heatmaps in dumb come from the built-in text, saying why */
	double v[4] = { 0, 1, 2, 3 };
	PlotHeat h = { .rows = 2, .cols = 2, .v = v };
	assert_int_equal(plot_heat_show(&h, &t, &out), ST_OK);
	assert_int_equal(out.drawn, PLOT_TEXT);
	assert_string_equal(out.note, "gnuplot's dumb terminal cannot draw heatmaps; drawing a "
				      "text heatmap instead");
	plot_shown_clear(&out);
	assert_no_children();
}

/* One gnuplot kept for several plots, as the UI does; its own errors come back in words. */
static void test_real_session(void **state)
{
	(void)state;
	if (!have_real_gnuplot())
		return;
	Gnuplot *g;
	assert_int_equal(gnuplot_open(&g, NULL, 5000), ST_OK);
	assert_int_equal(gnuplot_has_terminal(g, "dumb"), 1);
	assert_int_equal(gnuplot_has_terminal(g, "no-such-terminal"), 0);
	PlotLine p = norms_plot();
	PlotTarget t = { .kind = PLOT_DUMB, .width = 60, .height = 16 };
	for (int i = 0; i < 3; i++) {
		char *text;
		assert_int_equal(plot_script_line(gnuplot_input(g), &p, &t), ST_OK);
		assert_int_equal(gnuplot_sync(g, &text), ST_OK);
		assert_true(text[0] != '\f');
		assert_non_null(strstr(text, "Gradient norm"));
		mem_free(text);
	}
	fputs("set output '/nonexistent/x.png'\n", gnuplot_input(g));
	assert_int_equal(gnuplot_sync(g, NULL), ST_EIO);
	assert_string_equal(status_detail(), "gnuplot: No such file or directory");
	fputs("plot nonsense(\n", gnuplot_input(g));
	assert_int_equal(gnuplot_sync(g, NULL), ST_EIO);
	assert_true(strncmp(status_detail(), "gnuplot: ", 9) == 0);
	/* and after errors it still plots */
	fputs("set output\n", gnuplot_input(g));
	assert_int_equal(plot_script_line(gnuplot_input(g), &p, &t), ST_OK);
	assert_int_equal(gnuplot_sync(g, NULL), ST_OK);
	assert_int_equal(gnuplot_close(g), ST_OK);
	assert_no_children();
}

static void test_unwritable_output(void **state)
{
	(void)state;
	use_real();
	PlotLine p = norms_plot();
	PlotShown out;
	PlotTarget t = { .kind = PLOT_PNG, .file = "/nonexistent/x.png" };
	assert_int_equal(plot_line_show(&p, &t, &out), ST_EIO);
	assert_string_equal(status_detail(), "cannot write /nonexistent/x.png: No such file or "
					     "directory");
	t.file = work; /* a directory */
	assert_int_equal(plot_line_show(&p, &t, &out), ST_EIO);
	assert_non_null(strstr(status_detail(), "it is a directory"));
	t.file = "|touch pwned";
	assert_int_equal(plot_line_show(&p, &t, &out), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "run a command"));
	assert_int_equal(access("pwned", F_OK), -1);
	assert_no_children();
}

/* }==== */

static int setup(void **state)
{
	(void)state;
	if (!realpath("tests/fake-gnuplot", fake_dir))
		return -1;
	char fake[4200];
	snprintf(fake, sizeof fake, "%s/gnuplot", fake_dir);
	if (access(fake, X_OK) != 0)
		chmod(fake, 0755); /* a checkout may lose the mode */
	strcpy(work, "/tmp/gradlab-test-plot-XXXXXX");
	if (!mkdtemp(work))
		return -1;
	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", work);
	snprintf(log_path, sizeof log_path, "%s/received.gp", work);
	mkdir(tmpdir, 0700);
	setenv("TMPDIR", tmpdir, 1); /* gnuplot's temp files, if any, would land here */
	saved_path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	signal(SIGPIPE, SIG_IGN); /* as gradlab does; one test turns it back on */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int left = dir_entries(tmpdir);
	if (left)
		fprintf(stderr, "test_plot_gnuplot: %d temp files left in %s\n", left, tmpdir);
	DIR *d = opendir(work);
	for (struct dirent *e; d && (e = readdir(d));) {
		char p[8300];
		snprintf(p, sizeof p, "%s/%s", work, e->d_name);
		if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..")))
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
	rmdir(work);
	setenv("PATH", saved_path, 1);
	free(saved_path);
	return left ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fake_receives_the_script),
		cmocka_unit_test(test_fake_shows),
		cmocka_unit_test(test_missing_gnuplot),
		cmocka_unit_test(test_gnuplot_dies),
		cmocka_unit_test(test_gnuplot_hangs),
		cmocka_unit_test(test_gnuplot_reports_an_error),
		cmocka_unit_test(test_child_signals_reset),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_real_png_and_svg),
		cmocka_unit_test(test_chinese_targets),
		cmocka_unit_test(test_real_dumb),
		cmocka_unit_test(test_real_session),
		cmocka_unit_test(test_unwritable_output),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
