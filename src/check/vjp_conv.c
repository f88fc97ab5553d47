/* vjp_conv: the convolution and pooling models of `gradlab grad` (conv1d, conv2d,
 * max_pool2d, avg_pool2d), in torch.nn.functional's names, layouts and defaults. Each reads
 * its tensors and options, refuses sizes PyTorch refuses (naming the JSON path and the
 * sizes), charges the pass's cost, and puts one op of nn/conv or nn/pool on the tape. */
#include "check/vjp_model.h"

#include "check/io.h"
#include "core/mem.h"
#include "nn/conv.h"
#include "nn/pool.h"

#include <limits.h>
#include <string.h>

/* The largest stride, padding, dilation or kernel size an option may give; the output
 * sizes are computed in 64 bits and the cost estimate refuses what is too large. */
#define CONV_MAX_OPTION 1000000

typedef struct ConvPriv {
	ConvGeom conv;
	PoolGeom pool;
	Tensor *weight, *bias, *x;
	IoShape out_shape;
} ConvPriv;

static void priv_free(void *p)
{
	mem_free(p);
}

static Status new_priv(Job *j, ConvPriv **out)
{
	ConvPriv *p = mem_calloc(1, sizeof *p);
	*out = p;
	if (!p)
		return status_fail(ST_ENOMEM, "out of memory for %s", j->model->name);
	j->priv = p;
	j->priv_free = priv_free;
	return ST_OK;
}

/* {==== Reading ==== */

static const char *const CONV_PARAMS[] = { "weight", "bias", NULL };
static const char *const X_ONLY[] = { "x", NULL };

/* A section that must hold no keys (a pool has no parameters). */
static Status no_keys(const Job *j, json_object *section, const char *name, const char *what)
{
	if (!section)
		return ST_OK;
	json_object_object_foreach(section, key, val) {
		(void)val;
		char q[160];
		return status_fail(ST_EINVAL, "%s: unknown key '%s' (%s takes no %s)", name,
				   io_quote(q, sizeof q, key, 32), j->model->name, what);
	}
	return ST_OK;
}

/* options.key into out[0] (along H) and out[1] (along W): absent leaves out as it is; an
 * integer sets both; an array gives one per axis: [h, w] for the 2-D models (axes 2), [n]
 * for conv1d (axes 1, which sets out[1] only: its one axis is W). Each in lo..hi. */
static Status option_pair(Job *j, const char *key, int axes, int lo, int hi, int out[2])
{
	json_object *v;
	if (!j->options || !json_object_object_get_ex(j->options, key, &v))
		return ST_OK;
	char path[64];
	snprintf(path, sizeof path, "options.%s", key);
	IoShape s;
	int *vals;
	Status st = io_ints_from_json(v, path, 0, lo, hi, &s, &vals);
	if (st != ST_OK)
		return st;
	if (s.ndim == 1 && s.dim[0] != axes) {
		char gs[48];
		mem_free(vals);
		return status_fail(ST_ESHAPE, "%s must be an integer or %s, got %s", path,
				   axes == 2 ? "a pair [h, w]" : "an array of one", io_shape_str(&s, gs, sizeof gs));
	}
	if (axes == 2) {
		out[0] = vals[0];
		out[1] = vals[s.ndim == 1 ? 1 : 0];
	} else {
		out[1] = vals[0];
	}
	mem_free(vals);
	return ST_OK;
}

/* options.padding, which conv1d and conv2d also take as PyTorch's strings: "valid" (none,
 * the default) or "same" (the output as long as the input, stride 1 only: d*(k-1) zeros
 * in all along each axis, half before the input and the rest, one more when odd, after).
 * The stride and dilation are read first. */
static Status option_conv_padding(Job *j, int spatial, ConvGeom *g)
{
	json_object *v;
	if (!j->options || !json_object_object_get_ex(j->options, "padding", &v) ||
	    !json_object_is_type(v, json_type_string))
		return option_pair(j, "padding", spatial, 0, CONV_MAX_OPTION, g->padding);
	const char *s = json_object_get_string(v);
	if (strcmp(s, "valid") == 0)
		return ST_OK;
	if (strcmp(s, "same") != 0) {
		char q[160];
		return status_fail(ST_EINVAL, "options.padding must be an integer, %s, 'same' or 'valid', got '%s'",
				   spatial == 2 ? "a pair [h, w]" : "an array of one", io_quote(q, sizeof q, s, 32));
	}
	if (g->stride[0] != 1 || g->stride[1] != 1) {
		char got[32];
		if (spatial == 2)
			snprintf(got, sizeof got, "[%d, %d]", g->stride[0], g->stride[1]);
		else
			snprintf(got, sizeof got, "%d", g->stride[1]);
		return status_fail(ST_EINVAL, "options.padding 'same' needs stride 1, got options.stride %s: PyTorch pads no strided convolution to the same size",
				   got);
	}
	const int k[2] = { g->kernel_h, g->kernel_w };
	for (int a = 0; a < 2; a++) {
		long long total = (long long)g->dilation[a] * (k[a] - 1);
		if (total / 2 > CONV_MAX_OPTION)
			return status_fail(ST_ELIMIT, "options.padding 'same' would pad %lld zeros before the input (dilation %d, kernel %d); the limit is %d",
					   total / 2, g->dilation[a], k[a], CONV_MAX_OPTION);
		g->padding[a] = (int)(total / 2);
		g->padding_end_extra[a] = (int)(total % 2);
	}
	return ST_OK;
}

/* x of rank spatial + 2 (batched) or spatial + 1 (one sample, PyTorch's unbatched form);
 * *batched says which. */
static Status want_x(const Tensor *x, int spatial, const char *layout, int *batched)
{
	*batched = x->shape.ndim == spatial + 2;
	if (*batched || x->shape.ndim == spatial + 1)
		return ST_OK;
	char gs[48];
	return status_fail(ST_ESHAPE, "%s must be %s (or without N, one sample), got %s", x->path, layout,
			   io_shape_str(&x->shape, gs, sizeof gs));
}

/* }==== */

/* {==== conv1d, conv2d ==== */

static const char *const CONV_OPTIONS[] = { "stride", "padding", "dilation", NULL };

static Status prepare_conv(Job *j)
{
	Status st;
	ConvPriv *p = NULL;
	const int spatial = strcmp(j->model->name, "conv1d") == 0 ? 1 : 2;
	const char *x_layout = spatial == 1 ? "N x Cin x L" : "N x Cin x H x W";
	const char *w_layout = spatial == 1 ? "Cout x Cin x k" : "Cout x Cin x kH x kW";
	json_object *b;
	if ((st = new_priv(j, &p)) != ST_OK ||
	    (st = (j->params ? io_check_object(j->params, "params", CONV_PARAMS) : ST_OK)) != ST_OK ||
	    (st = io_check_object(j->inputs, "inputs", X_ONLY)) != ST_OK ||
	    (st = vjp_take_param(j, "weight", CONV_PARAMS, &p->weight)) != ST_OK)
		return st;
	/* bias is optional (PyTorch's bias=None); a null bias is none */
	if (json_object_object_get_ex(j->params, "bias", &b) && b &&
	    (st = vjp_take_param(j, "bias", CONV_PARAMS, &p->bias)) != ST_OK)
		return st;
	if ((st = vjp_take_input(j, "x", 1, X_ONLY, &p->x)) != ST_OK)
		return st;
	const IoShape *ws = &p->weight->shape, *xs = &p->x->shape;
	char a[48], c[48];
	if (ws->ndim != spatial + 2)
		return status_fail(ST_ESHAPE, "params.weight must be %s, got %s", w_layout,
				   io_shape_str(ws, a, sizeof a));
	int batched;
	if ((st = want_x(p->x, spatial, x_layout, &batched)) != ST_OK)
		return st;
	const int c0 = batched; /* where Cin is in x's dims */
	ConvGeom *g = &p->conv;
	*g = (ConvGeom){ .batch = batched ? xs->dim[0] : 1, .in_channels = xs->dim[c0],
			 .in_h = spatial == 2 ? xs->dim[c0 + 1] : 1, .in_w = xs->dim[c0 + spatial],
			 .out_channels = ws->dim[0], .kernel_h = spatial == 2 ? ws->dim[2] : 1,
			 .kernel_w = ws->dim[spatial + 1], .stride = { 1, 1 }, .padding = { 0, 0 },
			 .dilation = { 1, 1 } };
	if (ws->dim[1] != g->in_channels)
		return status_fail(ST_ESHAPE, "params.weight is %s (%s) but inputs.x is %s (%s): the weight takes %d input channels, x has %d",
				   io_shape_str(ws, a, sizeof a), w_layout, io_shape_str(xs, c, sizeof c),
				   batched ? x_layout : x_layout + 4, ws->dim[1], g->in_channels);
	if (p->bias)
		st = vjp_want(p->bias, 1, g->out_channels, 0, "one per output channel, Cout of params.weight");
	if (st != ST_OK ||
	    (st = option_pair(j, "stride", spatial, 1, CONV_MAX_OPTION, g->stride)) != ST_OK ||
	    (st = option_pair(j, "dilation", spatial, 1, CONV_MAX_OPTION, g->dilation)) != ST_OK ||
	    (st = option_conv_padding(j, spatial, g)) != ST_OK)
		return st;
	ConvFit fit = conv_geom_fit(g);
	if (fit == CONV_EMPTY_H || fit == CONV_EMPTY_W) {
		int ax = fit == CONV_EMPTY_H ? 0 : 1;
		int in = ax ? g->in_w : g->in_h, k = ax ? g->kernel_w : g->kernel_h;
		const char *what = spatial == 1 ? "length" : ax ? "width" : "height";
		const char *in_name = spatial == 1 ? "L" : ax ? "W" : "H";
		const char *k_name = spatial == 1 ? "k" : ax ? "kW" : "kH";
		return status_fail(ST_ESHAPE, "inputs.x (%s) is too small for params.weight (%s): the output %s would be floor((%s + 2*padding - dilation*(%s - 1) - 1) / stride) + 1 = floor((%d + 2*%d - %d*(%d - 1) - 1) / %d) + 1 = %lld, and it must be at least 1",
				   io_shape_str(xs, c, sizeof c), io_shape_str(ws, a, sizeof a), what,
				   in_name, k_name, in, g->padding[ax], g->dilation[ax], k, g->stride[ax],
				   conv_out_len(in, g->padding[ax], g->dilation[ax], k, g->stride[ax]));
	}
	if (fit != CONV_FITS)
		return status_fail(ST_ELIMIT, "%s: inputs.x %s with params.weight %s gives an output too large to hold",
				   j->model->name, io_shape_str(xs, c, sizeof c), io_shape_str(ws, a, sizeof a));
	int Ho = g->out_h, Wo = g->out_w, N = g->batch, Cout = g->out_channels;
	p->out_shape = spatial == 2 ? (batched ? (IoShape){ 4, { N, Cout, Ho, Wo } }
					       : (IoShape){ 3, { Cout, Ho, Wo } })
				    : (batched ? (IoShape){ 3, { N, Cout, Wo } } : (IoShape){ 2, { Cout, Wo } });
	/* Every output over every input channel and tap, those that land in the padding too
	 * (the loops skip them: an upper bound); backward runs the loops again with two
	 * multiply-adds each. On the tape: the three leaves, the op, and the upstream's
	 * constant, product and sum. */
	double out = (double)N * Cout * Ho * Wo;
	j->cost = (VjpCost){ .nodes = 7, .values = 3 * out + 2,
			     .macs = out * ((double)g->in_channels * g->kernel_h * g->kernel_w + 2),
			     .answer = out };
	return ST_OK;
}

static Status forward_conv(Job *j)
{
	ConvPriv *p = j->priv;
	AdNode *w = vjp_leaf(j, p->weight), *b = vjp_leaf(j, p->bias), *x = vjp_leaf(j, p->x);
	vjp_add_output(j, "output", conv2d_apply(j->t, x, w, b, &p->conv), p->out_shape, 1);
	return ad_tape_status(j->t);
}

/* }==== */

/* {==== max_pool2d, avg_pool2d ==== */

static const char *const MAX_POOL_OPTIONS[] = { "kernel_size", "stride", "padding", NULL };
static const char *const AVG_POOL_OPTIONS[] = { "kernel_size", "stride", "padding",
						"count_include_pad", NULL };

static Status prepare_pool(Job *j)
{
	Status st;
	ConvPriv *p = NULL;
	const int avg = strcmp(j->model->name, "avg_pool2d") == 0;
	json_object *v;
	if ((st = new_priv(j, &p)) != ST_OK ||
	    (st = no_keys(j, j->params, "params", "parameters")) != ST_OK ||
	    (st = io_check_object(j->inputs, "inputs", X_ONLY)) != ST_OK ||
	    (st = vjp_take_input(j, "x", 1, X_ONLY, &p->x)) != ST_OK)
		return st;
	int batched;
	if ((st = want_x(p->x, 2, "N x C x H x W", &batched)) != ST_OK)
		return st;
	const IoShape *xs = &p->x->shape;
	const int c0 = batched; /* where C is in x's dims */
	PoolGeom *g = &p->pool;
	*g = (PoolGeom){ .kind = avg ? POOL_AVG : POOL_MAX, .batch = batched ? xs->dim[0] : 1,
			 .channels = xs->dim[c0], .in_h = xs->dim[c0 + 1], .in_w = xs->dim[c0 + 2],
			 .count_include_pad = 1 };
	if (!j->options || !json_object_object_get_ex(j->options, "kernel_size", &v))
		return status_fail(ST_EINVAL, "options.kernel_size is missing (%s takes options: kernel_size, stride, padding%s)",
				   j->model->name, avg ? ", count_include_pad" : "");
	if ((st = option_pair(j, "kernel_size", 2, 1, CONV_MAX_OPTION, g->kernel)) != ST_OK)
		return st;
	/* stride defaults to the kernel size: windows side by side */
	g->stride[0] = g->kernel[0];
	g->stride[1] = g->kernel[1];
	if ((st = option_pair(j, "stride", 2, 1, CONV_MAX_OPTION, g->stride)) != ST_OK ||
	    (st = option_pair(j, "padding", 2, 0, CONV_MAX_OPTION, g->padding)) != ST_OK)
		return st;
	if (avg && json_object_object_get_ex(j->options, "count_include_pad", &v) &&
	    (st = io_flag_from_json(v, "options.count_include_pad", &g->count_include_pad)) != ST_OK)
		return st;
	char c[48];
	PoolFit fit = pool_geom_fit(g);
	if (fit == POOL_PAD_H || fit == POOL_PAD_W) {
		int ax = fit == POOL_PAD_W;
		return status_fail(ST_EINVAL, "options.padding: %d along %s is more than half of kernel_size %d; PyTorch pads at most kernel_size / 2 = %d",
				   g->padding[ax], ax ? "W" : "H", g->kernel[ax], g->kernel[ax] / 2);
	}
	if (fit == POOL_EMPTY_H || fit == POOL_EMPTY_W) {
		int ax = fit == POOL_EMPTY_W;
		int in = ax ? g->in_w : g->in_h;
		return status_fail(ST_ESHAPE, "inputs.x (%s) is too small for options.kernel_size %d along %s: the output %s would be floor((%s + 2*padding - kernel_size) / stride) + 1 = floor((%d + 2*%d - %d) / %d) + 1 = %lld, and it must be at least 1",
				   io_shape_str(xs, c, sizeof c), g->kernel[ax], ax ? "W" : "H",
				   ax ? "width" : "height", ax ? "W" : "H", in, g->padding[ax],
				   g->kernel[ax], g->stride[ax],
				   conv_out_len(in, g->padding[ax], 1, g->kernel[ax], g->stride[ax]));
	}
	if (fit != POOL_FITS)
		return status_fail(ST_ELIMIT, "%s: inputs.x %s gives an output too large to hold",
				   j->model->name, io_shape_str(xs, c, sizeof c));
	int Ho = g->out_h, Wo = g->out_w, N = g->batch, C = g->channels;
	p->out_shape = batched ? (IoShape){ 4, { N, C, Ho, Wo } } : (IoShape){ 3, { C, Ho, Wo } };
	/* every output scans its window forward and again backward */
	double out = (double)N * C * Ho * Wo;
	j->cost = (VjpCost){ .nodes = 5, .values = 3 * out + 2,
			     .macs = out * ((double)g->kernel[0] * g->kernel[1] + 2), .answer = out };
	return ST_OK;
}

static Status forward_pool(Job *j)
{
	ConvPriv *p = j->priv;
	vjp_add_output(j, "output", pool2d_apply(j->t, vjp_leaf(j, p->x), &p->pool), p->out_shape, 1);
	return ad_tape_status(j->t);
}

/* }==== */

static const Model conv_models[] = {
	{ "conv1d", CONV_OPTIONS, prepare_conv, forward_conv,
	  "conv1d, conv2d: torch.nn.functional's convolutions (groups 1, zero padding).\n"
	  "    options   stride (default 1), padding (0), dilation (1): an integer, or for\n"
	  "              conv2d a pair [h, w]; padding also 'valid' (0) or 'same'\n"
	  "              (stride 1: the output as long as x, the odd zero of d*(k-1) at\n"
	  "              the end)\n"
	  "    params    weight (Cout x Cin x k; conv2d Cout x Cin x kH x kW), optional\n"
	  "              bias (Cout)\n"
	  "    inputs    x (N x Cin x L; conv2d N x Cin x H x W; or without N)\n"
	  "    outputs   output (N x Cout x Lout; conv2d N x Cout x Hout x Wout), where\n"
	  "              Lout = floor((L + 2*padding - dilation*(k-1) - 1) / stride) + 1\n"
	  "    dout      output is required\n" },
	{ "conv2d", CONV_OPTIONS, prepare_conv, forward_conv, NULL },
	{ "max_pool2d", MAX_POOL_OPTIONS, prepare_pool, forward_pool,
	  "max_pool2d, avg_pool2d: torch.nn.functional's pooling, with its defaults.\n"
	  "    max       padding is -inf; a tie goes to the first maximum in row-major\n"
	  "              order, and the gradient to that winner\n"
	  "    avg       count_include_pad true: divides by the whole window, padding\n"
	  "              included\n"
	  "    options   kernel_size (required), stride (default kernel_size), padding (0,\n"
	  "              at most kernel_size / 2): an integer or a pair [h, w];\n"
	  "              count_include_pad (avg_pool2d: true or false, default true)\n"
	  "    inputs    x (N x C x H x W, or C x H x W)\n"
	  "    outputs   output (N x C x Hout x Wout), Hout = floor((H + 2*padding -\n"
	  "              kernel_size) / stride) + 1; dout output is required\n" },
	{ "avg_pool2d", AVG_POOL_OPTIONS, prepare_pool, forward_pool, NULL },
};

const ModelFamily vjp_conv_family = { conv_models, (int)(sizeof conv_models / sizeof conv_models[0]) };
