/* number: reading a quiz's number, decimal, power or fraction; see number.h. A tiny
 * recursive descent over one fixed grammar:
 *
 *   value    = [sign] power ['/' [sign] power]
 *   power    = decimal ['^' [sign] decimal]
 *   decimal  = digits ['.' digits] [('e'|'E') [sign] digits]   (".5" and "5." too)
 *
 * Decimals go through strtod (so 0.1 reads as the C literal would), the rest through
 * pow and one division; a result that is not finite is refused, never returned. */
#include "learn/number.h"

#include "core/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct Reader {
	const char *s;
	size_t i;
	NumberError err;
	size_t at;
} Reader;

static void skip_spaces(Reader *r)
{
	while (r->s[r->i] == ' ' || r->s[r->i] == '\t')
		r->i++;
}

static int fail(Reader *r, NumberError e, size_t at)
{
	if (r->err == NUMBER_OK) {
		r->err = e;
		r->at = at;
	}
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An optional sign: -1 or +1. */
static double sign(Reader *r)
{
	skip_spaces(r);
	char c = r->s[r->i];
	if (c != '-' && c != '+')
		return 1;
	r->i++;
	skip_spaces(r);
	return c == '-' ? -1 : 1;
}

/* A decimal without sign. Its characters are checked here, not by strtod, which would
 * also take "inf", "nan" and hex. */
static int decimal(Reader *r, double *x)
{
	const char *s = r->s;
	size_t i = r->i, digits = 0;
	while (is_digit(s[i]))
		i++, digits++;
	if (s[i] == '.') {
		i++;
		while (is_digit(s[i]))
			i++, digits++;
	}
	if (digits == 0)
		return fail(r, NUMBER_EXPECTED, r->i);
	if (s[i] == 'e' || s[i] == 'E') {
		size_t e = i + 1;
		if (s[e] == '-' || s[e] == '+')
			e++;
		if (!is_digit(s[e]))
			return fail(r, NUMBER_EXPECTED, e);
		while (is_digit(s[e]))
			e++;
		i = e;
	}
	/* strtod on a copy of the checked span alone: on the text itself it would read on
	 * (0x10 as sixteen). */
	char small[128], *buf = small;
	size_t n = i - r->i;
	if (n >= sizeof small && !(buf = mem_alloc(n + 1)))
		return fail(r, NUMBER_NOT_FINITE, r->i);   /* no memory: not read, never a crash */
	memcpy(buf, s + r->i, n);
	buf[n] = '\0';
	*x = strtod(buf, NULL);
	if (buf != small)
		mem_free(buf);
	if (!isfinite(*x))
		return fail(r, NUMBER_NOT_FINITE, r->i);
	r->i = i;
	return 1;
}

static int power(Reader *r, double *x)
{
	size_t start = r->i;
	if (!decimal(r, x))
		return 0;
	skip_spaces(r);
	if (r->s[r->i] != '^')
		return 1;
	r->i++;
	double s = sign(r), e;
	if (!decimal(r, &e))
		return 0;
	*x = pow(*x, s * e);
	if (!isfinite(*x))
		return fail(r, NUMBER_NOT_FINITE, start);
	return 1;
}

NumberError number_parse(const char *s, double *x, size_t *at)
{
	Reader r = { s ? s : "", 0, NUMBER_OK, 0 };
	double top, bottom = 1;
	skip_spaces(&r);
	if (!r.s[r.i]) {
		fail(&r, NUMBER_EMPTY, 0);
		goto done;
	}
	double sg = sign(&r);
	if (!power(&r, &top))
		goto done;
	top *= sg;
	skip_spaces(&r);
	if (r.s[r.i] == '/') {
		r.i++;
		size_t bottom_at = r.i;
		double bs = sign(&r);
		if (!power(&r, &bottom))
			goto done;
		bottom *= bs;
		if (bottom == 0) {
			while (r.s[bottom_at] == ' ' || r.s[bottom_at] == '\t')
				bottom_at++;
			fail(&r, NUMBER_DIVIDE_BY_ZERO, bottom_at);
			goto done;
		}
		skip_spaces(&r);
	}
	if (r.s[r.i]) {
		fail(&r, NUMBER_UNEXPECTED, r.i);
		goto done;
	}
	double v = top / bottom;
	if (!isfinite(v)) {
		fail(&r, NUMBER_NOT_FINITE, 0);
		goto done;
	}
	*x = v;
done:
	if (at)
		*at = r.err == NUMBER_OK ? 0 : r.at;
	return r.err;
}
