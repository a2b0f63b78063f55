/* SPDX-License-Identifier: ISC */
/*
 * llm.c: Ollama and OpenAI-compatible chat clients.  See llm.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "json.h"
#include "llm.h"
#include "util.h"

struct llm {
	struct llm_opts o;
	char *url;
	char *model, *system;
	char *auth;		/* "Authorization: Bearer ..." or NULL */
	const char *headers[2];
	struct http *http;
	struct json_doc doc;
};

/* In enum llm_api's order: llm_api_name() indexes it. */
const struct opt_word llm_apis[] = {
	{"ollama", LLM_OLLAMA}, {"ollama-chat", LLM_OLLAMA_CHAT},
	{"openai", LLM_OPENAI}, {NULL, 0}
};

void
llm_opts_init(struct llm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->api = LLM_OLLAMA;
	http_opts_init(&o->http);
}

int
llm_api_parse(const char *s, enum llm_api *api)
{
	const struct opt_word *w = opt_word_find(llm_apis, s);

	if (!w)
		return -1;
	*api = (enum llm_api)w->value;
	return 0;
}

const char *
llm_api_name(enum llm_api api)
{
	return (unsigned)api <= LLM_OPENAI ? llm_apis[api].name : "?";
}

static int
ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Build the request URL from an endpoint as users write it. */
static char *
make_url(enum llm_api api, const char *endpoint)
{
	struct buf b = {0};
	size_t n;

	if (!endpoint || !*endpoint)
		endpoint = api == LLM_OPENAI ? "http://127.0.0.1:8000" :
		    "http://127.0.0.1:11434";
	if (!strstr(endpoint, "://"))
		buf_adds(&b, "http://");
	buf_adds(&b, endpoint);
	while (b.len && b.p[b.len - 1] == '/')
		b.len--;
	n = b.len;
	switch (api) {
	case LLM_OLLAMA:
		if (!ends_with((char *)b.p, n, "/api/generate"))
			buf_adds(&b, "/api/generate");
		break;
	case LLM_OLLAMA_CHAT:
		if (!ends_with((char *)b.p, n, "/api/chat"))
			buf_adds(&b, "/api/chat");
		break;
	case LLM_OPENAI:
		if (ends_with((char *)b.p, n, "/chat/completions"))
			break;
		if (!ends_with((char *)b.p, n, "/v1"))
			buf_adds(&b, "/v1");
		buf_adds(&b, "/chat/completions");
		break;
	}
	{
		char *url = estrdup(buf_cstr(&b));
		buf_free(&b);
		return url;
	}
}

struct llm *
llm_new(const struct llm_opts *o, char *err, size_t errlen)
{
	struct llm *l;

	if (!o->model || !*o->model) {
		snprintf(err, errlen, "no model name given");
		return NULL;
	}
	if (o->endpoint && strstr(o->endpoint, "://") &&
	    strncmp(o->endpoint, "http://", 7) != 0 &&
	    strncmp(o->endpoint, "https://", 8) != 0) {
		snprintf(err, errlen, "%s: only http:// and https:// "
		    "endpoints are supported", o->endpoint);
		return NULL;
	}
	l = ecalloc(1, sizeof *l);
	l->o = *o;
	l->url = make_url(o->api, o->endpoint);
	l->model = estrdup(o->model);
	l->system = o->system ? estrdup(o->system) : NULL;
	if (o->api_key && *o->api_key) {
		struct buf b = {0};
		buf_printf(&b, "Authorization: Bearer %s", o->api_key);
		l->auth = estrdup(buf_cstr(&b));
		buf_free(&b);
		l->headers[0] = l->auth;
	}
	if ((l->http = http_new(&o->http)) == NULL) {
		snprintf(err, errlen, "cannot initialise libcurl");
		llm_free(l);
		return NULL;
	}
	return l;
}

const char *
llm_url(const struct llm *l)
{
	return l->url;
}

void
llm_free(struct llm *l)
{
	if (!l)
		return;
	http_free(l->http);
	json_free(&l->doc);
	free(l->url);
	free(l->model);
	free(l->system);
	free(l->auth);
	free(l);
}

void
llm_reply_free(struct llm_reply *r)
{
	buf_free(&r->text);
}

/* The JSON request body for one prompt. */
static void
make_body(const struct llm *l, struct buf *b, const char *p, size_t n)
{
	const struct llm_opts *o = &l->o;

	buf_adds(b, "{\"model\":");
	json_put_str(b, l->model, strlen(l->model));
	if (o->api == LLM_OLLAMA) {
		buf_adds(b, ",\"prompt\":");
		json_put_str(b, p, n);
		if (l->system) {
			buf_adds(b, ",\"system\":");
			json_put_str(b, l->system, strlen(l->system));
		}
	} else {
		buf_adds(b, ",\"messages\":[");
		if (l->system) {
			buf_adds(b, "{\"role\":\"system\",\"content\":");
			json_put_str(b, l->system, strlen(l->system));
			buf_adds(b, "},");
		}
		buf_adds(b, "{\"role\":\"user\",\"content\":");
		json_put_str(b, p, n);
		buf_adds(b, "}]");
	}
	buf_adds(b, ",\"stream\":false");
	if (o->api == LLM_OPENAI) {
		buf_printf(b, ",\"temperature\":%g", o->temperature);
		if (o->max_tokens > 0)
			buf_printf(b, ",\"max_tokens\":%d", o->max_tokens);
	} else {
		buf_printf(b, ",\"options\":{\"temperature\":%g",
		    o->temperature);
		if (o->max_tokens > 0)
			buf_printf(b, ",\"num_predict\":%d", o->max_tokens);
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
}

/* Follow a path of object keys (and array index 0 for "[0]"). */
static long
dig(const struct json_doc *d, const char *const *path)
{
	long i = 0;

	for (; *path; path++) {
		if (strcmp(*path, "[0]") == 0) {
			if (d->node[i].type != JSON_ARRAY || d->node[i].n == 0)
				return -1;
			i = json_child(d, (size_t)i, 0);
		} else {
			if (d->node[i].type != JSON_OBJECT)
				return -1;
			i = json_get(d, (size_t)i, *path);
		}
		if (i < 0)
			return -1;
	}
	return i;
}

static int
parse_with(struct json_doc *doc, enum llm_api api, const char *body,
    size_t n, struct buf *text, char *err, size_t errlen)
{
	static const char *const p_gen[] = {"response", NULL};
	static const char *const p_chat[] = {"message", "content", NULL};
	static const char *const p_oai[] = {"choices", "[0]", "message",
	    "content", NULL};
	const char *const *path = api == LLM_OLLAMA ? p_gen :
	    api == LLM_OLLAMA_CHAT ? p_chat : p_oai;
	long i;

	if (json_parse(doc, body, n, 0) < 0) {
		snprintf(err, errlen, "reply is not JSON (%s at byte %zu)",
		    doc->err, doc->err_off);
		return -1;
	}
	if ((i = dig(doc, path)) < 0 || doc->node[i].type != JSON_STRING) {
		long e = doc->node[0].type == JSON_OBJECT ?
		    json_get(doc, 0, "error") : -1;
		if (e >= 0 && doc->node[e].type == JSON_STRING)
			snprintf(err, errlen, "server error: %.*s",
			    (int)(doc->node[e].len > 160 ? 160 :
			    doc->node[e].len), doc->node[e].s);
		else
			snprintf(err, errlen, "reply has no %s text",
			    api == LLM_OLLAMA ? "\"response\"" :
			    api == LLM_OLLAMA_CHAT ? "\"message.content\"" :
			    "\"choices[0].message.content\"");
		return -1;
	}
	text->len = 0;
	buf_add(text, doc->node[i].s, doc->node[i].len);
	return 0;
}

int
llm_parse_reply(enum llm_api api, const char *body, size_t n,
    struct buf *text, char *err, size_t errlen)
{
	struct json_doc doc = {0};
	int r = parse_with(&doc, api, body, n, text, err, errlen);

	json_free(&doc);
	return r;
}

size_t
llm_batch(struct llm *l, const char *const *prompt, const size_t *plen,
    size_t n, struct llm_reply *out)
{
	struct http_req *req = ecalloc(n ? n : 1, sizeof *req);
	struct http_resp *resp = ecalloc(n ? n : 1, sizeof *resp);
	struct buf *body = ecalloc(n ? n : 1, sizeof *body);
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		make_body(l, &body[i], prompt[i], plen[i]);
		req[i].url = l->url;
		req[i].body = (const char *)body[i].p;
		req[i].blen = body[i].len;
		req[i].headers = l->auth ? l->headers : NULL;
	}
	http_batch(l->http, req, resp, n);
	for (i = 0; i < n; i++) {
		struct llm_reply *r = &out[i];

		r->http_status = resp[i].status;
		r->attempts = resp[i].attempts;
		r->err[0] = '\0';
		r->text.len = 0;
		if (resp[i].result == HTTP_OK) {
			char why[200];
			if (parse_with(&l->doc, l->o.api,
			    (const char *)resp[i].body.p, resp[i].body.len,
			    &r->text, why, sizeof why) == 0) {
				r->status = LLM_OK;
			} else {
				r->status = LLM_BADREPLY;
				snprintf(r->err, sizeof r->err, "%s: %s",
				    l->url, why);
			}
		} else {
			r->status = resp[i].result == HTTP_PERMANENT ?
			    LLM_PERMANENT : LLM_TRANSIENT;
			snprintf(r->err, sizeof r->err, "%s", resp[i].err);
			/* Ollama explains a 404 ("model not found") in
			 * the body; pass the reason on. */
			if (resp[i].body.len && resp[i].body.len < 400) {
				size_t k = strlen(r->err);
				snprintf(r->err + k, sizeof r->err - k,
				    " (%.*s)", (int)resp[i].body.len,
				    (const char *)resp[i].body.p);
			}
		}
		/* Server text goes into one-line messages. */
		for (char *c = r->err; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = ' ';
		bad += r->status != LLM_OK;
		http_resp_free(&resp[i]);
		buf_free(&body[i]);
	}
	free(req);
	free(resp);
	free(body);
	return bad;
}
