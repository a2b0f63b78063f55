# Sentences in every script (issue 24): on every Universal Dependencies
# dev set in ../shared/ud, chunk-semantic's sentence boundary F1
# (--min-words 1, one sentence a chunk) is at least ICU's minus 0.02, both
# measured in this run.  The scoring is bench/sentences-lib.sh's, as in
# bench/sentences.sh: paragraphs from "# newpar"/"# newdoc", paragraph
# ends not counted.
. "$TESTS/lib/lib.sh"
UD=${UD:-$(dirname "$WIKIDATA")/ud}
[ -d "$UD" ] || skip "UD dev sets not found at $UD (shared/ud absent)"
set -- "$UD"/*.conllu
[ -f "$1" ] || skip "no .conllu file in $UD"
ICUSEG=${ICUSEG:-$(dirname "$WIKIPIPE_BIN")/tools/icu-seg}
[ -x "$ICUSEG" ] || skip "$ICUSEG not built (make tools)"
. "$ROOT/bench/sentences-lib.sh"
for f; do
	ud_f1 "$f" "ud-$(ud_lang "$f")"
done > f1.txt
expect_eq "$(wc -l < f1.txt | tr -d ' ')" "$#" "scored dev sets"
# lang sents bounds space paragraphs wp_P wp_R wp_F1 icu_P icu_R icu_F1
awk '$8 == "nan" || $11 == "nan" || $8 + 0 < $11 - 0.02 {
	printf "%s: F1 %s, ICU %s (%s boundaries)\n", $1, $8, $11, $3 }' \
    f1.txt > low.txt
if [ -s low.txt ]; then
	cat f1.txt >&2
	fail "sentence F1 below ICU's - 0.02: $(tr '\n' ';' < low.txt)"
fi
