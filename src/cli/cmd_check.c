/* cmd_check: `gradlab check MODEL`, a finite-difference proof of a built-in gradient. */
#include "check/report.h"
#include "cli/check_options.h"
#include "cli/cli_msg.h"
#include "cli/commands.h"
#include "cli/lang.h"
#include "cli/whh_options.h"

#include <string.h>

static void help(FILE *out, const Opt *opts)
{
	fprintf(out, "usage: gradlab check MODEL [OPTIONS]\n\n"
		     "Compares the autodiff gradient of MODEL with central finite differences,\n"
		     "value by value, and reports the worst element of every tensor.\n"
		     "Exit status: 0 every value agrees, 1 some value disagrees, 2 usage error.\n\n"
		     "models:\n");
	check_models_list(out);
	fprintf(out, "\nrnn, lstm and gru: --init or --spectral-norm makes W_hh as 'gradlab norms' does,\n"
		     "instead of PyTorch's uniform init; --loss last scores h_T only.\n"
		     "\nteaching faults (--broken, the tanh rnn only): a backward that is wrong on\n"
		     "purpose, to see the check fail; the forward and the numeric side are right.\n"
		     "  transpose_whh            dL/dh_{t-1} from W_hh delta_t, not W_hh^T delta_t\n"
		     "  missing_tanh_derivative  dL/da_t = dL/dh_t, without tanh' = 1 - h_t^2\n"
		     "  no_accumulate_over_time  dL/dW_hh from the last step only, not summed\n");
	fprintf(out, "\noptions:\n");
	args_print_options(opts, out);
}

/* What a teaching fault is, above its table: the failure that follows is meant. */
static void say_fault(FILE *out, const char *fault, int lang)
{
	cli_say(out, lang, CM_CHECK_FAULT, fault);
}

int cmd_check(int argc, char **argv, FILE *out, FILE *err)
{
	CheckConfig c = check_config_defaults();
	GcOptions o = gradcheck_defaults();
	const char *format = "table", *lang_name = "en";
	int list = 0;
	const Opt opts[] = {
		MODEL_OPTIONS(&c),
		WHH_OPTIONS(&c.init, &c.spectral_norm),
		{ "loss", OPT_STRING, &c.loss, 0, 0, 0, "last|all", "L", "rnn, lstm, gru: loss at the last step or at every step (default all)" },
		{ "broken", OPT_STRING, &c.broken, 0, 0, 0, "transpose_whh|missing_tanh_derivative|no_accumulate_over_time", "FAULT", "check a backward with this teaching fault (see above)" },
		{ "eps", OPT_DOUBLE, &o.eps, 0, 1, 1, NULL, "H", "finite-difference step (default 1e-6)" },
		{ "atol", OPT_DOUBLE, &o.atol, 0, 1e6, 0, NULL, "A", "absolute tolerance (default 1e-8)" },
		{ "rtol", OPT_DOUBLE, &o.rtol, 0, 1e6, 0, NULL, "R", "relative tolerance (default 1e-6)" },
		{ "fast", OPT_INT, &o.fast, 1, 10000, 0, NULL, "K", "check K random directions instead of every value" },
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|json", "F", "output format (default table)" },
		{ "lang", OPT_STRING, &lang_name, 0, 0, 0, LANG_CHOICES, "LANG", "the language of the table (default en); JSON is the same in both" },
		{ "list", OPT_FLAG, &list, 0, 0, 0, NULL, NULL, "list the models and exit" },
		{ 0 },
	};
	const char *pos[1];
	int n_pos;
	int rc = args_parse("check", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		help(out, opts);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	if (list) {
		check_models_list(out);
		return 0;
	}
	if (n_pos != 1) {
		fprintf(err, "gradlab check: name a model, for example 'gradlab check tanh' (see 'gradlab check --list')\n");
		return 2;
	}
	o.seed = c.seed;
	CheckModel *m = check_model_new(pos[0], &c, o.fast);
	if (!m) {
		fprintf(err, "gradlab check: %s\n", status_detail());
		return 2;
	}
	GcProblem p = check_model_problem(m);
	GcReport r;
	Status st = gradcheck_run(&p, &o, &r);
	if (st != ST_OK) {
		fprintf(err, "gradlab check: %s: %s\n", pos[0], status_detail());
		check_model_free(m);
		return 2;
	}
	if (strcmp(format, "json") == 0)
		report_check_json(out, pos[0], &o, &r);
	else {
		int lang = lang_resolve("check", lang_name, err);
		if (c.broken)
			say_fault(out, c.broken, lang);
		report_check_table(out, pos[0], &o, &r, lang);
	}
	rc = r.passed ? 0 : 1;
	gradcheck_report_free(&r);
	check_model_free(m);
	return rc;
}
