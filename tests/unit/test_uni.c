/* SPDX-License-Identifier: ISC */
/*
 * test_uni: Unicode case folding, the character classes and the word
 * rule of common/uni.c, on texts written for this test; and the word
 * iterator from several threads at once (one break iterator a thread).
 */
#include <pthread.h>
#include <string.h>

#include <unicode/uchar.h>

#include "common/log.h"
#include "common/uni.h"
#include "unit.h"

static int
streq_fold(const char *in, const char *want)
{
	char out[256];
	size_t n = uni_fold_utf8(in, strlen(in), out);

	return n == strlen(want) && memcmp(out, want, n) == 0;
}

static void
test_fold(void)
{
	CHECK(uni_fold('A') == 'a' && uni_fold('z') == 'z');
	CHECK(uni_fold(0x531) == 0x561);	/* Armenian Ա -> ա */
	CHECK(uni_fold(0x1ea0) == 0x1ea1);	/* Vietnamese Ạ -> ạ */
	CHECK(uni_fold(0x1e9e) == 0xdf);	/* ẞ -> ß */
	CHECK(uni_fold(0x3a3) == 0x3c3 && uni_fold(0x3c2) == 0x3c3);
	CHECK(uni_fold(0x1c90) == 0x10d0);	/* Georgian Mtavruli */
	CHECK(uni_fold(0x2c00) == 0x2c30);	/* Glagolitic */
	CHECK(uni_fold(0xab70) == 0x13a0);	/* Cherokee folds to upper */
	CHECK(uni_fold(0x1c5) == 0x1c6);	/* ǅ title case */
	CHECK(uni_fold(0x130) == 0x130);	/* İ: no simple folding */
	CHECK(uni_fold(0x6f22) == 0x6f22);
	/* Folding may lengthen: Ⱥ (2 bytes) -> ⱥ (3 bytes). */
	CHECK(streq_fold("\xc8\xba" "BC", "\xe2\xb1\xa5" "bc"));
	CHECK(UNI_FOLD_MAX(2) >= 3);
	CHECK(streq_fold("Պատկեր:X", "պատկեր:x"));
	CHECK(streq_fold("bad \xff\xc3 end", "bad \xff\xc3 end"));
	CHECK(uni_caseeq("Պատկեր", strlen("Պատկեր"), "պԱՏԿԵՐ",
	    strlen("պԱՏԿԵՐ")) == 1);
	CHECK(uni_caseeq("Պատկեր", strlen("Պատկեր"), "Պատկերը",
	    strlen("Պատկերը")) == 0);
	CHECK(uni_caseeq("Պատկեր", strlen("Պատկեր"), "ՊԱՏԿԵՐ",
	    strlen("ՊԱՏԿԵՐ")) == 1);
	CHECK(uni_caseeq("File", 4, "fILE", 4) == 1);
	CHECK(uni_caseeq("File", 4, "Files", 5) == 0);
	CHECK(uni_caseeq("ΣΟΦΙΑ", strlen("ΣΟΦΙΑ"), "σοφια",
	    strlen("σοφια")) == 1);
	CHECK(uni_caseeq("a\xff", 2, "A\xff", 2) == 1);
	CHECK(uni_caseeq("a\xff", 2, "a\xfe", 2) == 0);
}

static void
test_classes(void)
{
	CHECK(uni_sterm('.') && uni_sterm('!') && uni_sterm('?'));
	CHECK(!uni_sterm(',') && !uni_sterm(':'));
	CHECK(uni_sterm(0x964) && uni_sterm(0x6d4) && uni_sterm(0x61f));
	CHECK(uni_sterm(0x589) && uni_sterm(0x1362) && uni_sterm(0x3002));
	CHECK(!uni_sterm(0x55e));	/* Armenian question mark: no */
	CHECK(!uni_sterm(0x2026));	/* the ellipsis: no */
	{
		uint32_t c;
		int below = 0;

		for (c = 0x80; c < UNI_STERM_MIN; c++)
			below += u_hasBinaryProperty((UChar32)c, UCHAR_S_TERM);
		CHECK(below == 0);
		CHECK(u_hasBinaryProperty(UNI_STERM_MIN, UCHAR_S_TERM));
	}
	CHECK(uni_break_after(0x964) && uni_break_after(0x3002) &&
	    uni_break_after(0x6d4));
	CHECK(!uni_break_after(0x589) && !uni_break_after(0x1362));
	CHECK(uni_upper(0x531) && uni_upper(0x1ea0) && uni_upper(0x1c5));
	CHECK(uni_lower(0x561) && !uni_upper(0x561));
	CHECK(uni_caseless(0x905) && uni_caseless(0x6f22) &&
	    uni_caseless(0x10d0));	/* अ, 漢, ა */
	CHECK(!uni_caseless('a') && !uni_caseless(0x561));
	CHECK(uni_digit(0x966) && !uni_digit('x'));
	CHECK(uni_space(0xa0) && uni_space(0x3000) && !uni_space(0x200b));
	CHECK(uni_opener(0x300c) && uni_closer(0x300d) && uni_opener(0xab));
	CHECK(uni_colon_stop(0x531) && uni_colon_stop(0x561));	/* Ա ա */
	CHECK(uni_colon_stop(0x1820));	/* Mongolian */
	CHECK(!uni_colon_stop('a') && !uni_colon_stop(0x10d0) &&
	    !uni_colon_stop(0x905) && !uni_colon_stop(0x589));
	CHECK(uni_complex(0xe20) && uni_complex(0x1780) && !uni_complex(0xe3f));
	CHECK(uni_nospace(0x6f22) && uni_nospace(0x3042) && uni_nospace(0x30a2));
	CHECK(uni_nospace(0xe20) && !uni_nospace(0xac00) && !uni_nospace(0x1f600));
	CHECK(uni_alnum(0x905) && uni_alnum(0x94d) && uni_alnum(0x966));
	CHECK(!uni_alnum(0x964) && !uni_alnum(0x2014));
}

/* Collect spans as "b-e," into a string. */
struct coll {
	char s[512];
	size_t n, stop;
};

static int
collect(void *v, size_t b, size_t e)
{
	struct coll *c = v;

	c->n += snprintf(c->s + c->n, sizeof c->s - c->n, "%zu-%zu,", b, e);
	return c->stop && --c->stop == 0;
}

static const char *
spans(size_t (*f)(const char *, size_t, uni_word_fn, void *),
    const char *t, size_t stop)
{
	static struct coll c;

	memset(&c, 0, sizeof c);
	c.stop = stop;
	f(t, strlen(t), collect, &c);
	return c.s;
}

static void
test_words(void)
{
	/* uni_words: runs between spaces; 東京|は|日本 by the dictionary. */
	CHECK(strcmp(spans(uni_words, "Hi, 東京は日本。 ok", 0),
	    "0-3,4-10,10-13,13-19,23-25,") == 0);
	CHECK(strcmp(spans(uni_words, "a b c", 2), "0-1,2-3,") == 0);
	CHECK(uni_words("", 0, NULL, NULL) == 0);
	CHECK(uni_words(" \t\n", 3, NULL, NULL) == 0);
	CHECK(uni_words("— - ...", 9, NULL, NULL) == 3);
	/* uni_tokens: letters, marks and numbers; punctuation separates. */
	CHECK(strcmp(spans(uni_tokens, "war—the (東京は) x2", 0),
	    "0-3,6-9,11-17,17-20,22-24,") == 0);
	CHECK(uni_tokens("नमस्ते दुनिया।", strlen("नमस्ते दुनिया।"), NULL,
	    NULL) == 2);
	CHECK(uni_tokens("ab\xff" "cd", 5, NULL, NULL) == 2);
	CHECK(uni_dict_words("ภาษาไทยง่ายมาก", strlen("ภาษาไทยง่ายมาก"),
	    NULL, NULL) == 4);
}

/* Every thread counts the same words with its own iterator. */
static void *
count_many(void *arg)
{
	const char *t = "日本の首都は東京です。タイの首都はバンコクです。";
	size_t i, *bad = arg;

	for (i = 0; i < 200; i++)
		if (uni_words(t, strlen(t), NULL, NULL) != 12)
			(*bad)++;
	return NULL;
}

static void
test_threads(void)
{
	pthread_t th[4];
	size_t bad[4] = {0}, i;

	CHECK(uni_words("日本の首都は東京です。タイの首都はバンコクです。",
	    strlen("日本の首都は東京です。タイの首都はバンコクです。"), NULL,
	    NULL) == 12);
	for (i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, count_many, &bad[i]) == 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(bad[i] == 0);
	}
}

int
main(int argc, char *argv[])
{
	(void)argc;
	log_init(argv[0]);
	test_fold();
	test_classes();
	test_words();
	test_threads();
	return UNIT_DONE("test_uni");
}
