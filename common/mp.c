/* SPDX-License-Identifier: ISC */
/*
 * mp.c: the zero-copy msgpack codec (see mp.h).
 */
#include <string.h>

#include "mp.h"

const char *
mp_type_name(enum mp_type t)
{
	static const char *const names[] = { "nil", "bool", "uint", "int",
		"float32", "float64", "str", "bin", "ext", "array", "map" };

	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* Width in bytes of the length/value field that follows tag, by range. */
static int
field_width(unsigned char tag)
{
	switch (tag) {
	case 0xc4: case 0xc7: case 0xcc: case 0xd0: case 0xd9: return 1;
	case 0xc5: case 0xc8: case 0xcd: case 0xd1: case 0xda: case 0xdc:
	case 0xde: return 2;
	case 0xc6: case 0xc9: case 0xca: case 0xce: case 0xd2: case 0xdb:
	case 0xdd: case 0xdf: return 4;
	case 0xcb: case 0xcf: case 0xd3: return 8;
	default: return 0;
	}
}

static uint64_t
load_be(const unsigned char *p, int w)
{
	switch (w) {
	case 1: return p[0];
	case 2: return mp_be16(p);
	case 4: return mp_be32(p);
	default: return mp_be64(p);
	}
}

int
mp_head(const unsigned char *p, size_t n, struct mp_obj *o)
{
	unsigned char t;
	int w;
	uint64_t v;

	if (n == 0)
		return 0;
	t = p[0];
	o->tag = t;
	o->n = 0;
	o->p = NULL;
	o->ext_type = 0;
	if (t <= 0x7f) {
		o->type = MP_UINT; o->v.u = t; return (int)(o->hdr = 1);
	}
	if (t >= 0xe0) {
		o->type = MP_INT; o->v.i = (int8_t)t; return (int)(o->hdr = 1);
	}
	if (t <= 0x8f) {
		o->type = MP_MAP; o->n = t & 0x0f; return (int)(o->hdr = 1);
	}
	if (t <= 0x9f) {
		o->type = MP_ARRAY; o->n = t & 0x0f; return (int)(o->hdr = 1);
	}
	if (t <= 0xbf) {
		o->type = MP_STR; o->n = t & 0x1f; o->p = p + 1;
		return (int)(o->hdr = 1);
	}
	switch (t) {
	case 0xc0: o->type = MP_NIL; return (int)(o->hdr = 1);
	case 0xc1: return -1;
	case 0xc2: case 0xc3:
		o->type = MP_BOOL; o->v.b = t == 0xc3; return (int)(o->hdr = 1);
	}
	if (t >= 0xd4 && t <= 0xd8) {	/* fixext 1, 2, 4, 8, 16 */
		if (n < 2)
			return 0;
		o->type = MP_EXT;
		o->n = 1u << (t - 0xd4);
		o->ext_type = (int8_t)p[1];
		o->p = p + 2;
		return (int)(o->hdr = 2);
	}
	w = field_width(t);
	if (n < (size_t)w + 1)
		return 0;
	v = load_be(p + 1, w);
	o->hdr = (size_t)w + 1;
	switch (t) {
	case 0xc4: case 0xc5: case 0xc6:
		o->type = MP_BIN; o->n = (uint32_t)v; o->p = p + o->hdr; break;
	case 0xc7: case 0xc8: case 0xc9:
		if (n < o->hdr + 1)
			return 0;
		o->type = MP_EXT; o->n = (uint32_t)v;
		o->ext_type = (int8_t)p[o->hdr];
		o->hdr++;
		o->p = p + o->hdr;
		break;
	case 0xca: {
		uint32_t u = (uint32_t)v;
		o->type = MP_F32; memcpy(&o->v.f32, &u, 4); break;
	}
	case 0xcb:
		o->type = MP_F64; memcpy(&o->v.f64, &v, 8); break;
	case 0xcc: case 0xcd: case 0xce: case 0xcf:
		o->type = MP_UINT; o->v.u = v; break;
	case 0xd0: o->type = MP_INT; o->v.i = (int8_t)v; break;
	case 0xd1: o->type = MP_INT; o->v.i = (int16_t)v; break;
	case 0xd2: o->type = MP_INT; o->v.i = (int32_t)v; break;
	case 0xd3: o->type = MP_INT; o->v.i = (int64_t)v; break;
	case 0xd9: case 0xda: case 0xdb:
		o->type = MP_STR; o->n = (uint32_t)v; o->p = p + o->hdr; break;
	case 0xdc: case 0xdd: o->type = MP_ARRAY; o->n = (uint32_t)v; break;
	case 0xde: case 0xdf: o->type = MP_MAP; o->n = (uint32_t)v; break;
	default: return -1;
	}
	return (int)o->hdr;
}

int
mp_scan(struct mp_scan *s, const unsigned char *p, size_t n)
{
	struct mp_obj o;
	int h;

	if (!s->started) {
		s->started = 1;
		s->pos = 0;
		s->left = 1;
	}
	while (s->left > 0) {
		h = mp_head(p + s->pos, n - s->pos, &o);
		if (h < 0)
			return MP_SCAN_BAD;
		if (h == 0) {
			/* At least the header, plus one byte per value left. */
			s->need = s->pos + 9 + (s->left - 1);
			return MP_SCAN_MORE;
		}
		if (o.type == MP_STR || o.type == MP_BIN || o.type == MP_EXT) {
			uint64_t end = (uint64_t)s->pos + o.hdr + o.n;

			if (end > n) {
				s->need = end + (s->left - 1);
				return MP_SCAN_MORE;
			}
			s->pos = (size_t)end;
		} else {
			s->pos += o.hdr;
		}
		s->left--;
		if (o.type == MP_ARRAY)
			s->left += o.n;
		else if (o.type == MP_MAP)
			s->left += 2 * (uint64_t)o.n;
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

/* ---- encoders ---- */

static inline void
put1(struct buf *b, unsigned char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
}

/* Tag followed by a big-endian field of w bytes. */
static void
put_tagged(struct buf *b, unsigned char tag, uint64_t v, int w)
{
	unsigned char *q;
	int i;

	buf_reserve(b, (size_t)w + 1);
	q = b->p + b->len;
	*q++ = tag;
	for (i = w - 1; i >= 0; i--) {
		q[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	b->len += (size_t)w + 1;
}

void
mp_put_nil(struct buf *b)
{
	put1(b, 0xc0);
}

void
mp_put_bool(struct buf *b, int v)
{
	put1(b, v ? 0xc3 : 0xc2);
}

unsigned char
mp_uint_tag(uint64_t v)
{
	if (v <= 0x7f)
		return (unsigned char)v;
	if (v <= 0xff)
		return 0xcc;
	if (v <= 0xffff)
		return 0xcd;
	if (v <= 0xffffffffu)
		return 0xce;
	return 0xcf;
}

unsigned char
mp_int_tag(int64_t v)
{
	if (v >= 0)
		return mp_uint_tag((uint64_t)v);
	if (v >= -32)
		return (unsigned char)(int8_t)v;
	if (v >= INT8_MIN)
		return 0xd0;
	if (v >= INT16_MIN)
		return 0xd1;
	if (v >= INT32_MIN)
		return 0xd2;
	return 0xd3;
}

void
mp_put_uint(struct buf *b, uint64_t v)
{
	unsigned char t = mp_uint_tag(v);

	if (t <= 0x7f)
		put1(b, t);
	else
		put_tagged(b, t, v, field_width(t));
}

void
mp_put_int(struct buf *b, int64_t v)
{
	unsigned char t = mp_int_tag(v);

	if (v >= 0)
		mp_put_uint(b, (uint64_t)v);
	else if (t >= 0xe0)
		put1(b, t);
	else
		put_tagged(b, t, (uint64_t)v, field_width(t));
}

void
mp_put_f32(struct buf *b, float v)
{
	uint32_t u;

	memcpy(&u, &v, 4);
	put_tagged(b, 0xca, u, 4);
}

void
mp_put_f64(struct buf *b, double v)
{
	uint64_t u;

	memcpy(&u, &v, 8);
	put_tagged(b, 0xcb, u, 8);
}

unsigned char
mp_minimal_tag(enum mp_type type, uint64_t n)
{
	switch (type) {
	case MP_STR:
		return n <= 31 ? (unsigned char)(0xa0 | n) : n <= 0xff ? 0xd9 :
		    n <= 0xffff ? 0xda : 0xdb;
	case MP_BIN:
		return n <= 0xff ? 0xc4 : n <= 0xffff ? 0xc5 : 0xc6;
	case MP_ARRAY:
		return n <= 15 ? (unsigned char)(0x90 | n) : n <= 0xffff ? 0xdc : 0xdd;
	case MP_MAP:
		return n <= 15 ? (unsigned char)(0x80 | n) : n <= 0xffff ? 0xde : 0xdf;
	case MP_EXT:
		switch (n) {
		case 1: return 0xd4;
		case 2: return 0xd5;
		case 4: return 0xd6;
		case 8: return 0xd7;
		case 16: return 0xd8;
		}
		return n <= 0xff ? 0xc7 : n <= 0xffff ? 0xc8 : 0xc9;
	default:
		return 0xc1;
	}
}

int
mp_put_head(struct buf *b, unsigned char tag, uint64_t v, int8_t ext_type)
{
	int w;

	if (tag <= 0x7f || tag >= 0xe0) {	/* fixints carry themselves */
		put1(b, tag);
		return 0;
	}
	if (tag <= 0x8f || (tag >= 0x90 && tag <= 0x9f)) {
		if (v > 15)
			return -1;
		put1(b, (unsigned char)((tag & 0xf0) | v));
		return 0;
	}
	if (tag <= 0xbf) {
		if (v > 31)
			return -1;
		put1(b, (unsigned char)(0xa0 | v));
		return 0;
	}
	if (tag >= 0xd4 && tag <= 0xd8) {
		put1(b, tag);
		put1(b, (unsigned char)ext_type);
		return 0;
	}
	if (tag == 0xc0 || tag == 0xc2 || tag == 0xc3) {
		put1(b, tag);
		return 0;
	}
	if (tag == 0xc1)
		return -1;
	w = field_width(tag);
	if (w < 8 && (v >> (8 * w)) != 0 && !(tag >= 0xd0 && tag <= 0xd3))
		return -1;
	put_tagged(b, tag, v, w);
	if (tag >= 0xc7 && tag <= 0xc9)
		put1(b, (unsigned char)ext_type);
	return 0;
}

void
mp_put_str(struct buf *b, const char *s, size_t n)
{
	unsigned char t = mp_minimal_tag(MP_STR, n);

	if (t <= 0xbf)
		put1(b, t);
	else
		put_tagged(b, t, n, field_width(t));
	buf_add(b, s, n);
}

void
mp_put_cstr(struct buf *b, const char *s)
{
	mp_put_str(b, s, strlen(s));
}

void
mp_put_bin(struct buf *b, const void *p, size_t n)
{
	unsigned char t = mp_minimal_tag(MP_BIN, n);

	put_tagged(b, t, n, field_width(t));
	buf_add(b, p, n);
}

void
mp_put_ext(struct buf *b, int8_t type, const void *p, size_t n)
{
	unsigned char t = mp_minimal_tag(MP_EXT, n);

	(void)mp_put_head(b, t, n, type);
	buf_add(b, p, n);
}

void
mp_put_array(struct buf *b, uint32_t n)
{
	unsigned char t = mp_minimal_tag(MP_ARRAY, n);

	if (t <= 0x9f)
		put1(b, t);
	else
		put_tagged(b, t, n, field_width(t));
}

void
mp_put_map(struct buf *b, uint32_t n)
{
	unsigned char t = mp_minimal_tag(MP_MAP, n);

	if (t <= 0x8f)
		put1(b, t);
	else
		put_tagged(b, t, n, field_width(t));
}
