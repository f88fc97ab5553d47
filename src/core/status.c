/* status: the thread-local detail of the last failure. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>

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

const char *status_detail(void)
{
	return detail;
}

void status_clear(void)
{
	detail[0] = '\0';
}
