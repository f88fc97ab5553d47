/* norms: build, unroll and differentiate each cell, then read the norms off the tape. */
#include "lab/norms.h"

#include "core/invariant.h"
#include "core/mem.h"
#include "nn/clip.h"
#include "nn/init.h"

#include <math.h>
#include <string.h>

NormsConfig norms_defaults(void)
{
	return (NormsConfig){ .cells = { REC_RNN }, .n_cells = 1, .steps = 50, .hidden = 16,
			      .input = 4, .act = ACT_TANH, .orthogonal = 1, .spectral_norm = 1.0,
			      .forget_bias = 0.0, .seed = 1 };
}

static Status check_config(const NormsConfig *c)
{
	if (c->n_cells < 1 || c->n_cells > NORMS_MAX_CELLS)
		return status_fail(ST_EINVAL, "--cell: between 1 and %d cells", NORMS_MAX_CELLS);
	Status st;
	if ((st = status_range("--steps", c->steps, 1, NORMS_MAX_STEPS)) ||
	    (st = status_range("--hidden", c->hidden, 1, NORMS_MAX_HIDDEN)) ||
	    (st = status_range("--input", c->input, 1, NORMS_MAX_HIDDEN)))
		return st;
	if (!(c->spectral_norm > 0) || c->spectral_norm > 10)
		return status_fail(ST_ERANGE, "--spectral-norm must be greater than 0 and at most 10, got %g",
				   c->spectral_norm);
	if (c->clip < 0 || c->truncate < 0 || c->truncate > c->steps)
		return status_fail(ST_ERANGE, "--clip must be >= 0 and --truncate between 0 and --steps");
	double work = (double)c->steps * c->hidden * 4.0 * (c->hidden + c->input) * c->n_cells;
	if (work > 5e8)
		return status_fail(ST_ELIMIT, "--steps x --hidden is too large: %.3g multiply-adds, the limit is 5e+08",
				   work);
	return ST_OK;
}

/* W_hh's H x H gate blocks, each orthogonal or Gaussian, with spectral norm R; the
 * LSTM's forget-gate bias. Other parameters keep PyTorch's initialisation. */
static Status shape_weights(Recurrent *r, const NormsConfig *c, Rng *rng)
{
	int H = r->hidden;
	Status st = init_gate_blocks(r->weight_hh, r->gates, H, c->orthogonal, c->spectral_norm, rng);
	if (st != ST_OK)
		return st;
	if (r->kind == REC_LSTM)
		for (int j = 0; j < H; j++) {
			r->bias_ih->data[H + j] = c->forget_bias;
			r->bias_hh->data[H + j] = 0.0;
		}
	return ST_OK;
}

double norms_spectral_radius(const Mat *W, int row0, int n)
{
	GL_ASSERT(row0 >= 0 && n > 0 && row0 + n <= W->rows && n <= W->cols,
		  "the n x n block lies inside W");
	double *v = mem_alloc((size_t)2 * n * sizeof *v);
	if (!v)
		return NAN;
	double *w = v + n;
	/* a start with a part along every eigenvector, in practice: fixed, so runs repeat */
	Rng rng;
	rng_seed(&rng, 0x5eed);
	for (int i = 0; i < n; i++)
		v[i] = rng_normal(&rng);
	long k = 20000000L / ((long)n * n);
	k = k < 300 ? 300 : k > 20000 ? 20000 : k;
	/* log ||W^j v|| as a sum of logs, v rescaled to norm 1 each step: no overflow */
	double log_k = 0, log_2k = 0, log_j = 0;
	for (long j = 1; j <= 2 * k; j++) {
		/* w = W v eight rows at a time: eight independent sums instead of one chain of
		 * dependent additions, each still added in the order m = 0..n-1, so the figures
		 * are the same to the bit and two to three times faster (issue 15). */
		int i = 0;
		for (; i + 8 <= n; i += 8) {
			const double *r0 = &MAT_AT(W, row0 + i, 0);
			size_t c = (size_t)W->cols;
			double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
			for (int m = 0; m < n; m++) {
				double vm = v[m];
				s0 += r0[m] * vm;
				s1 += r0[c + m] * vm;
				s2 += r0[2 * c + m] * vm;
				s3 += r0[3 * c + m] * vm;
				s4 += r0[4 * c + m] * vm;
				s5 += r0[5 * c + m] * vm;
				s6 += r0[6 * c + m] * vm;
				s7 += r0[7 * c + m] * vm;
			}
			w[i] = s0;
			w[i + 1] = s1;
			w[i + 2] = s2;
			w[i + 3] = s3;
			w[i + 4] = s4;
			w[i + 5] = s5;
			w[i + 6] = s6;
			w[i + 7] = s7;
		}
		for (; i < n; i++) {
			double s = 0;
			for (int m = 0; m < n; m++)
				s += MAT_AT(W, row0 + i, m) * v[m];
			w[i] = s;
		}
		double norm = 0;
		for (i = 0; i < n; i++)
			norm += w[i] * w[i];
		norm = sqrt(norm);
		if (!(norm > 0)) { /* W^j v = 0: nilpotent on v */
			mem_free(v);
			return 0.0;
		}
		for (i = 0; i < n; i++)
			v[i] = w[i] / norm;
		log_j += log(norm);
		if (j == k)
			log_k = log_j;
		if (j == 2 * k)
			log_2k = log_j;
	}
	mem_free(v);
	return exp((log_2k - log_k) / (double)k);
}

/* ||m||: the plain sum of squares, in four independent sums, when it is a normal double
 * (about 1e-280 to 1e+280: no square overflowed, and underflow lost nothing that counts);
 * otherwise mat_norm's scaled sum, which is safe at any size but divides at every value. */
static double fast_norm(const Mat *m)
{
	size_t n = mat_size(m), i = 0;
	const double *a = m->data;
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	for (; i + 4 <= n; i += 4) {
		s0 += a[i] * a[i];
		s1 += a[i + 1] * a[i + 1];
		s2 += a[i + 2] * a[i + 2];
		s3 += a[i + 3] * a[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * a[i];
	double ssq = (s0 + s1) + (s2 + s3);
	return ssq > 1e-280 && ssq < 1e280 ? sqrt(ssq) : mat_norm(m);
}

double norms_step_term_norm(const Mat *dG, const Mat *h_prev, Mat *scratch)
{
	GL_ASSERT(dG->rows == h_prev->rows && scratch->rows == dG->cols &&
			  scratch->cols == h_prev->cols,
		  "dG (B, G*H), h_prev (B, H) and scratch (G*H, H) agree");
	if (dG->rows == 1) {
		/* One row: the term is the outer product a b^T (a = dG's row, b = h_prev's), and
		 * ||a b^T||_F^2 = sum_i sum_j a_i^2 b_j^2 = (sum_i a_i^2)(sum_j b_j^2), so its
		 * norm is ||a|| ||b||: G*H + H squares instead of G*H*H products and squares.
		 * Where that product is not a plain normal double (an overflowed gradient, or
		 * elements the explicit product would take into the subnormal range) the
		 * explicit product below keeps the figure it always gave. */
		double na = fast_norm(dG), nb = fast_norm(h_prev), p = na * nb;
		if (na == 0 || nb == 0 || (isfinite(p) && p > 1e-280))
			return p;
	}
	/* B rows: the term is a sum of B outer products, whose norm is not the product of
	 * the factors' norms (and the Gram form sum_bc (a_b.a_c)(h_b.h_c) loses digits to
	 * cancellation): the product itself. */
	mat_gemm(scratch, dG, 1, h_prev, 0, 0.0);
	return mat_norm(scratch);
}

static Status cell_alloc(NormsCell *cell, RecurrentKind kind, int T)
{
	cell->kind = kind;
	cell->steps = T;
	cell->spectral_norm = cell->spectral_radius = NAN; /* until read_theory */
	double **arrays[] = { &cell->grad_h, &cell->grad_W_hh, &cell->step_bound, &cell->bound,
			      &cell->gate_product };
	for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
		*arrays[i] = mem_alloc((size_t)T * sizeof(double));
		if (!*arrays[i])
			return status_fail(ST_ENOMEM, "out of memory for %d steps", T);
		for (int t = 0; t < T; t++)
			(*arrays[i])[t] = NAN;
	}
	return ST_OK;
}

/* The unrolled pass, in chunks of `truncate` steps whose first state is a constant copy of
 * the last one (h.detach() in PyTorch), so no gradient crosses a chunk boundary. */
static Status unroll(Tape *t, Recurrent *r, const NormsConfig *c, const Mat *x, AdNode **h,
		     RecurrentTrace *tr)
{
	int T = c->steps, K = c->truncate ? c->truncate : T;
	AdNode *h0 = NULL, *c0 = NULL;
	AdNode **cells = r->kind == REC_LSTM ? mem_alloc((size_t)T * sizeof *cells) : NULL;
	if (r->kind == REC_LSTM && !cells)
		return status_fail(ST_ENOMEM, "out of memory");
	Status st = ST_OK;
	for (int s0 = 0; s0 < T && st == ST_OK; s0 += K) {
		int n = T - s0 < K ? T - s0 : K;
		Mat xs = { n, x->cols, x->data + (size_t)s0 * x->cols };
		RecurrentTrace chunk = { tr->hh + s0, tr->gate + s0 };
		st = recurrent_forward_traced(t, r, ad_const(t, &xs), n, h0, c0, h + s0,
					      cells ? cells + s0 : NULL, &chunk);
		if (st == ST_OK && s0 + n < T) {
			h0 = ad_const(t, &h[s0 + n - 1]->value);
			c0 = cells ? ad_const(t, &cells[s0 + n - 1]->value) : NULL;
		}
	}
	mem_free(cells);
	return st;
}

/* L = sum over the scored steps of <u_t, h_t>, with unit vectors u_t: dL/dh_t = u_t exactly,
 * so every norm below is the network's doing, not the loss's. */
static AdNode *loss(Tape *t, const NormsConfig *c, AdNode **h, Mat *u)
{
	int T = c->steps, H = c->hidden;
	AdNode *L = NULL;
	for (int s = c->loss_all ? 0 : T - 1; s < T; s++) {
		Mat us = { 1, H, u->data + (size_t)s * H };
		AdNode *term = ad_sum(t, ad_mul(t, h[s], ad_const(t, &us)));
		L = L ? ad_add(t, L, term) : term;
	}
	return L;
}

static void read_theory(NormsCell *cell, const Recurrent *r, const NormsConfig *c,
			const RecurrentTrace *tr)
{
	int T = c->steps;
	cell->spectral_norm = init_spectral_norm(r->weight_hh, 0, r->weight_hh->rows);
	cell->spectral_radius = cell->kind == REC_RNN ? norms_spectral_radius(r->weight_hh, 0, r->hidden)
						      : NAN;
	double sigma = cell->kind == REC_RNN ? cell->spectral_norm : NAN;
	for (int s = 0; s < T; s++) {
		const Mat *g = &tr->gate[s]->value;
		if (cell->kind == REC_RNN) {
			double m = 0;
			for (size_t i = 0; i < mat_size(g); i++)
				m = fmax(m, fabs(activation_derivative(r->act, r->act_param, g->data[i])));
			cell->step_bound[s] = sigma * m;
		}
	}
	/* Products over the steps after t, from the last step back. */
	double prod = 1.0;
	for (int s = T - 1; s >= 0; s--) {
		if (cell->kind == REC_RNN) {
			cell->bound[s] = prod;
			prod *= cell->step_bound[s];
		}
	}
	if (cell->kind == REC_RNN)
		return;
	/* Mean over units (and rows) of the gate products along the direct path. */
	int n = (int)mat_size(&tr->gate[0]->value);
	double *run = mem_alloc((size_t)n * sizeof *run);
	if (!run)
		return;
	for (int i = 0; i < n; i++)
		run[i] = 1.0;
	for (int s = T - 1; s >= 0; s--) {
		double mean = 0;
		for (int i = 0; i < n; i++)
			mean += run[i];
		cell->gate_product[s] = mean / n;
		for (int i = 0; i < n; i++)
			run[i] *= tr->gate[s]->value.data[i];
	}
	mem_free(run);
}

static Status run_cell(const NormsConfig *c, RecurrentKind kind, NormsCell *cell)
{
	int T = c->steps, H = c->hidden;
	Rng rng;
	rng_seed(&rng, c->seed);
	Status st = cell_alloc(cell, kind, T);
	if (st != ST_OK)
		return st;
	Recurrent *r = recurrent_new(kind, c->input, H, c->act, &rng);
	Mat *x = mat_new(T, c->input), *u = mat_new(T, H);
	Tape *t = ad_tape_new();
	AdNode **h = mem_calloc((size_t)T, sizeof *h);
	RecurrentTrace tr = { mem_calloc((size_t)T, sizeof(AdNode *)),
			      mem_calloc((size_t)T, sizeof(AdNode *)) };
	Mat *term = mat_new(r ? r->weight_hh->rows : 1, H);
	if (!r || !x || !u || !t || !h || !tr.hh || !tr.gate || !term) {
		st = r ? status_fail(ST_ENOMEM, "out of memory for %d steps", T) : ST_EINVAL;
		goto done;
	}
	if ((st = shape_weights(r, c, &rng)) != ST_OK)
		goto done;
	mat_fill_normal(x, &rng, 1.0);
	/* u's rows in stream order; the loss at the last step reads only u_T, so the rows
	 * before it are skipped over, not drawn (the stream ends where it always did). */
	int first_u = c->loss_all ? 0 : T - 1;
	rng_skip_normals(&rng, (size_t)first_u * H);
	for (size_t i = (size_t)first_u * H; i < mat_size(u); i++)
		u->data[i] = rng_normal(&rng);
	for (int s = first_u; s < T; s++) { /* unit rows */
		Mat us = { 1, H, u->data + (size_t)s * H };
		double n = mat_norm(&us);
		for (int j = 0; j < H; j++)
			us.data[j] /= n;
	}
	if ((st = unroll(t, r, c, x, h, &tr)) != ST_OK)
		goto done;
	AdNode *L = loss(t, c, h, u);
	if (!L || (st = ad_backward(t, L)) != ST_OK) {
		st = st != ST_OK ? st : status_fail(ad_tape_status(t), "%s", ad_tape_error(t));
		goto done;
	}
	Mat *grads[REC_N_PARAMS];
	recurrent_grads(r, grads);
	cell->grad_norm = cell->clipped_norm = clip_global_norm(grads, REC_N_PARAMS);
	double scale = 1.0;
	if (c->clip > 0 && isfinite(cell->grad_norm) &&
	    clip_grad_norm(grads, REC_N_PARAMS, c->clip, &cell->grad_norm) == ST_OK) {
		cell->clipped_norm = clip_global_norm(grads, REC_N_PARAMS);
		scale = cell->grad_norm > 0 ? cell->clipped_norm / cell->grad_norm : 1.0;
	}
	for (int s = 0; s < T; s++) {
		cell->grad_h[s] = mat_norm(&h[s]->grad);
		/* Step s+1's term of dL/dW_hh: dG^T h_prev, h_prev the state the step read (a
		 * detached copy at a truncation boundary has the same value). */
		const Mat *h_prev = s == 0 ? NULL : &h[s - 1]->value;
		if (!h_prev || !tr.hh[s]->grad.data) {
			cell->grad_W_hh[s] = 0.0; /* h_0 = 0, or no gradient reached the step */
			continue;
		}
		cell->grad_W_hh[s] = scale * norms_step_term_norm(&tr.hh[s]->grad, h_prev, term);
	}
	for (int s = T - 1; s >= 0; s--)
		if (!isfinite(cell->grad_h[s])) {
			cell->overflow_at = s + 1;
			for (int k = s; k >= 0; k--) /* everything earlier came through the overflow */
				cell->grad_h[k] = INFINITY;
			break;
		}
	if (!c->measured_only)
		read_theory(cell, r, c, &tr);
done:
	mat_free(term);
	mem_free(tr.hh);
	mem_free(tr.gate);
	mem_free(h);
	ad_tape_free(t);
	mat_free(x);
	mat_free(u);
	recurrent_free(r);
	return st;
}

Status norms_run(const NormsConfig *c, NormsResult *out)
{
	memset(out, 0, sizeof *out);
	Status st = check_config(c);
	if (st != ST_OK)
		return st;
	for (int k = 0; k < c->n_cells; k++) {
		out->n_cells = k + 1;
		if ((st = run_cell(c, c->cells[k], &out->cells[k])) != ST_OK) {
			norms_result_free(out);
			return st;
		}
	}
	return ST_OK;
}

void norms_result_free(NormsResult *r)
{
	if (!r)
		return;
	for (int k = 0; k < r->n_cells; k++) {
		NormsCell *cell = &r->cells[k];
		mem_free(cell->grad_h);
		mem_free(cell->grad_W_hh);
		mem_free(cell->step_bound);
		mem_free(cell->bound);
		mem_free(cell->gate_product);
	}
	memset(r, 0, sizeof *r);
}
