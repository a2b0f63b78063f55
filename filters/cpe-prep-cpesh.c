/* SPDX-License-Identifier: ISC */
/*
 * cpe-prep-cpesh.c: optional CPESH generation (ORIGINAL.md 6.3) through an
 * LLM with common/llm.h: concept, probe question, expected answer, soft
 * and hard negatives for each chunk text.
 *
 * The model is asked for one JSON object.  Code fences and chatter around
 * it are ignored; missing fields get the original's fallbacks (concept:
 * the first 200 characters of the text; probe: "What is: <concept[:80]>?";
 * expected: the concept).  An answer with no usable JSON object is asked
 * again up to answer_retries times and then replaced by that fallback as
 * a whole (counted as malformed).  A server that cannot be reached is the
 * caller's error to report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/llm.h"
#include "common/util.h"
#include "filters/cpe-prep.h"

struct cpesh_client {
	struct llm *llm;
	int answer_retries;
	uint64_t requests, malformed;
	struct json_doc doc;
};

static const char prompt_head[] =
    "Read the passage and answer with one JSON object only, no other "
    "text, with these keys:\n"
    "  \"concept\": the main fact of the passage, one sentence;\n"
    "  \"probe\": a question whose answer is that fact;\n"
    "  \"expected\": the short answer to the probe;\n"
    "  \"soft_negatives\": 3 plausible but wrong answers;\n"
    "  \"hard_negatives\": 3 unrelated answers.\n"
    "<passage>\n";
static const char prompt_tail[] = "\n</passage>\n";

/* The first n code points of s (len bytes), as a new string. */
static char *
prefix_chars(const char *s, size_t len, size_t n)
{
	size_t i = 0, k = 0;

	while (i < len) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (k == n)
				break;
			k++;
		}
		i++;
	}
	return estrndup(s, i);
}

/* The text with leading and trailing white space removed. */
static void
trim(const char **s, size_t *n)
{
	while (*n && strchr(" \t\r\n", (*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
		(*n)--;
}

static void
fallbacks(struct cpesh *x, const char *text, size_t tlen)
{
	char *c80;
	struct buf b = { 0 };

	trim(&text, &tlen);
	if (!x->concept || !*x->concept) {
		free(x->concept);
		x->concept = prefix_chars(text, tlen, 200);
	}
	if (!x->probe || !*x->probe) {
		free(x->probe);
		c80 = prefix_chars(x->concept, strlen(x->concept), 80);
		buf_printf(&b, "What is: %s?", c80);
		free(c80);
		x->probe = buf_cstr(&b);
	}
	if (!x->expected || !*x->expected) {
		free(x->expected);
		x->expected = estrdup(x->concept);
	}
}

/* A JSON string field as a new C string ("" stays NULL); strings with a
 * NUL inside are refused. */
static char *
str_field(const struct json_doc *d, long obj, const char *key)
{
	long i = json_get(d, (size_t)obj, key);
	const struct json_node *nd;

	if (i < 0)
		return NULL;
	nd = &d->node[i];
	if (nd->type != JSON_STRING || nd->len == 0 ||
	    memchr(nd->s, 0, nd->len))
		return NULL;
	return estrndup(nd->s, nd->len);
}

static size_t
list_field(const struct json_doc *d, long obj, const char *key, char **out)
{
	long i = json_get(d, (size_t)obj, key), e;
	size_t k, n = 0;

	if (i < 0 || d->node[i].type != JSON_ARRAY)
		return 0;
	/* Elements follow the array; walk them by .next (json_child per
	 * element is quadratic on a long, hostile answer). */
	for (k = 0, e = i + 1; k < d->node[i].n && n < CPESH_MAX_NEG;
	    k++, e = (long)d->node[e].next) {
		if (d->node[e].type != JSON_STRING ||
		    d->node[e].len == 0 || memchr(d->node[e].s, 0,
		    d->node[e].len))
			continue;
		out[n++] = estrndup(d->node[e].s, d->node[e].len);
	}
	return n;
}

/* Parse one answer; 0, or -1 when it holds no JSON object. */
static int
parse_answer(struct cpesh_client *c, const char *a, size_t n,
    struct cpesh *x)
{
	const char *open = memchr(a, '{', n), *close = NULL, *p;

	for (p = a + n; p > a; p--)
		if (p[-1] == '}') {
			close = p;
			break;
		}
	if (!open || !close || close <= open ||
	    json_parse(&c->doc, open, (size_t)(close - open), 16) < 0 ||
	    c->doc.node[0].type != JSON_OBJECT)
		return -1;
	x->concept = str_field(&c->doc, 0, "concept");
	x->probe = str_field(&c->doc, 0, "probe");
	x->expected = str_field(&c->doc, 0, "expected");
	x->nsoft = list_field(&c->doc, 0, "soft_negatives", x->soft);
	x->nhard = list_field(&c->doc, 0, "hard_negatives", x->hard);
	return 0;
}

struct cpesh_client *
cpesh_new(const struct llm_opts *o, int answer_retries, char *err,
    size_t errlen)
{
	struct cpesh_client *c = ecalloc(1, sizeof *c);

	if ((c->llm = llm_new(o, err, errlen)) == NULL) {
		free(c);
		return NULL;
	}
	c->answer_retries = answer_retries;
	return c;
}

int
cpesh_ask(struct cpesh_client *c, const char *const *text,
    const size_t *tlen, size_t n, struct cpesh *out, char *err,
    size_t errlen)
{
	struct buf *pb = ecalloc(n ? n : 1, sizeof *pb);
	const char **prompt = ecalloc(n ? n : 1, sizeof *prompt);
	size_t *plen = ecalloc(n ? n : 1, sizeof *plen);
	size_t *idx = ecalloc(n ? n : 1, sizeof *idx);
	struct llm_reply *rep = ecalloc(n ? n : 1, sizeof *rep);
	size_t i, k, todo = n;
	int round, rc = 0;

	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		buf_adds(&pb[i], prompt_head);
		buf_add(&pb[i], text[i], tlen[i]);
		buf_adds(&pb[i], prompt_tail);
		idx[i] = i;
	}
	for (round = 0; todo > 0 && round <= c->answer_retries; round++) {
		for (k = 0; k < todo; k++) {
			prompt[k] = (const char *)pb[idx[k]].p;
			plen[k] = pb[idx[k]].len;
		}
		c->requests += todo;
		(void)llm_batch(c->llm, prompt, plen, todo, rep);
		for (k = i = 0; k < todo; k++) {
			struct llm_reply *r = &rep[k];
			size_t j = idx[k];

			if (r->status == LLM_OK && parse_answer(c,
			    (const char *)r->text.p, r->text.len, &out[j]) == 0)
				continue;
			if (r->status == LLM_TRANSIENT ||
			    r->status == LLM_PERMANENT) {
				snprintf(err, errlen, "%s: %s", llm_url(c->llm),
				    r->err);
				rc = r->status == LLM_TRANSIENT ? -1 : -2;
				goto out;
			}
			idx[i++] = j;	/* malformed: ask again */
		}
		todo = i;
	}
	for (k = 0; k < todo; k++) {
		out[idx[k]].stub = 1;
		c->malformed++;
	}
	for (i = 0; i < n; i++)
		fallbacks(&out[i], text[i], tlen[i]);
out:
	for (i = 0; i < n; i++) {
		buf_free(&pb[i]);
		llm_reply_free(&rep[i]);
		if (rc < 0)
			cpesh_item_free(&out[i]);
	}
	free(pb);
	free(prompt);
	free(plen);
	free(idx);
	free(rep);
	return rc;
}

void
cpesh_item_free(struct cpesh *x)
{
	size_t i;

	free(x->concept);
	free(x->probe);
	free(x->expected);
	for (i = 0; i < x->nsoft; i++)
		free(x->soft[i]);
	for (i = 0; i < x->nhard; i++)
		free(x->hard[i]);
	memset(x, 0, sizeof *x);
}

uint64_t
cpesh_requests(const struct cpesh_client *c)
{
	return c->requests;
}

uint64_t
cpesh_malformed(const struct cpesh_client *c)
{
	return c->malformed;
}

void
cpesh_free(struct cpesh_client *c)
{
	if (!c)
		return;
	llm_free(c->llm);
	json_free(&c->doc);
	free(c);
}
