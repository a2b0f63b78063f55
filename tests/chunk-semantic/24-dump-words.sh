# Words in every script (issue 24): through wiki-fetch | chunk-episode |
# chunk-semantic, on the first 300 articles of each dump in
# ../shared/wikidata/multilingual and of the English pages, no chunk
# passes --max-words (400) as ICU's word BreakIterator counts words, and
# no dump's p90 chunk size (ICU words) is above twice the English pages'.
# Sizes by bench/sentences-lib.sh, as in bench/sentences.sh.
. "$TESTS/lib/lib.sh"
need_wikidata
set -- "$WIKIDATA"/multilingual/*.bz2
[ -f "$1" ] || skip "no multilingual dumps in $WIKIDATA/multilingual"
en=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
[ -f "$en" ] || skip "$en not found"
ICUSEG=${ICUSEG:-$(dirname "$WIKIPIPE_BIN")/tools/icu-seg}
[ -x "$ICUSEG" ] || skip "$ICUSEG not built (make tools)"
. "$ROOT/bench/sentences-lib.sh"
# name articles chunks icu_p50 icu_p90 icu_max wc_p50 wc_p90 wc_max over
r=$(dump_sizes "$en" en 300 400 en)
echo "en $r" > sizes.txt
for f; do
	l=$(basename "$f"); l=${l%%wiki*}
	r=$(dump_sizes "$f" "$l" 300 400 "d-$l")
	echo "$l $r" >> sizes.txt
done
expect_eq "$(wc -l < sizes.txt | tr -d ' ')" "$(($# + 1))" "dumps measured"
awk 'NR == 1 { p90 = $5 }
	$3 < 100 { printf "%s: only %d chunks\n", $1, $3 }
	$10 > 0 { printf "%s: %d chunks over 400 ICU words (max %d)\n", $1, $10, $6 }
	$5 > 2 * p90 { printf "%s: p90 %d ICU words, over twice English %d\n", $1, $5, p90 }' \
    sizes.txt > bad.txt
if [ -s bad.txt ]; then
	cat sizes.txt >&2
	fail "$(tr '\n' ';' < bad.txt)"
fi
