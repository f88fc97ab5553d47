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

const char *status_detail(void)
{
	return detail;
}

void status_clear(void)
{
	detail[0] = '\0';
}
