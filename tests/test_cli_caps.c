/* test_cli_caps: what the command table (src/cli/cli.c) says each command accepts, which the
 * book asks through cli_caps instead of reading error messages, checked against what the
 * commands do: --lang and the plot options in every command's --help, the --plot-size
 * limits at their edges in every plotting command's parser, and curves' "one point draws
 * nothing" against curves refusing --plot. The commands are listed from `gradlab --help`,
 * so a new command is checked without editing this file. */
#include "test_util.h"

#include "cli/commands.h"
#include "ui/app.h"

#include <stdarg.h>

/* {==== Running gradlab in-process ==== */

typedef struct Ran {
	int status;
	char *out, *err;
} Ran;

static void ran_free(Ran *r)
{
	free(r->out);
	free(r->err);
}

/* gradlab with the words of line (split at spaces), output caught. */
static Ran run_line(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	char *argv[32];
	int argc = 0;
	argv[argc++] = "gradlab";
	for (char *w = strtok(line, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	Ran r = { 0 };
	size_t on = 0, en = 0;
	FILE *out = open_memstream(&r.out, &on), *err = open_memstream(&r.err, &en);
	assert_non_null(out);
	assert_non_null(err);
	r.status = cli_run(argc, argv, out, err);
	fclose(out);
	fclose(err);
	return r;
}

/* The capabilities of line as the book asks for them; 1 when the command is known. */
static int caps_line(const char *line, UiCaps *c)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", line);
	char *argv[32];
	int argc = 0;
	argv[argc++] = "gradlab";
	for (char *w = strtok(buf, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	return cli_caps(argc, argv, c);
}

/* The command names of `gradlab --help`, up to max; their number. */
static int command_names(char names[][32], int max)
{
	Ran r = run_line("--help");
	assert_int_equal(r.status, 0);
	const char *s = strstr(r.out, "commands:\n");
	assert_non_null(s);
	s += strlen("commands:\n");
	int n = 0;
	while (n < max && strncmp(s, "  ", 2) == 0 && s[2] != ' ') {
		size_t len = strcspn(s + 2, " \n");
		assert_true(len < 32);
		snprintf(names[n++], 32, "%.*s", (int)len, s + 2);
		s = strchr(s, '\n');
		assert_non_null(s);
		s++;
	}
	ran_free(&r);
	return n;
}

/* }==== */

/* Every command's --help lists --lang exactly when the table says it takes it, and the
 * plot options exactly when it says it plots. */
static void test_table_matches_help(void **state)
{
	(void)state;
	char names[32][32];
	int n = command_names(names, 32);
	assert_true(n >= 10);
	int n_lang = 0, n_plot = 0;
	for (int i = 0; i < n; i++) {
		UiCaps c;
		assert_int_equal(caps_line(names[i], &c), 1);
		Ran r = run_line("%s --help", names[i]);
		assert_int_equal(r.status, 0);
		int help_lang = strstr(r.out, "\n  --lang ") != NULL;
		int help_plot = strstr(r.out, "\n  --plot WHERE") != NULL &&
				strstr(r.out, "\n  --plot-size ") != NULL &&
				strstr(r.out, "\n  --plot-glyphs ") != NULL;
		if (help_lang != c.lang || help_plot != c.plot)
			fail_msg("gradlab %s: --help lists --lang %d, plots %d; the table says %d, %d",
				 names[i], help_lang, help_plot, c.lang, c.plot);
		n_lang += c.lang;
		n_plot += c.plot;
		ran_free(&r);
	}
	assert_true(n_lang > 0);
	assert_int_equal(n_plot, 7);   /* norms, sweep, curves, attention, gates, relu, train */
}

/* The declared --plot-size limits are the parser's, at each edge. */
static void test_plot_limits_are_the_parsers(void **state)
{
	(void)state;
	char names[32][32];
	int n = command_names(names, 32), n_plot = 0;
	for (int i = 0; i < n; i++) {
		UiCaps c;
		caps_line(names[i], &c);
		if (!c.plot)
			continue;
		n_plot++;
		assert_true(c.min_cols > 0 && c.min_cols <= c.max_cols);
		assert_true(c.min_rows > 0 && c.min_rows <= c.max_rows);
		const int sizes[][3] = {
			/* cols, rows, accepted */
			{ c.min_cols, c.min_rows, 1 },     { c.max_cols, c.max_rows, 1 },
			{ c.min_cols - 1, c.min_rows, 0 }, { c.min_cols, c.min_rows - 1, 0 },
			{ c.max_cols + 1, c.max_rows, 0 }, { c.max_cols, c.max_rows + 1, 0 },
		};
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			/* --points 3 and --steps 3 keep the runs short where a command has them;
			 * sweep, without its model, stops after the plot options are checked. */
			const char *quick = strcmp(names[i], "curves") == 0  ? " --points 3"
					    : strcmp(names[i], "norms") == 0 ? " --steps 3"
					    : strcmp(names[i], "train") == 0
						    ? " spirals --iters 3 --test-size 8 --train-size 8"
						    : "";
			Ran r = run_line("%s%s --plot text --plot-size %dx%d", names[i], quick,
					 sizes[k][0], sizes[k][1]);
			int refused = r.status == 2 && strstr(r.err, "--plot-size must be");
			if (refused == sizes[k][2])
				fail_msg("gradlab %s --plot-size %dx%d: %s (declared %d..%d x %d..%d): %s",
					 names[i], sizes[k][0], sizes[k][1],
					 refused ? "refused" : "accepted", c.min_cols, c.max_cols,
					 c.min_rows, c.max_rows, r.err);
			if (sizes[k][2] && strcmp(names[i], "sweep") != 0)
				assert_int_equal(r.status, 0);
			ran_free(&r);
		}
	}
	assert_int_equal(n_plot, 7);
}

/* curves' rule as the table gives it agrees with curves refusing --plot. */
static void test_nothing_to_plot_is_curves_rule(void **state)
{
	(void)state;
	static const struct {
		const char *args;
		int nothing;
	} cases[] = {
		{ "curves --act tanh --from -2 --to 2", 0 },
		{ "curves --act tanh --from 0.5 --to 0.5", 1 },
		{ "curves --from=1 --to=1", 1 },
		{ "curves --points 1", 1 },
		{ "curves --points 2", 0 },
		{ "curves", 0 },
		/* Arguments curves refuses anyway: its own message says why, not a plot's. */
		{ "curves --from 3 --to 1", 0 },
		{ "curves --points nine", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		UiCaps c;
		assert_int_equal(caps_line(cases[i].args, &c), 1);
		assert_int_equal(c.plot, 1);
		if (c.nothing_to_plot != cases[i].nothing)
			fail_msg("%s: nothing_to_plot %d", cases[i].args, c.nothing_to_plot);
		Ran r = run_line("%s --plot text --plot-size 40x10", cases[i].args);
		Ran plain = run_line("%s", cases[i].args);
		/* The plot is refused exactly where the table says so (a line refused anyway is
		 * refused without the plot too). */
		int plot_refused = r.status == 2 && plain.status == 0;
		if (plot_refused != cases[i].nothing)
			fail_msg("%s --plot text: status %d (without: %d): %s", cases[i].args, r.status,
				 plain.status, r.err);
		ran_free(&r);
		ran_free(&plain);
	}
}

static void test_unknown_commands(void **state)
{
	(void)state;
	UiCaps c;
	memset(&c, 0xff, sizeof c);
	assert_int_equal(caps_line("nosuch --lang zh", &c), 0);
	assert_int_equal(c.lang, 0);
	assert_int_equal(c.plot, 0);
	char *argv[] = { "gradlab", NULL };
	assert_int_equal(cli_caps(1, argv, &c), 0);
	UiCaps grad;
	assert_int_equal(caps_line("grad", &grad), 1);
	assert_int_equal(grad.lang, 0);
	assert_int_equal(grad.plot, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_help),
		cmocka_unit_test(test_plot_limits_are_the_parsers),
		cmocka_unit_test(test_nothing_to_plot_is_curves_rule),
		cmocka_unit_test(test_unknown_commands),
	};
	return cmocka_run_group_tests_name("cli caps", tests, NULL, NULL);
}
