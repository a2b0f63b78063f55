# On the real English dump and the four of wikidata/multilingual, no chunk
# comes from a reference or link section by default, and some do with
# --keep-sections (bench/wiki-fetch-sections.py prints the counts by
# heading; bench/wiki-fetch-sections.sh runs it on more dumps).
. "$TESTS/lib/lib.sh"
need_wikidata
need_cmd python3
chunks() {	# out dump wiki-fetch-options...
	_o=$1 _d=$2; shift 2
	{ wiki-fetch -q "$@" "$_d" 2>/dev/null || :; } | chunk-episode |
	    chunk-semantic | rec-dump >"$_o"
}
n=0
for d in "$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2" \
    "$WIKIDATA"/multilingual/*.bz2; do
	[ -f "$d" ] || continue
	b=$(basename "$d" .bz2)
	chunks "$b.default" "$d" --stats "$b.json"
	chunks "$b.keep" "$d" --keep-sections
	python3 "$ROOT/bench/wiki-fetch-sections.py" --check "$b" "$b.json" \
	    "$b.default" "$b.keep" >"$b.txt" ||
	    { cat "$b.txt" >&2; fail "$b: chunks of dropped sections"; }
	cat "$b.txt" >&2
	n=$((n + 1))
done
[ "$n" -ge 1 ] || skip "no dump found in $WIKIDATA"
