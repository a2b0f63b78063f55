#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/record.sh: throughput of the record layer, beside cat.
#
# A stream of ~4 KB records (a 3 KB text, a 768-D vector is too big for
# this size, so a 256-D one, and a few ints) goes through
#   rec-dump --copy            read, index, re-encode every pair, write
#   rec-dump --copy --to nul   the same plus COBS encoding
#   rec-dump -z --copy --to plain   COBS decoding plus the same
# and cat, and each is reported in MB/s with its ratio to cat.  Peak RSS
# is shown for a stream 1x and 4x as long (memory must not grow).
#
# BASE=REV (a commit) also builds REV once into bench/out/base-REV and
# times every rec-dump row with it in the same run: "new/base" is this
# build's throughput over REV's (e.g. BASE=9612f1f, the last commit with
# the hand-written msgpack codec).
set -eu
out=$(cd "$(dirname "$0")" && pwd)/out
mkdir -p "$out"
root=$(dirname "$(dirname "$out")")
base=""
if [ -n "${BASE:-}" ]; then
	rev=$(git -C "$root" rev-parse --short "$BASE")
	base=$out/base-$rev
	if [ ! -x "$base/build/bin/rec-dump" ]; then
		rm -rf "$base"
		mkdir -p "$base"
		git -C "$root" archive "$rev" | tar -x -C "$base"
		make -C "$base" -j2 > /dev/null
	fi
	echo "base: $rev ($base/build/bin)"
fi
N=${N:-60000}
src=$out/record-4k.mp
if [ ! -s "$src" ] || [ "$(rec-dump -c "$src")" != "$N" ]; then
	python3 - "$N" <<'PY' | rec-dump --pack > "$src"
import base64, json, random, sys
r = random.Random(1)
words = "the of and a to in is was for on as by with from at his that which an".split()
vec = base64.b64encode(bytes(r.randrange(256) for _ in range(1024))).decode()
for i in range(int(sys.argv[1])):
    text = " ".join(r.choice(words) for _ in range(700))[:2900]
    print(json.dumps({"source": "bench", "doc_id": "bench:%d" % (i // 10), "page_id": i // 10,
                      "chunk_index": i % 10, "text": text, "concept_vec": {"$bin": vec}}))
PY
fi
rec-dump -z --copy --to nul "$src" > "$out/record-4k.z" 2>/dev/null || rec-dump --copy --to nul "$src" > "$out/record-4k.z"
bytes=$(wc -c < "$src")
mb=$(echo "$bytes" | awk '{printf "%.1f", $1/1048576}')
echo "stream: $N records, $mb MiB, $(echo "$bytes $N" | awk '{printf "%d", $1/$2}') B/record"

t() {	# best of 3 wall seconds of a command line (sh -c)
	best=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		sh -c "$1" > /dev/null
		e=$(date +%s.%N)
		best=$(echo "$s $e ${best:-999}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
	done
	echo "$best"
}
ref=$(t "cat '$src' > /dev/null")
report() {	# label, command line; with BASE, rec-dump rows for REV too
	s=$(t "$2") sb=""
	case $2 in
	*rec-dump*) [ -z "$base" ] || sb=$(t "PATH='$base/build/bin':\$PATH; $2") ;;
	esac
	awk -v l="$1" -v s="$s" -v r="$ref" -v b="$bytes" -v sb="$sb" 'BEGIN {
		printf "%-36s %8.0f MB/s  (%.2fx cat)", l, b/1048576/s, r/s
		if (sb != "")
			printf "  base %6.0f MB/s  new/base %.2f", b/1048576/sb, sb/s
		printf "\n" }'
}
printf "%-36s %8.0f MB/s\n" "cat" "$(echo "$bytes $ref" | awk '{print $1/1048576/$2}')"
report "cat | cat (pipe reference)" "cat '$src' | cat > /dev/null"
report "pass-through (plain) | cat" "rec-dump --copy '$src' | cat > /dev/null"
report "pass-through (plain, to /dev/null)" "rec-dump --copy -o /dev/null '$src'"
report "-z encode" "rec-dump --copy --to nul -o /dev/null '$src'"
report "-z decode" "rec-dump -z --copy --to plain -o /dev/null '$out/record-4k.z'"
report "-z decode+encode" "rec-dump -z --copy -o /dev/null '$out/record-4k.z'"
report "dump to JSON" "rec-dump '$src' > /dev/null"
rec-dump "$src" > "$out/record-4k.jsonl"
report "pack JSON" "rec-dump --pack -o /dev/null '$out/record-4k.jsonl'"
# Memory: the same pass-through on a stream 4x as long.
rss() { /usr/bin/time -f %M sh -c "$1" 2>&1 >/dev/null | tail -1; }
if [ -x /usr/bin/time ]; then
	r1=$(rss "rec-dump --copy -o /dev/null '$src'")
	r4=$(rss "cat '$src' '$src' '$src' '$src' | rec-dump --copy -o /dev/null")
	echo "peak RSS of rec-dump --copy: ${r1} KB for 1x, ${r4} KB for 4x the stream"
fi

# ---- the -z framing (COBS) on the streams the pipeline carries ----
# Two shapes: the embedded chunks of real pages (the built-in embedder's
# sparse vectors: mostly zero bytes) and chunks with dense vectors (as a
# neural embedder gives).  For each: COBS alone in memory beside memcpy
# (bench/cobs.c), then rec-dump's plain copy beside the -z copies.
WIKIDATA=${WIKIDATA:-$(dirname "$root")/shared/wikidata}
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$root" \
    -I"$root/build" -o "$out/cobs" "$root/bench/cobs.c" "$root/build/libcommon.a" \
    $(pkg-config --libs msgpack libpq libxxhash libcurl) -llmdb -lbz2 -lpthread -lm
sparse=$out/record-sparse.mp dense=$out/record-dense.mp
if [ ! -s "$sparse" ] && [ -d "$WIKIDATA" ]; then
	for f in "$WIKIDATA"/gensim/*.bz2 "$WIKIDATA"/wikidump-rs/*.bz2; do
		wiki-fetch -q "$f"
	done | chunk-episode | chunk-semantic | tmd-extract -q | embed > "$sparse.tmp" &&
	    mv "$sparse.tmp" "$sparse"
fi
if [ ! -s "$dense" ]; then
	python3 - 20000 <<'PY' | rec-dump --pack > "$dense"
import base64, json, random, struct, sys
r = random.Random(2)
words = "the of and a to in is was for on as by with from at his that which an".split()
for i in range(int(sys.argv[1])):
    v = [r.gauss(0, 0.036) for _ in range(768)]
    print(json.dumps({"doc_id": "bench:%d" % (i // 12), "chunk_index": i % 12,
                      "text": " ".join(r.choice(words) for _ in range(60)),
                      "concept_vec": {"$bin": base64.b64encode(struct.pack("<768f", *v)).decode()}}))
PY
fi
for strm in "$sparse" "$dense"; do
	[ -s "$strm" ] || { echo "cobs: $strm not made (no $WIKIDATA?), skipped"; continue; }
	echo "-z framing on $(basename "$strm" .mp):"
	"$out/cobs" "$strm" | sed 's/^/  /'
	rec-dump --copy --to nul "$strm" > "$strm.z"
	bytes=$(wc -c < "$strm")
	plain=$(t "rec-dump --copy '$strm' | cat")
	for c in "encode -z|--copy --to nul '$strm'" "decode -z|-z --copy --to plain '$strm.z'" \
	    "-z in and out|-z --copy '$strm.z'"; do
		zt=$(t "rec-dump ${c#*|} | cat")
		awk -v l="${c%%|*}" -v s="$zt" -v r="$plain" -v b="$bytes" 'BEGIN {
			printf "  rec-dump --copy, %-14s %7.0f MB/s  (%.2fx the plain copy, %.0f MB/s)\n",
			    l, b/1048576/s, r/s, b/1048576/r }'
	done
	if [ -n "$base" ]; then
		for c in "pass-through|--copy '$strm' | cat" "dump to JSON|'$strm'" \
		    "-z in and out|-z --copy '$strm.z' | cat"; do
			nt=$(t "rec-dump ${c#*|} > /dev/null")
			bt=$(t "PATH='$base/build/bin':\$PATH; rec-dump ${c#*|} > /dev/null")
			awk -v l="${c%%|*}" -v s="$nt" -v sb="$bt" -v b="$bytes" 'BEGIN {
				printf "  %-16s new %7.0f MB/s  base %7.0f MB/s  new/base %.2f\n",
				    l, b/1048576/s, b/1048576/sb, sb/s }'
		done
	fi
done
