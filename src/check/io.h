/* io: JSON in and out, through json-c. In src/check, above core. Reads one JSON document
 * from a file or standard input with a size limit and a line and column for every syntax
 * error, and converts between JSON arrays and Mat: a number, a flat array (a vector), an
 * array of rows (a matrix), an array of matrices and so on up to IO_MAX_NDIM, each with errors that give the path to
 * the bad element ("params.weight_hh[3][1] is not a number, got a string"). */
#ifndef GRADLAB_IO_H
#define GRADLAB_IO_H

#include "core/mat.h"
#include "core/status.h"

#include <json-c/json.h>
#include <stdio.h>

#define IO_MAX_BYTES (16u << 20)   /* the largest document read: 16 MiB */
#define IO_MAX_VALUES 500000       /* the most numbers in one tensor */
/* The most values in one document: room for the largest tensor and its dout. json-c keeps
 * about 70 bytes for each value and the answer as much again, so this bounds memory. */
#define IO_MAX_DOC_VALUES 1100000
/* The highest rank of a tensor: N x C x H x W and a little room above it. */
#define IO_MAX_NDIM 6
/* The deepest nesting of arrays and objects in a document (json-c's default). */
#define IO_MAX_DEPTH 32

/* A tensor's shape as JSON nests it: ndim 0 is a bare number, 1 a flat array, 2 an array of
 * rows, 3 an array of matrices, and so on up to IO_MAX_NDIM. Its Mat is 1x1 for a number,
 * 1 x dim[0] for a vector, and otherwise (the product of every dim but the last) x the last:
 * dim[0] x dim[1] for a matrix, (dim[0]*dim[1]) x dim[2] for rank 3. Row-major order is the
 * JSON order throughout. */
typedef struct IoShape {
	int ndim;
	int dim[IO_MAX_NDIM];
} IoShape;

/* {==== Documents ==== */
/* Read all of path ("-": the stream in) and parse one JSON value. *out is the caller's
 * (json_object_put). ST_EIO "cannot open/read NAME: reason", ST_ELIMIT when larger than
 * IO_MAX_BYTES or holding more than IO_MAX_DOC_VALUES values, ST_EPARSE
 * "NAME:LINE:COLUMN: what is wrong". NAME is "<stdin>" for "-", else path quoted with
 * io_quote (cut after 240 characters or 255 bytes). */
Status io_read_json(const char *path, FILE *in, json_object **out);
/* Parse text (len bytes) as one JSON value, refusing anything after it; name prefixes the
 * messages as above. Line and column count from 1; a column counts characters. A document
 * of just null gives *out NULL (json-c's null). Beyond JSON's syntax, refused with the
 * line, column and JSON path ("NAME:1:30: inputs.x[2]: ..."): a duplicate key in an
 * object, \u0000 in a string or key, a raw control character or malformed UTF-8 in a
 * string, a lone surrogate escape, a number outside RFC 8259's grammar ("5.", "-01") and an
 * integer beyond 64 bits. A leading byte-order mark is skipped. */
Status io_parse_json(const char *name, const char *text, size_t len, json_object **out);
/* Where and why a text was refused, as values, for a caller that names the file in its own
 * words (a state file). */
typedef struct IoParseError {
	int line, col;   /* as in the messages above; 0 when the refusal has no place in the
			    text (out of memory) */
	char what[520];  /* what is wrong, without the name, line and column ("a: a duplicate
			    key"); with no place, the whole of status_detail() */
} IoParseError;
/* io_parse_json, and when it refuses the text, *err says where and why. */
Status io_parse_json_at(const char *name, const char *text, size_t len, json_object **out,
			IoParseError *err);
/* err in words into buf: "line L, column C: what is wrong", or what alone with no place. */
const char *io_parse_words(const IoParseError *err, char *buf, size_t size);
/* }==== */

/* {==== Reading values ==== */
/* s (NUL-terminated text from the input) made safe to quote in a one-line message, in buf:
 * shown by the one escaping rule (core/quote's quote_escape: C0 controls, DEL and bytes that
 * are not UTF-8 as \xNN, C1 controls, U+2028/9, bidirectional controls and noncharacters as
 * \uXXXX, a backslash doubled where it could be read as an escape), and cut with "..." after
 * max_chars characters or when buf is full. */
const char *io_quote(char *buf, size_t size, const char *s, size_t max_chars);
/* "an object", "an array", "a string", "a number", "true", "false", "null". */
const char *io_type_name(json_object *j);
/* ST_OK when j is an object whose keys are all in known (NULL-terminated), otherwise
 * ST_EINVAL naming path and the key: "options: unknown key 'foo' (known: score)". */
Status io_check_object(json_object *j, const char *path, const char *const *known);
/* A finite number: ST_EINVAL for any other type, ST_ENONFINITE for NaN or infinity (an
 * integer beyond 64 bits never gets here: io_parse_json refuses it). */
Status io_number_from_json(json_object *j, const char *path, double *out);
/* A whole number in [lo, hi] (an integer literal, or a number with no fraction); one
 * outside is refused as "PATH: N is outside LO..HI", N exactly as written for an integer. */
Status io_int_from_json(json_object *j, const char *path, int lo, int hi, int *out);
/* true, false, 0 or 1, as 1 or 0. */
Status io_flag_from_json(json_object *j, const char *path, int *out);
/* A tensor of finite numbers, nested at most IO_MAX_NDIM deep, every row as long as the
 * first, no empty array, at most IO_MAX_VALUES numbers. *out is a new Mat. */
Status io_tensor_from_json(json_object *j, const char *path, IoShape *shape, Mat **out);
/* A number or a flat array of what io_int_from_json (lo, hi) or io_flag_from_json (when
 * flags is set) accepts: *out gets a new array (mem_free) and shape its shape. */
Status io_ints_from_json(json_object *j, const char *path, int flags, int lo, int hi,
			 IoShape *shape, int **out);
/* }==== */

/* {==== Shapes ==== */
size_t io_shape_size(const IoShape *s);
int io_shape_equal(const IoShape *a, const IoShape *b);
/* "a number", "a vector of 4", "3x4", "2x3x4", "1x2x3x4", in buf (at least 48 bytes, room
 * for IO_MAX_NDIM dims whose product is at most IO_MAX_VALUES). */
const char *io_shape_str(const IoShape *s, char *buf, size_t size);
/* The JSON path of flat element k of a tensor at path with shape s: "grads.x[1][2]". */
void io_element_path(char *buf, size_t size, const char *path, const IoShape *s, size_t k);
/* The Mat layout of a shape (see IoShape). */
void io_shape_mat(const IoShape *s, int *rows, int *cols);
/* }==== */

/* {==== Writing values ==== */
/* A number in the fewest digits (15 to 17) that read back as the same double; NULL when x
 * is not finite, as JSON has no NaN or infinity. */
json_object *io_number(double x);
/* m laid out as shape (whose size must match); NULL when out of memory or a value is not
 * finite. */
json_object *io_tensor_to_json(const Mat *m, const IoShape *shape);
/* Write j as indented JSON, a matrix one row to a line, and a newline; ST_EIO when the
 * stream fails. */
Status io_write_json(FILE *out, json_object *j);
/* }==== */

#endif
