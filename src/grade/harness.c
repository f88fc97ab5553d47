/* harness: the cases the harness program reads, and the parser of what it writes back. */
#include "grade/harness.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

_Static_assert((int)CK_IN == PROTO_ROLE_IN && (int)CK_OUT == PROTO_ROLE_OUT &&
		       (int)CK_GRAD == PROTO_ROLE_GRAD && (int)CK_INOUT == PROTO_ROLE_INOUT &&
		       (int)CK_AUX == PROTO_ROLE_AUX,
	       "the roles travel as numbers");
_Static_assert(CK_MAX_TENSORS == PROTO_MAX_TENSORS, "the harness holds as many tensors");

/* {==== The cases, as the harness program reads them ==== */

typedef struct Out {
	unsigned char *p;
	size_t len, cap;
	int failed;
} Out;

static void put(Out *o, const void *src, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n > o->cap) {
		unsigned char *g = mem_grow(o->p, &o->cap, o->len + n, 4096);
		if (!g) {
			o->failed = 1;
			return;
		}
		o->p = g;
	}
	memcpy(o->p + o->len, src, n);
	o->len += n;
}

Status harness_input(const CkCheck *check, uint64_t seed, uint64_t token, unsigned char **data,
		     size_t *len)
{
	*data = NULL;
	*len = 0;
	Out o = { 0 };
	InHead h = { PROTO_MAGIC, token, { 0 }, 0, CK_GUARD };
	snprintf(h.check, sizeof h.check, "%s", check->name);
	h.n_cases = (uint32_t)(check->n_cases < HARNESS_MAX_CASES ? check->n_cases
								 : HARNESS_MAX_CASES);
	put(&o, &h, sizeof h);
	for (uint32_t k = 0; k < h.n_cases; k++) {
		CkCase c;
		Status st = checks_case_make(check, seed, (int)k, &c);
		if (st != ST_OK) {
			mem_free(o.p);
			return st;
		}
		_Static_assert(sizeof ((InCase *)0)->dim == sizeof ((CkCase *)0)->dim && sizeof ((InCase *)0)->scalar == sizeof ((CkCase *)0)->scalar,
			       "a case's sizes and numbers go to the harness program as they are");
		InCase ic = { c.n, c.target ? c.dim[CK_DIM_B] : 0, { 0 }, { 0 } };
		memcpy(ic.dim, c.dim, sizeof ic.dim);
		memcpy(ic.scalar, c.scalar, sizeof ic.scalar);
		put(&o, &ic, sizeof ic);
		for (int i = 0; i < ic.n_target; i++) {
			int32_t v = c.target[i];
			put(&o, &v, sizeof v);
		}
		for (int i = 0; i < c.n; i++) {
			const CkTensor *t = &c.t[i];
			InTensor it = { { 0 }, (int32_t)t->role, t->rows, t->cols, 0 };
			snprintf(it.name, sizeof it.name, "%s", t->name);
			put(&o, &it, sizeof it);
			put(&o, t->mem, ((size_t)t->rows * (size_t)t->cols + 2 * CK_GUARD) * sizeof(double));
		}
		checks_case_free(&c);
	}
	if (o.failed) {
		mem_free(o.p);
		return status_fail(ST_ENOMEM, "grader: out of memory for the cases");
	}
	*data = o.p;
	*len = o.len;
	return ST_OK;
}

/* }==== */

/* {==== Parent ==== */

/* The first thing on the channel that does not belong: what (a GM_GARBLE_ id, whose text
 * takes a and b, or fewer) and its numbers. */
static void garble(HarnessReport *r, GradeMsg what, unsigned a, unsigned b)
{
	if (r->garbled)
		return;
	r->garbled = 1;
	r->garble = what;
	r->garble_a = a;
	r->garble_b = b;
}

static void copy_text(char *dst, size_t size, const unsigned char *p, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

Status harness_parse(const unsigned char *data, size_t len, uint64_t token, const CkCheck *check,
		     HarnessReport *out)
{
	memset(out, 0, sizeof *out);
	int n_cases = check->n_cases < HARNESS_MAX_CASES ? check->n_cases : HARNESS_MAX_CASES;
	size_t at = 0;
	while (at < len) {
		RecHead h;
		if (len - at < sizeof h) {
			garble(out, GM_GARBLE_RECORD_LEFT, (unsigned)(len - at), 0);
			break;
		}
		memcpy(&h, data + at, sizeof h);
		at += sizeof h;
		if (h.token != token) {
			garble(out, GM_GARBLE_FOREIGN, 0, 0);
			break;
		}
		if (h.bytes > len - at) {
			garble(out, GM_GARBLE_CUT, 0, 0);
			break;
		}
		const unsigned char *p = data + at;
		at += h.bytes;
		if (out->done) {
			garble(out, GM_GARBLE_AFTER_LAST, 0, 0);
			break;
		}
		switch (h.kind) {
		case REC_LOADED:
			out->loaded = 1;
			break;
		case REC_LOADERR:
			copy_text(out->load_error, sizeof out->load_error, p, h.bytes);
			break;
		case REC_MISSING:
			copy_text(out->missing, sizeof out->missing, p, h.bytes);
			break;
		case REC_INTERNAL:
			copy_text(out->internal, sizeof out->internal, p, h.bytes);
			break;
		case REC_BEGIN:
		case REC_END:
			if (h.kase >= (uint32_t)n_cases) {
				garble(out, GM_GARBLE_CASE_RANGE, h.kase, (unsigned)n_cases);
				break;
			}
			if (h.kind == REC_BEGIN) {
				if (out->cases[h.kase].begun)
					garble(out, GM_GARBLE_BEGAN_TWICE, h.kase, 0);
				out->cases[h.kase].begun = 1;
			} else {
				out->cases[h.kase].ended = 1;
			}
			break;
		case REC_TENSOR: {
			if (h.kase >= (uint32_t)n_cases || h.slot >= CK_MAX_TENSORS ||
			    h.bytes % sizeof(double) != 0) {
				garble(out, GM_GARBLE_ARRAY, h.kase, h.slot);
				break;
			}
			HarnessCase *c = &out->cases[h.kase];
			if (c->got[h.slot]) {
				garble(out, GM_GARBLE_ARRAY_TWICE, h.kase, h.slot);
				break;
			}
			c->got[h.slot] = mem_alloc(h.bytes ? h.bytes : 1);
			if (!c->got[h.slot]) {
				harness_report_free(out);
				return status_fail(ST_ENOMEM, "grader: out of memory for the results");
			}
			memcpy(c->got[h.slot], p, h.bytes);
			c->len[h.slot] = h.bytes / sizeof(double);
			break;
		}
		case REC_DONE:
			out->done = 1;
			break;
		default:
			garble(out, GM_GARBLE_KIND, h.kind, 0);
			break;
		}
		if (out->garbled)
			break;
	}
	return ST_OK;
}

void harness_report_free(HarnessReport *r)
{
	if (!r)
		return;
	for (int k = 0; k < HARNESS_MAX_CASES; k++)
		for (int i = 0; i < CK_MAX_TENSORS; i++) {
			mem_free(r->cases[k].got[i]);
			r->cases[k].got[i] = NULL;
		}
}

/* }==== */
