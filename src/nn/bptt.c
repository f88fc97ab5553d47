/* bptt: the Elman RNN's forward and backward through time, one plain loop per equation of
 * the header. Nothing here uses the tape; tests hold it equal to autodiff and to finite
 * differences. */
#include "nn/bptt.h"

#include "core/invariant.h"
#include "core/mem.h"

#include <string.h>

Mat bptt_block(const Mat *m, int t, int rows)
{
	GL_ASSERT(t >= 0 && rows > 0 && (size_t)(t + 1) * (size_t)rows <= (size_t)m->rows,
		  "step t's block of rows lies inside the stacked matrix");
	return (Mat){ rows, m->cols, m->data + (size_t)t * (size_t)rows * (size_t)m->cols };
}

/* {==== One step ==== */

void bptt_step_forward(Mat *h /* (B, H) */, Mat *a /* (B, H) */, const Mat *x /* (B, I) */,
		       const Mat *h_prev /* (B, H) */, const Mat *W_ih /* (H, I) */,
		       const Mat *W_hh /* (H, H) */, const Mat *b_ih /* (1, H) */,
		       const Mat *b_hh /* (1, H) */, Activation act, double act_param)
{
	int B = h->rows, H = h->cols, I = x->cols;
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double s = b_ih->data[j] + b_hh->data[j];
			for (int k = 0; k < I; k++)
				s += MAT_AT(x, b, k) * MAT_AT(W_ih, j, k);
			for (int k = 0; k < H; k++)
				s += MAT_AT(h_prev, b, k) * MAT_AT(W_hh, j, k);
			MAT_AT(a, b, j) = s;
			MAT_AT(h, b, j) = activation_value(act, act_param, s);
		}
}

void bptt_step_backward(Mat *dx /* (B, I) */, Mat *dh_prev /* (B, H) */,
			Mat *dW_ih /* (H, I) */, Mat *dW_hh /* (H, H) */, Mat *db_ih /* (1, H) */,
			Mat *db_hh /* (1, H) */, Mat *delta /* (B, H) */,
			const Mat *dh /* (B, H) */, const Mat *x /* (B, I) */,
			const Mat *h_prev /* (B, H) */, const Mat *a /* (B, H) */,
			const Mat *W_ih /* (H, I) */, const Mat *W_hh /* (H, H) */, Activation act,
			double act_param)
{
	int B = dh->rows, H = dh->cols, I = x->cols;
	/* forward: h = f(a); so delta = da = dh * f'(a) */
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++)
			MAT_AT(delta, b, j) =
				MAT_AT(dh, b, j) * activation_derivative(act, act_param, MAT_AT(a, b, j));
	/* forward: a[b,j] = sum_k x[b,k] W_ih[j,k] + sum_k h_prev[b,k] W_hh[j,k] + b_ih[j] + b_hh[j];
	 * so dW_ih[j,k] += sum_b delta[b,j] x[b,k], dW_hh[j,k] += sum_b delta[b,j] h_prev[b,k],
	 * db_ih[j] += sum_b delta[b,j], db_hh[j] += the same */
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double d = MAT_AT(delta, b, j);
			for (int k = 0; k < I; k++)
				MAT_AT(dW_ih, j, k) += d * MAT_AT(x, b, k);
			for (int k = 0; k < H; k++)
				MAT_AT(dW_hh, j, k) += d * MAT_AT(h_prev, b, k);
			db_ih->data[j] += d;
			db_hh->data[j] += d;
		}
	/* and dx[b,k] += sum_j delta[b,j] W_ih[j,k], dh_prev[b,k] += sum_j delta[b,j] W_hh[j,k]:
	 * the path back to the previous step, the W_hh^T delta_t of the column form */
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double d = MAT_AT(delta, b, j);
			for (int k = 0; k < I; k++)
				MAT_AT(dx, b, k) += d * MAT_AT(W_ih, j, k);
			for (int k = 0; k < H; k++)
				MAT_AT(dh_prev, b, k) += d * MAT_AT(W_hh, j, k);
		}
}

/* }==== */

/* {==== Over the whole sequence ==== */

static Status check_layer(const Recurrent *rnn)
{
	Status st = recurrent_check(rnn);
	if (st != ST_OK)
		return st;
	if (rnn->kind != REC_RNN)
		return status_fail(ST_EINVAL, "bptt: the hand-derived BPTT is for the Elman rnn, got a %s",
				   recurrent_kind_name(rnn->kind));
	return ST_OK;
}

Bptt *bptt_new(const Recurrent *rnn, int steps, int batch, int keep_terms)
{
	if (check_layer(rnn) != ST_OK)
		return NULL;
	if (steps < 1 || batch < 1) {
		status_fail(ST_EINVAL, "bptt: steps and batch must be at least 1, got %d and %d", steps,
			    batch);
		return NULL;
	}
	Bptt *b = mem_calloc(1, sizeof *b);
	if (!b)
		goto fail;
	int T = steps, B = batch, I = rnn->input, H = rnn->hidden;
	b->steps = T;
	b->batch = B;
	b->input = I;
	b->hidden = H;
	b->x = mat_new(T * B, I);
	b->a = mat_new(T * B, H);
	b->h = mat_new((T + 1) * B, H);
	b->dh = mat_new(T * B, H);
	b->delta = mat_new(T * B, H);
	b->dx = mat_new(T * B, I);
	b->dh0 = mat_new(B, H);
	b->step_dW_hh = mat_new(H, H);
	b->step_dW_ih = mat_new(H, I);
	b->step_db_ih = mat_new(1, H);
	b->step_db_hh = mat_new(1, H);
	double **norms[] = { &b->norm_dh, &b->norm_delta, &b->norm_dW_hh, &b->norm_dW_ih,
			     &b->norm_db };
	for (size_t k = 0; k < sizeof norms / sizeof norms[0]; k++)
		if (!(*norms[k] = mem_calloc((size_t)T, sizeof(double))))
			goto fail;
	if (!b->x || !b->a || !b->h || !b->dh || !b->delta || !b->dx || !b->dh0 ||
	    !b->step_dW_hh || !b->step_dW_ih || !b->step_db_ih || !b->step_db_hh)
		goto fail;
	if (keep_terms) {
		b->term_dW_hh = mat_new(T * H, H);
		b->term_dW_ih = mat_new(T * H, I);
		b->term_db = mat_new(T, H);
		if (!b->term_dW_hh || !b->term_dW_ih || !b->term_db)
			goto fail;
	}
	return b;
fail:
	bptt_free(b);
	status_fail(ST_ENOMEM, "bptt: out of memory for %d steps of %dx%d", steps, batch,
		    rnn->hidden);
	return NULL;
}

void bptt_free(Bptt *b)
{
	if (!b)
		return;
	Mat *m[] = { b->x, b->a, b->h, b->dh, b->delta, b->dx, b->dh0, b->term_dW_hh,
		     b->term_dW_ih, b->term_db, b->step_dW_hh, b->step_dW_ih, b->step_db_ih,
		     b->step_db_hh };
	for (size_t k = 0; k < sizeof m / sizeof m[0]; k++)
		mat_free(m[k]);
	mem_free(b->norm_dh);
	mem_free(b->norm_delta);
	mem_free(b->norm_dW_hh);
	mem_free(b->norm_dW_ih);
	mem_free(b->norm_db);
	mem_free(b);
}

static Status check_sizes(const Bptt *b, const Recurrent *rnn)
{
	Status st = check_layer(rnn);
	if (st != ST_OK)
		return st;
	if (rnn->input != b->input || rnn->hidden != b->hidden)
		return status_fail(ST_ESHAPE, "bptt: made for input %d and hidden %d, given a layer with %d and %d",
				   b->input, b->hidden, rnn->input, rnn->hidden);
	return ST_OK;
}

static Status check_shape(const char *name, const Mat *m, int rows, int cols, const char *rule)
{
	if (!m || !m->data)
		return status_fail(ST_EINVAL, "bptt: %s is missing", name);
	if (m->rows != rows || m->cols != cols)
		return status_fail(ST_ESHAPE, "bptt: %s must be %dx%d (%s), got %dx%d", name, rows,
				   cols, rule, m->rows, m->cols);
	return ST_OK;
}

Status bptt_forward(Bptt *b, const Recurrent *rnn, const Mat *x, const Mat *h0)
{
	if (!b)
		return status_fail(ST_EINVAL, "bptt: no state given");
	Status st = check_sizes(b, rnn);
	int T = b->steps, B = b->batch, I = b->input, H = b->hidden;
	if (st != ST_OK || (st = check_shape("x", x, T * B, I, "T*B x I")) != ST_OK ||
	    (h0 && (st = check_shape("h0", h0, B, H, "B x H")) != ST_OK))
		return st;
	b->have_forward = 0;
	mat_copy(b->x, x);
	Mat h_0 = bptt_block(b->h, 0, B);
	if (h0)
		mat_copy(&h_0, h0);
	else
		mat_zero(&h_0);
	for (int t = 0; t < T; t++) {
		Mat x_t = bptt_block(b->x, t, B), a_t = bptt_block(b->a, t, B);
		Mat h_prev = bptt_block(b->h, t, B), h_t = bptt_block(b->h, t + 1, B);
		bptt_step_forward(&h_t, &a_t, &x_t, &h_prev, rnn->weight_ih, rnn->weight_hh,
				  rnn->bias_ih, rnn->bias_hh, rnn->act, rnn->act_param);
	}
	b->have_forward = 1;
	return ST_OK;
}

static void add_into(Mat *total, const Mat *term)
{
	for (size_t i = 0; i < mat_size(term); i++)
		total->data[i] += term->data[i];
}

Status bptt_backward(Bptt *b, Recurrent *rnn, const Mat *dL_dh)
{
	if (!b)
		return status_fail(ST_EINVAL, "bptt: no state given");
	Status st = check_sizes(b, rnn);
	int T = b->steps, B = b->batch, H = b->hidden;
	if (st != ST_OK || (st = check_shape("dL_dh", dL_dh, T * B, H, "T*B x H")) != ST_OK)
		return st;
	if (!b->have_forward)
		return status_fail(ST_EINVAL, "bptt: run bptt_forward before bptt_backward");
	/* dh_t starts as the loss's own dL_t/dh_t; step t+1 adds delta_{t+1} W_hh before step
	 * t reads it, so each dh_t is complete when its step comes. */
	mat_copy(b->dh, dL_dh);
	mat_zero(b->dx);
	mat_zero(b->dh0);
	for (int t = T - 1; t >= 0; t--) {
		Mat x_t = bptt_block(b->x, t, B), a_t = bptt_block(b->a, t, B);
		Mat h_prev = bptt_block(b->h, t, B);
		Mat dh_t = bptt_block(b->dh, t, B), delta_t = bptt_block(b->delta, t, B);
		Mat dx_t = bptt_block(b->dx, t, B);
		Mat dh_prev = t > 0 ? bptt_block(b->dh, t - 1, B) : *b->dh0;
		mat_zero(b->step_dW_hh);
		mat_zero(b->step_dW_ih);
		mat_zero(b->step_db_ih);
		mat_zero(b->step_db_hh);
		bptt_step_backward(&dx_t, &dh_prev, b->step_dW_ih, b->step_dW_hh, b->step_db_ih,
				   b->step_db_hh, &delta_t, &dh_t, &x_t, &h_prev, &a_t,
				   rnn->weight_ih, rnn->weight_hh, rnn->act, rnn->act_param);
		/* Every parameter gradient is the sum of these per-step terms. */
		add_into(rnn->dweight_hh, b->step_dW_hh);
		add_into(rnn->dweight_ih, b->step_dW_ih);
		add_into(rnn->dbias_ih, b->step_db_ih);
		add_into(rnn->dbias_hh, b->step_db_hh);
		b->norm_dh[t] = mat_norm(&dh_t);
		b->norm_delta[t] = mat_norm(&delta_t);
		b->norm_dW_hh[t] = mat_norm(b->step_dW_hh);
		b->norm_dW_ih[t] = mat_norm(b->step_dW_ih);
		b->norm_db[t] = mat_norm(b->step_db_ih);
		if (b->term_dW_hh) {
			Mat term_hh = bptt_block(b->term_dW_hh, t, H);
			Mat term_ih = bptt_block(b->term_dW_ih, t, H);
			Mat term_b = bptt_block(b->term_db, t, 1);
			mat_copy(&term_hh, b->step_dW_hh);
			mat_copy(&term_ih, b->step_dW_ih);
			mat_copy(&term_b, b->step_db_ih);
		}
	}
	return ST_OK;
}

/* }==== */
