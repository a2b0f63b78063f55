/* SPDX-License-Identifier: ISC */
/*
 * embed_http.c: embedders that call an HTTP embedding service.
 *
 *   ollama   POST URL/api/embed      {"model": M, "input": [texts]}
 *            -> {"embeddings": [[...], ...]}
 *   openai   POST URL/v1/embeddings  {"model": M, "input": [texts],
 *            "encoding_format": "float"}
 *            -> {"data": [{"index": i, "embedding": [...]}, ...]}
 *            (vLLM, text-embeddings-inference, llama.cpp server, ...)
 *   gtr      POST URL/embed          {"texts": [texts], "normalize": true}
 *            -> {"embeddings": [[...], ...]}   (the original's 8767
 *            vec2text GTR-T5 server, 768-D)
 *
 * URL is the server's base ("http://127.0.0.1:11434"); the API path is
 * appended unless URL already has a path of its own.  A batch handed to
 * the embed hook is cut into requests of batch=N texts, and up to
 * parallel=N of them are in flight at once (common/http.c: timeouts,
 * retries with backoff on connection errors, 408, 429 and 5xx, a cap on
 * the response size, results in submission order).  A 2xx answer that is
 * not the expected JSON (garbage, too few vectors, a non-number) is
 * retried too, as often as retries= allows; a vector of another
 * dimension is a permanent failure.  Every failure is EXIT_REMOTE.
 *
 * The dimension comes from dim=N (gtr: 768 by default); otherwise one
 * short probe request is made when the embedder is opened.  openai sends
 * "Authorization: Bearer $KEY" when the environment variable named by
 * key_env= (default OPENAI_API_KEY) is set and not empty; the key itself
 * never appears in a SPEC, a message or a record.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "embed.h"
#include "http.h"
#include "json.h"
#include "util.h"

enum api { API_OLLAMA, API_OPENAI, API_GTR };

struct hstate {
	enum api api;
	char *url;		/* full endpoint */
	char *model;		/* model parameter sent, or NULL (gtr) */
	char *auth;		/* "Authorization: Bearer ..." or NULL */
	const char *hdrs[2];
	size_t batch;		/* texts per request */
	int retries;
	double backoff;
	struct http *h;
	struct http_opts ho;
	size_t nreq;		/* requests allocated below */
	struct http_req *req;
	struct http_resp *resp;
	struct buf *body;
	size_t *first, *count;	/* texts of request i */
	int *done;
	struct json_doc doc;
	struct buf seen;	/* openai: which indices were answered */
	size_t dim;		/* 0 until known */
};

static const char *const api_name[] = { "ollama", "openai", "gtr" };
static const char *const api_path[] = { "/api/embed", "/v1/embeddings",
	"/embed" };

/* ---- requests ---- */

static void
build_body(struct hstate *s, struct buf *b, size_t n,
    const char *const *text, const size_t *len)
{
	size_t i;

	b->len = 0;
	if (s->api == API_GTR) {
		buf_adds(b, "{\"texts\":[");
	} else {
		buf_adds(b, "{\"model\":");
		json_put_str(b, s->model, strlen(s->model));
		buf_adds(b, s->api == API_OPENAI ?
		    ",\"encoding_format\":\"float\",\"input\":[" :
		    ",\"input\":[");
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		json_put_str(b, text[i], len[i]);
	}
	buf_adds(b, s->api == API_GTR ? "],\"normalize\":true}" : "]}");
}

/*
 * A JSON number's source text as a double.  Embedding servers send tens
 * of thousands of numbers an answer and strtod dominated the profile, so
 * the common case takes Clinger's fast path: at most 19 significant
 * digits forming an integer m <= 2^53 and a decimal exponent e with
 * |e| <= 22, where m * 10^e (or m / 10^-e) is one correctly rounded IEEE
 * operation.  Anything else goes through json_num (strtod).
 */
static int
fast_num(const struct json_doc *d, size_t idx, double *v)
{
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
		1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
		1e18, 1e19, 1e20, 1e21, 1e22 };
	const char *p = d->node[idx].s, *end = p + d->node[idx].len;
	uint64_t m = 0;
	int neg = 0, nd = 0, e = 0, esign = 1, ev = 0;
	double x;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (m == 0 && *p == '0')
			continue;
		if (++nd > 19)
			return json_num(d, idx, v);
		m = m * 10 + (uint64_t)(*p - '0');
	}
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			if (m == 0 && *p == '0') {
				e--;
				continue;
			}
			if (++nd > 19)
				return json_num(d, idx, v);
			m = m * 10 + (uint64_t)(*p - '0');
			e--;
		}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			esign = *p++ == '-' ? -1 : 1;
		for (; p < end && *p >= '0' && *p <= '9' && ev < 10000; p++)
			ev = ev * 10 + (*p - '0');
		e += esign * ev;
	}
	if (p != end || m > ((uint64_t)1 << 53) || e < -22 || e > 22)
		return json_num(d, idx, v);
	x = (double)m;
	x = e < 0 ? x / p10[-e] : x * p10[e];
	*v = neg ? -x : x;
	return 0;
}

/* Copy one JSON array of numbers into out (want floats; want 0 = learn
 * the dimension into s->dim).  Returns 0, -1 garbage, -2 wrong size. */
static int
take_vec(struct hstate *s, size_t idx, float *out, char *why, size_t wl)
{
	const struct json_doc *d = &s->doc;
	size_t i, n;
	double x;
	long c;

	if (d->node[idx].type != JSON_ARRAY) {
		snprintf(why, wl, "an embedding is not an array");
		return -1;
	}
	n = d->node[idx].n;
	if (s->dim == 0) {
		if (n == 0) {
			snprintf(why, wl, "an empty embedding");
			return -1;
		}
		s->dim = n;
		return 0;
	}
	if (n != s->dim) {
		snprintf(why, wl, "a vector of dimension %zu, this run's is "
		    "%zu", n, s->dim);
		return -2;
	}
	for (i = 0, c = (long)idx + 1; i < n; i++, c = d->node[c].next) {
		if (d->node[c].type != JSON_NUMBER ||
		    fast_num(d, (size_t)c, &x) < 0 || !isfinite(x) ||
		    fabs(x) > 3.4e38) {
			snprintf(why, wl, "element %zu of an embedding is not "
			    "a finite number", i);
			return -1;
		}
		if (out != NULL)
			out[i] = (float)x;
	}
	return 0;
}

/*
 * Parse the response body into out (n vectors).  out NULL: only learn
 * the dimension from the first vector.  Returns 0, -1 (garbage, worth a
 * retry) or -2 (a wrong dimension: permanent), with a reason in why.
 */
static int
parse_resp(struct hstate *s, const struct buf *body, size_t n, float *out,
    char *why, size_t wl)
{
	struct json_doc *d = &s->doc;
	size_t i;
	long arr, el, v;
	int r;

	if (json_parse(d, (const char *)body->p, body->len, 16) < 0) {
		snprintf(why, wl, "not JSON (%s at byte %zu)", d->err,
		    d->err_off);
		return -1;
	}
	if (d->node[0].type != JSON_OBJECT) {
		snprintf(why, wl, "the answer is not a JSON object");
		return -1;
	}
	arr = json_get(d, 0, s->api == API_OPENAI ? "data" : "embeddings");
	if (arr < 0 || d->node[arr].type != JSON_ARRAY) {
		snprintf(why, wl, "no \"%s\" array in the answer",
		    s->api == API_OPENAI ? "data" : "embeddings");
		return -1;
	}
	if (d->node[arr].n != n) {
		snprintf(why, wl, "%u vectors for %zu texts",
		    (unsigned)d->node[arr].n, n);
		return -1;
	}
	s->seen.len = 0;
	buf_reserve(&s->seen, n);
	memset(s->seen.p, 0, n);
	for (i = 0, el = arr + 1; i < n; i++, el = d->node[el].next) {
		size_t slot = i;

		v = el;
		if (s->api == API_OPENAI) {
			long ix = d->node[el].type == JSON_OBJECT ?
			    json_get(d, (size_t)el, "index") : -1;
			int64_t k;

			if (d->node[el].type != JSON_OBJECT ||
			    (v = json_get(d, (size_t)el, "embedding")) < 0) {
				snprintf(why, wl, "data[%zu] has no "
				    "\"embedding\"", i);
				return -1;
			}
			if (ix >= 0) {
				if (json_int(d, (size_t)ix, &k) < 0 || k < 0 ||
				    (uint64_t)k >= n) {
					snprintf(why, wl, "data[%zu] has a bad "
					    "\"index\"", i);
					return -1;
				}
				slot = (size_t)k;
			}
			if (s->seen.p[slot]++) {
				snprintf(why, wl, "two vectors for index %zu",
				    slot);
				return -1;
			}
		}
		r = take_vec(s, (size_t)v, out ? out + slot * s->dim : NULL,
		    why, wl);
		if (r < 0 || out == NULL)
			return r;
	}
	return 0;
}

static void
sleep_sec(double t)
{
	struct timespec ts;

	if (t <= 0)
		return;
	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static void
reserve_reqs(struct hstate *s, size_t n)
{
	size_t i;

	if (n <= s->nreq)
		return;
	s->req = erealloc(s->req, n * sizeof *s->req);
	s->resp = erealloc(s->resp, n * sizeof *s->resp);
	s->body = erealloc(s->body, n * sizeof *s->body);
	s->first = erealloc(s->first, n * sizeof *s->first);
	s->count = erealloc(s->count, n * sizeof *s->count);
	s->done = erealloc(s->done, n * sizeof *s->done);
	for (i = s->nreq; i < n; i++) {
		memset(&s->resp[i], 0, sizeof s->resp[i]);
		memset(&s->body[i], 0, sizeof s->body[i]);
	}
	s->nreq = n;
}

/* A short description of a failed answer: status and the body's start. */
static void
describe(const struct http_resp *r, const char *url, char *out, size_t ol)
{
	char snip[121];
	size_t i, n = r->body.len < 120 ? r->body.len : 120;

	for (i = 0; i < n; i++) {
		unsigned char c = r->body.p[i];

		snip[i] = c >= 0x20 && c < 0x7f ? (char)c : ' ';
	}
	snip[n] = '\0';
	/* A failed 2xx (too large, cut short) is explained by err. */
	if (r->status >= 300 && n > 0)
		snprintf(out, ol, "%s: HTTP %ld: %s", url, r->status, snip);
	else if (r->status >= 300 || (r->status != 0 && r->err[0] == '\0'))
		snprintf(out, ol, "%s: HTTP %ld", url, r->status);
	else if (strncmp(r->err, url, strlen(url)) == 0)
		snprintf(out, ol, "%s", r->err);
	else
		snprintf(out, ol, "%s: %s", url, r->err);
}

/*
 * Send the n texts as ceil(n / batch) requests and fill out.  A request
 * whose 2xx answer is garbage is sent again (retries times at most).
 */
static int
http_embed(struct embedder *e, size_t n, const char *const *text,
    const size_t *len, float *out)
{
	struct hstate *s = e->state;
	size_t nr = (n + s->batch - 1) / s->batch, i, k, pending, again;
	char why[200], what[400];
	int attempt, r;

	reserve_reqs(s, nr);
	for (i = 0; i < nr; i++) {
		s->first[i] = i * s->batch;
		s->count[i] = n - s->first[i] < s->batch ? n - s->first[i] :
		    s->batch;
		build_body(s, &s->body[i], s->count[i], text + s->first[i],
		    len + s->first[i]);
		s->done[i] = 0;
	}
	for (attempt = 0;; attempt++) {
		/* Gather the requests still to do at the front. */
		for (i = k = 0; i < nr; i++) {
			if (s->done[i])
				continue;
			s->req[k].url = s->url;
			s->req[k].body = (const char *)s->body[i].p;
			s->req[k].blen = s->body[i].len;
			s->req[k].headers = s->auth ? s->hdrs : NULL;
			k++;
		}
		pending = k;
		if (pending == 0)
			return EXIT_OK;
		http_batch(s->h, s->req, s->resp, pending);
		again = 0;
		for (i = k = 0; i < nr; i++) {
			struct http_resp *rp;

			if (s->done[i])
				continue;
			rp = &s->resp[k++];
			if (rp->result != HTTP_OK) {
				describe(rp, s->url, what, sizeof what);
				embed_seterr(e, "%s (after %d attempt%s)",
				    what, rp->attempts,
				    rp->attempts == 1 ? "" : "s");
				return EXIT_REMOTE;
			}
			r = parse_resp(s, &rp->body, s->count[i],
			    out + s->first[i] * s->dim, why, sizeof why);
			if (r == 0) {
				s->done[i] = 1;
				continue;
			}
			if (r == -2 || attempt >= s->retries) {
				embed_seterr(e, "%s: %s%s", s->url, why,
				    r == -2 ? "" : " (after every retry)");
				return EXIT_REMOTE;
			}
			again++;
		}
		if (again == 0)
			return EXIT_OK;
		sleep_sec(s->backoff * (double)(1 << (attempt < 6 ? attempt :
		    6)));
	}
}

/* Learn the dimension from one short request. */
static int
probe_dim(struct embedder *e, struct hstate *s)
{
	static const char probe[] = "dimension probe";
	const char *t = probe;
	size_t l = sizeof probe - 1;
	char why[200], what[400];
	int attempt, r = -1;

	reserve_reqs(s, 1);
	build_body(s, &s->body[0], 1, &t, &l);
	for (attempt = 0; attempt <= s->retries; attempt++) {
		s->req[0].url = s->url;
		s->req[0].body = (const char *)s->body[0].p;
		s->req[0].blen = s->body[0].len;
		s->req[0].headers = s->auth ? s->hdrs : NULL;
		http_batch(s->h, s->req, s->resp, 1);
		if (s->resp[0].result != HTTP_OK) {
			describe(&s->resp[0], s->url, what, sizeof what);
			embed_seterr(e, "%s (after %d attempt%s)",
			    what, s->resp[0].attempts,
			    s->resp[0].attempts == 1 ? "" : "s");
			return EXIT_REMOTE;
		}
		if ((r = parse_resp(s, &s->resp[0].body, 1, NULL, why,
		    sizeof why)) == 0)
			return EXIT_OK;
		sleep_sec(s->backoff * (double)(1 << (attempt < 6 ? attempt :
		    6)));
	}
	embed_seterr(e, "%s: %s (probing the dimension)", s->url, why);
	return EXIT_REMOTE;
}

static void
hs_close(struct embedder *e)
{
	struct hstate *s = e->state;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nreq; i++) {
		http_resp_free(&s->resp[i]);
		buf_free(&s->body[i]);
	}
	free(s->req);
	free(s->resp);
	free(s->body);
	free(s->first);
	free(s->count);
	free(s->done);
	json_free(&s->doc);
	buf_free(&s->seen);
	http_free(s->h);
	free(s->url);
	free(s->model);
	if (s->auth != NULL) {
		memset(s->auth, 0, strlen(s->auth));
		free(s->auth);
	}
	free(s);
	e->state = NULL;
}

/* The endpoint: base URL plus the API path, unless it has a path. */
static char *
endpoint(const char *url, enum api api)
{
	const char *p = strstr(url, "://");
	struct buf b = { 0 };

	p = p ? p + 3 : url;
	p = strchr(p, '/');
	buf_adds(&b, url);
	if (p == NULL || strcmp(p, "/") == 0) {
		if (b.len > 0 && b.p[b.len - 1] == '/')
			b.len--;
		buf_adds(&b, api_path[api]);
	}
	return buf_cstr(&b);
}

static int
hs_open_api(struct embedder *e, struct embed_spec *spec, enum api api)
{
	static const char *const defurl[] = { "http://127.0.0.1:11434",
		"http://127.0.0.1:8000", "http://127.0.0.1:8767" };
	const char *url = embed_param(spec, "url");
	const char *model = embed_param(spec, "model");
	const char *key_env = embed_param(spec, "key_env");
	long dim, batch, par, timeout, retries, backoff;
	struct hstate *s;
	int st;

	if (embed_param_long(e, spec, "dim", 0, 65536, api == API_GTR ? 768 :
	    0, &dim) < 0 ||
	    embed_param_long(e, spec, "batch", 1, 4096, 64, &batch) < 0 ||
	    embed_param_long(e, spec, "parallel", 1, 64, 4, &par) < 0 ||
	    embed_param_long(e, spec, "timeout", 1, 3600, 60, &timeout) < 0 ||
	    embed_param_long(e, spec, "retries", 0, 20, 4, &retries) < 0 ||
	    embed_param_long(e, spec, "backoff_ms", 0, 600000, 500,
	    &backoff) < 0)
		return EXIT_USAGE;
	if (api != API_GTR && (model == NULL || *model == '\0')) {
		embed_seterr(e, "%s needs model=NAME", api_name[api]);
		return EXIT_USAGE;
	}
	if (api != API_OPENAI && key_env != NULL) {
		embed_seterr(e, "key_env= is for openai only");
		return EXIT_USAGE;
	}
	if (url == NULL)
		url = defurl[api];
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		embed_seterr(e, "parameter url=%s: want http://HOST[:PORT]"
		    "[/PATH]", url);
		return EXIT_USAGE;
	}
	s = ecalloc(1, sizeof *s);
	e->state = s;
	s->api = api;
	s->url = endpoint(url, api);
	s->model = model ? estrdup(model) : NULL;
	s->batch = (size_t)batch;
	s->retries = (int)retries;
	s->dim = (size_t)dim;
	if (api == API_OPENAI) {
		const char *k = getenv(key_env ? key_env : "OPENAI_API_KEY");

		if (k != NULL && *k != '\0') {
			struct buf b = { 0 };

			buf_printf(&b, "Authorization: Bearer %s", k);
			s->auth = buf_cstr(&b);
			s->hdrs[0] = s->auth;
			s->hdrs[1] = NULL;
		}
	}
	http_opts_init(&s->ho);
	s->ho.parallel = (int)par;
	s->ho.timeout = (double)timeout;
	s->ho.retries = (int)retries;
	s->ho.backoff = (double)backoff / 1000.0;
	s->backoff = s->ho.backoff;
	/* Room for the answer: ~24 bytes a number, and some slack. */
	if ((size_t)batch * (dim ? (size_t)dim : 4096) * 24 + 65536 >
	    s->ho.max_response)
		s->ho.max_response = (size_t)batch * (dim ? (size_t)dim :
		    4096) * 24 + 65536;
	s->h = http_new(&s->ho);
	if (s->h == NULL) {
		embed_seterr(e, "cannot initialise libcurl");
		hs_close(e);
		return EXIT_IO;
	}
	if (s->dim == 0 && (st = probe_dim(e, s)) != EXIT_OK) {
		hs_close(e);
		return st;
	}
	e->dim = s->dim;
	e->batch_max = s->batch * (size_t)par;
	if (api == API_GTR)
		snprintf(e->model, sizeof e->model, "gtr:%s", model ? model :
		    "vec2text-gtr-t5-base");
	else
		snprintf(e->model, sizeof e->model, "%s:%s", api_name[api],
		    model);
	return EXIT_OK;
}

static int
ollama_open(struct embedder *e, struct embed_spec *spec)
{
	return hs_open_api(e, spec, API_OLLAMA);
}

static int
openai_open(struct embedder *e, struct embed_spec *spec)
{
	return hs_open_api(e, spec, API_OPENAI);
}

static int
gtr_open(struct embedder *e, struct embed_spec *spec)
{
	return hs_open_api(e, spec, API_GTR);
}

const struct embed_backend embed_backend_ollama = {
	.name = "ollama",
	.help = "Ollama /api/embed (model=NAME, url=http://127.0.0.1:11434, "
	    "dim=, batch=64, parallel=4, timeout=60, retries=4)",
	.open = ollama_open,
	.embed = http_embed,
	.close = hs_close,
};

const struct embed_backend embed_backend_openai = {
	.name = "openai",
	.help = "OpenAI-compatible /v1/embeddings (model=NAME, "
	    "url=http://127.0.0.1:8000, key_env=OPENAI_API_KEY, ...)",
	.open = openai_open,
	.embed = http_embed,
	.close = hs_close,
};

const struct embed_backend embed_backend_gtr = {
	.name = "gtr",
	.help = "the original's GTR-T5 server POST /embed "
	    "(url=http://127.0.0.1:8767, dim=768, ...)",
	.open = gtr_open,
	.embed = http_embed,
	.close = hs_close,
};
