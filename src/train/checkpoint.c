/* checkpoint: save and resume a training run; see checkpoint.h. */
#include "train/checkpoint.h"

#include "core/file.h"
#include "core/mem.h"
#include "train/charlm.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "gradlab-train-checkpoint"

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* {==== The configuration, as key value lines ==== */
/* Every option that changes the numbers, in a fixed order; --iters is not one of them. */
static void config_write(FILE *f, const Trainer *tr)
{
	const TrainConfig *c = &tr->c;
	const TaskConfig *t = &c->task;
	const ModelConfig *m = &c->model;
	const OptimOptions *o = &c->optim;
	const ScheduleOptions *s = &c->schedule;
#define I(k, v) fprintf(f, "config %s %lld\n", k, (long long)(v))
#define D(k, v) fprintf(f, "config %s %.17g\n", k, (double)(v))
#define S(k, v) fprintf(f, "config %s %s\n", k, v)
	S("task", task_kind_name(t->kind));
	I("seed", c->seed);
	I("steps", t->steps);
	I("copy-length", t->copy_length);
	I("symbols", t->symbols);
	I("train-size", t->train_size);
	I("test-size", t->test_size);
	D("noise", t->noise);
	if (t->kind == TASK_REVERSE)
		I("min-steps", t->min_steps);
	S("cell", recurrent_kind_name(m->cell));
	I("hidden", m->hidden);
	I("layers", m->layers);
	I("width", m->width);
	S("act", activation_name(m->act));
	I("residual", m->residual);
	S("init", model_init_name(m->init));
	D("radius", m->radius);
	D("forget-bias", m->forget_bias);
	S("loss", loss_kind_name(m->loss));
	D("dropout", m->dropout);
	I("batch-norm", m->batch_norm);
	S("optimizer", optim_kind_name(o->kind));
	D("lr", o->lr);
	D("weight-decay", o->weight_decay);
	D("momentum", o->momentum);
	D("dampening", o->dampening);
	I("nesterov", o->nesterov);
	D("beta1", o->beta1);
	D("beta2", o->beta2);
	D("eps", o->eps);
	I("amsgrad", o->amsgrad);
	D("alpha", o->alpha);
	I("centered", o->centered);
	D("lr-decay", o->lr_decay);
	D("initial-accumulator-value", o->initial_accumulator_value);
	S("schedule", schedule_kind_name(s->kind));
	I("step-size", s->step_size);
	D("gamma", s->gamma);
	I("T-max", s->T_max);
	D("eta-min", s->eta_min);
	D("start-factor", s->start_factor);
	D("end-factor", s->end_factor);
	I("total-iters", s->total_iters);
	I("warmup", s->warmup);
	D("warmup-start-factor", s->warmup_start_factor);
	I("batch", c->batch);
	D("clip", c->clip);
	D("clip-value", c->clip_value);
	I("eval-every", c->eval_every);
	I("early-stop", c->early_stop);
	if (t->kind == TASK_CHARLM) {
		/* The text by its contents: a resume on another text is refused. */
		fprintf(f, "config text fnv64:%016" PRIx64 "\n", tr->task->lm->text->hash);
		I("one-hot", m->one_hot);
		I("embed", m->one_hot ? 0 : m->embed);
	}
#undef I
#undef D
#undef S
}
/* }==== */

static void put_doubles(FILE *f, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, " %a", v[i]);
	fputc('\n', f);
}

/* {==== Batch normalisation's buffers and dropout's streams (MLPs) ==== */
/* Only for a model that has them, so the other runs' files keep their shape. */
static void mlp_state_write(FILE *f, const Trainer *tr)
{
	const Model *m = tr->model;
	for (int k = 0; k < m->n_buffers; k++) {
		fprintf(f, "buffer %s %zu", m->buffer_name[k], mat_size(m->buffer[k]));
		put_doubles(f, m->buffer[k]->data, mat_size(m->buffer[k]));
	}
	for (int k = 0; tr->best_buffers && k < m->n_buffers; k++) {
		fprintf(f, "best-buffer %s %zu", m->buffer_name[k], mat_size(tr->best_buffers[k]));
		put_doubles(f, tr->best_buffers[k]->data, mat_size(tr->best_buffers[k]));
	}
	for (int k = 0; m->bn && k < m->c.layers; k++)
		fprintf(f, "tracked bn%d %ld\n", k + 1, m->bn[k]->batches_tracked);
	int n = model_rng_words(m);
	if (n) {
		uint64_t w[4 * MODEL_MAX_LAYERS];
		model_rng_get(m, w);
		fprintf(f, "dropout-rng %d", n);
		for (int i = 0; i < n; i++)
			fprintf(f, " %016" PRIx64, w[i]);
		fputc('\n', f);
	}
}
/* }==== */

Status checkpoint_save(const Trainer *tr, double seconds, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return status_fail(ST_ENOMEM, "out of memory for the checkpoint");
	const Model *m = tr->model;
	fprintf(f, "%s %d\n", MAGIC, CHECKPOINT_VERSION);
	config_write(f, tr);
	fprintf(f, "end-config\n");
	fprintf(f, "iter %ld\nseconds %a\n", tr->iter, seconds);
	fprintf(f, "data %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n",
		tr->task->data[0], tr->task->data[1], tr->task->data[2], tr->task->data[3]);
	fprintf(f, "schedule %ld %a\n", tr->sched.last_epoch, tr->sched.lr);
	size_t n = optim_state_size(tr->opt);
	double *st = mem_alloc((n ? n : 1) * sizeof *st);
	if (!st) {
		fclose(f);
		free(text);
		return status_fail(ST_ENOMEM, "out of memory for the checkpoint");
	}
	optim_state_get(tr->opt, st);
	fprintf(f, "optim %zu", n);
	put_doubles(f, st, n);
	mem_free(st);
	fprintf(f, "params %d\n", m->n_params);
	for (int k = 0; k < m->n_params; k++) {
		fprintf(f, "param %s %zu", m->name[k], mat_size(m->param[k]));
		put_doubles(f, m->param[k]->data, mat_size(m->param[k]));
	}
	for (int k = 0; tr->best && k < m->n_params; k++) {
		fprintf(f, "best %s %zu", m->name[k], mat_size(tr->best[k]));
		put_doubles(f, tr->best[k]->data, mat_size(tr->best[k]));
	}
	fprintf(f, "early %a %ld %ld\n", tr->best_loss, tr->best_iter, tr->since_best);
	fprintf(f, "window %a %ld %a\n", tr->window_sum, tr->window_n, tr->last_train_loss);
	fprintf(f, "last %a %a %a %d\n", tr->last_loss, tr->last_norm, tr->last_finite_norm,
		tr->identical_at_init);
	fprintf(f, "eval %ld %a %a %a %d\n", tr->last_eval.iter, tr->last_eval.test_loss,
		tr->last_eval.test_accuracy, tr->last_eval.train_loss, tr->last_eval.improved);
	fprintf(f, "layers %d", tr->n_layer_norms);
	put_doubles(f, tr->layer_norm_init, (size_t)tr->n_layer_norms);
	fprintf(f, "layers-last %d", tr->n_layer_norms);
	put_doubles(f, tr->layer_norm_last, (size_t)tr->n_layer_norms);
	mlp_state_write(f, tr);
	if (tr->task->lm) {
		/* charlm: the streams' position and the state carried into the next window. */
		size_t cn = charlm_state_size(m);
		double *cs = mem_alloc(cn * sizeof *cs);
		if (!cs) {
			fclose(f);
			free(text);
			return status_fail(ST_ENOMEM, "out of memory for the checkpoint");
		}
		charlm_state_get(tr->task, m, cs);
		fprintf(f, "charlm %zu", cn);
		put_doubles(f, cs, cn);
		mem_free(cs);
	}
	if (fclose(f) != 0) {
		free(text);
		return status_fail(ST_ENOMEM, "out of memory for the checkpoint");
	}
	/* The checksum covers every byte before its line. */
	char tail[64];
	int tn = snprintf(tail, sizeof tail, "checksum %016" PRIx64 "\n", fnv1a(text, len));
	char *whole = realloc(text, len + (size_t)tn + 1);
	if (!whole) {
		free(text);
		return status_fail(ST_ENOMEM, "out of memory for the checkpoint");
	}
	memcpy(whole + len, tail, (size_t)tn + 1);
	Status s = file_write_atomic(path, whole, len + (size_t)tn, CHECKPOINT_MAX_BYTES);
	free(whole);
	return s;
}

/* {==== Reading ==== */
typedef struct Reader {
	char *p;          /* the next token */
	const char *path;
	int bad;          /* a token was missing or malformed */
} Reader;

static char *token(Reader *r)
{
	while (*r->p == ' ' || *r->p == '\n')
		r->p++;
	if (!*r->p) {
		r->bad = 1;
		return "";
	}
	char *t = r->p;
	while (*r->p && *r->p != ' ' && *r->p != '\n')
		r->p++;
	if (*r->p)
		*r->p++ = '\0';
	return t;
}

static int expect(Reader *r, const char *word)
{
	if (strcmp(token(r), word) != 0)
		r->bad = 1;
	return !r->bad;
}

static double number(Reader *r)
{
	char *t = token(r), *end;
	errno = 0;
	double v = strtod(t, &end);
	if (!*t || *end)
		r->bad = 1;
	return v;
}

static long integer(Reader *r)
{
	char *t = token(r), *end;
	errno = 0;
	long v = strtol(t, &end, 10);
	if (!*t || *end || errno)
		r->bad = 1;
	return v;
}

static uint64_t hex64(Reader *r)
{
	char *t = token(r), *end;
	errno = 0;
	unsigned long long v = strtoull(t, &end, 16);
	if (!*t || *end || errno)
		r->bad = 1;
	return (uint64_t)v;
}

/* count doubles into dst after a "NAME count" head whose count must be n. */
static void doubles(Reader *r, double *dst, size_t n)
{
	long count = integer(r);
	if (r->bad || count < 0 || (size_t)count != n) {
		r->bad = 1;
		return;
	}
	for (size_t i = 0; i < n && !r->bad; i++)
		dst[i] = number(r);
}

static void matrix(Reader *r, const char *head, const char *name, Mat *m)
{
	if (expect(r, head) && expect(r, name))
		doubles(r, m->data, mat_size(m));
}

/* mlp_state_write's lines back into tr's model. */
static void mlp_state_read(Reader *r, Trainer *tr)
{
	Model *m = tr->model;
	for (int k = 0; k < m->n_buffers && !r->bad; k++)
		matrix(r, "buffer", m->buffer_name[k], m->buffer[k]);
	for (int k = 0; tr->best_buffers && k < m->n_buffers && !r->bad; k++)
		matrix(r, "best-buffer", m->buffer_name[k], tr->best_buffers[k]);
	for (int k = 0; m->bn && k < m->c.layers && !r->bad; k++) {
		char name[16];
		snprintf(name, sizeof name, "bn%d", k + 1);
		if (expect(r, "tracked") && expect(r, name))
			m->bn[k]->batches_tracked = integer(r);
		if (m->bn[k]->batches_tracked < 0)
			r->bad = 1;
	}
	int n = model_rng_words(m);
	if (n && expect(r, "dropout-rng")) {
		uint64_t w[4 * MODEL_MAX_LAYERS];
		if (integer(r) != n)
			r->bad = 1;
		for (int i = 0; i < n && !r->bad; i++)
			w[i] = hex64(r);
		if (!r->bad)
			model_rng_set(m, w);
	}
}

/* The configuration lines against this run's: ST_OK, or the first difference in words. */
static Status config_check(Reader *r, const Trainer *tr)
{
	char *mine = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mine, &len);
	if (!f)
		return status_fail(ST_ENOMEM, "out of memory");
	config_write(f, tr);
	if (fclose(f)) {
		free(mine);
		return status_fail(ST_ENOMEM, "out of memory");
	}
	Status st = ST_OK;
	char *line = mine;
	while (*line && !st) {
		char *nl = strchr(line, '\n');
		*nl = '\0';
		char *key = line + strlen("config "), *value = strchr(key, ' ');
		*value++ = '\0';
		if (!expect(r, "config") || strcmp(token(r), key) != 0) {
			st = status_fail(ST_EPARSE, "%s is not a checkpoint of this gradlab's training "
					 "runs (its options differ)", r->path);
			break;
		}
		const char *theirs = token(r);
		if (r->bad)
			break;
		if (strcmp(theirs, value) != 0)
			st = status_fail(ST_EINVAL, "%s was saved by another run: --%s is %s there "
					 "and %s here", r->path, key, theirs, value);
		line = nl + 1;
	}
	free(mine);
	if (!st && !expect(r, "end-config"))
		st = status_fail(ST_EPARSE, "%s is not a checkpoint of this gradlab's training runs "
				 "(its options differ)", r->path);
	return st;
}

Status checkpoint_load(Trainer *tr, const char *path, double *seconds)
{
	char *text = NULL, why[256];
	size_t len = 0;
	FileRead fr = file_read_capped(path, CHECKPOINT_MAX_BYTES, &text, &len, why, sizeof why);
	if (fr == FILE_READ_MISSING)
		return status_fail(ST_EIO, "%s: no such file", path);
	if (fr != FILE_READ_OK)
		return status_fail(ST_EIO, "%s: %s", path, why);
	Status st = ST_OK;
	double *state = NULL;
	char head[64];
	snprintf(head, sizeof head, "%s ", MAGIC);
	if (strncmp(text, head, strlen(head)) != 0 || strlen(text) != len) {
		st = status_fail(ST_EPARSE, "%s is not a gradlab training checkpoint", path);
		goto done;
	}
	int version = atoi(text + strlen(head));
	if (version != CHECKPOINT_VERSION) {
		st = status_fail(ST_EPARSE, "%s is a checkpoint of version %d; this gradlab reads "
				 "version %d", path, version, CHECKPOINT_VERSION);
		goto done;
	}
	/* The checksum line ends the file; without it the file was cut short. */
	if (len < 2 || text[len - 1] != '\n')
		goto truncated;
	char *start = text + len - 1;
	while (start > text && start[-1] != '\n')
		start--;
	unsigned long long want;
	if (strncmp(start, "checksum ", 9) != 0 || text + len - 1 - start != 9 + 16 ||
	    sscanf(start + 9, "%16llx", &want) != 1)
		goto truncated;
	if (fnv1a(text, (size_t)(start - text)) != (uint64_t)want) {
		st = status_fail(ST_EPARSE, "%s is corrupted: its checksum does not match its "
				 "contents", path);
		goto done;
	}
	*start = '\0';
	Reader r = { text, path, 0 };
	token(&r);
	token(&r); /* the magic and the version, checked above */
	if ((st = config_check(&r, tr)))
		goto done;
	Model *m = tr->model;
	long iter;
	double secs;
	uint64_t data[4];
	long epoch;
	double lr;
	expect(&r, "iter");
	iter = integer(&r);
	expect(&r, "seconds");
	secs = number(&r);
	expect(&r, "data");
	for (int i = 0; i < 4; i++)
		data[i] = hex64(&r);
	expect(&r, "schedule");
	epoch = integer(&r);
	lr = number(&r);
	size_t n = optim_state_size(tr->opt);
	if (!(state = mem_alloc((n ? n : 1) * sizeof *state))) {
		st = status_fail(ST_ENOMEM, "out of memory");
		goto done;
	}
	if (expect(&r, "optim"))
		doubles(&r, state, n);
	if (r.bad)
		goto malformed;
	/* From here the run itself is written: a failure leaves it half restored, so the
	 * caller must not train on after one (cmd_train stops). */
	expect(&r, "params");
	if (integer(&r) != m->n_params)
		r.bad = 1;
	for (int k = 0; k < m->n_params && !r.bad; k++)
		matrix(&r, "param", m->name[k], m->param[k]);
	for (int k = 0; tr->best && k < m->n_params && !r.bad; k++)
		matrix(&r, "best", m->name[k], tr->best[k]);
	expect(&r, "early");
	tr->best_loss = number(&r);
	tr->best_iter = integer(&r);
	tr->since_best = integer(&r);
	expect(&r, "window");
	tr->window_sum = number(&r);
	tr->window_n = integer(&r);
	tr->last_train_loss = number(&r);
	expect(&r, "last");
	tr->last_loss = number(&r);
	tr->last_norm = number(&r);
	tr->last_finite_norm = number(&r);
	tr->identical_at_init = (int)integer(&r);
	expect(&r, "eval");
	tr->last_eval.iter = integer(&r);
	tr->last_eval.test_loss = number(&r);
	tr->last_eval.test_accuracy = number(&r);
	tr->last_eval.train_loss = number(&r);
	tr->last_eval.improved = (int)integer(&r);
	if (expect(&r, "layers"))
		doubles(&r, tr->layer_norm_init, (size_t)tr->n_layer_norms);
	if (expect(&r, "layers-last"))
		doubles(&r, tr->layer_norm_last, (size_t)tr->n_layer_norms);
	mlp_state_read(&r, tr);
	double *lm_state = NULL;
	if (tr->task->lm && !r.bad) {
		size_t cn = charlm_state_size(m);
		if (!(lm_state = mem_alloc(cn * sizeof *lm_state))) {
			st = status_fail(ST_ENOMEM, "out of memory");
			goto done;
		}
		if (expect(&r, "charlm"))
			doubles(&r, lm_state, cn);
		if (!r.bad && charlm_state_set(tr->task, m, lm_state))
			r.bad = 1;
		mem_free(lm_state);
	}
	while (*r.p == ' ' || *r.p == '\n')
		r.p++;
	if (*r.p)
		r.bad = 1; /* something after the last field */
	if (r.bad || iter < 0)
		goto malformed;
	if (optim_state_set(tr->opt, state) || schedule_restore(&tr->sched, epoch, lr))
		goto malformed;
	tr->iter = iter;
	memcpy(tr->task->data, data, sizeof data);
	*seconds = secs;
	goto done;
truncated:
	st = status_fail(ST_EPARSE, "%s is truncated or damaged: it does not end with its "
			 "checksum line", path);
	goto done;
malformed:
	st = status_fail(ST_EPARSE, "%s is malformed: its checksum matches but a field is missing "
			 "or not a number", path);
done:
	mem_free(state);
	mem_free(text);
	return st;
}
/* }==== */
