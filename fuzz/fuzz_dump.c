/* SPDX-License-Identifier: ISC */
/*
 * fuzz_dump: rec-dump (msgpack -> JSON lines) on arbitrary bytes, and the
 * promise that rec-dump | rec-dump --pack gives back the value in its
 * canonical encoding (so a canonical stream byte for byte).
 * filters/rec-dump.c is #included with its main renamed.
 *
 * The input is read as any msgpack stream (RR_ANY, as rec-dump reads);
 * every value read is written as lossless JSON, parsed and packed again,
 * and must equal msgpack-c's own re-encoding of the decoded value
 * (msgpack_pack_object); its JSON must be the JSON of the input.  The readable (-r) view is produced too,
 * with a small width, for crashes only.  The real driver (dump_file) runs
 * once per input, output to /dev/null.
 */
#define _GNU_SOURCE
#define main rec_dump_main
#include "filters/rec-dump.c"
#undef main
#include "fuzz/fuzz.h"

#define MAXREC	((size_t)1 << 20)

static struct opts lossless, readable;
static struct json_doc doc;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	fuzz_quiet(*argv);
	opt_init(&lossless.co);
	lossless.co.max_record = MAXREC;
	lossless.mode = MODE_DUMP;
	lossless.head = -1;
	lossless.width = 120;
	lossless.out_nul = -1;
	readable = lossless;
	readable.readable = 1;
	readable.width = 7;
	readable.float_digits = 9;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec rec = { 0 };
	struct buf js = { 0 }, js2 = { 0 }, out = { 0 }, canon = { 0 };
	msgpack_packer pk;
	struct packctx c = { 0 };
	const char *path;
	struct rr *r;
	struct rw *w;
	long long count = 0;
	int st;

	if ((path = fuzz_memfd_path(data, size)) == NULL)
		return 0;
	w = rw_open("/dev/null", RW_TEXT);
	st = dump_file(&lossless, path, w, &count);
	FUZZ_CHECK(st == EXIT_OK || st == EXIT_DATA);
	rw_abort(w);

	if ((r = rr_open(path, RR_ANY, MAXREC)) == NULL)
		abort();
	c.doc = &doc;
	c.src = "fuzz";
	mp_packer(&pk, &out);
	while ((st = rr_next(r, &rec)) > 0) {
		msgpack_zone zone;
		msgpack_object back;

		js.len = 0;
		put_value(&js, &rec.top, &lossless);
		FUZZ_CHECK(json_parse(&doc, (const char *)js.p, js.len, 0) == 0);
		out.len = 0;
		FUZZ_CHECK(pack_value(&c, 0, &pk) == 0);
		canon.len = 0;
		mp_put_obj(&canon, &rec.top);
		FUZZ_CHECK(out.len == canon.len &&
		    memcmp(out.p, canon.p, out.len) == 0);
		/* The packed value dumps to the same JSON. */
		msgpack_zone_init(&zone, 4096);
		FUZZ_CHECK(mp_unpack(out.p, out.len, &zone, &back) == 0);
		js2.len = 0;
		put_value(&js2, &back, &lossless);
		FUZZ_CHECK(js2.len == js.len && memcmp(js2.p, js.p, js.len) == 0);
		msgpack_zone_destroy(&zone);
		js.len = 0;
		put_value(&js, &rec.top, &readable);
	}
	rr_close(r);
	rec_free(&rec);
	buf_free(&js);
	buf_free(&js2);
	buf_free(&out);
	buf_free(&canon);
	return 0;
}
