# Residual markup on the real main dump: none of the debris wikiextractor
# leaves (tables, refs, entities, quotes, templates outside TeX).
. "$TESTS/lib/lib.sh"
need_wikidata
G=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
# The text values only (the JSON of infobox maps ends in "}}").
text() { rec-dump | sed 's/.*"text":"\(\([^"\\]\|\\.\)*\)".*/\1/'; }
wiki-fetch -q --math drop "$G" | text >out.jsonl
expect_no_grep out.jsonl "\{\{|\}\}|\[\[|\]\]|<ref|colspan|&amp;|'''|formula_|\\|-|__NOTOC__|thumb\\|"
wiki-fetch -q --tables "$G" | text >tables.jsonl
expect_no_grep tables.jsonl 'colspan=|rowspan=|class="wikitable|\|-'
# Lists are kept: Albedo's list of effects follows "the effects are:".
expect_grep out.jsonl 'effects are:\\n\\n[A-Z][^\\]*\\n[A-Z]'
