/* SPDX-License-Identifier: ISC */
/*
 * mp.h: a small, zero-copy msgpack codec.
 *
 * Why not msgpack-c's object model for the hot path: it decodes into a tree
 * that forgets how each value was encoded (an int 5 stored as uint16 comes
 * back as 5), so neither byte-exact pass-through of foreign keys nor a
 * lossless dump tool can be built on it, and the tree costs an allocation
 * per record.  This codec reads values in place and copies untouched values
 * as raw bytes.  msgpack-c stays the reference: tests/unit/test_mp.c checks
 * this decoder against msgpack_unpack_next on random input.
 *
 * Wire format reminder (the spec's names; all multi-byte fields big endian):
 *
 *   0x00-0x7f positive fixint   0x80-0x8f fixmap    0x90-0x9f fixarray
 *   0xa0-0xbf fixstr            0xc0 nil  0xc1 (never used)  0xc2/0xc3 bool
 *   0xc4-0xc6 bin 8/16/32       0xc7-0xc9 ext 8/16/32
 *   0xca float32  0xcb float64  0xcc-0xcf uint 8..64  0xd0-0xd3 int 8..64
 *   0xd4-0xd8 fixext 1..16      0xd9-0xdb str 8/16/32
 *   0xdc/0xdd array 16/32       0xde/0xdf map 16/32   0xe0-0xff negative fixint
 */
#ifndef WIKIPIPE_MP_H
#define WIKIPIPE_MP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum mp_type {
	MP_NIL, MP_BOOL, MP_UINT, MP_INT, MP_F32, MP_F64,
	MP_STR, MP_BIN, MP_EXT, MP_ARRAY, MP_MAP
};

/* One decoded value header.  Payloads point into the caller's bytes. */
struct mp_obj {
	enum mp_type type;
	unsigned char tag;	/* the format byte as encoded */
	int8_t ext_type;	/* MP_EXT: the application type */
	uint32_t n;		/* STR/BIN/EXT bytes; ARRAY/MAP elements */
	size_t hdr;		/* bytes of the header (tag and fields) */
	const unsigned char *p;	/* STR/BIN/EXT payload (n bytes) */
	union {
		int b;		/* MP_BOOL */
		uint64_t u;	/* MP_UINT */
		int64_t i;	/* MP_INT (always negative or via int fmt) */
		float f32;	/* MP_F32 */
		double f64;	/* MP_F64 */
	} v;
};

/* mp_type_name: "nil", "bool", "uint", ..., for messages. */
const char *mp_type_name(enum mp_type t);

/*
 * mp_head: decode the value header at p (n bytes available).
 * Returns the header length (> 0) with *o filled; 0 if the header itself is
 * incomplete; -1 if p[0] is 0xc1 (invalid).  For STR/BIN/EXT it does not
 * check that the payload is available: o->hdr + o->n bytes are needed.
 */
int mp_head(const unsigned char *p, size_t n, struct mp_obj *o);

/*
 * Resumable scan of one complete value, used by the stream reader to find
 * a record's end in a buffer that grows.  Zero the struct, then call
 * mp_scan() with the same start pointer and a growing n until it returns
 * MP_SCAN_DONE (s->pos is then the value's length) or MP_SCAN_BAD.
 * MP_SCAN_MORE means at least s->need bytes (counted from the start) are
 * required before anything new can be learnt; callers compare it with
 * their size cap before allocating.
 */
enum { MP_SCAN_DONE = 1, MP_SCAN_MORE = 0, MP_SCAN_BAD = -1 };
struct mp_scan {
	size_t pos;		/* bytes consumed so far */
	uint64_t left;		/* values still to read (0 = not started) */
	uint64_t need;		/* MP_SCAN_MORE: bytes needed from start */
	int started;
};
int mp_scan(struct mp_scan *s, const unsigned char *p, size_t n);

/*
 * mp_skip: the length of the complete value at p, or 0 if it is truncated
 * or invalid within n bytes.  For values already known to be whole.
 */
size_t mp_skip(const unsigned char *p, size_t n);

/*
 * Minimal-width encoders (the encoding a canonical writer picks), appending
 * to a growable buffer; all die(EXIT_IO) on out of memory.
 */
void mp_put_nil(struct buf *b);
void mp_put_bool(struct buf *b, int v);
void mp_put_uint(struct buf *b, uint64_t v);
void mp_put_int(struct buf *b, int64_t v);
void mp_put_f32(struct buf *b, float v);
void mp_put_f64(struct buf *b, double v);
void mp_put_str(struct buf *b, const char *s, size_t n);
void mp_put_cstr(struct buf *b, const char *s);
void mp_put_bin(struct buf *b, const void *p, size_t n);
void mp_put_ext(struct buf *b, int8_t type, const void *p, size_t n);
void mp_put_array(struct buf *b, uint32_t n);
void mp_put_map(struct buf *b, uint32_t n);

/*
 * mp_put_head: write format byte tag followed by its fixed-width field
 * holding v (a length, count or integer bit pattern), exactly as named,
 * even when a shorter encoding exists.  For fix* tags v is folded into the
 * tag.  For ext tags pass the application type in ext_type.  Used by the
 * lossless dump tool.  Returns 0, or -1 if v does not fit the tag.
 */
int mp_put_head(struct buf *b, unsigned char tag, uint64_t v, int8_t ext_type);

/* mp_minimal_tag: the format byte mp_put_* would choose for a str, bin,
 * array, map or ext (type) of length n; for ints use mp_int_tag. */
unsigned char mp_minimal_tag(enum mp_type type, uint64_t n);
/* mp_int_tag: the format byte mp_put_uint/mp_put_int pick for v. */
unsigned char mp_uint_tag(uint64_t v);
unsigned char mp_int_tag(int64_t v);

/* Big-endian loads and stores. */
static inline uint16_t mp_be16(const unsigned char *p)
{ return (uint16_t)((unsigned)p[0] << 8 | p[1]); }
static inline uint32_t mp_be32(const unsigned char *p)
{ return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static inline uint64_t mp_be64(const unsigned char *p)
{ return (uint64_t)mp_be32(p) << 32 | mp_be32(p + 4); }

#endif
