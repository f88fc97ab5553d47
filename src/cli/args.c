/* args: long-option parsing with typed, range-checked values. */
#include "cli/args.h"

#include "cli/lang.h"
#include "core/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, v, n) == 0)
			return 1;
		if (!bar)
			break;
		p = bar + 1;
	}
	return 0;
}

static int range_error(const char *cmd, const Opt *o, const char *v, FILE *err)
{
	if (o->lo_open)
		fprintf(err, "gradlab %s: --%s must be greater than %g and at most %g, got '%s'\n",
			cmd, o->name, o->lo, o->hi, v);
	else
		fprintf(err, "gradlab %s: --%s must be between %g and %g, got '%s'\n", cmd,
			o->name, o->lo, o->hi, v);
	return ARGS_ERROR;
}

static int set_value(const char *cmd, const Opt *o, const char *v, FILE *err)
{
	char *end;
	errno = 0;
	switch (o->kind) {
	case OPT_INT: {
		long x = strtol(v, &end, 10);
		if (end == v || *end || errno) {
			fprintf(err, "gradlab %s: --%s expects a whole number, got '%s'\n", cmd,
				o->name, v);
			return ARGS_ERROR;
		}
		if (x < o->lo || x > o->hi || (o->lo_open && x == o->lo))
			return range_error(cmd, o, v, err);
		*(int *)o->dst = (int)x;
		return ARGS_OK;
	}
	case OPT_U64: {
		unsigned long long x = strtoull(v, &end, 10);
		if (end == v || *end || errno || v[0] == '-') {
			fprintf(err, "gradlab %s: --%s expects a non-negative whole number, got '%s'\n",
				cmd, o->name, v);
			return ARGS_ERROR;
		}
		*(uint64_t *)o->dst = x;
		return ARGS_OK;
	}
	case OPT_DOUBLE: {
		double x = strtod(v, &end);
		if (end == v || *end || !isfinite(x)) {
			fprintf(err, "gradlab %s: --%s expects a finite number, got '%s'\n", cmd,
				o->name, v);
			return ARGS_ERROR;
		}
		if (x < o->lo || x > o->hi || (o->lo_open && x == o->lo))
			return range_error(cmd, o, v, err);
		*(double *)o->dst = x;
		return ARGS_OK;
	}
	case OPT_STRING:
		if (o->choices && !in_choices(o->choices, v)) {
			fprintf(err, "gradlab %s: --%s must be one of %s, got '%s'\n", cmd, o->name,
				o->choices, v);
			return ARGS_ERROR;
		}
		*(const char **)o->dst = v;
		return ARGS_OK;
	case OPT_FLAG:
		*(int *)o->dst = 1;
		return ARGS_OK;
	}
	return ARGS_ERROR;
}

int args_parse(const char *cmd, const Opt *opts, int argc, char **argv, const char **pos,
	       int max_pos, int *n_pos, FILE *err)
{
	*n_pos = 0;
	int only_positional = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
			if (*n_pos == max_pos) {
				fprintf(err, "gradlab %s: unexpected argument '%s'\n", cmd, a);
				return ARGS_ERROR;
			}
			pos[(*n_pos)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return ARGS_HELP;
		if (a[1] != '-') {
			fprintf(err, "gradlab %s: unknown option '%s' (options are long: --name)\n",
				cmd, a);
			return ARGS_ERROR;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const Opt *o = NULL;
		for (const Opt *p = opts; p->name; p++)
			if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
				o = p;
		if (!o) {
			fprintf(err, "gradlab %s: unknown option '--%.*s' (see 'gradlab %s --help')\n",
				cmd, (int)len, name, cmd);
			return ARGS_ERROR;
		}
		const char *v;
		if (o->kind == OPT_FLAG) {
			if (eq) {
				fprintf(err, "gradlab %s: --%s takes no value\n", cmd, o->name);
				return ARGS_ERROR;
			}
			v = "";
		} else if (eq) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			fprintf(err, "gradlab %s: --%s needs a value (%s)\n", cmd, o->name,
				o->meta ? o->meta : "a value");
			return ARGS_ERROR;
		}
		int rc = set_value(cmd, o, v, err);
		if (rc != ARGS_OK)
			return rc;
	}
	return ARGS_OK;
}

/* text from column col on, wrapped at ARGS_HELP_WIDTH columns on spaces, every further line
 * starting at column indent; a word wider than a line is written whole. */
static void print_wrapped(FILE *out, const char *text, int col, int indent)
{
	int first = 1;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		int w = utf8_cols_n(p, len);
		if (!first && col + 1 + w > ARGS_HELP_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, len, out);
		col += w;
		first = 0;
		p += len;
	}
	fputc('\n', out);
}

void args_print_options(const Opt *opts, FILE *out)
{
	enum { NAME_COLS = 22, HELP_COL = 2 + NAME_COLS + 1 };
	for (const Opt *o = opts; o->name; o++) {
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", o->name, o->meta ? " " : "",
			 o->meta ? o->meta : "");
		fprintf(out, "  ");
		lang_put_left(out, left, NAME_COLS);
		fputc(' ', out);
		int col = 2 + (utf8_cols(left) > NAME_COLS ? utf8_cols(left) : NAME_COLS) + 1;
		print_wrapped(out, o->help, col, HELP_COL);
	}
}
