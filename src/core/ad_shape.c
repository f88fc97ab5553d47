/* ad_shape: the ops that move values without arithmetic on them, or with no more than a
 * sum: concat, slice and reshape; every pair of rows added (additive attention); columns
 * masked before a softmax. Part of core/ad. */
#include "core/ad.h"

#include "core/ad_internal.h"

#include <string.h>

/* {==== Concat, slice and reshape ==== */

/* Copy between a part and its block of the whole; dir 0: part -> whole, 1: whole -> part
 * (added). Axis 0 blocks are row ranges, axis 1 blocks are column ranges. */
static void block_copy(Mat *whole, const Mat *part, int axis, int offset, int add_back,
		       double *part_grad)
{
	for (int i = 0; i < part->rows; i++)
		for (int j = 0; j < part->cols; j++) {
			int wi = axis == 0 ? i + offset : i, wj = axis == 0 ? j : j + offset;
			double *w = &MAT_AT(whole, wi, wj);
			if (add_back)
				part_grad[(size_t)i * part->cols + j] += *w;
			else
				*w = MAT_AT(part, i, j);
		}
}

static void concat_forward(AdNode *n)
{
	int off = 0;
	for (int k = 0; k < n->n_in; k++) {
		const Mat *p = &n->in[k]->value;
		block_copy(&n->value, p, n->arg[0], off, 0, NULL);
		off += n->arg[0] == 0 ? p->rows : p->cols;
	}
}
/* forward: y = [a_1; a_2; ...] (or side by side); so each da_k += its block of dy */
static void concat_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	int off = 0;
	for (int k = 0; k < n->n_in; k++) {
		AdNode *p = n->in[k];
		if (G(p))
			block_copy(&n->grad, &p->value, n->arg[0], off, 1, G(p));
		off += n->arg[0] == 0 ? p->value.rows : p->value.cols;
	}
	GL_ASSERT(off == (n->arg[0] == 0 ? n->value.rows : n->value.cols),
		  "the parts of a concat fill the whole along its axis");
}

static const AdOp OP_CONCAT = { "concat", concat_forward, concat_backward };

AdNode *ad_concat(Tape *t, AdNode *const *parts, int n, int axis)
{
	if (t->status != ST_OK)
		return NULL;
	if (n <= 0 || (axis != 0 && axis != 1))
		return ad_fail(t, ST_EINVAL, "concat: need at least one part and axis 0 or 1");
	int rows = 0, cols = 0;
	for (int k = 0; k < n; k++) {
		if (!parts[k])
			return ad_fail(t, ST_EINVAL, "concat: part %d is missing", k);
		const Mat *p = &parts[k]->value;
		int along = axis == 0 ? p->rows : p->cols, across = axis == 0 ? p->cols : p->rows;
		int first_across = axis == 0 ? parts[0]->value.cols : parts[0]->value.rows;
		if (across != first_across)
			return ad_fail(t, ST_ESHAPE, "concat: part %d is %dx%d, does not fit part 0 (%dx%d) along axis %d",
				       k, p->rows, p->cols, parts[0]->value.rows, parts[0]->value.cols, axis);
		if (axis == 0) {
			rows += along;
			cols = across;
		} else {
			cols += along;
			rows = across;
		}
	}
	AdNode *node = ad_node_new(t, &OP_CONCAT, parts, n, rows, cols);
	if (!node)
		return NULL;
	node->arg[0] = axis;
	concat_forward(node);
	return node;
}

static void slice_forward(AdNode *n)
{
	const Mat *a = &n->in[0]->value;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			MAT_AT(&n->value, i, j) = n->arg[0] == 0 ? MAT_AT(a, i + n->arg[1], j)
								 : MAT_AT(a, i, j + n->arg[1]);
}
/* forward: y = a[start:start+len] along the axis; so that block of da += dy */
static void slice_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	AdNode *a = n->in[0];
	GL_ASSERT(n->arg[1] >= 0 &&
			  n->arg[1] + n->arg[2] <= (n->arg[0] == 0 ? a->value.rows : a->value.cols),
		  "a slice lies inside its input");
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++) {
			double g = MAT_AT(&n->grad, i, j);
			if (n->arg[0] == 0)
				MAT_AT(&a->grad, i + n->arg[1], j) += g;
			else
				MAT_AT(&a->grad, i, j + n->arg[1]) += g;
		}
}

static const AdOp OP_SLICE = { "slice", slice_forward, slice_backward };

AdNode *ad_slice(Tape *t, AdNode *a, int axis, int start, int len)
{
	if (!a)
		return ad_node_new(t, &OP_SLICE, &a, 1, 1, 1);
	int size = axis == 0 ? a->value.rows : a->value.cols;
	if ((axis != 0 && axis != 1) || start < 0 || len <= 0 || start > size - len)
		return ad_fail(t, ST_ERANGE, "slice: [%d, %d) along axis %d is outside a %dx%d input",
			       start, start + len, axis, a->value.rows, a->value.cols);
	AdNode *n = ad_node_new(t, &OP_SLICE, &a, 1, axis == 0 ? len : a->value.rows,
			     axis == 0 ? a->value.cols : len);
	if (!n)
		return NULL;
	n->arg[0] = axis;
	n->arg[1] = start;
	n->arg[2] = len;
	slice_forward(n);
	return n;
}

static void reshape_forward(AdNode *n)
{
	memcpy(V(n), V(n->in[0]), mat_size(&n->value) * sizeof(double));
}
/* forward: y = a read in another shape; so da += dy, element for element */
static void reshape_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	GL_ASSERT(mat_size(&n->value) == mat_size(&n->in[0]->value),
		  "a reshape keeps the number of values");
	FOR_EACH(n, i) G(n->in[0])[i] += G(n)[i];
}

static const AdOp OP_RESHAPE = { "reshape", reshape_forward, reshape_backward };

AdNode *ad_reshape(Tape *t, AdNode *a, int rows, int cols)
{
	if (a && (rows <= 0 || cols <= 0 || (size_t)rows * (size_t)cols != mat_size(&a->value)))
		return ad_fail(t, ST_ESHAPE, "reshape: cannot read %dx%d as %dx%d", a->value.rows,
			       a->value.cols, rows, cols);
	AdNode *n = ad_node_new(t, &OP_RESHAPE, &a, 1, rows, cols);
	if (n)
		reshape_forward(n);
	return n;
}

/* }==== */

/* {==== Pairs of rows and masked columns ==== */

static void pair_add_forward(AdNode *n)
{
	const Mat *a = &n->in[0]->value, *b = &n->in[1]->value;
	for (int i = 0; i < a->rows; i++)
		for (int j = 0; j < b->rows; j++)
			for (int d = 0; d < a->cols; d++)
				MAT_AT(&n->value, i * b->rows + j, d) = MAT_AT(a, i, d) + MAT_AT(b, j, d);
}
/* forward: y[i*N+j] = a_i + b_j; so da_i += sum_j dy[i*N+j], db_j += sum_i dy[i*N+j] */
static void pair_add_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *a = n->in[0], *b = n->in[1];
	int M = a->value.rows, N = b->value.rows, D = a->value.cols;
	GL_ASSERT(n->value.rows == M * N && n->value.cols == D && b->value.cols == D,
		  "pair_add has a row for every pair");
	for (int i = 0; i < M; i++)
		for (int j = 0; j < N; j++)
			for (int d = 0; d < D; d++) {
				double g = MAT_AT(&n->grad, i * N + j, d);
				if (G(a))
					MAT_AT(&a->grad, i, d) += g;
				if (G(b))
					MAT_AT(&b->grad, j, d) += g;
			}
}

static const AdOp OP_PAIR_ADD = { "pair_add", pair_add_forward, pair_add_backward };

AdNode *ad_pair_add(Tape *t, AdNode *a, AdNode *b)
{
	if (a && b && a->value.cols != b->value.cols)
		return ad_fail(t, ST_ESHAPE, "pair_add: rows of %d and %d values cannot be added",
			       a->value.cols, b->value.cols);
	AdNode *n = ad_node_new(t, &OP_PAIR_ADD, (AdNode *[]){ a, b }, 2,
			     a && b ? a->value.rows * b->value.rows : 1, a ? a->value.cols : 1);
	if (n)
		pair_add_forward(n);
	return n;
}

static void mask_columns_forward(AdNode *n)
{
	const int *keep = n->ctx;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			MAT_AT(&n->value, i, j) = keep[j] ? MAT_AT(&n->in[0]->value, i, j) : n->scalar;
}
/* forward: y[:,j] = keep[j] ? a[:,j] : fill; so da[:,j] += keep[j] ? dy[:,j] : 0 */
static void mask_columns_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	const int *keep = n->ctx;
	GL_ASSERT(keep, "a column mask keeps its mask");
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < n->value.cols; j++)
			if (keep[j])
				MAT_AT(&n->in[0]->grad, i, j) += MAT_AT(&n->grad, i, j);
}

static const AdOp OP_MASK_COLUMNS = { "mask_columns", mask_columns_forward,
				      mask_columns_backward };

AdNode *ad_mask_columns(Tape *t, AdNode *a, const int *keep, double fill)
{
	if (a && !keep)
		return ad_fail(t, ST_EINVAL, "mask_columns: no mask given");
	AdNode *n = ad_node_new(t, &OP_MASK_COLUMNS, &a, 1, a ? a->value.rows : 1,
			     a ? a->value.cols : 1);
	if (!n)
		return NULL;
	n->ctx = (void *)keep;
	n->scalar = fill;
	mask_columns_forward(n);
	return n;
}

/* }==== */
