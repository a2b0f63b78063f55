#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/serve.sh: cpe-serve under keep-alive load (wrk) beside the floor,
# cpe-search --queries in one process on the same queries, in one run.
#   - cpe-search --queries Q -k 10 --threads 1: its own per-query search
#     p95 (--stats) and queries/s over the whole run (load, embedding,
#     search and database join), in one process and in two at once
#     (both cores, the queries halved);
#   - cpe-serve (its default workers: one a core): GET
#     /search?q=..&k=10 cycling through the same queries, 10 s each at
#     1, 8 and 32 connections (wrk, 2 threads): requests/s, p50/p95/p99
#     latency, non-2xx count, and during the 32-connection run the time
#     of 15 GET /health and /metrics (curl, one at a time); and the
#     ratios the issue asks: 1 client's p95 minus cpe-search's p95, 8
#     clients' requests/s over the two-process cpe-search's queries/s,
#     32 clients' p99;
#   - the same series with the previous build's cpe-serve (BENCH_PREV, a
#     git revision, default main; bench/lib.sh prev_build) in the same
#     run, first, labelled "base"; SERVE_OPTS (unset) adds options to
#     today's cpe-serve, BASE_OPTS (unset) to the base's;
#     SERVE_VARIANTS="OPTS|OPTS.." runs today's once with each option set
#     (the ratios below use the last); NOBASE=1 skips the base.
# Usage: sh bench/serve.sh [ROWS [KIND]]: a synthetic store of ROWS
# (50000) rows, 784-D, embedder hash (the cases' generator), index KIND
# (ivfpq).  sh bench/serve.sh pages [ARTICLES [KIND]]: the real pages
# store of bench/faiss.sh pages (ARTICLES 1500, ~185k rows; skipped
# without WIKIDATA).  DUR (10) sets the seconds a wrk run lasts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
: "${WIKIPIPE_BIN:=$root/build/bin}"
: "${WIKIDATA:=$(dirname "$root")/shared/wikidata}"
DUR=${DUR:-10}
out=$here/out
mkdir -p "$out"
. "$here/lib.sh"
command -v wrk >/dev/null || { echo "serve: wrk not installed, skipped"; exit 0; }
[ -x "$WIKIPIPE_BIN/cpe-serve" ] || { echo "serve: build cpe-serve first" >&2; exit 1; }
load1() { cut -d' ' -f1 /proc/loadavg; }
now() { date +%s.%N; }
js() { sed -n "s/.*\"$2\": *\"*\([0-9a-z.e+-]*\).*/\\1/p" "$1"; }

private_cluster
B=$pgd/bin
if [ "${1:-}" = pages ]; then
	[ -d "$WIKIDATA" ] || { echo "serve: $WIKIDATA not found, skipped"; exit 0; }
	ART=${2:-1500} KIND=${3:-ivfpq}
	rows=$(pages_rows "$ART")
	"$B/rec-dump" --pack "$rows" | "$B/cpe-commit" -q
	# 300 text queries: the first 12 words of rows spread over the store.
	text_queries "$rows" > "$pgd/q.txt"
	EMBOPT=""
	what="pages $ART"
else
	ROWS=${1:-50000} KIND=${2:-ivfpq}
	"$B/cpe-commit" -q < /dev/null
	psql -qX -v ON_ERROR_STOP=1 -f "$root/tests/cpe-index/gen.sql" >/dev/null
	psql -qAtX -c "SELECT cpx_gen(0, $((ROWS - 1)), 784, 300)" >/dev/null
	awk 'BEGIN { for (i = 0; i < 300; i++) printf "passage %d about topic %d\n", i * 37, i % 300 }' > "$pgd/q.txt"
	EMBOPT="--embedder hash"
	what="synthetic $ROWS"
fi
nq=$(wc -l < "$pgd/q.txt")
"$B/cpe-index" -q --kind "$KIND" $EMBOPT "$pgd/idx"
echo "serve.sh: $what rows, $KIND, $nq queries; load at start $(cat /proc/loadavg)"

# The floor: cpe-search in one process, then two at once.
t0=$(now)
"$B/cpe-search" -q -j -k 10 --threads 1 --stats "$pgd/s1.json" --queries "$pgd/q.txt" "$pgd/idx" > "$pgd/s1.hits"
t1=$(now)
half=$(( (nq + 1) / 2 ))
head -n "$half" "$pgd/q.txt" > "$pgd/qa.txt"
tail -n +"$((half + 1))" "$pgd/q.txt" > "$pgd/qb.txt"
t2=$(now)
"$B/cpe-search" -q -j -k 10 --threads 1 --queries "$pgd/qa.txt" "$pgd/idx" > /dev/null &
p=$!
"$B/cpe-search" -q -j -k 10 --threads 1 --queries "$pgd/qb.txt" "$pgd/idx" > /dev/null
wait $p
t3=$(now)
s_p95=$(js "$pgd/s1.json" search_ms_p95)
s_qps1=$(awk -v n="$nq" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
s_qps2=$(awk -v n="$nq" -v a="$t2" -v b="$t3" 'BEGIN { printf "%.1f", n / (b - a) }')
echo "cpe-search --queries: 1 process $s_qps1 q/s (search p95 $s_p95 ms), 2 processes $s_qps2 q/s (load $(load1))"

# cpe-serve under wrk.
python3 - "$pgd/q.txt" > "$pgd/paths.lua" <<'PY'
import sys, urllib.parse
print("paths = {")
for l in open(sys.argv[1]):
    print('  "/search?k=10&q=%s",' % urllib.parse.quote_plus(l.strip()))
print("}")
PY
cat >> "$pgd/paths.lua" <<'EOF2'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.3f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout))
end
EOF2
sp=""
trap '[ -z "$sp" ] || kill $sp 2>/dev/null; pg_stop "$pgd/c"; rm -rf "$pgd"' EXIT

# probe PATH: 15 GET PATH one at a time, 0.15 s apart: "median/max ms".
probe() {
	for _ in $(seq 15); do
		curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$1"
		sleep 0.15
	done | sort -n | awk '{ t[NR] = $1 * 1e3 } END { printf "%.2f/%.2f", t[int((NR + 1) / 2)], t[NR] }'
}

# series LABEL BINDIR [OPTION ...]: cpe-serve of BINDIR at 1, 8 and 32
# clients; sets p95_1, qps8, p99_32.
series() {
	_l=$1 _b=$2; shift 2
	"$_b/cpe-serve" "$@" --listen 127.0.0.1:0 "$pgd/idx" 2> "$pgd/serve.err" &
	sp=$!
	i=0
	until grep -q 'listening on' "$pgd/serve.err"; do
		i=$((i + 1)); [ $i -lt 300 ] || { cat "$pgd/serve.err" >&2; exit 1; }
		sleep 0.1
	done
	port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$pgd/serve.err")
	curl -sf "http://127.0.0.1:$port/search?q=warm&k=10" > /dev/null
	for c in 1 8 32; do
		t=$(( c < 2 ? 1 : 2 ))
		if [ $c = 32 ]; then
			( sleep 1; echo "$(probe /health) $(probe /metrics)" > "$pgd/probe" ) &
			pp=$!
		fi
		r=$(wrk -t$t -c$c -d"${DUR}s" -s "$pgd/paths.lua" "http://127.0.0.1:$port" | sed -n 's/^RESULT //p')
		set -- $r
		echo "$_l cpe-serve $c client(s): $1 req/s, p50 $2 ms, p95 $3 ms, p99 $4 ms, $5 requests, $6 errors (load $(load1))"
		case $c in
		1) p95_1=$3 ;;
		8) qps8=$1 ;;
		32) p99_32=$4
		    wait $pp
		    set -- $(cat "$pgd/probe")
		    echo "$_l cpe-serve during 32 clients: /health $1 ms, /metrics $2 ms (median/max of 15)" ;;
		esac
	done
	kill -TERM $sp; wait $sp
	sp=""
}

if [ -z "${NOBASE:-}" ] && bb=$(prev_build); then
	series base "$bb" ${BASE_OPTS:-}
fi
# SERVE_VARIANTS: option sets separated by "|", one series each.
oifs=$IFS
IFS='|'
set -- ${SERVE_VARIANTS:-${SERVE_OPTS:-}}
IFS=$oifs
[ $# -gt 0 ] || set -- ""
for v; do
	series "today${v:+ $v}" "$B" $v
done
awk -v a="$p95_1" -v b="$s_p95" -v q="$qps8" -v f="$s_qps2" -v p="$p99_32" 'BEGIN {
	printf "1 client p95 - cpe-search search p95: %+.3f ms (issue: within 1.5)\n", a - b
	printf "8 clients req/s / cpe-search 2 processes q/s: %.2fx (issue: >= 0.8)\n", q / f
	printf "32 clients p99: %.3f ms (issue: < 50)\n", p }'
echo "load at end $(cat /proc/loadavg)"
