/* SPDX-License-Identifier: ISC */
/*
 * fuzz_embed_http: the HTTP embedding clients' response parser
 * (common/embed_http.c parse_resp, #included so its statics are
 * reachable) for the ollama, openai and gtr answers, on arbitrary bodies.
 *
 * Input layout: byte 0 picks the api (mod 3), byte 1 the number of texts
 * asked for (1-8), byte 2 the dimension expected (0: learn it, as the
 * probe does); the rest is the body.
 *
 * Checks: results are 0, -1 or -2 only; a learnt dimension is > 0;
 * every vector written is finite and inside the output array; and the
 * fast number path (fast_num, Clinger) gives exactly the double strtod
 * gives, for every number in the body.
 */
#define _GNU_SOURCE
#include "common/embed_http.c"
#include "common/log.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hstate s;
	struct buf body = { 0 };
	char why[200];
	float *out;
	size_t n, dim, i;
	int r;

	if (size < 3)
		return 0;
	s.api = (enum api)(data[0] % 3);
	n = (size_t)data[1] % 8 + 1;
	dim = (size_t)data[2] % 64;
	buf_add(&body, data + 3, size - 3);

	/* Learning the dimension (out NULL), as the probe request does. */
	s.dim = 0;
	r = parse_resp(&s, &body, n, NULL, why, sizeof why);
	FUZZ_CHECK(r == 0 || r == -1 || r == -2);
	if (r == 0)
		FUZZ_CHECK(s.dim > 0);

	/* Reading n vectors of a known dimension. */
	if (dim > 0) {
		s.dim = dim;
		out = malloc(n * dim * sizeof *out);
		FUZZ_CHECK(out != NULL);
		r = parse_resp(&s, &body, n, out, why, sizeof why);
		FUZZ_CHECK(r == 0 || r == -1 || r == -2);
		FUZZ_CHECK(s.dim == dim);
		if (r == 0)
			for (i = 0; i < n * dim; i++)
				FUZZ_CHECK(isfinite(out[i]));
		free(out);
	}

	/* fast_num against strtod, on whatever parsed. */
	if (json_parse(&s.doc, (const char *)body.p, body.len, 16) == 0)
		for (i = 0; i < s.doc.nnode; i++) {
			double a, b;

			if (s.doc.node[i].type != JSON_NUMBER ||
			    s.doc.node[i].len >= 500)
				continue;
			if (fast_num(&s.doc, i, &a) < 0)
				continue;
			FUZZ_CHECK(json_num(&s.doc, i, &b) == 0);
			FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0 ||
			    (isnan(a) && isnan(b)));
		}
	buf_free(&body);
	return 0;
}
