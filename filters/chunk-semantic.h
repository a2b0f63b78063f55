/* SPDX-License-Identifier: ISC */
/*
 * chunk-semantic.h: the private interface between the parts of
 * chunk-semantic.
 *
 *   chunk-semantic.c      options, documents, records, main
 *   chunk-semantic-cut.c  sentences of an episode, simple and semantic
 *                         chunking
 */
#ifndef CHUNK_SEMANTIC_H
#define CHUNK_SEMANTIC_H

#include <stddef.h>
#include <stdint.h>

#include "common/embed.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/sentence.h"

enum { MODE_SIMPLE, MODE_SEMANTIC };

struct opts {
	struct common_opts co;	/* the shared options */
	int mode;		/* -m: MODE_* */
	const char *embedder;	/* --embedder SPEC (semantic mode) */
	int headings;		/* --headings: HEADINGS_* */
	int keep_headings;	/* --keep-headings: headings as chunks */
	size_t min_words;	/* --min-words (simple) */
	size_t max_words;	/* --max-words (simple) */
	size_t overlap;		/* --overlap: sentences (simple) */
	size_t buffer;		/* --buffer: window radius (semantic) */
	double percentile;	/* --percentile: break threshold (semantic) */
	size_t min_chars;	/* --min-chars (semantic) */
	size_t max_chars;	/* --max-chars (semantic) */
};

/* One buffered input record of the current document. */
struct episode {
	unsigned char *raw;	/* a private copy of the record */
	struct rec rec;		/* parsed over raw */
	const char *text;
	size_t tlen;
	size_t nchunks;
};

/* A sentence (or a heading kept as a chunk) of the current episode. */
struct sent {
	size_t b, e;		/* bytes in the episode text */
	size_t words;
	size_t run;		/* sentences of one run share a section */
	size_t sec, seclen;	/* section path, in the arena */
	int heading;		/* a kept heading: a chunk on its own */
};

/* One chunk of the current document. */
struct chunk {
	size_t ep;		/* index of its episode */
	size_t b, e;		/* bytes in the episode text */
	size_t sec, seclen;	/* section path, in the arena */
	size_t words;
};

struct cs {
	const struct opts *o;
	struct embedder *emb;	/* semantic mode only */
	struct rw *out;
	struct rb rb;
	/* The current document. */
	struct episode *ep;
	size_t nep, capep;
	struct buf docid;
	int have_doc, docid_set;
	int64_t want_count;	/* its episode_count, -1 if unknown */
	struct chunk *ch;
	size_t nch, capch;
	struct buf arena;	/* section paths */
	struct secpath path;
	struct docset seen;
	/* Scratch. */
	struct segdoc doc;
	struct spans sp;
	struct sent *s;
	size_t ns, caps;
	const char **wtext;
	size_t *wlen;
	float *vec;
	double *dist, *sorted;
	size_t wcap;
	/* Figures. */
	uint64_t records, docs, empty, chunks, bytes, split_long;
	uint64_t dropped_punct;	/* punctuation-only pieces absorbed */
};

/*
 * cut_episode: cut buffered episode ep of c into chunks, appended to
 * c->ch.  Dies (after pass_on) on a bad sections key or an embedder
 * failure.
 */
void cut_episode(struct cs *c, size_t ep);

/*
 * pass_on: before dying on bad input, pass on the whole records already
 * written to standard output (an -o FILE is never published half done).
 */
void pass_on(struct cs *c);

#endif
