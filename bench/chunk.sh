#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/chunk.sh: chunk-episode and chunk-semantic on real Wikipedia text.
#
#  1. Throughput in MB/s of article text (the text key), by CPU time (the
#     issue's "one core" figure) and by wall time, beside cat and
#     rec-dump --copy of the same stream, measured in the same run.  The
#     input is the gensim enwiki sample through wiki-fetch, repeated
#     REPEAT times (10) under new doc_ids.
#  2. The sentence splitter's boundary F1 on tests/data/sentences.txt
#     and on the held-out sentences.heldout.txt, beside the original's
#     regular expression applied to the same sets.
#  With BENCH_PREV=REV (a git revision), part 1 also times chunk-episode and
#     chunk-semantic of that revision beside today's, on the same input
#     in the same run (CPU seconds, best of 3, and their ratio).
#  3. Quality on every real dump in ../shared/wikidata through wiki-fetch:
#     chunks holding a heading, neighbouring chunks sharing a sentence,
#     overlapping neighbours; and the hash embedder's cosines between
#     neighbouring paragraphs (to choose chunk-episode -t).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out
mkdir -p "$out"
: "${WIKIPIPE_BIN:=$root/build/bin}"
: "${WIKIPIPE_UNIT:=$root/build/unit}"
: "${WIKIDATA:=$(cd "$root/.." && pwd)/shared/wikidata}"
PATH=$WIKIPIPE_BIN:$PATH
REPEAT=${REPEAT:-10}
. "$here/lib.sh"
[ -d "$WIKIDATA" ] || { echo "chunk.sh: no real dumps at $WIKIDATA" >&2; exit 1; }
dump=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2

# ---- 1. throughput ----
art=$out/chunk-art.mp big=$out/chunk-big.mp ep=$out/chunk-ep.mp
wiki-fetch -q -j1 "$dump" > "$art"
rec-dump "$art" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
for k in range(int(sys.argv[1])):
    for r in rows:
        r = dict(r); r["doc_id"] = "%s#%d" % (r["doc_id"], k)
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
' "$REPEAT" | rec-dump --pack > "$big"
chunk-episode --stats "$out/chunk-st.json" "$big" > "$ep"
tb=$(sed -n 's/.*"text_bytes": *\([0-9]*\).*/\1/p' "$out/chunk-st.json")
echo "input: $(rec-dump -c "$big") articles, $(rec-dump -c "$ep") episodes," \
    "$(echo "$tb" | awk '{printf "%.1f", $1/1e6}') MB of text," \
    "$(wc -c < "$big" | awk '{printf "%.1f", $1/1e6}') MB of records"

# best of 3: wall and CPU (user+sys) seconds of a command line
tm() {
	bw=999 bc=999 cmd=$1
	for _ in 1 2 3; do
		set -- $( { /usr/bin/time -f '%e %U %S' sh -c "$cmd" > /dev/null; } 2>&1 | tail -1)
		bw=$(echo "$1 $bw" | awk '{print ($1<$2)?$1:$2}')
		bc=$(echo "$2 $3 $bc" | awk '{c=$1+$2; print (c<$3)?c:$3}')
	done
	echo "$bw $bc"
}
report() {	# label command
	set -- "$1" $(tm "$2")
	awk -v l="$1" -v w="$2" -v c="$3" -v b="$tb" 'BEGIN {
		if (c > 0) cpu = sprintf("%7.1f MB/s CPU", b/1e6/c)
		else cpu = sprintf("%7s MB/s CPU", "fast")
		if (w > 0) wall = sprintf("%7.1f MB/s wall", b/1e6/w)
		else wall = sprintf("%7s MB/s wall", "fast")
		printf "%-32s %s %s  (%.2f s CPU, %.2f s wall)\n", l, cpu, wall, c, w }'
}
report "cat (reference)" "cat '$big'"
report "rec-dump --copy (reference)" "rec-dump --copy '$big'"
report "chunk-episode" "chunk-episode '$big'"
report "chunk-semantic -m simple" "chunk-semantic '$ep'"
report "chunk-semantic -m semantic" "chunk-semantic -m semantic '$ep'"
report "chunk-episode | chunk-semantic" "chunk-episode '$big' | chunk-semantic"
echo "(targets: 20 MB/s for chunk-episode and simple mode, 5 MB/s for" \
    "semantic mode, one core; MB = 10^6 bytes of the text key; \"fast\":" \
    "under the 0.01 s resolution of time(1); wall figures suffer when" \
    "other jobs share the CPUs: load average $(cut -d' ' -f1 /proc/loadavg))"

if [ -n "${BENCH_PREV:-}" ]; then
	bb=$(prev_build) || exit 1
	echo
	echo "beside $BENCH_PREV ($(git -C "$root" rev-parse --short "$BENCH_PREV")), same input, same run:"
	versus "chunk-episode" "@/chunk-episode '$big'"
	versus "chunk-semantic -m simple" "@/chunk-semantic '$ep'"
	versus "chunk-semantic -m semantic" "@/chunk-semantic -m semantic '$ep'"
	echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
fi

# ---- 2. sentence boundaries ----
echo
if [ -x "$WIKIPIPE_UNIT/test_sentence" ]; then
	echo "development set (rules tuned on it):"
	"$WIKIPIPE_UNIT/test_sentence" --f1 "$root/tests/data/sentences.txt"
	echo "held-out set (written after the rules were fixed):"
	"$WIKIPIPE_UNIT/test_sentence" --f1 \
	    "$root/tests/data/sentences.heldout.txt"
else
	echo "sentence F1: build the unit tests first (make unit)"
fi

# ---- 3. quality on the real dumps ----
echo
: > "$out/chunk-q-art.jsonl"
for f in "$WIKIDATA"/gensim/*.bz2 "$WIKIDATA"/wikidump-rs/*.bz2 \
    "$WIKIDATA"/wikidump-rs/*.xml "$WIKIDATA"/wikiextractor-pr322/test.xml; do
	[ -f "$f" ] || continue
	wiki-fetch -q -j1 --source "$(basename "$f" | cut -c1-24)" "$f" \
	    2>/dev/null | rec-dump >> "$out/chunk-q-art.jsonl" || true
done
rec-dump --pack "$out/chunk-q-art.jsonl" > "$out/chunk-q-art.mp"
chunk-episode "$out/chunk-q-art.mp" > "$out/chunk-q-ep.mp"
chunk-semantic "$out/chunk-q-ep.mp" | rec-dump > "$out/chunk-q-simple.jsonl"
chunk-semantic -m semantic "$out/chunk-q-ep.mp" | rec-dump > "$out/chunk-q-sem.jsonl"
chunk-episode --min 2 --max 2 -t -1 "$out/chunk-q-art.mp" | rec-dump > "$out/chunk-q-pairs.jsonl"
python3 - "$out" <<'PY'
import json, re, sys
d = sys.argv[1]
arts = {}
for l in open(d + "/chunk-q-art.jsonl"):
    r = json.loads(l); arts[r["doc_id"]] = r
def sents(t):
    return [s.strip() for s in re.split(r'(?<=[.!?])\s+', t) if len(s.strip()) >= 20]
print("real dumps: %d articles, %.1f MB of text" % (len(arts), sum(len(a["text"].encode()) for a in arts.values()) / 1e6))
for mode in ("simple", "sem"):
    ch = [json.loads(l) for l in open("%s/chunk-q-%s.jsonl" % (d, mode))]
    heads = dups = over = 0
    by = {}
    for c in ch:
        by.setdefault(c["doc_id"], []).append(c)
    for doc, cs in by.items():
        titles = {s["title"] for s in arts[doc].get("sections", [])}
        src = arts[doc]["text"]
        for c in cs:
            if titles & {p.strip() for p in c["text"].split("\n\n")}:
                heads += 1
        for a, b in zip(cs, cs[1:]):
            if a["episode_index"] == b["episode_index"] and b["char_start"] < a["char_end"]:
                over += 1
            if [x for x in set(sents(a["text"])) & set(sents(b["text"])) if src.count(x) == 1]:
                dups += 1
        assert [c["chunk_index"] for c in cs] == list(range(len(cs)))
        assert {c["chunk_count"] for c in cs} == {len(cs)}
    w = sorted(c["word_count"] for c in ch)
    n = len(ch)
    print("%-8s %6d chunks, %5.1f per article; words mean %.1f, median %d, max %d; "
          "chunks holding a heading: %d; neighbours sharing a sentence: %d; overlapping: %d" % (
          "simple" if mode == "simple" else "semantic", n, n / max(1, len(by)), sum(w) / max(1, n),
          w[n // 2] if n else 0, w[-1] if n else 0, heads, dups, over))
cos = sorted(json.loads(l)["coherence"] for l in open(d + "/chunk-q-pairs.jsonl"))
cos = [c for c in cos if c != 1.0]
q = lambda p: cos[int(p * (len(cos) - 1))]
print("hash embedder, cosine of neighbouring paragraphs (%d pairs): p10 %.2f  p25 %.2f  median %.2f  p75 %.2f  p90 %.2f" % (
    len(cos), q(.1), q(.25), q(.5), q(.75), q(.9)))
PY
