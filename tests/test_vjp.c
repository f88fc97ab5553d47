/* test_vjp: `gradlab grad`'s engine. Every model's answer is held against central finite
 * differences of L = sum <dout, output> taken through the JSON itself (so the layouts of
 * T x B x I, h0 and the gradients are checked too, not just the ops); hand-computed cases
 * are exact; bad requests are refused with the JSON path; every out-of-memory path. */
#include "test_util.h"
#include "vjp_memory.h"

#include "check/io.h"
#include "check/vjp.h"
#include "core/mem.h"
#include "core/rng.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* {==== Building requests ==== */

static json_object *parse(const char *text)
{
	json_object *j;
	if (io_parse_json("test", text, strlen(text), &j) != ST_OK)
		fail_msg("bad test JSON: %s", status_detail());
	return j;
}

/* Normal values of the given shape (ndim 0..3) times scale. */
static json_object *rand_tensor(Rng *r, double scale, int ndim, int d0, int d1, int d2)
{
	if (ndim == 0)
		return io_number(scale * rng_normal(r));
	int dims[3] = { d0, d1, d2 };
	json_object *arr = json_object_new_array();
	for (int i = 0; i < dims[0]; i++)
		json_object_array_add(arr, rand_tensor(r, scale, ndim - 1, dims[1], dims[2], 0));
	return arr;
}

static json_object *section(json_object *req, const char *name)
{
	json_object *s;
	if (!json_object_object_get_ex(req, name, &s)) {
		s = json_object_new_object();
		json_object_object_add(req, name, s);
	}
	return s;
}

static void set(json_object *req, const char *sec, const char *key, json_object *value)
{
	json_object_object_add(section(req, sec), key, value);
}

/* }==== */

/* {==== Finite differences through the JSON ==== */

/* Where one number of the request sits: parent[idx] for an array, parent[key] for an object. */
typedef struct Leaf {
	json_object *parent;
	int idx;
	const char *key;
} Leaf;

static void leaves(json_object *parent, int idx, const char *key, Leaf *out, int *n)
{
	json_object *j = key ? json_object_object_get(parent, key) : json_object_array_get_idx(parent, idx);
	if (json_object_is_type(j, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(j); i++)
			leaves(j, (int)i, NULL, out, n);
		return;
	}
	out[(*n)++] = (Leaf){ parent, idx, key };
}

static double leaf_get(const Leaf *l)
{
	json_object *j = l->key ? json_object_object_get(l->parent, l->key)
				: json_object_array_get_idx(l->parent, (size_t)l->idx);
	return json_object_get_double(j);
}

static void leaf_set(const Leaf *l, double v)
{
	if (l->key)
		json_object_object_add(l->parent, l->key, json_object_new_double(v));
	else
		json_object_array_put_idx(l->parent, (size_t)l->idx, json_object_new_double(v));
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

#define MAX_LEAVES 4096

/* sum over dout's keys of <dout[k], outputs[k]> for the answer to req */
static double loss_of(json_object *req)
{
	json_object *resp;
	if (vjp_run(req, &resp) != ST_OK)
		fail_msg("request refused: %s", status_detail());
	static double a[MAX_LEAVES], b[MAX_LEAVES];
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

/* Every number of params and inputs that has a gradient, against central differences. */
static void check_against_differences(json_object *req, const char *label)
{
	json_object *resp;
	if (vjp_run(req, &resp) != ST_OK)
		fail_msg("%s: request refused: %s", label, status_detail());
	json_object *grads = json_object_object_get(resp, "grads");
	const char *sections[] = { "params", "inputs" };
	int checked = 0;
	for (int s = 0; s < 2; s++) {
		json_object *sec;
		if (!json_object_object_get_ex(req, sections[s], &sec))
			continue;
		json_object_object_foreach(sec, key, val) {
			(void)val;
			json_object *g;
			if (!json_object_object_get_ex(grads, key, &g)) {
				if (strcmp(key, "target") && strcmp(key, "mask"))
					fail_msg("%s: no gradient for %s.%s", label, sections[s], key);
				if (strcmp(json_object_object_get(req, "model") ? json_object_get_string(json_object_object_get(req, "model")) : "", "mse") == 0)
					fail_msg("%s: mse's target is real-valued and needs a gradient", label);
				continue;
			}
			static Leaf ls[MAX_LEAVES];
			static double analytic[MAX_LEAVES];
			int n = 0, na = 0;
			leaves(sec, 0, key, ls, &n);
			flatten(g, analytic, &na);
			assert_int_equal(n, na);
			for (int i = 0; i < n; i++) {
				const double eps = 1e-6;
				double v = leaf_get(&ls[i]);
				leaf_set(&ls[i], v + eps);
				double Lp = loss_of(req);
				leaf_set(&ls[i], v - eps);
				double Lm = loss_of(req);
				leaf_set(&ls[i], v);
				double numeric = (Lp - Lm) / (2 * eps);
				if (!close_enough(numeric, analytic[i], 1e-7, 1e-5))
					fail_msg("%s: grads.%s element %d: numeric %.12g, analytic %.12g", label,
						 key, i, numeric, analytic[i]);
				checked++;
			}
		}
	}
	assert_true(checked > 0);
	json_object_put(resp);
}

/* }==== */

/* {==== Every model against finite differences ==== */

static json_object *recurrent_request(Rng *r, const char *model, const char *nonlinearity, int T,
				      int B, int I, int H, int h0_ndim, int dout_states)
{
	int G = strcmp(model, "lstm") == 0 ? 4 : strcmp(model, "gru") == 0 ? 3 : 1;
	json_object *req = json_object_new_object();
	json_object_object_add(req, "model", json_object_new_string(model));
	if (nonlinearity)
		set(req, "options", "nonlinearity", json_object_new_string(nonlinearity));
	set(req, "params", "weight_ih", rand_tensor(r, 0.5, 2, G * H, I, 0));
	set(req, "params", "weight_hh", rand_tensor(r, 0.5, 2, G * H, H, 0));
	set(req, "params", "bias_ih", rand_tensor(r, 0.5, 1, G * H, 0, 0));
	set(req, "params", "bias_hh", rand_tensor(r, 0.5, 1, G * H, 0, 0));
	int batched = B > 0;
	set(req, "inputs", "x", batched ? rand_tensor(r, 1, 3, T, B, I) : rand_tensor(r, 1, 2, T, I, 0));
	const char *states[] = { "h0", G == 4 ? "c0" : NULL };
	const char *finals[] = { "h_n", G == 4 ? "c_n" : NULL };
	for (int k = 0; k < 2 && states[k]; k++) {
		json_object *s = NULL;
		if (h0_ndim == 1)
			s = rand_tensor(r, 0.5, 1, H, 0, 0);                     /* H */
		else if (h0_ndim == 2)
			s = rand_tensor(r, 0.5, 2, batched ? B : 1, H, 0);       /* B x H or 1 x H */
		else if (h0_ndim == 3)
			s = rand_tensor(r, 0.5, 3, 1, B, H);                     /* 1 x B x H */
		if (s)
			set(req, "inputs", states[k], s);
		if (dout_states)
			set(req, "dout", finals[k], batched ? rand_tensor(r, 1, 2, B, H, 0) : rand_tensor(r, 1, 1, H, 0, 0));
	}
	set(req, "dout", "output", batched ? rand_tensor(r, 1, 3, T, B, H) : rand_tensor(r, 1, 2, T, H, 0));
	return req;
}

static void test_recurrent_against_differences(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 17);
	const struct {
		const char *model, *act;
		int T, B, I, H, h0_ndim, dout_states;
	} cases[] = {
		{ "rnn", NULL, 4, 0, 3, 2, 1, 1 },
		{ "rnn", "relu", 3, 2, 2, 3, 3, 1 },
		{ "rnn", "sigmoid", 3, 0, 2, 2, 2, 0 },
		{ "rnn", "linear", 2, 2, 2, 2, 0, 1 },
		{ "lstm", NULL, 3, 2, 2, 2, 2, 1 },
		{ "lstm", NULL, 3, 0, 3, 2, 0, 0 },
		{ "lstm", NULL, 2, 0, 2, 3, 1, 1 },
		{ "gru", NULL, 3, 2, 2, 2, 3, 1 },
		{ "gru", NULL, 4, 0, 3, 2, 1, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_object *req = recurrent_request(&r, cases[i].model, cases[i].act, cases[i].T, cases[i].B,
						     cases[i].I, cases[i].H, cases[i].h0_ndim,
						     cases[i].dout_states);
		char label[64];
		snprintf(label, sizeof label, "%s case %zu", cases[i].model, i);
		check_against_differences(req, label);
		json_object_put(req);
	}
}

static void test_attention_against_differences(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 23);
	const char *scores[] = { "dot", "scaled_dot", "general", "additive" };
	for (int s = 0; s < 4; s++)
		for (int variant = 0; variant < 2; variant++) {
			/* variant 1: one query as a vector, a mask, and no dout for the weights */
			int Tq = 3, Tk = 4, d = 3, dv = 2, A = 5;
			json_object *req = json_object_new_object();
			json_object_object_add(req, "model", json_object_new_string("attention"));
			set(req, "options", "score", json_object_new_string(scores[s]));
			if (s == 2)
				set(req, "params", "W", rand_tensor(&r, 0.5, 2, d, d, 0));
			if (s == 3) {
				set(req, "params", "W_q", rand_tensor(&r, 0.5, 2, A, d, 0));
				set(req, "params", "W_k", rand_tensor(&r, 0.5, 2, A, d, 0));
				set(req, "params", "v", rand_tensor(&r, 0.5, 1, A, 0, 0));
			}
			set(req, "inputs", "query", variant ? rand_tensor(&r, 1, 1, d, 0, 0) : rand_tensor(&r, 1, 2, Tq, d, 0));
			set(req, "inputs", "keys", rand_tensor(&r, 1, 2, Tk, d, 0));
			set(req, "inputs", "values", rand_tensor(&r, 1, 2, Tk, dv, 0));
			if (variant) {
				set(req, "inputs", "mask", parse("[1, false, true, 0]"));
				set(req, "dout", "context", rand_tensor(&r, 1, 1, dv, 0, 0));
			} else {
				set(req, "dout", "context", rand_tensor(&r, 1, 2, Tq, dv, 0));
				set(req, "dout", "weights", rand_tensor(&r, 1, 2, Tq, Tk, 0));
			}
			char label[64];
			snprintf(label, sizeof label, "attention %s variant %d", scores[s], variant);
			check_against_differences(req, label);
			json_object_put(req);
		}
}

static void test_functions_against_differences(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 29);
	const struct {
		const char *model, *option;
		double value;
		int ndim;
	} cases[] = {
		{ "sigmoid", NULL, 0, 2 }, { "tanh", NULL, 0, 3 }, { "relu", NULL, 0, 1 },
		{ "leaky_relu", "negative_slope", 0.2, 2 }, { "elu", "alpha", 0.5, 2 },
		{ "elu", NULL, 0, 0 }, { "softmax", NULL, 0, 3 }, { "log_softmax", NULL, 0, 2 },
		{ "softmax", NULL, 0, 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_object *req = json_object_new_object();
		json_object_object_add(req, "model", json_object_new_string(cases[i].model));
		if (cases[i].option)
			set(req, "options", cases[i].option, json_object_new_double(cases[i].value));
		set(req, "inputs", "x", rand_tensor(&r, 1, cases[i].ndim, 2, 3, 4));
		set(req, "dout", "output", rand_tensor(&r, 1, cases[i].ndim, 2, 3, 4));
		check_against_differences(req, cases[i].model);
		json_object_put(req);
	}
	json_object *req = parse("{\"model\": \"mse\", \"dout\": {\"loss\": 0.7}}");
	set(req, "inputs", "pred", rand_tensor(&r, 1, 2, 3, 2, 0));
	set(req, "inputs", "target", rand_tensor(&r, 1, 2, 3, 2, 0));
	check_against_differences(req, "mse");
	json_object_put(req);
	req = parse("{\"model\": \"cross_entropy\", \"inputs\": {\"target\": [2, 0, 3]}, \"dout\": {\"loss\": -1.5}}");
	set(req, "inputs", "logits", rand_tensor(&r, 1, 2, 3, 4, 0));
	check_against_differences(req, "cross_entropy");
	json_object_put(req);
	req = parse("{\"model\": \"cross_entropy\", \"inputs\": {\"target\": 1}, \"dout\": {\"loss\": 1}}");
	set(req, "inputs", "logits", rand_tensor(&r, 1, 1, 3, 0, 0));
	check_against_differences(req, "cross_entropy, one sample");
	json_object_put(req);
}

/* }==== */

/* {==== Exact answers ==== */

static json_object *answer(const char *request)
{
	json_object *req = parse(request), *resp;
	if (vjp_run(req, &resp) != ST_OK)
		fail_msg("refused: %s", status_detail());
	json_object_put(req);
	return resp;
}

static double at(json_object *resp, const char *sec, const char *key, int i)
{
	static double flat[MAX_LEAVES];
	int n = 0;
	flatten(json_object_object_get(json_object_object_get(resp, sec), key), flat, &n);
	assert_true(i < n);
	return flat[i];
}

static void test_exact_answers(void **state)
{
	(void)state;
	json_object *r = answer("{\"model\": \"sigmoid\", \"inputs\": {\"x\": 0}, \"dout\": {\"output\": 1}}");
	assert_true(at(r, "outputs", "output", 0) == 0.5);
	assert_true(at(r, "grads", "x", 0) == 0.25);
	json_object_put(r);

	/* mean of (1, 4) = 2.5; dpred = 2 (pred - target) / 2 */
	r = answer("{\"model\": \"mse\", \"inputs\": {\"pred\": [1, 2], \"target\": [0, 0]}, \"dout\": {\"loss\": 1}}");
	assert_true(at(r, "outputs", "loss", 0) == 2.5);
	assert_true(at(r, "grads", "pred", 0) == 1 && at(r, "grads", "pred", 1) == 2);
	assert_true(at(r, "grads", "target", 0) == -1 && at(r, "grads", "target", 1) == -2);
	json_object_put(r);

	/* equal logits: loss log 4, gradient softmax - onehot = (1/4, 1/4, -3/4, 1/4) */
	r = answer("{\"model\": \"cross_entropy\", \"inputs\": {\"logits\": [[0, 0, 0, 0]], \"target\": [2]}, \"dout\": {\"loss\": 1}}");
	assert_close(log(4.0), at(r, "outputs", "loss", 0), 0, 1e-15);
	assert_close(0.25, at(r, "grads", "logits", 0), 0, 1e-15);
	assert_close(-0.75, at(r, "grads", "logits", 2), 0, 1e-15);
	json_object_put(r);

	/* A linear rnn by hand: h1 = 2*1 + 0.5*1 + 0.5 = 3, h2 = 2*2 + 0.5*3 + 0.5 = 6. With dout
	 * (0, 1): dh2 = 1, dh1 = 0.5, dh0 = 0.25; dW_ih = 1*2 + 0.5*1; dW_hh = 1*3 + 0.5*1. */
	r = answer("{\"model\": \"rnn\", \"options\": {\"nonlinearity\": \"linear\"},"
		   " \"params\": {\"weight_ih\": [[2]], \"weight_hh\": [[0.5]], \"bias_ih\": [0.25], \"bias_hh\": [0.25]},"
		   " \"inputs\": {\"x\": [[1], [2]], \"h0\": [1]}, \"dout\": {\"output\": [[0], [1]]}}");
	assert_true(at(r, "outputs", "output", 0) == 3 && at(r, "outputs", "output", 1) == 6);
	assert_true(at(r, "outputs", "h_n", 0) == 6);
	assert_true(at(r, "grads", "weight_ih", 0) == 2.5);
	assert_true(at(r, "grads", "weight_hh", 0) == 3.5);
	assert_true(at(r, "grads", "bias_ih", 0) == 1.5 && at(r, "grads", "bias_hh", 0) == 1.5);
	assert_true(at(r, "grads", "x", 0) == 1 && at(r, "grads", "x", 1) == 2);
	assert_true(at(r, "grads", "h0", 0) == 0.25);
	json_object_put(r);

	/* equal scores: uniform weights; a masked key: weight exactly 0, its value row no gradient */
	r = answer("{\"model\": \"attention\", \"options\": {\"score\": \"dot\"},"
		   " \"inputs\": {\"query\": [0, 0], \"keys\": [[1, 2], [3, 4], [5, 6]], \"values\": [[1], [2], [4]], \"mask\": [1, 1, 0]},"
		   " \"dout\": {\"context\": [1]}}");
	assert_true(at(r, "outputs", "weights", 0) == 0.5 && at(r, "outputs", "weights", 2) == 0.0);
	assert_true(at(r, "outputs", "context", 0) == 1.5);
	assert_true(at(r, "grads", "values", 0) == 0.5 && at(r, "grads", "values", 2) == 0.0);
	json_object_put(r);
}

/* Leaving out an optional dout is the same as giving zeros. */
static void test_omitted_dout_is_zeros(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 3);
	json_object *a = recurrent_request(&r, "lstm", NULL, 3, 2, 2, 2, 2, 0);
	json_object *b = NULL;
	assert_int_equal(json_object_deep_copy(a, &b, NULL), 0);
	set(b, "dout", "h_n", parse("[[0, 0], [0, 0]]"));
	set(b, "dout", "c_n", parse("[[0, 0], [0, 0]]"));
	json_object *ra, *rb;
	assert_int_equal(vjp_run(a, &ra), ST_OK);
	assert_int_equal(vjp_run(b, &rb), ST_OK);
	assert_string_equal(json_object_to_json_string(ra), json_object_to_json_string(rb));
	json_object_put(ra);
	json_object_put(rb);
	json_object_put(a);
	json_object_put(b);
}

/* }==== */

/* {==== Refusals ==== */

static void expect_refusal(const char *request, Status code, const char *message)
{
	json_object *req = parse(request), *resp = (json_object *)1;
	Status st = vjp_run(req, &resp);
	json_object_put(req);
	if (st != code || strcmp(status_detail(), message) != 0)
		fail_msg("expected %d '%s', got %d '%s'", code, message, st, status_detail());
	assert_null(resp);
}

#define RNN_PARAMS "\"params\": {\"weight_ih\": [[1], [1]], \"weight_hh\": [[1, 1], [1, 1]], \"bias_ih\": [0, 0], \"bias_hh\": [0, 0]}"

static void test_refusals_name_the_path(void **state)
{
	(void)state;
	expect_refusal("{\"model\": \"lstm\", \"params\": {\"weight_ih\": [[1],[1],[1],[1],[1],[1],[1],[1],[1],[1],[1],[1],[1],[1],[1],[1]],"
		       " \"weight_hh\": [[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1],[1,1,1]],"
		       " \"bias_ih\": [0], \"bias_hh\": [0]}, \"inputs\": {\"x\": [[1]]}, \"dout\": {}}",
		       ST_ESHAPE, "params.weight_hh must be 16x4 (4H x H), got 16x3");
	expect_refusal("{\"model\": \"rnn\", " RNN_PARAMS ", \"inputs\": {\"x\": [[1, 2]]}, \"dout\": {}}",
		       ST_ESHAPE, "params.weight_ih must be 2x2 (H x I), got 2x1");
	expect_refusal("{\"model\": \"rnn\", " RNN_PARAMS ", \"inputs\": {\"x\": [[1]], \"h0\": [[1, 2]], \"c0\": [1]}, \"dout\": {}}",
		       ST_EINVAL, "inputs: unknown key 'c0' (known: x, h0)");
	expect_refusal("{\"model\": \"rnn\", " RNN_PARAMS ", \"inputs\": {\"x\": [[[1]], [[2]]], \"h0\": [1, 2]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.h0 must be 1x2 (B x H, or 1x1x2 as PyTorch has it), got a vector of 2");
	expect_refusal("{\"model\": \"rnn\", " RNN_PARAMS ", \"inputs\": {\"x\": [[1], [2]]}, \"dout\": {\"h_n\": [1, 1]}}",
		       ST_EINVAL, "dout.output is missing: the upstream gradient of outputs.output (2x2)");
	expect_refusal("{\"model\": \"rnn\", " RNN_PARAMS ", \"inputs\": {\"x\": [[1], [2]]}, \"dout\": {\"output\": [[1, 1]]}}",
		       ST_ESHAPE, "dout.output must be 2x2, the shape of outputs.output, got 1x2");
	expect_refusal("{\"model\": \"rnn\", " RNN_PARAMS ", \"inputs\": {\"x\": [[1], [2]]}, \"dout\": {\"output\": [[1, 1], [1, 1]], \"c_n\": [1, 1]}}",
		       ST_EINVAL, "dout: unknown key 'c_n' (known: output, h_n)");
	expect_refusal("{\"model\": \"rnn\", \"params\": {\"weight_ih\": [[1], [1]]}, \"inputs\": {\"x\": [[1]]}, \"dout\": {}}",
		       ST_EINVAL, "params.weight_hh is missing (rnn takes params: weight_ih, weight_hh, bias_ih, bias_hh)");
	expect_refusal("{\"model\": \"gru\", \"options\": {\"nonlinearity\": \"relu\"}, \"inputs\": {}, \"dout\": {}}",
		       ST_EINVAL, "options: unknown key 'nonlinearity' (gru takes no options)");
	expect_refusal("{\"model\": \"rnn\", \"options\": {\"nonlinearity\": \"softplus\"}, \"inputs\": {}, \"dout\": {}}",
		       ST_EINVAL, "options.nonlinearity must be tanh, relu, sigmoid or linear, got 'softplus'");
	expect_refusal("{\"model\": \"attention\", \"options\": {\"score\": \"general\"}, \"params\": {\"W\": [[1, 0], [0, 1]]},"
		       " \"inputs\": {\"query\": [[1, 2, 3]], \"keys\": [[1, 2, 3]], \"values\": [[1]]}, \"dout\": {}}",
		       ST_ESHAPE, "params.W must be 3x3 (d x d), got 2x2");
	expect_refusal("{\"model\": \"attention\", \"inputs\": {\"query\": [[1, 2]], \"keys\": [[1, 2, 3]], \"values\": [[1]]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.keys must be 1x2 (Tk x d, d from the query), got 1x3");
	expect_refusal("{\"model\": \"attention\", \"inputs\": {\"query\": [[1, 2]], \"keys\": [[1, 2]], \"values\": [[1], [2]]}, \"dout\": {}}",
		       ST_ESHAPE, "inputs.values must be 1 x dv (Tk x dv, one row per key), got 2x1");
	expect_refusal("{\"model\": \"attention\", \"inputs\": {\"query\": [[1, 2]], \"keys\": [[1, 2], [3, 4]], \"values\": [[1], [2]], \"mask\": [0, false]}, \"dout\": {}}",
		       ST_EINVAL, "inputs.mask hides all 2 keys; every query needs at least one key to attend to");
	expect_refusal("{\"model\": \"attention\", \"params\": {\"W\": [[1]]}, \"inputs\": {}, \"dout\": {}}",
		       ST_EINVAL, "params: unknown key 'W' (attention with score scaled_dot takes no parameters)");
	expect_refusal("{\"model\": \"cross_entropy\", \"inputs\": {\"logits\": [[1, 2]], \"target\": [2]}, \"dout\": {\"loss\": 1}}",
		       ST_ERANGE, "inputs.target[0]: 2 is outside 0..1: a class index of 2 classes");
	expect_refusal("{\"model\": \"cross_entropy\", \"inputs\": {\"logits\": [[1, 2]], \"target\": [0.5]}, \"dout\": {\"loss\": 1}}",
		       ST_EINVAL, "inputs.target[0]: expected a whole number, got 0.5");
	expect_refusal("{\"model\": \"mse\", \"inputs\": {\"pred\": [1e200], \"target\": [-1e200]}, \"dout\": {\"loss\": 1}}",
		       ST_ENONFINITE, "outputs.loss is inf, which JSON cannot hold: the inputs overflow a double");
	expect_refusal("{\"model\": \"mse\", \"inputs\": {\"pred\": [1], \"target\": [1]}, \"dout\": {\"loss\": [1]}}",
		       ST_ESHAPE, "dout.loss must be a number, the shape of outputs.loss, got a vector of 1");
	expect_refusal("{\"model\": \"tanh\", \"inputs\": {\"x\": [1]}}", ST_EINVAL, "dout is missing");
	expect_refusal("{\"model\": \"tanh\", \"inputs\": {\"x\": [1]}, \"dout\": []}", ST_EINVAL,
		       "dout must be an object {...}, got an array");
	expect_refusal("{\"model\": 3}", ST_EINVAL,
		       "model must be a string (one of rnn, lstm, gru, attention, sigmoid, tanh, relu, leaky_relu, elu, softmax, log_softmax, mse, cross_entropy, bce_with_logits, linear, layer_norm, batch_norm, dropout, embedding, conv1d, conv2d, max_pool2d, avg_pool2d), got a number");
	expect_refusal("{\"inputs\": {}}", ST_EINVAL,
		       "model is missing (one of rnn, lstm, gru, attention, sigmoid, tanh, relu, leaky_relu, elu, softmax, log_softmax, mse, cross_entropy, bce_with_logits, linear, layer_norm, batch_norm, dropout, embedding, conv1d, conv2d, max_pool2d, avg_pool2d)");
	expect_refusal("[]", ST_EINVAL, "the request must be a JSON object {...}, got an array");
	/* A whole request of null is null, not a syntax error. */
	expect_refusal("null", ST_EINVAL, "the request must be a JSON object {...}, got null");
	/* What the request holds is quoted escaped: no raw control character reaches a terminal. */
	expect_refusal("{\"model\": \"tan\\nh\\u001b[31m\", \"inputs\": {}, \"dout\": {}}", ST_EINVAL,
		       "model: unknown model 'tan\\x0Ah\\x1B[31m' (known: rnn, lstm, gru, attention, sigmoid, tanh, relu, leaky_relu, elu, softmax, log_softmax, mse, cross_entropy, bce_with_logits, linear, layer_norm, batch_norm, dropout, embedding, conv1d, conv2d, max_pool2d, avg_pool2d)");
	expect_refusal("{\"model\": \"tanh\", \"inputs\": {\"x\": [1], \"\\u0007\": 1}, \"dout\": {}}", ST_EINVAL,
		       "inputs: unknown key '\\x07' (known: x)");
	expect_refusal("{\"model\": \"tanh\", \"options\": {\"\\u0007\": 1}, \"inputs\": {}, \"dout\": {}}", ST_EINVAL,
		       "options: unknown key '\\x07' (tanh takes no options)");
	expect_refusal("{\"model\": \"rnn\", \"options\": {\"nonlinearity\": \"\\u009b\"}, \"inputs\": {}, \"dout\": {}}", ST_EINVAL,
		       "options.nonlinearity must be tanh, relu, sigmoid or linear, got '\\u009B'");
}

/* A request within every tensor limit that the tape would make huge (an lstm with H = 1 and
 * T = 500000 took 2.5 GB and 15 s on the per-op graph; its fused steps still hold three nodes
 * a step, about 0.6 GB) is refused before it is built, with its estimate. */
static void test_size_limit(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 1);
	json_object *req = recurrent_request(&r, "lstm", NULL, 500000, 0, 1, 1, 0, 0);
	json_object *resp = (json_object *)1;
	assert_int_equal(vjp_run(req, &resp), ST_ELIMIT);
	assert_null(resp);
	const char *d = status_detail();
	if (!strstr(d, "this lstm would take about 8") || !strstr(d, " MB of memory (1.5e+06 tape nodes,") ||
	    !strstr(d, "; the limit is 256 MB"))
		fail_msg("unexpected refusal: %s", d);
	VjpCost c;
	assert_int_equal(vjp_estimate(req, &c), ST_ELIMIT);
	assert_true(vjp_cost_bytes(&c) > VJP_MAX_BYTES);
	json_object_put(req);

	/* Work alone: products too long for a second, in memory within the limit. */
	req = recurrent_request(&r, "rnn", NULL, 450, 0, 1, 700, 0, 0);
	assert_int_equal(vjp_estimate(req, &c), ST_ELIMIT);
	assert_true(vjp_cost_bytes(&c) < VJP_MAX_BYTES);
	if (!strstr(status_detail(), "this rnn would take about") || !strstr(status_detail(), "units of work") ||
	    !strstr(status_detail(), "the limit is 1e+09, about a second"))
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
	const struct {
		const char *model;
		int T, B, I, H;
	} cases[] = {
		{ "lstm", 10000, 0, 1, 1 }, /* nodes dominate */
		{ "gru", 8000, 0, 1, 2 },
		{ "rnn", 20000, 0, 1, 1 },
		{ "lstm", 500, 4, 8, 32 }, /* values dominate */
		{ "gru", 150, 8, 16, 64 },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		json_object *req = recurrent_request(&r, cases[k].model, NULL, cases[k].T, cases[k].B,
						     cases[k].I, cases[k].H, 0, 0);
		expect_estimate_bounds(req, cases[k].model);
		json_object_put(req);
	}
	/* The answer dominates: an elementwise function of 150000 numbers. */
	json_object *req = json_object_new_object();
	json_object_object_add(req, "model", json_object_new_string("tanh"));
	set(req, "inputs", "x", rand_tensor(&r, 1, 1, 150000, 0, 0));
	set(req, "dout", "output", rand_tensor(&r, 1, 1, 150000, 0, 0));
	expect_estimate_bounds(req, "tanh");
	json_object_put(req);
	/* Attention: score matrices of Tq x Tk x A. */
	req = json_object_new_object();
	json_object_object_add(req, "model", json_object_new_string("attention"));
	set(req, "options", "score", json_object_new_string("additive"));
	set(req, "params", "W_q", rand_tensor(&r, 0.5, 2, 32, 4, 0));
	set(req, "params", "W_k", rand_tensor(&r, 0.5, 2, 32, 4, 0));
	set(req, "params", "v", rand_tensor(&r, 0.5, 1, 32, 0, 0));
	set(req, "inputs", "query", rand_tensor(&r, 1, 2, 200, 4, 0));
	set(req, "inputs", "keys", rand_tensor(&r, 1, 2, 200, 4, 0));
	set(req, "inputs", "values", rand_tensor(&r, 1, 2, 200, 3, 0));
	set(req, "dout", "context", rand_tensor(&r, 1, 2, 200, 3, 0));
	expect_estimate_bounds(req, "attention");
	json_object_put(req);
	/* conv2d and max_pool2d (helper conv): x and the output 1 x 2 x 300 x 300 */
	const char *const spatial[] = { "conv2d", "max_pool2d" };
	for (int k = 0; k < 2; k++) {
		req = json_object_new_object();
		json_object_object_add(req, "model", json_object_new_string(spatial[k]));
		json_object *x = json_object_new_array(), *dy = json_object_new_array();
		json_object_array_add(x, rand_tensor(&r, 1, 3, 2, 300, 300));
		json_object_array_add(dy, rand_tensor(&r, 1, 3, 2, 300, 300));
		set(req, "inputs", "x", x);
		set(req, "dout", "output", dy);
		if (k == 0) {
			json_object *w = json_object_new_array();
			for (int c = 0; c < 2; c++)
				json_object_array_add(w, rand_tensor(&r, 0.5, 3, 2, 3, 3));
			set(req, "params", "weight", w);
			set(req, "params", "bias", rand_tensor(&r, 0.5, 1, 2, 0, 0));
			set(req, "options", "padding", json_object_new_int(1));
		} else {
			set(req, "options", "kernel_size", json_object_new_int(3));
			set(req, "options", "stride", json_object_new_int(1));
			set(req, "options", "padding", json_object_new_int(1));
		}
		expect_estimate_bounds(req, spatial[k]);
		json_object_put(req);
	}
}

/* Every allocation vjp makes can fail: each failure is ST_ENOMEM, never a crash or a leak. */
static void test_out_of_memory(void **state)
{
	(void)state;
	Rng r;
	rng_seed(&r, 5);
	json_object *reqs[] = {
		recurrent_request(&r, "lstm", NULL, 3, 2, 2, 2, 2, 1),
		parse("{\"model\": \"attention\", \"options\": {\"score\": \"additive\"},"
		      " \"params\": {\"W_q\": [[1, 0]], \"W_k\": [[0, 1]], \"v\": [2]},"
		      " \"inputs\": {\"query\": [[1, 2]], \"keys\": [[1, 2], [3, 4]], \"values\": [[1], [2]], \"mask\": [1, 0]},"
		      " \"dout\": {\"context\": [[1]], \"weights\": [[1, 2]]}}"),
		parse("{\"model\": \"cross_entropy\", \"inputs\": {\"logits\": [[1, 2]], \"target\": [1]}, \"dout\": {\"loss\": 1}}"),
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		for (long n = 0;; n++) {
			json_object *resp;
			mem_fail_after(n);
			Status st = vjp_run(reqs[i], &resp);
			mem_fail_after(-1);
			if (st == ST_OK) {
				json_object_put(resp);
				break;
			}
			if (st != ST_ENOMEM)
				fail_msg("request %zu, allocation %ld: %d %s", i, n, st, status_detail());
		}
		json_object_put(reqs[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recurrent_against_differences),
		cmocka_unit_test(test_attention_against_differences),
		cmocka_unit_test(test_functions_against_differences),
		cmocka_unit_test(test_exact_answers),
		cmocka_unit_test(test_omitted_dout_is_zeros),
		cmocka_unit_test(test_refusals_name_the_path),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_estimate_bounds_memory),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
