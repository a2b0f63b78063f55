/* SPDX-License-Identifier: ISC */
/*
 * fuzz_answers: the parsers of what an LLM says, after the HTTP layer has
 * pulled the text out of the reply (fuzz_llm covers that layer):
 * tmd_parse_answer (common/tmd.c, tmd-extract --llm) and cpe-prep's CPESH
 * answer parser (filters/cpe-prep-cpesh.c parse_answer, #included so its
 * statics are reachable).
 *
 * Checks: accepted TMD codes are in range (domain 0-15, task 0-31,
 * modifier 0-63) and a refusal says why; CPESH fields are NUL-terminated
 * strings without NUL inside, at most CPESH_MAX_NEG negatives each, all
 * freed by cpesh_item_free.
 */
#define _GNU_SOURCE
#include "filters/cpe-prep-cpesh.c"
#include "common/log.h"
#include "common/tmd.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

static void
check_str(const char *s)
{
	if (s)
		(void)strlen(s);	/* ASan: terminated inside its block */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cpesh_client c;
	struct cpesh x;
	char why[120];
	int d, t, m;
	size_t i;

	memset(why, 'x', sizeof why);
	if (tmd_parse_answer((const char *)data, size, &d, &t, &m, why,
	    sizeof why) == 0)
		FUZZ_CHECK(d >= 0 && d <= 15 && t >= 0 && t <= 31 && m >= 0 &&
		    m <= 63);
	else
		FUZZ_CHECK(memchr(why, 0, sizeof why) != NULL && why[0]);

	memset(&x, 0, sizeof x);
	if (size > 0 && parse_answer(&c, (const char *)data, size, &x) == 0) {
		check_str(x.concept);
		check_str(x.probe);
		check_str(x.expected);
		FUZZ_CHECK(x.nsoft <= CPESH_MAX_NEG && x.nhard <= CPESH_MAX_NEG);
		for (i = 0; i < x.nsoft; i++)
			FUZZ_CHECK(x.soft[i] && strlen(x.soft[i]) > 0);
		for (i = 0; i < x.nhard; i++)
			FUZZ_CHECK(x.hard[i] && strlen(x.hard[i]) > 0);
	}
	cpesh_item_free(&x);
	return 0;
}
