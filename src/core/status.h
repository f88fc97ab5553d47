/* status: the error codes every fallible function returns, and the last error's detail.
 * Sits at the bottom of src/core. Codes and their short messages come from one X-macro
 * table (as tig does); a failing call records a sentence naming what was wrong, which the
 * CLI prints. The detail is thread-local, so workers never see each other's messages. */
#ifndef GRADLAB_STATUS_H
#define GRADLAB_STATUS_H

#define STATUS_LIST(X)                                   \
	X(ST_OK, "ok")                                   \
	X(ST_ENOMEM, "out of memory")                    \
	X(ST_ESHAPE, "shape mismatch")                   \
	X(ST_EINVAL, "invalid argument")                 \
	X(ST_ERANGE, "value out of range")               \
	X(ST_ENONFINITE, "non-finite value")             \
	X(ST_ELIMIT, "beyond a stated limit")            \
	X(ST_EPARSE, "malformed input")                  \
	X(ST_EIO, "input/output error")                  \
	X(ST_EFAIL, "check failed")

#define STATUS_ENUM(name, msg) name,
typedef enum Status { STATUS_LIST(STATUS_ENUM) ST_COUNT } Status;
#undef STATUS_ENUM

/* The short, fixed message of a code. */
const char *status_name(Status s);

/* Record a detail for the failure and return s; printf-style. */
Status status_fail(Status s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The detail recorded by the last status_fail on this thread ("" if none). */
const char *status_detail(void);
void status_clear(void);

#endif
