/* init: orthogonal and Gaussian initialisation; spectral norm by power iteration. */
#include "nn/init.h"

#include "core/invariant.h"
#include "core/mem.h"

#include <math.h>

Status init_orthogonal(Mat *m, int row0, int n, Rng *rng)
{
	if (n <= 0 || row0 < 0 || row0 + n > m->rows || m->cols != n)
		return status_fail(ST_ESHAPE, "orthogonal init needs an n x n block, got rows %d..%d of %dx%d",
				   row0, row0 + n, m->rows, m->cols);
	/* Modified Gram-Schmidt on the rows of a Gaussian matrix, twice for orthogonality to
	 * rounding; rows of Q are then orthonormal, so Q is orthogonal. */
	double *q = &MAT_AT(m, row0, 0);
	for (int i = 0; i < n * n; i++)
		q[i] = rng_normal(rng);
	for (int i = 0; i < n; i++) {
		double *qi = q + (size_t)i * n;
		for (int pass = 0; pass < 2; pass++)
			for (int j = 0; j < i; j++) {
				const double *qj = q + (size_t)j * n;
				double d = 0;
				for (int k = 0; k < n; k++)
					d += qi[k] * qj[k];
				for (int k = 0; k < n; k++)
					qi[k] -= d * qj[k];
			}
		double norm = 0;
		for (int k = 0; k < n; k++)
			norm += qi[k] * qi[k];
		norm = sqrt(norm);
		if (norm < 1e-12)
			return status_fail(ST_ERANGE, "orthogonal init: a degenerate draw (try another seed)");
		for (int k = 0; k < n; k++)
			qi[k] /= norm;
	}
	return ST_OK;
}

void init_gaussian(Mat *m, Rng *rng)
{
	mat_fill_normal(m, rng, 1.0 / sqrt((double)m->cols));
}

double init_spectral_norm(const Mat *m, int row0, int n)
{
	GL_ASSERT(row0 >= 0 && n > 0 && row0 + n <= m->rows, "the block's rows lie inside m");
	int c = m->cols;
	double *v = mem_alloc((size_t)c * sizeof *v), *w = mem_alloc((size_t)n * sizeof *w);
	double sigma = NAN;
	if (!v || !w)
		goto done;
	/* A fixed, generic start vector: deterministic and almost surely not orthogonal to the
	 * top singular vector. */
	for (int k = 0; k < c; k++)
		v[k] = 1.0 + 0.1 * sin(1.0 + k);
	double prev = 0;
	for (int it = 0; it < 10000; it++) {
		double vn = 0;
		for (int k = 0; k < c; k++)
			vn += v[k] * v[k];
		vn = sqrt(vn);
		if (vn == 0) {
			sigma = 0;
			goto done;
		}
		for (int k = 0; k < c; k++)
			v[k] /= vn;
		for (int i = 0; i < n; i++) { /* w = B v */
			double s = 0;
			for (int k = 0; k < c; k++)
				s += MAT_AT(m, row0 + i, k) * v[k];
			w[i] = s;
		}
		double wn = 0;
		for (int i = 0; i < n; i++)
			wn += w[i] * w[i];
		sigma = sqrt(wn); /* ||B v|| with ||v|| = 1 */
		for (int k = 0; k < c; k++) { /* v = B^T w */
			double s = 0;
			for (int i = 0; i < n; i++)
				s += MAT_AT(m, row0 + i, k) * w[i];
			v[k] = s;
		}
		if (it > 10 && fabs(sigma - prev) <= 1e-14 * sigma)
			break;
		prev = sigma;
	}
done:
	mem_free(v);
	mem_free(w);
	return sigma;
}

Status init_set_spectral_norm(Mat *m, int row0, int n, double radius)
{
	double s = init_spectral_norm(m, row0, n);
	if (!isfinite(s))
		return status_fail(ST_ENOMEM, "out of memory for the spectral norm");
	if (s == 0)
		return status_fail(ST_ERANGE, "cannot rescale a zero matrix to spectral norm %g", radius);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < m->cols; k++)
			MAT_AT(m, row0 + i, k) *= radius / s;
	return ST_OK;
}

Status init_gate_blocks(Mat *w, int gates, int n, int orthogonal, double radius, Rng *rng)
{
	for (int g = 0; g < gates; g++) {
		Status st;
		if (orthogonal) {
			if ((st = init_orthogonal(w, g * n, n, rng)) != ST_OK)
				return st;
			for (int i = 0; i < n * n; i++) /* every singular value 1, so R after this */
				w->data[(size_t)g * n * n + i] *= radius;
		} else {
			Mat block = { n, n, w->data + (size_t)g * n * n };
			mat_fill_normal(&block, rng, 1.0 / sqrt((double)n));
			if ((st = init_set_spectral_norm(w, g * n, n, radius)) != ST_OK)
				return st;
		}
	}
	return ST_OK;
}
