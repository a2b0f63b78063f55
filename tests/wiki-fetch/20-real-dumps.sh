# The real dumps of ../shared/wikidata: every page accounted for
# (read = emitted + skipped), with the default filters and with all.
. "$TESTS/lib/lib.sh"
need_wikidata
need_cmd bzip2
W=$WIKIDATA
field() { sed -n "s/.*\"$1\": \([0-9]*\),.*/\1/p" st.json; }
check() {	# file pages-read [options]
	f=$1 want=$2; shift 2
	wiki-fetch -q --stats st.json "$@" "$f" >out.mp || fail "$f: exit $?"
	read=$(field pages_read) em=$(field emitted) sk=$(field skipped)
	expect_eq "$read" "$want" "$f: pages read"
	expect_eq "$((em + sk))" "$read" "$f: emitted + skipped"
	expect_eq "$(rec-dump -c out.mp)" "$em" "$f: records"
}
G=$W/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
for opts in "" "-N all --redirects emit --min-chars 0"; do
	check "$G" 206 $opts
	check "$W/gensim/enwiki-table-markup.xml.bz2" 5 $opts
	check "$W/wikidump-rs/enwiki-10k.xml.bz2" 196 $opts
	check "$W/wikidump-rs/enwiki-articles-partial.xml" 11 $opts
	check "$W/wikidump-rs/simplewiki.xml.bz2" 7 $opts
	check "$W/derived/enwiki-shortened-multistream.xml.bz2" 206 $opts
	check "$W/derived/enwiki-10k.jsonl" 196 $opts
	check "$W/derived/wtf-cache.jsonl" 60 $opts --wikitext
done
# With every filter open, only pages with no text left are skipped.
check "$G" 206 -N all --redirects emit --min-chars 0
expect_eq "$(field emitted)" 206 "gensim, nothing filtered"
# The default run: 106 articles, as wikiextractor; none of its ids lost.
check "$G" 206
expect_eq "$(field emitted)" 106 "gensim articles"
rec-dump out.mp | sed 's/^{"source":"[^"]*","doc_id":"[^"]*","page_id":\([0-9]*\),.*/\1/' | sort >ours.ids
bzip2 -dc "$W/peer-output/wikiextractor-3.0.8-git9d4c6a1__enwiki-shortened.jsonl.bz2" |
	sed 's/^{"id": "\([0-9]*\)".*/\1/' | sort >peer.ids
expect_eq "$(comm -13 ours.ids peer.ids | tr '\n' ' ')" "" "articles wikiextractor keeps and we lost"
# Multistream and single stream give the same records.
wiki-fetch -q --source s "$G" | rec-dump >single.jsonl
wiki-fetch -q --source s "$W/derived/enwiki-shortened-multistream.xml.bz2" | rec-dump >multi.jsonl
expect_same single.jsonl multi.jsonl
# The localised namespaces of enwiki-10k: Wikipedia:, Category:, File: ...
check "$W/wikidump-rs/enwiki-10k.xml.bz2" 196 -N 14 --min-chars 0
expect_eq "$(field emitted)" 6 "enwiki-10k category pages"
