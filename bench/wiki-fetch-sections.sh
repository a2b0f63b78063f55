#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/wiki-fetch-sections.sh: chunks from reference and link sections
# (References, External links, See also, Посилання ...), on the English
# dumps and the four of ../shared/wikidata/multilingual.
#
#   sh bench/wiki-fetch-sections.sh
#
# For each dump: wiki-fetch | chunk-episode | chunk-semantic, by default
# and with --keep-sections; prints, per heading that wiki-fetch dropped
# (its --stats), the sections dropped and the chunks of both runs
# (bench/wiki-fetch-sections.py), then the default run's chunks by top
# heading.  The default run's column must be 0.
set -eu
LC_ALL=C
export LC_ALL
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${WIKIPIPE_BIN:-$ROOT/build/bin}
W=${WIKIDATA:-$(cd "$ROOT/.." && pwd)/shared/wikidata}
OUT=$ROOT/bench/out/wiki-fetch-sections
[ -x "$BIN/wiki-fetch" ] || { echo "bench: build first (make)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "bench: python3 missing" >&2; exit 77; }
mkdir -p "$OUT"
cd "$OUT"
chunks() {	# out dump wiki-fetch-options...
	_o=$1 _d=$2; shift 2
	"$BIN/wiki-fetch" -q "$@" "$_d" 2>/dev/null | "$BIN/chunk-episode" |
	    "$BIN/chunk-semantic" | "$BIN/rec-dump" >"$_o" || :
}
for d in "$W/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2" \
    "$W/wikidump-rs/enwiki-10k.xml.bz2" "$W/wikidump-rs/simplewiki.xml.bz2" \
    "$W"/multilingual/*.bz2; do
	[ -f "$d" ] || { echo "bench: $d not found, skipped"; continue; }
	n=$(basename "$d" .bz2 | cut -c1-14)
	chunks "$n.default" "$d" --stats "$n.json"
	chunks "$n.keep" "$d" --keep-sections
	python3 "$ROOT/bench/wiki-fetch-sections.py" "$n" "$n.json" \
	    "$n.default" "$n.keep"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
