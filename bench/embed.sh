#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/embed.sh: embed throughput, in chunks per second, on one core.
#
#  1. the built-in hash embedder (768-D) on chunks of about 150
#     characters, beside `cat` and the record layer's pass-through
#     (rec-dump --copy) on the same stream;
#  2. the wordvec backend (fastText vectors, 100-D, trained here on the
#     test corpus), after loading: the time of a 1-record run (the load)
#     is subtracted;
#  3. the gtr HTTP backend against tests/lib/fake-embed.py answering in
#     20 ms, batches of 64, with 1 and 4 requests in flight (768-D).
# Bounded: well under a minute.  Data in bench/out/embed/.
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

secs() {	# best of 3 wall seconds of a command line
	best=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		sh -c "$1" >/dev/null 2>&1 || { echo "bench: failed: $1" >&2; exit 1; }
		e=$(date +%s.%N)
		best=$(echo "$s $e ${best:-999}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
	done
	echo "$best"
}

rate() {	# rate COUNT SECONDS
	echo "$1 $2" | awk '{ printf "%8.0f chunks/s (%.3f s)", $1 / $2, $2 }'
}

row() {		# row LABEL COUNT COMMAND: best of 3, as a rate
	t=$(secs "$3") || exit 1
	printf '%-34s %s\n' "$1" "$(rate "$2" "$t")"
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
		printf '%-34s %s  (load %.3f s)\n' "$name" "$(rate "$N" "$(echo "$tn $t1" | awk '{ print $1 - $2 }')")" "$t1"
	done
else
	echo "fasttext not installed: skipped"
fi

echo "-- 3. gtr over HTTP, fake server answering in 20 ms ($NH chunks)"
rec-dump -n "$NH" "$out/chunks.mp" | rec-dump --pack > "$out/http.mp"
rm -f "$out/port"
python3 "$root/tests/lib/fake-embed.py" --port-file "$out/port" --latency 20 --lifetime 300 2>/dev/null &
pid=$!
while [ ! -s "$out/port" ]; do sleep 0.05; done
url=http://127.0.0.1:$(cat "$out/port")
for par in 1 4; do
	row "gtr batch=64,parallel=$par" "$NH" \
	    "embed -e gtr:url=$url,batch=64,parallel=$par $out/http.mp"
done
