/* SPDX-License-Identifier: ISC */
/*
 * mp.h: msgpack for the record layer.
 *
 * Values are decoded and encoded by msgpack-c, the library DESIGN names:
 * msgpack_unpack() over the reader's own buffer (str, bin and ext payloads
 * are referenced in place, never copied; arrays and maps go to a zone the
 * record reuses) and a msgpack_packer that appends to a struct buf.  A
 * canonical writer (msgpack-c's packer, and so every stage) picks the
 * smallest encoding of each value.
 *
 * What msgpack-c has nothing for stays here: finding where a value ends in
 * a buffer that grows, learning from its length prefixes how many bytes it
 * needs before anything is allocated (mp_scan, mp_skip), and the nesting
 * cap checked before msgpack-c builds a tree (mp_too_deep).  msgpack-c
 * allocates an array's or map's elements when it reads the count, so it
 * is only ever handed values already known to be whole: then no count can
 * exceed the bytes that follow it.
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

#include <msgpack.h>

#include "util.h"

/*
 * MP_MAX_DEPTH: the deepest nesting of non-empty arrays and maps msgpack-c
 * decodes (its parser has a fixed stack of MSGPACK_EMBED_STACK_SIZE, 32,
 * compiled into the library).  The record layer refuses deeper values as
 * data errors before decoding them.
 */
#define MP_MAX_DEPTH 32

/* mp_type_name: "nil", "bool", "uint", "int", "float32", ..., for messages. */
const char *mp_type_name(msgpack_object_type t);

/*
 * Resumable scan of one complete value, used by the stream reader to find
 * a record's end in a buffer that grows.  Zero the struct, then call
 * mp_scan() with the same start pointer and a growing n until it returns
 * MP_SCAN_DONE (s->pos is then the value's length) or MP_SCAN_BAD (a 0xc1
 * byte at s->pos).  MP_SCAN_MORE means at least s->need bytes (counted
 * from the start) are required before anything new can be learnt; callers
 * compare it with their size cap before allocating.
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
 * or invalid within n bytes.
 */
size_t mp_skip(const unsigned char *p, size_t n);

/*
 * mp_too_deep: is the whole value at p (n bytes, known complete by
 * mp_skip/mp_scan) nested deeper than max non-empty arrays and maps (the
 * value itself counts as level 1)?  Iterative: a hostile value cannot
 * exhaust the stack here.  max is at most MP_MAX_DEPTH.
 */
int mp_too_deep(const unsigned char *p, size_t n, unsigned max);

/*
 * mp_value: the length of the one value at p, found from the headers in
 * a single pass (nothing is decoded); 0 if it is truncated or invalid
 * within n bytes, or nested deeper than max non-empty arrays and maps
 * (the value itself counts as level 1; max is at most MP_MAX_DEPTH).
 * mp_skip and mp_too_deep together, for the record layer's index.
 */
size_t mp_value(const unsigned char *p, size_t n, unsigned max);

/*
 * mp_unpack: decode the whole value p (n bytes, complete and within the
 * depth cap) with msgpack-c into *o; arrays and maps are allocated in
 * zone, str/bin/ext payloads point into p.  Returns 0, or -1 if p is not
 * exactly one value or msgpack-c refuses it (out of memory included).
 */
int mp_unpack(const unsigned char *p, size_t n, msgpack_zone *zone,
    msgpack_object *o);

/*
 * mp_unpack_at: decode the one value at p[*off..n) (complete and within
 * the depth cap) into *o like mp_unpack, and move *off past it; the bytes
 * after it are left alone.  Returns 0 or -1.  The payload pointer of an
 * empty str, bin or ext is never NULL (msgpack-c leaves it so).
 */
int mp_unpack_at(const unsigned char *p, size_t n, size_t *off,
    msgpack_zone *zone, msgpack_object *o);

/*
 * mp_packer: initialise pk to append to b (msgpack_pack_* then write into
 * b; b grows with die(EXIT_IO) on out of memory).
 */
void mp_packer(msgpack_packer *pk, struct buf *b);

/*
 * One value appended to b through msgpack-c's packer, in its smallest
 * encoding; for code that builds nested values next to a struct rb.
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
 * mp_put_obj: append the value o (from msgpack-c's decoder) re-encoded by
 * msgpack_pack_object: the canonical bytes of the same value.
 */
void mp_put_obj(struct buf *b, const msgpack_object *o);

#endif
