/* SPDX-License-Identifier: ISC */
/*
 * test_embed: the embedder interface (SPEC parsing, registry, batching,
 * normalisation) and the built-in hash backend (determinism, known
 * answers, lexical similarity).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "common/embed.h"
#include "common/log.h"

static int failures;

#define CHECK(c) do { if (!(c)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)

static struct embedder *
open_ok(const char *spec)
{
	struct embedder *e = NULL;
	char err[256] = "";
	int st = embed_open(spec, &e, err, sizeof err);

	if (st != EXIT_OK) {
		printf("FAIL embed_open(%s): %d %s\n", spec, st, err);
		failures++;
		exit(1);
	}
	return e;
}

static void
test_spec(void)
{
	static const char *const bad[] = {
		"", ":dim=3", "nosuch", "hash:dim=0", "hash:dim=x",
		"hash:dim=70000", "hash:foo=1", "hash:dim", "hash:=3",
		"hash:dim=3,dim=4", "hash:char=5-3", "hash:char=2-9",
		"hash:char=x", "hash:bigrams=2", "hash:dim=12,", NULL
	};
	struct embed_spec sp;
	struct embedder *e;
	char err[256];
	size_t i;

	CHECK(embed_spec_parse("http:url=http://x:8080/e,model=m", &sp, err,
	    sizeof err) == 0);
	CHECK(strcmp(sp.name, "http") == 0);
	CHECK(sp.nparam == 2);
	CHECK(strcmp(embed_param(&sp, "url"), "http://x:8080/e") == 0);
	CHECK(strcmp(embed_param(&sp, "model"), "m") == 0);
	CHECK(embed_param(&sp, "nope") == NULL);
	embed_spec_free(&sp);

	for (i = 0; bad[i] != NULL; i++) {
		e = (struct embedder *)1;
		err[0] = '\0';
		if (embed_open(bad[i], &e, err, sizeof err) != EXIT_USAGE) {
			printf("FAIL spec \"%s\" accepted\n", bad[i]);
			failures++;
		}
		CHECK(e == NULL);
		CHECK(err[0] != '\0');
	}

	e = open_ok(NULL);
	CHECK(embed_dim(e) == 768);
	CHECK(strcmp(embed_model(e), "hash-v2-d768-c3-4-b1") == 0);
	embed_close(e);
	e = open_ok("hash:dim=384,char=0,bigrams=0");
	CHECK(embed_dim(e) == 384);
	CHECK(strcmp(embed_model(e), "hash-v2-d384-c0-0-b0") == 0);
	embed_close(e);
	e = open_ok("hash:v=1");
	CHECK(strcmp(embed_model(e), "hash-v1-d768-c3-4-b1") == 0);
	embed_close(e);

	/* A recorded model pins the version a spec without one gives. */
	{
		char pin[64];

		CHECK(embed_spec_pin("hash", "hash-v1-d768-c3-4-b1", pin,
		    sizeof pin) == 1 && strcmp(pin, "hash:v=1") == 0);
		CHECK(embed_spec_pin("hash:dim=64", "hash-v1-d64-c3-4-b1",
		    pin, sizeof pin) == 1 &&
		    strcmp(pin, "hash:dim=64,v=1") == 0);
		CHECK(embed_spec_pin("hash:v=2", "hash-v1-d768-c3-4-b1",
		    pin, sizeof pin) == 0);
		CHECK(embed_spec_pin("http:url=x", "hash-v1-d768", pin,
		    sizeof pin) == 0);
		CHECK(embed_spec_pin("hash", "bge-small", pin,
		    sizeof pin) == 0);
		CHECK(embed_spec_pin("hash", "hash-v1-d768", pin, 5) == 0);
	}
}

static float *
vec1(struct embedder *e, const char *t)
{
	float *v = calloc(embed_dim(e), sizeof *v);
	size_t n = strlen(t);

	if (embed_texts(e, 1, &t, &n, v) != EXIT_OK) {
		printf("FAIL embed_texts: %s\n", embed_errmsg(e));
		failures++;
	}
	return v;
}

static double
dot(const float *a, const float *b, size_t d)
{
	double s = 0;
	size_t i;

	for (i = 0; i < d; i++)
		s += (double)a[i] * b[i];
	return s;
}

/* Hash of the little-endian bytes of a vector: pins bit identity. */
static uint64_t
vhash(const float *v, size_t d)
{
	unsigned char *b = malloc(4 * d);
	uint64_t h;
	size_t i;

	for (i = 0; i < d; i++) {
		uint32_t u;

		memcpy(&u, &v[i], 4);
		b[4 * i] = u, b[4 * i + 1] = u >> 8;
		b[4 * i + 2] = u >> 16, b[4 * i + 3] = u >> 24;
	}
	h = XXH3_64bits(b, 4 * d);
	free(b);
	return h;
}

static void
test_hash(void)
{
	struct embedder *e = open_ok("hash");
	size_t d = embed_dim(e), i;
	float *a, *b, *c, *z;
	const char *texts[3000];
	size_t lens[3000];
	float *many, *one;

	a = vec1(e, "The cat sat on the mat.");
	b = vec1(e, "A cat was sitting on a mat!");
	c = vec1(e, "Quarterly revenue of the utility grew by nine percent.");
	CHECK(fabs(dot(a, a, d) - 1) < 1e-6);
	CHECK(dot(a, b, d) > dot(a, c, d) + 0.2);
	CHECK(dot(a, b, d) > 0.3);
	free(b);
	free(c);
	b = vec1(e, "The cat sat on the mat.");
	CHECK(memcmp(a, b, d * sizeof *a) == 0);
	free(b);

	/* Case folding, also outside ASCII; punctuation is a separator. */
	b = vec1(e, "ÉMILE ÇA ŁÓDŹ ΑΘΗΝΑ МОСКВА");
	c = vec1(e, "émile, ça; łódź -- αθηνα москва");
	CHECK(memcmp(b, c, d * sizeof *b) == 0);
	free(b);
	free(c);

	/* No features: the zero vector, counted. */
	z = vec1(e, "");
	for (i = 0; i < d; i++)
		CHECK(z[i] == 0);
	free(z);
	z = vec1(e, " \n\t ... ,;");
	CHECK(dot(z, z, d) == 0);
	free(z);
	CHECK(e->nzero == 2);

	/* Invalid UTF-8 is a separator, never a crash. */
	z = vec1(e, "ab\xff\xfe" "cd\xc3");
	CHECK(fabs(dot(z, z, d) - 1) < 1e-6);
	free(z);

	/* Known answers: these hashes of the vector bytes must never
	 * change, on any machine (bit-identical vectors).  ASCII text has
	 * the same features in versions 1 and 2. */
	printf("# known answer: %016llx\n", (unsigned long long)vhash(a, d));
	CHECK(vhash(a, d) == 0xf4d144886c97a068ULL);
	free(a);

	/* Version 2 folds case in every cased script (Armenian, Latin
	 * Extended Additional, Georgian Mtavruli, Cherokee, Glagolitic). */
	b = vec1(e, "ԱՐՄԵՆԻԱ ẠẮ ᲡᲐ Ꭰ Ⰰ ǅ");
	c = vec1(e, "արմենիա ạắ სა ꭰ ⰰ ǆ");
	CHECK(memcmp(b, c, d * sizeof *b) == 0);
	free(b);
	free(c);
	/* ... and cuts Japanese into dictionary words: two sentences that
	 * share the words 東京 and 首都 share unigrams, not only bigrams of
	 * characters. */
	b = vec1(e, "東京は日本の首都です。");
	c = vec1(e, "首都の東京");
	z = vec1(e, "大阪は港町です。");
	CHECK(dot(b, c, d) > dot(b, z, d) + 0.1);
	free(b);
	free(c);
	free(z);

	/* Batches larger than batch_max give the same vectors as one by
	 * one. */
	for (i = 0; i < 3000; i++) {
		char *t = malloc(64);

		snprintf(t, 64, "text number %zu about topic %zu", i, i % 17);
		texts[i] = t;
		lens[i] = strlen(t);
	}
	many = malloc(3000 * d * sizeof *many);
	CHECK(embed_texts(e, 3000, texts, lens, many) == EXIT_OK);
	for (i = 0; i < 3000; i += 997) {
		one = vec1(e, texts[i]);
		CHECK(memcmp(one, many + i * d, d * sizeof *one) == 0);
		free(one);
	}
	for (i = 0; i < 3000; i++)
		free((void *)texts[i]);
	free(many);
	embed_close(e);

	/* Version 1 stays selectable and bit-identical to what it gave
	 * before version 2 existed (a store embedded with it can still be
	 * searched): a known answer taken from the version 1 build. */
	e = open_ok("hash:v=1");
	a = vec1(e, "ÉMILE Ω Москва 東京は日本の首都です。ԱՐՄԵՆԻԱ");
	CHECK(vhash(a, d) == 0x1e2610131571ec00ULL);
	b = vec1(e, "ԱՐՄԵՆԻԱ");
	c = vec1(e, "արմենիա");
	CHECK(memcmp(b, c, d * sizeof *b) != 0);	/* v1 folds no Armenian */
	free(a);
	free(b);
	free(c);
	embed_close(e);

	/* Another dimension is not a prefix of the first one. */
	e = open_ok("hash:dim=16");
	a = vec1(e, "short text");
	CHECK(fabs(dot(a, a, 16) - 1) < 1e-6);
	free(a);
	embed_close(e);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	log_init(argv[0]);
	test_spec();
	test_hash();
	if (failures)
		printf("%d failure(s)\n", failures);
	return failures != 0;
}
