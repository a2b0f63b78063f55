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
plain_object(const msgpack_object *m)
{
	const msgpack_object_kv *kv = m->via.map.ptr;
	uint32_t n = m->via.map.size, i, j;

	for (i = 0; i < n; i++)
		if (kv[i].key.type != MSGPACK_OBJECT_STR ||
		    !json_valid_utf8(kv[i].key.via.str.ptr, kv[i].key.via.str.size))
			return 0;
	/* Duplicate keys would not survive a JSON object reader.  Quadratic,
	 * but only maps with many keys pay, and records are capped. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (kv[i].key.via.str.size == kv[j].key.via.str.size &&
			    memcmp(kv[i].key.via.str.ptr, kv[j].key.via.str.ptr,
			    kv[i].key.via.str.size) == 0)
				return 0;
	return !(n == 1 && kv[0].key.via.str.size > 0 &&
	    kv[0].key.via.str.ptr[0] == '$');
}

static void put_value(struct buf *b, const msgpack_object *v,
    const struct opts *o);

/* A float (float32 widened to double by msgpack-c) in its JSON form. */
static void
put_floatval(struct buf *b, const msgpack_object *v, const struct opts *o)
{
	int is32 = v->type == MSGPACK_OBJECT_FLOAT32, lossy = o->readable;
	double d = v->via.f64;
	uint64_t bits;

	if (is32) {
		float f = (float)d;
		uint32_t u;

		memcpy(&u, &f, 4);
		bits = u;
	} else {
		memcpy(&bits, &d, 8);
	}
	if (lossy) {
		if (isfinite(d))
			put_float(b, d, is32, o->float_digits);
		else
			buf_adds(b, isnan(d) ? "\"nan\"" : d > 0 ? "\"inf\"" :
			    "\"-inf\"");
		return;
	}
	if (!is32 && isfinite(d)) {
		put_float(b, d, 0, 0);
		return;
	}
	buf_adds(b, is32 ? "{\"$float32\":" : "{\"$float64\":");
	if (isfinite(d))
		put_float(b, d, is32, 0);
	else
		put_nonfinite(b, bits, is32, d);
	buf_addc(b, '}');
}

/* A str: JSON text when it is UTF-8, else {"$str": {"$b64": ...}}. */
static void
put_strval(struct buf *b, const msgpack_object *v, const struct opts *o)
{
	const char *p = v->via.str.ptr;
	size_t n = v->via.str.size, show = n;
	int ok = json_valid_utf8(p, n);

	if (o->readable && o->width >= 0 && show > (size_t)o->width) {
		show = (size_t)o->width;
		while (show > 0 && (p[show] & 0xc0) == 0x80)
			show--;	/* do not cut inside a character */
		json_put_str(b, p, show);
		b->len--;	/* reopen the string */
		buf_printf(b, "...(+%zu bytes)\"", n - show);
	} else if (ok || o->readable) {
		json_put_str(b, p, n);
	} else {
		buf_adds(b, "{\"$str\":{\"$b64\":");
		put_b64(b, (const unsigned char *)p, n);
		buf_adds(b, "}}");
	}
}

/* A bin: base64, or with -r a float32 vector (DESIGN 3) as numbers. */
static void
put_binval(struct buf *b, const msgpack_object *v, const struct opts *o)
{
	const unsigned char *p = (const unsigned char *)v->via.bin.ptr;
	size_t n = v->via.bin.size;

	if (o->readable && n % 4 == 0 && n > 0) {
		size_t dim = n / 4, k, shown = dim;

		if (o->width >= 0 && shown > (size_t)o->width / 8 + 1)
			shown = (size_t)o->width / 8 + 1;
		buf_addc(b, '[');
		for (k = 0; k < shown; k++) {
			float f;
			uint32_t u = (uint32_t)p[4 * k] | (uint32_t)p[4 * k + 1] << 8 |
			    (uint32_t)p[4 * k + 2] << 16 |
			    (uint32_t)p[4 * k + 3] << 24;

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
		return;
	}
	buf_adds(b, "{\"$bin\":");
	put_b64(b, p, o->readable && o->width >= 0 && n > (size_t)o->width ?
	    (size_t)o->width : n);
	buf_addc(b, '}');
}

/* A map: a JSON object, or {"$map": [[key, value], ...]}. */
static void
put_mapval(struct buf *b, const msgpack_object *v, const struct opts *o)
{
	const msgpack_object_kv *kv = v->via.map.ptr;
	int plain = o->readable || plain_object(v);
	uint32_t i;

	buf_adds(b, plain ? "{" : "{\"$map\":[");
	for (i = 0; i < v->via.map.size; i++) {
		if (i)
			buf_addc(b, ',');
		if (!plain)
			buf_addc(b, '[');
		if (plain && kv[i].key.type != MSGPACK_OBJECT_STR) {
			/* -r: a key that is not a str is shown as its JSON
			 * text, cut to the width: keys nested in keys would
			 * otherwise double the output at every level. */
			struct buf kb = { 0 };

			put_value(&kb, &kv[i].key, o);
			if (o->width >= 0 && kb.len > (size_t)o->width) {
				kb.len = (size_t)o->width;
				buf_adds(&kb, "...");
			}
			json_put_str(b, (const char *)kb.p, kb.len);
			buf_free(&kb);
		} else if (plain) {
			json_put_str(b, kv[i].key.via.str.ptr,
			    kv[i].key.via.str.size);
		} else {
			put_value(b, &kv[i].key, o);
		}
		buf_addc(b, plain ? ':' : ',');
		put_value(b, &kv[i].val, o);
		if (!plain)
			buf_addc(b, ']');
	}
	buf_adds(b, plain ? "}" : "]}");
}

/* Append the JSON form of the decoded value v (rec-dump(1) says how). */
static void
put_value(struct buf *b, const msgpack_object *v, const struct opts *o)
{
	uint32_t i;

	switch (v->type) {
	case MSGPACK_OBJECT_NIL:
		buf_adds(b, "null");
		break;
	case MSGPACK_OBJECT_BOOLEAN:
		buf_adds(b, v->via.boolean ? "true" : "false");
		break;
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		buf_printf(b, "%llu", (unsigned long long)v->via.u64);
		break;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		buf_printf(b, "%lld", (long long)v->via.i64);
		break;
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:
		put_floatval(b, v, o);
		break;
	case MSGPACK_OBJECT_STR:
		put_strval(b, v, o);
		break;
	case MSGPACK_OBJECT_BIN:
		put_binval(b, v, o);
		break;
	case MSGPACK_OBJECT_EXT:
		buf_printf(b, "{\"$ext\":[%d,", v->via.ext.type);
		put_b64(b, (const unsigned char *)v->via.ext.ptr, v->via.ext.size);
		buf_adds(b, "]}");
		break;
	case MSGPACK_OBJECT_ARRAY:
		buf_addc(b, '[');
		for (i = 0; i < v->via.array.size; i++) {
			if (i)
				buf_addc(b, ',');
			put_value(b, &v->via.array.ptr[i], o);
		}
		buf_addc(b, ']');
		break;
	case MSGPACK_OBJECT_MAP:
		put_mapval(b, v, o);
		break;
	}
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

/*
 * The tags --pack reads.  rec-dump writes only the first six; the others
 * name a width an older rec-dump (or a person) wrote: the value must fit
 * the width named and is packed in its smallest encoding.
 */
enum { TK_INT, TK_F32, TK_F64, TK_STR, TK_BIN, TK_EXT, TK_ARRAY, TK_MAP };
static const struct tagdef {
	const char *name;
	int kind;
	int64_t lo;		/* TK_INT: smallest value */
	uint64_t hi;		/* largest value, length or count */
} tagdefs[] = {
	{ "float32", TK_F32, 0, 0 }, { "float64", TK_F64, 0, 0 },
	{ "str", TK_STR, 0, UINT32_MAX }, { "bin", TK_BIN, 0, UINT32_MAX },
	{ "ext", TK_EXT, 0, UINT32_MAX }, { "map", TK_MAP, 0, UINT32_MAX },
	{ "uint8", TK_INT, 0, UINT8_MAX }, { "uint16", TK_INT, 0, UINT16_MAX },
	{ "uint32", TK_INT, 0, UINT32_MAX }, { "uint64", TK_INT, 0, UINT64_MAX },
	{ "int8", TK_INT, INT8_MIN, INT8_MAX },
	{ "int16", TK_INT, INT16_MIN, INT16_MAX },
	{ "int32", TK_INT, INT32_MIN, INT32_MAX },
	{ "int64", TK_INT, INT64_MIN, INT64_MAX },
	{ "fixstr", TK_STR, 0, 31 }, { "str8", TK_STR, 0, UINT8_MAX },
	{ "str16", TK_STR, 0, UINT16_MAX }, { "str32", TK_STR, 0, UINT32_MAX },
	{ "bin8", TK_BIN, 0, UINT8_MAX }, { "bin16", TK_BIN, 0, UINT16_MAX },
	{ "bin32", TK_BIN, 0, UINT32_MAX },
	{ "fixext1", TK_EXT, 1, 1 }, { "fixext2", TK_EXT, 2, 2 },
	{ "fixext4", TK_EXT, 4, 4 }, { "fixext8", TK_EXT, 8, 8 },
	{ "fixext16", TK_EXT, 16, 16 }, { "ext8", TK_EXT, 0, UINT8_MAX },
	{ "ext16", TK_EXT, 0, UINT16_MAX }, { "ext32", TK_EXT, 0, UINT32_MAX },
	{ "fixarray", TK_ARRAY, 0, 15 }, { "array16", TK_ARRAY, 0, UINT16_MAX },
	{ "array32", TK_ARRAY, 0, UINT32_MAX },
	{ "fixmap", TK_MAP, 0, 15 }, { "map16", TK_MAP, 0, UINT16_MAX },
	{ "map32", TK_MAP, 0, UINT32_MAX },
};

static const struct tagdef *
tag_by_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof tagdefs / sizeof tagdefs[0]; i++)
		if (str_is(tagdefs[i].name, s, n))
			return &tagdefs[i];
	return NULL;
}

static int pack_value(struct packctx *c, size_t idx, msgpack_packer *pk);

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

/* A float tag's value: a number, or "nan", "inf", "-inf", "0x<bits>". */
static int
pack_float(struct packctx *c, size_t idx, msgpack_packer *pk, int is32)
{
	const struct json_node *nd = &c->doc->node[idx];
	char tmp[64], *end;
	uint64_t bits;

	if (nd->type == JSON_NUMBER) {
		if (nd->len >= sizeof tmp)
			return pk_err(c, "%s: number too long", "float");
		memcpy(tmp, nd->s, nd->len);
		tmp[nd->len] = '\0';
		if (is32)
			msgpack_pack_float(pk, (float)strtod(tmp, NULL));
		else
			msgpack_pack_double(pk, strtod(tmp, NULL));
		return 0;
	}
	if (nd->type != JSON_STRING)
		return pk_err(c, "%s: expected a number", "float tag");
	if (nd->len == 3 && memcmp(nd->s, "nan", 3) == 0)
		bits = is32 ? 0x7fc00000u : 0x7ff8000000000000ull;
	else if (nd->len == 3 && memcmp(nd->s, "inf", 3) == 0)
		bits = is32 ? 0x7f800000u : 0x7ff0000000000000ull;
	else if (nd->len == 4 && memcmp(nd->s, "-inf", 4) == 0)
		bits = is32 ? 0xff800000u : 0xfff0000000000000ull;
	else {
		if (nd->len < 3 || nd->len > 18 || memcmp(nd->s, "0x", 2))
			return pk_err(c, "%s: bad special float", "float");
		memcpy(tmp, nd->s, nd->len);
		tmp[nd->len] = '\0';
		bits = strtoull(tmp + 2, &end, 16);
		if (*end || (is32 && bits > UINT32_MAX))
			return pk_err(c, "%s: bad special float", "float");
	}
	if (is32) {
		uint32_t u = (uint32_t)bits;
		float f;

		memcpy(&f, &u, 4);
		msgpack_pack_float(pk, f);
	} else {
		double f;

		memcpy(&f, &bits, 8);
		msgpack_pack_double(pk, f);
	}
	return 0;
}

/* A JSON integer, within [lo, hi] (a width tag's range). */
static int
pack_int(struct packctx *c, size_t idx, msgpack_packer *pk, int64_t lo,
    uint64_t hi)
{
	const struct json_node *nd = &c->doc->node[idx];
	char tmp[64], *end;

	if (nd->type != JSON_NUMBER)
		return pk_err(c, "%s: expected a number", "number tag");
	if (nd->len >= sizeof tmp)
		return pk_err(c, "%s: number too long", "number");
	memcpy(tmp, nd->s, nd->len);
	tmp[nd->len] = '\0';
	if (!nd->is_int)
		return pk_err(c, "%s: expected an integer", tmp);
	errno = 0;
	if (tmp[0] == '-') {
		long long v = strtoll(tmp, &end, 10);

		if (*end || errno)
			return pk_err(c, "%s: integer out of range", tmp);
		if (v < lo)
			return pk_err(c, "%s: does not fit the tag", tmp);
		msgpack_pack_int64(pk, v);
	} else {
		unsigned long long v = strtoull(tmp, &end, 10);

		if (*end || errno)
			return pk_err(c, "%s: integer out of range", tmp);
		if (v > hi)
			return pk_err(c, "%s: does not fit the tag", tmp);
		msgpack_pack_uint64(pk, v);
	}
	return 0;
}

/* Pack the value of a tag object {"$NAME": value}. */
static int
pack_tag(struct packctx *c, const char *name, size_t nlen, size_t val,
    msgpack_packer *pk)
{
	const struct json_doc *d = c->doc;
	const struct json_node *v = &d->node[val];
	const struct tagdef *t = tag_by_name(name, nlen);
	struct buf tmp = { 0 };
	uint32_t i;
	size_t k;
	int rc = 0;

	if (t == NULL)
		return pk_err(c, "unknown tag \"$%.40s\"", name);
	switch (t->kind) {
	case TK_INT:
		return pack_int(c, val, pk, t->lo, t->hi);
	case TK_F32:
	case TK_F64:
		return pack_float(c, val, pk, t->kind == TK_F32);
	case TK_STR:
		if (str_bytes(c, val, &tmp) < 0)
			rc = -1;
		else if (tmp.len > t->hi)
			rc = pk_err(c, "%s: string too long for its tag", "str");
		else
			msgpack_pack_str_with_body(pk, tmp.p, tmp.len);
		break;
	case TK_BIN:
		if (v->type != JSON_STRING || unb64(&tmp, v->s, v->len) < 0)
			rc = pk_err(c, "%s: expected base64 text", "bin");
		else if (tmp.len > t->hi)
			rc = pk_err(c, "%s: too long for its tag", "bin");
		else
			msgpack_pack_bin_with_body(pk, tmp.p, tmp.len);
		break;
	case TK_EXT: {
		long a, s;
		int64_t et;

		if (v->type != JSON_ARRAY || v->n != 2 ||
		    (a = json_child(d, val, 0)) < 0 || json_int(d, (size_t)a, &et) < 0 ||
		    et < -128 || et > 127 || (s = json_child(d, val, 1)) < 0 ||
		    d->node[s].type != JSON_STRING ||
		    unb64(&tmp, d->node[s].s, d->node[s].len) < 0)
			rc = pk_err(c, "%s: expected [type, base64]", "ext");
		else if (tmp.len > t->hi || (int64_t)tmp.len < t->lo)
			rc = pk_err(c, "%s: length does not fit its tag", "ext");
		else
			msgpack_pack_ext_with_body(pk, tmp.p, tmp.len, (int8_t)et);
		break;
	}
	case TK_ARRAY:
		if (v->type != JSON_ARRAY)
			return pk_err(c, "%s: expected an array", "array tag");
		if (v->n > t->hi)
			return pk_err(c, "%s: too long for its tag", "array");
		msgpack_pack_array(pk, v->n);
		/* Children follow their parent; walk siblings by .next
		 * (json_child(i) would make long arrays quadratic). */
		for (i = 0, k = val + 1; i < v->n; i++, k = d->node[k].next)
			if (pack_value(c, k, pk) < 0)
				return -1;
		return 0;
	case TK_MAP:	/* [[k, v], ...] */
		if (v->type != JSON_ARRAY)
			return pk_err(c, "%s: expected an array of [key, value]",
			    "map tag");
		if (v->n > t->hi)
			return pk_err(c, "%s: too long for its tag", "map");
		msgpack_pack_map(pk, v->n);
		for (i = 0, k = val + 1; i < v->n; i++, k = d->node[k].next) {
			if (d->node[k].type != JSON_ARRAY || d->node[k].n != 2)
				return pk_err(c, "%s: expected [key, value] pairs",
				    "map");
			if (pack_value(c, k + 1, pk) < 0 ||
			    pack_value(c, d->node[k + 1].next, pk) < 0)
				return -1;
		}
		return 0;
	}
	buf_free(&tmp);
	return rc;
}

static int
pack_value(struct packctx *c, size_t idx, msgpack_packer *pk)
{
	const struct json_doc *d = c->doc;
	const struct json_node *v = &d->node[idx];
	uint32_t i;
	size_t k;

	switch (v->type) {
	case JSON_NULL: msgpack_pack_nil(pk); return 0;
	case JSON_FALSE: msgpack_pack_false(pk); return 0;
	case JSON_TRUE: msgpack_pack_true(pk); return 0;
	case JSON_NUMBER:
		if (v->is_int)
			return pack_int(c, idx, pk, INT64_MIN, UINT64_MAX);
		return pack_float(c, idx, pk, 0);
	case JSON_STRING:
		msgpack_pack_str_with_body(pk, v->s, v->len);
		return 0;
	case JSON_ARRAY:
		msgpack_pack_array(pk, v->n);
		for (i = 0, k = idx + 1; i < v->n; i++, k = d->node[k].next)
			if (pack_value(c, k, pk) < 0)
				return -1;
		return 0;
	case JSON_OBJECT:
		if (v->n == 1 && d->node[idx + 1].len > 0 &&
		    d->node[idx + 1].s[0] == '$')
			return pack_tag(c, d->node[idx + 1].s + 1,
			    d->node[idx + 1].len - 1, d->node[idx + 1].next, pk);
		msgpack_pack_map(pk, v->n);
		for (i = 0, k = idx + 1; i < v->n; i++) {
			msgpack_pack_str_with_body(pk, d->node[k].s, d->node[k].len);
			if (pack_value(c, d->node[k].next, pk) < 0)
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
	msgpack_packer pk;
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
	mp_packer(&pk, &out);
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
		if (pack_value(&c, 0, &pk) < 0) {
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
		put_value(&line, &rec.top, o);
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
