/* ad_recurrent: fused recurrent steps, one tape node per time step as frameworks have them
 * (cuDNN, PyTorch's fused LSTM cell): the G gate pre-activations from one product with W_hh,
 * the gate math in one pass each way, only what backward needs kept. x W_ih^T + b_ih of all
 * steps is one product before the time loop (ad_gate_input); the LSTM and GRU steps leave
 * their gate activations in its rows. Small batches' W_hh gradient waits for one product at
 * the end of the pass (ad_defer). Part of core/ad, under nn/recurrent. */
#include "core/ad.h"

#include "core/ad_internal.h"
#include "core/scalar.h"

#include <string.h>

/* {==== The input product of every step ==== */

static void gate_input_forward(AdNode *n)
{
	const Mat *b = &n->in[2]->value;
	mat_gemm(&n->value, &n->in[0]->value, 0, &n->in[1]->value, 1, 0.0);
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			MAT_AT(&n->value, i, j) += b->data[j];
}

/* forward: Y = x W^T + b; so dx += dY W, dW += dY^T x, db[j] += sum over rows of dY[., j].
 * dY is the steps' gate pre-activation gradients (dgi); the value is no longer read. */
static void gate_input_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *x = n->in[0], *W = n->in[1], *b = n->in[2];
	if (G(b))
		for (int i = 0; i < n->value.rows; i++)
			for (int j = 0; j < n->value.cols; j++)
				G(b)[j] += MAT_AT(&n->grad, i, j);
	if (G(x))
		mat_gemm(&x->grad, &n->grad, 0, &W->value, 0, 1.0);
	if (G(W) && (W->op != &AD_OP_PARAM || x->value.rows >= 4 ||
		     !ad_defer(n->tape, W, V(x), G(n), x->value.rows, x->value.cols, n->value.cols, 1)))
		mat_gemm(&W->grad, &n->grad, 1, &x->value, 0, 1.0);
}

static const AdOp OP_GATE_INPUT = { "gate_input", gate_input_forward, gate_input_backward };

AdNode *ad_gate_input(Tape *t, AdNode *x, AdNode *W, AdNode *b)
{
	char sx[AD_SHAPE_LEN], sw[AD_SHAPE_LEN], sb[AD_SHAPE_LEN];
	AdNode *in[3] = { x, W, b };
	if (x && W && b &&
	    (W->value.cols != x->value.cols || b->value.rows != 1 || b->value.cols != W->value.rows))
		return ad_fail(t, ST_ESHAPE, "gate_input: x %s, W %s and b %s do not fit x W^T + b",
			       ad_shape_str(sx, &x->value), ad_shape_str(sw, &W->value),
			       ad_shape_str(sb, &b->value));
	AdNode *n = ad_node_new(t, &OP_GATE_INPUT, in, 3, x ? x->value.rows : 1,
				W ? W->value.rows : 1);
	if (n)
		gate_input_forward(n);
	return n;
}

/* }==== */

/* {==== What every step shares ==== */

/* A step's inputs, in this order: gi (the gate_input node; the step reads rows arg[0] ..
 * arg[0]+B-1), h_prev, [c_prev,] W_hh, b_hh. */
enum { IN_GI, IN_H };

static double *gi_rows(const AdNode *n)
{
	const AdNode *gi = n->in[IN_GI];
	return V(gi) + (size_t)n->arg[0] * (size_t)gi->value.cols;
}

static double *dgi_rows(const AdNode *n)
{
	const AdNode *gi = n->in[IN_GI];
	return G(gi) ? G(gi) + (size_t)n->arg[0] * (size_t)gi->value.cols : NULL;
}

/* hh (B, GH) = h W^T + b into dst, in the unfused graph's order (the product, then the
 * bias): the step's forward then adds gi to it exactly as ad_add did. */
static double *hidden_product(double *dst, const AdNode *h, const AdNode *W, const AdNode *b)
{
	int B = h->value.rows, GH = W->value.rows;
	Mat hh = { B, GH, dst };
	mat_gemm(&hh, &h->value, 0, &W->value, 1, 0.0);
	for (int i = 0; i < B; i++)
		for (int j = 0; j < GH; j++)
			MAT_AT(&hh, i, j) += V(b)[j];
	return hh.data;
}

/* The recurrent weights' share of a step's backward, given dG (B, GH), the gradient of the
 * step's hidden product h W^T + b: dh += dG W, db[j] += sum over rows of dG[., j], and
 * dW += dG^T h, held back to the end of the pass for a batch of fewer than 4 rows when dG
 * stays (it is not the scratch): as ad_matmul does, and faster than one stacked product at
 * B = 32, H = 128 here. */
static void hidden_backward(AdNode *n, const double *dG, AdNode *h, AdNode *W, AdNode *b,
			    int stays)
{
	int B = h->value.rows, H = h->value.cols, GH = W->value.rows;
	Mat dGm = { B, GH, (double *)dG };
	if (G(b))
		for (int i = 0; i < B; i++)
			for (int j = 0; j < GH; j++)
				G(b)[j] += dG[(size_t)i * GH + j];
	if (G(h))
		mat_gemm(&h->grad, &dGm, 0, &W->value, 0, 1.0);
	if (G(W) && (B >= 4 || !stays || W->op != &AD_OP_PARAM || !ad_defer(n->tape, W, V(h), dG, B, H, GH, 1)))
		mat_gemm(&W->grad, &dGm, 1, &h->value, 0, 1.0);
}

/* Shapes every step checks: gi's rows row .. row+B-1 exist and are G*H wide, h is (B, H), c
 * (LSTM) too, W_hh (G*H, H), b_hh (1, G*H); and the scratch holds one hidden product. */
static int step_ok(Tape *t, const char *name, AdNode *gi, int row, AdNode *h, AdNode *c,
		   AdNode *W, AdNode *b, int G)
{
	char s1[AD_SHAPE_LEN], s2[AD_SHAPE_LEN], s3[AD_SHAPE_LEN];
	if (ad_tape_status(t) != ST_OK)
		return 0; /* keeps the first failure */
	if (!gi || !h || !W || !b || (G == 4 && !c)) {
		ad_fail(t, ST_EINVAL, "%s: an input is missing", name);
		return 0;
	}
	int B = h->value.rows, H = h->value.cols;
	if (W->value.rows != G * H || W->value.cols != H || b->value.rows != 1 ||
	    b->value.cols != G * H) {
		ad_fail(t, ST_ESHAPE, "%s: W_hh %s and b_hh %s do not fit h %s", name,
			ad_shape_str(s1, &W->value), ad_shape_str(s2, &b->value),
			ad_shape_str(s3, &h->value));
		return 0;
	}
	if (gi->value.cols != G * H || row < 0 || row > gi->value.rows - B) {
		ad_fail(t, ST_ESHAPE, "%s: gi %s has no rows %d..%d of width %d", name,
			ad_shape_str(s1, &gi->value), row, row + B - 1, G * H);
		return 0;
	}
	if (c && (c->value.rows != B || c->value.cols != H)) {
		ad_fail(t, ST_ESHAPE, "%s: c %s is not shaped like h %s", name,
			ad_shape_str(s1, &c->value), ad_shape_str(s2, &h->value));
		return 0;
	}
	if (!ad_scratch(t, (size_t)B * G * H)) {
		ad_fail(t, ST_ENOMEM, "%s: out of memory for a %dx%d product", name, B, G * H);
		return 0;
	}
	return 1;
}

/* }==== */

/* {==== RNN: the pre-activation ==== */

/* a = gi + (h W^T + b); the nonlinearity is the ordinary op after it (nn/activation). */
static void rnn_forward(AdNode *n)
{
	AdNode *h = n->in[IN_H], *W = n->in[2], *b = n->in[3];
	const double *hh = hidden_product(n->tape->scratch, h, W, b), *gi = gi_rows(n);
	FOR_EACH(n, i) V(n)[i] = gi[i] + hh[i];
}

/* forward: a = gi + h W^T + b; so dgi += da and da is dG, the hidden product's gradient */
static void rnn_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	double *dgi = dgi_rows(n);
	if (dgi)
		FOR_EACH(n, i) dgi[i] += G(n)[i];
	hidden_backward(n, G(n), n->in[IN_H], n->in[2], n->in[3], 1);
}

static const AdOp OP_RNN_PREACT = { "rnn_preact", rnn_forward, rnn_backward };

AdNode *ad_rnn_preact(Tape *t, AdNode *gi, int row, AdNode *h, AdNode *W_hh, AdNode *b_hh)
{
	if (!step_ok(t, "rnn_preact", gi, row, h, NULL, W_hh, b_hh, 1))
		return NULL;
	AdNode *n = ad_node_new(t, &OP_RNN_PREACT, (AdNode *[]){ gi, h, W_hh, b_hh }, 4,
				h->value.rows, h->value.cols);
	if (!n)
		return NULL;
	n->arg[0] = row;
	rnn_forward(n);
	return n;
}

/* }==== */

/* {==== LSTM ==== */

/* The step node's value, three (B, H) blocks: c_t, h_t and tanh(c_t); its gradient the
 * same blocks (the third unused). The gate activations i, f, g, o replace the step's rows of
 * gi. Inputs: gi, h_prev, c_prev, W_hh, b_hh. */
enum { LSTM_C, LSTM_H, LSTM_TC, LSTM_BLOCKS };

/* pre = gi + h W^T + b, stacked i, f, g, o; i, f, o = sigmoid, g = tanh;
 * c_t = f * c_{t-1} + i * g; h_t = o * tanh(c_t) */
static void lstm_forward(AdNode *n)
{
	AdNode *hp = n->in[IN_H], *cp = n->in[2], *W = n->in[3], *b = n->in[4];
	int B = hp->value.rows, H = hp->value.cols;
	size_t BH = (size_t)B * H;
	const double *hh = hidden_product(n->tape->scratch, hp, W, b);
	double *act = gi_rows(n), *c = V(n), *h = c + BH, *tc = h + BH;
	for (int r = 0; r < B; r++) {
		double *a = act + (size_t)r * 4 * H;
		const double *p = hh + (size_t)r * 4 * H, *c0 = V(cp) + (size_t)r * H;
		double *c1 = c + (size_t)r * H, *h1 = h + (size_t)r * H, *t1 = tc + (size_t)r * H;
		for (int j = 0; j < 4 * H; j++)
			a[j] = a[j] + p[j];
		for (int j = 0; j < H; j++) {
			double i = scalar_sigmoid(a[j]), f = scalar_sigmoid(a[H + j]);
			double g = scalar_tanh(a[2 * H + j]), o = scalar_sigmoid(a[3 * H + j]);
			a[j] = i;
			a[H + j] = f;
			a[2 * H + j] = g;
			a[3 * H + j] = o;
			c1[j] = f * c0[j] + i * g;
			t1[j] = scalar_tanh(c1[j]);
			h1[j] = o * t1[j];
		}
	}
}

/* forward as above; so with dc already holding what later steps sent back:
 *   do = dh tanh(c), dc += dh o (1 - tanh(c)^2),
 *   df = dc c_prev, di = dc g, dg = dc i, dc_prev += dc f,
 *   the pre-activations' gradient dG = (di i(1-i), df f(1-f), dg (1-g^2), do o(1-o)),
 * which is gi's gradient and the hidden product's. */
static void lstm_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *hp = n->in[IN_H], *cp = n->in[2], *W = n->in[3], *b = n->in[4];
	int B = hp->value.rows, H = hp->value.cols;
	size_t BH = (size_t)B * H;
	const double *act = gi_rows(n), *tc = V(n) + 2 * BH;
	double *dc = G(n), *dh = dc + BH, *dG = dgi_rows(n);
	int stays = dG != NULL;
	if (!dG) { /* gi wants no gradient: dG lives in the scratch */
		dG = n->tape->scratch;
		memset(dG, 0, BH * 4 * sizeof *dG);
	}
	for (int r = 0; r < B; r++) {
		const double *a = act + (size_t)r * 4 * H, *c0 = V(cp) + (size_t)r * H;
		const double *t1 = tc + (size_t)r * H, *dh1 = dh + (size_t)r * H;
		double *dc1 = dc + (size_t)r * H, *d = dG + (size_t)r * 4 * H;
		double *dc0 = G(cp) ? G(cp) + (size_t)r * H : NULL;
		for (int j = 0; j < H; j++) {
			double i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j];
			double dcj = dc1[j] + dh1[j] * o * (1.0 - t1[j] * t1[j]);
			double dout = dh1[j] * t1[j];
			d[j] += dcj * g * i * (1.0 - i);
			d[H + j] += dcj * c0[j] * f * (1.0 - f);
			d[2 * H + j] += dcj * i * (1.0 - g * g);
			d[3 * H + j] += dout * o * (1.0 - o);
			if (dc0)
				dc0[j] += dcj * f;
		}
	}
	hidden_backward(n, dG, hp, W, b, stays);
}

static const AdOp OP_LSTM_STEP = { "lstm_step", lstm_forward, lstm_backward };

AdNode *ad_lstm_step(Tape *t, AdNode *gi, int row, AdNode *h, AdNode *c, AdNode *W_hh,
		     AdNode *b_hh, AdNode **c_next)
{
	*c_next = NULL;
	if (!step_ok(t, "lstm_step", gi, row, h, c, W_hh, b_hh, 4))
		return NULL;
	int B = h->value.rows, H = h->value.cols;
	AdNode *n = ad_node_new(t, &OP_LSTM_STEP, (AdNode *[]){ gi, h, c, W_hh, b_hh }, 5,
				LSTM_BLOCKS * B, H);
	if (!n)
		return NULL;
	n->arg[0] = row;
	lstm_forward(n);
	*c_next = ad_view(t, n, (size_t)LSTM_C * B * H, B, H, 1);
	return ad_view(t, n, (size_t)LSTM_H * B * H, B, H, 1);
}

/* }==== */

/* {==== GRU ==== */

/* The step node's value: the hidden product gh = h W^T + b (B, 3H), then h_t (B, H); its
 * gradient: dG (the hidden product's), then dh_t. The gate activations r, z, n replace the
 * step's rows of gi. Inputs: gi, h_prev, W_hh, b_hh. */

/* r, z = sigmoid(gi + gh) over the first 2H columns; n = tanh(gi_n + r * gh_n);
 * h_t = (1 - z) * n + z * h_{t-1} */
static void gru_forward(AdNode *n)
{
	AdNode *hp = n->in[IN_H], *W = n->in[2], *b = n->in[3];
	int B = hp->value.rows, H = hp->value.cols;
	double *act = gi_rows(n), *gh = hidden_product(V(n), hp, W, b), *h = gh + (size_t)B * 3 * H;
	for (int r = 0; r < B; r++) {
		double *a = act + (size_t)r * 3 * H;
		const double *p = gh + (size_t)r * 3 * H, *h0 = V(hp) + (size_t)r * H;
		double *h1 = h + (size_t)r * H;
		for (int j = 0; j < H; j++) {
			double rg = scalar_sigmoid(a[j] + p[j]);
			double z = scalar_sigmoid(a[H + j] + p[H + j]);
			double c = scalar_tanh(a[2 * H + j] + rg * p[2 * H + j]);
			a[j] = rg;
			a[H + j] = z;
			a[2 * H + j] = c;
			h1[j] = (1.0 - z) * c + z * h0[j];
		}
	}
}

/* forward as above; so dz = dh h_prev - dh n, dn = dh (1 - z), dh_prev += dh z,
 * dn_pre = dn (1 - n^2) (gi_n's gradient), dr = dn_pre gh_n, dgh_n = dn_pre r,
 * dr_pre = dr r (1 - r), dz_pre = dz z (1 - z) (gi's and gh's both) */
static void gru_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *hp = n->in[IN_H], *W = n->in[2], *b = n->in[3];
	int B = hp->value.rows, H = hp->value.cols;
	const double *act = gi_rows(n), *gh = V(n);
	double *dG = G(n), *dh = dG + (size_t)B * 3 * H, *dgi = dgi_rows(n);
	for (int r = 0; r < B; r++) {
		const double *a = act + (size_t)r * 3 * H, *p = gh + (size_t)r * 3 * H;
		const double *h0 = V(hp) + (size_t)r * H, *dh1 = dh + (size_t)r * H;
		double *d = dG + (size_t)r * 3 * H, *di = dgi ? dgi + (size_t)r * 3 * H : NULL;
		double *dh0 = G(hp) ? G(hp) + (size_t)r * H : NULL;
		for (int j = 0; j < H; j++) {
			double rg = a[j], z = a[H + j], c = a[2 * H + j];
			double dz = dh1[j] * h0[j] - dh1[j] * c; /* the per-op graph's order */
			double dn_pre = dh1[j] * (1.0 - z) * (1.0 - c * c);
			double dr_pre = dn_pre * p[2 * H + j] * rg * (1.0 - rg);
			double dz_pre = dz * z * (1.0 - z);
			d[j] = dr_pre;
			d[H + j] = dz_pre;
			d[2 * H + j] = dn_pre * rg;
			if (di) {
				di[j] += dr_pre;
				di[H + j] += dz_pre;
				di[2 * H + j] += dn_pre;
			}
			if (dh0)
				dh0[j] += dh1[j] * z;
		}
	}
	hidden_backward(n, dG, hp, W, b, 1);
}

static const AdOp OP_GRU_STEP = { "gru_step", gru_forward, gru_backward };

AdNode *ad_gru_step(Tape *t, AdNode *gi, int row, AdNode *h, AdNode *W_hh, AdNode *b_hh)
{
	if (!step_ok(t, "gru_step", gi, row, h, NULL, W_hh, b_hh, 3))
		return NULL;
	int B = h->value.rows, H = h->value.cols;
	AdNode *n = ad_node_new(t, &OP_GRU_STEP, (AdNode *[]){ gi, h, W_hh, b_hh }, 4, 4 * B, H);
	if (!n)
		return NULL;
	n->arg[0] = row;
	gru_forward(n);
	return ad_view(t, n, (size_t)3 * B * H, B, H, 1);
}

/* }==== */

/* {==== What a lesson reads of a step ==== */

AdNode *ad_step_hidden_grad(Tape *t, AdNode *h)
{
	if (!h || h->op != &AD_OP_VIEW)
		return ad_fail(t, ST_EINVAL, "step_hidden_grad: not a fused step's state");
	AdNode *s = h->in[0];
	int B = h->value.rows, H = h->value.cols;
	if (s->op == &OP_LSTM_STEP) /* dG is gi's gradient: a window of gi's rows */
		return ad_view(t, s->in[IN_GI], (size_t)s->arg[0] * 4 * H, B, 4 * H, 1);
	if (s->op == &OP_GRU_STEP)
		return ad_view(t, s, 0, B, 3 * H, 1);
	return ad_fail(t, ST_EINVAL, "step_hidden_grad: not a fused step's state");
}

AdNode *ad_step_gate(Tape *t, AdNode *h, int gate)
{
	if (!h || h->op != &AD_OP_VIEW || h->value.rows != 1)
		return ad_fail(t, ST_EINVAL, "step_gate: not a fused step's state of one row");
	AdNode *s = h->in[0];
	int H = h->value.cols, G = s->op == &OP_LSTM_STEP ? 4 : s->op == &OP_GRU_STEP ? 3 : 0;
	if (gate < 0 || gate >= G)
		return ad_fail(t, ST_EINVAL, "step_gate: gate %d of a step with %d", gate, G);
	return ad_view(t, s->in[IN_GI], ((size_t)s->arg[0] * G + (size_t)gate) * H, 1, H, 0);
}

/* }==== */
