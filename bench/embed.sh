#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/embed.sh: embed throughput, in chunks per second, on one core.
#
#  1. the built-in hash embedder (768-D) on chunks of about 150
#     characters, beside `cat` and the record layer's pass-through
#     (rec-dump --copy) on the same stream;
#  2. the wordvec backend after loading (the time of a 1-record run, the
#     load, is subtracted): fastText vectors (100-D) trained here on the
#     test corpus, and a synthetic 100k-word, 300-D word2vec binary file;
#  3. the gtr HTTP backend against tests/lib/fake-embed.py answering in
#     20 ms, batches of 64, with 1 and 4 requests in flight (768-D).
# With BENCH_PREV=REV (a git revision), part 1 also times that revision's embed
# beside today's in the same run, on these chunks and on the chunks of
# real English pages (the gensim dump through wiki-fetch, chunk-episode
# and chunk-semantic), and prints the ratio.
# CPU seconds are given beside wall seconds because the machine may be
# shared: CPU rates are what one core can do.  HTTP rates are wall only
# (the client mostly waits).  Bounded: about two minutes.  Data in bench/out/embed/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out/embed
mkdir -p "$out"
: "${WIKIPIPE_BIN:=$root/build/bin}"
PATH=$WIKIPIPE_BIN:$PATH
N=${N:-100000}
NH=${NH:-20000}
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT

secs() {	# best of 3: "WALL CPU" seconds (CPU = user + sys) of a command
	best=""
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %U %S" -o "$out/time" sh -c "$1" >/dev/null 2>&1 ||
			{ echo "bench: failed: $1" >&2; exit 1; }
		best=$(awk -v b="${best:-999 999}" '{ split(b, o, " ")
			w = $1 < o[1] ? $1 : o[1]; c = $2 + $3 < o[2] ? $2 + $3 : o[2]
			print w, c }' "$out/time")
	done
	echo "$best"
}

rate() {	# rate COUNT "WALL CPU": chunks per wall second and per CPU second
	echo "$1 $2" | awk '{ if ($2 < 0.01) { printf "  (under 0.01 s: too fast to time)"; exit }
		printf "%8.0f chunks/s wall (%.2f s), ", $1 / $2, $2
		if ($3 >= 0.01) printf "%8.0f per CPU s", $1 / $3; else printf "CPU under 0.01 s" }'
}

row() {		# row LABEL COUNT COMMAND: best of 3, as a rate
	t=$(secs "$3") || exit 1
	printf '%-34s %s\n' "$1" "$(rate "$2" "$t")"
}

minus() {	# minus "W1 C1" "W2 C2": the difference, for subtracting a load
	echo "$1 $2" | awk '{ print $1 - $3, $2 - $4 }'
}

# Chunks of ~150 characters: sentences of the test corpus, joined.
python3 "$root/tests/data/embed/gen-corpus.py" $((N * 4)) > "$out/corpus.txt"
if [ ! -s "$out/chunks.mp" ] || [ "$(rec-dump -c "$out/chunks.mp")" != "$N" ]; then
	awk -v n="$N" '{ t = t (t == "" ? "" : ". ") $0
		if (length(t) >= 140) { printf "{\"doc_id\":\"b:%d\",\"chunk_index\":%d,\"text\":\"%s.\"}\n", c / 10, c % 10, t; t = ""; if (++c == n) exit } }' \
		"$out/corpus.txt" | rec-dump --pack > "$out/chunks.mp"
fi
head -c 1 "$out/chunks.mp" > /dev/null
avg=$(rec-dump "$out/chunks.mp" | head -1000 | sed 's/.*"text":"//; s/"}$//' | awk '{ s += length($0) } END { printf "%.0f", s / NR }')
echo "-- $N chunks, $(wc -c < "$out/chunks.mp") bytes, ~$avg characters of text each"
row "cat" "$N" "cat $out/chunks.mp"
row "rec-dump --copy" "$N" "rec-dump --copy $out/chunks.mp"

echo "-- 1. hash (built-in)"
row "embed (hash, 768-D)" "$N" "embed $out/chunks.mp"
row "embed -e hash:dim=256" "$N" "embed -e hash:dim=256 $out/chunks.mp"
if [ -n "${BENCH_PREV:-}" ]; then
	. "$here/lib.sh"
	: "${WIKIDATA:=$(cd "$root/.." && pwd)/shared/wikidata}"
	bb=$(prev_build) || exit 1
	pages=$out/pages.mp
	wiki-fetch -q "$WIKIDATA"/gensim/*.bz2 | chunk-episode | chunk-semantic > "$pages"
	echo "   beside $BENCH_PREV ($(git -C "$root" rev-parse --short "$BENCH_PREV")), same run" \
	    "($(rec-dump -c "$pages") chunks of English pages):"
	versus "embed, generated chunks" "@/embed $out/chunks.mp"
	versus "embed, English pages" "@/embed $pages"
	echo "   (load average $(cut -d' ' -f1-3 /proc/loadavg))"
fi

echo "-- 2. wordvec (after loading)"
if command -v fasttext >/dev/null 2>&1; then
	[ -s "$out/wv.vec" ] || fasttext skipgram -input "$out/corpus.txt" -output "$out/wv" \
		-dim 100 -epoch 5 -minCount 1 -minn 0 -maxn 0 -thread 2 > /dev/null 2>&1
	rec-dump -n 1 "$out/chunks.mp" | rec-dump --pack > "$out/one.mp"
	head -n 2000 "$out/corpus.txt" > "$out/sample.txt"
	for spec in "wordvec:file=$out/wv.vec" "wordvec:file=$out/wv.vec,pc=$out/sample.txt"; do
		t1=$(secs "embed -e $spec $out/one.mp") || exit 1
		tn=$(secs "embed -e $spec $out/chunks.mp") || exit 1
		name=$(echo "$spec" | sed "s|$out/||g")
		printf '%-34s %s  (load %s s)\n' "$name" "$(rate "$N" "$(minus "$tn" "$t1")")" "${t1% *}"
	done
else
	echo "fasttext not installed: skipped"
fi
# A realistic vocabulary: 100k words, 300-D, word2vec binary; chunks of
# 25 words drawn log-uniformly by rank (about 150 characters).
if [ ! -s "$out/big.w2v" ]; then
	python3 - "$out/big.w2v" "$out/big.jsonl" "$N" <<'PY'
import random, struct, sys
V, D = 100000, 300
rnd = random.Random(7)
pool = [struct.pack("<%df" % D, *[rnd.uniform(-1, 1) for _ in range(D)]) for _ in range(997)]
with open(sys.argv[1], "wb") as f:
    f.write(b"%d %d\n" % (V, D))
    for i in range(V):
        f.write(b"w%d " % i + pool[i % 997] + b"\n")
with open(sys.argv[2], "w") as f:
    for c in range(int(sys.argv[3])):
        ws = " ".join("w%d" % int(V ** rnd.random() - 1) for _ in range(25))
        f.write('{"chunk_index":%d,"text":"%s"}\n' % (c, ws))
PY
	rec-dump --pack "$out/big.jsonl" > "$out/big.mp"
fi
rec-dump -n 1 "$out/big.mp" | rec-dump --pack > "$out/bigone.mp"
t1=$(secs "embed -e wordvec:file=$out/big.w2v $out/bigone.mp") || exit 1
tn=$(secs "embed -e wordvec:file=$out/big.w2v $out/big.mp") || exit 1
printf '%-34s %s  (load %s s)\n' "wordvec 100k x 300-D (bin)" "$(rate "$N" "$(minus "$tn" "$t1")")" "${t1% *}"

echo "-- 3. gtr over HTTP, fake server answering in 20 ms ($NH chunks)"
rec-dump -n "$NH" "$out/chunks.mp" | rec-dump --pack > "$out/http.mp"
rm -f "$out/port"
python3 "$root/tests/lib/fake-embed.py" --port-file "$out/port" --latency 20 --lifetime 300 2>/dev/null &
pid=$!
while [ ! -s "$out/port" ]; do sleep 0.05; done
url=http://127.0.0.1:$(cat "$out/port")
for par in 1 4 8; do
	row "gtr batch=64,parallel=$par" "$NH" \
	    "embed -e gtr:url=$url,batch=64,parallel=$par $out/http.mp"
done
