/* cmd_sweep: `gradlab sweep MODEL`, the numeric derivative's error against the step size. */
#include "check/report.h"
#include "cli/check_options.h"
#include "cli/commands.h"

#include <string.h>

int cmd_sweep(int argc, char **argv, FILE *out, FILE *err)
{
	CheckConfig c = check_config_defaults();
	const char *format = "table";
	const Opt opts[] = {
		MODEL_OPTIONS(&c),
		{ "format", OPT_STRING, &format, 0, 0, 0, "table|csv|json", "F", "output format (default table)" },
		{ 0 },
	};
	const char *pos[1];
	int n_pos;
	int rc = args_parse("sweep", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab sweep MODEL [OPTIONS]\n\n"
			     "For the value with the largest gradient, the error of the central and\n"
			     "the one-sided difference for steps 1e-1 down to 1e-12: truncation error\n"
			     "falls with the step until round-off error takes over.\n\nmodels:\n");
		check_models_list(out);
		fprintf(out, "\noptions:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	if (n_pos != 1) {
		fprintf(err, "gradlab sweep: name a model, for example 'gradlab sweep tanh'\n");
		return 2;
	}
	CheckModel *m = check_model_new(pos[0], &c, 0);
	if (!m) {
		fprintf(err, "gradlab sweep: %s\n", status_detail());
		return 2;
	}
	GcProblem p = check_model_problem(m);
	GcSweep s;
	Status st = gradcheck_sweep(&p, -1, -1, -1, &s);
	if (st != ST_OK) {
		fprintf(err, "gradlab sweep: %s: %s\n", pos[0], status_detail());
		check_model_free(m);
		return 2;
	}
	if (strcmp(format, "csv") == 0)
		report_sweep_csv(out, pos[0], &s);
	else if (strcmp(format, "json") == 0)
		report_sweep_json(out, pos[0], &s);
	else
		report_sweep_table(out, pos[0], &s);
	check_model_free(m);
	return 0;
}
