/* status: the thread-local detail of the last failure. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char detail[512];

Status status_fail(Status s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	return s;
}

Status status_range(const char *name, int value, int lo, int hi)
{
	if (value >= lo && value <= hi)
		return ST_OK;
	return status_fail(ST_ELIMIT, "%s must be between %d and %d, got %d", name, lo, hi, value);
}

Status status_name_index(const char *what, const char *const *names, int n, const char *name,
			 int *index)
{
	for (int i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0) {
			*index = i;
			return ST_OK;
		}
	char known[512] = "";
	size_t len = 0;
	for (int i = 0; i < n && len < sizeof known; i++) {
		int w = snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "", names[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return status_fail(ST_EINVAL, "unknown %s '%s' (known: %s)", what, name, known);
}

const char *status_detail(void)
{
	return detail;
}

void status_clear(void)
{
	detail[0] = '\0';
}
