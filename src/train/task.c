/* task: the data generators of the training tasks; see task.h. */
#include "train/task.h"

#include "train/charlm.h"

#include "core/invariant.h"
#include "core/mem.h"
#include "train/seq2seq.h"

#include <math.h>
#include <string.h>

static const char *const names[TASK_KIND_COUNT] = { "adding", "copy", "spirals", "deep",
							 "charlm", "reverse" };

const char *task_kind_name(TaskKind k)
{
	return k >= 0 && k < TASK_KIND_COUNT ? names[k] : "?";
}

Status task_kind_parse(const char *name, TaskKind *out)
{
	for (int k = 0; k < TASK_KIND_COUNT; k++)
		if (name && strcmp(name, names[k]) == 0) {
			*out = (TaskKind)k;
			return ST_OK;
		}
	return status_fail(ST_EINVAL, "unknown task '%s' (adding, copy, spirals, deep, charlm, reverse)",
			   name ? name : "");
}

TaskConfig task_defaults(TaskKind kind)
{
	TaskConfig c = { .kind = kind, .copy_length = 5, .symbols = 8, .train_size = 512,
			 .test_size = 512, .noise = 0.05, .seed = 1 };
	c.steps = kind == TASK_ADDING ? 50 : kind == TASK_COPY ? 10 : kind == TASK_CHARLM ? 64 : 1;
	if (kind == TASK_REVERSE) {
		c.steps = 8;
		c.min_steps = 3;
	}
	return c;
}

/* {==== Examples ==== */
static int seq_kind(TaskKind k)
{
	return k == TASK_ADDING || k == TASK_COPY || k == TASK_REVERSE;
}

/* Steps per example and features per step. */
static void shape(const TaskConfig *c, int *steps, int *input)
{
	switch (c->kind) {
	case TASK_ADDING:
		*steps = c->steps;
		*input = 2;
		break;
	case TASK_COPY:
		*steps = 2 * c->copy_length + c->steps;
		*input = c->symbols + 2; /* blank, K symbols, delimiter */
		break;
	case TASK_REVERSE:
		*steps = c->steps;
		*input = SEQ2SEQ_DIGITS;
		break;
	default:
		*steps = 1;
		*input = 2;
	}
}

/* FNV-1a over the bit patterns of example i's inputs at every step. */
static uint64_t example_hash(const Batch *b, int i)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int t = 0; t < b->steps; t++) {
		const double *row = &b->x->data[((size_t)t * b->n + i) * b->input];
		for (int j = 0; j < b->input; j++) {
			uint64_t u;
			memcpy(&u, &row[j], sizeof u);
			for (int k = 0; k < 8; k++) {
				h ^= (u >> (8 * k)) & 0xff;
				h *= 0x100000001b3ULL;
			}
		}
	}
	return h;
}

int task_held_out(const Task *t, const Batch *b, int i)
{
	(void)t;
	/* The high bits: FNV's low bits mix least. */
	return (example_hash(b, i) >> 40) % TASK_HOLD_OUT == 0;
}

static double *at(Batch *b, int t, int i)
{
	return &b->x->data[((size_t)t * b->n + i) * b->input];
}

/* One spiral point: class c, position u in [0, 1) along the arm. */
static void spiral_point(const TaskConfig *c, Rng *r, double *xy, int *label)
{
	int cls = rng_below(r, 2);
	double u = rng_uniform(r);
	double radius = 0.1 + 0.9 * u, angle = 3.0 * M_PI * u + cls * M_PI;
	double nx = rng_normal(r), ny = rng_normal(r);
	xy[0] = radius * cos(angle) + c->noise * nx;
	xy[1] = radius * sin(angle) + c->noise * ny;
	*label = cls;
}

/* Draw example i of b from r, whatever its bucket. */
static void draw(const Task *t, Rng *r, Batch *b, int i)
{
	const TaskConfig *c = &t->c;
	switch (c->kind) {
	case TASK_ADDING: {
		int T = c->steps, half = T / 2;
		int m1 = rng_below(r, half), m2 = half + rng_below(r, T - half);
		double sum = 0;
		for (int s = 0; s < T; s++) {
			double *row = at(b, s, i);
			row[0] = rng_uniform(r);
			row[1] = s == m1 || s == m2;
			if (row[1])
				sum += row[0];
		}
		b->y->data[i] = sum;
		break;
	}
	case TASK_COPY: {
		int S = c->copy_length, K = c->symbols;
		for (int s = 0; s < b->steps; s++) {
			double *row = at(b, s, i);
			memset(row, 0, (size_t)b->input * sizeof *row);
			if (s < S) {
				int sym = rng_below(r, K);
				row[1 + sym] = 1;
				b->label[(size_t)s * b->n + i] = sym;
			} else if (s == S + c->steps - 1) {
				row[K + 1] = 1; /* the delimiter: recall now */
			} else {
				row[0] = 1;
			}
		}
		break;
	}
	case TASK_REVERSE:
		seq2seq_draw(c, r, b, i);
		break;
	default:
		spiral_point(c, r, at(b, 0, i), &b->label[i]);
	}
}

/* Example i from r, drawn again until its bucket is the one wanted: 0, or -1 when a
 * task with very few distinct examples (copy with a tiny alphabet) has none there. */
#define MAX_TRIES 100000
static int draw_in(const Task *t, Rng *r, Batch *b, int i, int held_out)
{
	for (int k = 0; k < MAX_TRIES; k++) {
		draw(t, r, b, i);
		if (task_held_out(t, b, i) == held_out)
			return 0;
	}
	return -1;
}

static void copy_example(Batch *dst, int i, const Batch *src, int k)
{
	for (int s = 0; s < dst->steps; s++)
		memcpy(at(dst, s, i), &src->x->data[((size_t)s * src->n + k) * src->input],
		       (size_t)dst->input * sizeof(double));
	if (dst->y)
		dst->y->data[i] = src->y->data[k];
	for (int s = 0; dst->label && s < dst->n_label / dst->n; s++)
		dst->label[(size_t)s * dst->n + i] = src->label[(size_t)s * src->n + k];
}
/* }==== */

Batch *batch_new(const Task *t, int n)
{
	if (t->c.kind == TASK_CHARLM)
		return charlm_batch_new(t, n);
	Batch *b = mem_calloc(1, sizeof *b);
	if (!b)
		goto fail;
	b->n = n;
	shape(&t->c, &b->steps, &b->input);
	b->x = mat_new(b->steps * n, b->input);
	if (!b->x)
		goto fail;
	if (t->c.kind == TASK_ADDING) {
		if (!(b->y = mat_new(n, 1)))
			goto fail;
	} else {
		b->n_label = t->outputs * n;
		if (!(b->label = mem_calloc((size_t)b->n_label, sizeof *b->label)))
			goto fail;
	}
	return b;
fail:
	batch_free(b);
	status_fail(ST_ENOMEM, "out of memory for a batch of %d", n);
	return NULL;
}

void batch_free(Batch *b)
{
	if (!b)
		return;
	mat_free(b->x);
	mat_free(b->y);
	mem_free(b->label);
	mem_free(b->index);
	mem_free(b);
}

Task *task_new(const TaskConfig *c)
{
	if (c->kind < 0 || c->kind >= TASK_KIND_COUNT)
		return status_fail(ST_EINVAL, "unknown task"), NULL;
	if (c->kind == TASK_CHARLM)
		return charlm_task_new(c);
	if (c->kind == TASK_ADDING && (c->steps < 2 || c->steps > TASK_MAX_STEPS))
		return status_fail(ST_ERANGE, "adding needs 2 to %d steps, got %d", TASK_MAX_STEPS,
				   c->steps), NULL;
	if (c->kind == TASK_COPY && (c->steps < 1 || c->steps > TASK_MAX_STEPS ||
				     c->copy_length < 1 || c->copy_length > 100 ||
				     c->symbols < 2 || c->symbols > 100))
		return status_fail(ST_ERANGE, "copy needs a delay of 1 to %d steps, 1 to 100 "
				   "symbols to copy and an alphabet of 2 to 100", TASK_MAX_STEPS), NULL;
	if (c->kind == TASK_REVERSE && (c->min_steps < 1 || c->steps > SEQ2SEQ_MAX_STEPS ||
					c->min_steps > c->steps))
		return status_fail(ST_ERANGE, "reverse needs strings of 1 to %d digits, the shortest "
				   "(%d) no longer than the longest (%d)", SEQ2SEQ_MAX_STEPS,
				   c->min_steps, c->steps), NULL;
	if (c->test_size < 1 || c->test_size > TASK_MAX_EXAMPLES ||
	    (!seq_kind(c->kind) && (c->train_size < 1 || c->train_size > TASK_MAX_EXAMPLES)))
		return status_fail(ST_ERANGE, "the training and held-out sets need 1 to %d examples",
				   TASK_MAX_EXAMPLES), NULL;
	if (!isfinite(c->noise) || c->noise < 0)
		return status_fail(ST_ERANGE, "the noise must be a finite number >= 0"), NULL;
	Task *t = mem_calloc(1, sizeof *t);
	if (!t)
		goto nomem;
	t->c = *c;
	int steps;
	shape(c, &steps, &t->input);
	t->classes = c->kind == TASK_ADDING ? 0 : c->kind == TASK_COPY ? c->symbols : 2;
	t->outputs = c->kind == TASK_COPY ? c->copy_length : 1;
	if (c->kind == TASK_REVERSE) {
		t->classes = SEQ2SEQ_OUT;
		t->outputs = c->steps + 1; /* the reversed string, the end token, padding */
	}
	/* One stream per purpose: the training data and the held-out set each from their own
	 * seed, derived from the run's seed, so neither moves the other. */
	Rng train, test;
	rng_seed(&train, c->seed ^ 0x747261696e646174ULL);
	rng_seed(&test, c->seed ^ 0x74657374736574ULL);
	if (!(t->test = batch_new(t, c->test_size)))
		goto fail;
	for (int i = 0; i < c->test_size; i++)
		if (draw_in(t, &test, t->test, i, 1))
			goto few;
	if (!seq_kind(c->kind)) {
		if (!(t->train = batch_new(t, c->train_size)))
			goto fail;
		for (int i = 0; i < c->train_size; i++)
			if (draw_in(t, &train, t->train, i, 0))
				goto few;
	}
	/* The stream must be able to make training examples too. */
	if (seq_kind(c->kind)) {
		Rng probe = train;
		Batch *one = batch_new(t, 1);
		if (!one)
			goto fail;
		int bad = draw_in(t, &probe, one, 0, 0);
		batch_free(one);
		if (bad)
			goto few;
	}
	memcpy(t->data, train.s, sizeof t->data);
	return t;
few:
	status_fail(ST_ERANGE, "%s has too few distinct examples to hold some out",
		    task_kind_name(c->kind));
	goto fail;
nomem:
	status_fail(ST_ENOMEM, "out of memory for the task's data");
fail:
	task_free(t);
	return NULL;
}

void task_free(Task *t)
{
	if (!t)
		return;
	batch_free(t->train);
	batch_free(t->test);
	charlm_streams_free(t->lm);
	mem_free(t);
}

void task_next_batch(Task *t, Batch *b)
{
	if (t->c.kind == TASK_CHARLM) {
		charlm_next_batch(t, b);
		return;
	}
	Rng r;
	memcpy(r.s, t->data, sizeof r.s);
	for (int i = 0; i < b->n; i++) {
		if (t->train)
			copy_example(b, i, t->train, rng_below(&r, t->train->n));
		else if (draw_in(t, &r, b, i, 0))
			GL_ASSERT(0, "task_new found training examples");
	}
	memcpy(t->data, r.s, sizeof t->data);
}

double task_baseline(const Task *t, int mse)
{
	switch (t->c.kind) {
	case TASK_ADDING:
		return 1.0 / 6.0;
	case TASK_COPY:
		return log((double)t->c.symbols);
	case TASK_CHARLM:
		return charlm_baseline(t); /* bits: the unigram entropy */
	case TASK_REVERSE:
		return log((double)SEQ2SEQ_OUT);
	default:
		return mse ? 0.25 : log(2.0);
	}
}
