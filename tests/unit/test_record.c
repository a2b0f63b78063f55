/* SPDX-License-Identifier: ISC */
/*
 * test_record.c: unit tests of common/mp, common/record (COBS, reader,
 * builder, writer), common/json and common/id.  Values are decoded by
 * msgpack-c; our framing scan (the value's end and size, found before
 * msgpack-c allocates) is checked against msgpack-c on random values in
 * every encoding, canonical or not.
 */
#include <fcntl.h>
#include <math.h>
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/id.h"
#include "common/json.h"
#include "common/log.h"
#include "common/mp.h"
#include "common/record.h"
#include "common/vec.h"
#include "unit.h"


/* A tag and its big-endian field of w bytes, as a foreign producer might
 * write it (any width, minimal or not). */
static void
put_head(struct buf *b, unsigned char tag, uint64_t v, int w)
{
	int i;

	buf_addc(b, tag);
	for (i = w - 1; i >= 0; i--)
		buf_addc(b, (int)((v >> (8 * i)) & 0xff));
}

/* A random msgpack value of every type, at random (often non-minimal)
 * widths. */
static void
gen_value(struct buf *b, int depth)
{
	int k = (int)(rnd() % (depth > 3 ? 9 : 12));
	size_t n, i;
	unsigned char tmp[300];

	switch (k) {
	case 0: mp_put_nil(b); break;
	case 1: mp_put_bool(b, (int)(rnd() & 1)); break;
	case 2: mp_put_uint(b, rnd() >> (rnd() % 64)); break;
	case 3: mp_put_int(b, -(int64_t)(rnd() >> (1 + rnd() % 63))); break;
	case 4: {
		static const unsigned char t[] = { 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3 };
		static const int w[] = { 1, 2, 4, 8, 1, 2, 4, 8 };
		int j = (int)(rnd() % 8);

		put_head(b, t[j], rnd() % 100, w[j]);
		break;
	}
	case 5: mp_put_f32(b, (float)(rnd() % 1000) / 7.0f); break;
	case 6: mp_put_f64(b, (double)(rnd() % 100000) / 3.0); break;
	case 7:
		n = rnd() % 300;
		for (i = 0; i < n; i++)
			tmp[i] = (unsigned char)rnd();
		if (rnd() & 1)
			mp_put_str(b, (char *)tmp, n);
		else {
			static const unsigned char t[] = { 0xd9, 0xda, 0xdb };
			int j = (int)(rnd() % 3);

			if (j == 0 && n > 255)
				j = 1;
			put_head(b, t[j], n, 1 << j);
			buf_add(b, tmp, n);
		}
		break;
	case 8:
		n = rnd() % 300;
		for (i = 0; i < n; i++)
			tmp[i] = (unsigned char)rnd();
		if (rnd() & 1)
			mp_put_bin(b, tmp, n);
		else
			mp_put_ext(b, (int8_t)rnd(), tmp, n);
		break;
	case 9: case 10:
		n = rnd() % 6;
		if (k == 9)
			mp_put_array(b, (uint32_t)n);
		else
			put_head(b, 0xdc, n, 2);
		for (i = 0; i < n; i++)
			gen_value(b, depth + 1);
		break;
	default:
		n = rnd() % 5;
		if (rnd() & 1)
			mp_put_map(b, (uint32_t)n);
		else
			put_head(b, 0xdf, n, 4);
		for (i = 0; i < n; i++) {
			gen_value(b, depth + 2);
			gen_value(b, depth + 1);
		}
	}
}

static void
test_mp_vs_msgpack_c(void)
{
	msgpack_zone zone;
	struct buf b = { 0 };
	int i;

	msgpack_zone_init(&zone, 4096);
	for (i = 0; i < 3000; i++) {
		msgpack_object obj;
		size_t off = 0, j;
		msgpack_unpack_return ur;

		b.len = 0;
		gen_value(&b, 0);
		ur = msgpack_unpack((const char *)b.p, b.len, &off, &zone, &obj);
		CHECK(ur == MSGPACK_UNPACK_SUCCESS);
		CHECK(off == b.len);
		CHECK(mp_skip(b.p, b.len) == b.len);
		CHECK(!mp_too_deep(b.p, b.len, MP_MAX_DEPTH));
		/* Every strict prefix is incomplete for both decoders. */
		for (j = 1; j < b.len; j += 1 + b.len / 7) {
			off = 0;
			ur = msgpack_unpack((const char *)b.p, j, &off, &zone, &obj);
			CHECK(ur == MSGPACK_UNPACK_CONTINUE || ur == MSGPACK_UNPACK_PARSE_ERROR);
			CHECK(mp_skip(b.p, j) == 0);
		}
		msgpack_zone_clear(&zone);
	}
	/* Random garbage: where msgpack-c finds a whole value, so do we,
	 * with the same length. */
	for (i = 0; i < 20000; i++) {
		unsigned char g[64];
		msgpack_object obj;
		msgpack_unpack_return ur;
		size_t off = 0, j, n = 1 + rnd() % 64;

		/* No array16/32 or map16/32 headers: msgpack-c allocates their
		 * declared count up front, which a sanitizer build refuses. */
		for (j = 0; j < n; j++)
			if ((g[j] = (unsigned char)rnd()) >= 0xdc && g[j] <= 0xdf)
				g[j] = 0x91;
		ur = msgpack_unpack((const char *)g, n, &off, &zone, &obj);
		if (ur == MSGPACK_UNPACK_SUCCESS || ur == MSGPACK_UNPACK_EXTRA_BYTES)
			CHECK(mp_skip(g, n) == off);
		msgpack_zone_clear(&zone);
	}
	msgpack_zone_destroy(&zone);
	buf_free(&b);
}

/* Decode b with msgpack-c (the whole buffer must be one value). */
static msgpack_object
decode(const struct buf *b, msgpack_zone *zone)
{
	msgpack_object o;

	CHECK(mp_unpack(b->p, b->len, zone, &o) == 0);
	return o;
}

static void
test_minimal_encoding(void)
{
	struct buf b = { 0 };
	msgpack_zone zone;
	msgpack_object o;

	msgpack_zone_init(&zone, 1024);
	mp_put_uint(&b, 127);
	CHECK(b.len == 1 && b.p[0] == 0x7f);
	b.len = 0; mp_put_uint(&b, 128);
	CHECK(b.len == 2 && b.p[0] == 0xcc);
	b.len = 0; mp_put_int(&b, -32);
	CHECK(b.len == 1 && b.p[0] == 0xe0);
	b.len = 0; mp_put_int(&b, -33);
	CHECK(b.len == 2 && b.p[0] == 0xd0);
	b.len = 0; mp_put_int(&b, INT64_MIN);
	CHECK(b.len == 9 && b.p[0] == 0xd3);
	o = decode(&b, &zone);
	CHECK(o.type == MSGPACK_OBJECT_NEGATIVE_INTEGER && o.via.i64 == INT64_MIN);
	b.len = 0; mp_put_int(&b, 200);
	CHECK(b.len == 2 && b.p[0] == 0xcc);
	b.len = 0; mp_put_str(&b, "x", 1);
	CHECK(b.len == 2 && b.p[0] == 0xa1);
	b.len = 0; mp_put_f32(&b, 1.5f);
	o = decode(&b, &zone);
	CHECK(b.len == 5 && o.type == MSGPACK_OBJECT_FLOAT32 && o.via.f64 == 1.5);
	b.len = 0; mp_put_ext(&b, 5, "abcd", 4);
	CHECK(b.len == 6 && b.p[0] == 0xd6 && b.p[1] == 5);
	/* A non-minimal value decodes to the same value; re-encoding it
	 * (mp_put_obj) gives the canonical bytes. */
	b.len = 0; put_head(&b, 0xcf, 7, 8);
	o = decode(&b, &zone);
	CHECK(o.type == MSGPACK_OBJECT_POSITIVE_INTEGER && o.via.u64 == 7);
	b.len = 0; mp_put_obj(&b, &o);
	CHECK(b.len == 1 && b.p[0] == 7);
	b.len = 0; put_head(&b, 0xd0, 5, 1);	/* int8 5: a uint for msgpack-c */
	o = decode(&b, &zone);
	CHECK(o.type == MSGPACK_OBJECT_POSITIVE_INTEGER && o.via.u64 == 5);
	msgpack_zone_destroy(&zone);
	buf_free(&b);
}

static void
test_cobs(void)
{
	unsigned char src[2000], enc[2100], dec[2100];
	size_t n, e, d, i, k;
	static const size_t lens[] = { 0, 1, 253, 254, 255, 256, 508, 509, 1999 };

	for (k = 0; k < 400; k++) {
		n = k < 9 ? lens[k] : rnd() % 2000;
		for (i = 0; i < n; i++)
			src[i] = (unsigned char)(k % 3 == 0 ? rnd() : k % 3 == 1 ? 0 : 1 + rnd() % 255);
		e = cobs_encode(src, n, enc);
		CHECK(e <= cobs_max(n));
		CHECK(memchr(enc, 0, e) == NULL);
		d = cobs_decode(enc, e, dec);
		CHECK(d == n && memcmp(src, dec, n) == 0);
	}
	/* A code byte pointing past the end is malformed. */
	enc[0] = 5; enc[1] = 1;
	CHECK(cobs_decode(enc, 2, dec) == (size_t)-1);
}

/* Write bytes to a temp file and return its path. */
static const char *
tmpfile_with(const void *p, size_t n)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/test_record.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || writeall(fd, p, n) < 0)
		abort();
	close(fd);
	return path;
}

static void
test_reader(void)
{
	struct rb rb = { 0 };
	struct buf stream = { 0 }, zs = { 0 }, big = { 0 };
	struct rec rec = { 0 };
	struct rr *r;
	const char *s, *path;
	size_t n, i;
	int64_t v;
	int st, count;
	float vec[3] = { 1, 2, 3 }, got[3];

	for (i = 0; i < 100; i++) {
		rb_reset(&rb);
		rb_cstr(&rb, "text", "hello");
		rb_int(&rb, "i", (int64_t)i);
		rb_vec(&rb, "v", vec, 3);
		rb_finish(&rb, &stream);
	}
	/* A record larger than one read(2), to span refills. */
	for (i = 0; i < 700000; i++)
		buf_addc(&big, 'a' + (int)(i % 26));
	rb_reset(&rb);
	rb_str(&rb, "text", (char *)big.p, big.len);
	rb_finish(&rb, &stream);

	path = tmpfile_with(stream.p, stream.len);
	r = rr_open(path, 0, 0);
	count = 0;
	while ((st = rr_next(r, &rec)) > 0) {
		CHECK(rec_get_str(&rec, "text", &s, &n) == REC_OK);
		if (count < 100) {
			CHECK(n == 5 && memcmp(s, "hello", 5) == 0);
			CHECK(rec_get_int(&rec, "i", &v) == REC_OK && v == count);
			CHECK(rec_get_vec(&rec, "v", got, 3, &n) == REC_OK && n == 3 &&
			    got[2] == 3);
			CHECK(rec_get_int(&rec, "text", &v) == REC_TYPE);
			CHECK(rec_get_int(&rec, "nope", &v) == REC_MISSING);
		} else {
			CHECK(n == big.len);
		}
		CHECK(rec.recno == (uint64_t)count + 1);
		count++;
	}
	CHECK(st == 0 && count == 101);
	rr_close(r);
	unlink(path);

	/* Truncated: every prefix that does not end on a boundary fails. */
	path = tmpfile_with(stream.p, stream.len - 3);
	r = rr_open(path, 0, 0);
	count = 0;
	while ((st = rr_next(r, &rec)) > 0)
		count++;
	CHECK(st < 0 && rr_status(r) == EXIT_DATA && count == 100);
	rr_close(r);
	unlink(path);

	/* The size cap refuses the big record before allocating it. */
	path = tmpfile_with(stream.p, stream.len);
	r = rr_open(path, 0, 100000);
	count = 0;
	while ((st = rr_next(r, &rec)) > 0)
		count++;
	CHECK(st < 0 && rr_status(r) == EXIT_DATA && count == 100);
	rr_close(r);
	unlink(path);

	/* A garbage length prefix (str32 of 4 GiB) is refused at once. */
	{
		static const unsigned char g[] = { 0x81, 0xa1, 'k', 0xdb, 0xff, 0xff, 0xff, 0xf0, 'x' };

		path = tmpfile_with(g, sizeof g);
		r = rr_open(path, 0, 0);
		CHECK(rr_next(r, &rec) < 0 && rr_status(r) == EXIT_DATA);
		rr_close(r);
		unlink(path);
	}
	/* Not a map. */
	{
		static const unsigned char g[] = { 0x93, 1, 2, 3 };

		path = tmpfile_with(g, sizeof g);
		r = rr_open(path, 0, 0);
		CHECK(rr_next(r, &rec) < 0 && rr_status(r) == EXIT_DATA);
		rr_close(r);
		r = rr_open(path, RR_ANY, 0);
		CHECK(rr_next(r, &rec) == 1 && rec.len == 4);
		CHECK(rr_next(r, &rec) == 0);
		rr_close(r);
		unlink(path);
	}

	/* -z framing round trip through the writer. */
	{
		struct rw *w;
		char out[64];

		snprintf(out, sizeof out, "/tmp/test_record_z.%d", (int)getpid());
		w = rw_open(out, RW_NUL);
		r = rr_open(NULL, 0, 0);
		rr_close(r);
		path = tmpfile_with(stream.p, stream.len);
		r = rr_open(path, 0, 0);
		while ((st = rr_next(r, &rec)) > 0)
			CHECK(rw_put(w, rec.raw, rec.len) == 0);
		rr_close(r);
		unlink(path);
		CHECK(rw_close(w) == 0);
		r = rr_open(out, RR_NUL, 0);
		count = 0;
		while ((st = rr_next(r, &rec)) > 0) {
			size_t off = 0;

			mp_skip(rec.raw, rec.len);
			CHECK(rec_get_str(&rec, "text", &s, &n) == REC_OK);
			(void)off;
			count++;
		}
		CHECK(st == 0 && count == 101);
		rr_close(r);
		/* Cut the last frame's NUL: truncated. */
		{
			FILE *fp = fopen(out, "rb");
			struct buf all = { 0 };
			int c;

			while ((c = fgetc(fp)) != EOF)
				buf_addc(&all, c);
			fclose(fp);
			buf_add(&zs, all.p, all.len - 1);
			buf_free(&all);
		}
		unlink(out);
		path = tmpfile_with(zs.p, zs.len);
		r = rr_open(path, RR_NUL, 0);
		count = 0;
		while ((st = rr_next(r, &rec)) > 0)
			count++;
		CHECK(st < 0 && rr_status(r) == EXIT_DATA && count == 100);
		rr_close(r);
		unlink(path);
	}
	rec_free(&rec);
	rb_free(&rb);
	buf_free(&stream);
	buf_free(&zs);
	buf_free(&big);
}

/* A record {"a": [[...[1]...]]} nested depth levels in all (the map is
 * level 1), through the reader: accepted up to REC_MAX_DEPTH. */
static int
read_nested(int depth, int flags)
{
	struct buf b = { 0 };
	struct rec rec = { 0 };
	struct rr *r;
	const char *path;
	int i, st;

	if (!(flags & RR_ANY)) {
		mp_put_map(&b, 1);
		mp_put_cstr(&b, "a");
	}
	for (i = (flags & RR_ANY) ? 0 : 1; i < depth; i++)
		mp_put_array(&b, 1);
	mp_put_uint(&b, 1);
	path = tmpfile_with(b.p, b.len);
	r = rr_open(path, flags, 0);
	st = rr_next(r, &rec);
	if (st > 0) {
		const msgpack_object *o = (flags & RR_ANY) ? &rec.top :
		    rec_get(&rec, "a");

		/* msgpack-c built the whole tree. */
		for (i = (flags & RR_ANY) ? 0 : 1; i < depth; i++) {
			CHECK(o->type == MSGPACK_OBJECT_ARRAY && o->via.array.size == 1);
			o = &o->via.array.ptr[0];
		}
		CHECK(o->type == MSGPACK_OBJECT_POSITIVE_INTEGER && o->via.u64 == 1);
	} else {
		CHECK(rr_status(r) == EXIT_DATA);
	}
	rr_close(r);
	unlink(path);
	rec_free(&rec);
	buf_free(&b);
	return st;
}

static void
test_depth(void)
{
	CHECK(read_nested(2, 0) == 1);
	CHECK(read_nested(REC_MAX_DEPTH, 0) == 1);
	CHECK(read_nested(REC_MAX_DEPTH + 1, 0) < 0);
	CHECK(read_nested(REC_MAX_DEPTH, RR_ANY) == 1);
	CHECK(read_nested(REC_MAX_DEPTH + 1, RR_ANY) < 0);
	CHECK(read_nested(129, 0) < 0);
}

static void
test_builder_copy(void)
{
	struct rb rb = { 0 };
	struct buf out = { 0 }, out2 = { 0 };
	struct rec rec = { 0 };
	static const char *const skip[] = { "text", NULL };
	const char *s;
	size_t n;

	rb_cstr(&rb, "source", "t");
	put_head(&rb.body, 0xd9, 4, 1);		/* key "keep" as str8 */
	buf_add(&rb.body, "keep", 4);
	put_head(&rb.body, 0xcd, 7, 2);		/* uint16 7, non-minimal */
	rb.npairs++;
	rb_cstr(&rb, "text", "old");
	rb_finish(&rb, &out);
	CHECK(rec_parse(&rec, out.p, out.len) == 0 && rec.nkv == 3);

	rb_reset(&rb);
	rb_copy(&rb, &rec, skip);
	rb_cstr(&rb, "text", "new");
	rb_finish(&rb, &out2);
	CHECK(rec_parse(&rec, out2.p, out2.len) == 0 && rec.nkv == 3);
	CHECK(rec_get_str(&rec, "text", &s, &n) == REC_OK && n == 3 && memcmp(s, "new", 3) == 0);
	/* The foreign pair kept its exact encoding, and reads as its value. */
	CHECK(rec.kv[1].klen_raw == 6 && rec.kv[1].kraw[0] == 0xd9);
	CHECK(rec.kv[1].vlen == 3 && rec.kv[1].val[0] == 0xcd);
	{
		int64_t v;

		CHECK(rec_get_int(&rec, "keep", &v) == REC_OK && v == 7);
	}
	/* Empty payloads, at the top and nested, point at real memory
	 * (msgpack-c leaves them NULL; memcmp/memchr may not see NULL). */
	rb_reset(&rb);
	rb_str(&rb, "", "", 0);
	rb_bin(&rb, "b", "", 0);
	rb_key(&rb, "a");
	mp_put_array(&rb.body, 2);
	mp_put_str(&rb.body, "", 0);
	mp_put_bin(&rb.body, "", 0);
	out.len = 0;
	rb_finish(&rb, &out);
	CHECK(rec_parse(&rec, out.p, out.len) == 0 && rec.nkv == 3);
	CHECK(rec_get_str(&rec, "", &s, &n) == REC_OK && n == 0 && s != NULL);
	CHECK(rec.kv[0].key != NULL);
	{
		const msgpack_object *a = rec_get(&rec, "a");

		CHECK(a && a->type == MSGPACK_OBJECT_ARRAY && a->via.array.size == 2);
		CHECK(a && a->via.array.ptr[0].via.str.ptr != NULL);
		CHECK(a && a->via.array.ptr[1].via.bin.ptr != NULL);
		CHECK(rec_get(&rec, "b") && rec_get(&rec, "b")->via.bin.ptr != NULL);
	}
	rec_free(&rec);
	rb_free(&rb);
	buf_free(&out);
	buf_free(&out2);
}

static void
test_json(void)
{
	struct json_doc d = { 0 };
	struct buf b = { 0 };
	int64_t v;
	long k;
	static const char *const bad[] = { "", "{", "[1,]", "{\"a\":1,}", "01",
		"1.", "\"\\ud800\"", "\"a\x01\"", "nul", "[1] x", "\"\xff\"", "NaN" };
	size_t i;

	{
		static const char js[] = "{\"a\": [1, 2.5, \"x\\u00e9\\ud83d\\ude00\"], \"b\": null}";

		CHECK(json_parse(&d, js, strlen(js), 0) == 0);
	}
	CHECK(d.node[0].type == JSON_OBJECT && d.node[0].n == 2);
	k = json_get(&d, 0, "a");
	CHECK(k > 0 && d.node[k].type == JSON_ARRAY && d.node[k].n == 3);
	CHECK(json_int(&d, (size_t)json_child(&d, (size_t)k, 0), &v) == 0 && v == 1);
	CHECK(json_int(&d, (size_t)json_child(&d, (size_t)k, 1), &v) < 0);
	CHECK(d.node[json_child(&d, (size_t)k, 2)].len == 1 + 2 + 4);
	CHECK(json_get(&d, 0, "b") > 0 && json_get(&d, 0, "c") < 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(json_parse(&d, bad[i], strlen(bad[i]), 0) < 0);
	/* Depth cap. */
	{
		char deep[2000];

		memset(deep, '[', 1000);
		memset(deep + 1000, ']', 1000);
		CHECK(json_parse(&d, deep, 2000, 0) < 0);
		CHECK(json_parse(&d, deep + 900, 200, 0) == 0);
	}
	json_put_str(&b, "a\"\n\x01\xff", 5);
	CHECK(b.len == strlen("\"a\\\"\\n\\u0001\xef\xbf\xbd\"") &&
	    memcmp(b.p, "\"a\\\"\\n\\u0001\xef\xbf\xbd\"", b.len) == 0);
	json_free(&d);
	buf_free(&b);
}

static void
test_ids(void)
{
	unsigned char a[16], b[16], c[16];
	char s[37];

	id_cpe_uuid("simplewiki", 10, 42, 0, a);
	id_cpe_uuid("simplewiki", 10, 42, 0, b);
	id_cpe_uuid("simplewiki", 10, 42, 1, c);
	CHECK(memcmp(a, b, 16) == 0 && memcmp(a, c, 16) != 0);
	CHECK((a[6] >> 4) == 8 && (a[8] >> 6) == 2);
	id_uuid_str(a, s);
	CHECK(strlen(s) == 36 && s[14] == '8');
	CHECK(id_uuid_parse(s, 36, b) == 0 && memcmp(a, b, 16) == 0);
	/* "simplewiki" + page 4 must not collide with "simplewiki4" + page ... */
	id_cpe_uuid("a", 1, 12, 3, a);
	id_cpe_uuid("a1", 2, 2, 3, b);
	CHECK(memcmp(a, b, 16) != 0);
	/* Pinned: ids must never change between versions (re-runs update in
	 * place only if the id is stable). */
	id_cpe_uuid("test", 4, 1, 0, a);
	id_uuid_str(a, s);
	printf("pinned cpe_id(test,1,0) = %s\n", s);
}

static void
test_vec(void)
{
	float v[4] = { 3, 4, 0, 0 }, z[4] = { 0 };
	unsigned char le[16];
	float back[4];

	CHECK(fabs(vec_normalize(v, 4) - 5) < 1e-9);
	CHECK(fabs(vec_norm(v, 4) - 1) < 1e-6);
	CHECK(vec_normalize(z, 4) == 0 && z[0] == 0);
	vec_to_le(v, 4, le);
	CHECK(le[0] == 0x9a && le[3] == 0x3f);	/* 0.6f = 0x3f19999a */
	vec_from_le(le, 4, back);
	CHECK(memcmp(back, v, 16) == 0);
}

int
main(void)
{
	log_init("test_record");
	test_mp_vs_msgpack_c();
	test_minimal_encoding();
	test_cobs();
	test_reader();
	test_builder_copy();
	test_depth();
	test_json();
	test_ids();
	test_vec();
	printf("test_record: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
