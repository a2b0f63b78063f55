/* SPDX-License-Identifier: ISC */
/*
 * fuzz_pack: rec-dump --pack (JSON lines -> msgpack) on arbitrary bytes.
 * filters/rec-dump.c is #included with its main renamed, so its static
 * packer is reachable.
 *
 * Each input is run through the real driver (pack_file on an in-memory
 * file, output to /dev/null), then line by line through json_parse and
 * pack_value with these checks: a packed line is exactly one msgpack
 * value; dumping it (put_value, lossless) and packing that again gives
 * the same bytes (pack is a fixed point of dump | pack).
 */
#define _GNU_SOURCE
#define main rec_dump_main
#include "filters/rec-dump.c"
#undef main
#include "fuzz/fuzz.h"

#define MAXREC	((size_t)1 << 20)

static struct opts fo;
static struct json_doc doc, doc2;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	fuzz_quiet(*argv);
	opt_init(&fo.co);
	fo.co.max_record = MAXREC;
	fo.mode = MODE_PACK;
	fo.head = -1;
	fo.width = 120;
	fo.out_nul = -1;
	return 0;
}

/* Pack one line; on success check the dump | pack fixed point. */
static void
one_line(const char *line, size_t len)
{
	struct packctx c = { 0 }, c2 = { 0 };
	struct buf out = { 0 }, js = { 0 }, out2 = { 0 };
	msgpack_packer pk, pk2;
	msgpack_zone zone;
	msgpack_object o;

	if (json_parse(&doc, line, len, 0) < 0)
		return;
	c.doc = &doc;
	c.src = "fuzz";
	mp_packer(&pk, &out);
	mp_packer(&pk2, &out2);
	msgpack_zone_init(&zone, 4096);
	if (pack_value(&c, 0, &pk) == 0) {
		FUZZ_CHECK(out.len > 0 && mp_skip(out.p, out.len) == out.len);
		if (mp_too_deep(out.p, out.len, MP_MAX_DEPTH))
			goto done;	/* the reader refuses it: a data error */
		FUZZ_CHECK(mp_unpack(out.p, out.len, &zone, &o) == 0);
		put_value(&js, &o, &fo);
		FUZZ_CHECK(json_parse(&doc2, (const char *)js.p, js.len, 0) == 0);
		c2.doc = &doc2;
		c2.src = "fuzz";
		FUZZ_CHECK(pack_value(&c2, 0, &pk2) == 0);
		FUZZ_CHECK(out2.len == out.len &&
		    memcmp(out2.p, out.p, out.len) == 0);
	} else {
		FUZZ_CHECK(c.err[0] != '\0');
	}
done:
	msgpack_zone_destroy(&zone);
	buf_free(&out);
	buf_free(&out2);
	buf_free(&js);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path, *p = (const char *)data, *end = p + size;
	struct rw *w;
	int st;

	if ((path = fuzz_memfd_path(data, size)) == NULL)
		return 0;
	w = rw_open("/dev/null", 0);
	st = pack_file(&fo, path, w);
	FUZZ_CHECK(st == EXIT_OK || st == EXIT_DATA);
	if (st == EXIT_OK)
		FUZZ_CHECK(rw_close(w) == 0);
	else
		rw_abort(w);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		one_line(p, (size_t)(e - p));
		p = nl ? nl + 1 : end;
	}
	return 0;
}
