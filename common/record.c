/* SPDX-License-Identifier: ISC */
/*
 * record.c: the record stream reader, record view, builder and writer
 * (see record.h for the wire format and the contracts).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "record.h"
#include "vec.h"

#define RD_CHUNK	(256u << 10)	/* read(2) size and initial buffer */
#define WR_BUF		(1u << 20)	/* writer buffer */

/* Linux lets a pipe hold more than its default 64 KiB (fcntl(2)); the
 * constant is hidden behind _GNU_SOURCE, which the suite does not set. */
#if defined(__linux__) && !defined(F_SETPIPE_SZ)
#define F_SETPIPE_SZ	1031
#endif

/* ---- reader ---- */

struct rr {
	int fd;
	int flags;
	int status;		/* EXIT_* of the last error */
	int eof;
	char *name;
	size_t max;		/* record cap, bytes */
	unsigned char *buf;
	size_t cap, start, end;	/* buf[start..end) is unread input */
	uint64_t consumed;	/* input bytes before buf[start] */
	uint64_t recno;		/* records returned */
	struct mp_scan scan;	/* plain framing: scan of the pending record */
	size_t zpos;		/* -z: bytes of the pending frame searched */
};

struct rr *
rr_open(const char *path, int flags, size_t max_record)
{
	struct rr *r = ecalloc(1, sizeof *r);

	if (path == NULL || strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
		r->name = estrdup("<stdin>");
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			error("%s:", path);
			free(r);
			return NULL;
		}
		r->name = estrdup(path);
	}
	r->flags = flags;
	r->max = max_record ? max_record : REC_MAX_DEFAULT;
	r->cap = RD_CHUNK;
	r->buf = emalloc(r->cap);
	return r;
}

const char *
rr_name(const struct rr *r)
{
	return r->name;
}

int
rr_status(const struct rr *r)
{
	return r->status;
}

uint64_t
rr_bytes(const struct rr *r)
{
	return r->consumed + r->start;
}

void
rr_close(struct rr *r)
{
	if (r == NULL)
		return;
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	free(r->buf);
	free(r->name);
	free(r);
}

static int
rr_fail(struct rr *r, int status, const char *fmt, ...) PRINTF(3, 4);

/* Report an error at the pending record and remember the status. */
static int
rr_fail(struct rr *r, int status, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error("%s: record %llu (byte %llu): %s", r->name,
	    (unsigned long long)r->recno + 1,
	    (unsigned long long)(r->consumed + r->start), msg);
	r->status = status;
	return -1;
}

/*
 * Make room for at least want unread bytes in the buffer (want <= cap
 * after growth) and read more.  Returns 1 if bytes arrived, 0 at EOF,
 * -1 on a read error.
 */
static int
rr_fill(struct rr *r, size_t want)
{
	ssize_t got;
	size_t avail = r->end - r->start;

	if (r->eof)
		return 0;
	if (r->start > 0 && (r->cap - r->end < RD_CHUNK / 4 || want > r->cap - r->start)) {
		memmove(r->buf, r->buf + r->start, avail);
		r->consumed += r->start;
		r->end = avail;
		r->start = 0;
	}
	if (want < avail + RD_CHUNK / 4)
		want = avail + RD_CHUNK / 4;
	if (want > r->cap) {
		size_t cap = r->cap;

		while (cap < want)
			cap *= 2;
		r->buf = erealloc(r->buf, cap);
		r->cap = cap;
	}
	for (;;) {
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got >= 0)
			break;
		if (errno != EINTR) {
			error("%s: read error:", r->name);
			r->status = EXIT_IO;
			return -1;
		}
	}
	if (got == 0) {
		r->eof = 1;
		return 0;
	}
	r->end += (size_t)got;
	return 1;
}

static int rec_zone(struct rec *rec);
static size_t index_map(struct rec *rec, const unsigned char *raw, size_t len);

/*
 * The nesting cap is looked at only when a record fails to decode (a
 * value nested too deep always does: msgpack-c's stack and rec_parse stop
 * at REC_MAX_DEPTH), to name the reason: then it fails the reader and is
 * true.
 */
static int
too_deep(struct rr *r, const unsigned char *dec, size_t len)
{
	if (!mp_too_deep(dec, len, REC_MAX_DEPTH))
		return 0;
	rr_fail(r, EXIT_DATA, "nested deeper than %d levels", REC_MAX_DEPTH);
	return 1;
}

/* Hand out buf[start..start+len) (decoded bytes at dec) as the record. */
static int
rr_emit(struct rr *r, struct rec *rec, const unsigned char *dec, size_t len,
    size_t framelen)
{
	rec->src = r->name;
	rec->recno = ++r->recno;
	rec->offset = r->consumed + r->start;
	r->start += framelen;
	if (r->flags & RR_ANY) {
		rec->raw = dec;
		rec->len = len;
		rec->nkv = 0;
		if (rec_zone(rec) < 0 || mp_unpack(dec, len, rec->zone,
		    &rec->top) < 0) {
			r->recno--;
			r->start -= framelen;
			return too_deep(r, dec, len) ? -1 : rr_fail(r,
			    EXIT_DATA, "msgpack-c cannot decode the value");
		}
		return 1;
	}
	if (dec[0] < 0x80 || (dec[0] > 0x8f && dec[0] != 0xde && dec[0] != 0xdf)) {
		r->recno--;
		r->start -= framelen;
		return rr_fail(r, EXIT_DATA, "not a map (a record must be a "
		    "msgpack map)");
	}
	if (rec_parse(rec, dec, len) < 0) {
		r->recno--;
		r->start -= framelen;
		return too_deep(r, dec, len) ? -1 :
		    rr_fail(r, EXIT_DATA, "malformed map");
	}
	return 1;
}

static int
rr_next_plain(struct rr *r, struct rec *rec)
{
	int st, f;

	for (;;) {
		size_t avail = r->end - r->start;

		/* The usual case, a whole map in the buffer: index it in
		 * one pass, without the resumable scan. */
		if (avail > 0 && !r->scan.started && !(r->flags & RR_ANY)) {
			size_t len = index_map(rec, r->buf + r->start, avail);

			if (len > 0 && len <= r->max) {
				rec->src = r->name;
				rec->recno = ++r->recno;
				rec->offset = r->consumed + r->start;
				r->start += len;
				return 1;
			}
		}
		if (avail > 0) {
			st = mp_scan(&r->scan, r->buf + r->start, avail);
			if (st == MP_SCAN_BAD)
				return rr_fail(r, EXIT_DATA,
				    "invalid msgpack (byte 0xc1 at offset %zu "
				    "of the record)", r->scan.pos);
			if (st == MP_SCAN_DONE) {
				size_t len = r->scan.pos;

				memset(&r->scan, 0, sizeof r->scan);
				if (len > r->max)
					return rr_fail(r, EXIT_DATA, "record of %zu "
					    "bytes exceeds the limit of %zu bytes "
					    "(--max-record)", len, r->max);
				return rr_emit(r, rec, r->buf + r->start, len, len);
			}
			if (r->scan.need > r->max)
				return rr_fail(r, EXIT_DATA, "record of at least "
				    "%llu bytes exceeds the limit of %zu bytes "
				    "(--max-record)",
				    (unsigned long long)r->scan.need, r->max);
		}
		f = rr_fill(r, avail > 0 ? (size_t)r->scan.need : 0);
		if (f < 0)
			return -1;
		if (f == 0) {
			if (r->end == r->start)
				return 0;
			return rr_fail(r, EXIT_DATA, "truncated record "
			    "(end of input after %zu bytes)", r->end - r->start);
		}
	}
}

static int
rr_next_nul(struct rr *r, struct rec *rec)
{
	int f;

	for (;;) {
		size_t avail = r->end - r->start;
		unsigned char *z = NULL;

		if (avail > r->zpos)
			z = memchr(r->buf + r->start + r->zpos, 0, avail - r->zpos);
		if (z) {
			size_t flen = (size_t)(z - (r->buf + r->start));
			size_t len;
			unsigned char *p = r->buf + r->start;

			r->zpos = 0;
			if (flen == 0)
				return rr_fail(r, EXIT_DATA, "empty frame");
			len = cobs_decode(p, flen, p);
			if (len == (size_t)-1)
				return rr_fail(r, EXIT_DATA, "bad COBS frame");
			if (len > r->max)
				return rr_fail(r, EXIT_DATA, "record of %zu bytes "
				    "exceeds the limit of %zu bytes (--max-record)",
				    len, r->max);
			if (len == 0 || mp_skip(p, len) != len)
				return rr_fail(r, EXIT_DATA, "frame does not "
				    "hold exactly one msgpack value");
			return rr_emit(r, rec, p, len, flen + 1);
		}
		r->zpos = avail;
		if (avail > cobs_max(r->max))
			return rr_fail(r, EXIT_DATA, "frame of more than %zu "
			    "bytes exceeds the limit of %zu bytes "
			    "(--max-record)", avail, r->max);
		f = rr_fill(r, 0);
		if (f < 0)
			return -1;
		if (f == 0) {
			if (avail == 0)
				return 0;
			return rr_fail(r, EXIT_DATA, "truncated record (no "
			    "NUL after the last %zu bytes)", avail);
		}
	}
}

int
rr_next(struct rr *r, struct rec *rec)
{
	return (r->flags & RR_NUL) ? rr_next_nul(r, rec) : rr_next_plain(r, rec);
}

/* ---- records ---- */

void
rec_free(struct rec *rec)
{
	free(rec->kv);
	if (rec->zone)
		msgpack_zone_free(rec->zone);
	memset(rec, 0, sizeof *rec);
}

/* A fresh zone for the record's decoded values: 0, or -1 out of memory. */
static int
rec_zone(struct rec *rec)
{
	/* Large enough for the arrays of a typical record at once. */
	if (rec->zone == NULL)
		rec->zone = msgpack_zone_new(16384);
	else
		msgpack_zone_clear(rec->zone);
	return rec->zone ? 0 : -1;
}

/* The header length of a str whose first byte is b, or 0 if b starts
 * no str. */
static size_t
str_header(unsigned char b)
{
	if (b >= 0xa0 && b <= 0xbf)
		return 1;
	if (b >= 0xd9 && b <= 0xdb)
		return (size_t)1 + ((size_t)1 << (b - 0xd9));
	return 0;
}

/*
 * Index the map at the start of raw (len bytes available, maybe more than
 * the map) into rec; returns the map's length, or 0 if raw does not start
 * with a whole well-formed map within len bytes.
 */
static size_t
index_map(struct rec *rec, const unsigned char *raw, size_t len)
{
	size_t pos, i;
	uint64_t n;

	rec->raw = raw;
	rec->len = len;
	rec->nkv = 0;
	/* The map's header (msgpack-c decodes maps only whole). */
	if (len == 0)
		return 0;
	if (raw[0] >= 0x80 && raw[0] <= 0x8f) {
		n = raw[0] & 0x0f;
		pos = 1;
	} else if (raw[0] == 0xde && len >= 3) {
		n = (uint64_t)raw[1] << 8 | raw[2];
		pos = 3;
	} else if (raw[0] == 0xdf && len >= 5) {
		n = (uint64_t)raw[1] << 24 | (uint64_t)raw[2] << 16 |
		    (uint64_t)raw[3] << 8 | raw[4];
		pos = 5;
	} else {
		return 0;
	}
	if (n > (len - pos) / 2)
		return 0;	/* more pairs than bytes */
	if (n > rec->capkv) {
		rec->capkv = n < 16 ? 16 : n;
		free(rec->kv);
		rec->kv = emalloc(rec->capkv * sizeof *rec->kv);
	}
	if (rec_zone(rec) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		struct rec_kv *kv = &rec->kv[i];
		size_t kn, vn, h;

		/* Keys and values are found from their headers alone; a
		 * value is decoded by msgpack-c only when asked for
		 * (rec_get), so a pass-through pair costs one walk over its
		 * headers, not a decode. */
		if ((kn = mp_value(raw + pos, len - pos, REC_MAX_DEPTH - 1)) == 0)
			return 0;
		kv->kraw = raw + pos;
		kv->klen_raw = kn;
		h = str_header(raw[pos]);
		kv->key = h ? (const char *)raw + pos + h : NULL;
		kv->klen = h ? kn - h : 0;
		pos += kn;
		if ((vn = mp_value(raw + pos, len - pos, REC_MAX_DEPTH - 1)) == 0)
			return 0;
		kv->val = raw + pos;
		kv->vlen = vn;
		kv->lazy = 1;
		kv->obj.type = MSGPACK_OBJECT_NIL;
		pos += vn;
	}
	rec->len = pos;
	rec->nkv = n;
	return pos;
}

int
rec_parse(struct rec *rec, const unsigned char *raw, size_t len)
{
	if (index_map(rec, raw, len) != len) {
		rec->nkv = 0;
		return -1;
	}
	return 0;
}

long
rec_find(const struct rec *rec, const char *key)
{
	size_t n = strlen(key), i;

	/* The length first: it tells most keys apart at once. */
	for (i = 0; i < rec->nkv; i++)
		if (rec->kv[i].klen == n && rec->kv[i].key &&
		    memcmp(rec->kv[i].key, key, n) == 0)
			return (long)i;
	return -1;
}

const msgpack_object *
rec_get(const struct rec *rec, const char *key)
{
	long i = rec_find(rec, key);

	struct rec_kv *kv;
	size_t off = 0;

	if (i < 0)
		return NULL;
	/* The decoded value is a cache of the record's bytes: filling it
	 * leaves the record as it was, whence the cast. */
	kv = (struct rec_kv *)&rec->kv[i];
	if (kv->lazy) {
		if (mp_unpack_at(kv->val, kv->vlen, &off, rec->zone,
		    &kv->obj) < 0)
			die(EXIT_IO, "out of memory decoding key \"%.*s\"",
			    (int)kv->klen, kv->key ? kv->key : "");
		kv->lazy = 0;
	}
	return &kv->obj;
}

int
rec_get_str(const struct rec *rec, const char *key, const char **s, size_t *n)
{
	const msgpack_object *o = rec_get(rec, key);

	if (o == NULL)
		return REC_MISSING;
	if (o->type != MSGPACK_OBJECT_STR)
		return REC_TYPE;
	*s = o->via.str.ptr;
	*n = o->via.str.size;
	return REC_OK;
}

int
rec_get_int(const struct rec *rec, const char *key, int64_t *v)
{
	const msgpack_object *o = rec_get(rec, key);

	if (o == NULL)
		return REC_MISSING;
	if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
		*v = o->via.i64;
	else if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER &&
	    o->via.u64 <= INT64_MAX)
		*v = (int64_t)o->via.u64;
	else
		return REC_TYPE;
	return REC_OK;
}

int
rec_get_num(const struct rec *rec, const char *key, double *v)
{
	const msgpack_object *o = rec_get(rec, key);

	if (o == NULL)
		return REC_MISSING;
	switch (o->type) {
	case MSGPACK_OBJECT_NEGATIVE_INTEGER: *v = (double)o->via.i64; break;
	case MSGPACK_OBJECT_POSITIVE_INTEGER: *v = (double)o->via.u64; break;
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64: *v = o->via.f64; break;
	default: return REC_TYPE;
	}
	return REC_OK;
}

int
rec_get_bool(const struct rec *rec, const char *key, int *v)
{
	const msgpack_object *o = rec_get(rec, key);

	if (o == NULL)
		return REC_MISSING;
	if (o->type != MSGPACK_OBJECT_BOOLEAN)
		return REC_TYPE;
	*v = o->via.boolean;
	return REC_OK;
}

int
rec_get_bin(const struct rec *rec, const char *key, const unsigned char **p,
    size_t *n)
{
	const msgpack_object *o = rec_get(rec, key);

	if (o == NULL)
		return REC_MISSING;
	if (o->type != MSGPACK_OBJECT_BIN)
		return REC_TYPE;
	*p = (const unsigned char *)o->via.bin.ptr;
	*n = o->via.bin.size;
	return REC_OK;
}

int
rec_get_vec(const struct rec *rec, const char *key, float *out, size_t maxdim,
    size_t *dim)
{
	const unsigned char *p;
	size_t n;
	int st;

	if ((st = rec_get_bin(rec, key, &p, &n)) != REC_OK)
		return st;
	if (n % 4 != 0)
		return REC_TYPE;
	*dim = n / 4;
	if (out)
		vec_from_le(p, *dim < maxdim ? *dim : maxdim, out);
	return REC_OK;
}

/* Format the "SRC: record N (byte B): key "K": " prefix into b. */
static void
rec_where(struct buf *b, const struct rec *rec, const char *key)
{
	buf_printf(b, "%s: record %llu (byte %llu): ",
	    rec->src ? rec->src : "<input>", (unsigned long long)rec->recno,
	    (unsigned long long)rec->offset);
	if (key)
		buf_printf(b, "key \"%s\": ", key);
}

void
die_rec(const struct rec *rec, const char *key, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	rec_where(&b, rec, key);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	die(EXIT_DATA, "%s", buf_cstr(&b));
}

void
warn_rec(const struct rec *rec, const char *key, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	rec_where(&b, rec, key);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	warn("%s", buf_cstr(&b));
	buf_free(&b);
}

void
die_rec_get(const struct rec *rec, const char *key, int status,
    const char *expected)
{
	const msgpack_object *o;

	if (status == REC_MISSING)
		die_rec(rec, key, "missing (expected %s)", expected);
	if ((o = rec_get(rec, key)) != NULL)
		die_rec(rec, key, "expected %s, got %s", expected,
		    mp_type_name(o->type));
	die_rec(rec, key, "expected %s", expected);
}

void
erec_str(const struct rec *rec, const char *key, const char **s, size_t *n)
{
	int st = rec_get_str(rec, key, s, n);

	if (st != REC_OK)
		die_rec_get(rec, key, st, "str");
}

int64_t
erec_int(const struct rec *rec, const char *key)
{
	int64_t v;
	int st = rec_get_int(rec, key, &v);

	if (st != REC_OK)
		die_rec_get(rec, key, st, "int");
	return v;
}

double
erec_num(const struct rec *rec, const char *key)
{
	double v;
	int st = rec_get_num(rec, key, &v);

	if (st != REC_OK)
		die_rec_get(rec, key, st, "number");
	return v;
}

/* ---- builder ---- */

void
rb_reset(struct rb *b)
{
	b->body.len = 0;
	b->npairs = 0;
}

void
rb_copy(struct rb *b, const struct rec *rec, const char *const *skip)
{
	const unsigned char *run = NULL;	/* pairs kept, not yet added */
	size_t runlen = 0, i;

	for (i = 0; i < rec->nkv; i++) {
		const struct rec_kv *kv = &rec->kv[i];
		const char *const *s = NULL;

		if (skip && kv->key)
			for (s = skip; *s && !str_is(*s, kv->key, kv->klen); s++)
				;
		if (s && *s) {
			buf_add(&b->body, run, runlen);
			runlen = 0;
			continue;
		}
		/* A pair's value follows its key; kept pairs in a row are
		 * one span of the record. */
		if (runlen == 0)
			run = kv->kraw;
		runlen += kv->klen_raw + kv->vlen;
		b->npairs++;
	}
	buf_add(&b->body, run, runlen);
}

void
rb_key(struct rb *b, const char *key)
{
	mp_put_cstr(&b->body, key);
	b->npairs++;
}

void
rb_str(struct rb *b, const char *key, const char *s, size_t n)
{
	rb_key(b, key);
	mp_put_str(&b->body, s, n);
}

void
rb_cstr(struct rb *b, const char *key, const char *s)
{
	rb_str(b, key, s, strlen(s));
}

void
rb_int(struct rb *b, const char *key, int64_t v)
{
	rb_key(b, key);
	mp_put_int(&b->body, v);
}

void
rb_f64(struct rb *b, const char *key, double v)
{
	rb_key(b, key);
	mp_put_f64(&b->body, v);
}

void
rb_bool(struct rb *b, const char *key, int v)
{
	rb_key(b, key);
	mp_put_bool(&b->body, v);
}

void
rb_nil(struct rb *b, const char *key)
{
	rb_key(b, key);
	mp_put_nil(&b->body);
}

void
rb_bin(struct rb *b, const char *key, const void *p, size_t n)
{
	rb_key(b, key);
	mp_put_bin(&b->body, p, n);
}

void
rb_vec(struct rb *b, const char *key, const float *v, size_t dim)
{
	msgpack_packer pk;

	rb_key(b, key);
	mp_packer(&pk, &b->body);
	msgpack_pack_bin(&pk, dim * 4);
	buf_reserve(&b->body, dim * 4);
	vec_to_le(v, dim, b->body.p + b->body.len);
	b->body.len += dim * 4;
}

void
rb_raw(struct rb *b, const char *key, const void *val, size_t n)
{
	rb_key(b, key);
	buf_add(&b->body, val, n);
}

void
rb_finish(const struct rb *b, struct buf *out)
{
	mp_put_map(out, b->npairs);
	buf_add(out, b->body.p, b->body.len);
}

void
rb_free(struct rb *b)
{
	buf_free(&b->body);
	b->npairs = 0;
}

/* ---- writer ---- */

struct rw {
	int fd;
	int flags;
	char *path;		/* final path, NULL for stdout */
	char *tmp;		/* temporary path being written */
	unsigned char *buf;
	size_t len, cap;
	struct buf scratch;	/* rw_put_rb's assembled record */
};

/* The temp file to remove if the program dies or is interrupted. */
static char *volatile rw_tmp_live;

static void
rw_remove_tmp(void)
{
	if (rw_tmp_live)
		unlink(rw_tmp_live);
}

static void
rw_on_signal(int sig)
{
	if (rw_tmp_live)
		unlink(rw_tmp_live);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Remove the temp file on sig, unless sig is ignored: a program started
 * under nohup (SIGHUP ignored) or in the background of a script (SIGINT
 * ignored) must keep ignoring it, not die of it.
 */
static void
rw_catch(int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return;
	signal(sig, rw_on_signal);
}

struct rw *
rw_open(const char *path, int flags)
{
	struct rw *w = ecalloc(1, sizeof *w);
	struct stat st;

	w->flags = flags;
	w->cap = WR_BUF;
	w->buf = emalloc(w->cap);
	if (path == NULL || strcmp(path, "-") == 0) {
		w->fd = STDOUT_FILENO;
		if (!(flags & (RW_FORCE | RW_TEXT)) && isatty(STDOUT_FILENO))
			die(EXIT_USAGE, "refusing to write binary records to a "
			    "terminal (pipe into rec-dump, or use -f)");
#ifdef F_SETPIPE_SZ
		/*
		 * A pipe as large as one flush of the buffer: the reader
		 * wakes once a megabyte, not once per 64 KiB (measured:
		 * cpe-prep | cat 1.0 s -> 0.7 s on 73k rows, less system
		 * time).  Best effort: a limit (pipe-max-size) leaves the
		 * pipe as it is.
		 */
		if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
			(void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, (int)WR_BUF);
#endif
		return w;
	}
	w->path = estrdup(path);
	/* A device or a FIFO (/dev/null, /dev/full, a named pipe) is written
	 * in place: renaming a temporary file over it would replace it. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			die(EXIT_IO, "%s: is a directory", path);
		w->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (w->fd < 0)
			die(EXIT_IO, "%s:", path);
		return w;
	}
	w->tmp = emalloc(strlen(path) + 16);
	sprintf(w->tmp, "%s.tmp.XXXXXX", path);
	w->fd = mkstemp(w->tmp);
	if (w->fd < 0)
		die(EXIT_IO, "%s: cannot create a temporary file:", path);
	{
		mode_t um = umask(0);

		umask(um);
		fchmod(w->fd, 0666 & ~um);
	}
	rw_tmp_live = w->tmp;
	log_atexit(rw_remove_tmp);
	rw_catch(SIGINT);
	rw_catch(SIGTERM);
	rw_catch(SIGHUP);
	return w;
}

static const char *
rw_name(const struct rw *w)
{
	return w->path ? w->path : "<stdout>";
}

int
rw_flush(struct rw *w)
{
	if (w->len == 0)
		return 0;
	if (writeall(w->fd, w->buf, w->len) < 0) {
		error("%s: write error:", rw_name(w));
		w->len = 0;
		return -1;
	}
	w->len = 0;
	return 0;
}

int
rw_write(struct rw *w, const void *p, size_t n)
{
	if (n > w->cap - w->len && rw_flush(w) < 0)
		return -1;
	if (n >= w->cap) {
		if (writeall(w->fd, p, n) < 0) {
			error("%s: write error:", rw_name(w));
			return -1;
		}
		return 0;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

int
rw_put(struct rw *w, const void *rec, size_t n)
{
	if (w->flags & RW_NUL) {
		size_t need = cobs_max(n) + 1;

		if (need > w->cap - w->len && rw_flush(w) < 0)
			return -1;
		if (need > w->cap) {
			w->buf = erealloc(w->buf, need);
			w->cap = need;
		}
		w->len += cobs_encode(rec, n, w->buf + w->len);
		w->buf[w->len++] = 0;
	} else if (rw_write(w, rec, n) < 0) {
		return -1;
	}
	if (w->flags & RW_UNBUFFERED)
		return rw_flush(w);
	return 0;
}

int
rw_put_rb(struct rw *w, const struct rb *b)
{
	if (!(w->flags & RW_NUL)) {
		/* Plain framing: the map header, then the body, each straight
		 * into the output buffer. */
		w->scratch.len = 0;
		mp_put_map(&w->scratch, b->npairs);
		if (rw_write(w, w->scratch.p, w->scratch.len) < 0 ||
		    (b->body.len > 0 && rw_write(w, b->body.p, b->body.len) < 0))
			return -1;
		return (w->flags & RW_UNBUFFERED) ? rw_flush(w) : 0;
	}
	w->scratch.len = 0;
	rb_finish(b, &w->scratch);
	return rw_put(w, w->scratch.p, w->scratch.len);
}

static void
rw_free(struct rw *w)
{
	if (w->tmp && rw_tmp_live == w->tmp) {
		rw_tmp_live = NULL;
		log_atexit(NULL);
	}
	buf_free(&w->scratch);
	free(w->buf);
	free(w->path);
	free(w->tmp);
	free(w);
}

void
rw_abort(struct rw *w)
{
	if (w == NULL)
		return;
	if (w->tmp) {
		close(w->fd);
		unlink(w->tmp);
	} else {
		/* A stream already carries whole records only: pass on the
		 * ones buffered, so the reader downstream loses nothing that
		 * was complete.  A write error here changes nothing more. */
		if (rw_flush(w) < 0)
			w->len = 0;
		close(w->fd);
	}
	rw_free(w);
}

int
rw_close(struct rw *w)
{
	int rc = rw_flush(w);

	if (w->tmp) {
		if (close(w->fd) < 0 && rc == 0) {
			error("%s: close:", w->path);
			rc = -1;
		}
		if (rc == 0 && rename(w->tmp, w->path) < 0) {
			error("%s: rename:", w->path);
			rc = -1;
		}
		if (rc < 0)
			unlink(w->tmp);
	} else if (close(w->fd) < 0 && rc == 0) {
		error("%s: close:", rw_name(w));
		rc = -1;
	}
	rw_free(w);
	return rc;
}

void
ewput(struct rw *w, const void *rec, size_t n)
{
	if (rw_put(w, rec, n) < 0)
		die(EXIT_IO, "%s: giving up after a write error", rw_name(w));
}

void
ewput_rb(struct rw *w, const struct rb *b)
{
	if (rw_put_rb(w, b) < 0)
		die(EXIT_IO, "%s: giving up after a write error", rw_name(w));
}

void
ewclose(struct rw *w)
{
	if (rw_close(w) < 0)
		exit(EXIT_IO);
}
