/* test_conv: nn/conv. Output sizes (PyTorch's floor, toward minus infinity), convolutions
 * small enough to work out by hand (stride, padding, dilation), random ones against a
 * plain reference and against finite differences, the input gradient as a full correlation
 * of dout with the flipped kernel (what lesson 09 teaches), and the sizes the op refuses.
 * Also the conv family of `gradlab grad` under failing allocations. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/vjp.h"
#include "core/mem.h"
#include "core/rng.h"
#include "nn/conv.h"

/* {==== Running the op ==== */

typedef struct Run {
	Mat *y, *dx, *dw, *db;
} Run;

static void run_free(Run *r)
{
	mat_free(r->y);
	mat_free(r->dx);
	mat_free(r->dw);
	mat_free(r->db);
}

static Mat *vec(const double *v, size_t n)
{
	Mat *m = mat_new(1, (int)n);
	assert_non_null(m);
	memcpy(m->data, v, n * sizeof *v);
	return m;
}

/* y = conv2d(x, w, b) (b may be NULL) and the gradients of <dy, y>. */
static Run run_conv(const ConvGeom *g, const double *x, const double *w, const double *b,
		    const double *dy)
{
	size_t nx = (size_t)g->batch * g->in_channels * g->in_h * g->in_w;
	size_t nw = (size_t)g->out_channels * g->in_channels * g->kernel_h * g->kernel_w;
	size_t ny = (size_t)g->batch * g->out_channels * g->out_h * g->out_w;
	Mat *X = vec(x, nx), *W = vec(w, nw), *B = b ? vec(b, (size_t)g->out_channels) : NULL;
	Mat *DY = mat_new(g->batch * g->out_channels * g->out_h, g->out_w);
	memcpy(DY->data, dy, ny * sizeof *dy);
	Run r = { NULL, mat_new(1, (int)nx), mat_new(1, (int)nw), mat_new(1, g->out_channels) };
	Tape *t = ad_tape_new();
	AdNode *y = conv2d_apply(t, ad_param(t, X, r.dx), ad_param(t, W, r.dw),
				 B ? ad_param(t, B, r.db) : NULL, g);
	if (!y)
		fail_msg("conv2d: %s", ad_tape_error(t));
	assert_int_equal(y->value.rows, g->batch * g->out_channels * g->out_h);
	assert_int_equal(y->value.cols, g->out_w);
	assert_int_equal(ad_backward_vjp(t, y, DY), ST_OK);
	r.y = mat_clone(&y->value);
	ad_tape_free(t);
	mat_free(X);
	mat_free(W);
	mat_free(B);
	mat_free(DY);
	return r;
}

static void expect_values(const Mat *m, const double *want, size_t n)
{
	assert_int_equal(mat_size(m), n);
	for (size_t i = 0; i < n; i++)
		if (!close_enough(want[i], m->data[i], 1e-12, 1e-12))
			fail_msg("[%zu]: expected %.17g, got %.17g", i, want[i], m->data[i]);
}

static ConvGeom conv1d_geom(int N, int Cin, int L, int Cout, int k, int stride, int padding,
			    int dilation)
{
	ConvGeom g = { N, Cin, 1, L, Cout, 1, k, { 1, stride }, { 0, padding }, { 1, dilation }, 0, 0, { 0, 0 } };
	assert_int_equal(conv_geom_fit(&g), CONV_FITS);
	return g;
}

/* }==== */

/* {==== Sizes ==== */

static void test_output_length(void **state)
{
	(void)state;
	assert_int_equal(conv_out_len(5, 0, 1, 3, 1), 3);
	assert_int_equal(conv_out_len(5, 1, 1, 3, 2), 3);  /* (5 + 2 - 2 - 1) / 2 + 1 */
	assert_int_equal(conv_out_len(6, 1, 1, 3, 2), 3);  /* floor(5 / 2) + 1 */
	assert_int_equal(conv_out_len(11, 3, 2, 4, 2), 6); /* (11 + 6 - 6 - 1) / 2 + 1 */
	assert_int_equal(conv_out_len(3, 0, 1, 3, 5), 1);
	/* a span of -2 over a stride of 3 floors to -1, so no output (C's truncation says 1) */
	assert_int_equal(conv_out_len(2, 0, 1, 4, 3), 0);
	assert_int_equal(conv_out_len(2, 0, 1, 4, 1), -1);
	assert_int_equal(conv_out_len(1000000, 1000000, 1000000, 500000, 1), 1000000LL * 3 - 499999000000LL - 1 + 1);
}

static void test_geometry_fit(void **state)
{
	(void)state;
	ConvGeom g = { 2, 3, 6, 7, 4, 3, 2, { 2, 1 }, { 1, 0 }, { 1, 2 }, 0, 0, { 0, 0 } };
	assert_int_equal(conv_geom_fit(&g), CONV_FITS);
	assert_int_equal(g.out_h, 3); /* (6 + 2 - 2 - 1) / 2 + 1 */
	assert_int_equal(g.out_w, 5); /* 7 - 2 - 1 + 1 */
	ConvGeom e = g;
	e.kernel_h = 9;
	assert_int_equal(conv_geom_fit(&e), CONV_EMPTY_H);
	assert_int_equal(e.out_h, 0);
	e = g;
	e.dilation[1] = 7;
	assert_int_equal(conv_geom_fit(&e), CONV_EMPTY_W);
	e = g;
	e.stride[0] = 0;
	assert_int_equal(conv_geom_fit(&e), CONV_BAD_SIZES);
	e = g;
	e.padding[1] = -1;
	assert_int_equal(conv_geom_fit(&e), CONV_BAD_SIZES);
	e = g;
	e.in_channels = 0;
	assert_int_equal(conv_geom_fit(&e), CONV_BAD_SIZES);
	e = g;
	e.padding[0] = e.padding[1] = 1000000;
	assert_int_equal(conv_geom_fit(&e), CONV_TOO_LARGE);
}

/* }==== */

/* {==== By hand ==== */

/* x = [1 2 3 4 5] padded by 1 is [0 1 2 3 4 5 0]; a kernel [1 -1 2] at stride 2 reads it
 * from 0, 2 and 4: y = [0-1+4, 2-3+8, 4-5+0] + 0.5. With dy = [1 2 3]:
 * dw[k] = sum_o dy[o] xpad[2o + k] = [0+4+12, 1+6+15, 2+8+0], db = 6, and each dy[o] goes
 * back to the three x it read, times the kernel: dx = [-1, 2+2, -2, 4+3, -3]. */
static void test_conv1d_by_hand(void **state)
{
	(void)state;
	ConvGeom g = conv1d_geom(1, 1, 5, 1, 3, 2, 1, 1);
	assert_int_equal(g.out_w, 3);
	Run r = run_conv(&g, (double[]){ 1, 2, 3, 4, 5 }, (double[]){ 1, -1, 2 }, (double[]){ 0.5 },
			 (double[]){ 1, 2, 3 });
	expect_values(r.y, (double[]){ 3.5, 7.5, -0.5 }, 3);
	expect_values(r.dw, (double[]){ 16, 22, 10 }, 3);
	expect_values(r.db, (double[]){ 6 }, 1);
	expect_values(r.dx, (double[]){ -1, 4, -2, 7, -3 }, 5);
	run_free(&r);
}

/* Dilation 3 spaces the two taps 3 apart: y[o] = x[o] + 10 x[o + 3]; no bias. */
static void test_conv1d_dilation(void **state)
{
	(void)state;
	ConvGeom g = conv1d_geom(1, 1, 5, 1, 2, 1, 0, 3);
	assert_int_equal(g.out_w, 2);
	Run r = run_conv(&g, (double[]){ 1, 2, 3, 4, 5 }, (double[]){ 1, 10 }, NULL, (double[]){ 1, -1 });
	expect_values(r.y, (double[]){ 41, 52 }, 2);
	expect_values(r.dw, (double[]){ 1 - 2, 4 - 5 }, 2);
	expect_values(r.dx, (double[]){ 1, -1, 0, 10, -10 }, 5);
	expect_values(r.db, (double[]){ 0 }, 1); /* no bias: nothing arrives */
	run_free(&r);
}

/* padding='same' with an even kernel: d*(k-1) = 1 zero in all, after the input (PyTorch's
 * side), so x = [1 2 3] reads as [1 2 3 0] and the output is as long as x. */
static void test_conv1d_extra_padding_at_end(void **state)
{
	(void)state;
	ConvGeom g = { 1, 1, 1, 3, 1, 1, 2, { 1, 1 }, { 0, 0 }, { 1, 1 }, 0, 0, { 0, 1 } };
	assert_int_equal(conv_geom_fit(&g), CONV_FITS);
	assert_int_equal(g.out_w, 3);
	Run r = run_conv(&g, (double[]){ 1, 2, 3 }, (double[]){ 1, 2 }, NULL, (double[]){ 1, 1, 1 });
	expect_values(r.y, (double[]){ 5, 8, 3 }, 3);
	expect_values(r.dw, (double[]){ 1 + 2 + 3, 2 + 3 + 0 }, 2);
	expect_values(r.dx, (double[]){ 1, 3, 3 }, 3);
	run_free(&r);
	g.padding_end_extra[1] = -1;
	assert_int_equal(conv_geom_fit(&g), CONV_BAD_SIZES);
}

/* Channels add: two input channels into two output channels, kernel 1, so
 * y[co] = sum_ci w[co,ci] x[ci] at every position, plus b[co]. */
static void test_conv1d_channels(void **state)
{
	(void)state;
	ConvGeom g = conv1d_geom(1, 2, 2, 2, 1, 1, 0, 1);
	Run r = run_conv(&g, (double[]){ 1, 2, 10, 20 }, (double[]){ 1, 2, 3, 4 }, (double[]){ 100, 200 },
			 (double[]){ 1, 0, 0, 1 });
	expect_values(r.y, (double[]){ 121, 142, 243, 286 }, 4);
	/* dw[co,ci] = sum_l dy[co,l] x[ci,l] */
	expect_values(r.dw, (double[]){ 1, 10, 2, 20 }, 4);
	/* dx[ci,l] = sum_co w[co,ci] dy[co,l] */
	expect_values(r.dx, (double[]){ 1, 3, 2, 4 }, 4);
	run_free(&r);
}

/* x 3x3 = 1..9 padded by 1 (5x5), a 2x2 kernel [[1 2] [3 4]] at stride 2: the windows start
 * at (0,0), (0,2), (2,0), (2,2) of the padded image:
 *   [[0 0] [0 1]] -> 4, [[0 0] [2 3]] -> 18, [[0 4] [0 7]] -> 36, [[5 6] [8 9]] -> 77. */
static void test_conv2d_by_hand(void **state)
{
	(void)state;
	ConvGeom g = { 1, 1, 3, 3, 1, 2, 2, { 2, 2 }, { 1, 1 }, { 1, 1 }, 0, 0, { 0, 0 } };
	assert_int_equal(conv_geom_fit(&g), CONV_FITS);
	assert_int_equal(g.out_h, 2);
	assert_int_equal(g.out_w, 2);
	Run r = run_conv(&g, (double[]){ 1, 2, 3, 4, 5, 6, 7, 8, 9 }, (double[]){ 1, 2, 3, 4 },
			 NULL, (double[]){ 1, 1, 1, 1 });
	expect_values(r.y, (double[]){ 4, 18, 36, 77 }, 4);
	/* dw[kh,kw] = sum of the padded pixels each tap saw: tap (0,0) saw 0, 0, 0, 5 */
	expect_values(r.dw, (double[]){ 5, 4 + 6, 2 + 8, 1 + 3 + 7 + 9 }, 4);
	/* stride 2 with a 2x2 kernel: every pixel is read by exactly one tap */
	expect_values(r.dx, (double[]){ 4, 3, 4, 2, 1, 2, 4, 3, 4 }, 9);
	run_free(&r);
}

/* }==== */

/* {==== Against references ==== */

static double at_or_zero(const double *plane, int H, int W, int i, int j)
{
	return i >= 0 && i < H && j >= 0 && j < W ? plane[(size_t)i * W + j] : 0.0;
}

/* The forward formula written out with an explicit zero-padded read. */
static void reference_forward(const ConvGeom *g, const double *x, const double *w,
			      const double *b, double *y)
{
	for (int n = 0; n < g->batch; n++)
		for (int co = 0; co < g->out_channels; co++)
			for (int oh = 0; oh < g->out_h; oh++)
				for (int ow = 0; ow < g->out_w; ow++) {
					double s = b[co];
					for (int ci = 0; ci < g->in_channels; ci++)
						for (int kh = 0; kh < g->kernel_h; kh++)
							for (int kw = 0; kw < g->kernel_w; kw++)
								s += w[((co * g->in_channels + ci) * g->kernel_h + kh) * g->kernel_w + kw] *
								     at_or_zero(x + (size_t)(n * g->in_channels + ci) * g->in_h * g->in_w,
										g->in_h, g->in_w,
										oh * g->stride[0] - g->padding[0] + kh * g->dilation[0],
										ow * g->stride[1] - g->padding[1] + kw * g->dilation[1]);
					y[((n * g->out_channels + co) * g->out_h + oh) * g->out_w + ow] = s;
				}
}

/* The input's gradient the way lesson 09 derives it: spread dout out by the stride (s-1
 * zeros between its entries), spread the kernel out by the dilation and turn it around,
 * and take the full correlation of the two (every overlap, the kernel hanging off both
 * ends); that is the gradient of the padded input, and dx is its middle. */
static void reference_dx(const ConvGeom *g, const double *w, const double *dy, double *dx)
{
	const int KH = g->dilation[0] * (g->kernel_h - 1) + 1, KW = g->dilation[1] * (g->kernel_w - 1) + 1;
	const int UH = (g->out_h - 1) * g->stride[0] + 1, UW = (g->out_w - 1) * g->stride[1] + 1;
	const int PH = g->in_h + 2 * g->padding[0] + g->padding_end_extra[0];
	const int PW = g->in_w + 2 * g->padding[1] + g->padding_end_extra[1];
	double *up = calloc((size_t)UH * UW, sizeof *up), *flip = calloc((size_t)KH * KW, sizeof *flip);
	assert_non_null(up);
	assert_non_null(flip);
	memset(dx, 0, sizeof *dx * (size_t)g->batch * g->in_channels * g->in_h * g->in_w);
	for (int n = 0; n < g->batch; n++)
		for (int co = 0; co < g->out_channels; co++) {
			for (int oh = 0; oh < g->out_h; oh++)
				for (int ow = 0; ow < g->out_w; ow++)
					up[(size_t)oh * g->stride[0] * UW + (size_t)ow * g->stride[1]] =
						dy[((n * g->out_channels + co) * g->out_h + oh) * g->out_w + ow];
			for (int ci = 0; ci < g->in_channels; ci++) {
				for (int kh = 0; kh < g->kernel_h; kh++)
					for (int kw = 0; kw < g->kernel_w; kw++)
						flip[(size_t)(KH - 1 - kh * g->dilation[0]) * KW + (KW - 1 - kw * g->dilation[1])] =
							w[((co * g->in_channels + ci) * g->kernel_h + kh) * g->kernel_w + kw];
				for (int i = 0; i < PH; i++)
					for (int j = 0; j < PW; j++) {
						double s = 0.0;
						for (int a = 0; a < KH; a++)
							for (int c = 0; c < KW; c++)
								s += at_or_zero(up, UH, UW, i - (KH - 1) + a, j - (KW - 1) + c) *
								     flip[(size_t)a * KW + c];
						int ih = i - g->padding[0], iw = j - g->padding[1];
						if (ih >= 0 && ih < g->in_h && iw >= 0 && iw < g->in_w)
							dx[((size_t)(n * g->in_channels + ci) * g->in_h + ih) * g->in_w + iw] += s;
					}
			}
		}
	free(up);
	free(flip);
}

static void fill(Rng *r, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = rng_normal(r);
}

static const ConvGeom CASES[] = {
	{ 2, 3, 6, 7, 4, 3, 2, { 1, 1 }, { 0, 0 }, { 1, 1 }, 0, 0, { 0, 0 } },
	{ 2, 2, 7, 8, 3, 3, 3, { 2, 1 }, { 1, 2 }, { 1, 2 }, 0, 0, { 0, 0 } },
	{ 1, 3, 9, 5, 2, 2, 3, { 3, 3 }, { 1, 1 }, { 2, 2 }, 0, 0, { 0, 0 } },
	{ 1, 1, 4, 4, 1, 3, 3, { 1, 1 }, { 5, 5 }, { 1, 1 }, 0, 0, { 0, 0 } }, /* more padding than image */
	{ 3, 2, 1, 11, 2, 1, 4, { 1, 2 }, { 0, 3 }, { 1, 2 }, 0, 0, { 0, 0 } }, /* conv1d */
	{ 1, 2, 5, 6, 2, 2, 2, { 2, 3 }, { 0, 0 }, { 1, 1 }, 0, 0, { 0, 0 } },  /* stride leaves the last row unread */
	{ 2, 2, 6, 7, 3, 2, 3, { 1, 1 }, { 1, 2 }, { 3, 2 }, 0, 0, { 1, 0 } },  /* 'same': an odd 3*(2-1) */
};

static void test_against_references(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 9);
	for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
		ConvGeom g = CASES[c];
		assert_int_equal(conv_geom_fit(&g), CONV_FITS);
		size_t nx = (size_t)g.batch * g.in_channels * g.in_h * g.in_w;
		size_t nw = (size_t)g.out_channels * g.in_channels * g.kernel_h * g.kernel_w;
		size_t ny = (size_t)g.batch * g.out_channels * g.out_h * g.out_w;
		double *x = malloc(nx * sizeof *x), *w = malloc(nw * sizeof *w), *b = malloc(g.out_channels * sizeof *b);
		double *dy = malloc(ny * sizeof *dy), *y = malloc(ny * sizeof *y), *dx = malloc(nx * sizeof *dx);
		fill(&rng, x, nx);
		fill(&rng, w, nw);
		fill(&rng, b, (size_t)g.out_channels);
		fill(&rng, dy, ny);
		Run r = run_conv(&g, x, w, b, dy);
		reference_forward(&g, x, w, b, y);
		expect_values(r.y, y, ny);
		reference_dx(&g, w, dy, dx);
		expect_values(r.dx, dx, nx);
		run_free(&r);
		free(x);
		free(w);
		free(b);
		free(dy);
		free(y);
		free(dx);
	}
}

typedef struct Problem {
	ConvGeom g;
	Mat *x, *w, *b, *dx, *dw, *db, *R;
} Problem;

static AdNode *conv_loss(Tape *t, void *ctx)
{
	Problem *p = ctx;
	AdNode *y = conv2d_apply(t, ad_param(t, p->x, p->dx), ad_param(t, p->w, p->dw),
				 ad_param(t, p->b, p->db), &p->g);
	return ad_sum(t, ad_mul(t, y, ad_const(t, p->R)));
}

/* Every gradient (x, weight, bias) of every case against central differences. */
static void test_against_differences(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 11);
	for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
		Problem p = { CASES[c], NULL, NULL, NULL, NULL, NULL, NULL, NULL };
		ConvGeom *g = &p.g;
		assert_int_equal(conv_geom_fit(g), CONV_FITS);
		p.x = mat_new(g->batch * g->in_channels * g->in_h, g->in_w);
		p.w = mat_new(g->out_channels * g->in_channels * g->kernel_h, g->kernel_w);
		p.b = mat_new(1, g->out_channels);
		p.R = mat_new(g->batch * g->out_channels * g->out_h, g->out_w);
		p.dx = mat_new(p.x->rows, p.x->cols);
		p.dw = mat_new(p.w->rows, p.w->cols);
		p.db = mat_new(1, g->out_channels);
		mat_fill_normal(p.x, &rng, 1.0);
		mat_fill_normal(p.w, &rng, 0.5);
		mat_fill_normal(p.b, &rng, 0.5);
		mat_fill_normal(p.R, &rng, 1.0);
		GcTensor tensors[] = { { "x", p.x, p.dx }, { "weight", p.w, p.dw }, { "bias", p.b, p.db } };
		GcProblem prob = { tensors, 3, conv_loss, &p, 1 };
		GcOptions o = gradcheck_defaults();
		GcReport rep;
		assert_int_equal(gradcheck_run(&prob, &o, &rep), ST_OK);
		for (int k = 0; k < rep.n_tensors; k++)
			if (rep.tensors[k].failed)
				fail_msg("case %zu: %s: %d of %d values disagree (worst numeric %.10g analytic %.10g)",
					 c, rep.tensors[k].name, rep.tensors[k].failed, rep.tensors[k].checked,
					 rep.tensors[k].worst_numeric, rep.tensors[k].worst_analytic);
		assert_true(rep.passed);
		gradcheck_report_free(&rep);
		mat_free(p.x);
		mat_free(p.w);
		mat_free(p.b);
		mat_free(p.R);
		mat_free(p.dx);
		mat_free(p.dw);
		mat_free(p.db);
	}
}

/* }==== */

/* {==== What the op refuses ==== */

static void test_refuses_broken_input(void **state)
{
	(void)state;
	ConvGeom g = conv1d_geom(1, 2, 5, 3, 2, 1, 0, 1);
	Mat *x = mat_new(2, 5), *w = mat_new(3, 4), *b = mat_new(1, 3);
	Mat *w_short = mat_new(3, 3), *b_long = mat_new(1, 4), *x_long = mat_new(2, 6);
	Tape *t = ad_tape_new();
	/* the right sizes pass */
	assert_non_null(conv2d_apply(t, ad_const(t, x), ad_const(t, w), ad_const(t, b), &g));
	/* a weight, bias or x whose size is not the geometry's */
	const Mat *bad[][3] = { { x, w_short, b }, { x, w, b_long }, { x_long, w, b } };
	for (size_t k = 0; k < 3; k++) {
		ad_tape_reset(t);
		assert_null(conv2d_apply(t, ad_const(t, bad[k][0]), ad_const(t, bad[k][1]),
					 ad_const(t, bad[k][2]), &g));
		assert_int_equal(ad_tape_status(t), ST_ESHAPE);
		assert_non_null(strstr(ad_tape_error(t), "conv2d:"));
	}
	/* a geometry that was never fitted */
	ad_tape_reset(t);
	ConvGeom raw = g;
	raw.out_h = raw.out_w = 0;
	assert_null(conv2d_apply(t, ad_const(t, x), ad_const(t, w), NULL, &raw));
	assert_int_equal(ad_tape_status(t), ST_ESHAPE);
	/* a missing input */
	ad_tape_reset(t);
	assert_null(conv2d_apply(t, NULL, ad_const(t, w), NULL, &g));
	assert_int_equal(ad_tape_status(t), ST_EINVAL);
	ad_tape_free(t);
	mat_free(x);
	mat_free(w);
	mat_free(b);
	mat_free(w_short);
	mat_free(b_long);
	mat_free(x_long);
}

/* Every allocation of a conv1d and a conv2d request of `gradlab grad` can fail: each
 * failure is ST_ENOMEM, never a crash or a leak. */
static void test_grad_out_of_memory(void **state)
{
	(void)state;
	const char *reqs[] = {
		"{\"model\": \"conv1d\", \"options\": {\"stride\": [2], \"padding\": 1},"
		" \"params\": {\"weight\": [[[1, 2]], [[3, 4]]], \"bias\": [1, 2]},"
		" \"inputs\": {\"x\": [[1, 2, 3]]}, \"dout\": {\"output\": [[1, 2], [3, 4]]}}",
		"{\"model\": \"conv2d\", \"params\": {\"weight\": [[[[1]], [[2]]]]},"
		" \"inputs\": {\"x\": [[[[1, 2]], [[3, 4]]]]}, \"dout\": {\"output\": [[[[1, 2]]]]}}",
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		json_object *req = json_tokener_parse(reqs[i]);
		assert_non_null(req);
		for (long n = 0;; n++) {
			json_object *resp;
			mem_fail_after(n);
			Status st = vjp_run(req, &resp);
			mem_fail_after(-1);
			if (st == ST_OK) {
				json_object_put(resp);
				break;
			}
			if (st != ST_ENOMEM)
				fail_msg("request %zu, allocation %ld: %d %s", i, n, st, status_detail());
		}
		json_object_put(req);
	}
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_length),
		cmocka_unit_test(test_geometry_fit),
		cmocka_unit_test(test_conv1d_by_hand),
		cmocka_unit_test(test_conv1d_dilation),
		cmocka_unit_test(test_conv1d_extra_padding_at_end),
		cmocka_unit_test(test_conv1d_channels),
		cmocka_unit_test(test_conv2d_by_hand),
		cmocka_unit_test(test_against_references),
		cmocka_unit_test(test_against_differences),
		cmocka_unit_test(test_refuses_broken_input),
		cmocka_unit_test(test_grad_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
