/* SPDX-License-Identifier: ISC */
/*
 * http.c: batch POST client on libcurl multi.  See http.h.
 *
 * Each request is a small state machine: QUEUED (waiting for a slot, or
 * for its retry time) -> RUNNING (an easy handle in the multi handle) ->
 * DONE, or back to QUEUED with a later start time after a transient
 * failure.  Requests start in submission order, so the first results are
 * ready first and the caller's output order never depends on timing.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http.h"
#include "util.h"

enum { ST_QUEUED, ST_RUNNING, ST_DONE };

struct slot {
	int state;
	double not_before;	/* QUEUED: earliest start (now_sec) */
	double retry_after;	/* Retry-After of the last answer, seconds */
	int too_big;		/* the body passed max_response */
	CURL *easy;
	struct curl_slist *hdrs;
	const struct http_req *req;
	struct http_resp *resp;
	size_t index;
	size_t max;
};

struct http {
	struct http_opts o;
	CURLM *multi;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void
global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
http_opts_init(struct http_opts *o)
{
	o->parallel = 8;
	o->timeout = 60;
	o->connect_timeout = 10;
	o->retries = 4;
	o->backoff = 0.5;
	o->backoff_max = 30;
	o->max_response = (size_t)8 << 20;
}

struct http *
http_new(const struct http_opts *o)
{
	struct http *h;

	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK)
		return NULL;
	h = ecalloc(1, sizeof *h);
	h->o = *o;
	if (h->o.parallel < 1)
		h->o.parallel = 1;
	if ((h->multi = curl_multi_init()) == NULL) {
		free(h);
		return NULL;
	}
	/* Keep one idle connection per possible transfer. */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->o.parallel);
	return h;
}

void
http_free(struct http *h)
{
	if (!h)
		return;
	curl_multi_cleanup(h->multi);
	free(h);
}

void
http_resp_free(struct http_resp *r)
{
	buf_free(&r->body);
}

int
http_retryable(long status)
{
	return status == 408 || status == 429 || (status >= 500 &&
	    status <= 599 && status != 501 && status != 505);
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct slot *s = arg;
	size_t n = size * nmemb;

	if (s->resp->body.len + n > s->max) {
		s->too_big = 1;
		return 0;	/* makes curl fail with CURLE_WRITE_ERROR */
	}
	buf_add(&s->resp->body, p, n);
	return n;
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct slot *s = arg;
	size_t n = size * nmemb;
	static const char name[] = "retry-after:";

	if (n > sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
		char tmp[32];
		size_t k = n - (sizeof name - 1);
		char *end;
		double v;

		if (k >= sizeof tmp)
			k = sizeof tmp - 1;
		memcpy(tmp, p + sizeof name - 1, k);
		tmp[k] = '\0';
		v = strtod(tmp, &end);
		if (end != tmp && v >= 0)
			s->retry_after = v;
	}
	return n;
}

static int
start(struct http *h, struct slot *s)
{
	const struct http_req *q = s->req;
	CURL *e;
	size_t i;

	buf_free(&s->resp->body);
	s->too_big = 0;
	s->retry_after = 0;
	if ((e = curl_easy_init()) == NULL)
		return -1;
	s->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	/* No "Expect: 100-continue" round trip before larger bodies. */
	s->hdrs = curl_slist_append(s->hdrs, "Expect:");
	for (i = 0; q->headers && q->headers[i]; i++)
		s->hdrs = curl_slist_append(s->hdrs, q->headers[i]);
	curl_easy_setopt(e, CURLOPT_URL, q->url);
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, q->body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->blen);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->hdrs);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(e, CURLOPT_PRIVATE, s);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(h->o.timeout * 1000));
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(h->o.connect_timeout * 1000));
	curl_easy_setopt(e, CURLOPT_USERAGENT, "wikipipe/" WIKIPIPE_VERSION);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		curl_slist_free_all(s->hdrs);
		s->hdrs = NULL;
		return -1;
	}
	s->easy = e;
	s->state = ST_RUNNING;
	s->resp->attempts++;
	return 0;
}

/* A deterministic jitter factor in [0.75, 1.25) for request i, try k. */
static double
jitter(size_t i, int k)
{
	uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ULL ^ (uint64_t)k *
	    0xbf58476d1ce4e5b9ULL;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 29;
	return 0.75 + (double)(x >> 11) / (double)(1ULL << 53) * 0.5;
}

/* Is a curl error a configuration mistake rather than a network event? */
static int
curl_permanent(CURLcode rc)
{
	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_NOT_BUILT_IN:
	case CURLE_BAD_FUNCTION_ARGUMENT:
	case CURLE_TOO_MANY_REDIRECTS:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_PEER_FAILED_VERIFICATION:
		return 1;
	default:
		return 0;
	}
}

static void
finish(struct http *h, struct slot *s, CURLcode rc)
{
	struct http_resp *r = s->resp;
	long status = 0;
	int transient;
	double delay;

	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(h->multi, s->easy);
	curl_easy_cleanup(s->easy);
	curl_slist_free_all(s->hdrs);
	s->easy = NULL;
	s->hdrs = NULL;
	r->status = status;
	if (rc == CURLE_OK && status >= 200 && status < 300) {
		r->result = HTTP_OK;
		r->err[0] = '\0';
		s->state = ST_DONE;
		return;
	}
	if (s->too_big) {
		snprintf(r->err, sizeof r->err, "%s: response larger than "
		    "%zu bytes", s->req->url, s->max);
		transient = 0;
	} else if (rc != CURLE_OK) {
		snprintf(r->err, sizeof r->err, "%s: %s", s->req->url,
		    curl_easy_strerror(rc));
		transient = !curl_permanent(rc);
	} else {
		snprintf(r->err, sizeof r->err, "%s: HTTP status %ld",
		    s->req->url, status);
		transient = http_retryable(status);
	}
	if (!transient) {
		r->result = HTTP_PERMANENT;
		s->state = ST_DONE;
		return;
	}
	if (r->attempts > h->o.retries) {
		r->result = HTTP_TRANSIENT;
		s->state = ST_DONE;
		return;
	}
	delay = h->o.backoff;
	for (int k = 1; k < r->attempts && delay < h->o.backoff_max; k++)
		delay *= 2;
	delay *= jitter(s->index, r->attempts);
	if (s->retry_after > delay)
		delay = s->retry_after;
	if (delay > h->o.backoff_max)
		delay = h->o.backoff_max;
	s->not_before = now_sec() + delay;
	s->state = ST_QUEUED;
}

size_t
http_batch(struct http *h, const struct http_req *req, struct http_resp *resp,
    size_t n)
{
	struct slot *s = ecalloc(n ? n : 1, sizeof *s);
	size_t i, done = 0, running = 0, failed = 0, next = 0;

	for (i = 0; i < n; i++) {
		s[i].req = &req[i];
		s[i].resp = &resp[i];
		s[i].index = i;
		s[i].max = h->o.max_response;
		resp[i].attempts = 0;
		resp[i].status = 0;
		resp[i].err[0] = '\0';
		resp[i].body.len = 0;
	}
	while (done < n) {
		double now = now_sec(), wake = -1;
		int still, nmsg, finished;
		CURLMsg *m;
		long wait_ms;

		/* Fill free slots, oldest request first. */
		for (i = next; i < n && running < (size_t)h->o.parallel; i++) {
			if (s[i].state != ST_QUEUED)
				continue;
			if (s[i].not_before > now) {
				if (wake < 0 || s[i].not_before < wake)
					wake = s[i].not_before;
				continue;
			}
			if (start(h, &s[i]) < 0) {
				snprintf(resp[i].err, sizeof resp[i].err,
				    "%s: cannot set up the transfer",
				    req[i].url);
				resp[i].result = HTTP_PERMANENT;
				s[i].state = ST_DONE;
				done++;
				failed++;
				continue;
			}
			running++;
		}
		while (next < n && s[next].state == ST_DONE)
			next++;
		if (done == n)
			break;
		curl_multi_perform(h->multi, &still);
		finished = 0;
		while ((m = curl_multi_info_read(h->multi, &nmsg)) != NULL) {
			struct slot *sl;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    (char **)&sl);
			finish(h, sl, m->data.result);
			running--;
			finished++;
			if (sl->state == ST_DONE) {
				done++;
				failed += sl->resp->result != HTTP_OK;
			}
		}
		if (done == n)
			break;
		/* Freed slots are refilled before waiting. */
		if (finished)
			continue;
		/* Sleep until I/O, or until the next retry is due. */
		wait_ms = 100;
		if (wake >= 0) {
			double ms = (wake - now_sec()) * 1000;
			if (ms < wait_ms)
				wait_ms = ms < 1 ? 1 : (long)ms;
		}
		curl_multi_poll(h->multi, NULL, 0, (int)wait_ms, NULL);
	}
	free(s);
	return failed;
}
