/* SPDX-License-Identifier: ISC */
/*
 * json.c: a strict JSON reader into a flat node array, and writer helpers
 * (see json.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

struct jp {
	struct json_doc *doc;
	const char *p, *s, *end;
	int max_depth;
};

static int
jerr(struct jp *j, const char *msg)
{
	snprintf(j->doc->err, sizeof j->doc->err, "%s", msg);
	j->doc->err_off = (size_t)(j->p - j->s);
	return -1;
}

static void
skip_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static size_t
new_node(struct jp *j, enum json_type t)
{
	struct json_doc *d = j->doc;

	if (d->nnode == d->capnode) {
		d->capnode = d->capnode ? d->capnode * 2 : 64;
		d->node = erealloc(d->node, d->capnode * sizeof *d->node);
	}
	memset(&d->node[d->nnode], 0, sizeof d->node[0]);
	d->node[d->nnode].type = t;
	return d->nnode++;
}

int
json_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		size_t l;

		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((l = utf8_len(p, end)) == 0)
			return 0;
		p += l;
	}
	return 1;
}

static void
put_utf8(struct buf *b, unsigned long cp)
{
	unsigned char u[4];

	buf_add(b, u, (size_t)(utf8_put(u, (uint32_t)cp) - u));
}

static int
hex4(const char *p, unsigned long *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		int c = (unsigned char)p[i], d;

		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return -1;
		*v = *v << 4 | (unsigned long)d;
	}
	return 0;
}

/* Parse a string at j->p (the opening quote); its decoded bytes are
 * appended to doc->text, at offset off and length len. */
static int
parse_string(struct jp *j, size_t *off, size_t *len)
{
	struct buf *t = &j->doc->text;
	const char *p = j->p + 1;

	*off = t->len;
	for (;;) {
		const char *q = p;

		/* Copy the plain run in one go. */
		while (q < j->end && *q != '"' && *q != '\\' &&
		    (unsigned char)*q >= 0x20 && (unsigned char)*q < 0x80)
			q++;
		buf_add(t, p, (size_t)(q - p));
		p = q;
		if (p >= j->end) {
			j->p = p;
			return jerr(j, "unterminated string");
		}
		if (*p == '"')
			break;
		if ((unsigned char)*p < 0x20) {
			j->p = p;
			return jerr(j, "control character in string");
		}
		if ((unsigned char)*p >= 0x80) {
			size_t l = utf8_len((const unsigned char *)p,
			    (const unsigned char *)j->end);

			if (l == 0) {
				j->p = p;
				return jerr(j, "invalid UTF-8 in string");
			}
			buf_add(t, p, l);
			p += l;
			continue;
		}
		/* backslash */
		if (p + 1 >= j->end) {
			j->p = p;
			return jerr(j, "unterminated string");
		}
		switch (p[1]) {
		case '"': buf_addc(t, '"'); p += 2; break;
		case '\\': buf_addc(t, '\\'); p += 2; break;
		case '/': buf_addc(t, '/'); p += 2; break;
		case 'b': buf_addc(t, '\b'); p += 2; break;
		case 'f': buf_addc(t, '\f'); p += 2; break;
		case 'n': buf_addc(t, '\n'); p += 2; break;
		case 'r': buf_addc(t, '\r'); p += 2; break;
		case 't': buf_addc(t, '\t'); p += 2; break;
		case 'u': {
			unsigned long cp, lo;

			if (j->end - p < 6 || hex4(p + 2, &cp) < 0) {
				j->p = p;
				return jerr(j, "bad \\u escape");
			}
			p += 6;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				j->p = p - 6;
				return jerr(j, "lone low surrogate");
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    hex4(p + 2, &lo) < 0 || lo < 0xdc00 ||
				    lo > 0xdfff) {
					j->p = p - 6;
					return jerr(j, "lone high surrogate");
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			put_utf8(t, cp);
			break;
		}
		default:
			j->p = p;
			return jerr(j, "bad escape in string");
		}
	}
	*len = t->len - *off;
	j->p = p + 1;
	return 0;
}

static int
parse_number(struct jp *j, size_t idx)
{
	const char *p = j->p;
	struct json_node *n;
	int is_int = 1;

	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end)
		return jerr(j, "bad number");
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	else
		return jerr(j, "bad number");
	if (p < j->end && *p == '.') {
		is_int = 0;
		p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return jerr(j, "bad number");
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		is_int = 0;
		p++;
		if (p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= j->end || *p < '0' || *p > '9')
			return jerr(j, "bad number");
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	n = &j->doc->node[idx];
	n->s = j->p;
	n->len = (size_t)(p - j->p);
	n->is_int = is_int;
	j->p = p;
	return 0;
}

/* String offsets are stored in node.len/.s after parsing ends, because
 * doc->text may move while it grows; meanwhile .s holds the offset. */
static int
parse_value(struct jp *j, int depth)
{
	size_t idx, off, len;
	uint32_t count = 0;

	skip_ws(j);
	if (j->p >= j->end)
		return jerr(j, "unexpected end of input");
	switch (*j->p) {
	case '{':
	case '[': {
		int obj = *j->p == '{';
		char close = obj ? '}' : ']';

		if (depth >= j->max_depth)
			return jerr(j, "nesting too deep");
		idx = new_node(j, obj ? JSON_OBJECT : JSON_ARRAY);
		j->p++;
		skip_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			break;
		}
		for (;;) {
			if (obj) {
				size_t k;

				skip_ws(j);
				if (j->p >= j->end || *j->p != '"')
					return jerr(j, "expected a string key");
				k = new_node(j, JSON_STRING);
				if (parse_string(j, &off, &len) < 0)
					return -1;
				j->doc->node[k].s = (const char *)(uintptr_t)off;
				j->doc->node[k].len = len;
				j->doc->node[k].next = (uint32_t)j->doc->nnode;
				skip_ws(j);
				if (j->p >= j->end || *j->p != ':')
					return jerr(j, "expected ':'");
				j->p++;
			}
			if (parse_value(j, depth + 1) < 0)
				return -1;
			count++;
			skip_ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				break;
			}
			return jerr(j, obj ? "expected ',' or '}'" :
			    "expected ',' or ']'");
		}
		j->doc->node[idx].n = count;
		break;
	}
	case '"':
		idx = new_node(j, JSON_STRING);
		if (parse_string(j, &off, &len) < 0)
			return -1;
		j->doc->node[idx].s = (const char *)(uintptr_t)off;
		j->doc->node[idx].len = len;
		break;
	case 't':
		if (j->end - j->p < 4 || memcmp(j->p, "true", 4) != 0)
			return jerr(j, "bad literal");
		idx = new_node(j, JSON_TRUE);
		j->p += 4;
		break;
	case 'f':
		if (j->end - j->p < 5 || memcmp(j->p, "false", 5) != 0)
			return jerr(j, "bad literal");
		idx = new_node(j, JSON_FALSE);
		j->p += 5;
		break;
	case 'n':
		if (j->end - j->p < 4 || memcmp(j->p, "null", 4) != 0)
			return jerr(j, "bad literal");
		idx = new_node(j, JSON_NULL);
		j->p += 4;
		break;
	default:
		if (*j->p != '-' && (*j->p < '0' || *j->p > '9'))
			return jerr(j, "unexpected character");
		idx = new_node(j, JSON_NUMBER);
		if (parse_number(j, idx) < 0)
			return -1;
		break;
	}
	j->doc->node[idx].next = (uint32_t)j->doc->nnode;
	return 0;
}

int
json_parse(struct json_doc *doc, const char *p, size_t n, int max_depth)
{
	struct jp j;
	size_t i;

	doc->nnode = 0;
	doc->text.len = 0;
	doc->err[0] = '\0';
	doc->err_off = 0;
	j.doc = doc;
	j.s = j.p = p;
	j.end = p + n;
	j.max_depth = max_depth > 0 ? max_depth : 512;
	if (parse_value(&j, 0) < 0)
		return -1;
	skip_ws(&j);
	if (j.p != j.end)
		return jerr(&j, "trailing characters after the value");
	/* Turn string offsets into pointers now that the text is final. */
	buf_cstr(&doc->text);
	for (i = 0; i < doc->nnode; i++)
		if (doc->node[i].type == JSON_STRING)
			doc->node[i].s = (const char *)doc->text.p +
			    (uintptr_t)doc->node[i].s;
	return 0;
}

void
json_free(struct json_doc *doc)
{
	free(doc->node);
	doc->node = NULL;
	doc->nnode = doc->capnode = 0;
	buf_free(&doc->text);
}

long
json_child(const struct json_doc *doc, size_t idx, size_t i)
{
	const struct json_node *n = &doc->node[idx];
	size_t c, k;

	if (n->type != JSON_ARRAY && n->type != JSON_OBJECT)
		return -1;
	if (i >= n->n)
		return -1;
	c = idx + 1;
	for (k = 0; k < i; k++) {
		if (n->type == JSON_OBJECT)
			c = doc->node[c].next;	/* skip the key */
		c = doc->node[c].next;
	}
	return (long)c;
}

long
json_get(const struct json_doc *doc, size_t obj, const char *key)
{
	const struct json_node *n = &doc->node[obj];
	size_t c = obj + 1, k, kl = strlen(key);

	if (n->type != JSON_OBJECT)
		return -1;
	for (k = 0; k < n->n; k++) {
		size_t v = doc->node[c].next;

		if (doc->node[c].len == kl && memcmp(doc->node[c].s, key, kl) == 0)
			return (long)v;
		c = doc->node[v].next;
	}
	return -1;
}

int
json_int(const struct json_doc *doc, size_t idx, int64_t *v)
{
	const struct json_node *n = &doc->node[idx];
	char tmp[32], *end;
	long long x;

	if (n->type != JSON_NUMBER || !n->is_int || n->len >= sizeof tmp)
		return -1;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	errno = 0;
	x = strtoll(tmp, &end, 10);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

int
json_num(const struct json_doc *doc, size_t idx, double *v)
{
	const struct json_node *n = &doc->node[idx];
	char tmp[512];

	if (n->type != JSON_NUMBER || n->len >= sizeof tmp)
		return -1;
	memcpy(tmp, n->s, n->len);
	tmp[n->len] = '\0';
	*v = strtod(tmp, NULL);
	return 0;
}

void
json_put_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	buf_reserve(b, n + 2);
	b->p[b->len++] = '"';
	while (p < end) {
		const unsigned char *q = p;

		while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
			q++;
		buf_add(b, p, (size_t)(q - p));
		p = q;
		if (p >= end)
			break;
		if (*p >= 0x80) {
			size_t l = utf8_len(p, end);

			if (l == 0) {
				buf_add(b, "\xef\xbf\xbd", 3);
				p++;
			} else {
				buf_add(b, p, l);
				p += l;
			}
			continue;
		}
		switch (*p) {
		case '"': buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\b': buf_add(b, "\\b", 2); break;
		case '\f': buf_add(b, "\\f", 2); break;
		default: {
			char e[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };

			buf_add(b, e, 6);
		}
		}
		p++;
	}
	buf_addc(b, '"');
}
