/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-jsonl.c: JSON lines of articles, one object per line, the
 * format the original pipeline ingested:
 *
 *   {"id": 12, "title": "...", "text": "...", "url": "...", ...}
 *
 * title and text are required; id (an int or a string of digits; the
 * line number when absent), url, ns, redirect, rev_id/revid and timestamp
 * are used when present; other keys are ignored.  Lines are read from
 * the source with a buffer bounded by --max-page; blank lines are
 * skipped.  A bad line stops the input with a message naming the line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/suite.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"

struct jsonr {
	struct src *src;
	struct lines l;		/* the input's lines */
	size_t max_page;
	struct buf fix;		/* a line with invalid UTF-8 replaced */
	int status;
	struct json_doc doc;
};

static int
only_blanks(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/*
 * jget: the node of key in object 0 if it has type want (a number may
 * also be a string of digits), NULL if absent or null.  A wrong type is
 * reported and sets *bad.
 */
static const struct json_node *
jget(const struct json_doc *d, const char *key, enum json_type want,
    const char *name, uint64_t line, int *bad)
{
	long i = json_get(d, 0, key);

	if (i < 0 || d->node[i].type == JSON_NULL)
		return NULL;
	if (d->node[i].type != want && !(want == JSON_NUMBER &&
	    d->node[i].type == JSON_STRING)) {
		error("%s: line %llu: key \"%s\": wrong type", name,
		    (unsigned long long)line, key);
		*bad = 1;
		return NULL;
	}
	return &d->node[i];
}

static int64_t
jint(const struct json_doc *d, const char *key, const char *name,
    uint64_t line, int64_t dflt, int *bad)
{
	const struct json_node *n = jget(d, key, JSON_NUMBER, name, line, bad);
	long i = json_get(d, 0, key);
	int64_t v;
	char tmp[24], *end;

	if (!n)
		return dflt;
	if (n->type == JSON_NUMBER) {
		if (json_int(d, (size_t)i, &v) == 0)
			return v;
	} else if (n->len > 0 && n->len < sizeof tmp) {
		memcpy(tmp, n->s, n->len);
		tmp[n->len] = '\0';
		v = strtoll(tmp, &end, 10);
		if (!*end)
			return v;
	}
	error("%s: line %llu: key \"%s\": not an integer", name,
	    (unsigned long long)line, key);
	*bad = 1;
	return dflt;
}

/* parse_line: one article into pg; returns an exit status. */
static int
parse_line(struct jsonr *j, struct page *pg, const char *p, size_t n)
{
	const struct json_node *t, *x, *u, *ts, *rd;
	struct json_doc *d = &j->doc;
	const char *name = src_name(j->src);
	uint64_t line = j->l.line;
	int bad = 0;

	/* Invalid UTF-8 is replaced and counted, as in XML dumps. */
	pg->bad_utf8 = 0;
	if (!json_valid_utf8(p, n)) {
		j->fix.len = 0;
		buf_add(&j->fix, p, n);
		pg->bad_utf8 = wt_fix_utf8(&j->fix);
		p = (const char *)j->fix.p;
		n = j->fix.len;
	}
	if (json_parse(d, p, n, 0) < 0) {
		error("%s: line %llu, column %zu: %s", name,
		    (unsigned long long)line, d->err_off + 1, d->err);
		return EXIT_DATA;
	}
	if (d->node[0].type != JSON_OBJECT) {
		error("%s: line %llu: not a JSON object", name,
		    (unsigned long long)line);
		return EXIT_DATA;
	}
	t = jget(d, "title", JSON_STRING, name, line, &bad);
	x = jget(d, "text", JSON_STRING, name, line, &bad);
	if (!bad && (!t || !x)) {
		error("%s: line %llu: key \"%s\": missing", name,
		    (unsigned long long)line, t ? "text" : "title");
		return EXIT_DATA;
	}
	u = jget(d, "url", JSON_STRING, name, line, &bad);
	ts = jget(d, "timestamp", JSON_STRING, name, line, &bad);
	rd = jget(d, "redirect", JSON_STRING, name, line, &bad);
	pg->page_id = jint(d, "id", name, line, (int64_t)line, &bad);
	pg->rev_id = jint(d, "rev_id", name, line,
	    jint(d, "revid", name, line, -1, &bad), &bad);
	pg->ns = jint(d, "ns", name, line, 0, &bad);
	if (bad)
		return EXIT_DATA;
	pg->title.len = pg->text.len = pg->redirect.len = 0;
	buf_add(&pg->title, t->s, t->len);
	buf_add(&pg->text, x->s, x->len);
	buf_cstr(&pg->title);
	buf_cstr(&pg->text);
	pg->has_redirect = rd != NULL;
	if (rd)
		buf_add(&pg->redirect, rd->s, rd->len);
	buf_cstr(&pg->redirect);
	pg->too_large = x->len > j->max_page;
	pg->timestamp[0] = '\0';
	if (ts)
		snprintf(pg->timestamp, sizeof pg->timestamp, "%.*s",
		    (int)ts->len, ts->s);
	pg->url.len = 0;
	if (u)
		buf_add(&pg->url, u->s, u->len);
	buf_cstr(&pg->url);
	return EXIT_OK;
}

struct jsonr *
jsonr_new(struct src *s, const unsigned char *pre, size_t npre,
    size_t max_page)
{
	struct jsonr *j = ecalloc(1, sizeof *j);

	j->src = s;
	j->max_page = max_page;
	buf_add(&j->l.b, pre, npre);
	return j;
}

int
jsonr_next(struct jsonr *j, struct page *pg)
{
	const unsigned char *p;
	size_t n;
	int k;

	while ((k = src_line(j->src, &j->l, 2 * j->max_page + 4096, &p,
	    &n)) > 0)
		if (n > 0 && !only_blanks(p, n)) {
			if ((j->status = parse_line(j, pg, (const char *)p,
			    n)) != EXIT_OK)
				return -1;
			return 1;
		}
	if (k == -2) {
		error("%s: line %llu: longer than --max-page allows",
		    src_name(j->src), j->l.line + 1);
		j->status = EXIT_DATA;
	} else if (k == -1) {
		j->status = src_status(j->src);
	}
	return k == 0 ? 0 : -1;
}

int
jsonr_status(const struct jsonr *j)
{
	return j->status;
}

void
jsonr_free(struct jsonr *j)
{
	if (!j)
		return;
	buf_free(&j->l.b);
	buf_free(&j->fix);
	json_free(&j->doc);
	free(j);
}
