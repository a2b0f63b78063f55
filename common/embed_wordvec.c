/* SPDX-License-Identifier: ISC */
/*
 * embed_wordvec.c: the "wordvec" embedder: a sentence vector as the
 * SIF-weighted average of pre-trained word vectors (Arora, Liang and Ma,
 * "A simple but tough-to-beat baseline for sentence embeddings", 2017).
 *
 * Model files:
 *   - word2vec / fastText text format (.vec): a header line "COUNT DIM",
 *     then one line per word: the word and DIM decimal numbers separated
 *     by spaces.  A file whose first line has more than two fields has no
 *     header (GloVe); DIM is then the number of fields less one.
 *   - word2vec binary format: the header line "COUNT DIM", then per word
 *     the word, one space, DIM little-endian float32 and usually '\n'.
 *   format=auto (the default) tells them apart by the bytes after the
 *   first word.  The first occurrence of a word wins; max=N keeps only the
 *   first N words (files are sorted by frequency, so the commonest).
 *
 * Sentence vector of a text:
 *   1. Words: maximal runs of ASCII letters and digits and of non-ASCII
 *      UTF-8 characters, except the Latin-1 punctuation block
 *      (U+00A0..U+00BF) and General Punctuation (U+2000..U+206F).  A word
 *      is looked up as written, then, if absent, with ASCII and Latin-1
 *      capitals folded to lower case.  Unknown words are skipped.
 *   2. Weight of word w: a / (a + p(w)) with a = a=A (default 0.001).
 *      p(w) is the relative frequency from freq=FILE (lines "WORD COUNT",
 *      e.g. word2vec -save-vocab output) when given; otherwise estimated
 *      from the word's rank r (0-based) in the model file by Zipf's law,
 *      p = 1 / ((r + 1) H), H the harmonic number of the vocabulary size.
 *      a=0 turns weighting off (plain average).
 *   3. v = sum of weight * vector over the known words, divided by their
 *      number.
 *   4. Optionally, pc=FILE: remove the projection on u, the first
 *      principal component (uncentred, as in SIF) of the sentence vectors
 *      of the texts in FILE, one text per line, computed when the embedder
 *      is opened.  FILE should be a sample of the data being embedded.
 *      Estimating u once from a sample keeps every vector independent of
 *      how the input was cut into batches.
 *   A text with no known word gives the zero vector.
 *
 * Parameters: file=PATH (required), format=auto|text|bin, max=N, a=A,
 * freq=FILE, pc=FILE.  The model name is "wordvec-BASENAME-dDIM", then
 * "-aA" when a is not the default, "-f" with a frequency file, "-pc" with
 * a component removed, and "-XXXXXXXX", a hash of the words, vectors,
 * weights and component (so a changed file gets a new name).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "embed.h"
#include "util.h"
#include "vec.h"

#define WV_MAX_DIM	65536
#define WV_MAX_WORD	4096	/* longest word accepted in a model file */

struct wv {
	size_t dim;
	size_t nwords, capwords;
	float *vec;		/* nwords * dim */
	float *weight;		/* SIF weight per word */
	uint64_t *hash;		/* XXH3 of each word */
	uint32_t *woff;		/* word i at words.p + woff[i] */
	uint32_t *wlen;
	struct buf words;	/* the words, back to back */
	uint32_t *table;	/* open addressing: word index + 1, 0 empty */
	size_t mask;
	double a;		/* SIF parameter, 0 = plain average */
	float *pc;		/* unit first component, or NULL */
	float *acc;		/* dim accumulators */
	struct buf fold;	/* scratch for a lower-cased word */
};

/* ---- vocabulary ---- */

static long
wv_find(const struct wv *s, const void *w, size_t n)
{
	uint64_t h = XXH3_64bits(w, n);
	size_t i = (size_t)(h ^ h >> 31) & s->mask;
	uint32_t k;

	while ((k = s->table[i]) != 0) {
		k--;
		if (s->hash[k] == h && s->wlen[k] == n &&
		    memcmp(s->words.p + s->woff[k], w, n) == 0)
			return (long)k;
		i = (i + 1) & s->mask;
	}
	return -1;
}

static void
wv_table_build(struct wv *s)
{
	size_t cap = 16, k, i;

	while (cap < 2 * s->nwords)
		cap *= 2;
	free(s->table);
	s->table = ecalloc(cap, sizeof *s->table);
	s->mask = cap - 1;
	for (k = 0; k < s->nwords; k++) {
		uint64_t h = s->hash[k];

		i = (size_t)(h ^ h >> 31) & s->mask;
		while (s->table[i] != 0)
			i = (i + 1) & s->mask;
		s->table[i] = (uint32_t)k + 1;
	}
}

/* Append word w (n bytes); returns its vector slot, or NULL when the word
 * is a duplicate (its vector is then read and dropped). */
static float *
wv_add(struct wv *s, const char *w, size_t n, float *spare)
{
	uint64_t h = XXH3_64bits(w, n);
	size_t i;

	/* Keep the table at most half full while loading. */
	if (2 * (s->nwords + 1) > s->mask + 1)
		wv_table_build(s);
	for (i = (size_t)(h ^ h >> 31) & s->mask; s->table[i] != 0;
	    i = (i + 1) & s->mask) {
		uint32_t k = s->table[i] - 1;

		if (s->hash[k] == h && s->wlen[k] == n &&
		    memcmp(s->words.p + s->woff[k], w, n) == 0)
			return spare;
	}
	if (s->nwords == s->capwords) {
		s->capwords = s->capwords ? 2 * s->capwords : 1024;
		s->vec = erealloc(s->vec, s->capwords * s->dim *
		    sizeof *s->vec);
		s->hash = erealloc(s->hash, s->capwords * sizeof *s->hash);
		s->woff = erealloc(s->woff, s->capwords * sizeof *s->woff);
		s->wlen = erealloc(s->wlen, s->capwords * sizeof *s->wlen);
	}
	s->hash[s->nwords] = h;
	s->woff[s->nwords] = (uint32_t)s->words.len;
	s->wlen[s->nwords] = (uint32_t)n;
	buf_add(&s->words, w, n);
	s->table[i] = (uint32_t)s->nwords + 1;
	return s->vec + s->nwords++ * s->dim;
}

/* ---- loading ---- */

struct loader {
	struct embedder *e;
	const char *path;
	FILE *fp;
	unsigned long long line;
};

static int
ld_fail(struct loader *l, const char *what)
{
	embed_seterr(l->e, "%s: line %llu: %s", l->path, l->line, what);
	return EXIT_DATA;
}

/* Parse "COUNT DIM" or detect a headerless first line.  Returns the
 * dimension in *dim, the declared count in *count (0 = unknown), and 1 in
 * *header when the line was a header. */
static int
parse_first(struct loader *l, char *line, size_t *count, size_t *dim,
    int *header)
{
	char *p = line, *end;
	unsigned long long c, d;
	size_t fields = 0;
	int inf = 0;

	for (p = line; *p != '\0' && *p != '\n'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r')
			inf = 0;
		else if (!inf) {
			inf = 1;
			fields++;
		}
	}
	if (fields == 2) {
		errno = 0;
		c = strtoull(line, &end, 10);
		if (end != line && (*end == ' ' || *end == '\t')) {
			d = strtoull(end, &p, 10);
			while (*p == ' ' || *p == '\r' || *p == '\t')
				p++;
			if (p != end && (*p == '\n' || *p == '\0') &&
			    errno == 0) {
				if (d == 0 || d > WV_MAX_DIM)
					return ld_fail(l, "dimension out of "
					    "range 1..65536");
				*count = (size_t)c;
				*dim = (size_t)d;
				*header = 1;
				return EXIT_OK;
			}
		}
	}
	if (fields < 2)
		return ld_fail(l, "not a word-vector file (want \"COUNT DIM\" "
		    "or a word and its numbers)");
	if (fields - 1 > WV_MAX_DIM)
		return ld_fail(l, "dimension out of range 1..65536");
	*count = 0;
	*dim = fields - 1;
	*header = 0;
	return EXIT_OK;
}

/* One line of the text format into the vocabulary. */
static int
load_text_line(struct loader *l, struct wv *s, char *line, size_t len,
    float *spare)
{
	char *p = line, *w, *end;
	size_t wn, j;
	float *v;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
	    line[len - 1] == ' '))
		line[--len] = '\0';
	if (len == 0)
		return EXIT_OK;
	w = p;
	while (*p != ' ' && *p != '\t' && *p != '\0')
		p++;
	wn = (size_t)(p - w);
	if (*p == '\0')
		return ld_fail(l, "a word with no numbers");
	if (wn > WV_MAX_WORD)
		return ld_fail(l, "word longer than 4096 bytes");
	v = wv_add(s, w, wn, spare);
	for (j = 0; j < s->dim; j++) {
		errno = 0;
		v[j] = strtof(p, &end);
		if (end == p || (*end != ' ' && *end != '\t' && *end != '\0') ||
		    !isfinite(v[j])) {
			if (v != spare)
				s->nwords--;
			return ld_fail(l, end == p ? "fewer numbers than the "
			    "dimension" : "not a finite number");
		}
		p = end;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0') {
		if (v != spare)
			s->nwords--;
		return ld_fail(l, "more numbers than the dimension");
	}
	return EXIT_OK;
}

static int
load_text(struct loader *l, struct wv *s, char *first, int header,
    size_t count, size_t max)
{
	float *spare = emalloc(s->dim * sizeof *spare);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int st = EXIT_OK;

	if (!header)
		st = load_text_line(l, s, first, strlen(first), spare);
	while (st == EXIT_OK && (max == 0 || s->nwords < max) &&
	    (n = getline(&line, &cap, l->fp)) > 0) {
		l->line++;
		st = load_text_line(l, s, line, (size_t)n, spare);
	}
	if (st == EXIT_OK && ferror(l->fp)) {
		embed_seterr(l->e, "%s: read error: %s", l->path,
		    strerror(errno));
		st = EXIT_IO;
	}
	if (st == EXIT_OK && header && count != 0 && s->nwords < count &&
	    (max == 0 || s->nwords < max) && feof(l->fp)) {
		/* Duplicates are dropped, so count lines, not words. */
		if (l->line - 1 < count)
			st = ld_fail(l, "file ends before the number of words "
			    "its header declares");
	}
	free(line);
	free(spare);
	return st;
}

static int
load_bin(struct loader *l, struct wv *s, size_t count, size_t max)
{
	float *spare = emalloc(s->dim * sizeof *spare);
	unsigned char *raw = emalloc(s->dim * 4);
	char word[WV_MAX_WORD + 1];
	size_t k, wn;
	int c, st = EXIT_OK;
	float *v;

	for (k = 0; k < count && (max == 0 || s->nwords < max); k++) {
		wn = 0;
		while ((c = getc(l->fp)) == '\n')
			;
		while (c != EOF && c != ' ') {
			if (wn == WV_MAX_WORD) {
				st = ld_fail(l, "word longer than 4096 bytes");
				goto out;
			}
			word[wn++] = (char)c;
			c = getc(l->fp);
		}
		if (c == EOF || wn == 0) {
			embed_seterr(l->e, "%s: word %zu of %zu: %s", l->path,
			    k + 1, count, ferror(l->fp) ? strerror(errno) :
			    "file ends early (truncated?)");
			st = ferror(l->fp) ? EXIT_IO : EXIT_DATA;
			goto out;
		}
		if (fread(raw, 4, s->dim, l->fp) != s->dim) {
			embed_seterr(l->e, "%s: word %zu of %zu: file ends "
			    "inside its vector (truncated?)", l->path, k + 1,
			    count);
			st = EXIT_DATA;
			goto out;
		}
		v = wv_add(s, word, wn, spare);
		vec_from_le(raw, s->dim, v);
		for (wn = 0; wn < s->dim; wn++)
			if (!isfinite(v[wn])) {
				if (v != spare)
					s->nwords--;
				embed_seterr(l->e, "%s: word %zu: not a finite "
				    "number (not a binary word2vec file?)",
				    l->path, k + 1);
				st = EXIT_DATA;
				goto out;
			}
	}
out:
	free(raw);
	free(spare);
	return st;
}

/*
 * Does the rest of the file look like binary vectors?  Text if the first
 * entry is a word followed by exactly dim numbers and a newline; binary
 * otherwise.  The bytes are read ahead and the position restored.
 */
static int
looks_binary(FILE *fp, size_t dim)
{
	size_t want = 64 + dim * 40, n, k = 0;
	char *b = emalloc(want + 1), *p, *end;
	long pos = ftell(fp);
	int bin = 1;

	n = fread(b, 1, want, fp);
	if (pos >= 0)
		fseek(fp, pos, SEEK_SET);
	b[n] = '\0';
	p = memchr(b, ' ', n);
	if (p != NULL && memchr(b, '\0', n) == NULL) {
		while (*p != '\n' && *p != '\0') {
			while (*p == ' ' || *p == '\t' || *p == '\r')
				p++;
			if (*p == '\n' || *p == '\0')
				break;
			(void)strtof(p, &end);
			if (end == p || (*end != ' ' && *end != '\t' &&
			    *end != '\r' && *end != '\n'))
				break;
			k++;
			p = end;
		}
		bin = !(*p == '\n' && k == dim);
		/* Not numbers, but text all the same: let the text loader
		 * say what is wrong with it. */
		if (bin) {
			p = memchr(b, ' ', n);
			for (k = 0; p + k < b + n && k < 4 * dim &&
			    p[k] != '\n'; k++)
				if ((unsigned char)p[k] < 0x20 &&
				    p[k] != '\t' && p[k] != '\r')
					break;
				else if ((unsigned char)p[k] > 0x7e)
					break;
			bin = !(p + k == b + n || k == 4 * dim ||
			    p[k] == '\n');
		}
	}
	free(b);
	return bin;
}

static int
load_model(struct embedder *e, struct wv *s, const char *path,
    const char *format, size_t max)
{
	struct loader l = { .e = e, .path = path, .line = 1 };
	char *first = NULL;
	size_t cap = 0, count = 0;
	int header = 0, st, bin;
	ssize_t n;

	l.fp = fopen(path, "rb");
	if (l.fp == NULL) {
		embed_seterr(e, "%s: %s", path, strerror(errno));
		return EXIT_IO;
	}
	n = getline(&first, &cap, l.fp);
	if (n <= 0) {
		embed_seterr(e, "%s: %s", path, n < 0 && ferror(l.fp) ?
		    strerror(errno) : "empty file");
		st = n < 0 && ferror(l.fp) ? EXIT_IO : EXIT_DATA;
		goto out;
	}
	if (memchr(first, '\0', (size_t)n) != NULL) {
		st = ld_fail(&l, "not a word-vector file (NUL byte in the "
		    "first line)");
		goto out;
	}
	if ((st = parse_first(&l, first, &count, &s->dim, &header)))
		goto out;
	if (strcmp(format, "bin") == 0)
		bin = 1;
	else if (strcmp(format, "text") == 0)
		bin = 0;
	else
		bin = header && looks_binary(l.fp, s->dim);
	if (bin && !header) {
		st = ld_fail(&l, "a binary word2vec file needs a \"COUNT DIM\" "
		    "header");
		goto out;
	}
	wv_table_build(s);
	if (bin)
		st = load_bin(&l, s, count, max);
	else
		st = load_text(&l, s, first, header, count, max);
	if (st == EXIT_OK && s->nwords == 0) {
		embed_seterr(e, "%s: no words", path);
		st = EXIT_DATA;
	}
out:
	free(first);
	fclose(l.fp);
	return st;
}

/* Relative frequencies from a "WORD COUNT" file; unlisted words count 1. */
static int
load_freq(struct embedder *e, struct wv *s, const char *path, double *p)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *sp, *end;
	size_t cap = 0, k;
	unsigned long long lno = 0;
	double total = 0, c;
	ssize_t n;
	long idx;

	if (fp == NULL) {
		embed_seterr(e, "freq=%s: %s", path, strerror(errno));
		return EXIT_IO;
	}
	for (k = 0; k < s->nwords; k++)
		p[k] = 1;
	while ((n = getline(&line, &cap, fp)) > 0) {
		lno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		sp = strrchr(line, ' ');
		if (sp == NULL)
			sp = strrchr(line, '\t');
		c = sp ? strtod(sp + 1, &end) : -1;
		if (sp == NULL || end == sp + 1 || *end != '\0' || !(c >= 0) ||
		    !isfinite(c)) {
			embed_seterr(e, "freq=%s: line %llu: want \"WORD "
			    "COUNT\"", path, lno);
			free(line);
			fclose(fp);
			return EXIT_DATA;
		}
		idx = wv_find(s, line, (size_t)(sp - line));
		if (idx >= 0 && c > 0)
			p[idx] = c;
	}
	free(line);
	if (ferror(fp)) {
		embed_seterr(e, "freq=%s: read error", path);
		fclose(fp);
		return EXIT_IO;
	}
	fclose(fp);
	for (k = 0; k < s->nwords; k++)
		total += p[k];
	for (k = 0; k < s->nwords; k++)
		p[k] /= total;
	return EXIT_OK;
}

static int
set_weights(struct embedder *e, struct wv *s, const char *freq)
{
	double *p, h = 0;
	size_t k;
	int st = EXIT_OK;

	s->weight = emalloc(s->nwords * sizeof *s->weight);
	if (s->a == 0) {
		for (k = 0; k < s->nwords; k++)
			s->weight[k] = 1;
		return EXIT_OK;
	}
	p = emalloc(s->nwords * sizeof *p);
	if (freq != NULL) {
		st = load_freq(e, s, freq, p);
	} else {
		for (k = 0; k < s->nwords; k++)
			h += 1.0 / (double)(k + 1);
		for (k = 0; k < s->nwords; k++)
			p[k] = 1.0 / ((double)(k + 1) * h);
	}
	if (st == EXIT_OK)
		for (k = 0; k < s->nwords; k++)
			s->weight[k] = (float)(s->a / (s->a + p[k]));
	free(p);
	return st;
}

/* ---- sentence vectors ---- */

/* Length of the word character (or separator) at t[0..n), and whether it
 * is part of a word. */
static size_t
wv_char(const unsigned char *t, size_t n, int *word)
{
	unsigned c = t[0];

	if (c < 0x80) {
		*word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
		return 1;
	}
	if (c == 0xc2 && n >= 2) {
		/* U+00A0..U+00BF, except the letters ª µ º. */
		*word = t[1] < 0xa0 || t[1] == 0xaa || t[1] == 0xb5 ||
		    t[1] == 0xba;
		return 2;
	}
	if (c == 0xe2 && n >= 3 && (t[1] == 0x80 || t[1] == 0x81)) {
		*word = 0;	/* General Punctuation */
		return 3;
	}
	if (c == 0xc3 && n >= 2 && (t[1] == 0x97 || t[1] == 0xb7)) {
		*word = 0;	/* multiplication and division signs */
		return 2;
	}
	*word = 1;
	return 1;
}

/* Look a word up as written, then folded to lower case. */
static long
wv_lookup(struct wv *s, const unsigned char *w, size_t n)
{
	long k = wv_find(s, w, n);
	size_t i;
	int changed = 0;

	if (k >= 0)
		return k;
	s->fold.len = 0;
	buf_reserve(&s->fold, n);
	for (i = 0; i < n; i++) {
		unsigned char c = w[i];

		if (c >= 'A' && c <= 'Z') {
			c += 32;
			changed = 1;
		} else if (c == 0xc3 && i + 1 < n && w[i + 1] >= 0x80 &&
		    w[i + 1] <= 0x9e && w[i + 1] != 0x97) {
			s->fold.p[s->fold.len++] = c;
			c = w[++i] + 0x20;
			changed = 1;
		}
		s->fold.p[s->fold.len++] = c;
	}
	return changed ? wv_find(s, s->fold.p, s->fold.len) : -1;
}

/*
 * acc += w * v.  Float accumulation (a sentence has few words, and the
 * result is normalised), unrolled by 8 so that the compiler can use
 * vector instructions at -O2; the order of operations is fixed, so the
 * result is the same on every run.
 */
static void
axpy(float *restrict acc, const float *restrict v, float w, size_t n)
{
	size_t j = 0;

	for (; j + 8 <= n; j += 8) {
		acc[j] += w * v[j];
		acc[j + 1] += w * v[j + 1];
		acc[j + 2] += w * v[j + 2];
		acc[j + 3] += w * v[j + 3];
		acc[j + 4] += w * v[j + 4];
		acc[j + 5] += w * v[j + 5];
		acc[j + 6] += w * v[j + 6];
		acc[j + 7] += w * v[j + 7];
	}
	for (; j < n; j++)
		acc[j] += w * v[j];
}

/* The SIF average of one text into out (before component removal). */
static void
wv_sentence(struct wv *s, const unsigned char *t, size_t n, float *out)
{
	size_t i = 0, b, adv, j, known = 0;
	int word;
	long k;

	memset(s->acc, 0, s->dim * sizeof *s->acc);
	while (i < n) {
		adv = wv_char(t + i, n - i, &word);
		if (!word) {
			i += adv;
			continue;
		}
		b = i;
		while (i < n) {
			adv = wv_char(t + i, n - i, &word);
			if (!word)
				break;
			i += adv;
		}
		k = wv_lookup(s, t + b, i - b);
		if (k >= 0) {
			axpy(s->acc, s->vec + (size_t)k * s->dim,
			    s->weight[k], s->dim);
			known++;
		}
	}
	for (j = 0; j < s->dim; j++)
		out[j] = known ? s->acc[j] / (float)known : 0.0f;
}

static void
wv_remove_pc(const struct wv *s, float *v)
{
	double d = vec_dot(v, s->pc, s->dim);
	size_t j;

	for (j = 0; j < s->dim; j++)
		v[j] = (float)(v[j] - d * s->pc[j]);
}

/*
 * The first principal component (uncentred) of the sentence vectors of
 * the lines of path: the top eigenvector of sum(v v^T), by power
 * iteration from the (normalised) sum of the vectors.
 */
static int
fit_pc(struct embedder *e, struct wv *s, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, d = s->dim, i, j, nt = 0;
	double *m, *u, *w, norm, prev = 0;
	float *v;
	ssize_t n;
	int it;

	if (fp == NULL) {
		embed_seterr(e, "pc=%s: %s", path, strerror(errno));
		return EXIT_IO;
	}
	m = ecalloc(d * d, sizeof *m);
	u = ecalloc(d, sizeof *u);
	w = emalloc(d * sizeof *w);
	v = emalloc(d * sizeof *v);
	while ((n = getline(&line, &cap, fp)) > 0) {
		wv_sentence(s, (unsigned char *)line, (size_t)n, v);
		if (vec_normalize(v, d) == 0)
			continue;
		nt++;
		for (i = 0; i < d; i++) {
			u[i] += v[i];
			for (j = 0; j <= i; j++)
				m[i * d + j] += (double)v[i] * v[j];
		}
	}
	free(line);
	if (ferror(fp) || nt < 2) {
		int rerr = ferror(fp);

		embed_seterr(e, "pc=%s: %s", path, rerr ? "read error" :
		    "fewer than two lines with known words");
		fclose(fp);
		free(m), free(u), free(w), free(v);
		return rerr ? EXIT_IO : EXIT_DATA;
	}
	fclose(fp);
	for (i = 0; i < d; i++)
		for (j = i + 1; j < d; j++)
			m[i * d + j] = m[j * d + i];
	for (it = 0; it < 300; it++) {
		norm = 0;
		for (i = 0; i < d; i++)
			norm += u[i] * u[i];
		norm = sqrt(norm);
		if (norm == 0)
			break;
		for (i = 0; i < d; i++)
			u[i] /= norm;
		if (it > 0 && fabs(norm - prev) <= 1e-12 * norm)
			break;
		prev = norm;
		for (i = 0; i < d; i++) {
			double acc = 0;

			for (j = 0; j < d; j++)
				acc += m[i * d + j] * u[j];
			w[i] = acc;
		}
		memcpy(u, w, d * sizeof *u);
	}
	s->pc = emalloc(d * sizeof *s->pc);
	for (i = 0; i < d; i++)
		s->pc[i] = (float)u[i];
	vec_normalize(s->pc, d);
	free(m), free(u), free(w), free(v);
	return EXIT_OK;
}

static int
wv_embed(struct embedder *e, size_t n, const char *const *text,
    const size_t *len, float *out)
{
	struct wv *s = e->state;
	size_t i;

	for (i = 0; i < n; i++) {
		float *v = out + i * s->dim;

		wv_sentence(s, (const unsigned char *)text[i], len[i], v);
		if (s->pc != NULL)
			wv_remove_pc(s, v);
	}
	return EXIT_OK;
}

static void
wv_close(struct embedder *e)
{
	struct wv *s = e->state;

	if (s == NULL)
		return;
	free(s->vec);
	free(s->weight);
	free(s->hash);
	free(s->woff);
	free(s->wlen);
	buf_free(&s->words);
	free(s->table);
	free(s->pc);
	free(s->acc);
	buf_free(&s->fold);
	free(s);
	e->state = NULL;
}

/*
 * A fingerprint of everything that decides the vectors: the words, their
 * vectors and weights, and the removed component.  It goes into the model
 * name, so a cache never serves vectors of an older file that had the
 * same name.  XXH3 reads gigabytes a second, far faster than loading.
 */
static unsigned
fingerprint(const struct wv *s)
{
	XXH3_state_t *x = XXH3_createState();
	uint64_t h;

	if (x == NULL)
		return 0;
	XXH3_64bits_reset(x);
	XXH3_64bits_update(x, s->words.p, s->words.len);
	XXH3_64bits_update(x, s->wlen, s->nwords * sizeof *s->wlen);
	XXH3_64bits_update(x, s->vec, s->nwords * s->dim * sizeof *s->vec);
	XXH3_64bits_update(x, s->weight, s->nwords * sizeof *s->weight);
	if (s->pc != NULL)
		XXH3_64bits_update(x, s->pc, s->dim * sizeof *s->pc);
	h = XXH3_64bits_digest(x);
	XXH3_freeState(x);
	return (unsigned)(h & 0xffffffffu);
}

static int
wv_open(struct embedder *e, struct embed_spec *spec)
{
	const char *file = embed_param(spec, "file");
	const char *format = embed_param(spec, "format");
	const char *as = embed_param(spec, "a");
	const char *freq = embed_param(spec, "freq");
	const char *pc = embed_param(spec, "pc");
	const char *base;
	struct wv *s;
	char *end, astr[32] = "";
	long max;
	int st;

	if (file == NULL || *file == '\0') {
		embed_seterr(e, "wordvec needs file=PATH (a .vec text or "
		    "word2vec binary file)");
		return EXIT_USAGE;
	}
	if (format == NULL)
		format = "auto";
	if (strcmp(format, "auto") != 0 && strcmp(format, "text") != 0 &&
	    strcmp(format, "bin") != 0) {
		embed_seterr(e, "parameter format=%s: want auto, text or bin",
		    format);
		return EXIT_USAGE;
	}
	if (embed_param_long(e, spec, "max", 0, 0x7fffffff, 0, &max) < 0)
		return EXIT_USAGE;
	s = ecalloc(1, sizeof *s);
	e->state = s;
	s->a = 1e-3;
	if (as != NULL) {
		errno = 0;
		s->a = strtod(as, &end);
		if (end == as || *end != '\0' || errno || !(s->a >= 0) ||
		    s->a > 1) {
			embed_seterr(e, "parameter a=%s: want a number in 0..1",
			    as);
			wv_close(e);
			return EXIT_USAGE;
		}
		if (s->a != 1e-3)
			snprintf(astr, sizeof astr, "-a%g", s->a);
	}
	if ((st = load_model(e, s, file, format, (size_t)max)) ||
	    (st = set_weights(e, s, freq))) {
		wv_close(e);
		return st;
	}
	s->acc = emalloc(s->dim * sizeof *s->acc);
	if (pc != NULL && (st = fit_pc(e, s, pc))) {
		wv_close(e);
		return st;
	}
	e->dim = s->dim;
	e->batch_max = 1024;
	base = strrchr(file, '/');
	base = base ? base + 1 : file;
	snprintf(e->model, sizeof e->model, "wordvec-%.64s-d%zu%s%s%s-%08x",
	    base, s->dim, astr, freq ? "-f" : "", s->pc ? "-pc" : "",
	    fingerprint(s));
	return EXIT_OK;
}

const struct embed_backend embed_backend_wordvec = {
	.name = "wordvec",
	.help = "SIF average of word vectors (file=PATH.vec|.bin, a=0.001, "
	    "freq=FILE, pc=FILE, max=N)",
	.open = wv_open,
	.embed = wv_embed,
	.close = wv_close,
};
