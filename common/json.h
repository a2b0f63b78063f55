/* SPDX-License-Identifier: ISC */
/*
 * json.h: a small JSON reader (a flat node array) and writer helpers.
 *
 * Used for rec-dump --pack, JSONL article input, HTTP service responses and
 * --stats files.  The parser is strict RFC 8259: no comments, no trailing
 * commas, no NaN; strings must be valid UTF-8 (escapes included, lone
 * surrogates refused).  Numbers keep their source text so callers can tell
 * 1 from 1.0 and parse them exactly.
 */
#ifndef WIKIPIPE_JSON_H
#define WIKIPIPE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT };

/*
 * One node.  The tree is stored in document order in one array: a
 * container's children follow it; node.next is the index of the node after
 * this one's whole subtree (its next sibling, if any).  An object's
 * children alternate key (a JSON_STRING), value.
 */
struct json_node {
	enum json_type type;
	uint32_t n;		/* ARRAY: elements; OBJECT: pairs */
	uint32_t next;		/* index just past this subtree */
	const char *s;		/* STRING: decoded bytes (in doc->text); NUMBER: source text */
	size_t len;		/* bytes of s */
	int is_int;		/* NUMBER: no fraction or exponent */
};

struct json_doc {
	struct json_node *node;	/* node[0] is the root */
	size_t nnode, capnode;
	struct buf text;	/* decoded string storage */
	char err[128];		/* json_parse: what went wrong */
	size_t err_off;		/* json_parse: byte offset of the error */
};

/*
 * json_parse: parse exactly one JSON value from p (n bytes; surrounding
 * whitespace allowed) into doc, reusing its memory.  max_depth caps
 * nesting (0 = 512).  Returns 0, or -1 with doc->err and doc->err_off set.
 * Strings point into doc->text, valid until the next parse or json_free.
 */
int json_parse(struct json_doc *doc, const char *p, size_t n, int max_depth);

/* json_free: release the document's memory; it stays reusable. */
void json_free(struct json_doc *doc);

/*
 * json_get: in the object at node index obj, the index of the value of
 * key (first match), or -1.  json_child: the index of element i of an
 * array (or of pair i's key in an object), or -1.
 */
long json_get(const struct json_doc *doc, size_t obj, const char *key);
long json_child(const struct json_doc *doc, size_t idx, size_t i);

/*
 * json_int / json_num: convert a JSON_NUMBER node.  json_int fails (-1)
 * for a fraction, exponent or overflow; json_num for a non-number.
 */
int json_int(const struct json_doc *doc, size_t idx, int64_t *v);
int json_num(const struct json_doc *doc, size_t idx, double *v);

/* json_put_str: append s (n bytes) as a quoted JSON string with the
 * minimal escapes (", \, control characters as \n \t or \u00XX).  Bytes
 * that are not valid UTF-8 are written as U+FFFD. */
void json_put_str(struct buf *b, const char *s, size_t n);

/* json_valid_utf8: 1 if the n bytes are valid UTF-8 (no surrogates,
 * no overlongs), else 0. */
int json_valid_utf8(const char *s, size_t n);

#endif
