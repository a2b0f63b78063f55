/* SPDX-License-Identifier: ISC */
/*
 * http.h: a batch HTTP client on libcurl multi, for the services the
 * suite talks to (LLMs for tmd-extract and cpe-prep, embedding servers
 * for embed).
 *
 * The caller hands over a batch of POST requests with JSON bodies; up to
 * `parallel` of them are in flight at once on reused connections.  Each
 * request has its own timeout.  A transient failure (connection refused
 * or reset, timeout, empty reply, HTTP 408, 429, 500, 502, 503, 504) is
 * retried after an exponential backoff (base x 2^(attempt-1), capped,
 * with a deterministic jitter of +-25%; a Retry-After header in seconds
 * is honoured up to the cap) while other requests go on.  Anything else
 * is a permanent failure and is not retried.  Results come back in
 * submission order, whatever order the server answered in.
 *
 *   submit:   r0 r1 r2 r3 r4 ...          (parallel = 3)
 *   in flight [r0 r1 r2] -> r1 done, r3 starts; r0 503, waits, retried
 *   results:  resp[0] resp[1] resp[2] ... (index = submission index)
 *
 * Nothing here exits or prints; the caller decides what a failure means
 * (tmd-extract: exit 4, or fall back).
 */
#ifndef WIKIPIPE_HTTP_H
#define WIKIPIPE_HTTP_H

#include <stddef.h>

#include "util.h"

/* Client settings; http_opts_init gives the defaults shown. */
struct http_opts {
	int parallel;		/* requests in flight at once (8) */
	double timeout;		/* seconds for one attempt, whole (60) */
	double connect_timeout;	/* seconds to connect (10) */
	int retries;		/* extra attempts after transient failures (4) */
	double backoff;		/* first retry delay, seconds (0.5) */
	double backoff_max;	/* longest retry delay, seconds (30) */
	size_t max_response;	/* response body cap, bytes (8 MiB) */
};

/* One request: POST body (blen bytes) to url with the given headers
 * ("Name: value" strings, NULL-terminated list, may be NULL) plus
 * "Content-Type: application/json".  The memory must stay valid until
 * http_batch returns. */
struct http_req {
	const char *url;
	const char *body;
	size_t blen;
	const char *const *headers;
};

/* The outcome of one request. */
enum http_result {
	HTTP_OK = 0,		/* 2xx; body holds the response */
	HTTP_PERMANENT = 1,	/* not worth retrying: 4xx, bad URL, too big */
	HTTP_TRANSIENT = 2	/* still failing after every retry */
};

struct http_resp {
	enum http_result result;
	long status;		/* last HTTP status, 0 if none */
	int attempts;		/* attempts made (1 = no retry) */
	struct buf body;	/* response body (also on errors) */
	char err[200];		/* on failure: what went wrong */
};

struct http;

/* http_opts_init: fill o with the defaults above. */
void http_opts_init(struct http_opts *o);

/*
 * http_new: a client with settings o (copied).  Returns NULL only if
 * libcurl cannot be initialised.
 */
struct http *http_new(const struct http_opts *o);

/*
 * http_batch: perform the n requests, filling resp[0..n-1] (zeroed or
 * previously freed structs; their bodies are reset).  Returns the number
 * of requests that did not end HTTP_OK.  Blocks until every request has
 * an outcome; the longest it can take is about n / parallel x (retries +
 * 1) x (timeout + backoff_max).
 */
size_t http_batch(struct http *h, const struct http_req *req,
    struct http_resp *resp, size_t n);

/* http_resp_free: release a response's body (the struct is reusable). */
void http_resp_free(struct http_resp *r);

/* http_free: close connections and free the client (NULL is a no-op). */
void http_free(struct http *h);

/* http_retryable: 1 if an HTTP status is transient (408, 429, 5xx
 * except 501 and 505), else 0.  Exposed for tests. */
int http_retryable(long status);

#endif
