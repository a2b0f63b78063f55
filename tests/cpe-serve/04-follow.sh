#!/bin/sh
# The server follows the index: a cpe-index sync under load switches it
# to the new generation with no failed request, and the new rows are
# found afterwards; the old generation's files may go meanwhile.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
need_cmd python3
cpx_setup
gen 0 299
expect_exit 0 cpe-index --kind ivfpq --nlist 8 --embedder "$EMB" idx
serve_start --threads 2 idx
expect_status 200 "$URL/health"
g0=$(jq .index.generation body)
expect_eq "$(jq .index.rows body)" 300 "rows before"
expect_status 404 "$URL/search?like=$(uuid 450)&k=3"

load_start 4
sleep 1
gen 300 499
sql "UPDATE cpe_entry_data SET concept_text = 'zebra crossing ' || concept_text WHERE cpe_id = '$(uuid 450)'"
expect_exit 0 cpe-index idx
# The switch happens within a few seconds (the watcher looks every second).
i=0
while :; do
	expect_status 200 "$URL/health"
	[ "$(jq .index.rows body)" = 500 ] && break
	i=$((i + 1))
	[ $i -lt 100 ] || fail "still $(jq -c .index body) 10 s after the sync"
	sleep 0.1
done
g1=$(jq .index.generation body)
[ "$g1" != "$g0" ] || fail "generation unchanged ($g0)"
sleep 1
load_stop
cat load.out >&2
expect_no_grep load.out '^error|^[^2]'
expect_grep load.out '^200 [0-9]'

# The new rows are searched, as cpe-search finds them.
expect_exit 0 cpe-search -j -k 3 --like "$(uuid 450)" idx
mv out want
expect_status 200 "$URL/search?like=$(uuid 450)&k=3"
jq -c '.hits[]' body >got
expect_same want got
expect_status 200 "$URL/metrics"
expect_grep body '^cpe_serve_index_reloads_total 1$'
expect_grep body "^cpe_serve_index_generation $g1\$"
serve_stop
expect_grep serve.err "now generation $g1 \\(ivfpq, 500 rows"
