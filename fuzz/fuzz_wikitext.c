/* SPDX-License-Identifier: ISC */
/*
 * fuzz_wikitext: wiki-fetch's wikitext cleaner (filters/wiki-fetch-
 * wikitext*.c, through wiki-fetch.h) on arbitrary bytes: wt_clean with the
 * option set picked by byte 0 (two of them with a dump's <siteinfo>
 * names and language, one with --keep-sections, one with
 * --drop-sections), wt_redirect, wt_disambig_title, wt_fix_utf8 and
 * wt_chars.
 *
 * Checks: every offset the cleaner reports (sections, categories,
 * infobox fields) lies inside the strings it returned; the clean text is
 * NUL-terminated at its length.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "filters/wiki-fetch.h"
#include "fuzz/fuzz.h"

static struct wt *cleaner[8];
static struct wt_result res;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	fuzz_quiet(*argv);
	for (i = 0; i < 8; i++) {
		struct wt_opts o = { 0 };

		o.headings = i % 3;	/* HEAD_KEEP, HEAD_DROP, HEAD_MARK */
		o.tables = (i >> 1) & 1;
		o.math = (i >> 2) & 1;
		o.lists = !(i & 1);
		o.keep_sections = i == 5;
		o.drop_sections = i == 6 ? "History, Ιστορία,,x" : NULL;
		cleaner[i] = wt_new(&o);
		if (i >= 6) {
			struct siteinfo si = { 0 };

			/* A French dump's names and aliases; an Armenian
			 * one's (no dbname: the language from xml:lang). */
			if (i == 7) {
				strcpy(si.dbname, "frwiki");
				strcpy(si.ns_file, "Fichier");
				strcpy(si.ns_category, "Catégorie");
				strcpy(si.ns_media, "Média");
				strcpy(si.ns_template, "Modèle");
			} else {
				strcpy(si.lang, "hy");
				strcpy(si.ns_file, "Պատկեր");
			}
			wt_set_site(cleaner[i], &si);
		}
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf target = { 0 }, fix = { 0 };
	char *title, *text;
	size_t i;
	struct wt *w;

	if (size < 1)
		return 0;
	w = cleaner[data[0] & 7];
	data++;
	size--;
	/* A title: the first line, at most 255 bytes. */
	for (i = 0; i < size && i < 255 && data[i] != '\n'; i++)
		;
	title = fuzz_dup(data, i);
	(void)wt_disambig_title(title);

	/* The text is NUL-terminated, as wiki-fetch hands over page.text
	 * (a struct buf after buf_cstr).  wt_find_close() reads the byte
	 * at the end (reported: "q + 1 + n < e" should be "q + 2 + n <= e");
	 * fuzz/regress/wikitext/find-close-overread replays it. */
	text = fuzz_dup(data, size);
	wt_clean(w, title, text, size, &res);
	FUZZ_CHECK(res.text.len == 0 || res.text.p[res.text.len] == '\0');
	for (i = 0; i < res.nsec; i++) {
		FUZZ_CHECK(res.sec[i].title_off + res.sec[i].title_len <=
		    res.strs.len);
		FUZZ_CHECK(res.sec[i].path_off + res.sec[i].path_len <=
		    res.strs.len);
		FUZZ_CHECK(res.sec[i].offset <= res.text.len);
	}
	for (i = 0; i < res.ncat; i++)
		FUZZ_CHECK(res.cat_off[i] + res.cat_len[i] <= res.strs.len);
	for (i = 0; i < res.nbox; i++)
		FUZZ_CHECK(res.box[i].k_off + res.box[i].k_len <=
		    res.strs.len && res.box[i].v_off + res.box[i].v_len <=
		    res.strs.len);
	if (res.has_box)
		FUZZ_CHECK(res.box_name_off + res.box_name_len <=
		    res.strs.len);

	if (wt_redirect((const char *)data, size, &target))
		FUZZ_CHECK(target.len <= size);
	buf_add(&fix, data, size);
	(void)wt_fix_utf8(&fix);
	(void)wt_chars((const char *)fix.p, fix.len);
	buf_free(&fix);
	buf_free(&target);
	free(title);
	free(text);
	return 0;
}
