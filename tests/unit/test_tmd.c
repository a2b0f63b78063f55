/* SPDX-License-Identifier: ISC */
/*
 * test_tmd: the schema v1 table, packing, lookups, the answer parser and
 * the heuristic labeller's word-boundary and determinism rules.
 */
#include <stdio.h>
#include <string.h>

#include "common/tmd.h"
#include "common/util.h"

static int failed;

#define CHECK(c) do { if (!(c)) { \
	printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
	failed++; } } while (0)

static void
test_table(void)
{
	CHECK(tmd_count(TMD_DOMAIN) == 16);
	CHECK(tmd_count(TMD_TASK) == 32);
	CHECK(tmd_count(TMD_MODIFIER) == 64);
	/* Spot checks against ORIGINAL.md 10.1, at both ends of each list. */
	CHECK(strcmp(tmd_name(TMD_DOMAIN, 0), "Science") == 0);
	CHECK(strcmp(tmd_name(TMD_DOMAIN, 3), "Engineering") == 0);
	CHECK(strcmp(tmd_name(TMD_DOMAIN, 7), "History") == 0);
	CHECK(strcmp(tmd_name(TMD_DOMAIN, 15), "Software") == 0);
	CHECK(strcmp(tmd_name(TMD_TASK, 0), "Fact Retrieval") == 0);
	CHECK(strcmp(tmd_name(TMD_TASK, 18), "Temporal Reasoning") == 0);
	CHECK(strcmp(tmd_name(TMD_TASK, 31), "Prompt Completion") == 0);
	CHECK(strcmp(tmd_name(TMD_MODIFIER, 0), "Biochemical") == 0);
	CHECK(strcmp(tmd_name(TMD_MODIFIER, 27), "Descriptive") == 0);
	CHECK(strcmp(tmd_name(TMD_MODIFIER, 57), "Analog-sensitive") == 0);
	CHECK(strcmp(tmd_name(TMD_MODIFIER, 63), "Compression-optimized") == 0);
	CHECK(tmd_name(TMD_DOMAIN, 16) == NULL);
	CHECK(tmd_name(TMD_TASK, -1) == NULL);
	CHECK(tmd_name(TMD_MODIFIER, 64) == NULL);
}

static void
test_lookup(void)
{
	enum tmd_field f;
	int i;

	/* Every name maps back to its code. */
	for (f = TMD_DOMAIN; f <= TMD_MODIFIER; f++)
		for (i = 0; i < tmd_count(f); i++) {
			const char *s = tmd_name(f, i);
			CHECK(tmd_lookup(f, s, strlen(s)) == i);
		}
	CHECK(tmd_lookup(TMD_TASK, "fact_retrieval", 14) == 0);
	CHECK(tmd_lookup(TMD_TASK, "TEMPORAL-REASONING", 18) == 18);
	CHECK(tmd_lookup(TMD_MODIFIER, "analog sensitive", 16) == 57);
	CHECK(tmd_lookup(TMD_DOMAIN, "7", 1) == 7);
	CHECK(tmd_lookup(TMD_DOMAIN, "16", 2) == -1);
	CHECK(tmd_lookup(TMD_DOMAIN, "Geography", 9) == -1);
	CHECK(tmd_lookup(TMD_DOMAIN, "Hist", 4) == -1);
	CHECK(tmd_lookup(TMD_DOMAIN, "", 0) == -1);
}

static void
test_pack(void)
{
	int d, t, m, bad = 0;
	char lane[16];

	CHECK(tmd_pack(0, 0, 0) == 0);
	CHECK(tmd_pack(15, 31, 63) == 32767);
	CHECK(tmd_pack(7, 18, 5) == (7u << 11 | 18u << 6 | 5u));
	CHECK(tmd_pack(2, 5, 9) == 4425);
	/* Round trip over the whole space. */
	for (d = 0; d < 16; d++)
		for (t = 0; t < 32; t++)
			for (m = 0; m < 64; m++) {
				int a, b, c;
				unsigned bits = tmd_pack(d, t, m);
				if (bits > TMD_BITS_MAX ||
				    tmd_unpack(bits, &a, &b, &c) < 0 ||
				    a != d || b != t || c != m)
					bad++;
			}
	CHECK(bad == 0);
	CHECK(tmd_unpack(32768, &d, &t, &m) < 0);
	CHECK(tmd_unpack(-1, &d, &t, &m) < 0);
	CHECK(tmd_valid(15, 31, 63));
	CHECK(!tmd_valid(16, 0, 0));
	CHECK(!tmd_valid(0, 32, 0));
	CHECK(!tmd_valid(0, 0, 64));
	CHECK(!tmd_valid(-1, 0, 0));
	CHECK(tmd_lane(7, lane, sizeof lane) == 6 && strcmp(lane, "lane_7") == 0);
	CHECK(tmd_lane(15, lane, sizeof lane) == 7 &&
	    strcmp(lane, "lane_15") == 0);
}

static void
test_list(void)
{
	struct buf b = {0};
	char *s;

	tmd_list(&b, 0);
	s = buf_cstr(&b);
	CHECK(strncmp(s, "domain\t0\tScience\n", 17) == 0);
	CHECK(strstr(s, "task\t31\tPrompt Completion\n") != NULL);
	CHECK(strstr(s, "modifier\t63\tCompression-optimized\n") != NULL);
	buf_free(&b);
	tmd_list(&b, 1);
	s = buf_cstr(&b);
	CHECK(strncmp(s, "{\"schema\":\"v1\",\"domain\":[\"Science\",", 35) == 0);
	buf_free(&b);
}

static void
test_answer(void)
{
	char why[80];
	int d = -1, t = -1, m = -1;

#define OK(s, a, b, c) do { d = t = m = -1; \
	CHECK(tmd_parse_answer(s, strlen(s), &d, &t, &m, why, sizeof why) == 0 \
	    && d == (a) && t == (b) && m == (c)); } while (0)
#define BAD(s) CHECK(tmd_parse_answer(s, strlen(s), &d, &t, &m, why, \
	sizeof why) < 0)
	OK("7,18,5", 7, 18, 5);
	OK(" 15, 14, 9.\n", 15, 14, 9);
	OK("0,0,0", 0, 0, 0);
	OK("15,31,63", 15, 31, 63);
	BAD("");
	BAD("7,18");
	BAD("7,18,5,1");
	BAD("Answer: 7,18,5");
	BAD("7,18,5 because");
	BAD("16,0,0");
	BAD("0,32,0");
	BAD("0,0,64");
	BAD("-1,0,0");
	BAD("7;18;5");
	BAD("0007,1,1");
	BAD("7.5,1,1");
#undef OK
#undef BAD
}

static void
test_prompt(void)
{
	struct buf b = {0};
	char *s;

	tmd_prompt(&b, "Some text.", 10);
	s = buf_cstr(&b);
	CHECK(strstr(s, "0=Science, 1=Mathematics") != NULL);
	CHECK(strstr(s, "31=Prompt Completion") != NULL);
	CHECK(strstr(s, "63=Compression-optimized") != NULL);
	CHECK(strstr(s, "<passage>\nSome text.\n</passage>\n") != NULL);
	buf_free(&b);
}

static struct tmd_label
label(const char *s)
{
	struct tmd_label l;

	tmd_heur(s, strlen(s), &l);
	return l;
}

static void
test_heur(void)
{
	struct tmd_label a, b;
	int sc[TMD_NDOMAIN], i, sum;

	/* Word boundaries: "war" inside "warm", "art" inside "artisan". */
	tmd_heur_scores("the warm artisan startled", 25, sc);
	for (i = sum = 0; i < TMD_NDOMAIN; i++)
		sum += sc[i];
	CHECK(sum == 0);
	/* Years alone are not History (the original's defect). */
	tmd_heur_scores("In 1850, 1851 and 1852 it grew.", 31, sc);
	CHECK(sc[7] == 0);
	/* Plurals fall back to the singular entry. */
	tmd_heur_scores("churches", 8, sc);
	CHECK(sc[6] > 0);
	/* Clear cases. */
	a = label("The army besieged the castle during the war, and the "
	    "king's soldiers defended the fortress.");
	CHECK(a.d == 7);
	CHECK(a.confidence > 0.3);
	a = label("A compiler translates source code written in a programming"
	    " language into machine code.");
	CHECK(a.d == 15);
	a = label("The patient was diagnosed with a bacterial infection and "
	    "treated with antibiotics in hospital.");
	CHECK(a.d == 4);
	a = label("The theorem was proved by induction.");
	CHECK(a.d == 1 && a.t == 16);
	a = label("Floods were caused by heavy rainfall.");
	CHECK(a.t == 3);
	/* Nothing to go on: defaults and zero confidence. */
	a = label("");
	CHECK(a.confidence == 0 && a.t == 0);
	a = label("Xyzzy plugh.");
	CHECK(a.confidence == 0);
	/* Case does not matter; result is deterministic. */
	a = label("THE NOVEL WAS PUBLISHED BY THE POET.");
	b = label("the novel was published by the poet.");
	CHECK(a.d == b.d && a.t == b.t && a.m == b.m &&
	    a.confidence == b.confidence);
	CHECK(a.d == 8);
	/* Non-ASCII bytes are word characters and never crash. */
	a = label("Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve \xff\xfe");
	CHECK(a.confidence >= 0 && a.confidence <= 1);
	/* Confidence stays within [0, 1]. */
	a = label("physics physics physics physics physics physics physics");
	CHECK(a.d == 0 && a.confidence > 0.5 && a.confidence <= 1.0);
}

int
main(void)
{
	test_table();
	test_lookup();
	test_pack();
	test_list();
	test_answer();
	test_prompt();
	test_heur();
	if (failed)
		printf("test_tmd: %d checks failed\n", failed);
	return failed != 0;
}
