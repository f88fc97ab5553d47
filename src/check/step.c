/* step: `gradlab step` requests. Reads and checks the optimizer, its options (torch.optim's
 * names), the parameters, the gradients and the scheduler into src/optim's facts, turns the
 * faults src/optim finds into sentences naming the JSON path, runs the steps and writes the
 * answer. English only, like every input error of `grad` and `check` (io.c, vjp.c). */
#include "check/step.h"

#include "check/io.h"
#include "core/mem.h"
#include "optim/optim.h"
#include "optim/schedule.h"

#include <limits.h>
#include <string.h>

typedef struct Request {
	OptimOptions opt;
	bool has_schedule;
	ScheduleOptions sched;
	int n_params;
	const char *name[STEP_MAX_PARAMS]; /* borrowed from the request */
	IoShape shape[STEP_MAX_PARAMS];
	Mat *param[STEP_MAX_PARAMS];
	json_object *grads; /* the array, borrowed */
} Request;

static void request_free(Request *r)
{
	for (int k = 0; k < r->n_params; k++)
		mat_free(r->param[k]);
}

/* {==== Words for src/optim's faults ==== */
static Status optim_fault_words(const OptimFault *f)
{
	const char *name = optim_option_name(f->option);
	switch (f->problem) {
	case OPTIM_FINE:
		break;
	case OPTIM_NOT_FINITE:
		return status_fail(ST_ENONFINITE, "options.%s must be a finite number, got %g", name, f->value);
	case OPTIM_NEGATIVE:
		if (f->option == OPTIM_OPT_BETAS)
			return status_fail(ST_ERANGE, "options.betas[%d] must be in [0, 1), got %.17g",
					   f->index, f->value);
		return status_fail(ST_ERANGE, "options.%s must be >= 0, got %.17g", name, f->value);
	case OPTIM_NOT_BELOW_ONE:
		return status_fail(ST_ERANGE, "options.betas[%d] must be in [0, 1), got %.17g", f->index,
				   f->value);
	case OPTIM_ABOVE_ONE:
		return status_fail(ST_ERANGE, "options.%s must be in [0, 1] (a decay rate), got %.17g",
				   name, f->value);
	case OPTIM_NESTEROV_NO_MOMENTUM:
		return status_fail(ST_EINVAL, "options.nesterov needs momentum > 0, got momentum %.17g "
				   "(torch refuses it too)", f->value);
	case OPTIM_NESTEROV_DAMPENING:
		return status_fail(ST_EINVAL, "options.nesterov needs dampening 0, got dampening %.17g "
				   "(torch refuses it too)", f->value);
	}
	return ST_OK;
}

static Status schedule_fault_words(const ScheduleFault *f)
{
	const char *name = schedule_option_name(f->option);
	switch (f->problem) {
	case SCHED_FINE:
		break;
	case SCHED_NOT_FINITE:
		return status_fail(ST_ENONFINITE, "scheduler.%s must be a finite number, got %g", name, f->value);
	case SCHED_NEGATIVE:
		return status_fail(ST_ERANGE, "scheduler.%s must be >= 0, got %.17g", name, f->value);
	case SCHED_BELOW_ONE:
		return status_fail(ST_ERANGE, "scheduler.%s must be a whole number >= 1, got %.17g", name,
				   f->value);
	case SCHED_NOT_UNIT:
		return status_fail(ST_ERANGE, "scheduler.%s must be in [0, 1], got %.17g", name, f->value);
	case SCHED_NOT_POSITIVE_UNIT:
		return status_fail(ST_ERANGE, "scheduler.%s must be in (0, 1] (torch divides by it), got %.17g",
				   name, f->value);
	}
	return ST_OK;
}
/* }==== */

/* {==== Reading the request ==== */
static const char *const TOP[] = { "optimizer", "options", "params", "grads", "scheduler", NULL };

static void list_optimizers(char *buf, size_t size)
{
	buf[0] = '\0';
	for (int k = 0; k < OPTIM_KIND_COUNT; k++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", k ? ", " : "", optim_kind_name((OptimKind)k));
	}
}

static void list_options(char *buf, size_t size, OptimKind kind)
{
	buf[0] = '\0';
	for (int k = 0; k < OPTIM_OPT_COUNT; k++)
		if (optim_option_applies(kind, (OptimOption)k)) {
			size_t n = strlen(buf);
			snprintf(buf + n, size - n, "%s%s", n ? ", " : "", optim_option_name((OptimOption)k));
		}
}

static Status read_optimizer(json_object *req, OptimKind *kind)
{
	char list[128], q[160];
	list_optimizers(list, sizeof list);
	json_object *v;
	if (!json_object_object_get_ex(req, "optimizer", &v))
		return status_fail(ST_EINVAL, "optimizer is missing (one of %s)", list);
	if (!json_object_is_type(v, json_type_string))
		return status_fail(ST_EINVAL, "optimizer must be a string (one of %s), got %s", list,
				   io_type_name(v));
	if (!optim_kind_parse(json_object_get_string(v), kind))
		return status_fail(ST_EINVAL, "optimizer: unknown optimizer '%s' (known: %s)",
				   io_quote(q, sizeof q, json_object_get_string(v), 32), list);
	return ST_OK;
}

static Status read_betas(json_object *v, OptimOptions *o)
{
	if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) != 2)
		return status_fail(ST_EINVAL, "options.betas must be a pair [beta1, beta2], got %s",
				   json_object_is_type(v, json_type_array) ? "an array of another length"
									   : io_type_name(v));
	Status st = io_number_from_json(json_object_array_get_idx(v, 0), "options.betas[0]", &o->beta1);
	if (st == ST_OK)
		st = io_number_from_json(json_object_array_get_idx(v, 1), "options.betas[1]", &o->beta2);
	return st;
}

static Status read_options(json_object *req, OptimOptions *o)
{
	OptimKind kind = o->kind;
	json_object *opts;
	bool has_lr = false;
	if (json_object_object_get_ex(req, "options", &opts)) {
		if (!json_object_is_type(opts, json_type_object))
			return status_fail(ST_EINVAL, "options must be an object {...}, got %s",
					   io_type_name(opts));
		json_object_object_foreach(opts, key, val) {
			OptimOption opt;
			char list[160], q[160], path[96];
			if (!optim_option_parse(key, &opt) || !optim_option_applies(kind, opt)) {
				list_options(list, sizeof list, kind);
				return status_fail(ST_EINVAL, "options: unknown key '%s' (%s takes: %s)",
						   io_quote(q, sizeof q, key, 32), optim_kind_name(kind), list);
			}
			snprintf(path, sizeof path, "options.%s", key);
			Status st = ST_OK;
			int flag = 0;
			switch (opt) {
			case OPTIM_OPT_LR:
				has_lr = true;
				st = io_number_from_json(val, path, &o->lr);
				break;
			case OPTIM_OPT_WEIGHT_DECAY:
				st = io_number_from_json(val, path, &o->weight_decay);
				break;
			case OPTIM_OPT_MOMENTUM:
				st = io_number_from_json(val, path, &o->momentum);
				break;
			case OPTIM_OPT_DAMPENING:
				st = io_number_from_json(val, path, &o->dampening);
				break;
			case OPTIM_OPT_BETAS:
				st = read_betas(val, o);
				break;
			case OPTIM_OPT_EPS:
				st = io_number_from_json(val, path, &o->eps);
				break;
			case OPTIM_OPT_ALPHA:
				st = io_number_from_json(val, path, &o->alpha);
				break;
			case OPTIM_OPT_LR_DECAY:
				st = io_number_from_json(val, path, &o->lr_decay);
				break;
			case OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE:
				st = io_number_from_json(val, path, &o->initial_accumulator_value);
				break;
			case OPTIM_OPT_NESTEROV:
			case OPTIM_OPT_AMSGRAD:
			case OPTIM_OPT_CENTERED:
				st = io_flag_from_json(val, path, &flag);
				if (opt == OPTIM_OPT_NESTEROV)
					o->nesterov = flag;
				else if (opt == OPTIM_OPT_AMSGRAD)
					o->amsgrad = flag;
				else
					o->centered = flag;
				break;
			case OPTIM_OPT_COUNT:
				break;
			}
			if (st != ST_OK)
				return st;
		}
	}
	if (kind == OPTIM_SGD && !has_lr)
		return status_fail(ST_EINVAL, "options.lr is missing (torch's SGD has no default lr)");
	OptimFault f = optim_options_check(o);
	return optim_fault_words(&f);
}

static Status read_scheduler(json_object *req, Request *r)
{
	json_object *s, *v;
	if (!json_object_object_get_ex(req, "scheduler", &s) || !s)
		return ST_OK;
	if (!json_object_is_type(s, json_type_object))
		return status_fail(ST_EINVAL, "scheduler must be an object {\"name\": ...}, got %s",
				   io_type_name(s));
	char list[160] = "", q[160];
	for (int k = 0; k < SCHED_KIND_COUNT; k++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s%s", k ? ", " : "", schedule_kind_name((ScheduleKind)k));
	}
	if (!json_object_object_get_ex(s, "name", &v))
		return status_fail(ST_EINVAL, "scheduler.name is missing (one of %s)", list);
	if (!json_object_is_type(v, json_type_string))
		return status_fail(ST_EINVAL, "scheduler.name must be a string (one of %s), got %s", list,
				   io_type_name(v));
	ScheduleKind kind;
	if (!schedule_kind_parse(json_object_get_string(v), &kind))
		return status_fail(ST_EINVAL, "scheduler.name: unknown scheduler '%s' (known: %s)",
				   io_quote(q, sizeof q, json_object_get_string(v), 32), list);
	ScheduleOptions *o = &r->sched;
	*o = schedule_defaults(kind);
	r->has_schedule = true;
	char takes[200] = "";
	for (int k = 0; k < SCHED_OPT_COUNT; k++)
		if (schedule_option_applies(kind, (ScheduleOption)k)) {
			size_t n = strlen(takes);
			snprintf(takes + n, sizeof takes - n, ", %s", schedule_option_name((ScheduleOption)k));
		}
	json_object_object_foreach(s, key, val) {
		ScheduleOption opt;
		if (strcmp(key, "name") == 0)
			continue;
		if (!schedule_option_parse(key, &opt) || !schedule_option_applies(kind, opt))
			return status_fail(ST_EINVAL, "scheduler: unknown key '%s' (%s takes: name%s)",
					   io_quote(q, sizeof q, key, 32), schedule_kind_name(kind), takes);
		char path[96];
		snprintf(path, sizeof path, "scheduler.%s", key);
		Status st;
		if (schedule_option_is_integer(opt)) {
			int n = 0;
			st = io_int_from_json(val, path, INT_MIN, INT_MAX, &n);
			if (opt == SCHED_OPT_STEP_SIZE)
				o->step_size = n;
			else if (opt == SCHED_OPT_T_MAX)
				o->T_max = n;
			else if (opt == SCHED_OPT_TOTAL_ITERS)
				o->total_iters = n;
			else
				o->warmup = n;
		} else {
			double x = 0;
			st = io_number_from_json(val, path, &x);
			if (opt == SCHED_OPT_GAMMA)
				o->gamma = x;
			else if (opt == SCHED_OPT_ETA_MIN)
				o->eta_min = x;
			else if (opt == SCHED_OPT_START_FACTOR)
				o->start_factor = x;
			else if (opt == SCHED_OPT_END_FACTOR)
				o->end_factor = x;
			else
				o->warmup_start_factor = x;
		}
		if (st != ST_OK)
			return st;
	}
	for (int k = 0; k < SCHED_OPT_COUNT; k++)
		if (schedule_option_required(kind, (ScheduleOption)k) &&
		    !json_object_object_get_ex(s, schedule_option_name((ScheduleOption)k), NULL))
			return status_fail(ST_EINVAL, "scheduler.%s is missing (torch's %s scheduler has no "
					   "default for it)", schedule_option_name((ScheduleOption)k),
					   schedule_kind_name(kind));
	ScheduleFault f = schedule_options_check(o);
	return schedule_fault_words(&f);
}

static Status read_params(json_object *req, Request *r)
{
	json_object *p;
	if (!json_object_object_get_ex(req, "params", &p))
		return status_fail(ST_EINVAL, "params is missing ({NAME: tensor, ...})");
	if (!json_object_is_type(p, json_type_object))
		return status_fail(ST_EINVAL, "params must be an object {NAME: tensor, ...}, got %s",
				   io_type_name(p));
	int n = json_object_object_length(p);
	if (n < 1 || n > STEP_MAX_PARAMS)
		return status_fail(ST_ELIMIT, "params must hold 1 to %d tensors, got %d", STEP_MAX_PARAMS, n);
	json_object_object_foreach(p, key, val) {
		char path[200], q[160];
		snprintf(path, sizeof path, "params.%s", io_quote(q, sizeof q, key, 64));
		int k = r->n_params;
		Status st = io_tensor_from_json(val, path, &r->shape[k], &r->param[k]);
		if (st != ST_OK)
			return st;
		r->name[k] = key;
		r->n_params++;
	}
	return ST_OK;
}

static const char *quoted_name(const Request *r, int k, char *buf, size_t size)
{
	return io_quote(buf, size, r->name[k], 64);
}

/* grads[i] must hold a tensor shaped like each parameter, and nothing else. */
static Status check_grads(Request *r)
{
	const char *known[STEP_MAX_PARAMS + 1];
	for (int k = 0; k < r->n_params; k++)
		known[k] = r->name[k];
	known[r->n_params] = NULL;
	size_t n = json_object_array_length(r->grads);
	for (size_t i = 0; i < n; i++) {
		json_object *g = json_object_array_get_idx(r->grads, i);
		char path[64];
		snprintf(path, sizeof path, "grads[%zu]", i);
		Status st = io_check_object(g, path, known);
		if (st != ST_OK)
			return st;
		for (int k = 0; k < r->n_params; k++) {
			char q[160], ps[48], gs[48];
			json_object *v;
			if (!json_object_object_get_ex(g, r->name[k], &v))
				return status_fail(ST_EINVAL, "grads[%zu].%s is missing (every step needs a "
						   "gradient for every parameter)", i,
						   quoted_name(r, k, q, sizeof q));
			IoShape shape;
			Mat *m = NULL;
			char gpath[240];
			snprintf(gpath, sizeof gpath, "grads[%zu].%s", i, quoted_name(r, k, q, sizeof q));
			st = io_tensor_from_json(v, gpath, &shape, &m);
			mat_free(m);
			if (st != ST_OK)
				return st;
			if (!io_shape_equal(&shape, &r->shape[k]))
				return status_fail(ST_ESHAPE, "%s must be %s like params.%s, got %s", gpath,
						   io_shape_str(&r->shape[k], ps, sizeof ps), q,
						   io_shape_str(&shape, gs, sizeof gs));
		}
	}
	return ST_OK;
}

static Status read_request(json_object *req, Request *r)
{
	if (!json_object_is_type(req, json_type_object))
		return status_fail(ST_EINVAL, "the request must be an object {\"optimizer\": ...}, got %s",
				   io_type_name(req));
	Status st = io_check_object(req, "the request", TOP);
	if (st != ST_OK)
		return st;
	OptimKind kind;
	if ((st = read_optimizer(req, &kind)) != ST_OK)
		return st;
	r->opt = optim_defaults(kind);
	if ((st = read_options(req, &r->opt)) != ST_OK || (st = read_scheduler(req, r)) != ST_OK ||
	    (st = read_params(req, r)) != ST_OK)
		return st;
	if (!json_object_object_get_ex(req, "grads", &r->grads))
		return status_fail(ST_EINVAL, "grads is missing ([{NAME: tensor, ...}, ...], one "
				   "object a step)");
	if (!json_object_is_type(r->grads, json_type_array))
		return status_fail(ST_EINVAL, "grads must be an array [{NAME: tensor, ...}, ...], got %s",
				   io_type_name(r->grads));
	return check_grads(r);
}
/* }==== */

/* {==== Running and answering ==== */
/* obj[key] = v, which is taken (put on failure); an obj of NULL fails too. */
static Status add(json_object *obj, const char *key, json_object *v)
{
	if (!obj || !v || json_object_object_add(obj, key, v) != 0) {
		json_object_put(v);
		return status_fail(ST_ENOMEM, "out of memory writing the answer");
	}
	return ST_OK;
}


/* A tensor of the answer; a value JSON cannot hold is refused in words. */
static Status put_tensor(json_object *obj, const char *key, const double *data,
			 const IoShape *shape, const char *what, int steps)
{
	int rows, cols;
	io_shape_mat(shape, &rows, &cols);
	Mat m = { rows, cols, (double *)data };
	size_t bad;
	if (!mat_all_finite(&m, &bad)) {
		char where[300];
		io_element_path(where, sizeof where, what, shape, bad);
		return status_fail(ST_ENONFINITE, "%s is %g after step %d, which JSON cannot hold: "
				   "the steps overflow a double", where, data[bad], steps);
	}
	return add(obj, key, io_tensor_to_json(&m, shape));
}

static Status answer(const Request *r, const Optim *opt, const Schedule *sched,
		     json_object *lrs, json_object **out)
{
	Status st;
	int steps = (int)optim_step_count(opt);
	json_object *root = json_object_new_object(), *params = json_object_new_object(),
		    *state = json_object_new_object();
	/* add() takes each value, on failure too; what is not yet added is put here */
	if ((st = add(root, "params", params)) != ST_OK) {
		json_object_put(lrs);
		json_object_put(state);
		goto fail;
	}
	if ((st = add(root, "lr", lrs)) != ST_OK) {
		json_object_put(state);
		goto fail;
	}
	if ((st = add(root, "state", state)) != ST_OK)
		goto fail;
	for (int k = 0; k < r->n_params; k++) {
		char what[240], q[160];
		snprintf(what, sizeof what, "params.%s", quoted_name(r, k, q, sizeof q));
		if ((st = put_tensor(params, r->name[k], r->param[k]->data, &r->shape[k], what,
				     steps)) != ST_OK)
			goto fail;
		/* torch's optimizer.state is empty for a parameter never stepped */
		if (steps == 0)
			continue;
		json_object *ps = json_object_new_object();
		if ((st = add(state, r->name[k], ps)) != ST_OK)
			goto fail;
		/* torch's SGD keeps no step count */
		if (r->opt.kind != OPTIM_SGD &&
		    (st = add(ps, "step", json_object_new_int64(optim_step_count(opt)))) != ST_OK)
			goto fail;
		/* torch's SGD without momentum keeps momentum_buffer None */
		if (r->opt.kind == OPTIM_SGD && r->opt.momentum == 0 &&
		    json_object_object_add(ps, optim_buffer_name(OPTIM_BUF_MOMENTUM), NULL) != 0) {
			st = status_fail(ST_ENOMEM, "out of memory writing the answer");
			goto fail;
		}
		for (int b = 0; b < OPTIM_BUF_COUNT; b++) {
			const double *buf = optim_buffer_const(opt, k, (OptimBuffer)b);
			if (!buf)
				continue;
			snprintf(what, sizeof what, "state.%s.%s", q, optim_buffer_name((OptimBuffer)b));
			if ((st = put_tensor(ps, optim_buffer_name((OptimBuffer)b), buf, &r->shape[k],
					     what, steps)) != ST_OK)
				goto fail;
		}
	}
	if (sched) {
		json_object *s = json_object_new_object();
		if ((st = add(root, "scheduler", s)) != ST_OK ||
		    (st = add(s, "last_epoch", json_object_new_int64(sched->last_epoch))) != ST_OK ||
		    (st = add(s, "lr", io_number(schedule_lr(sched)))) != ST_OK)
			goto fail;
	}
	*out = root;
	return ST_OK;
fail:
	json_object_put(root);
	return st;
}

Status step_run(json_object *request, json_object **response)
{
	*response = NULL;
	Request r = { 0 };
	Optim *opt = NULL;
	json_object *lrs = NULL;
	double *p[STEP_MAX_PARAMS];
	const double *g[STEP_MAX_PARAMS];
	Mat *gm[STEP_MAX_PARAMS] = { NULL };
	size_t sizes[STEP_MAX_PARAMS];
	Schedule sched;
	Status st = read_request(request, &r);
	if (st != ST_OK)
		goto done;
	for (int k = 0; k < r.n_params; k++) {
		sizes[k] = mat_size(r.param[k]);
		p[k] = r.param[k]->data;
	}
	/* without a scheduler the lr stays options.lr: the constant schedule */
	ScheduleOptions so = r.has_schedule ? r.sched : schedule_defaults(SCHED_CONSTANT);
	if ((st = schedule_init(&sched, &so, r.opt.lr)) != ST_OK)
		goto done;
	opt = optim_new(&r.opt, r.n_params, sizes);
	lrs = json_object_new_array();
	if (!opt || !lrs) {
		st = status_fail(ST_ENOMEM, "out of memory for the optimizer");
		goto done;
	}
	size_t n = json_object_array_length(r.grads);
	for (size_t i = 0; i < n; i++) {
		json_object *entry = json_object_array_get_idx(r.grads, i);
		for (int k = 0; k < r.n_params; k++) {
			json_object *v = json_object_object_get(entry, r.name[k]);
			IoShape shape;
			/* checked already: only memory can fail here */
			if ((st = io_tensor_from_json(v, "grads", &shape, &gm[k])) != ST_OK)
				goto done;
			g[k] = gm[k]->data;
		}
		double lr = schedule_lr(&sched);
		json_object *x = io_number(lr);
		if (!x || json_object_array_add(lrs, x) != 0) {
			json_object_put(x);
			st = status_fail(ST_ENOMEM, "out of memory writing the answer");
			goto done;
		}
		optim_step(opt, p, g, lr);
		schedule_step(&sched);
		for (int k = 0; k < r.n_params; k++) {
			mat_free(gm[k]);
			gm[k] = NULL;
		}
	}
	st = answer(&r, opt, r.has_schedule ? &sched : NULL, lrs, response);
	lrs = NULL; /* answer took it, or freed it */
done:
	for (int k = 0; k < r.n_params; k++)
		mat_free(gm[k]);
	json_object_put(lrs);
	optim_free(opt);
	request_free(&r);
	return st;
}
/* }==== */

/* Print item after the text of the line so far (*col columns), wrapped under the names
 * so that no line passes 80 columns. */
static void item(FILE *out, int *col, const char *text)
{
	int n = (int)strlen(text);
	if (*col + 1 + n > 80) {
		fprintf(out, "\n%10s", "");
		*col = 10;
	}
	*col += fprintf(out, " %s", text);
}

void step_print_contract(FILE *out)
{
	fprintf(out, "optimizers (torch.optim's names and defaults):\n");
	for (int k = 0; k < OPTIM_KIND_COUNT; k++) {
		OptimOptions d = optim_defaults((OptimKind)k);
		int col = fprintf(out, "  %-8s", optim_kind_name((OptimKind)k));
		for (int o = 0; o < OPTIM_OPT_COUNT; o++) {
			if (!optim_option_applies((OptimKind)k, (OptimOption)o))
				continue;
			const char *name = optim_option_name((OptimOption)o);
			double v = 0;
			char text[96];
			switch ((OptimOption)o) {
			case OPTIM_OPT_LR:
				v = d.lr;
				break;
			case OPTIM_OPT_WEIGHT_DECAY:
				v = d.weight_decay;
				break;
			case OPTIM_OPT_MOMENTUM:
				v = d.momentum;
				break;
			case OPTIM_OPT_DAMPENING:
				v = d.dampening;
				break;
			case OPTIM_OPT_EPS:
				v = d.eps;
				break;
			case OPTIM_OPT_ALPHA:
				v = d.alpha;
				break;
			case OPTIM_OPT_LR_DECAY:
				v = d.lr_decay;
				break;
			case OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE:
				v = d.initial_accumulator_value;
				break;
			case OPTIM_OPT_BETAS:
			case OPTIM_OPT_NESTEROV:
			case OPTIM_OPT_AMSGRAD:
			case OPTIM_OPT_CENTERED:
			case OPTIM_OPT_COUNT:
				break;
			}
			if (o == OPTIM_OPT_LR && k == OPTIM_SGD)
				snprintf(text, sizeof text, "lr (required)");
			else if (o == OPTIM_OPT_BETAS)
				snprintf(text, sizeof text, "betas [%g, %g]", d.beta1, d.beta2);
			else if (optim_option_is_flag((OptimOption)o))
				snprintf(text, sizeof text, "%s false", name);
			else
				snprintf(text, sizeof text, "%s %g", name, v);
			item(out, &col, text);
		}
		fprintf(out, "\n");
	}
	fprintf(out, "schedulers ({\"name\": NAME, ...}; torch.optim.lr_scheduler's formulas):\n");
	for (int k = 0; k < SCHED_KIND_COUNT; k++) {
		ScheduleOptions d = schedule_defaults((ScheduleKind)k);
		fprintf(out, "  %-12s", schedule_kind_name((ScheduleKind)k));
		if (k == SCHED_CONSTANT)
			fprintf(out, " the lr stays options.lr (the same as no scheduler)");
		for (int o = 0; o < SCHED_OPT_COUNT; o++) {
			ScheduleOption so = (ScheduleOption)o;
			if (!schedule_option_applies((ScheduleKind)k, so) || so == SCHED_OPT_WARMUP ||
			    so == SCHED_OPT_WARMUP_START_FACTOR)
				continue;
			if (schedule_option_required((ScheduleKind)k, so)) {
				fprintf(out, " %s (required)", schedule_option_name(so));
				continue;
			}
			double v = so == SCHED_OPT_GAMMA          ? d.gamma
				   : so == SCHED_OPT_ETA_MIN      ? d.eta_min
				   : so == SCHED_OPT_START_FACTOR ? d.start_factor
				   : so == SCHED_OPT_END_FACTOR   ? d.end_factor
								  : (double)d.total_iters;
			fprintf(out, " %s %.6g", schedule_option_name(so), v);
		}
		fprintf(out, "\n");
	}
	fprintf(out, "  every scheduler also takes warmup N (0) and warmup_start_factor (1/3):\n"
		     "  torch's SequentialLR of LinearLR(warmup_start_factor, 1, N) and the\n"
		     "  scheduler, the milestone at N.\n");
}
