/* cmd_step: `gradlab step FILE`, one JSON request in, one JSON answer out: parameters after
 * one optimizer step per gradient given, with torch.optim's optimizers and schedulers (see
 * check/step.h). */
#include "check/step.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/json_request.h"


static void help(FILE *out)
{
	fprintf(out,
		"usage: gradlab step FILE      (FILE is - for standard input)\n\n"
		"Reads one JSON object and runs an optimizer over the gradients it lists, one\n"
		"step each, as torch.optim does in float64: the same updates in the same order,\n"
		"so the numbers agree with PyTorch to round-off. A scheduler steps after each\n"
		"optimizer step (PyTorch's order: optimizer.step(), then scheduler.step()).\n\n"
		"request:\n"
		"  {\"optimizer\": NAME, \"options\": {...}, \"params\": {NAME: tensor, ...},\n"
		"   \"grads\": [{NAME: tensor, ...}, ...], \"scheduler\": {\"name\": NAME, ...}}\n"
		"  options and scheduler may be left out; options.betas is a pair [beta1, beta2].\n"
		"  Every entry of grads holds a gradient shaped like each parameter.\n"
		"answer:\n"
		"  {\"params\": {NAME: tensor after the last step}, \"lr\": [the lr of each step],\n"
		"   \"state\": {NAME: {\"step\": N, BUFFER: tensor, ...}},\n"
		"   \"scheduler\": {\"last_epoch\": N, \"lr\": the next step's lr}}\n"
		"  state holds what torch keeps in optimizer.state (no step for sgd; buffers\n"
		"  momentum_buffer, exp_avg, exp_avg_sq, max_exp_avg_sq, square_avg, grad_avg,\n"
		"  sum as the options call for them); scheduler only when one was given.\n\n");
	step_print_contract(out);
	fprintf(out,
		"\nexample:\n"
		"  echo '{\"optimizer\": \"sgd\", \"options\": {\"lr\": 0.1}, \"params\": {\"w\": [1]},\n"
		"         \"grads\": [{\"w\": [2]}]}' | gradlab step -      # params.w [0.8]\n\n"
		"refused: an unknown optimizer, scheduler or option, a negative lr, a beta\n"
		"outside [0, 1), what torch's constructors refuse (nesterov without momentum or\n"
		"with dampening...), a gradient missing or shaped unlike its parameter, more\n"
		"than %d parameters; the file limits of `gradlab grad` (see its --help).\n"
		"Exit status: 0 the answer was written, 2 bad input (one line on standard error\n"
		"naming the file and the JSON path of what is wrong).\n",
		STEP_MAX_PARAMS);
}

int cmd_step(int argc, char **argv, FILE *out, FILE *err)
{
	const Opt opts[] = { { 0 } };
	const char *pos[1];
	int n_pos;
	int rc = args_parse("step", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		help(out);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	return json_request_command("step", n_pos, n_pos ? pos[0] : NULL, step_run, out, err);
}
