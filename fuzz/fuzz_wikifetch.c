/* SPDX-License-Identifier: ISC */
/*
 * fuzz_wikifetch: wiki-fetch's input readers on arbitrary bytes, through
 * the program's own code path: filters/wiki-fetch.c is #included with its
 * main renamed, and each input is one file operand (an in-memory file)
 * handed to run_xml (the MediaWiki XML dump reader, fuzz_xml) or, with
 * -DFUZZ_JSONL, run_jsonl (the JSONL article reader, fuzz_jsonl, with
 * --wikitext so the text goes through the cleaner too).  Records go to
 * /dev/null.  One struct run serves every input, as it serves every file
 * operand of one wiki-fetch run.
 *
 * Checks: no crash, leak or exit; the status is 0 or a data error (1);
 * every page read is emitted or counted under a skip reason.
 */
#define _GNU_SOURCE
#define main wiki_fetch_main
#include "filters/wiki-fetch.c"
#undef main
#include "fuzz/fuzz.h"

static struct run fr;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char *args[] = { "wiki-fetch", "-q", "-f", "-j", "1", "-N",
	    "all", "--max-page", "64K", "--source", "fuzz", "--tables",
#ifdef FUZZ_JSONL
	    "--wikitext",
#endif
	    NULL };
	int n = (int)(sizeof args / sizeof args[0]) - 1;

	(void)argc;
	log_init((*argv)[0]);
	stats_begin(&fr.st);
	optind = 1;
	parse_opts(&fr, n, args);
	log_set_verbosity(0);
	snprintf(fr.source, sizeof fr.source, "%s", fr.o.source);
	fr.out = rw_open("/dev/null", RW_FORCE);
	fr.wt = wt_new(&fr.o.wt);
	fr.done = 0;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	struct src *s;
	uint64_t before, after, sk = 0;
	unsigned char pre[SNIFF];
	size_t npre;
	int st, i;

	if ((path = fuzz_memfd_path(data, size)) == NULL)
		return 0;
	/* src_open sniffs compression and refuses what it cannot decode
	 * (xz, gzip, ...): a message and NULL, as for an unreadable file. */
	if ((s = src_open(path, 1)) == NULL)
		return 0;
	for (i = 0; i < NREASON; i++)
		sk += fr.skipped[i];
	before = fr.emitted + fr.redirects_emitted + sk;
	/* As input() does: the first bytes (up to SNIFF) are read ahead and
	 * handed over; the format is forced instead of sniffed.  An empty
	 * file never reaches either reader (it sniffs as unknown). */
	npre = 0;
	while (npre < sizeof pre) {
		ssize_t k = src_read(s, pre + npre, sizeof pre - npre);

		if (k <= 0)
			break;
		npre += (size_t)k;
	}
	if (npre == 0) {
		src_close(s);
		return 0;
	}
#ifdef FUZZ_JSONL
	st = run_jsonl(&fr, s, path, pre, npre);
#else
	st = run_xml(&fr, s, path, pre, npre);
#endif
	src_close(s);
	FUZZ_CHECK(st == EXIT_OK || st == EXIT_DATA);
	sk = 0;
	for (i = 0; i < NREASON; i++)
		sk += fr.skipped[i];
	after = fr.emitted + fr.redirects_emitted + sk;
	FUZZ_CHECK(after >= before);
	fr.done = 0;
	return 0;
}
