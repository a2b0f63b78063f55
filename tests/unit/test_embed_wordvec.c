/* SPDX-License-Identifier: ISC */
/*
 * test_embed_wordvec: the wordvec embedder: the .vec text format (with
 * and without a header), the word2vec binary format, refused files,
 * lookup with case folding, SIF weights (Zipf and a frequency file), the
 * plain average, and the removal of the first principal component.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/embed.h"
#include "common/vec.h"

static int failures;
static char dir[] = "/tmp/test_wordvec.XXXXXX";

#define CHECK(c) do { if (!(c)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)

/* Write a file in the scratch directory; returns its path (static). */
static const char *
put(const char *name, const void *data, size_t n)
{
	static char path[8][256];
	static int k;
	char *p = path[k++ % 8];
	FILE *fp;

	snprintf(p, 256, "%s/%s", dir, name);
	fp = fopen(p, "wb");
	if (fp == NULL || fwrite(data, 1, n, fp) != n || fclose(fp) != 0) {
		printf("FAIL cannot write %s\n", p);
		exit(1);
	}
	return p;
}

static const char *
puts_file(const char *name, const char *text)
{
	return put(name, text, strlen(text));
}

static struct embedder *
open_spec(const char *fmt, const char *path, int want, char *err)
{
	char spec[512];
	struct embedder *e = NULL;
	int st;

	snprintf(spec, sizeof spec, fmt, path);
	err[0] = '\0';
	st = embed_open(spec, &e, err, 256);
	if (st != want) {
		printf("FAIL embed_open(%s) = %d, wanted %d: %s\n", spec, st,
		    want, err);
		failures++;
	}
	return e;
}

static void
emb(struct embedder *e, const char *text, float *out)
{
	const char *t[1] = { text };
	size_t l[1] = { strlen(text) };

	if (embed_texts(e, 1, t, l, out) != EXIT_OK) {
		printf("FAIL embed_texts(%s): %s\n", text, embed_errmsg(e));
		failures++;
	}
}

/* The model name is prefix followed by exactly 8 hex digits. */
static int
model_is(const struct embedder *e, const char *prefix)
{
	const char *m = embed_model(e);
	size_t n = strlen(prefix), i;

	if (strncmp(m, prefix, n) != 0 || strlen(m) != n + 8) {
		printf("  model name %s, wanted %sXXXXXXXX\n", m, prefix);
		return 0;
	}
	for (i = n; i < n + 8; i++)
		if (!strchr("0123456789abcdef", m[i]))
			return 0;
	return 1;
}

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-5;
}

/* Three orthogonal words; "the" is the commonest (rank 0). */
static const char vec3[] =
    "4 3\n"
    "the 1 0 0\n"
    "cat 0 1 0\n"
    "dog 0 0.5 0.5\n"
    "Rain 0 0 2\n";

static void
test_text(void)
{
	char err[256];
	struct embedder *e;
	float v[3];
	const char *p = puts_file("a.vec", vec3);

	e = open_spec("wordvec:file=%s,a=0", p, EXIT_OK, err);
	if (e == NULL)
		return;
	CHECK(embed_dim(e) == 3);
	CHECK(model_is(e, "wordvec-a.vec-d3-a0-"));
	/* Plain average of cat and dog: (0, 0.75, 0.25), normalised. */
	emb(e, "Cat, dog!", v);
	CHECK(near(v[0], 0) && near(v[1], 0.75 / sqrt(0.625)) &&
	    near(v[2], 0.25 / sqrt(0.625)));
	/* "rain" is found through "Rain" only as written: lookup is as
	 * written, then folded, so "rain" (lower) is unknown. */
	emb(e, "rain", v);
	CHECK(v[0] == 0 && v[1] == 0 && v[2] == 0);
	emb(e, "Rain", v);
	CHECK(near(v[2], 1));
	/* Unknown words only: the zero vector. */
	emb(e, "zebra quagga", v);
	CHECK(v[0] == 0 && v[1] == 0 && v[2] == 0);
	emb(e, "", v);
	CHECK(v[0] == 0 && v[1] == 0 && v[2] == 0);
	embed_close(e);

	/* The name changes with the vectors, not only with the file name. */
	{
		char m1[128];
		const char *q;

		e = open_spec("wordvec:file=%s", p, EXIT_OK, err);
		if (e != NULL) {
			snprintf(m1, sizeof m1, "%s", embed_model(e));
			embed_close(e);
		}
		q = puts_file("a.vec", "4 3\nthe 1 0 0\ncat 0 1 0\n"
		    "dog 0 0.5 0.5\nRain 0 0 3\n");
		e = open_spec("wordvec:file=%s", q, EXIT_OK, err);
		if (e != NULL) {
			CHECK(strcmp(m1, embed_model(e)) != 0);
			embed_close(e);
		}
		p = puts_file("a.vec", vec3);
	}

	/* SIF with Zipf weights: "the" (rank 0) counts far less than cat. */
	e = open_spec("wordvec:file=%s", p, EXIT_OK, err);
	if (e == NULL)
		return;
	CHECK(model_is(e, "wordvec-a.vec-d3-"));
	/* Weights a / (a + p): p(the) = 1 / H4 = 0.48, p(cat) = 0.24. */
	emb(e, "the cat", v);
	CHECK(v[0] > 0);
	CHECK(v[1] / v[0] > 1.99 && v[1] / v[0] < 2.0);
	embed_close(e);

	/* A frequency file: "cat" very common, "the" rare. */
	{
		const char *fq = puts_file("f.txt", "cat 1000000\nthe 1\n");
		char spec[600];

		snprintf(spec, sizeof spec, "wordvec:file=%s,freq=%s", p, fq);
		e = NULL;
		CHECK(embed_open(spec, &e, err, sizeof err) == EXIT_OK);
		if (e != NULL) {
			CHECK(model_is(e, "wordvec-a.vec-d3-f-"));
			emb(e, "the cat", v);
			CHECK(v[0] > 0.9 && v[1] < 0.1);
			embed_close(e);
		}
	}

	/* No header (GloVe); duplicates keep the first vector. */
	p = puts_file("g.txt", "x 1 0\ny 0 1\nx 5 5\n");
	e = open_spec("wordvec:file=%s,a=0", p, EXIT_OK, err);
	if (e != NULL) {
		CHECK(embed_dim(e) == 2);
		emb(e, "x", v);
		CHECK(near(v[0], 1) && near(v[1], 0));
		embed_close(e);
	}
	/* max=N keeps the first N words. */
	e = open_spec("wordvec:file=%s,a=0,max=1", p, EXIT_OK, err);
	if (e != NULL) {
		emb(e, "y", v);
		CHECK(v[0] == 0 && v[1] == 0);
		embed_close(e);
	}
	/* Case folding: upper-case text finds lower-case words, including
	 * Latin-1 capitals. */
	p = puts_file("c.vec", "2 2\n\xc3\xa9t\xc3\xa9 1 0\nhat 0 1\n");
	e = open_spec("wordvec:file=%s,a=0", p, EXIT_OK, err);
	if (e != NULL) {
		emb(e, "\xc3\x89T\xc3\x89", v);
		CHECK(near(v[0], 1));
		emb(e, "HAT\xe2\x80\x94hat", v);	/* em dash separates */
		CHECK(near(v[1], 1));
		embed_close(e);
	}
}

static void
le32(unsigned char *p, float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	p[0] = u & 0xff;
	p[1] = u >> 8 & 0xff;
	p[2] = u >> 16 & 0xff;
	p[3] = u >> 24 & 0xff;
}

static void
test_bin(void)
{
	unsigned char b[256];
	size_t n = 0, k;
	char err[256];
	struct embedder *e;
	float v[3], w[3];
	const char *words[] = { "the", "cat", "dog", "Rain" };
	const float vals[4][3] = { {1, 0, 0}, {0, 1, 0}, {0, .5f, .5f},
		{0, 0, 2} };
	const char *pb, *pt;

	n = (size_t)sprintf((char *)b, "4 3\n");
	for (k = 0; k < 4; k++) {
		n += (size_t)sprintf((char *)b + n, "%s ", words[k]);
		le32(b + n, vals[k][0]);
		le32(b + n + 4, vals[k][1]);
		le32(b + n + 8, vals[k][2]);
		n += 12;
		b[n++] = '\n';
	}
	pb = put("w.bin", b, n);
	pt = puts_file("w.vec", vec3);
	e = open_spec("wordvec:file=%s", pb, EXIT_OK, err);
	if (e == NULL)
		return;
	emb(e, "the cat and the dog", v);
	embed_close(e);
	e = open_spec("wordvec:file=%s", pt, EXIT_OK, err);
	if (e == NULL)
		return;
	emb(e, "the cat and the dog", w);
	embed_close(e);
	CHECK(memcmp(v, w, sizeof v) == 0);
	/* Forced format=bin on the same file also works. */
	e = open_spec("wordvec:file=%s,format=bin", pb, EXIT_OK, err);
	embed_close(e);
	/* A truncated binary file is refused. */
	pb = put("t.bin", b, n - 7);
	open_spec("wordvec:file=%s", pb, EXIT_DATA, err);
	CHECK(strstr(err, "truncated") != NULL);
}

static void
test_bad(void)
{
	char err[256];

	open_spec("wordvec%s", "", EXIT_USAGE, err);
	CHECK(strstr(err, "file=PATH") != NULL);
	open_spec("wordvec:file=%s/none.vec", dir, EXIT_IO, err);
	open_spec("wordvec:file=%s,format=zip", puts_file("ok.vec", vec3),
	    EXIT_USAGE, err);
	open_spec("wordvec:file=%s,a=-1", puts_file("ok.vec", vec3),
	    EXIT_USAGE, err);
	open_spec("wordvec:file=%s,nosuch=1", puts_file("ok.vec", vec3),
	    EXIT_USAGE, err);
	open_spec("wordvec:file=%s", puts_file("e.vec", ""), EXIT_DATA, err);
	open_spec("wordvec:file=%s", puts_file("s.vec", "2 3\nx 1 2\n"),
	    EXIT_DATA, err);
	CHECK(strstr(err, "line 2") != NULL);
	open_spec("wordvec:file=%s", puts_file("l.vec", "2 2\nx 1 2 3\n"),
	    EXIT_DATA, err);
	CHECK(strstr(err, "more numbers") != NULL);
	open_spec("wordvec:file=%s", puts_file("n.vec", "1 2\nx 1 abc\n"),
	    EXIT_DATA, err);
	open_spec("wordvec:file=%s", puts_file("h.vec", "3 2\nx 1 2\n"),
	    EXIT_DATA, err);
	CHECK(strstr(err, "ends before") != NULL);
	open_spec("wordvec:file=%s", puts_file("one.vec", "justoneword\n"),
	    EXIT_DATA, err);
	open_spec("wordvec:file=%s", put("z.vec", "1 2\n\0\0", 6),
	    EXIT_DATA, err);
}

static void
test_pc(void)
{
	char err[256], spec[600];
	struct embedder *e = NULL;
	const char *p, *s;
	float v[3], w[3];
	double cpc, cno;

	/* Every sample sentence leans on "the" (x); the component is x. */
	p = puts_file("p.vec", "4 3\nthe 1 0 0\ncat 0.2 1 0\n"
	    "dog 0.2 0 1\nbig 0.3 0.5 0.5\n");
	s = puts_file("sample.txt", "the cat\nthe dog\nthe big cat\n"
	    "the big dog\nthe cat and the dog\n");
	snprintf(spec, sizeof spec, "wordvec:file=%s,a=0,pc=%s", p, s);
	if (embed_open(spec, &e, err, sizeof err) != EXIT_OK) {
		printf("FAIL embed_open(%s): %s\n", spec, err);
		failures++;
		return;
	}
	CHECK(model_is(e, "wordvec-p.vec-d3-a0-pc-"));
	/* Without the common component, sentences that share only "the"
	 * are far less alike. */
	emb(e, "the cat", v);
	emb(e, "the dog", w);
	cpc = vec_cosine(v, w, 3);
	embed_close(e);
	snprintf(spec, sizeof spec, "wordvec:file=%s,a=0", p);
	CHECK(embed_open(spec, &e, err, sizeof err) == EXIT_OK);
	emb(e, "the cat", v);
	emb(e, "the dog", w);
	cno = vec_cosine(v, w, 3);
	embed_close(e);
	CHECK(cno > 0.5 && cpc < cno - 0.4);
	if (!(cno > 0.5 && cpc < cno - 0.4))
		printf("  cosine %g without, %g with pc\n", cno, cpc);
	snprintf(spec, sizeof spec, "wordvec:file=%s,pc=%s/none.txt", p, dir);
	CHECK(embed_open(spec, &e, err, sizeof err) == EXIT_IO);
	s = puts_file("one.txt", "the cat\n");
	snprintf(spec, sizeof spec, "wordvec:file=%s,pc=%s", p, s);
	CHECK(embed_open(spec, &e, err, sizeof err) == EXIT_DATA);
}

/* Random damage never crashes the loader: each file loads or is refused
 * with a data error. */
static void
test_garbage(void)
{
	unsigned char b[600];
	uint32_t x = 12345;
	char err[256], spec[400];
	struct embedder *e;
	int i, st;
	size_t n, k;
	const char *p;

	for (i = 0; i < 300; i++) {
		n = (size_t)sprintf((char *)b, i % 3 ? "3 4\n" : "2 2\n");
		k = 20 + (size_t)(i * 7 % 500);
		for (; n < k; n++) {
			x = x * 1103515245u + 12345u;
			b[n] = (unsigned char)(x >> 16);
			if (i % 2 && (x >> 8) % 4)	/* mostly text-like */
				b[n] = "ab 0.5-e1\n"[(x >> 20) % 10];
		}
		p = put("g.bin", b, n);
		snprintf(spec, sizeof spec, "wordvec:file=%s", p);
		e = NULL;
		st = embed_open(spec, &e, err, sizeof err);
		CHECK(st == EXIT_OK || st == EXIT_DATA);
		if (st == EXIT_OK) {
			float v[8];

			CHECK(embed_dim(e) <= 8);
			if (embed_dim(e) <= 8)
				emb(e, "ab a b", v);
			embed_close(e);
		}
	}
}

int
main(void)
{
	char cmd[300];

	if (mkdtemp(dir) == NULL) {
		printf("FAIL mkdtemp\n");
		return 1;
	}
	test_text();
	test_bin();
	test_bad();
	test_pc();
	test_garbage();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("warning: could not remove %s\n", dir);
	if (failures)
		printf("%d failure(s)\n", failures);
	return failures != 0;
}
