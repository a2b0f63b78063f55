/* SPDX-License-Identifier: ISC */
/*
 * embed.h: the text embedder shared by chunk-episode, chunk-semantic and
 * embed: a batch of texts in, one L2-normalised float32 vector per text out.
 *
 * A user picks a backend with one option, --embedder SPEC, where
 *
 *	SPEC  = NAME [ ":" PARAM { "," PARAM } ]
 *	PARAM = KEY "=" VALUE
 *
 * e.g. "hash", "hash:dim=384", "hash:dim=256,char=3-5,bigrams=0".  A value
 * may not contain ','.  Every backend reads its parameters through
 * embed_param(); a parameter no backend read is a usage error, so a typo
 * never silently falls back to a default.
 *
 * Caller side:
 *
 *	struct embedder *e;
 *	char err[256];
 *	int st = embed_open(spec, &e, err, sizeof err);
 *	if (st) die(st, "--embedder %s: %s", spec, err);
 *	float *v = emalloc(n * embed_dim(e) * sizeof *v);
 *	if ((st = embed_texts(e, n, texts, lens, v)))
 *		die(st, "embedder %s: %s", embed_model(e), embed_errmsg(e));
 *	embed_close(e);
 *
 * The status values are the EXIT_* codes of suite.h, so a program can pass
 * them to die() unchanged: EXIT_USAGE for a bad SPEC, EXIT_IO for a model
 * file that cannot be read, EXIT_DATA for input a backend refuses,
 * EXIT_REMOTE for a service that failed after its retries.
 *
 * Backend side (to add one, e.g. common/embed_w2v.c): define a
 * const struct embed_backend with a name, a one-line help text, and the
 * open/embed/close hooks below, then add it to the table in embed.c (one
 * extern line and one entry).  open() reads its parameters with
 * embed_param*(), sets e->dim and e->model, may set e->batch_max, and
 * keeps private state in e->state.  embed() fills n * e->dim floats; it
 * need not normalise (embed_texts() does that) and it may be handed at
 * most e->batch_max texts at a time.  Errors are reported with
 * embed_seterr() plus a status.
 */
#ifndef WIKIPIPE_EMBED_H
#define WIKIPIPE_EMBED_H

#include <stddef.h>
#include <stdio.h>

#include "suite.h"

#define EMBED_DEFAULT_SPEC "hash"
#define EMBED_MAX_PARAMS 16

/* A parsed SPEC.  The strings point into a private copy of the SPEC. */
struct embed_spec {
	char *buf;			/* owned copy of the SPEC text */
	const char *name;		/* backend name */
	size_t nparam;
	const char *key[EMBED_MAX_PARAMS];
	const char *val[EMBED_MAX_PARAMS];
	int used[EMBED_MAX_PARAMS];	/* set by embed_param() */
};

struct embedder;

/* One backend: a name and three hooks. */
struct embed_backend {
	const char *name;		/* SPEC name, e.g. "hash" */
	const char *help;		/* one line for --help and man pages */
	/* open: read spec, fill e->dim/model/state.  Returns an EXIT_* status
	 * (EXIT_OK on success) with a message set by embed_seterr(). */
	int (*open)(struct embedder *e, struct embed_spec *spec);
	/* embed: n texts (len[i] bytes each, not NUL-terminated, n <=
	 * e->batch_max) into out[n * e->dim].  Returns an EXIT_* status. */
	int (*embed)(struct embedder *e, size_t n, const char *const *text,
	    const size_t *len, float *out);
	/* close: free e->state (may be NULL). */
	void (*close)(struct embedder *e);
};

/* An open embedder.  Callers use the accessor functions; backends fill
 * the fields in their open hook. */
struct embedder {
	const struct embed_backend *be;
	size_t dim;		/* output dimension (> 0 after open) */
	size_t batch_max;	/* most texts per embed call (default 256) */
	char model[128];	/* model name, e.g. "hash-v1-d768" */
	void *state;		/* backend-private */
	char err[256];		/* last error message */
	unsigned long long ntexts;	/* texts embedded so far */
	unsigned long long nzero;	/* of those, texts with a zero vector */
};

/*
 * embed_open: parse spec (NULL means EMBED_DEFAULT_SPEC), find the
 * backend and open it.  On success *ep is the new embedder and EXIT_OK is
 * returned.  On failure *ep is NULL, a message (without program name) is
 * written to err[errlen], and the status is EXIT_USAGE (bad SPEC, unknown
 * backend or parameter), or whatever the backend's open returned.  Never
 * exits.
 */
int embed_open(const char *spec, struct embedder **ep, char *err,
    size_t errlen) RESULT_USED;

/*
 * embed_texts: embed n texts (text[i] of len[i] bytes, UTF-8, need not be
 * NUL-terminated) into out, which has room for n * embed_dim(e) floats;
 * vector i starts at out + i * dim.  Batches are cut to the backend's
 * batch_max.  Every vector is L2-normalised; a text with no features
 * (empty, or only white space) yields the zero vector, which is the only
 * vector that is not unit length.  Returns EXIT_OK, or an EXIT_* status
 * with embed_errmsg() set; out is then undefined.  Never exits.
 */
int embed_texts(struct embedder *e, size_t n, const char *const *text,
    const size_t *len, float *out) RESULT_USED;

/* embed_dim: the dimension of the vectors. */
size_t embed_dim(const struct embedder *e);

/* embed_model: the model name (stable for a given SPEC; written into
 * records as embed_model by the embed program). */
const char *embed_model(const struct embedder *e);

/*
 * embed_spec_pin: the SPEC that reproduces a recorded model.  When model
 * names a feature version of spec's backend ("hash-v1-d768-..." for spec
 * "hash" or "hash:dim=768") and spec names none (no "v=" parameter),
 * write spec with "v=N" added to out[len] and return 1: a store or index
 * embedded with an earlier version keeps being searched and synced with
 * the features it was built with.  Otherwise (or when out is too small)
 * return 0 and leave out alone.  Pure; never exits.
 */
int embed_spec_pin(const char *spec, const char *model, char *out,
    size_t len);

/* embed_errmsg: the message of the last failure. */
const char *embed_errmsg(const struct embedder *e);

/* embed_close: close the backend and free e (NULL is a no-op). */
void embed_close(struct embedder *e);

/* embed_help: print one line per backend ("  NAME  help") to fp, for
 * usage texts. */
void embed_help(FILE *fp);

/*
 * embed_has_word: 1 if text (n bytes of UTF-8) holds at least one word
 * character (a letter, digit or mark, by the built-in tokeniser's rule),
 * else 0.  A text without one gives no features to the hash embedder;
 * the chunkers use this to never emit such a passage.  Pure.
 */
int embed_has_word(const char *text, size_t n);

/* ---- for backends ---- */

/*
 * embed_spec_parse: parse text into spec (see the grammar above).  Returns
 * 0, or -1 with a message in err.  embed_spec_free releases it.
 */
int embed_spec_parse(const char *text, struct embed_spec *spec, char *err,
    size_t errlen);
void embed_spec_free(struct embed_spec *spec);

/* embed_param: the value of parameter key, or NULL when absent; marks it
 * as used. */
const char *embed_param(struct embed_spec *spec, const char *key);

/*
 * embed_param_long: parameter key as an integer in [min, max], or def when
 * absent.  Returns 0, or -1 with a message set on e (not a number or out of
 * range).
 */
int embed_param_long(struct embedder *e, struct embed_spec *spec,
    const char *key, long min, long max, long def, long *out);

/* embed_seterr: set e's error message (printf-style); returns nothing. */
void embed_seterr(struct embedder *e, const char *fmt, ...) PRINTF(2, 3);

/* The built-in feature-hashing backend (embed_hash.c). */
extern const struct embed_backend embed_backend_hash;

#endif
