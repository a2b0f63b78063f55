/* SPDX-License-Identifier: ISC */
/*
 * record.h: the record stream of DESIGN 3: reader, record view, builder,
 * writer.
 *
 * A stream is a plain concatenation of msgpack values, one map per record,
 * with no header:
 *
 *   +--------------+--------------+-----+
 *   | map record 1 | map record 2 | ... |        plain framing
 *   +--------------+--------------+-----+
 *
 * With -z every record is COBS-encoded (so it holds no 0x00 byte) and
 * followed by one 0x00, which lets GNU parallel --recend '\0' split a
 * stream only at record boundaries:
 *
 *   +------------------+----+------------------+----+
 *   | COBS(record 1)   | 00 | COBS(record 2)   | 00 |   -z framing
 *   +------------------+----+------------------+----+
 *
 * Reading: rr_open(), then rr_next() until it returns 0 (clean EOF) or -1
 * (error, message already printed; rr_status() says which exit status).
 * A record larger than the cap, a garbage length prefix, EOF inside a
 * record, a value nested deeper than REC_MAX_DEPTH containers and a
 * top-level value that is not a map are data errors, found before
 * anything is allocated for the record.  A top-level value is decoded by
 * msgpack-c (mp.h) when first asked for: rec_kv.obj.  The struct rec filled by
 * rr_next() points into the reader's buffer and is valid until the next
 * rr_next() or rr_close().
 *
 * Writing: a struct rb builds one map (pass-through keys copied as raw
 * bytes, then the program's own keys); rw_put_rb() frames and buffers it.
 * rw_close() flushes, checks and (for -o FILE) renames the temporary file
 * into place.
 */
#ifndef WIKIPIPE_RECORD_H
#define WIKIPIPE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "cobs.h"
#include "mp.h"
#include "suite.h"
#include "util.h"

#define REC_MAX_DEFAULT ((size_t)64 << 20)	/* 64 MiB */
/* Nesting cap (the record's own map is level 1): what msgpack-c's
 * decoder can hold (MP_MAX_DEPTH); recursive consumers stay within the
 * stack, and rec-dump's JSON (up to 3 levels per msgpack container) stays
 * within the JSON reader's 512. */
#define REC_MAX_DEPTH MP_MAX_DEPTH

/* One key/value pair of a record's top-level map: its bytes (for
 * pass-through, copied as they came) and the value decoded. */
struct rec_kv {
	const unsigned char *kraw;	/* the key's encoded bytes */
	size_t klen_raw;
	const char *key;		/* str key payload, NULL if not a str */
	size_t klen;
	const unsigned char *val;	/* the value's encoded bytes */
	size_t vlen;
	msgpack_object obj;		/* the value, by msgpack-c (rec_get) */
	int lazy;			/* not decoded yet (rec_get decodes) */
};

/* One record: a view of a msgpack map and where it came from. */
struct rec {
	const unsigned char *raw;	/* the whole encoded map */
	size_t len;
	struct rec_kv *kv;		/* top-level pairs, in stream order */
	size_t nkv, capkv;
	msgpack_object top;		/* RR_ANY: the whole value */
	msgpack_zone *zone;		/* the decoded arrays and maps */
	const char *src;		/* input name for messages ("<stdin>") */
	uint64_t recno;			/* 1-based record number in src */
	uint64_t offset;		/* byte offset of the record in src */
};

/* Reader flags. */
enum { RR_NUL = 1,		/* -z framing */
       RR_ANY = 2 };		/* accept any top-level value (dump tool):
				 * rec.top holds it, rec.nkv is 0 */

struct rr;

/*
 * rr_open: open path ("-" or NULL for stdin) for reading records.  flags
 * is a set of RR_*; max_record caps one record's size (0 = the default).
 * Returns NULL after printing "NAME: path: reason" if it cannot be opened.
 */
struct rr *rr_open(const char *path, int flags, size_t max_record);

/*
 * rr_next: read the next record into *rec (initialise *rec to zero once
 * and reuse it; rec_free() releases it).  Returns 1 for a record, 0 at a
 * clean end of stream, -1 on error after printing a message naming the
 * file, record number and byte offset.
 */
int rr_next(struct rr *r, struct rec *rec) RESULT_USED;

/* rr_status: the EXIT_* status that explains the last -1 of rr_next. */
int rr_status(const struct rr *r);

/* rr_name: the input's name for messages ("<stdin>" for standard input). */
const char *rr_name(const struct rr *r);

/* rr_bytes: bytes consumed so far from the input (raw, before decoding). */
uint64_t rr_bytes(const struct rr *r);

/* rr_close: close the input and free the reader (NULL is a no-op). */
void rr_close(struct rr *r);

/* rec_free: release memory held by a record filled by rr_next/rec_parse. */
void rec_free(struct rec *rec);

/*
 * rec_parse: index raw (len bytes, one complete msgpack map) into rec:
 * each key and value is found from its headers in one pass (well formed,
 * within REC_MAX_DEPTH; a str key's payload is kept as rec_kv.key), and a
 * value is decoded by msgpack-c only when rec_get first asks for it, so
 * that a value only passed through is never decoded.  Returns 0, or -1
 * if raw is not exactly one well-formed map.
 */
int rec_parse(struct rec *rec, const unsigned char *raw, size_t len);

/* Results of the typed getters. */
enum { REC_OK = 0, REC_MISSING = -1, REC_TYPE = -2 };

/* rec_find: the index of the first pair whose key is the str key, or -1. */
long rec_find(const struct rec *rec, const char *key);

/*
 * rec_get: the decoded value of key, or NULL if absent.  The first call
 * for an array or map decodes it into the record's zone (valid until the
 * next rec_parse/rr_next on rec); out of memory there is fatal.
 */
const msgpack_object *rec_get(const struct rec *rec, const char *key);

/*
 * Typed getters: look key up and read its value.  Return REC_OK,
 * REC_MISSING (absent) or REC_TYPE (present with another type; a nil is a
 * type error too).  Strings and bins point into the record.
 * rec_get_int accepts any msgpack int that fits int64_t; rec_get_num any
 * int or float.
 */
int rec_get_str(const struct rec *rec, const char *key, const char **s,
    size_t *n);
int rec_get_int(const struct rec *rec, const char *key, int64_t *v);
int rec_get_num(const struct rec *rec, const char *key, double *v);
int rec_get_bool(const struct rec *rec, const char *key, int *v);
int rec_get_bin(const struct rec *rec, const char *key,
    const unsigned char **p, size_t *n);

/*
 * rec_get_vec: a float32 vector stored as bin (little-endian IEEE-754).
 * On REC_OK *dim is the dimension; up to maxdim floats are copied to out
 * (out may be NULL to learn the dimension).  A bin whose length is not a
 * multiple of 4 is REC_TYPE.
 */
int rec_get_vec(const struct rec *rec, const char *key, float *out,
    size_t maxdim, size_t *dim);

/*
 * die_rec: die(EXIT_DATA) with "NAME: SRC: record N (byte B): key "KEY":
 * message".  key may be NULL.
 */
void die_rec(const struct rec *rec, const char *key, const char *fmt, ...)
    NORETURN PRINTF(3, 4);

/* warn_rec: the same as a warning; returns. */
void warn_rec(const struct rec *rec, const char *key, const char *fmt, ...)
    PRINTF(3, 4);

/*
 * die_rec_get: turn a getter's failure into the standard message:
 * "key "text": missing" or "key "text": expected str, got nil".
 * expected names the wanted type.  Never returns.
 */
void die_rec_get(const struct rec *rec, const char *key, int status,
    const char *expected) NORETURN;

/*
 * Convenience getters that die through die_rec_get when the key is absent
 * or ill-typed (the 'e' prefix: they exit).
 */
void erec_str(const struct rec *rec, const char *key, const char **s,
    size_t *n);
int64_t erec_int(const struct rec *rec, const char *key);
double erec_num(const struct rec *rec, const char *key);

/* ---- building records ---- */

/*
 * A record builder: one map under construction.  Zero it to initialise;
 * rb_free() releases it.  Every rb_* that adds a pair dies(EXIT_IO) on out
 * of memory only.
 */
struct rb {
	struct buf body;	/* encoded pairs */
	uint32_t npairs;	/* pairs in body */
};

/* rb_reset: start a new, empty map (keeps the memory). */
void rb_reset(struct rb *b);

/*
 * rb_copy: append every pair of rec whose key is not listed in skip (a
 * NULL-terminated list of str keys, or NULL), as raw bytes, in order.
 * This is how a stage passes foreign keys through.
 */
void rb_copy(struct rb *b, const struct rec *rec, const char *const *skip);

/* rb_key: append a str key; the caller then appends exactly one value
 * with mp_put_*(&b->body, ...) (for nested maps and arrays). */
void rb_key(struct rb *b, const char *key);

/* One call per pair for the common value types. */
void rb_str(struct rb *b, const char *key, const char *s, size_t n);
void rb_cstr(struct rb *b, const char *key, const char *s);
void rb_int(struct rb *b, const char *key, int64_t v);
void rb_f64(struct rb *b, const char *key, double v);
void rb_bool(struct rb *b, const char *key, int v);
void rb_nil(struct rb *b, const char *key);
void rb_bin(struct rb *b, const char *key, const void *p, size_t n);
/* rb_vec: a float32 vector as little-endian bin (DESIGN 3). */
void rb_vec(struct rb *b, const char *key, const float *v, size_t dim);
/* rb_raw: a value already encoded (n bytes of one msgpack value). */
void rb_raw(struct rb *b, const char *key, const void *val, size_t n);

/* rb_finish: the complete map (header + pairs) appended to out. */
void rb_finish(const struct rb *b, struct buf *out);

void rb_free(struct rb *b);

/* ---- writing streams ---- */

enum { RW_NUL = 1,		/* -z framing */
       RW_FORCE = 2,		/* allow binary output to a terminal */
       RW_UNBUFFERED = 4,	/* flush after every record */
       RW_TEXT = 8 };		/* output is text: no terminal check */

struct rw;

/*
 * rw_open: open path for writing (NULL or "-" = stdout).  A file is
 * written as PATH.tmp.XXXXXX in the same directory and renamed by
 * rw_close(); die() and rw_abort() remove it.  Unless RW_FORCE or RW_TEXT,
 * binary output to a terminal is refused: die(EXIT_USAGE).  Dies with
 * EXIT_IO if the file cannot be created.  Only one rw may be open on a
 * file (the die hook removes the temp file of the most recent one).
 */
struct rw *rw_open(const char *path, int flags);

/* rw_put: write one encoded record (n bytes of one msgpack value), framed
 * as the writer's flags say.  Returns 0, or -1 (message printed) on a
 * write error; the caller then exits EXIT_IO. */
int rw_put(struct rw *w, const void *rec, size_t n) RESULT_USED;

/* rw_put_rb: rb_finish + rw_put, without an extra copy. */
int rw_put_rb(struct rw *w, const struct rb *b) RESULT_USED;

/* rw_write: raw bytes (text output such as JSON lines), buffered. */
int rw_write(struct rw *w, const void *p, size_t n) RESULT_USED;

/* rw_flush: push buffered bytes to the file.  Returns 0 or -1. */
int rw_flush(struct rw *w) RESULT_USED;

/*
 * rw_close: flush, fsync nothing, close, check for errors and rename a
 * temporary file into place.  Returns 0, or -1 after printing the error
 * (the temporary file is removed).  Frees w.
 */
int rw_close(struct rw *w) RESULT_USED;

/*
 * rw_abort: close without publishing: a temporary file (-o FILE) is
 * removed.  On stdout or a device the records already put are flushed
 * (they are whole records; the stream downstream keeps them).
 */
void rw_abort(struct rw *w);

/*
 * ewput / ewput_rb / ewclose: the above, dying with EXIT_IO on failure.
 * For programs with nothing to clean up but the output.
 */
void ewput(struct rw *w, const void *rec, size_t n);
void ewput_rb(struct rw *w, const struct rb *b);
void ewclose(struct rw *w);

#endif
