#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/sentences.sh: sentences and words in every script (issue 24),
# wikipipe beside ICU measured in the same run (bench/icu-seg.c).
#
#  1. Sentence boundary precision, recall and F1 of chunk-semantic
#     (--min-words 1: one sentence a chunk) and of ICU's sentence
#     BreakIterator, against the gold sentences of every Universal
#     Dependencies dev set in ../shared/ud.  Paragraphs are rebuilt from
#     "# newpar"/"# newdoc" and "# text =" lines; paragraph ends are not
#     boundaries (how, in bench/sentences-lib.sh).
#  2. Chunk sizes of the default pipeline wiki-fetch | chunk-episode |
#     chunk-semantic on each dump in ../shared/wikidata/multilingual and
#     the English ones: p50, p90 and max words of a chunk as ICU's word
#     BreakIterator counts them and as its word_count key says, and the
#     chunks over --max-words by ICU's count.
#  3. The same figures for chunk-semantic's default chunks of the UD
#     paragraphs of part 1: the only Japanese, Chinese, Armenian and Urdu
#     running text at hand.
#
# Environment: LIMIT articles per dump (0, all: a few seconds a dump),
# MAX_WORDS (400, chunk-semantic's default), UD and WIKIDATA (the shared
# folders), ICUSEG (build/tools/icu-seg: make tools).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out/sentences
: "${WIKIPIPE_BIN:=$root/build/bin}"
: "${WIKIDATA:=$(cd "$root/.." && pwd)/shared/wikidata}"
: "${UD:=$(dirname "$WIKIDATA")/ud}"
: "${ICUSEG:=$(dirname "$WIKIPIPE_BIN")/tools/icu-seg}"
LIMIT=${LIMIT:-0}
MAX_WORDS=${MAX_WORDS:-400}
PATH=$WIKIPIPE_BIN:$PATH
export ICUSEG
. "$here/sentences-lib.sh"
[ -x "$ICUSEG" ] || { echo "sentences.sh: no $ICUSEG (make tools)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. sentence boundaries ----
echo
set -- "$UD"/*.conllu
have_ud=0
[ -f "$1" ] && have_ud=1
if [ $have_ud = 0 ]; then
	echo "sentences: no UD dev sets in $UD, skipped"
else
	echo "sentence boundaries against the UD dev sets (paragraph ends excluded;" \
	    "between sentences: a space, or none where the treebank's tokens have none)"
	printf '%-4s %6s %6s %-5s %-13s | %-17s | %-17s | %s\n' lang sents bounds \
	    space paragraphs "wikipipe P  R  F1" "ICU P  R  F1" "F1 - ICU"
	for f; do
		ud_f1 "$f" "$out/ud-$(ud_lang "$f")"
	done | awk '{ printf "%-4s %6d %6d %-5s %-13s | %5.3f %5.3f %5.3f | %5.3f %5.3f %5.3f | %+6.3f%s\n",
	    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $8 - $11,
	    ($8 < $11 - 0.02) ? "  below ICU - 0.02" : "" }'
fi

# ---- 2. chunk sizes ----
echo
dumps=""
for f in "$WIKIDATA"/multilingual/*.bz2 "$WIKIDATA"/gensim/*.bz2 \
    "$WIKIDATA"/wikidump-rs/*.bz2 "$WIKIDATA"/wikidump-rs/*.xml; do
	[ -f "$f" ] && dumps="$dumps $f"
done
if [ -z "$dumps" ]; then
	echo "chunk sizes: no dumps in $WIKIDATA, skipped"
else
	echo "chunk sizes in words, wiki-fetch | chunk-episode | chunk-semantic" \
	    "(--max-words $MAX_WORDS), $([ "$LIMIT" -gt 0 ] && echo "first $LIMIT" || echo all) articles a dump"
	printf '%-44s %-4s %5s %6s | %-14s | %-22s | %s\n' dump lang arts chunks \
	    "ICU p50 p90 max" "word_count p50 p90 max" "over $MAX_WORDS (ICU)"
	for f in $dumps; do
		b=$(basename "$f")
		case $f in
		*/multilingual/*) l=${b%%wiki*} ;;
		*) l=en ;;
		esac
		r=$(dump_sizes "$f" "$l" "$LIMIT" "$MAX_WORDS" "$out/dump-$b")
		echo "$b $l $r"
	done | awk '{ printf "%-44.44s %-4s %5d %6d | %4d %4d %4d | %4d %4d %4d | %d\n",
	    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }'
fi
if [ $have_ud = 1 ]; then
	echo
	echo "chunk sizes in words on the UD paragraphs above, chunk-semantic's" \
	    "defaults (--max-words $MAX_WORDS; a chunk cannot pass its paragraph)"
	printf '%-4s %6s %6s | %-14s | %-22s | %s\n' lang paras chunks \
	    "ICU p50 p90 max" "word_count p50 p90 max" "over $MAX_WORDS (ICU)"
	for f in "$UD"/*.conllu; do
		l=$(ud_lang "$f")
		echo "$l $(ud_sizes "$out/ud-$l" "$l" "$MAX_WORDS")"
	done | awk '{ printf "%-4s %6d %6d | %4d %4d %4d | %4d %4d %4d | %d\n",
	    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
fi
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
