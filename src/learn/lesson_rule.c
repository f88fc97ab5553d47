/* lesson_rule: what a lesson may run, the one rule the book and the lint share (lesson.h).
 * Lessons are files a teacher may download and hand out, so a run: line is untrusted: it
 * may name an experiment command only, with that command's own options, and none of the
 * options that write files or choose the output (those are the book's: it draws the plot
 * into the cell and saves it under its own plots folder when the learner presses p). The
 * parser (lesson_cell.c) applies it where the lesson is loaded; the book and the lint apply
 * it again to each line they are about to run. Layers point down, so this table cannot be
 * read from src/cli's parsers: test_lesson.c compares it with every command's --help. */
#include "learn/lesson.h"

#include <string.h>

/* {==== The experiment commands and their options ==== */

/* Options are separated by spaces, without "--"; a flag takes no value. */
typedef struct RuleCommand {
	const char *name;
	int max_args;          /* positional arguments: check and sweep take a MODEL */
	const char *options;   /* options that take a value */
	const char *flags;
	int plots;             /* takes the plot and export options (refused in lessons) */
	const char *withheld;  /* options of the command a lesson may not give: they read or
				* write files (train's checkpoints and log); NULL none */
} RuleCommand;

#define MODEL "seed batch input hidden output steps act slope alpha "

static const RuleCommand commands[] = {
	{ "norms", 0, "cell steps hidden input act init spectral-norm radius forget-bias seed loss clip truncate format lang", "", 1, NULL },
	{ "curves", 0, "act from to points slope alpha format lang", "", 1, NULL },
	{ "sweep", 1, MODEL "precision at format lang", "", 1, NULL },
	{ "attention", 0, "score queries keys dim mask-last seed format lang", "", 1, NULL },
	{ "check", 1, MODEL "init spectral-norm radius loss broken eps atol rtol fast format lang", "list", 0, NULL },
	{ "unroll", 0, "steps hidden input seed w u b-ih b-hh x h0 act view lang", "", 0, NULL },
	{ "bptt", 0, "steps hidden input seed w u b-ih b-hh x h0 r loss act show lang", "", 0, NULL },
	{ "gates", 0, "cell steps hidden input forget-bias unit seed format lang", "", 1, NULL },
	{ "relu", 0, "bias weight steps lr slope points format lang", "", 1, NULL },
	/* The book runs train live in the cell (ui/train_cell.c): progress, a growing curve,
	 * Esc to stop. Its checkpoints, log and --text are files, so no lesson may name them. */
	{ "train", 1,
	  "hidden steps batch iters seed cell act layers width init radius forget-bias dropout "
	  "loss copy-length symbols min-steps beam train-size test-size noise text embed sample "
	  "temperature prompt "
	  "optimizer lr momentum dampening "
	  "weight-decay beta1 beta2 eps alpha lr-decay initial-accumulator-value schedule "
	  "step-size gamma T-max eta-min start-factor end-factor total-iters warmup clip "
	  "clip-value eval-every early-stop save resume log format lang"
	  " grad-noise search trials",
	  "residual batch-norm one-hot nesterov amsgrad centered"
	  " layer-stats", 1, "save resume log text" },
};

#define N_COMMANDS (int)(sizeof commands / sizeof commands[0])

/* The plot and export options every plotting command takes; lang, which the book sets to
 * the language it shows, is the book's as well. */
static const char book_options[] = "plot plot-size plot-glyphs gnuplot-script csv lang";

/* Whether the space-separated list holds the first len bytes of name as a whole word. */
static int in_list(const char *list, const char *name, size_t len)
{
	for (const char *s = list; *s;) {
		size_t n = strcspn(s, " ");
		if (n == len && strncmp(s, name, len) == 0)
			return 1;
		s += n;
		while (*s == ' ')
			s++;
	}
	return 0;
}

static const RuleCommand *find(const char *name)
{
	for (int i = 0; name && i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int lesson_command_allowed(const char *name)
{
	return find(name) != NULL;
}

const char *lesson_command_names(void)
{
	return "norms, curves, sweep, attention, check, unroll, bptt, gates, relu, train";
}

int lesson_command_options(int i, const char **name, const char **options, const char **flags,
			   int *plots)
{
	if (i < 0 || i >= N_COMMANDS)
		return 0;
	*name = commands[i].name;
	*options = commands[i].options;
	*flags = commands[i].flags;
	*plots = commands[i].plots;
	return 1;
}

/* }==== */

/* {==== The rule ==== */

/* The option --name (len bytes of it) of c: 1 takes a value, 2 a flag; or the refusal. */
static LessonRunRefusal option_kind(const RuleCommand *c, const char *name, size_t len, int *flag)
{
	*flag = 0;
	if (c->withheld && in_list(c->withheld, name, len))
		return LESSON_RUN_UNKNOWN_OPTION;
	if (in_list(c->options, name, len) && !in_list(book_options, name, len))
		return LESSON_RUN_OK;
	if (in_list(c->flags, name, len)) {
		*flag = 1;
		return LESSON_RUN_OK;
	}
	if (in_list(book_options, name, len) && (c->plots || in_list(c->options, name, len)))
		return LESSON_RUN_BOOK_OPTION;
	return LESSON_RUN_UNKNOWN_OPTION;
}

LessonRunRefusal lesson_option_judge(const char *cmd, const char *name)
{
	const RuleCommand *c = find(cmd);
	if (!c)
		return LESSON_RUN_NOT_A_COMMAND;
	int flag;
	LessonRunRefusal r = option_kind(c, name, strlen(name), &flag);
	/* A vary puts a value in: a flag has none to vary. */
	return r == LESSON_RUN_OK && flag ? LESSON_RUN_UNKNOWN_OPTION : r;
}

LessonRunRefusal lesson_run_judge(const LessonArgv *a, LessonBlockKind kind, int *word)
{
	*word = 1;
	if (a->argc < 2)
		return LESSON_RUN_NOT_A_COMMAND;
	const char *cmd = a->argv[1];
	if (strcmp(cmd, "gradlab") == 0)
		return LESSON_RUN_GRADLAB;
	const RuleCommand *c = find(cmd);
	if (!c)
		return LESSON_RUN_NOT_A_COMMAND;
	if (kind == LESSON_CHECK && strcmp(cmd, "check") != 0)
		return LESSON_RUN_CHECK_CELL;
	/* The words as the command's parser (src/cli/args.c) reads them: "--name VALUE",
	 * "--name=VALUE", a flag, or a positional argument; "-x", "--" and --help are none of
	 * the options a lesson may give. A value starting with '-' ("--from -4") is a value. */
	int args = 0;
	for (int i = 2; i < a->argc; i++) {
		const char *w = a->argv[i];
		*word = i;
		if (w[0] != '-' || strcmp(w, "-") == 0) {
			if (++args > c->max_args)
				return LESSON_RUN_ARGUMENT;
			continue;
		}
		if (w[1] != '-')
			return LESSON_RUN_UNKNOWN_OPTION;
		const char *name = w + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		int flag;
		LessonRunRefusal r = option_kind(c, name, len, &flag);
		if (r != LESSON_RUN_OK)
			return r;
		/* Its value; but a word starting with "--" is judged as an option whatever
		 * comes before it: args.c would take it as the value, lesson_argv_set as the
		 * next option, and a varied value put in changes which. */
		if (!flag && !eq && i + 1 < a->argc && strncmp(a->argv[i + 1], "--", 2) != 0)
			i++;
	}
	*word = 0;
	return LESSON_RUN_OK;
}

/* }==== */
