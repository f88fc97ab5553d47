/* cmd_grad: `gradlab grad FILE`, one JSON request in, one JSON answer out: a model's outputs
 * and the vector-Jacobian product of an upstream gradient through it (see check/vjp.h). */
#include "check/io.h"
#include "check/vjp.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/json_request.h"

#include <string.h>

static void help(FILE *out, const Opt *opts)
{
	fprintf(out,
		"usage: gradlab grad FILE      (FILE is - for standard input)\n\n"
		"Reads one JSON object, runs a model forward and sends an upstream gradient back:\n"
		"the answer holds the outputs and the gradient of L = sum over outputs of\n"
		"<dout, output> for every parameter and every real-valued input, what a\n"
		"framework's backward(gradient=dout) gives.\n\n"
		"request:\n"
		"  {\"model\": NAME, \"options\": {...}, \"params\": {...}, \"inputs\": {...},\n"
		"   \"dout\": {...}}\n"
		"  A matrix is an array of rows, a vector a flat array, T x B x I an array of\n"
		"  matrices, N x C x H x W an array of those: tensors of any rank up to %d as\n"
		"  nested arrays. options and params may be left out when the model takes\n"
		"  none. dout has one entry per output, shaped like it; the main output\n"
		"  (output, context or loss) is required, the others (h_n, c_n, weights) count\n"
		"  as zeros when left out.\n"
		"answer:\n"
		"  {\"outputs\": {...}, \"grads\": {NAME: gradient shaped like NAME, ...}}\n"
		"  Numbers are written in the fewest digits (at most 17) that read back exactly.\n\n",
		IO_MAX_NDIM);
	vjp_print_contract(out);
	fprintf(out,
		"\nexample:\n"
		"  echo '{\"model\": \"sigmoid\", \"inputs\": {\"x\": [0]}, \"dout\": {\"output\": [1]}}' |\n"
		"    gradlab grad -          # output [0.5], grads.x [0.25]\n\n"
		"limits: a file of at most %u MiB holding at most %d values, arrays and\n"
		"objects nested at most %d deep; at most %d numbers in one tensor, nested at\n"
		"most %d deep. Before the pass, its cost is estimated from the shapes: the\n"
		"memory of the tape, the tensors and the answer (%d bytes a tape node, %d a\n"
		"number on the tape, %d a number answered) must be at most %.0f MB, and the\n"
		"work (the multiply-adds forward and back, 2 a number on the tape, %d a tape\n"
		"node, %d a number answered) at most %.0f million units, about a second; a\n"
		"request beyond either is refused with its estimate.\n"
		"strict JSON: a key twice in one object, \\u0000 in a string, raw control\n"
		"characters or bytes that are not UTF-8 in a string, and numbers outside JSON's\n"
		"grammar (5., -01, NaN) are refused; integers are read in 64 bits, then checked\n"
		"against the range the field allows. A leading byte-order mark is skipped.\n"
		"Exit status: 0 the answer was written, 2 bad input (one line on standard error\n"
		"naming the file and the JSON path of what is wrong, and the line and column\n"
		"where the text itself is wrong; text from the input is quoted with control\n"
		"characters escaped).\n",
		IO_MAX_BYTES >> 20, IO_MAX_DOC_VALUES, IO_MAX_DEPTH, IO_MAX_VALUES, IO_MAX_NDIM,
		VJP_NODE_BYTES, VJP_VALUE_BYTES, VJP_ANSWER_BYTES, VJP_MAX_BYTES / (1 << 20),
		VJP_NODE_WORK, VJP_ANSWER_WORK, VJP_MAX_WORK / 1e6);
	if (opts[0].name) {
		fprintf(out, "\noptions:\n");
		args_print_options(opts, out);
	}
}

int cmd_grad(int argc, char **argv, FILE *out, FILE *err)
{
	const Opt opts[] = { { 0 } };
	const char *pos[1];
	int n_pos;
	int rc = args_parse("grad", opts, argc, argv, pos, 1, &n_pos, err);
	if (rc == ARGS_HELP) {
		help(out, opts);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	return json_request_command("grad", n_pos, n_pos ? pos[0] : NULL, vjp_run, out, err);
}
