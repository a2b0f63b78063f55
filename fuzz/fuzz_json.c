/* SPDX-License-Identifier: ISC */
/*
 * fuzz_json: the strict JSON reader (common/json.c json_parse) and its
 * accessors, on arbitrary bytes.
 *
 * Checks: the node array is a well-formed tree (next indices move forward
 * and stay inside it, counts match); decoded strings are valid UTF-8;
 * json_child/json_get/json_int/json_num never read outside it; writing the
 * tree back with json_put_str and the numbers' source text gives a
 * document that parses to the same tree (the writer and the reader agree);
 * a document accepted with a small depth cap is accepted with the default.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

/* Write node idx (and its subtree) as JSON; return the index after it. */
static size_t
emit(const struct json_doc *d, size_t idx, struct buf *b)
{
	const struct json_node *n = &d->node[idx];
	size_t c = idx + 1;
	uint32_t i;

	FUZZ_CHECK(idx < d->nnode);
	FUZZ_CHECK(n->next > idx && n->next <= d->nnode);
	switch (n->type) {
	case JSON_NULL: buf_adds(b, "null"); break;
	case JSON_FALSE: buf_adds(b, "false"); break;
	case JSON_TRUE: buf_adds(b, "true"); break;
	case JSON_NUMBER:
		FUZZ_CHECK(n->len > 0);
		buf_add(b, n->s, n->len);
		break;
	case JSON_STRING:
		FUZZ_CHECK(json_valid_utf8(n->s, n->len));
		json_put_str(b, n->s, n->len);
		break;
	case JSON_ARRAY:
		buf_addc(b, '[');
		for (i = 0; i < n->n; i++) {
			FUZZ_CHECK(json_child(d, idx, i) == (long)c);
			if (i)
				buf_addc(b, ',');
			c = emit(d, c, b);
		}
		FUZZ_CHECK(json_child(d, idx, n->n) == -1);
		buf_addc(b, ']');
		break;
	case JSON_OBJECT:
		buf_addc(b, '{');
		for (i = 0; i < n->n; i++) {
			FUZZ_CHECK(d->node[c].type == JSON_STRING);
			FUZZ_CHECK(json_child(d, idx, i) == (long)c);
			if (i)
				buf_addc(b, ',');
			c = emit(d, c, b);
			buf_addc(b, ':');
			c = emit(d, c, b);
		}
		buf_addc(b, '}');
		break;
	default:
		FUZZ_CHECK(!"node type");
	}
	FUZZ_CHECK(c == n->next);
	return c;
}

/* Do two trees hold the same values? */
static void
same(const struct json_doc *a, const struct json_doc *b)
{
	size_t i;

	FUZZ_CHECK(a->nnode == b->nnode);
	for (i = 0; i < a->nnode; i++) {
		const struct json_node *x = &a->node[i], *y = &b->node[i];

		FUZZ_CHECK(x->type == y->type && x->n == y->n &&
		    x->next == y->next);
		if (x->type == JSON_STRING || x->type == JSON_NUMBER)
			FUZZ_CHECK(x->len == y->len &&
			    memcmp(x->s, y->s, x->len) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct json_doc doc, again;
	struct buf out = { 0 };
	size_t i;

	if (json_parse(&doc, (const char *)data, size, 8) == 0)
		FUZZ_CHECK(json_parse(&again, (const char *)data, size, 0) == 0);
	if (json_parse(&doc, (const char *)data, size, 0) < 0) {
		FUZZ_CHECK(doc.err[0] != '\0' && doc.err_off <= size);
		return 0;
	}
	FUZZ_CHECK(doc.nnode > 0 && doc.node[0].next == doc.nnode);
	for (i = 0; i < doc.nnode; i++) {
		int64_t v;
		double x;

		if (doc.node[i].type == JSON_NUMBER) {
			(void)json_int(&doc, i, &v);
			(void)json_num(&doc, i, &x);
		} else if (doc.node[i].type == JSON_OBJECT &&
		    doc.node[i].n > 0) {
			/* Look up the first key: it must be found. */
			const struct json_node *k = &doc.node[i + 1];
			char key[64];

			if (k->len < sizeof key && !memchr(k->s, 0, k->len)) {
				memcpy(key, k->s, k->len);
				key[k->len] = '\0';
				FUZZ_CHECK(json_get(&doc, i, key) ==
				    (long)k->next);
			}
		}
	}
	emit(&doc, 0, &out);
	FUZZ_CHECK(json_parse(&again, (const char *)out.p, out.len, 0) == 0);
	same(&doc, &again);
	buf_free(&out);
	return 0;
}
