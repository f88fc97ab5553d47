/* status: code table and the thread-local detail of the last failure. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char detail[512];

const char *status_name(Status s)
{
#define STATUS_STR(name, msg) msg,
	static const char *const names[] = { STATUS_LIST(STATUS_STR) };
#undef STATUS_STR
	return (s >= 0 && s < ST_COUNT) ? names[s] : "unknown status";
}

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
