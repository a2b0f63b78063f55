/* SPDX-License-Identifier: ISC */
/*
 * mp.c: msgpack for the record layer (see mp.h): msgpack-c does the
 * values; the framing scan and the nesting cap are ours.
 */
#include <string.h>

#include "mp.h"

const char *
mp_type_name(msgpack_object_type t)
{
	switch (t) {
	case MSGPACK_OBJECT_NIL: return "nil";
	case MSGPACK_OBJECT_BOOLEAN: return "bool";
	case MSGPACK_OBJECT_POSITIVE_INTEGER: return "uint";
	case MSGPACK_OBJECT_NEGATIVE_INTEGER: return "int";
	case MSGPACK_OBJECT_FLOAT32: return "float32";
	case MSGPACK_OBJECT_FLOAT64: return "float64";
	case MSGPACK_OBJECT_STR: return "str";
	case MSGPACK_OBJECT_BIN: return "bin";
	case MSGPACK_OBJECT_EXT: return "ext";
	case MSGPACK_OBJECT_ARRAY: return "array";
	case MSGPACK_OBJECT_MAP: return "map";
	}
	return "?";
}

/* ---- the framing scan: sizes from the headers alone ---- */

/* What a header says: its length, payload bytes, child values. */
struct hd {
	size_t hdr;		/* header bytes */
	uint64_t body;		/* payload bytes (str, bin, ext) */
	uint64_t kids;		/* values that follow (2 per map pair) */
};

static uint64_t
load_be(const unsigned char *p, int w)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * Read the header at p (n bytes available).  Returns 1 with *h filled, 0
 * if the header itself is incomplete, -1 for the byte 0xc1.
 */
static inline int
head(const unsigned char *p, size_t n, struct hd *h)
{
	/* Field width after the tag for 0xc4..0xdf; -1 never used here. */
	static const signed char width[32] = {
		1, 2, 4,	/* bin 8/16/32 */
		1, 2, 4,	/* ext 8/16/32 (the type byte comes after) */
		4, 8,		/* float32/64 */
		1, 2, 4, 8,	/* uint */
		1, 2, 4, 8,	/* int */
		0, 0, 0, 0, 0,	/* fixext: a type byte, fixed payload */
		1, 2, 4,	/* str */
		2, 4,		/* array */
		2, 4		/* map */
	};
	unsigned char t;
	int w;
	uint64_t v;

	if (n == 0)
		return 0;
	t = p[0];
	h->hdr = 1;
	h->body = h->kids = 0;
	if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3)
		return 1;
	if (t <= 0x8f) {
		h->kids = 2 * (uint64_t)(t & 0x0f);
		return 1;
	}
	if (t <= 0x9f) {
		h->kids = t & 0x0f;
		return 1;
	}
	if (t <= 0xbf) {
		h->body = t & 0x1f;
		return 1;
	}
	if (t == 0xc1)
		return -1;
	if (t >= 0xd4 && t <= 0xd8) {	/* fixext 1..16 */
		h->hdr = 2;
		h->body = (uint64_t)1 << (t - 0xd4);
		return n >= 2;
	}
	w = width[t - 0xc4];
	if (n < (size_t)w + 1)
		return 0;
	v = load_be(p + 1, w);
	h->hdr = (size_t)w + 1;
	if (t <= 0xc6 || (t >= 0xd9 && t <= 0xdb))
		h->body = v;
	else if (t <= 0xc9) {		/* ext: type byte, then payload */
		h->hdr++;
		h->body = v;
		if (n < h->hdr)
			return 0;
	} else if (t == 0xdc || t == 0xdd)
		h->kids = v;
	else if (t == 0xde || t == 0xdf)
		h->kids = 2 * v;
	return 1;
}

int
mp_scan(struct mp_scan *s, const unsigned char *p, size_t n)
{
	struct hd h;
	int r;

	if (!s->started) {
		s->started = 1;
		s->pos = 0;
		s->left = 1;
	}
	while (s->left > 0) {
		r = head(p + s->pos, n - s->pos, &h);
		if (r < 0)
			return MP_SCAN_BAD;
		if (r == 0) {
			/* At least the header, plus one byte per value left. */
			s->need = s->pos + 9 + (s->left - 1);
			return MP_SCAN_MORE;
		}
		if ((uint64_t)s->pos + h.hdr + h.body > n) {
			s->need = (uint64_t)s->pos + h.hdr + h.body + (s->left - 1);
			return MP_SCAN_MORE;
		}
		s->pos += h.hdr + (size_t)h.body;
		s->left += h.kids - 1;
		/* Every value left needs one byte: a garbage count shows early. */
		if (s->left > 0 && s->pos + s->left > n) {
			s->need = s->pos + s->left;
			return MP_SCAN_MORE;
		}
	}
	return MP_SCAN_DONE;
}

size_t
mp_skip(const unsigned char *p, size_t n)
{
	struct mp_scan s = { 0 };

	return mp_scan(&s, p, n) == MP_SCAN_DONE ? s.pos : 0;
}

int
mp_too_deep(const unsigned char *p, size_t n, unsigned max)
{
	uint64_t left[MP_MAX_DEPTH];
	unsigned d = 0;
	size_t pos = 0;

	if (max > MP_MAX_DEPTH)
		max = MP_MAX_DEPTH;
	while (pos < n) {
		struct hd h;

		if (head(p + pos, n - pos, &h) <= 0)
			return 0;	/* cannot happen for a whole value */
		pos += h.hdr + (size_t)h.body;
		if (d > 0)
			left[d - 1]--;
		if (h.kids > 0) {
			if (d == max)
				return 1;
			left[d++] = h.kids;
		}
		while (d > 0 && left[d - 1] == 0)
			d--;
		if (d == 0)
			break;
	}
	return 0;
}

size_t
mp_value(const unsigned char *p, size_t n, unsigned max)
{
	uint64_t left[MP_MAX_DEPTH];
	unsigned d = 0;
	size_t pos = 0;
	struct hd h;

	if (max > MP_MAX_DEPTH)
		max = MP_MAX_DEPTH;
	do {
		if (head(p + pos, n - pos, &h) <= 0 ||
		    h.hdr + h.body > (uint64_t)(n - pos))
			return 0;
		pos += h.hdr + (size_t)h.body;
		if (d > 0)
			left[d - 1]--;
		if (h.kids > 0) {
			if (d == max || h.kids > (uint64_t)(n - pos))
				return 0;	/* too deep; or a count no
						 * bytes could hold */
			left[d++] = h.kids;
		}
		while (d > 0 && left[d - 1] == 0)
			d--;
	} while (d > 0);
	return pos;
}

/* ---- msgpack-c ---- */

/*
 * no_null: msgpack-c leaves the payload pointer of an empty str, bin or
 * ext NULL; point it at valid memory (zero bytes of p) so that callers may
 * hand any payload to memcmp, memcpy or memchr.  Recursion is bounded by
 * MP_MAX_DEPTH (the value was checked before it was decoded).
 */
static void
no_null(msgpack_object *o, const char *p)
{
	uint32_t i;

	switch (o->type) {
	case MSGPACK_OBJECT_STR:
		if (!o->via.str.ptr)
			o->via.str.ptr = p;
		break;
	case MSGPACK_OBJECT_BIN:
		if (!o->via.bin.ptr)
			o->via.bin.ptr = p;
		break;
	case MSGPACK_OBJECT_EXT:
		if (!o->via.ext.ptr)
			o->via.ext.ptr = p;
		break;
	case MSGPACK_OBJECT_ARRAY:
		for (i = 0; i < o->via.array.size; i++)
			no_null(&o->via.array.ptr[i], p);
		break;
	case MSGPACK_OBJECT_MAP:
		for (i = 0; i < o->via.map.size; i++) {
			no_null(&o->via.map.ptr[i].key, p);
			no_null(&o->via.map.ptr[i].val, p);
		}
		break;
	default:
		break;
	}
}

int
mp_unpack_at(const unsigned char *p, size_t n, size_t *off,
    msgpack_zone *zone, msgpack_object *o)
{
	msgpack_unpack_return ur;

	ur = msgpack_unpack((const char *)p, n, off, zone, o);
	if (ur != MSGPACK_UNPACK_SUCCESS && ur != MSGPACK_UNPACK_EXTRA_BYTES)
		return -1;
	no_null(o, (const char *)p);
	return 0;
}

int
mp_unpack(const unsigned char *p, size_t n, msgpack_zone *zone,
    msgpack_object *o)
{
	size_t off = 0;

	return mp_unpack_at(p, n, &off, zone, o) < 0 || off != n ? -1 : 0;
}

/* The packer's write callback: append to a struct buf. */
static int
buf_write(void *data, const char *p, size_t n)
{
	buf_add(data, p, n);
	return 0;
}

void
mp_packer(msgpack_packer *pk, struct buf *b)
{
	msgpack_packer_init(pk, b, buf_write);
}

/* A packer over b for one call (two stores: cheaper than a lookup). */
#define PK(b) msgpack_packer pk; mp_packer(&pk, (b))

void
mp_put_nil(struct buf *b)
{
	PK(b);
	msgpack_pack_nil(&pk);
}

void
mp_put_bool(struct buf *b, int v)
{
	PK(b);
	if (v)
		msgpack_pack_true(&pk);
	else
		msgpack_pack_false(&pk);
}

void
mp_put_uint(struct buf *b, uint64_t v)
{
	PK(b);
	msgpack_pack_uint64(&pk, v);
}

void
mp_put_int(struct buf *b, int64_t v)
{
	PK(b);
	msgpack_pack_int64(&pk, v);
}

void
mp_put_f32(struct buf *b, float v)
{
	PK(b);
	msgpack_pack_float(&pk, v);
}

void
mp_put_f64(struct buf *b, double v)
{
	PK(b);
	msgpack_pack_double(&pk, v);
}

void
mp_put_str(struct buf *b, const char *s, size_t n)
{
	PK(b);
	buf_reserve(b, n + 5);
	msgpack_pack_str_with_body(&pk, s, n);
}

void
mp_put_cstr(struct buf *b, const char *s)
{
	mp_put_str(b, s, strlen(s));
}

void
mp_put_bin(struct buf *b, const void *p, size_t n)
{
	PK(b);
	buf_reserve(b, n + 5);
	msgpack_pack_bin_with_body(&pk, p, n);
}

void
mp_put_ext(struct buf *b, int8_t type, const void *p, size_t n)
{
	PK(b);
	msgpack_pack_ext_with_body(&pk, p, n, type);
}

void
mp_put_array(struct buf *b, uint32_t n)
{
	PK(b);
	msgpack_pack_array(&pk, n);
}

void
mp_put_map(struct buf *b, uint32_t n)
{
	PK(b);
	msgpack_pack_map(&pk, n);
}

void
mp_put_obj(struct buf *b, const msgpack_object *o)
{
	PK(b);
	msgpack_pack_object(&pk, *o);
}
