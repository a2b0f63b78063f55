/* SPDX-License-Identifier: ISC */
/*
 * fuzz_record: the record stream reader (common/record.c) on arbitrary
 * bytes, through rr_open on an in-memory file exactly as a program reads
 * a file operand.  Built twice: plain framing (fuzz_record) and, with
 * -DFUZZ_NUL, -z framing (fuzz_record_z).
 *
 * Checks beyond "no crash, no leak, no exit":
 *   - every record is one whole msgpack map (mp_skip agrees with its
 *     length) and rec_parse accepts it again;
 *   - the typed getters never read outside the record;
 *   - rb_copy of all pairs rebuilds a record with the same pairs;
 *   - the records read re-framed the other way (plain <-> -z) read back
 *     as the same records, and the reader stops at the same place.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mp.h"
#include "common/record.h"
#include "fuzz/fuzz.h"

#ifdef FUZZ_NUL
#define FLAGS	RR_NUL
#define OTHER	0
#else
#define FLAGS	0
#define OTHER	RR_NUL
#endif

/* A cap well below the default, so lying length prefixes are cheap. */
#define MAXREC	((size_t)1 << 20)

FUZZ_QUIET_INIT

/* Exercise the getters on every pair of rec. */
static void
poke(const struct rec *rec)
{
	size_t i;

	for (i = 0; i < rec->nkv; i++) {
		const struct rec_kv *kv = &rec->kv[i];
		char key[64];
		const char *s;
		const unsigned char *p;
		size_t n, dim;
		int64_t iv;
		double dv;
		int bv;
		float vec[8];
		const msgpack_object *o;

		FUZZ_CHECK(kv->kraw >= rec->raw &&
		    kv->val + kv->vlen <= rec->raw + rec->len);
		if (kv->key == NULL || kv->klen >= sizeof key ||
		    memchr(kv->key, 0, kv->klen))
			continue;
		memcpy(key, kv->key, kv->klen);
		key[kv->klen] = '\0';
		FUZZ_CHECK(rec_find(rec, key) >= 0);
		if (rec_get_str(rec, key, &s, &n) == REC_OK)
			FUZZ_CHECK((const unsigned char *)s + n <=
			    rec->raw + rec->len);
		if (rec_get_bin(rec, key, &p, &n) == REC_OK)
			FUZZ_CHECK(p + n <= rec->raw + rec->len);
		(void)rec_get_int(rec, key, &iv);
		(void)rec_get_num(rec, key, &dv);
		(void)rec_get_bool(rec, key, &bv);
		o = rec_get(rec, key);
		FUZZ_CHECK(o == &rec->kv[rec_find(rec, key)].obj);
		if (rec_get_vec(rec, key, vec, 8, &dim) == REC_OK)
			FUZZ_CHECK(dim * 4 <= rec->len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec rec = { 0 }, again = { 0 }, copy = { 0 };
	struct buf other = { 0 }, built = { 0 };
	struct rb rb = { 0 };
	struct rr *r;
	const char *path;
	size_t nrec = 0, nrec2 = 0;
	int st, st2;

	if ((path = fuzz_memfd_path(data, size)) == NULL)
		return 0;
	if ((r = rr_open(path, FLAGS, MAXREC)) == NULL)
		abort();
	while ((st = rr_next(r, &rec)) > 0) {
		nrec++;
		FUZZ_CHECK(rec.len > 0 && rec.len <= MAXREC);
		FUZZ_CHECK(mp_skip(rec.raw, rec.len) == rec.len);
		FUZZ_CHECK(rec.recno == nrec);
		FUZZ_CHECK(rec_parse(&again, rec.raw, rec.len) == 0);
		FUZZ_CHECK(again.nkv == rec.nkv);
		poke(&rec);

		rb_reset(&rb);
		rb_copy(&rb, &rec, NULL);
		built.len = 0;
		rb_finish(&rb, &built);
		FUZZ_CHECK(rec_parse(&copy, built.p, built.len) == 0);
		FUZZ_CHECK(copy.nkv == rec.nkv);
		for (size_t i = 0; i < rec.nkv; i++)
			FUZZ_CHECK(copy.kv[i].vlen == rec.kv[i].vlen &&
			    memcmp(copy.kv[i].val, rec.kv[i].val,
			    rec.kv[i].vlen) == 0);

		/* The same record in the other framing. */
		if (OTHER & RR_NUL) {
			buf_reserve(&other, cobs_max(rec.len) + 1);
			other.len += cobs_encode(rec.raw, rec.len,
			    other.p + other.len);
			other.p[other.len++] = 0;
		} else {
			buf_add(&other, rec.raw, rec.len);
		}
	}
	FUZZ_CHECK(st == 0 || (st < 0 && rr_status(r) == EXIT_DATA));
	FUZZ_CHECK(rr_bytes(r) <= size);
	rr_close(r);

	/* Read the re-framed stream: same records, clean end. */
	if ((path = fuzz_memfd_path(other.p ? other.p : (const uint8_t *)"",
	    other.len)) == NULL)
		abort();
	if ((r = rr_open(path, OTHER, MAXREC + MAXREC / 254 + 2)) == NULL)
		abort();
	while ((st2 = rr_next(r, &rec)) > 0)
		nrec2++;
	FUZZ_CHECK(st2 == 0);
	FUZZ_CHECK(nrec2 == nrec);
	rr_close(r);

	rec_free(&rec);
	rec_free(&again);
	rec_free(&copy);
	rb_free(&rb);
	buf_free(&other);
	buf_free(&built);
	return 0;
}
