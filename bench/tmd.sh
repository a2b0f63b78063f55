#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/tmd.sh: tmd-extract accuracy and speed.
#
#  1. accuracy of the heuristic on tests/data/tmd/eval.jsonl (domain, task,
#     modifier) per split: dev/test (the first 323 sentences, written before
#     the lexicons), dev2 (96 passages used to widen them) and heldout (64
#     passages written afterwards and never used for tuning),
#  2. heuristic speed in chunks/s on one core, beside the record layer's
#     own pass-through (rec-dump --copy) on the same stream,
#  3. cache hits per second (llm mode, every label already cached),
#  4. llm mode against tests/lib/fake-llm.py answering in 50 ms, with 1
#     and 8 requests in flight,
#  5. the domain distribution on real text (shared/wikidata), if present.
# Bounded: about a minute on the project machine.  Data in bench/out/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out/tmd
mkdir -p "$out"
: "${WIKIPIPE_BIN:=$root/build/bin}"
PATH=$WIKIPIPE_BIN:$PATH
N=${N:-100000}
FAKE=$root/tests/lib/fake-llm.py
WIKIDATA=${WIKIDATA:-$(dirname "$root")/shared/wikidata}
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT

secs() {	# best of 3 wall seconds of a command line
	best=""
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		sh -c "$1" >/dev/null 2>&1
		e=$(date +%s.%N)
		best=$(echo "$s $e ${best:-999}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
	done
	echo "$best"
}

cpu() {	# best of 3 CPU seconds (user + sys) of one command, if measurable
	if [ ! -x /usr/bin/time ]; then echo 0; return; fi
	best=""
	for _ in 1 2 3; do
		c=$(/usr/bin/time -f '%U %S' sh -c "exec $1" 2>&1 >/dev/null | tail -1 |
		    awk '{print $1 + $2}')
		best=$(echo "$c ${best:-999}" | awk '{print ($1<$2)?$1:$2}')
	done
	echo "$best"
}

rate() {	# rate LABEL N COMMAND [GOAL]: chunks/s by wall and by CPU time
	w=$(secs "$3")
	c=$(cpu "$3")
	awk -v l="$1" -v n="$2" -v w="$w" -v c="$c" -v g="${4:-}" 'BEGIN {
		printf "%-38s %9.0f chunks/s wall, %9.0f/s per CPU second%s\n",
		    l, n/w, (c > 0 ? n/c : 0), (g == "" ? "" : "  (goal >= " g ")") }'
}

start_fake() {	# start_fake PORTFILE ARGS...: sets port
	pf=$1; shift
	rm -f "$pf"
	python3 "$FAKE" --port-file "$pf" --idle 20 --lifetime 300 "$@" \
	    >/dev/null 2>&1 &
	pids="$pids $!"
	while [ ! -s "$pf" ]; do sleep 0.05; done
	port=$(cat "$pf")
}

echo "-- 1. heuristic accuracy (tests/data/tmd/eval.jsonl)"
tmd-extract --list >"$out/names"
rec-dump --pack "$root/tests/data/tmd/eval.jsonl" | tmd-extract -q | rec-dump >"$out/eval.out"
awk -F'\t' 'NR == FNR { code[$1 "/" $3] = $2; next }
function val(k,   s) { s = $0; sub(".*\"" k "\":", "", s); sub(/[,}].*/, "", s); gsub(/"/, "", s); return s }
{
	sp = val("split")
	for (h = 0; h < 2; h++) {
		part = h ? "all" : sp
		n[part]++
		d[part] += val("domain_code") == code["domain/" val("gold_domain")]
		t[part] += val("task_code") == code["task/" val("gold_task")]
		m[part] += val("modifier_code") == code["modifier/" val("gold_modifier")]
	}
}
END {
	split("dev test dev2 heldout all", parts, " ")
	for (i = 1; i <= 5; i++) { p = parts[i]
		printf "%-7s %3d sentences: domain %5.1f%%  task %5.1f%%  modifier %5.1f%%\n",
		    p, n[p], 100*d[p]/n[p], 100*t[p]/n[p], 100*m[p]/n[p] }
}' "$out/names" "$out/eval.out"

echo "-- 2. heuristic speed (one core; the machine's load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
gen() {	# gen N MIN MAX FILE: N chunks of MIN..MAX eval sentences
	if [ ! -s "$4" ] || [ "$(rec-dump -c "$4")" != "$1" ]; then
		python3 - "$1" "$2" "$3" "$root/tests/data/tmd/eval.jsonl" <<'PY' | rec-dump --pack >"$4"
import json, random, sys
r = random.Random(1)
sent = [json.loads(l)["text"] for l in open(sys.argv[4])]
for i in range(int(sys.argv[1])):
    text = " ".join(r.choice(sent) for _ in range(r.randint(int(sys.argv[2]), int(sys.argv[3]))))
    print(json.dumps({"source": "bench", "doc_id": "bench:%d" % (i // 20),
                      "page_id": i // 20, "chunk_index": i % 20, "text": text}))
PY
	fi
	echo "stream: $1 chunks, $(wc -c <"$4" | awk -v n="$1" '{printf "%d B/chunk", $1/n}')"
}
src=$out/chunks.mp
gen "$N" 4 6 "$src"
rate "record pass-through (rec-dump --copy)" "$N" "rec-dump --copy -o /dev/null '$src'"
rate "tmd-extract -m heuristic" "$N" "tmd-extract -q -o /dev/null '$src'" 50000
big=$out/chunks-big.mp
gen $((N / 2)) 12 16 "$big"
rate "record pass-through (rec-dump --copy)" $((N / 2)) "rec-dump --copy -o /dev/null '$big'"
rate "tmd-extract -m heuristic" $((N / 2)) "tmd-extract -q -o /dev/null '$big'" 50000

echo "-- 3. cache hits"
U=5000
rec-dump --copy -n "$U" "$src" >"$out/uniq.mp"
start_fake "$out/port1" --delay 0
rm -f "$out/cache.mdb" "$out/cache.mdb-lock"
tmd-extract -q -m llm --endpoint "127.0.0.1:$port" -j 8 --batch 256 \
    --cache "$out/cache.mdb" -o /dev/null "$out/uniq.mp"
i=0; : >"$out/hits.mp"
while [ $i -lt 20 ]; do cat "$out/uniq.mp" >>"$out/hits.mp"; i=$((i + 1)); done
H=$((U * 20))
tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 --cache "$out/cache.mdb" \
    -o /dev/null "$out/hits.mp" 2>&1 | grep 'hit rate' | sed 's/^/  /'
rate "tmd-extract -m llm, all cache hits" "$H" "tmd-extract -q -m llm --endpoint 127.0.0.1:1 --retries 0 --cache '$out/cache.mdb' -o /dev/null '$out/hits.mp'" 200000

echo "-- 4. llm mode, fake server answering in 50 ms"
start_fake "$out/port2" --delay 0.05 --base-delay
rec-dump --copy -n 40 "$src" >"$out/l40.mp"
rec-dump --copy -n 800 "$src" >"$out/l800.mp"
s1=$(secs "tmd-extract -q -m llm --endpoint 127.0.0.1:$port -j 1 -o /dev/null '$out/l40.mp'")
s8=$(secs "tmd-extract -q -m llm --endpoint 127.0.0.1:$port -j 8 -o /dev/null '$out/l800.mp'")
s16=$(secs "tmd-extract -q -m llm --endpoint 127.0.0.1:$port -j 16 -o /dev/null '$out/l800.mp'")
awk -v s="$s1" 'BEGIN { printf "%-40s %9.1f chunks/s\n", "1 request in flight", 40/s }'
awk -v s="$s8" 'BEGIN { printf "%-40s %9.1f chunks/s  (goal >= 120; ideal 160)\n", "8 requests in flight", 800/s }'
awk -v s="$s16" 'BEGIN { printf "%-40s %9.1f chunks/s\n", "16 requests in flight", 800/s }'

echo "-- 5. domain distribution on real text"
peer=$WIKIDATA/peer-output/wikiextractor-3.0.8-git9d4c6a1__enwiki-shortened.jsonl.bz2
if [ -r "$peer" ]; then
	# Articles as extracted by the reference tool, cut at paragraph ends
	# into ~120-word chunks.
	bzcat "$peer" | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    cur, n, k = [], 0, 0
    for p in (p for p in a["text"].split("\n") if p.strip()):
        cur.append(p); n += len(p.split())
        if n >= 120:
            print(json.dumps({"doc_id": a["id"], "chunk_index": k, "text": " ".join(cur)}))
            cur, n, k = [], 0, k + 1
    if cur:
        print(json.dumps({"doc_id": a["id"], "chunk_index": k, "text": " ".join(cur)}))
' | rec-dump --pack | tmd-extract -q --stats "$out/real.json" -o /dev/null
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1])); d = s["domains"]; t = sum(d.values())
print("%d chunks of %s" % (t, sys.argv[2]))
for k, v in sorted(d.items(), key=lambda x: -x[1]):
    print("  %-12s %5d %5.1f%%" % (k, v, 100.0 * v / t))
' "$out/real.json" "$(basename "$peer")"
else
	echo "skipped: $peer not found"
fi
# The suite's own pipeline on the real dumps, when its stages are built.
if command -v wiki-fetch >/dev/null && command -v chunk-semantic >/dev/null; then
	for dumpf in "$WIKIDATA/wikidump-rs/enwiki-10k.xml.bz2" \
	    "$WIKIDATA/wikidump-rs/simplewiki.xml.bz2"; do
		[ -r "$dumpf" ] || continue
		wiki-fetch -q "$dumpf" | chunk-semantic -q |
		    tmd-extract -q --stats "$out/real2.json" -o /dev/null ||
		    { echo "pipeline failed on $dumpf"; continue; }
		python3 -c '
import json, sys
s = json.load(open(sys.argv[1])); d = s["domains"]; t = sum(d.values())
top = sorted(d.items(), key=lambda x: -x[1])
print("%d chunks of %s (wiki-fetch | chunk-semantic): %s" % (t, sys.argv[2],
      ", ".join("%s %.1f%%" % (k, 100.0 * v / max(t, 1)) for k, v in top[:6])))
' "$out/real2.json" "$(basename "$dumpf")"
	done
fi
