/* SPDX-License-Identifier: ISC */
/*
 * fuzz_http: the parts of the HTTP client (common/http.c, #included so
 * its static callbacks are reachable) that see a server's bytes before
 * anyone else: the header callback (Retry-After) and the body callback
 * with its size cap.  Each input line is one header line; then the whole
 * input is delivered as the body in pieces of the sizes its first bytes
 * say.
 *
 * Checks: a Retry-After taken is >= 0 and never NaN; the body never grows
 * past the cap, and a body cut by the cap is flagged too_big.
 */
#define _GNU_SOURCE
#include <math.h>

#include "common/http.c"
#include "common/log.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_resp resp;
	struct slot s;
	const uint8_t *p = data, *end = data + size;
	size_t off = 0, k = 0;

	memset(&resp, 0, sizeof resp);
	memset(&s, 0, sizeof s);
	s.resp = &resp;
	s.max = 1000;
	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		/* curl hands over a private copy, not NUL-terminated */
		char *line = malloc(n ? n : 1);

		FUZZ_CHECK(line != NULL);
		memcpy(line, p, n);
		FUZZ_CHECK(on_header(line, 1, n, &s) == n);
		FUZZ_CHECK(s.retry_after >= 0 && !isnan(s.retry_after));
		free(line);
		p += n;
	}
	while (off < size && !s.too_big) {
		size_t n = data[k++ % size] % 97 + 1;

		if (n > size - off)
			n = size - off;
		if (on_body((char *)data + off, 1, n, &s) != n) {
			FUZZ_CHECK(s.too_big);
			break;
		}
		off += n;
		FUZZ_CHECK(resp.body.len == off && resp.body.len <= s.max);
	}
	buf_free(&resp.body);
	return 0;
}
