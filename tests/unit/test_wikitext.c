/* SPDX-License-Identifier: ISC */
/*
 * test_wikitext: the wikitext cleaner of wiki-fetch, one markup feature
 * per case.  The cleaner is linked into wiki-fetch alone, so the Makefile
 * links its objects (filters/wiki-fetch-wikitext*.c) into this test too.
 * Every text is written for this test.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/util.h"
#include "filters/wiki-fetch.h"

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		failures++; \
		printf("FAIL %s:%d: ", __FILE__, __LINE__); \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} \
} while (0)

static struct wt_result res;

static const char *
clean_o(const struct wt_opts *o, const char *in)
{
	struct wt *w = wt_new(o);

	wt_clean(w, "Page Title", in, strlen(in), &res);
	wt_free(w);
	return (const char *)res.text.p;
}

static const char *
clean(const char *in)
{
	struct wt_opts o = { HEAD_KEEP, 0, 1, 1, 0, NULL };

	return clean_o(&o, in);
}

#define EXPECT(in, want) do { \
	const char *got_ = clean(in); \
	CHECK(strcmp(got_, want) == 0, "clean(%s)\n  got  [%s]\n  want [%s]", \
	    #in, got_, want); \
} while (0)

static void
test_inline(void)
{
	EXPECT("'''Bold''' and ''italic'' and '''''both'''''.",
	    "Bold and italic and both.");
	EXPECT("It''''s odd.", "It's odd.");
	EXPECT("A [[link]], a [[target|label]], [[bus]]es.",
	    "A link, a label, buses.");
	EXPECT("[[Quill (bridge)|]] and [[Help:Pipe trick|]].",
	    "Quill and Pipe trick.");
	EXPECT("See [[#History|below]] and [[#Notes]].", "See below and Notes.");
	EXPECT("[[:Category:Bridges]] is shown.", "Category:Bridges is shown.");
	EXPECT("[http://example.org Example] and [https://x.org] and "
	    "[not a link].", "Example and and [not a link].");
	EXPECT("Fish &amp; chips&nbsp;&mdash; &lt;tasty&gt; &#233;&#x263A;.",
	    "Fish & chips — <tasty> é☺.");
	EXPECT("An &unknown; entity stays.", "An &unknown; entity stays.");
	EXPECT("<nowiki>''not bold'' [[not a link]]</nowiki> text.",
	    "''not bold'' [[not a link]] text.");
	EXPECT("Line<br>break and<br /> another.",
	    "Line\nbreak and\nanother.");
	EXPECT("H<sub>2</sub>O and <span style=\"x\">span</span>.",
	    "H2O and span.");
	EXPECT("a < b and c > d", "a < b and c > d");
	EXPECT("__NOTOC__Text __NOEDITSECTION__here.", "Text here.");
}

static void
test_removed(void)
{
	EXPECT("Fact.<ref>A source.</ref> More.<ref name=\"a\"/> End.",
	    "Fact. More. End.");
	EXPECT("Fact.<ref name=\"b\">Multi\nline ref</ref> Next.",
	    "Fact. Next.");
	EXPECT("Visible<!-- hidden\ncomment --> text.", "Visible text.");
	EXPECT("Text.<!-- never closed", "Text.");
	EXPECT("Before.\n<gallery>\nFile:A.jpg|Caption\n</gallery>\nAfter.",
	    "Before.\n\nAfter.");
	EXPECT("<templatestyles src=\"x.css\" />Styled.", "Styled.");
	EXPECT("[[File:A.jpg|thumb|A [[nested]] caption]]Start.", "Start.");
	EXPECT("[[Image:B.png|left]]Start.", "Start.");
	/* Namespace names in any case, '_' as ' ', blanks around. */
	EXPECT("[[image:B.png|thumb|Cap]]Start.", "Start.");
	EXPECT("[[ FILE _:B.png|thumb|Cap]]Start.", "Start.");
	EXPECT("[[file_name:B]] stays.", "file name:B stays.");
	EXPECT("A {{TEMPLATE:Nowrap|b c}} d {{template : lang|x|e}}.",
	    "A b c d e.");
	EXPECT("Word.\n[[CATEGORY:Things]]", "Word.");
	CHECK(res.ncat == 1, "CATEGORY: %zu", res.ncat);
	/* Table rows and ends left by templates that open the table. */
	EXPECT("Life.\n{{s-start}}\n{{s-ttl|title=King}}\n|-\n"
	    "|- style=\"x\"\n{{s-end}}\nDeath.", "Life.\n\nDeath.");
	EXPECT("A.\n{{col-begin}}\n| Left\n|}\nB.", "A.\n\nLeft\n\nB.");
	EXPECT("Text.\n[[de:Text]]\n[[zh-min-nan:Text]]\n[[simple:Text]]",
	    "Text.");
	EXPECT("Word.\n[[Category:Things|sort]]\n[[Category:Other things]]",
	    "Word.");
	CHECK(res.ncat == 2 && res.cat_len[0] == 6 &&
	    memcmp(res.strs.p + res.cat_off[0], "Things", 6) == 0,
	    "categories: %zu", res.ncat);
	EXPECT("Born {{birth date|1950|5|3}}{{cn}}, died.",
	    "Born 3 May 1950, died.");
	EXPECT("The Greek {{unknown template|grc|x}}, i.e. this.",
	    "The Greek, i.e. this.");
	EXPECT("Name ({{IPA-not-known}}; {{dropped|x}}) is.", "Name is.");
	EXPECT("Name ({{dropped}}; born 1900) is.", "Name (born 1900) is.");
	EXPECT("A {{#if:x|y|z}} b {{DEFAULTSORT:Key}}.", "A b.");
	EXPECT("Unclosed {{template and text", "Unclosed template and text");
	EXPECT("Stray }} and ]] go.", "Stray and go.");
	EXPECT("<math>\\frac{a}{b}}}</math> in {{nowrap|a <math>x}}</math>}}",
	    "\\frac{a}{b}}} in a x}}");
}

static void
test_templates(void)
{
	EXPECT("{{convert|5|km|mi}} and {{convert|3|to|5|mi|km}} and "
	    "{{cvt|10|-|20|km2}}.", "5 km and 3 to 5 mi and 10–20 km².");
	EXPECT("{{lang|fr|bonjour}} {{lang-de|Brücke}} {{transl|ar|DIN|qalam}}",
	    "bonjour Brücke qalam");
	EXPECT("{{nihongo|Tokyo|東京|Tōkyō}} {{nihongo||東京|Tōkyō}}",
	    "Tokyo (東京, Tōkyō) 東京 (Tōkyō)");
	EXPECT("{{formatnum:1234567}} {{formatnum:1234.5}} {{formatnum:12}}",
	    "1,234,567 1,234.5 12");
	EXPECT("{{IPAc-en|ˈ|k|w|ɪ|l}} {{IPA-fr|pɔ̃}}", "/ˈkwɪl/ pɔ̃");
	EXPECT("{{start date|1898|6|15}}, {{birth date|1898|6|15|mf=y}}, "
	    "{{death date|1950|2}}, {{date|1900}}.",
	    "15 June 1898, June 15, 1898, February 1950, 1900.");
	EXPECT("{{circa|1890}} {{fl.|1400}} {{frac|1|2}} {{frac|3|1|4}} "
	    "{{frac|8}}", "c. 1890 fl. 1400 1/2 3 1/4 1/8");
	EXPECT("{{nowrap|kept text}} {{small|small}} {{sic|teh}} "
	    "{{not a typo|wierd}}", "kept text small teh wierd");
	EXPECT("a{{ndash}}b{{snd}}c{{mdash}}d{{!}}e", "a–b – c—d|e");
	EXPECT("{{val|1.5|0.1|u=m}} {{US$|100}} {{as of|2020}}",
	    "1.5 ± 0.1 m US$100 As of 2020");
	EXPECT("{{PAGENAME}} is {{lc:Here}}.", "Page Title is Here.");
	EXPECT("{{hlist|one|two|three}}", "one, two, three");
	EXPECT("Intro.\n{{quote|Quoted words.}}\nAfter.",
	    "Intro.\n\nQuoted words.\n\nAfter.");
	EXPECT("{{Lang|es|hola}} {{Template:Nowrap|x}} {{subst:nowrap|y}}",
	    "hola x y");
	EXPECT("{{gloss|bridge}} {{lit|feather}}", "‘bridge’ lit. ‘feather’");
	EXPECT("{{respell|KWIL|fedh|ər}}, {{chem|H|2|O}}, {{angbr|x}}, "
	    "{{color|red|warm}}", "KWIL-fedh-ər, H2O, ⟨x⟩, warm");
}

static void
test_blocks(void)
{
	struct wt_opts drop = { HEAD_DROP, 0, 1, 1, 0, NULL };
	struct wt_opts mark = { HEAD_MARK, 0, 1, 1, 0, NULL };
	struct wt_opts tables = { HEAD_KEEP, 1, 1, 1, 0, NULL };
	struct wt_opts nomath = { HEAD_KEEP, 0, 0, 0, 0, NULL };
	const char *got;

	EXPECT("One line\nsame paragraph.\n\nNew paragraph.",
	    "One line same paragraph.\n\nNew paragraph.");
	EXPECT("Intro:\n* one\n* two\n** two a\n# three\n; term\n: definition\n"
	    "After.", "Intro:\n\none\ntwo\ntwo a\nthree\nterm\ndefinition\n\n"
	    "After.");
	EXPECT("Lead.\n== History ==\nOld.\n=== Early ===\nVery old.\n"
	    "== Empty ==\n== Notes ==\n{{reflist}}\n== Late ==\nNew.",
	    "Lead.\n\nHistory\n\nOld.\n\nEarly\n\nVery old.\n\nLate\n\nNew.");
	CHECK(res.nsec == 3, "sections: %zu", res.nsec);
	CHECK(res.nsec == 3 && res.sec[1].level == 3 && res.sec[1].para == 3 &&
	    res.sec[1].path_len == 15 && memcmp(res.strs.p +
	    res.sec[1].path_off, "History > Early", 15) == 0,
	    "section path");
	CHECK(res.nsec == 3 && res.sec[2].offset == 40 &&
	    memcmp(res.text.p + res.sec[2].offset, "Late", 4) == 0,
	    "section offset %zu", res.nsec ? res.sec[2].offset : 0);
	got = clean_o(&drop, "Lead.\n== A ==\nBody.\n== B [[x|y]] ==\nMore.");
	CHECK(strcmp(got, "Lead.\n\nBody.\n\nMore.") == 0, "drop: [%s]", got);
	CHECK(res.nsec == 2 && res.sec[1].para == 2 && res.sec[1].offset == 14
	    && res.sec[1].title_len == 3, "drop sections");
	got = clean_o(&mark, "== A ==\nBody.\n=== B ===\nMore.");
	CHECK(strcmp(got, "== A ==\n\nBody.\n\n=== B ===\n\nMore.") == 0,
	    "mark: [%s]", got);
	EXPECT("Before.\n{| class=\"wikitable\"\n|-\n! A !! B\n|-\n| colspan=2 "
	    "| c || d\n|}\nAfter.", "Before.\n\nAfter.");
	got = clean_o(&tables, "Before.\n{| class=\"wikitable\"\n|+ Cap\n|-\n"
	    "! A !! B\n|-\n| style=\"x\" | c || d\n|-\n| e\n| f\n|}\nAfter.");
	CHECK(strcmp(got, "Before.\n\nCap\nA; B\nc; d\ne; f\n\nAfter.") == 0,
	    "tables: [%s]", got);
	got = clean_o(&tables, "{|\n|-\n| A\n| colspan=\"5\" {{Yes}}\n"
	    "| bgcolor=white colspan=2\n| align=left | x=5\n|}");
	CHECK(strcmp(got, "A; x=5") == 0, "attribute cells: [%s]", got);
	EXPECT("Out.\n{|\n| outer\n{|\n| inner\n|}\n|}\nEnd.", "Out.\n\nEnd.");
	EXPECT("Text <math>x^2 + y'' = 1</math> end.", "Text x^2 + y'' = 1 end.");
	got = clean_o(&nomath, "Text <math>x^2</math> end.\n* item\nMore.");
	CHECK(strcmp(got, "Text end.\n\nMore.") == 0, "no math/lists: [%s]",
	    got);
	EXPECT("<pre>\ncode  line\n</pre>", "code line");
	EXPECT("<poem>\nline one\nline two\n</poem>", "line one\nline two");
	EXPECT("Text\n----\nMore", "Text\n\nMore");
}

static void
test_infobox(void)
{
	const char *got = clean("{{Infobox bridge\n| name = The ''Quill''\n"
	    "| crosses = [[Ember River|the Ember]]\n| empty =\n"
	    "| list = \n* one\n* two\n}}\nBody.");

	CHECK(strcmp(got, "Body.") == 0, "infobox text: [%s]", got);
	CHECK(res.has_box && res.nbox == 3, "infobox fields: %zu", res.nbox);
	if (res.nbox == 3) {
		CHECK(memcmp(res.strs.p + res.box[0].v_off, "The Quill", 9) == 0,
		    "infobox name value");
		CHECK(res.box[2].v_len == 8 && memcmp(res.strs.p +
		    res.box[2].v_off, "one, two", 8) == 0, "list value [%.*s]",
		    (int)res.box[2].v_len, res.strs.p + res.box[2].v_off);
	}
	clean("{{Disambiguation}}");
	CHECK(res.disambig, "disambiguation template");
	clean("Text __DISAMBIG__");
	CHECK(res.disambig, "__DISAMBIG__");
	clean("{{school disambiguation}}");
	CHECK(res.disambig, "x disambiguation");
	clean("{{Navbox|x}}");
	CHECK(!res.disambig && !res.has_box, "navbox");
}

static void
test_helpers(void)
{
	struct buf b = {0};
	const char *s;

	s = "#REDIRECT [[Target page]]";
	CHECK(wt_redirect(s, strlen(s), &b) && strcmp((char *)b.p,
	    "Target page") == 0, "redirect");
	s = "  #redirect:[[T#Sec|x]]";
	CHECK(wt_redirect(s, strlen(s), &b) && strcmp((char *)b.p, "T#Sec") == 0,
	    "redirect lower");
	s = "#WEITERLEITUNG [[Ziel]]";
	CHECK(wt_redirect(s, strlen(s), &b), "redirect de");
	s = "#đổi [[Đích]]";
	CHECK(wt_redirect(s, strlen(s), &b), "redirect vi");
	s = "#ĐỔI [[Đích]]";
	CHECK(wt_redirect(s, strlen(s), &b), "redirect vi upper");
	s = "# a numbered item";
	CHECK(!wt_redirect(s, strlen(s), &b), "not a redirect");
	s = "#REDIRECT no link";
	CHECK(!wt_redirect(s, strlen(s), &b), "redirect without link");
	CHECK(wt_disambig_title("Ember (disambiguation)"), "disambig title");
	CHECK(!wt_disambig_title("Ember"), "plain title");
	b.len = 0;
	buf_add(&b, "ok \xff\xc3(\xed\xa0\x80 \x01\xc3\xa9", 13);
	CHECK(wt_fix_utf8(&b) == 5, "invalid utf-8 count");
	CHECK(b.len == 23 && memcmp(b.p, "ok \xef\xbf\xbd\xef\xbf\xbd(", 10) == 0,
	    "utf-8 replaced: %zu", b.len);
	CHECK(wt_chars("h\xc3\xa9llo", 6) == 5, "chars");
	buf_free(&b);
}

static void
test_robust(void)
{
	struct buf b = {0};
	const char *got;
	int i;

	/* Deep nesting and unbalanced markup must not crash or hang. */
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "{{a|[[b|");
	buf_adds(&b, "end");
	got = clean((char *)buf_cstr(&b));
	CHECK(got != NULL, "deep nesting");
	b.len = 0;
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "<ref>x ");
	got = clean((char *)buf_cstr(&b));
	CHECK(got != NULL, "unclosed refs");
	/* Broken markup is cleaned in linear time, not quadratic. */
	{
		static const char *const pats[] = { "{{a ", "[[a ", "<ref>a ",
		    "<ref name=\"a ", "[http://x [[a ", NULL };
		int k;

		for (k = 0; pats[k]; k++) {
			clock_t t0 = clock();

			b.len = 0;
			for (i = 0; i < 100000; i++)
				buf_adds(&b, pats[k]);
			clean((char *)buf_cstr(&b));
			CHECK(clock() - t0 < 3 * CLOCKS_PER_SEC,
			    "%s x 100000 took %.1f s", pats[k],
			    (double)(clock() - t0) / CLOCKS_PER_SEC);
		}
	}
	EXPECT("", "");
	EXPECT("\n\n\n", "");
	EXPECT("[[", "");
	EXPECT("{{", "");
	EXPECT("<", "<");
	EXPECT("'''", "");
	buf_free(&b);
}

int
main(void)
{
	test_inline();
	test_removed();
	test_templates();
	test_blocks();
	test_infobox();
	test_helpers();
	test_robust();
	wt_result_free(&res);
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
