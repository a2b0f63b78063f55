/* SPDX-License-Identifier: ISC */
/*
 * llm.h: chat-completion clients for local LLM servers, on top of http.h.
 *
 * Three wire protocols, all non-streaming JSON over HTTP POST:
 *
 *   api          path                  request            answer text at
 *   ollama       /api/generate         {model, prompt}    .response
 *   ollama-chat  /api/chat             {model, messages}  .message.content
 *   openai       /v1/chat/completions  {model, messages}  .choices[0]
 *                                                            .message.content
 *
 * "openai" covers any OpenAI-compatible server (vLLM, llama.cpp server,
 * LM Studio).  An endpoint may be given as "host:port", "http://host:port"
 * or, for openai, ".../v1"; the path is added.  An API key, when set, is
 * sent as "Authorization: Bearer KEY" and never appears in messages.
 *
 * A batch of prompts goes out with the http.h machinery (many in flight,
 * retries, order kept).  Each reply is classified: LLM_OK with the text,
 * LLM_BADREPLY when the server answered 2xx but not with the protocol's
 * JSON shape (worth asking again), LLM_TRANSIENT (server down, timeouts,
 * 429/5xx after every retry) or LLM_PERMANENT (4xx such as a missing
 * model, a bad URL).  Library code: nothing exits or prints.
 */
#ifndef WIKIPIPE_LLM_H
#define WIKIPIPE_LLM_H

#include <stddef.h>

#include "http.h"
#include "opt.h"
#include "util.h"

enum llm_api { LLM_OLLAMA, LLM_OLLAMA_CHAT, LLM_OPENAI };

struct llm_opts {
	enum llm_api api;
	const char *endpoint;	/* base URL; NULL: the api's default */
	const char *model;	/* model name, required */
	const char *system;	/* system prompt, or NULL */
	const char *api_key;	/* bearer token, or NULL */
	double temperature;	/* sampling temperature (0 = greedy) */
	int max_tokens;		/* answer length cap, 0: server default */
	struct http_opts http;	/* transport settings */
};

enum llm_status {
	LLM_OK = 0,
	LLM_PERMANENT = 1,
	LLM_TRANSIENT = 2,
	LLM_BADREPLY = 3
};

struct llm_reply {
	enum llm_status status;
	long http_status;	/* last HTTP status, 0 if none */
	int attempts;		/* HTTP attempts made */
	struct buf text;	/* LLM_OK: the answer (no NUL added) */
	char err[240];		/* otherwise: what went wrong */
};

struct llm;

/* llm_opts_init: temperature 0, max_tokens 0, http defaults, rest NULL,
 * api ollama. */
void llm_opts_init(struct llm_opts *o);

/* The names of the APIs (ollama, ollama-chat, openai), each with its enum
 * llm_api, for opt_keyword() (--api, WIKIPIPE_LLM_API). */
extern const struct opt_word llm_apis[];

/* llm_api_parse: "ollama", "ollama-chat" or "openai" into *api; 0 or -1. */
int llm_api_parse(const char *s, enum llm_api *api);

/* llm_api_name: the name llm_api_parse accepts. */
const char *llm_api_name(enum llm_api api);

/*
 * llm_new: a client for o (strings are copied).  Returns NULL with a
 * message in err when the endpoint is unusable or libcurl cannot start.
 */
struct llm *llm_new(const struct llm_opts *o, char *err, size_t errlen);

/* llm_url: the full URL requests go to. */
const char *llm_url(const struct llm *l);

/*
 * llm_batch: send n prompts (prompt[i], plen[i] bytes each, UTF-8) and
 * fill out[0..n-1] in the same order (zeroed or reused structs).  Returns
 * the number of replies that are not LLM_OK.
 */
size_t llm_batch(struct llm *l, const char *const *prompt,
    const size_t *plen, size_t n, struct llm_reply *out);

/*
 * llm_parse_reply: extract the answer text of one 2xx response body for
 * api into text.  Returns 0, or -1 with the reason in err.  Exposed for
 * tests.
 */
int llm_parse_reply(enum llm_api api, const char *body, size_t n,
    struct buf *text, char *err, size_t errlen);

/* llm_reply_free: release a reply's text (the struct is reusable). */
void llm_reply_free(struct llm_reply *r);

/* llm_free: free the client (NULL is a no-op). */
void llm_free(struct llm *l);

#endif
