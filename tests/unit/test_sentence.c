/* SPDX-License-Identifier: ISC */
/*
 * test_sentence: paragraphs, headings, sentences (common/sentence.c), and
 * the boundary F1 on the labelled set tests/data/sentences.txt.
 *
 *   test_sentence              run the tests (F1 must stay >= 0.97)
 *   test_sentence --f1 FILE    print precision, recall and F1 of our
 *                              splitter and of the original's rule
 *                              (ORIGINAL.md 3.2, emulated here) on FILE
 *   test_sentence --split      split stdin, one sentence per line
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mp.h"
#include "common/record.h"
#include "common/sentence.h"
#include "common/util.h"

static int failures;

#define CHECK(c) do { if (!(c)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)

/* Split t and join the sentences with '|'. */
static char *
joined(const char *t, int flags)
{
	static struct buf b;
	struct spans s = {0};
	size_t i;

	sent_split(t, strlen(t), 0, flags, &s);
	b.len = 0;
	for (i = 0; i < s.n; i++) {
		if (i)
			buf_addc(&b, '|');
		buf_add(&b, t + s.v[i].b, s.v[i].e - s.v[i].b);
	}
	spans_free(&s);
	return buf_cstr(&b);
}

static void
expect(const char *t, int flags, const char *want)
{
	const char *got = joined(t, flags);

	if (strcmp(got, want) != 0) {
		failures++;
		printf("FAIL split \"%s\"\n  got  \"%s\"\n  want \"%s\"\n",
		    t, got, want);
	}
}

static void
test_rules(void)
{
	expect("", 0, "");
	expect("   \n ", 0, "");
	expect("One. Two.", 0, "One.|Two.");
	expect("No end", 0, "No end");
	/* The original's own example: no tail duplicate here. */
	expect("Short one. Another short. Third bit here. And the last.", 0,
	    "Short one.|Another short.|Third bit here.|And the last.");
	/* Abbreviations and titles. */
	expect("Dr. Smith met Mr. Jones. They talked.", 0,
	    "Dr. Smith met Mr. Jones.|They talked.");
	expect("See Fig. 3 and No. 5 here. Then stop.", 0,
	    "See Fig. 3 and No. 5 here.|Then stop.");
	expect("Tools, e.g. hammers. Others too.", 0,
	    "Tools, e.g. hammers.|Others too.");
	expect("Made by Acme Inc. The firm grew.", 0,
	    "Made by Acme Inc.|The firm grew.");
	expect("Made by Acme Inc. Chairman Li said so.", 0,
	    "Made by Acme Inc. Chairman Li said so.");
	expect("Pots, pans, etc. were sold.", 0, "Pots, pans, etc. were sold.");
	/* Initials and dotted acronyms. */
	expect("J. R. R. Tolkien wrote it. It sold.", 0,
	    "J. R. R. Tolkien wrote it.|It sold.");
	expect("George W. Bush spoke. He left.", 0,
	    "George W. Bush spoke.|He left.");
	expect("The U.S. Army came. In the U.S. The end.", 0,
	    "The U.S. Army came.|In the U.S.|The end.");
	expect("World War I. The war ended.", 0,
	    "World War I.|The war ended.");
	/* Decimals, times, numbers at sentence start. */
	expect("Pi is 3.14 roughly. 1990 was dry.", 0,
	    "Pi is 3.14 roughly.|1990 was dry.");
	expect("At 5 p.m. on Monday it rained.", 0,
	    "At 5 p.m. on Monday it rained.");
	/* Ellipses, ASCII and U+2026. */
	expect("Wait... Then go.", 0, "Wait...|Then go.");
	expect("Wait\xe2\x80\xa6 Then go.", 0, "Wait\xe2\x80\xa6|Then go.");
	expect("and so... on it went.", 0, "and so... on it went.");
	/* Quotes and brackets after the full stop, and before the next. */
	expect("He said \"Stop.\" Then he left.", 0,
	    "He said \"Stop.\"|Then he left.");
	expect("It ended (mostly.) Then it began.", 0,
	    "It ended (mostly.)|Then it began.");
	expect("He left. \"Why?\" she asked.", 0,
	    "He left.|\"Why?\" she asked.");
	expect("He left. (Nobody saw.) Rain.", 0,
	    "He left.|(Nobody saw.)|Rain.");
	expect("\xe2\x80\x9cGo.\xe2\x80\x9d \xe2\x80\x9cNo!\xe2\x80\x9d", 0,
	    "\xe2\x80\x9cGo.\xe2\x80\x9d|\xe2\x80\x9cNo!\xe2\x80\x9d");
	/* Capitals outside ASCII. */
	expect("It rained. \xc3\x89mile left. \xc5\x81\xc3\xb3""d\xc5\xba won.",
	    0, "It rained.|\xc3\x89mile left.|"
	    "\xc5\x81\xc3\xb3""d\xc5\xba won.");
	expect("Yes. \xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 is old. "
	    "\xd0\x9c\xd0\xbe\xd1\x81 too.", 0,
	    "Yes.|\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 is old.|"
	    "\xd0\x9c\xd0\xbe\xd1\x81 too.");
	/* Lower case after a full stop is no boundary; ! and ? are. */
	expect("It was approx. five. Is it? Yes! Good.", 0,
	    "It was approx. five.|Is it?|Yes!|Good.");
	expect("What? no way.", 0, "What? no way.");
	/* Blank lines always; single line breaks only with SENT_LINES. */
	expect("Heading\n\nBody text here.", 0, "Heading|Body text here.");
	expect("line one\nline two", 0, "line one\nline two");
	expect("line one\nline two", SENT_LINES, "line one|line two");
	expect("End.\n\nNext", 0, "End.|Next");
	/* CJK full stops need no space. */
	expect("\xe4\xbb\x8a\xe6\x97\xa5\xe3\x80\x82\xe6\x98\x8e\xe6\x97\xa5",
	    0, "\xe4\xbb\x8a\xe6\x97\xa5\xe3\x80\x82|\xe6\x98\x8e\xe6\x97\xa5");
	/* Invalid UTF-8 never breaks anything. */
	expect("Bad \xff\xfe. Next \xc3", 0, "Bad \xff\xfe.|Next \xc3");
}

/*
 * Sentences in other scripts, in texts written for this test: every
 * Sentence_Terminal ends a sentence; where UAX #14 breaks after it (the
 * danda, the Arabic marks, "。") no space is needed, where it does not
 * (the Ethiopic and Armenian full stops) white space must follow.
 */
static void
test_scripts(void)
{
	/* Hindi and Bengali: the danda, with and without a space. */
	expect("यह पहला वाक्य है। यह दूसरा है।", 0,
	    "यह पहला वाक्य है।|यह दूसरा है।");
	expect("पहला भाग।दूसरा भाग॥ तीसरा", 0,
	    "पहला भाग।|दूसरा भाग॥|तीसरा");
	expect("আমি বাড়ি যাই। তুমি কোথায় যাও? আমি জানি না।", 0,
	    "আমি বাড়ি যাই।|তুমি কোথায় যাও?|আমি জানি না।");
	/* Urdu: the Urdu full stop and the Arabic question mark. */
	expect("یہ پہلا جملہ ہے۔ کیا یہ دوسرا ہے؟ ہاں۔", 0,
	    "یہ پہلا جملہ ہے۔|کیا یہ دوسرا ہے؟|ہاں۔");
	/* Armenian: the full stop before white space only; the question
	 * mark over a vowel is inside its word. */
	expect("Սա առաջին նախադասությունն է։ Ո՞վ է նա։ Նա ուսուցիչ է։", 0,
	    "Սա առաջին նախադասությունն է։|Ո՞վ է նա։|Նա ուսուցիչ է։");
	expect("Ժամը 10։30-ին", 0, "Ժամը 10։30-ին");
	/* ... and the ASCII colon typed for it (Unicode's confusables map
	 * "։" to ":"), before white space and a capital only. */
	expect("Սա մեծ գետ է: Այն հոսում է: ժամը 10:30 է: Մենք: այո", 0,
	    "Սա մեծ գետ է:|Այն հոսում է: ժամը 10:30 է:|Մենք: այո");
	expect("Note: This stays.", 0, "Note: This stays.");
	/* Amharic: the Ethiopic full stop and question mark. */
	expect("ይህ የመጀመሪያው ነው። ይህ ሁለተኛው ነው፧ አዎ።", 0,
	    "ይህ የመጀመሪያው ነው።|ይህ ሁለተኛው ነው፧|አዎ።");
	/* Thai: no full stop; a space between Thai words ends one. */
	expect("ฉันไปตลาดเมื่อเช้า วันนี้อากาศดีมาก", 0,
	    "ฉันไปตลาดเมื่อเช้า|วันนี้อากาศดีมาก");
	expect("ราคา 100 บาท", 0, "ราคา 100 บาท");
	/* Japanese: full stops with and without closing brackets. */
	expect("東京に行った。「楽しかった。」次は大阪だ！", 0,
	    "東京に行った。|「楽しかった。」|次は大阪だ！");
	/* Capitals from the Unicode data: Greek, Vietnamese (Latin
	 * Extended Additional), Georgian without case. */
	expect("Η πόλη είναι μεγάλη. Ύστερα ήρθε ο χειμώνας.", 0,
	    "Η πόλη είναι μεγάλη.|Ύστερα ήρθε ο χειμώνας.");
	expect("Hà Nội là thủ đô. Ấy là nơi tôi sinh ra.", 0,
	    "Hà Nội là thủ đô.|Ấy là nơi tôi sinh ra.");
	expect("ეს პირველია. ეს მეორეა.", 0, "ეს პირველია.|ეს მეორეა.");

	/* Words: space-separated runs; Chinese, Japanese and Thai runs are
	 * the dictionary's words (punctuation is no word). */
	CHECK(text_words("東京は日本の首都です。", 33) == 6);
	CHECK(text_words("Tokyo 東京", 12) == 2);
	CHECK(text_words("ภาษาไทยง่ายมาก", 42) == 4);
	CHECK(text_words("state-of-the-art 1,000", 22) == 2);
	CHECK(text_words("a\xc2\xa0" "b\xe3\x80\x80" "c", 8) == 3);
	/* A cut inside a run keeps the punctuation after a word. */
	CHECK(text_word_cut("東京。大阪、京都", 24, 1) == 9);
	CHECK(text_word_cut("東京。大阪、京都", 24, 2) == 18);
	CHECK(text_word_cut("東京。大阪、京都", 24, 3) == 24);
	CHECK(text_word_cut("Tokyo 東京 x", 14, 1) == 5);
	CHECK(text_word_cut("Tokyo 東京 x", 14, 2) == 12);
	CHECK(para_heading_guess("दूसरा भाग।", 28) == 0);
	CHECK(para_heading_guess("इतिहास", 18) == 1);
}

static void
test_paras(void)
{
	const char *t = "  First para\nsame para.\n\n\n== History ==\n \t\n"
	    "Last one.  \n";
	struct spans s = {0};
	size_t tb = 0, te = 0;

	para_split(t, strlen(t), &s);
	CHECK(s.n == 3);
	if (s.n == 3) {
		CHECK(strncmp(t + s.v[0].b, "First para\nsame para.",
		    s.v[0].e - s.v[0].b) == 0 && s.v[0].e - s.v[0].b == 21);
		CHECK(s.v[1].e - s.v[1].b == 13);
		CHECK(para_heading_mark(t + s.v[1].b, 13, &tb, &te) == 2);
		CHECK(tb == 3 && te == 10);
		CHECK(s.v[2].e - s.v[2].b == 9);
	}
	para_split("", 0, &s);
	CHECK(s.n == 0);
	para_split("\n\n \n", 4, &s);
	CHECK(s.n == 0);
	spans_free(&s);

	CHECK(para_heading_mark("=== A b ===", 11, &tb, &te) == 3);
	CHECK(para_heading_mark("== A ===", 8, &tb, &te) == 0);
	CHECK(para_heading_mark("= A =", 5, &tb, &te) == 0);
	CHECK(para_heading_mark("====", 4, &tb, &te) == 0);
	CHECK(para_heading_mark("==  ==", 6, &tb, &te) == 0);
	CHECK(para_heading_mark("== A ==\nx", 9, &tb, &te) == 0);
	CHECK(para_heading_mark("a == b", 6, &tb, &te) == 0);

	CHECK(para_heading_guess("History", 7) == 1);
	CHECK(para_heading_guess("Early life and career", 21) == 1);
	CHECK(para_heading_guess("\xc3\x89tudes", 7) == 1);
	CHECK(para_heading_guess("It rained.", 10) == 0);
	CHECK(para_heading_guess("lower case", 10) == 0);
	CHECK(para_heading_guess("Notes:", 6) == 0);
	CHECK(para_heading_guess("One two three four five six seven eight "
	    "nine", 44) == 0);
	CHECK(para_heading_guess("Two\nlines", 9) == 0);

	CHECK(text_words("", 0) == 0);
	CHECK(text_words("  a  bc\td\n", 10) == 3);
	CHECK(text_chars("a\xc3\xa9\xe2\x80\xa6", 6) == 3);
	CHECK(text_word_cut("aa bb cc", 8, 2) == 5);
	CHECK(text_word_cut("aa bb cc", 8, 3) == 8);
	CHECK(text_word_cut("aa bb cc", 8, 9) == 8);
	CHECK(text_word_cut(" aa  bb", 7, 1) == 3);
}


/* A record {"sections": [{"para":P,"title":T,"level":L}, ...]}. */
static void
sections_rec(struct buf *raw, struct rec *rec, size_t n, const long *para,
    const char *const *title, const int *level)
{
	struct rb rb = {0};
	size_t i;

	rb_key(&rb, "sections");
	mp_put_array(&rb.body, (uint32_t)n);
	for (i = 0; i < n; i++) {
		mp_put_map(&rb.body, 3);
		mp_put_cstr(&rb.body, "para");
		mp_put_uint(&rb.body, (uint64_t)para[i]);
		mp_put_cstr(&rb.body, "title");
		mp_put_cstr(&rb.body, title[i]);
		mp_put_cstr(&rb.body, "level");
		mp_put_int(&rb.body, level[i]);
	}
	raw->len = 0;
	rb_finish(&rb, raw);
	rb_free(&rb);
	if (rec_parse(rec, raw->p, raw->len) < 0) {
		printf("FAIL rec_parse\n");
		failures++;
	}
}

static void
test_segdoc(void)
{
	/* paragraphs: 0 lead, 1 "History", 2 body, 3 "== Early ==" (marked,
	 * but the key wins), 4 body, 5 body (dropped heading "Late"). */
	const char *t = "Lead text.\n\nHistory\n\nBody one.\n\n== Early ==\n\n"
	    "Body two.\n\nBody three.";
	static const long para[] = { 1, 3, 5 };
	static const char *const title[] = { "History", "Early", "Late" };
	static const int level[] = { 2, 3, 3 };
	struct segdoc d = {0};
	struct secpath sp = {0};
	struct docset ds = {0};
	struct buf raw = {0};
	struct rec rec = {0};
	const char *why = NULL;
	size_t i;
	char id[32];

	sections_rec(&raw, &rec, 3, para, title, level);
	CHECK(segdoc_parse(&d, &rec, t, strlen(t), 0, HEADINGS_AUTO,
	    &why) == 0);
	CHECK(d.para.n == 6);
	CHECK(d.head[1] && d.head[3] && !d.head[0] && !d.head[2] &&
	    !d.head[4] && !d.head[5]);
	CHECK(d.nev == 3);
	if (d.nev == 3) {
		CHECK(d.ev[0].para == 1 && d.ev[0].heading == 1);
		CHECK(d.ev[1].para == 3 && d.ev[1].heading == 1 &&
		    d.ev[1].level == 3);
		CHECK(d.ev[2].para == 5 && d.ev[2].heading == 0);
		secpath_reset(&sp);
		CHECK(sp.len == 0 && strcmp(sp.str, "") == 0);
		for (i = 0; i < 3; i++)
			secpath_enter(&sp, d.ev[i].level, d.ev[i].title,
			    d.ev[i].tlen);
		CHECK(strcmp(sp.str, "History > Late") == 0);
	}
	/* The same text as a later episode: paragraph indices shift by the
	 * episode's para_start, earlier sections come first (negative). */
	CHECK(segdoc_parse(&d, &rec, t + 21, strlen(t + 21), 2,
	    HEADINGS_AUTO, &why) == 0);
	CHECK(d.para.n == 4 && d.nev == 3 && d.ev[0].para == -1 &&
	    d.head[1] && !d.head[0]);
	/* Without the key: marks; with "guess": plain headings too. */
	CHECK(segdoc_parse(&d, NULL, t, strlen(t), 0, HEADINGS_AUTO,
	    &why) == 0);
	CHECK(d.nev == 1 && d.head[3] && !d.head[1] && d.ev[0].level == 2 &&
	    d.ev[0].tlen == 5 && memcmp(d.ev[0].title, "Early", 5) == 0);
	CHECK(segdoc_parse(&d, NULL, t, strlen(t), 0, HEADINGS_GUESS,
	    &why) == 0);
	CHECK(d.nev == 2 && d.head[1] && d.head[3]);
	CHECK(segdoc_parse(&d, &rec, t, strlen(t), 0, HEADINGS_NONE,
	    &why) == 0);
	CHECK(d.nev == 0 && !d.head[1] && !d.head[3]);
	/* A sections key of the wrong shape. */
	{
		static const char *const bad[] = { "x" };
		static const int lv[] = { 2 };
		static const long pa[] = { 0 };
		struct rb rb = {0};

		rb_cstr(&rb, "sections", "History");
		raw.len = 0;
		rb_finish(&rb, &raw);
		rb_free(&rb);
		CHECK(rec_parse(&rec, raw.p, raw.len) == 0);
		why = NULL;
		CHECK(segdoc_parse(&d, &rec, t, strlen(t), 0, HEADINGS_AUTO,
		    &why) < 0 && why != NULL);
		sections_rec(&raw, &rec, 1, pa, bad, lv);
		CHECK(segdoc_parse(&d, &rec, t, strlen(t), 0, HEADINGS_AUTO,
		    &why) == 0 && d.nev == 1 && d.ev[0].heading == 0);
	}
	/* Section paths: deeper levels drop out, levels clamp to 1..8. */
	secpath_reset(&sp);
	secpath_enter(&sp, 2, "A", 1);
	secpath_enter(&sp, 4, "B", 1);
	secpath_enter(&sp, 3, "C", 1);
	CHECK(strcmp(sp.str, "A > C") == 0);
	secpath_enter(&sp, 40, "D", 1);
	CHECK(strcmp(sp.str, "A > C > D") == 0);
	secpath_enter(&sp, 0, "E", 1);
	CHECK(strcmp(sp.str, "E") == 0);
	/* The document set, through a few rehashes. */
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "doc:%zu", i);
		CHECK(docset_add(&ds, id, strlen(id)) == 1);
	}
	CHECK(docset_add(&ds, "doc:17", 6) == 0);
	CHECK(docset_add(&ds, "doc:4999", 8) == 0);
	CHECK(docset_add(&ds, "doc:5000", 8) == 1);
	docset_free(&ds);
	secpath_free(&sp);
	segdoc_free(&d);
	rec_free(&rec);
	buf_free(&raw);
}

/* ---- the labelled set ---- */

struct para {
	struct buf text;
	size_t *gold;		/* offsets where sentences 2..n start */
	size_t ngold;
};

static struct para *
load(const char *path, size_t *np, size_t *nsent)
{
	FILE *fp = fopen(path, "r");
	struct para *v = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	int open = 0;

	*nsent = 0;
	if (fp == NULL)
		return NULL;
	while (fgets(line, sizeof line, fp) != NULL) {
		size_t l = strlen(line);
		struct para *p;

		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = '\0';
		if (line[0] == '#')
			continue;
		if (l == 0) {
			open = 0;
			continue;
		}
		if (!open) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				v = erealloc(v, cap * sizeof *v);
			}
			memset(&v[n++], 0, sizeof *v);
			open = 1;
		}
		p = &v[n - 1];
		if (p->text.len) {
			buf_addc(&p->text, ' ');
			p->gold = erealloc(p->gold, (p->ngold + 1) *
			    sizeof *p->gold);
			p->gold[p->ngold++] = p->text.len;
		}
		buf_add(&p->text, line, l);
		(*nsent)++;
	}
	fclose(fp);
	*np = n;
	return v;
}

static int
isws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
isword(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

/*
 * The original's splitter (ORIGINAL.md 3.2), emulated on the unmodified
 * text: full stops protected by its rules 1-3 cannot end a sentence, and
 * rule 4 splits white space preceded by . ! ? and followed by A-Z.
 * Returns the start offsets of sentences 2..n in out (room for n).
 */
static size_t
orig_split(const char *t, size_t n, size_t *out)
{
	static const char *const ab[] = {
		"Dr", "Mr", "Mrs", "Ms", "Prof", "Sr", "Jr", NULL
	};
	const unsigned char *u = (const unsigned char *)t;
	char *prot = ecalloc(n + 1, 1);
	size_t i, j, k, nout = 0;

	/* Rule 1: \b(Dr|Mr|Mrs|Ms|Prof|Sr|Jr)\. */
	for (i = 0; i < n; i++) {
		if (i > 0 && isword(u[i - 1]))
			continue;
		for (k = 0; ab[k] != NULL; k++) {
			size_t l = strlen(ab[k]);

			if (i + l < n && memcmp(t + i, ab[k], l) == 0 &&
			    t[i + l] == '.')
				prot[i + l] = 1;
		}
	}
	/* Rule 2: \b([A-Z])\.\s*([A-Z])\.\s*, left to right, no overlap. */
	for (i = 0; i < n; i++) {
		if ((i > 0 && isword(u[i - 1])) || !(u[i] >= 'A' &&
		    u[i] <= 'Z') || i + 1 >= n || t[i + 1] != '.' ||
		    prot[i + 1])
			continue;
		for (j = i + 2; j < n && isws(u[j]); j++)
			;
		if (j + 1 < n && u[j] >= 'A' && u[j] <= 'Z' &&
		    t[j + 1] == '.' && !prot[j + 1]) {
			prot[i + 1] = prot[j + 1] = 1;
			for (i = j + 2; i < n && isws(u[i]); i++)
				;
			i--;
		}
	}
	/* Rule 3: \.{3,} */
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && t[j] == '.'; j++)
			;
		if (j - i >= 3)
			memset(prot + i, 1, j - i);
		if (j == i)
			j++;
	}
	/* Rule 4: (?<=[.!?])\s+(?=[A-Z]) */
	for (i = 1; i < n; i++) {
		if (!isws(u[i]) || isws(u[i - 1]))
			continue;
		if (!((t[i - 1] == '.' && !prot[i - 1]) || t[i - 1] == '!' ||
		    t[i - 1] == '?'))
			continue;
		for (j = i; j < n && isws(u[j]); j++)
			;
		if (j < n && u[j] >= 'A' && u[j] <= 'Z')
			out[nout++] = j;
	}
	free(prot);
	return nout;
}

struct score {
	size_t tp, fp, fn;
};

static void
count(struct score *s, const size_t *gold, size_t ng, const size_t *got,
    size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < ng && gold[j] != got[i]; j++)
			;
		if (j < ng)
			s->tp++;
		else
			s->fp++;
	}
	for (j = 0; j < ng; j++) {
		for (i = 0; i < n && gold[j] != got[i]; i++)
			;
		if (i == n)
			s->fn++;
	}
}

static double
f1(const struct score *s, double *p, double *r)
{
	*p = s->tp + s->fp ? (double)s->tp / (s->tp + s->fp) : 1;
	*r = s->tp + s->fn ? (double)s->tp / (s->tp + s->fn) : 1;
	return *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

/* Score both splitters on the set; print the misses when verbose. */
static double
evaluate(const char *path, int print, int verbose)
{
	struct score ours = {0}, orig = {0};
	struct spans s = {0};
	struct para *v;
	size_t np, ns, i, k, *got = NULL;
	double p, r, f, of;

	v = load(path, &np, &ns);
	if (v == NULL) {
		printf("FAIL cannot read %s\n", path);
		failures++;
		return 0;
	}
	for (i = 0; i < np; i++) {
		const char *t = (const char *)v[i].text.p;
		size_t n = v[i].text.len, ng;

		s.n = 0;
		sent_split(t, n, 0, 0, &s);
		got = erealloc(got, (s.n + n + 1) * sizeof *got);
		for (k = 1; k < s.n; k++)
			got[k - 1] = s.v[k].b;
		count(&ours, v[i].gold, v[i].ngold, got, s.n ? s.n - 1 : 0);
		if (verbose)
			for (k = 1; k < s.n; k++) {
				size_t j;

				for (j = 0; j < v[i].ngold &&
				    v[i].gold[j] != s.v[k].b; j++)
					;
				if (j == v[i].ngold)
					printf("# extra: ...%.30s|%.30s\n",
					    t + (s.v[k].b > 30 ? s.v[k].b - 30 :
					    0), t + s.v[k].b);
			}
		if (verbose)
			for (k = 0; k < v[i].ngold; k++) {
				size_t j;

				for (j = 1; j < s.n && s.v[j].b !=
				    v[i].gold[k]; j++)
					;
				if (j >= s.n)
					printf("# missed: ...%.30s|%.30s\n",
					    t + (v[i].gold[k] > 30 ?
					    v[i].gold[k] - 30 : 0),
					    t + v[i].gold[k]);
			}
		ng = orig_split(t, n, got);
		count(&orig, v[i].gold, v[i].ngold, got, ng);
		buf_free(&v[i].text);
		free(v[i].gold);
	}
	free(got);
	free(v);
	spans_free(&s);
	f = f1(&ours, &p, &r);
	if (print) {
		printf("labelled set: %zu paragraphs, %zu sentences, "
		    "%zu boundaries\n", np, ns, ns - np);
		printf("wikipipe sent_split:  P %.4f  R %.4f  F1 %.4f  "
		    "(tp %zu fp %zu fn %zu)\n", p, r, f, ours.tp, ours.fp,
		    ours.fn);
		of = f1(&orig, &p, &r);
		printf("original regex rule:  P %.4f  R %.4f  F1 %.4f  "
		    "(tp %zu fp %zu fn %zu)\n", p, r, of, orig.tp, orig.fp,
		    orig.fn);
	}
	return f;
}

static void
split_stdin(void)
{
	struct buf b = {0};
	struct spans s = {0};
	char tmp[65536];
	size_t n, i;

	while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0)
		buf_add(&b, tmp, n);
	sent_split((const char *)b.p, b.len, 0, 0, &s);
	for (i = 0; i < s.n; i++)
		printf("%.*s\n", (int)(s.v[i].e - s.v[i].b),
		    (const char *)b.p + s.v[i].b);
	spans_free(&s);
	buf_free(&b);
}

int
main(int argc, char *argv[])
{
	const char *data = getenv("DATA");
	char path[4096];
	double f;

	log_init(argv[0]);
	if (argc == 3 && strcmp(argv[1], "--f1") == 0) {
		evaluate(argv[2], 1, getenv("VERBOSE") != NULL);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--split") == 0) {
		split_stdin();
		return 0;
	}
	test_rules();
	test_scripts();
	test_paras();
	test_segdoc();
	snprintf(path, sizeof path, "%s/sentences.txt",
	    data != NULL ? data : "tests/data");
	f = evaluate(path, 0, 0);
	if (f < 0.97) {
		printf("FAIL boundary F1 %.4f on %s is below 0.97\n", f, path);
		failures++;
	}
	snprintf(path, sizeof path, "%s/sentences.heldout.txt",
	    data != NULL ? data : "tests/data");
	f = evaluate(path, 0, 0);
	if (f < 0.97) {
		printf("FAIL boundary F1 %.4f on %s is below 0.97\n", f, path);
		failures++;
	}
	if (failures)
		printf("%d failure(s)\n", failures);
	return failures != 0;
}
