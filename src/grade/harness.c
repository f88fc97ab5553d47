/* harness: the child's side (load, make every case, call, send) and the parent's parser. */
#include "grade/harness.h"

#include "core/mem.h"
#include "grade/sandbox.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum {
	REC_LOADED = 0x4c4f4144,
	REC_LOADERR,
	REC_MISSING,
	REC_INTERNAL,
	REC_BEGIN,
	REC_TENSOR,
	REC_END,
	REC_DONE,
};

typedef struct RecHead {
	uint64_t token;
	uint32_t kind, kase, slot, pad;
	uint64_t bytes; /* payload after the header */
} RecHead;

/* {==== Child ==== */

static void send_all(int fd, const void *buf, size_t n)
{
	if (sandbox_write_all(fd, buf, n) != 0)
		_exit(0); /* the channel is gone: the parent will say so */
}

static void send_rec(int fd, const HarnessJob *job, uint32_t kind, int kase, int slot,
		     const void *payload, size_t bytes)
{
	RecHead h = { job->token, kind, (uint32_t)kase, (uint32_t)slot, 0, bytes };
	send_all(fd, &h, sizeof h);
	if (bytes)
		send_all(fd, payload, bytes);
}

static void send_text(int fd, const HarnessJob *job, uint32_t kind, const char *text)
{
	send_rec(fd, job, kind, 0, 0, text, strlen(text));
}

int harness_child(void *ctx, int fd)
{
	const HarnessJob *job = ctx;
	const CkCheck *check = job->check;
	pid_t me = getpid();
	CkCase cases[HARNESS_MAX_CASES];
	int n = check->n_cases < HARNESS_MAX_CASES ? check->n_cases : HARNESS_MAX_CASES;
	/* Every case is built before any learner code runs, so a damaged heap cannot stop the
	 * grader's own allocations. */
	for (int k = 0; k < n; k++)
		if (checks_case_make(check, job->seed, k, &cases[k]) != ST_OK) {
			send_text(fd, job, REC_INTERNAL, status_detail());
			return 0;
		}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", job->so_fd);
	void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (getpid() != me)
		_exit(0); /* a constructor forked: only the original reports */
	if (!so) {
		const char *e = dlerror();
		send_text(fd, job, REC_LOADERR, e ? e : "unknown error");
		return 0;
	}
	send_rec(fd, job, REC_LOADED, 0, 0, NULL, 0);
	void *fn[CK_MAX_NEEDS] = { 0 };
	for (int i = 0; i < CK_MAX_NEEDS && check->needs[i]; i++) {
		dlerror();
		fn[i] = dlsym(so, check->needs[i]);
		if (!fn[i]) {
			send_text(fd, job, REC_MISSING, check->needs[i]);
			return 0;
		}
	}
	for (int k = 0; k < n; k++) {
		CkCase *c = &cases[k];
		send_rec(fd, job, REC_BEGIN, k, 0, NULL, 0);
		check->call(c, fn);
		if (getpid() != me)
			_exit(0);
		for (int i = 0; i < c->n; i++) {
			const CkTensor *t = &c->t[i];
			if (t->role == CK_AUX)
				continue;
			size_t values = (size_t)t->rows * (size_t)t->cols + 2 * CK_GUARD;
			send_rec(fd, job, REC_TENSOR, k, i, t->mem, values * sizeof(double));
		}
		send_rec(fd, job, REC_END, k, 0, NULL, 0);
	}
	send_rec(fd, job, REC_DONE, 0, 0, NULL, 0);
	return 0;
}

/* }==== */

/* {==== Parent ==== */

/* The first thing on the channel that does not belong, in English and in Chinese (both
 * formats take a and b, or neither). */
static void garble(HarnessReport *r, const char *fmt, const char *fmt_zh, unsigned a, unsigned b)
{
	if (r->garbled)
		return;
	r->garbled = 1;
	snprintf(r->garble, sizeof r->garble, fmt, a, b);
	snprintf(r->garble_zh, sizeof r->garble_zh, fmt_zh, a, b);
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
			garble(out, "the result channel ends in the middle of a record (%u bytes left)",
			       "结果通道在一条记录的中间结束了（还剩 %u 字节）", (unsigned)(len - at), 0);
			break;
		}
		memcpy(&h, data + at, sizeof h);
		at += sizeof h;
		if (h.token != token) {
			garble(out, "the result channel holds bytes the grader did not write "
				    "(something else wrote to its descriptor)",
			       "结果通道里有不是评分器写入的字节（有别的代码写了它的文件描述符）", 0, 0);
			break;
		}
		if (h.bytes > len - at) {
			garble(out, "a record on the result channel is cut short",
			       "结果通道上的一条记录被截断了", 0, 0);
			break;
		}
		const unsigned char *p = data + at;
		at += h.bytes;
		if (out->done) {
			garble(out, "records came after the last one (did the code fork?)",
			       "最后一条记录之后还有记录（代码调用了 fork？）", 0, 0);
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
				garble(out, "a record names case %u of %u", "一条记录指向用例 %u（共 %u 个）",
				       h.kase, (unsigned)n_cases);
				break;
			}
			if (h.kind == REC_BEGIN) {
				if (out->cases[h.kase].begun)
					garble(out, "case %u began twice (did the code fork?)",
					       "用例 %u 开始了两次（代码调用了 fork？）", h.kase, 0);
				out->cases[h.kase].begun = 1;
			} else {
				out->cases[h.kase].ended = 1;
			}
			break;
		case REC_TENSOR: {
			if (h.kase >= (uint32_t)n_cases || h.slot >= CK_MAX_TENSORS ||
			    h.bytes % sizeof(double) != 0) {
				garble(out, "a malformed array record (case %u, array %u)",
				       "格式错误的数组记录（用例 %u，数组 %u）", h.kase, h.slot);
				break;
			}
			HarnessCase *c = &out->cases[h.kase];
			if (c->got[h.slot]) {
				garble(out, "case %u sent array %u twice (did the code fork?)",
				       "用例 %u 把数组 %u 发送了两次（代码调用了 fork？）", h.kase, h.slot);
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
			garble(out, "an unknown record kind %u on the result channel",
			       "结果通道上有未知的记录类型 %u", h.kind, 0);
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
