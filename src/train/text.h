/* text: the text a character-level language model learns (`gradlab train charlm`). In
 * src/train, on core/utf8, core/file and core/datadir. A character is a Unicode code point:
 * the bytes are decoded as UTF-8 (core/utf8) and a byte that is not UTF-8 is refused with the
 * file and its offset, never replaced. The vocabulary is the sorted set of the text's code
 * points; the text is kept as indices into it. */
#ifndef GRADLAB_TEXT_H
#define GRADLAB_TEXT_H

#include "core/status.h"

#include <stddef.h>
#include <stdint.h>

#define TEXT_MAX_BYTES ((size_t)64 << 20)
/* The source that names the book's own lessons: "lessons" (English) or "lessons:LANG". */
#define TEXT_LESSONS "lessons"

typedef struct CharText {
	char name[512];     /* the file, or "lessons:en": for messages */
	long n;             /* characters */
	int *id;            /* n indices into vocab */
	unsigned *vocab;    /* the sorted distinct code points */
	int vocab_size;
	uint64_t hash;      /* FNV-1a 64 of the bytes: which text a checkpoint was made on */
} CharText;

/* The len bytes of bytes (need hold no NUL) as a text; name is for messages. ST_EPARSE
 * "NAME: not UTF-8 at byte OFFSET" for a malformed byte, ST_EINVAL for an empty text. */
Status chartext_from_bytes(const char *bytes, size_t len, const char *name, CharText **out);

/* The text source names: a file, or NULL / "lessons" for the English lessons and
 * "lessons:LANG" for another language's: every .md file in LANG/ of the lessons folder (found as the
 * book finds it, core/datadir) in name order, joined. ST_EIO naming what is missing. */
Status chartext_load(const char *source, CharText **out);
void chartext_free(CharText *t);

/* The index of cp in the vocabulary, -1 when the text has no such character. */
int chartext_index(const CharText *t, unsigned cp);

#endif
