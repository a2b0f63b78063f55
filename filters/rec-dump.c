/* SPDX-License-Identifier: ISC */
/*
 * rec-dump: msgpack records <-> JSON lines, losslessly.
 *
 * Reads any msgpack stream (plain or -z) and writes one JSON value per
 * record; --pack reads those lines back and writes the exact bytes.  The
 * encoding of msgpack types JSON lacks is documented in rec-dump(1): a
 * JSON object with exactly one key starting with '$' is a tag.  -r gives a
 * readable, lossy view for people (vectors as numbers, long values cut).
 * N:N; no keys are owned.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/json.h"
#include "common/log.h"
#include "common/mp.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/util.h"

enum { MODE_DUMP, MODE_PACK, MODE_COUNT, MODE_CHECK, MODE_COPY };

struct opts {
	struct common_opts co;
	int mode;		/* MODE_* */
	int readable;		/* -r: lossy view for people */
	long long head;		/* -n: stop after this many records (-1 all) */
	long long width;	/* -w: readable mode cuts values longer than this */
	int float_digits;	/* --float-digits: readable mode precision */
	int out_nul;		/* --copy: -1 as input, 0 plain, 1 -z */
};

enum { OPT_CHECK = OPT_FIRST_PRIVATE, OPT_COPY, OPT_FLOAT_DIGITS, OPT_TO };

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: rec-dump [-cfhqrVvz] [--check] [--float-digits N] [-n N] "
	    "[-o file]\n"
	    "                [-w N] [file ...]\n"
	    "       rec-dump --pack [-fhquVvz] [-o file] [file ...]\n"
	    "       rec-dump --copy [-fhquVvz] [-n N] [--to plain|nul] [-o file] "
	    "[file ...]\n"
	    "Print msgpack records as JSON lines, or pack JSON lines back.\n\n"
	    "  -c, --count          print the number of records\n"
	    "      --check          validate the stream; exit 1 at the first "
	    "bad record\n"
	    "      --copy           copy the records as msgpack (to reframe, "
	    "cut, join)\n"
	    "      --float-digits N  significant digits of floats with -r (9)\n"
	    "  -n, --head N         stop after N records\n"
	    "  -p, --pack           read JSON lines, write msgpack records\n"
	    "  -r, --readable       readable, lossy view: vectors as numbers, "
	    "long values cut\n"
	    "      --to plain|nul   with --copy, the output framing (as the "
	    "input)\n"
	    "  -w, --width N        with -r, cut strings and vectors longer "
	    "than N (120)\n"
	    COMMON_USAGE);
	exit(status);
}

/* ---- msgpack -> JSON ---- */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
put_b64(struct buf *b, const unsigned char *p, size_t n)
{
	size_t i;
	char *q;

	buf_reserve(b, (n + 2) / 3 * 4 + 2);
	q = (char *)b->p + b->len;
	*q++ = '"';
	for (i = 0; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];

		*q++ = b64chars[v >> 18];
		*q++ = b64chars[(v >> 12) & 63];
		*q++ = b64chars[(v >> 6) & 63];
		*q++ = b64chars[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)p[i] << 16;

		*q++ = b64chars[v >> 18];
		*q++ = b64chars[(v >> 12) & 63];
		*q++ = '=';
		*q++ = '=';
	} else if (n - i == 2) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;

		*q++ = b64chars[v >> 18];
		*q++ = b64chars[(v >> 12) & 63];
		*q++ = b64chars[(v >> 6) & 63];
		*q++ = '=';
	}
	*q++ = '"';
	b->len = (size_t)(q - (char *)b->p);
}

/* The spec's name of a format byte, used as the tag "$NAME". */
static const char *
fmt_name(unsigned char t)
{
	static const char *const hi[] = {
		"nil", "never", "false", "true", "bin8", "bin16", "bin32",
		"ext8", "ext16", "ext32", "float32", "float64", "uint8",
		"uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
		"fixext1", "fixext2", "fixext4", "fixext8", "fixext16", "str8",
		"str16", "str32", "array16", "array32", "map16", "map32" };

	if (t <= 0x7f || t >= 0xe0)
		return "fixint";
	if (t <= 0x8f)
		return "fixmap";
	if (t <= 0x9f)
		return "fixarray";
	if (t <= 0xbf)
		return "fixstr";
	return hi[t - 0xc0];
}

static void
put_tag(struct buf *b, unsigned char t)
{
	buf_adds(b, "{\"$");
	buf_adds(b, fmt_name(t));
	buf_adds(b, "\":");
}

/* Shortest decimal text that reads back as the same double (or float). */
static void
put_float(struct buf *b, double v, int is32, int digits)
{
	char s[40];
	int prec, lo = is32 ? 6 : 15, hi = is32 ? 9 : 17;

	if (digits > 0)
		lo = hi = digits;
	for (prec = lo; prec <= hi; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (digits > 0 || (is32 ? (float)strtod(s, NULL) == (float)v :
		    strtod(s, NULL) == v))
			break;
	}
	buf_adds(b, s);
	if (strpbrk(s, ".en") == NULL)
		buf_adds(b, ".0");
}

/* A non-finite float as "nan", "inf", "-inf" or, for other NaNs, hex bits. */
static void
put_nonfinite(struct buf *b, uint64_t bits, int is32, double v)
{
	if (isinf(v))
		buf_adds(b, v > 0 ? "\"inf\"" : "\"-inf\"");
	else if (is32 ? bits == 0x7fc00000u : bits == 0x7ff8000000000000ull)
		buf_adds(b, "\"nan\"");
	else if (is32)
		buf_printf(b, "\"0x%08llx\"", (unsigned long long)bits);
	else
		buf_printf(b, "\"0x%016llx\"", (unsigned long long)bits);
}

/* Is this map writable as a plain JSON object that packs back the same? */
static int
plain_object(const unsigned char *p, size_t n, const struct mp_obj *m)
{
	const unsigned char *end = p + n, *q = p + m->hdr;
	uint32_t i, j;
	int dollar = 0;
	const unsigned char *keys[64];
	size_t klens[64];

	if (m->tag != mp_minimal_tag(MP_MAP, m->n))
		return 0;
	for (i = 0; i < m->n; i++) {
		struct mp_obj k;
		size_t kl = mp_skip(q, (size_t)(end - q));

		if (kl == 0 || mp_head(q, kl, &k) <= 0 || k.type != MP_STR ||
		    k.tag != mp_minimal_tag(MP_STR, k.n) ||
		    !json_valid_utf8((const char *)k.p, k.n))
			return 0;
		if (k.n > 0 && k.p[0] == '$')
			dollar = 1;
		/* Duplicate keys would not survive a JSON object reader:
		 * check small maps exactly, large ones conservatively. */
		if (m->n <= 64) {
			for (j = 0; j < i; j++)
				if (klens[j] == k.n && memcmp(keys[j], k.p, k.n) == 0)
					return 0;
			keys[i] = k.p;
			klens[i] = k.n;
		}
		q += kl;
		q += mp_skip(q, (size_t)(end - q));
	}
	if (m->n > 64) {
		/* Quadratic only for unusual wide maps; still correct. */
		const unsigned char *a = p + m->hdr;

		for (i = 0; i < m->n; i++) {
			struct mp_obj ka, kb;
			const unsigned char *c;
			size_t al = mp_skip(a, (size_t)(end - a));

			mp_head(a, al, &ka);
			c = a + al;
			c += mp_skip(c, (size_t)(end - c));
			for (j = i + 1; j < m->n; j++) {
				size_t bl = mp_skip(c, (size_t)(end - c));

				mp_head(c, bl, &kb);
				if (ka.n == kb.n && memcmp(ka.p, kb.p, ka.n) == 0)
					return 0;
				c += bl;
				c += mp_skip(c, (size_t)(end - c));
			}
			a += al;
			a += mp_skip(a, (size_t)(end - a));
		}
	}
	return !(m->n == 1 && dollar);
}

/*
 * Append the JSON form of the value at p (n bytes, complete) and return
 * its encoded length.  opt NULL means lossless mode.
 */
static size_t
put_value(struct buf *b, const unsigned char *p, size_t n,
    const struct opts *o)
{
	struct mp_obj v;
	size_t pos, len = mp_skip(p, n);
	uint32_t i;
	int lossy = o->readable;

	mp_head(p, len, &v);
	switch (v.type) {
	case MP_NIL:
		buf_adds(b, "null");
		break;
	case MP_BOOL:
		buf_adds(b, v.v.b ? "true" : "false");
		break;
	case MP_UINT:
	case MP_INT:
		if (!lossy && v.tag != (v.type == MP_UINT ? mp_uint_tag(v.v.u) :
		    mp_int_tag(v.v.i))) {
			put_tag(b, v.tag);
			buf_printf(b, v.type == MP_UINT ? "%llu}" : "%lld}",
			    v.type == MP_UINT ? (unsigned long long)v.v.u :
			    (unsigned long long)v.v.i);
			break;
		}
		if (v.type == MP_UINT)
			buf_printf(b, "%llu", (unsigned long long)v.v.u);
		else
			buf_printf(b, "%lld", (long long)v.v.i);
		break;
	case MP_F32:
	case MP_F64: {
		int is32 = v.type == MP_F32;
		double d = is32 ? v.v.f32 : v.v.f64;
		uint64_t bits = is32 ? mp_be32(p + 1) : mp_be64(p + 1);

		if (is32 && !lossy)
			put_tag(b, v.tag);
		if (isfinite(d))
			put_float(b, d, is32, lossy ? o->float_digits : 0);
		else if (lossy)
			buf_adds(b, isnan(d) ? "\"nan\"" : d > 0 ? "\"inf\"" : "\"-inf\"");
		else {
			if (!is32)
				put_tag(b, v.tag);
			put_nonfinite(b, bits, is32, d);
		}
		if (!lossy && (is32 || !isfinite(d)))
			buf_addc(b, '}');
		break;
	}
	case MP_STR: {
		int ok = json_valid_utf8((const char *)v.p, v.n);
		int tagged = !lossy && (!ok || v.tag != mp_minimal_tag(MP_STR, v.n));
		size_t show = v.n;

		if (tagged)
			put_tag(b, v.tag);
		if (lossy && o->width >= 0 && show > (size_t)o->width) {
			show = (size_t)o->width;
			while (show > 0 && (v.p[show] & 0xc0) == 0x80)
				show--;	/* do not cut inside a character */
			b->len += 0;
			json_put_str(b, (const char *)v.p, show);
			b->len--;	/* reopen the string */
			buf_printf(b, "...(+%zu bytes)\"", (size_t)v.n - show);
		} else if (ok || lossy) {
			json_put_str(b, (const char *)v.p, v.n);
		} else {
			buf_adds(b, "{\"$b64\":");
			put_b64(b, v.p, v.n);
			buf_addc(b, '}');
		}
		if (tagged)
			buf_addc(b, '}');
		break;
	}
	case MP_BIN:
		if (lossy && v.n % 4 == 0 && v.n > 0) {
			/* Show a float32 vector (DESIGN 3) as numbers. */
			size_t dim = v.n / 4, k, shown = dim;

			if (o->width >= 0 && shown > (size_t)o->width / 8 + 1)
				shown = (size_t)o->width / 8 + 1;
			buf_addc(b, '[');
			for (k = 0; k < shown; k++) {
				float f;
				uint32_t u = (uint32_t)v.p[4 * k] |
				    (uint32_t)v.p[4 * k + 1] << 8 |
				    (uint32_t)v.p[4 * k + 2] << 16 |
				    (uint32_t)v.p[4 * k + 3] << 24;

				memcpy(&f, &u, 4);
				if (k)
					buf_addc(b, ',');
				if (isfinite(f))
					put_float(b, f, 1, o->float_digits);
				else
					buf_adds(b, "null");
			}
			if (shown < dim)
				buf_printf(b, ",\"...(%zu-D)\"", dim);
			buf_addc(b, ']');
			break;
		}
		buf_adds(b, "{\"$");
		buf_adds(b, v.tag == mp_minimal_tag(MP_BIN, v.n) ? "bin" :
		    fmt_name(v.tag));
		buf_adds(b, "\":");
		put_b64(b, v.p, lossy && o->width >= 0 && v.n > (size_t)o->width ?
		    (size_t)o->width : v.n);
		buf_addc(b, '}');
		break;
	case MP_EXT:
		buf_adds(b, "{\"$");
		buf_adds(b, v.tag == mp_minimal_tag(MP_EXT, v.n) ? "ext" :
		    fmt_name(v.tag));
		buf_printf(b, "\":[%d,", v.ext_type);
		put_b64(b, v.p, v.n);
		buf_adds(b, "]}");
		break;
	case MP_ARRAY: {
		int tagged = !lossy && v.tag != mp_minimal_tag(MP_ARRAY, v.n);

		if (tagged)
			put_tag(b, v.tag);
		buf_addc(b, '[');
		pos = v.hdr;
		for (i = 0; i < v.n; i++) {
			if (i)
				buf_addc(b, ',');
			pos += put_value(b, p + pos, len - pos, o);
		}
		buf_addc(b, ']');
		if (tagged)
			buf_addc(b, '}');
		break;
	}
	case MP_MAP: {
		int plain = lossy || plain_object(p, len, &v);

		if (!plain) {
			buf_adds(b, "{\"$");
			buf_adds(b, v.tag == mp_minimal_tag(MP_MAP, v.n) ? "map" :
			    fmt_name(v.tag));
			buf_adds(b, "\":[");
		} else {
			buf_addc(b, '{');
		}
		pos = v.hdr;
		for (i = 0; i < v.n; i++) {
			if (i)
				buf_addc(b, ',');
			if (!plain)
				buf_addc(b, '[');
			if (plain && lossy) {
				struct mp_obj k;
				size_t kl = mp_skip(p + pos, len - pos);

				mp_head(p + pos, kl, &k);
				if (k.type == MP_STR) {
					json_put_str(b, (const char *)k.p, k.n);
					pos += kl;
				} else {
					/* A key that is not a str is shown as
					 * its JSON text, cut to the width: keys
					 * nested in keys would otherwise double
					 * the output at every level. */
					struct buf kb = { 0 };
					size_t kl = mp_skip(p + pos, len - pos);

					put_value(&kb, p + pos, kl, o);
					pos += kl;
					if (o->width >= 0 && kb.len > (size_t)o->width) {
						kb.len = (size_t)o->width;
						buf_adds(&kb, "...");
					}
					json_put_str(b, (const char *)kb.p, kb.len);
					buf_free(&kb);
				}
			} else {
				pos += put_value(b, p + pos, len - pos, o);
			}
			buf_addc(b, plain ? ':' : ',');
			pos += put_value(b, p + pos, len - pos, o);
			if (!plain)
				buf_addc(b, ']');
		}
		buf_adds(b, plain ? "}" : "]}");
		break;
	}
	}
	return len;
}

/* ---- JSON -> msgpack ---- */

struct packctx {
	const struct json_doc *doc;
	const char *src;
	unsigned long long line;
	char err[160];
};

static int
pk_err(struct packctx *c, const char *fmt, const char *arg)
{
	snprintf(c->err, sizeof c->err, fmt, arg);
	return -1;
}

static int
b64val(int ch)
{
	const char *q = ch ? strchr(b64chars, ch) : NULL;

	return q ? (int)(q - b64chars) : -1;
}

/* Decode base64 text (n bytes, padded) and append it to out. */
static int
unb64(struct buf *out, const char *s, size_t n)
{
	size_t i;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		int a = b64val(s[i]), b = b64val(s[i + 1]);
		int c = s[i + 2] == '=' ? -2 : b64val(s[i + 2]);
		int d = s[i + 3] == '=' ? -2 : b64val(s[i + 3]);

		if (a < 0 || b < 0 || c == -1 || d == -1 ||
		    ((c == -2 || d == -2) && i + 4 != n) || (c == -2 && d != -2))
			return -1;
		buf_addc(out, a << 2 | b >> 4);
		if (c >= 0)
			buf_addc(out, (b & 15) << 4 | c >> 2);
		if (d >= 0)
			buf_addc(out, (c & 3) << 6 | d);
	}
	return 0;
}

/* Index of the format byte named s (without '$'), or -1. */
static int
fmt_by_name(const char *s, size_t n)
{
	int t;

	for (t = 0xc0; t <= 0xdf; t++)
		if (strlen(fmt_name((unsigned char)t)) == n &&
		    memcmp(fmt_name((unsigned char)t), s, n) == 0)
			return t;
	if (n == 6 && memcmp(s, "fixstr", 6) == 0)
		return 0xa0;
	if (n == 8 && memcmp(s, "fixarray", 8) == 0)
		return 0x90;
	if (n == 6 && memcmp(s, "fixmap", 6) == 0)
		return 0x80;
	if (n == 3 && memcmp(s, "bin", 3) == 0)
		return 0x100 | MP_BIN;
	if (n == 3 && memcmp(s, "ext", 3) == 0)
		return 0x100 | MP_EXT;
	if (n == 3 && memcmp(s, "map", 3) == 0)
		return 0x100 | MP_MAP;
	return -1;
}

static int pack_value(struct packctx *c, size_t idx, struct buf *out);

/* A JSON string's bytes, or the bytes of {"$b64": "..."} inside a str tag. */
static int
str_bytes(struct packctx *c, size_t idx, struct buf *tmp)
{
	const struct json_doc *d = c->doc;
	long v;

	if (d->node[idx].type == JSON_STRING) {
		buf_add(tmp, d->node[idx].s, d->node[idx].len);
		return 0;
	}
	if (d->node[idx].type == JSON_OBJECT && d->node[idx].n == 1 &&
	    (v = json_get(d, idx, "$b64")) >= 0 &&
	    d->node[v].type == JSON_STRING &&
	    unb64(tmp, d->node[v].s, d->node[v].len) == 0)
		return 0;
	return pk_err(c, "%s: expected a string or {\"$b64\": ...}", "str tag");
}

static int
pack_number(struct packctx *c, size_t idx, struct buf *out, int tag)
{
	const struct json_doc *d = c->doc;
	const struct json_node *nd = &d->node[idx];
	char tmp[64];
	double f;

	if (nd->type == JSON_STRING && (tag == 0xca || tag == 0xcb)) {
		uint64_t bits;
		char *end;

		if (nd->len == 3 && memcmp(nd->s, "nan", 3) == 0)
			bits = tag == 0xca ? 0x7fc00000u : 0x7ff8000000000000ull;
		else if (nd->len == 3 && memcmp(nd->s, "inf", 3) == 0)
			bits = tag == 0xca ? 0x7f800000u : 0x7ff0000000000000ull;
		else if (nd->len == 4 && memcmp(nd->s, "-inf", 4) == 0)
			bits = tag == 0xca ? 0xff800000u : 0xfff0000000000000ull;
		else {
			if (nd->len < 3 || nd->len > 18 || memcmp(nd->s, "0x", 2))
				return pk_err(c, "%s: bad special float", "float");
			memcpy(tmp, nd->s, nd->len);
			tmp[nd->len] = '\0';
			bits = strtoull(tmp + 2, &end, 16);
			if (*end)
				return pk_err(c, "%s: bad special float", "float");
		}
		return mp_put_head(out, (unsigned char)tag, bits, 0) < 0 ?
		    pk_err(c, "%s: value does not fit", "float") : 0;
	}
	if (nd->type != JSON_NUMBER)
		return pk_err(c, "%s: expected a number", "number tag");
	if (nd->len >= sizeof tmp)
		return pk_err(c, "%s: number too long", "number");
	memcpy(tmp, nd->s, nd->len);
	tmp[nd->len] = '\0';
	if (tag == 0xca || tag == 0xcb) {
		f = strtod(tmp, NULL);
		if (tag == 0xca)
			mp_put_f32(out, (float)f);
		else
			mp_put_f64(out, f);
		return 0;
	}
	if (!nd->is_int)
		return pk_err(c, "%s: expected an integer", tmp);
	if (tmp[0] == '-') {
		char *end;
		long long v = strtoll(tmp, &end, 10);

		if (*end || (v == LLONG_MIN && strcmp(tmp, "-9223372036854775808")))
			return pk_err(c, "%s: integer out of range", tmp);
		if (tag < 0)
			mp_put_int(out, v);
		else if (tag >= 0xe0 ? v < -32 : (tag >= 0xcc && tag <= 0xcf))
			return pk_err(c, "%s: does not fit the tag", tmp);
		else if (tag >= 0xe0)
			mp_put_int(out, v);
		else if ((tag == 0xd0 && v < INT8_MIN) || (tag == 0xd1 && v < INT16_MIN) ||
		    (tag == 0xd2 && v < INT32_MIN))
			return pk_err(c, "%s: does not fit the tag", tmp);
		else
			(void)mp_put_head(out, (unsigned char)tag, (uint64_t)v, 0);
	} else {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(tmp, &end, 10);
		if (*end || errno)
			return pk_err(c, "%s: integer out of range", tmp);
		if (tag < 0 || tag <= 0x7f)
			mp_put_uint(out, v);
		else if ((tag >= 0xd0 && tag <= 0xd3)) {
			if ((tag == 0xd0 && v > INT8_MAX) || (tag == 0xd1 && v > INT16_MAX) ||
			    (tag == 0xd2 && v > INT32_MAX) || v > INT64_MAX)
				return pk_err(c, "%s: does not fit the tag", tmp);
			(void)mp_put_head(out, (unsigned char)tag, v, 0);
		} else if (mp_put_head(out, (unsigned char)tag, v, 0) < 0)
			return pk_err(c, "%s: does not fit the tag", tmp);
	}
	return 0;
}

/* Pack the value of a tag object {"$NAME": value}. */
static int
pack_tag(struct packctx *c, const char *name, size_t nlen, size_t val,
    struct buf *out)
{
	const struct json_doc *d = c->doc;
	const struct json_node *v = &d->node[val];
	int t = fmt_by_name(name, nlen);
	struct buf tmp = { 0 };
	uint32_t i;
	size_t k;
	int rc = 0;

	if (t < 0 || t == 0xc1)
		return pk_err(c, "unknown tag \"$%.40s\"", name);
	if (t == 0xc0 || t == 0xc2 || t == 0xc3)
		return pk_err(c, "tag \"$%.40s\" is never written", name);
	if ((t >= 0xcc && t <= 0xd3) || t == 0xca || t == 0xcb)
		return pack_number(c, val, out, t);
	if (t == 0xa0 || (t >= 0xd9 && t <= 0xdb)) {	/* str */
		if (str_bytes(c, val, &tmp) < 0) {
			buf_free(&tmp);
			return -1;
		}
		if ((t == 0xa0 && tmp.len > 31) || mp_put_head(out,
		    (unsigned char)t, tmp.len, 0) < 0)
			rc = pk_err(c, "%s: string too long for its tag", "str");
		else
			buf_add(out, tmp.p, tmp.len);
		buf_free(&tmp);
		return rc;
	}
	if (t == (0x100 | MP_BIN) || (t >= 0xc4 && t <= 0xc6)) {
		if (v->type != JSON_STRING || unb64(&tmp, v->s, v->len) < 0) {
			buf_free(&tmp);
			return pk_err(c, "%s: expected base64 text", "bin");
		}
		if (t & 0x100)
			t = mp_minimal_tag(MP_BIN, tmp.len);
		if (mp_put_head(out, (unsigned char)t, tmp.len, 0) < 0)
			rc = pk_err(c, "%s: too long for its tag", "bin");
		else
			buf_add(out, tmp.p, tmp.len);
		buf_free(&tmp);
		return rc;
	}
	if (t == (0x100 | MP_EXT) || (t >= 0xc7 && t <= 0xc9) ||
	    (t >= 0xd4 && t <= 0xd8)) {
		long a, s;
		int64_t et;

		if (v->type != JSON_ARRAY || v->n != 2 ||
		    (a = json_child(d, val, 0)) < 0 || json_int(d, (size_t)a, &et) < 0 ||
		    et < -128 || et > 127 || (s = json_child(d, val, 1)) < 0 ||
		    d->node[s].type != JSON_STRING ||
		    unb64(&tmp, d->node[s].s, d->node[s].len) < 0) {
			buf_free(&tmp);
			return pk_err(c, "%s: expected [type, base64]", "ext");
		}
		if (t & 0x100)
			t = mp_minimal_tag(MP_EXT, tmp.len);
		if ((t >= 0xd4 && t <= 0xd8 && tmp.len != (1u << (t - 0xd4))) ||
		    mp_put_head(out, (unsigned char)t, tmp.len, (int8_t)et) < 0)
			rc = pk_err(c, "%s: length does not fit its tag", "ext");
		else
			buf_add(out, tmp.p, tmp.len);
		buf_free(&tmp);
		return rc;
	}
	if (t == 0x90 || t == 0xdc || t == 0xdd) {	/* array */
		if (v->type != JSON_ARRAY)
			return pk_err(c, "%s: expected an array", "array tag");
		if ((t == 0x90 && v->n > 15) || mp_put_head(out, (unsigned char)t,
		    v->n, 0) < 0)
			return pk_err(c, "%s: too long for its tag", "array");
		/* Children follow their parent; walk siblings by .next
		 * (json_child(i) would make long arrays quadratic). */
		for (i = 0, k = val + 1; i < v->n; i++, k = d->node[k].next)
			if (pack_value(c, k, out) < 0)
				return -1;
		return 0;
	}
	/* map: [[k, v], ...] */
	if (v->type != JSON_ARRAY)
		return pk_err(c, "%s: expected an array of [key, value]", "map tag");
	if (t & 0x100)
		t = mp_minimal_tag(MP_MAP, v->n);
	if ((t == 0x80 && v->n > 15) || mp_put_head(out, (unsigned char)t, v->n, 0) < 0)
		return pk_err(c, "%s: too long for its tag", "map");
	for (i = 0, k = val + 1; i < v->n; i++, k = d->node[k].next) {
		if (d->node[k].type != JSON_ARRAY || d->node[k].n != 2)
			return pk_err(c, "%s: expected [key, value] pairs", "map");
		if (pack_value(c, k + 1, out) < 0 ||
		    pack_value(c, d->node[k + 1].next, out) < 0)
			return -1;
	}
	return 0;
}

static int
pack_value(struct packctx *c, size_t idx, struct buf *out)
{
	const struct json_doc *d = c->doc;
	const struct json_node *v = &d->node[idx];
	uint32_t i;
	size_t k;

	switch (v->type) {
	case JSON_NULL: mp_put_nil(out); return 0;
	case JSON_FALSE: mp_put_bool(out, 0); return 0;
	case JSON_TRUE: mp_put_bool(out, 1); return 0;
	case JSON_NUMBER:
		if (v->is_int)
			return pack_number(c, idx, out, -1);
		return pack_number(c, idx, out, 0xcb);
	case JSON_STRING:
		mp_put_str(out, v->s, v->len);
		return 0;
	case JSON_ARRAY:
		mp_put_array(out, v->n);
		for (i = 0, k = idx + 1; i < v->n; i++, k = d->node[k].next)
			if (pack_value(c, k, out) < 0)
				return -1;
		return 0;
	case JSON_OBJECT:
		if (v->n == 1 && d->node[idx + 1].len > 0 &&
		    d->node[idx + 1].s[0] == '$')
			return pack_tag(c, d->node[idx + 1].s + 1,
			    d->node[idx + 1].len - 1, d->node[idx + 1].next, out);
		mp_put_map(out, v->n);
		for (i = 0, k = idx + 1; i < v->n; i++) {
			mp_put_str(out, d->node[k].s, d->node[k].len);
			if (pack_value(c, d->node[k].next, out) < 0)
				return -1;
			k = d->node[d->node[k].next].next;
		}
		return 0;
	}
	return -1;
}

/* ---- drivers ---- */

static int
pack_file(const struct opts *o, const char *path, struct rw *w)
{
	struct json_doc doc = { 0 };
	struct packctx c = { 0 };
	struct buf out = { 0 };
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = EXIT_OK;

	if (path == NULL || strcmp(path, "-") == 0) {
		fp = stdin;
		c.src = "<stdin>";
	} else if ((fp = fopen(path, "r")) == NULL) {
		error("%s:", path);
		return EXIT_IO;
	} else {
		c.src = path;
	}
	c.doc = &doc;
	while ((n = getline(&line, &cap, fp)) > 0) {
		size_t len = (size_t)n;

		c.line++;
		if ((size_t)n > o->co.max_record * 4 + 64) {
			error("%s: line %llu: longer than the limit of %zu bytes "
			    "(--max-record)", c.src, c.line, o->co.max_record * 4);
			status = EXIT_DATA;
			break;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;	/* blank lines separate nothing */
		if (json_parse(&doc, line, len, 0) < 0) {
			error("%s: line %llu, column %zu: %s", c.src, c.line,
			    doc.err_off + 1, doc.err);
			status = EXIT_DATA;
			break;
		}
		out.len = 0;
		if (pack_value(&c, 0, &out) < 0) {
			error("%s: line %llu: %s", c.src, c.line, c.err);
			status = EXIT_DATA;
			break;
		}
		if (rw_put(w, out.p, out.len) < 0) {
			status = EXIT_IO;
			break;
		}
	}
	if (status == EXIT_OK && ferror(fp)) {
		error("%s: read error:", c.src);
		status = EXIT_IO;
	}
	if (fp != stdin)
		fclose(fp);
	free(line);
	buf_free(&out);
	json_free(&doc);
	return status;
}

static int
dump_file(const struct opts *o, const char *path, struct rw *w,
    long long *count)
{
	struct rec rec = { 0 };
	struct buf line = { 0 };
	struct rb rb = { 0 };
	struct rr *r;
	int flags = ((o->co.nul & NUL_IN) ? RR_NUL : 0) |
	    (o->mode == MODE_CHECK || o->mode == MODE_COPY ? 0 : RR_ANY);
	int st, status = EXIT_OK;

	if ((r = rr_open(path, flags, o->co.max_record)) == NULL)
		return EXIT_IO;
	while ((o->head < 0 || *count < o->head) && (st = rr_next(r, &rec)) != 0) {
		if (st < 0) {
			status = rr_status(r);
			break;
		}
		++*count;
		if (o->mode == MODE_COPY) {
			/* Through the builder, as a filter would: every pair
			 * decoded and re-encoded. */
			rb_reset(&rb);
			rb_copy(&rb, &rec, NULL);
			if ((rec.nkv ? rw_put_rb(w, &rb) : rw_put(w, rec.raw,
			    rec.len)) < 0) {
				status = EXIT_IO;
				break;
			}
			continue;
		}
		if (o->mode != MODE_DUMP)
			continue;
		line.len = 0;
		put_value(&line, rec.raw, rec.len, o);
		buf_addc(&line, '\n');
		if (rw_write(w, line.p, line.len) < 0) {
			status = EXIT_IO;
			break;
		}
		if (o->co.unbuffered && rw_flush(w) < 0) {
			status = EXIT_IO;
			break;
		}
	}
	if (o->mode == MODE_CHECK && status == EXIT_OK)
		info(3, "%s: %lld records, %llu bytes: OK", rr_name(r), *count,
		    (unsigned long long)rr_bytes(r));
	rr_close(r);
	rec_free(&rec);
	rb_free(&rb);
	buf_free(&line);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"check", no_argument, NULL, OPT_CHECK},
		{"copy", no_argument, NULL, OPT_COPY},
		{"count", no_argument, NULL, 'c'},
		{"float-digits", required_argument, NULL, OPT_FLOAT_DIGITS},
		{"head", required_argument, NULL, 'n'},
		{"pack", no_argument, NULL, 'p'},
		{"readable", no_argument, NULL, 'r'},
		{"to", required_argument, NULL, OPT_TO},
		{"width", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}
	};
	static const struct opt_word framings[] = {
		{"plain", 0}, {"nul", 1}, {NULL, 0}
	};
	struct opts o = { .mode = MODE_DUMP, .head = -1, .width = 120,
		.float_digits = 0, .out_nul = -1 };
	struct rw *w = NULL;
	long long count = 0;
	int c, i, status = EXIT_OK, nfiles;

	log_init(argv[0]);
	opt_init(&o.co);
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "cn:prw:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'c': o.mode = MODE_COUNT; break;
		case 'n': o.head = estrtonum(optarg, 0, LLONG_MAX, "-n"); break;
		case 'p': o.mode = MODE_PACK; break;
		case 'r': o.readable = 1; break;
		case 'w': o.width = estrtonum(optarg, 0, 1 << 30, "-w"); break;
		case OPT_CHECK: o.mode = MODE_CHECK; break;
		case OPT_COPY: o.mode = MODE_COPY; break;
		case OPT_TO:
			o.out_nul = opt_keyword(optarg, "--to", framings,
			    usage);
			break;
		case OPT_FLOAT_DIGITS:
			o.float_digits = (int)estrtonum(optarg, 1, 17,
			    "--float-digits");
			break;
		default: opt_common(c, optarg, &o.co, usage);
		}
	}
	if (o.readable && o.float_digits == 0)
		o.float_digits = 9;
	if (o.mode == MODE_PACK && o.readable)
		die(EXIT_USAGE, "--pack and -r do not go together (-r is lossy)");
	nfiles = argc - optind;
	opt_refuse_tty_stdin(nfiles, usage);

	if (o.out_nul < 0)
		o.out_nul = (o.co.nul & NUL_OUT) != 0;
	else if (o.mode != MODE_COPY)
		die(EXIT_USAGE, "--to goes with --copy");
	if (o.mode == MODE_COPY)
		w = rw_open(o.co.output, (o.out_nul ? RW_NUL : 0) |
		    (o.co.force ? RW_FORCE : 0) |
		    (o.co.unbuffered ? RW_UNBUFFERED : 0));
	else if (o.mode == MODE_PACK)
		w = rw_open(o.co.output, ((o.co.nul & NUL_OUT) ? RW_NUL : 0) |
		    (o.co.force ? RW_FORCE : 0) |
		    (o.co.unbuffered ? RW_UNBUFFERED : 0));
	else if (o.mode != MODE_CHECK)
		w = rw_open(o.co.output, RW_TEXT);
	for (i = 0; (i < nfiles || (nfiles == 0 && i == 0)) && status == EXIT_OK; i++) {
		const char *path = nfiles ? argv[optind + i] : "-";

		if (o.mode == MODE_PACK)
			status = pack_file(&o, path, w);
		else
			status = dump_file(&o, path, w, &count);
	}
	if (status == EXIT_OK && o.mode == MODE_COUNT) {
		char s[32];
		int n = snprintf(s, sizeof s, "%lld\n", count);

		if (rw_write(w, s, (size_t)n) < 0)
			status = EXIT_IO;
	}
	if (w) {
		if (status == EXIT_OK) {
			if (rw_close(w) < 0)
				status = EXIT_IO;
		} else {
			rw_abort(w);
		}
	}
	return status;
}
