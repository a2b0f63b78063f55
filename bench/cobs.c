/* SPDX-License-Identifier: ISC */
/*
 * bench/cobs.c: the -z framing's COBS encoder and decoder in memory,
 * beside memcpy of the same bytes (the reference, measured in the same
 * run).  Built and run by bench/record.sh:
 *
 *   cobs STREAM [ROUNDS]
 *
 * STREAM is a plain record stream; every record is held in memory (this
 * is a benchmark, not a stage), then for ROUNDS (5) rounds each of
 * memcpy, cobs_encode and cobs_decode runs over every record, and the
 * best round of each is printed in MB/s of decoded bytes, with its ratio
 * to memcpy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/cobs.h"
#include "common/log.h"
#include "common/record.h"
#include "common/util.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct rr *r;
	struct rec rec = { 0 };
	struct buf raw = { 0 };
	size_t *off = NULL, nrec = 0, caprec = 0, i, enclen = 0, maxlen = 0;
	unsigned char *enc, *dec, *encall;
	size_t *elen;
	double best[3] = { 1e9, 1e9, 1e9 };
	int rounds = argc > 2 ? atoi(argv[2]) : 5, k, st;
	unsigned long sink = 0;

	log_init("cobs");
	if (argc < 2 || rounds < 1)
		die(EXIT_USAGE, "usage: cobs STREAM [ROUNDS]");
	if ((r = rr_open(argv[1], 0, 0)) == NULL)
		return EXIT_IO;
	while ((st = rr_next(r, &rec)) == 1) {
		if (nrec + 1 >= caprec) {
			caprec = caprec ? 2 * caprec : 1024;
			off = erealloc(off, caprec * sizeof *off);
		}
		off[nrec++] = raw.len;
		buf_add(&raw, rec.raw, rec.len);
		if (rec.len > maxlen)
			maxlen = rec.len;
	}
	if (st < 0)
		return rr_status(r);
	rr_close(r);
	if (nrec == 0)
		die(EXIT_DATA, "%s: no records", argv[1]);
	off[nrec] = raw.len;
	enc = emalloc(cobs_max(raw.len));
	dec = emalloc(maxlen + 16);
	encall = emalloc(cobs_max(raw.len) + nrec);
	elen = emalloc(nrec * sizeof *elen);
	for (i = 0; i < nrec; i++) {
		elen[i] = cobs_encode(raw.p + off[i], off[i + 1] - off[i], encall + enclen);
		enclen += elen[i];
	}
	for (k = 0; k < rounds; k++) {
		double t0, t1;
		size_t pos;

		t0 = now();
		for (i = 0; i < nrec; i++) {
			memcpy(dec, raw.p + off[i], off[i + 1] - off[i]);
			sink += dec[0];
		}
		t1 = now();
		if (t1 - t0 < best[0])
			best[0] = t1 - t0;
		t0 = now();
		for (i = 0; i < nrec; i++)
			sink += cobs_encode(raw.p + off[i], off[i + 1] - off[i], enc);
		t1 = now();
		if (t1 - t0 < best[1])
			best[1] = t1 - t0;
		t0 = now();
		for (i = 0, pos = 0; i < nrec; pos += elen[i], i++)
			sink += cobs_decode(encall + pos, elen[i], dec);
		t1 = now();
		if (t1 - t0 < best[2])
			best[2] = t1 - t0;
	}
	printf("%zu records, %.1f MiB, %.0f B/record, COBS overhead %.2f%%\n", nrec,
	    raw.len / 1048576.0, (double)raw.len / nrec,
	    100.0 * ((double)enclen - raw.len) / raw.len);
	printf("  memcpy (reference)  %7.0f MB/s\n", raw.len / 1e6 / best[0]);
	printf("  cobs_encode         %7.0f MB/s  (%.2fx memcpy)\n",
	    raw.len / 1e6 / best[1], best[0] / best[1]);
	printf("  cobs_decode         %7.0f MB/s  (%.2fx memcpy)\n",
	    raw.len / 1e6 / best[2], best[0] / best[2]);
	if (sink == 42)
		putchar('\n');
	return 0;
}
