/* test_vjp_layers: the layers family of `gradlab grad` (check/vjp_layers.c). Every gradient
 * in an answer against central differences of L = sum <dout, output> taken through the JSON
 * request itself (so the layouts are checked, not only the ops); answers by hand; the
 * running statistics as outputs that take no dout; every bad request refused naming its
 * JSON path; out of memory on every allocation. */
#include "test_util.h"
#include "vjp_memory.h"

#include "check/io.h"
#include "check/vjp.h"
#include "core/mem.h"
#include "core/rng.h"

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

/* {==== Requests ==== */

static json_object *parse(const char *text)
{
	json_object *j;
	if (io_parse_json("test", text, strlen(text), &j) != ST_OK)
		fail_msg("bad test JSON: %s", status_detail());
	return j;
}

/* Normal values of shape dims[0..ndim) times scale. */
static json_object *rand_tensor(Rng *r, double scale, int ndim, const int *dims)
{
	if (ndim == 0)
		return io_number(scale * rng_normal(r));
	json_object *arr = json_object_new_array();
	for (int i = 0; i < dims[0]; i++)
		json_object_array_add(arr, rand_tensor(r, scale, ndim - 1, dims + 1));
	return arr;
}

static void set(json_object *req, const char *sec, const char *key, json_object *value)
{
	json_object *s;
	if (!json_object_object_get_ex(req, sec, &s)) {
		s = json_object_new_object();
		json_object_object_add(req, sec, s);
	}
	json_object_object_add(s, key, value);
}

/* }==== */

/* {==== Finite differences through the JSON ==== */

/* The k-th number of nested arrays j (depth first): *slot gets its parent and index. */
static int nth(json_object *j, int *k, json_object **parent, int *idx)
{
	for (size_t i = 0; i < json_object_array_length(j); i++) {
		json_object *e = json_object_array_get_idx(j, i);
		if (json_object_is_type(e, json_type_array)) {
			if (nth(e, k, parent, idx))
				return 1;
		} else if ((*k)-- == 0) {
			*parent = j;
			*idx = (int)i;
			return 1;
		}
	}
	return 0;
}

static void flatten(json_object *j, double *out, int *n)
{
	if (json_object_is_type(j, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(j); i++)
			flatten(json_object_array_get_idx(j, i), out, n);
		return;
	}
	out[(*n)++] = json_object_get_double(j);
}

enum { MAX_NUMBERS = 1024 };

static double loss_of(json_object *req)
{
	json_object *resp;
	if (vjp_run(req, &resp) != ST_OK)
		fail_msg("request refused: %s", status_detail());
	static double a[MAX_NUMBERS], b[MAX_NUMBERS];
	double L = 0;
	json_object_object_foreach(json_object_object_get(req, "dout"), key, d) {
		int na = 0, nb = 0;
		flatten(d, a, &na);
		flatten(json_object_object_get(json_object_object_get(resp, "outputs"), key), b, &nb);
		assert_int_equal(na, nb);
		for (int i = 0; i < na; i++)
			L += a[i] * b[i];
	}
	json_object_put(resp);
	return L;
}

/* Every gradient of the answer to req against central differences of its tensor, and the
 * names of the gradients exactly want (space-separated, in order). */
static void check_against_differences(json_object *req, const char *want, const char *label)
{
	json_object *resp;
	if (vjp_run(req, &resp) != ST_OK)
		fail_msg("%s: refused: %s", label, status_detail());
	char names[128] = "";
	json_object_object_foreach(json_object_object_get(resp, "grads"), key, g) {
		size_t len = strlen(names);
		snprintf(names + len, sizeof names - len, "%s%s", len ? " " : "", key);
		json_object *tensor = NULL, *sec;
		if (json_object_object_get_ex(req, "params", &sec))
			json_object_object_get_ex(sec, key, &tensor);
		if (!tensor)
			tensor = json_object_object_get(json_object_object_get(req, "inputs"), key);
		static double analytic[MAX_NUMBERS];
		int n = 0;
		flatten(g, analytic, &n);
		json_object *wrap = tensor;
		if (!json_object_is_type(tensor, json_type_array)) /* a number: wrap to reach it */
			fail_msg("%s: %s is a number", label, key);
		for (int i = 0; i < n; i++) {
			json_object *parent;
			int k = i, idx;
			assert_true(nth(wrap, &k, &parent, &idx));
			double v = json_object_get_double(json_object_array_get_idx(parent, (size_t)idx)), eps = 1e-6;
			json_object_array_put_idx(parent, (size_t)idx, json_object_new_double(v + eps));
			double Lp = loss_of(req);
			json_object_array_put_idx(parent, (size_t)idx, json_object_new_double(v - eps));
			double Lm = loss_of(req);
			json_object_array_put_idx(parent, (size_t)idx, json_object_new_double(v));
			double numeric = (Lp - Lm) / (2 * eps);
			if (!close_enough(numeric, analytic[i], 1e-7, 1e-5))
				fail_msg("%s: grads.%s element %d: numeric %.12g, analytic %.12g", label, key, i,
					 numeric, analytic[i]);
		}
	}
	if (strcmp(names, want) != 0)
		fail_msg("%s: gradients '%s', expected '%s'", label, names, want);
	json_object_put(resp);
}

static json_object *request(const char *model)
{
	json_object *req = json_object_new_object();
	json_object_object_add(req, "model", json_object_new_string(model));
	json_object_object_add(req, "inputs", json_object_new_object());
	json_object_object_add(req, "dout", json_object_new_object());
	return req;
}

#define DIMS(...) (int[]){ __VA_ARGS__ }

static void test_against_differences(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 31);
	/* linear: x of one, two and three axes; without the bias */
	for (int nd = 1; nd <= 3; nd++) {
		json_object *req = request("linear");
		int xd[] = { 2, 3, 4 };
		set(req, "params", "weight", rand_tensor(&r, 1, 2, DIMS(5, 4)));
		if (nd != 2)
			set(req, "params", "bias", rand_tensor(&r, 1, 1, DIMS(5)));
		set(req, "inputs", "x", rand_tensor(&r, 1, nd, xd + 3 - nd));
		int od[] = { 2, 3, 5 };
		set(req, "dout", "output", rand_tensor(&r, 1, nd, od + 3 - nd));
		check_against_differences(req, nd != 2 ? "weight bias x" : "weight x", "linear");
		json_object_put(req);
	}
	/* layer_norm: with weight, bias, both or neither; eps */
	for (int affine = 0; affine < 4; affine++) {
		json_object *req = request("layer_norm");
		if (affine & 1)
			set(req, "params", "weight", rand_tensor(&r, 1, 1, DIMS(4)));
		if (affine & 2)
			set(req, "params", "bias", rand_tensor(&r, 1, 1, DIMS(4)));
		if (affine == 3)
			set(req, "options", "eps", json_object_new_double(0.01));
		int *xd = affine == 1 ? DIMS(3, 2, 4) : DIMS(3, 4);
		set(req, "inputs", "x", rand_tensor(&r, 2, affine == 1 ? 3 : 2, xd));
		set(req, "dout", "output", rand_tensor(&r, 1, affine == 1 ? 3 : 2, xd));
		const char *want[] = { "x", "weight x", "bias x", "weight bias x" };
		check_against_differences(req, want[affine], "layer_norm");
		json_object_put(req);
	}
	/* batch_norm: N x C, N x C x L and N x C x H x W; training and eval */
	const int shapes[][5] = { { 2, 4, 3 }, { 3, 3, 2, 2 }, { 4, 2, 3, 2, 2 } }; /* ndim, dims */
	for (int s = 0; s < 3; s++)
		for (int training = 0; training < 2; training++) {
			json_object *req = request("batch_norm");
			int nd = shapes[s][0], C = shapes[s][2];
			set(req, "options", "training", json_object_new_boolean(training));
			set(req, "options", "momentum", json_object_new_double(0.25));
			set(req, "params", "weight", rand_tensor(&r, 1, 1, DIMS(C)));
			set(req, "params", "bias", rand_tensor(&r, 1, 1, DIMS(C)));
			set(req, "inputs", "x", rand_tensor(&r, 2, nd, shapes[s] + 1));
			set(req, "inputs", "running_mean", rand_tensor(&r, 1, 1, DIMS(C)));
			json_object *var = json_object_new_array();
			for (int c = 0; c < C; c++)
				json_object_array_add(var, json_object_new_double(0.5 + c));
			set(req, "inputs", "running_var", var);
			set(req, "dout", "output", rand_tensor(&r, 1, nd, shapes[s] + 1));
			check_against_differences(req, "weight bias x", training ? "batch_norm training" : "batch_norm eval");
			json_object_put(req);
		}
	/* dropout: training with a mask, and eval (the identity, no mask needed) */
	json_object *req = request("dropout");
	set(req, "options", "p", json_object_new_double(0.2));
	set(req, "inputs", "x", rand_tensor(&r, 1, 2, DIMS(3, 4)));
	set(req, "inputs", "mask", parse("[[1, 0, 1, 1], [0, 0, 1, 1], [1, 1, 1, 0]]"));
	set(req, "dout", "output", rand_tensor(&r, 1, 2, DIMS(3, 4)));
	check_against_differences(req, "x", "dropout");
	json_object_put(req);
	/* embedding: indices of one and two axes, with repeats */
	req = request("embedding");
	set(req, "params", "weight", rand_tensor(&r, 1, 2, DIMS(4, 3)));
	set(req, "inputs", "indices", parse("[[0, 3], [3, 3], [1, 0]]"));
	set(req, "dout", "output", rand_tensor(&r, 1, 3, DIMS(3, 2, 3)));
	check_against_differences(req, "weight", "embedding");
	json_object_put(req);
}

/* }==== */

/* {==== Answers by hand ==== */

static json_object *answer(const char *text)
{
	json_object *req = parse(text), *resp;
	if (vjp_run(req, &resp) != ST_OK)
		fail_msg("refused: %s", status_detail());
	json_object_put(req);
	return resp;
}

static double at(json_object *resp, const char *sec, const char *key, int i)
{
	static double flat[MAX_NUMBERS];
	int n = 0;
	flatten(json_object_object_get(json_object_object_get(resp, sec), key), flat, &n);
	assert_true(i < n);
	return flat[i];
}

static void test_answers_by_hand(void **state)
{
	(void)state;
	/* x W^T + b = (1*2 + 2*3 + 1), and dW = dout x, dx = dout W */
	json_object *r = answer("{\"model\": \"linear\", \"params\": {\"weight\": [[2, 3]], \"bias\": [1]},"
				" \"inputs\": {\"x\": [1, 2]}, \"dout\": {\"output\": [2]}}");
	assert_true(at(r, "outputs", "output", 0) == 9);
	assert_true(at(r, "grads", "weight", 0) == 2 && at(r, "grads", "weight", 1) == 4);
	assert_true(at(r, "grads", "x", 0) == 4 && at(r, "grads", "x", 1) == 6);
	assert_true(at(r, "grads", "bias", 0) == 2);
	json_object_put(r);

	/* one channel (1, 3): output (-1, 1) / sqrt(1 + eps); running (0.2, 1.1) from (0, 1) */
	r = answer("{\"model\": \"batch_norm\", \"inputs\": {\"x\": [[1], [3]]}, \"dout\": {\"output\": [[1], [0]]}}");
	assert_close(-1 / sqrt(1 + 1e-5), at(r, "outputs", "output", 0), 0, 1e-15);
	assert_close(0.2, at(r, "outputs", "running_mean", 0), 0, 1e-15);
	assert_close(1.1, at(r, "outputs", "running_var", 0), 0, 1e-15);
	json_object_put(r);
	/* eval: by the running statistics given, which come back unchanged */
	r = answer("{\"model\": \"batch_norm\", \"options\": {\"training\": false, \"eps\": 0},"
		   " \"params\": {\"weight\": [3]}, \"inputs\": {\"x\": [[1], [3]], \"running_mean\": [1], \"running_var\": [4]},"
		   " \"dout\": {\"output\": [[1], [1]]}}");
	assert_true(at(r, "outputs", "output", 0) == 0 && at(r, "outputs", "output", 1) == 3);
	assert_true(at(r, "outputs", "running_mean", 0) == 1 && at(r, "outputs", "running_var", 0) == 4);
	assert_true(at(r, "grads", "x", 0) == 1.5 && at(r, "grads", "weight", 0) == 1);
	json_object_put(r);

	/* dropout: kept units times 1/(1 - p) = 4/3... with p = 0.5 exactly 2 */
	r = answer("{\"model\": \"dropout\", \"inputs\": {\"x\": [3, 5], \"mask\": [1, 0]}, \"dout\": {\"output\": [1, 1]}}");
	assert_true(at(r, "outputs", "output", 0) == 6 && at(r, "outputs", "output", 1) == 0);
	assert_true(at(r, "grads", "x", 0) == 2 && at(r, "grads", "x", 1) == 0);
	json_object_put(r);
	r = answer("{\"model\": \"dropout\", \"options\": {\"training\": 0}, \"inputs\": {\"x\": [3, 5]}, \"dout\": {\"output\": [1, 2]}}");
	assert_true(at(r, "outputs", "output", 1) == 5 && at(r, "grads", "x", 1) == 2);
	json_object_put(r);

	/* embedding: index 1 twice gathers both gradients; a bare index gives a vector */
	r = answer("{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2], [3, 4]]}, \"inputs\": {\"indices\": [1, 1]},"
		   " \"dout\": {\"output\": [[1, 10], [100, 1000]]}}");
	assert_true(at(r, "outputs", "output", 2) == 3);
	assert_true(at(r, "grads", "weight", 0) == 0 && at(r, "grads", "weight", 2) == 101 &&
		    at(r, "grads", "weight", 3) == 1010);
	json_object_put(r);
	r = answer("{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2], [3, 4]]}, \"inputs\": {\"indices\": 0},"
		   " \"dout\": {\"output\": [1, 1]}}");
	assert_true(at(r, "outputs", "output", 1) == 2);
	json_object_put(r);
}

/* }==== */

/* {==== Refusals ==== */

static void expect_refusal(const char *text, Status code, const char *message)
{
	json_object *req = parse(text), *resp = (json_object *)1;
	Status st = vjp_run(req, &resp);
	json_object_put(req);
	if (st != code || strcmp(status_detail(), message) != 0)
		fail_msg("expected %d '%s', got %d '%s'", code, message, st, status_detail());
	assert_null(resp);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_refusal("{\"model\": \"linear\", \"params\": {\"weight\": [[1, 2]]}, \"inputs\": {\"x\": [[1, 2, 3]]}, \"dout\": {}}",
		       ST_ESHAPE, "params.weight must be 1x3 (O x I, I from x), got 1x2");
	expect_refusal("{\"model\": \"linear\", \"params\": {\"weight\": [[1, 2]], \"bias\": [1, 2]}, \"inputs\": {\"x\": [1, 2]}, \"dout\": {}}",
		       ST_ESHAPE, "params.bias must be a vector of 1 (O, from weight), got a vector of 2");
	expect_refusal("{\"model\": \"linear\", \"params\": {\"weight\": [[1]], \"W\": 1}, \"inputs\": {\"x\": [1]}, \"dout\": {}}",
		       ST_EINVAL, "params: unknown key 'W' (known: weight, bias)");
	expect_refusal("{\"model\": \"layer_norm\", \"params\": {\"weight\": [1, 2]}, \"inputs\": {\"x\": [[1, 2, 3]]}, \"dout\": {}}",
		       ST_ESHAPE, "params.weight must be a vector of 3 (D, the last axis of x), got a vector of 2");
	expect_refusal("{\"model\": \"layer_norm\", \"options\": {\"eps\": -1}, \"inputs\": {\"x\": [1, 2]}, \"dout\": {}}",
		       ST_ERANGE, "options.eps must be in [0, inf], got -1");
	expect_refusal("{\"model\": \"batch_norm\", \"inputs\": {\"x\": [1, 2]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.x must be N x C, N x C x L or N x C x H x W (channels on the second axis), got a vector of 2");
	expect_refusal("{\"model\": \"batch_norm\", \"inputs\": {\"x\": [[1, 2]]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.x is 1x2: training needs more than 1 value per channel (the batch variance of one value is 0, its unbiased estimate undefined); give more rows or training false");
	expect_refusal("{\"model\": \"batch_norm\", \"inputs\": {\"x\": [[1], [2]], \"running_mean\": [0, 0]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.running_mean must be a vector of 1 (C, one per channel of x), got a vector of 2");
	expect_refusal("{\"model\": \"batch_norm\", \"options\": {\"training\": false}, \"inputs\": {\"x\": [[1], [2]], \"running_var\": [-1]}, \"dout\": {}}",
		       ST_ERANGE, "inputs.running_var[0] is -1; a variance is at least 0");
	expect_refusal("{\"model\": \"batch_norm\", \"options\": {\"momentum\": 1.5}, \"inputs\": {\"x\": [[1], [2]]}, \"dout\": {}}",
		       ST_ERANGE, "options.momentum must be in [0, 1], got 1.5");
	expect_refusal("{\"model\": \"batch_norm\", \"options\": {\"training\": \"yes\"}, \"inputs\": {\"x\": [[1], [2]]}, \"dout\": {}}",
		       ST_EINVAL, "options.training: expected true, false, 0 or 1, got a string");
	expect_refusal("{\"model\": \"batch_norm\", \"inputs\": {\"x\": [[1], [2]]}, \"dout\": {\"output\": [[1], [1]], \"running_mean\": [1]}}",
		       ST_EINVAL, "dout.running_mean: outputs.running_mean is not differentiated (a buffer, as in PyTorch), so it takes no upstream gradient");
	expect_refusal("{\"model\": \"dropout\", \"options\": {\"p\": 1}, \"inputs\": {\"x\": [1]}, \"dout\": {}}",
		       ST_ERANGE, "options.p must be in [0, 1) (the probability of dropping a unit; p = 1 would drop all and 1/(1-p) is infinite), got 1");
	expect_refusal("{\"model\": \"dropout\", \"inputs\": {\"x\": [1, 2]}, \"dout\": {}}",
		       ST_EINVAL, "inputs.mask is missing: in training dropout needs the mask (0 drops a unit, 1 keeps it; the shape of x)");
	expect_refusal("{\"model\": \"dropout\", \"inputs\": {\"x\": [[1, 2], [3, 4]], \"mask\": [[1, 0], [0.5, 1]]}, \"dout\": {}}",
		       ST_EINVAL, "inputs.mask[1][0] must be 0 or 1 (drop or keep), got 0.5");
	expect_refusal("{\"model\": \"dropout\", \"inputs\": {\"x\": [[1, 2]], \"mask\": [1, 0]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.mask must have the shape of inputs.x (1x2), got a vector of 2");
	expect_refusal("{\"model\": \"dropout\", \"params\": {\"w\": 1}, \"inputs\": {\"x\": [1]}, \"dout\": {}}",
		       ST_EINVAL, "params: unknown key 'w' (none are taken here)");
	expect_refusal("{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2], [3, 4]]}, \"inputs\": {\"indices\": [[0, 1], [2, 0]]}, \"dout\": {}}",
		       ST_ERANGE, "inputs.indices[1][0]: 2 is outside 0..1: an index into the 2 rows of params.weight");
	expect_refusal("{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2], [3, 4]]}, \"inputs\": {\"indices\": [0, -1]}, \"dout\": {}}",
		       ST_ERANGE, "inputs.indices[1]: -1 is outside 0..1: an index into the 2 rows of params.weight");
	expect_refusal("{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2]]}, \"inputs\": {\"indices\": [0.5]}, \"dout\": {}}",
		       ST_EINVAL, "inputs.indices[0]: expected a whole number, got 0.5");
	expect_refusal("{\"model\": \"embedding\", \"params\": {\"weight\": [1, 2]}, \"inputs\": {\"indices\": [0]}, \"dout\": {}}",
		       ST_ESHAPE, "params.weight must be V x D (one row per index), got a vector of 2");
	expect_refusal("{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2]]}, \"inputs\": {}, \"dout\": {}}",
		       ST_EINVAL, "inputs.indices is missing (embedding takes inputs: indices)");
}

/* A request past the limits is refused from its estimate, before anything is built. */
static void test_size_limit(void **state)
{
	(void)state;
	json_object *req = parse("{\"model\": \"linear\", \"inputs\": {}, \"dout\": {}}");
	/* 1000 x 500 weight (in the tensor limit) on 400 rows of 500: 2e8 multiply-adds. */
	Rng r;
	rng_seed(&r, 1);
	set(req, "params", "weight", rand_tensor(&r, 1, 2, DIMS(1000, 500)));
	set(req, "inputs", "x", rand_tensor(&r, 1, 2, DIMS(400, 500)));
	VjpCost c;
	assert_int_equal(vjp_estimate(req, &c), ST_ELIMIT);
	assert_true(c.macs >= 2e8);
	if (!strstr(status_detail(), "this linear would take about"))
		fail_msg("unexpected refusal: %s", status_detail());
	json_object_put(req);
}

static void test_estimate_bounds_memory(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip(); /* ASan's shadow memory and quarantine are not the program's */
#endif
	Rng r;
	rng_seed(&r, 5);
	json_object *req = request("linear");
	set(req, "params", "weight", rand_tensor(&r, 1, 2, DIMS(200, 100)));
	set(req, "params", "bias", rand_tensor(&r, 1, 1, DIMS(200)));
	set(req, "inputs", "x", rand_tensor(&r, 1, 2, DIMS(300, 100)));
	set(req, "dout", "output", rand_tensor(&r, 1, 2, DIMS(300, 200)));
	expect_estimate_bounds(req, "linear");
	json_object_put(req);
	req = request("layer_norm");
	set(req, "params", "weight", rand_tensor(&r, 1, 1, DIMS(100)));
	set(req, "inputs", "x", rand_tensor(&r, 1, 2, DIMS(500, 100)));
	set(req, "dout", "output", rand_tensor(&r, 1, 2, DIMS(500, 100)));
	expect_estimate_bounds(req, "layer_norm");
	json_object_put(req);
	req = request("batch_norm");
	set(req, "params", "weight", rand_tensor(&r, 1, 1, DIMS(8)));
	set(req, "inputs", "x", rand_tensor(&r, 1, 4, DIMS(20, 8, 16, 16)));
	set(req, "dout", "output", rand_tensor(&r, 1, 4, DIMS(20, 8, 16, 16)));
	expect_estimate_bounds(req, "batch_norm");
	json_object_put(req);
	req = request("dropout");
	set(req, "options", "training", json_object_new_boolean(0));
	set(req, "inputs", "x", rand_tensor(&r, 1, 1, DIMS(50000)));
	set(req, "dout", "output", rand_tensor(&r, 1, 1, DIMS(50000)));
	expect_estimate_bounds(req, "dropout");
	json_object_put(req);
	req = request("embedding");
	set(req, "params", "weight", rand_tensor(&r, 1, 2, DIMS(50, 64)));
	json_object *idx = json_object_new_array();
	for (int i = 0; i < 1000; i++)
		json_object_array_add(idx, json_object_new_int(rng_below(&r, 50)));
	set(req, "inputs", "indices", idx);
	set(req, "dout", "output", rand_tensor(&r, 1, 2, DIMS(1000, 64)));
	expect_estimate_bounds(req, "embedding");
	json_object_put(req);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	const char *reqs[] = {
		"{\"model\": \"linear\", \"params\": {\"weight\": [[2, 3]], \"bias\": [1]}, \"inputs\": {\"x\": [1, 2]}, \"dout\": {\"output\": [2]}}",
		"{\"model\": \"layer_norm\", \"params\": {\"weight\": [1, 2]}, \"inputs\": {\"x\": [1, 2]}, \"dout\": {\"output\": [2, 1]}}",
		"{\"model\": \"batch_norm\", \"params\": {\"bias\": [1]}, \"inputs\": {\"x\": [[1], [3]], \"running_var\": [2]}, \"dout\": {\"output\": [[1], [0]]}}",
		"{\"model\": \"dropout\", \"inputs\": {\"x\": [3, 5], \"mask\": [1, 0]}, \"dout\": {\"output\": [1, 1]}}",
		"{\"model\": \"embedding\", \"params\": {\"weight\": [[1, 2], [3, 4]]}, \"inputs\": {\"indices\": [1, 1]}, \"dout\": {\"output\": [[1, 10], [100, 1000]]}}",
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		json_object *req = parse(reqs[i]);
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
		cmocka_unit_test(test_against_differences),
		cmocka_unit_test(test_answers_by_hand),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_estimate_bounds_memory),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
