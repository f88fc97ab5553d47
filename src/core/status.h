/* status: the error codes every fallible function returns, and the last error's detail.
 * Sits at the bottom of src/core. A code says which kind of failure; a failing call records
 * a sentence naming what was wrong, which the CLI prints. The detail is thread-local, so
 * workers never see each other's messages. A broken invariant of gradlab's own is not a
 * Status but a GL_ASSERT (core/invariant.h). */
#ifndef GRADLAB_STATUS_H
#define GRADLAB_STATUS_H

typedef enum Status {
	ST_OK = 0,      /* ok; callers test "if (st)" */
	ST_ENOMEM,      /* out of memory */
	ST_ESHAPE,      /* shape mismatch */
	ST_EINVAL,      /* invalid argument */
	ST_ERANGE,      /* value out of range */
	ST_ENONFINITE,  /* non-finite value */
	ST_ELIMIT,      /* beyond a stated limit */
	ST_EPARSE,      /* malformed input */
	ST_EIO,         /* input/output error */
	ST_EFAIL        /* check failed */
} Status;

/* Record a detail for the failure and return s; printf-style. */
Status status_fail(Status s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ST_OK when lo <= value <= hi; otherwise ST_ELIMIT with the detail "NAME must be between
 * LO and HI, got VALUE" (name as the user typed it: "--steps"). The one range check of a
 * size option, so that every command words it alike. */
Status status_range(const char *name, int value, int lo, int hi);

/* ST_OK with *index the place of name among names[0..n-1]; otherwise ST_EINVAL with the
 * detail "unknown WHAT 'NAME' (known: a, b, c)", the list read from the table itself. The
 * one lookup of a name a user gives (an activation, a score, a layer kind). */
Status status_name_index(const char *what, const char *const *names, int n, const char *name,
			 int *index);

/* The detail recorded by the last status_fail on this thread ("" if none). */
const char *status_detail(void);
void status_clear(void);

#endif
