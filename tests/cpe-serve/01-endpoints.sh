#!/bin/sh
# Every endpoint against a real server and database: /search by GET and
# POST gives cpe-search -j's hits for the same queries (same rows, scores
# and order), /health, /metrics, the page; SIGTERM stops it cleanly.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
cpx_setup
gen 0 299
expect_exit 0 cpe-index --kind ivf --nlist 8 --embedder "$EMB" idx

serve_start --threads 2 idx

# GET /search: the hits of cpe-search -j, line for line.
expect_exit 0 cpe-search -j -k 5 idx "passage about topic 7"
mv out want
expect_status 200 "$URL/search?q=passage%20about%20topic%207&k=5"
jq -c '.hits[]' body >got
[ -s got ] || fail "no hits"
expect_same want got

# Filters: --lane and --domain as cpe-search takes them.
expect_exit 0 cpe-search -j -k 3 --lane lane_5 idx "topic 3"
mv out want
expect_status 200 "$URL/search?q=topic+3&k=3&lane=lane_5"
jq -c '.hits[]' body >got
[ -s got ] || fail "no filtered hits"
expect_same want got
expect_exit 0 cpe-search -j -k 4 --domain 2 idx "topic 3"
mv out want
expect_status 200 "$URL/search?q=topic+3&k=4&domain=2"
jq -c '.hits[]' body >got
expect_same want got

# like=CPE_ID: the row's neighbours, as --like.
expect_exit 0 cpe-search -j -k 4 --like "$(uuid 3)" idx
mv out want
expect_status 200 "$URL/search?like=$(uuid 3)&k=4"
jq -c '.hits[]' body >got
expect_same want got

# POST: one query, then several (query numbers as cpe-search --queries).
printf 'passage about topic 1\npassage about topic 12\nsomething else\n' >q.txt
expect_exit 0 cpe-search -j -k 3 --queries q.txt idx
mv out want
expect_status 200 -X POST -H 'Content-Type: application/json' \
    --data '{"queries":["passage about topic 1",{"q":"passage about topic 12","k":3},{"q":"something else","k":"3"}]}' \
    "$URL/search"
jq -c '.hits[]' body >got
# The first query asked no k: its default is 10, so compare its first 3.
jq -c 'select(.query != 0 or .rank <= 3)' got >got3
expect_same want got3
expect_eq "$(jq -c 'select(.query == 0)' got | wc -l | tr -d ' ')" 10 "default k"
expect_status 200 -X POST --data '{"q":"passage about topic 1","k":3}' "$URL/search"
jq -c '.hits[]' body >got
head -3 want >want1
expect_same want1 got

# A batch's k, lane, domain (and with_none) are the defaults of its
# queries; a query's own keys override them.
expect_exit 0 cpe-search -j -k 3 --lane lane_5 idx "passage about topic 1"
jq -c . out >want
expect_exit 0 cpe-search -j -k 2 --lane lane_5 idx "passage about topic 12"
jq -c '.query = 1' out >>want
expect_exit 0 cpe-search -j -k 3 --lane lane_6 idx "something else"
jq -c '.query = 2' out >>want
expect_status 200 -X POST --data '{"k":3,"lane":"lane_5","queries":["passage about topic 1",{"q":"passage about topic 12","k":2},{"q":"something else","lane":6}]}' "$URL/search"
jq -c '.hits[]' body >got
expect_same want got
expect_exit 0 cpe-search -j -k 4 --domain 2 idx "topic 3"
mv out want
expect_status 200 -X POST --data '{"domain":2,"k":4,"queries":["topic 3"]}' "$URL/search"
jq -c '.hits[]' body >got
expect_same want got
# Each hit's lane, under the name and cpe-search's first one.
jq -e '.hits | length > 0 and all(.[]; .lane == .tmd_lane and (.lane | startswith("lane_")))' body >/dev/null ||
    fail "hits without lane: $(head -c 300 body)"
expect_status 400 -X POST --data '{"k":0,"queries":["topic 3"]}' "$URL/search"
expect_grep body '"message":"the batch.s defaults: k must be'
expect_status 400 -X POST --data '{"q":"topic","queries":["topic 3"]}' "$URL/search"


# /health: index and database.
expect_status 200 "$URL/health"
expect_eq "$(jq -r .status body)" ok "health status"
expect_eq "$(jq -r .index.kind body)" ivf "kind"
expect_eq "$(jq -r .index.rows body)" 300 "rows"
expect_eq "$(jq -r .embedder body)" "$EMB" "embedder"
expect_eq "$(jq -r .database.reachable body)" true "database"
jq -e '.index.generation | numbers' body >/dev/null || fail "no generation"

# /metrics: counters of what was asked above, a histogram, the index.
expect_status 200 "$URL/metrics"
expect_grep body '^cpe_serve_requests_total\{code="200"\} [1-9][0-9]*$'
expect_grep body '^cpe_serve_request_seconds_bucket\{le="\+Inf"\} [1-9][0-9]*$'
expect_grep body '^cpe_serve_request_seconds_count [1-9]'
expect_grep body '^cpe_serve_index_generation [0-9]+$'
expect_grep body '^cpe_serve_index_rows 300$'
expect_grep body '^# TYPE cpe_serve_request_seconds histogram$'

# The page: HTML, nothing fetched from elsewhere.
expect_status 200 "$URL/"
expect_grep body '<form id="f" role="search">'
expect_no_grep body 'src="http|href="http|@import'
curl -sS -o /dev/null -D headers "$URL/"
grep -qi '^content-type: text/html' headers || fail "page content type"

# Keep-alive: two requests on one connection.
curl -sS -v -o /dev/null -o /dev/null "$URL/health" "$URL/metrics" 2>verbose
grep -q 'Re-using existing connection' verbose || fail "connection not kept alive"

expect_status 404 "$URL/nothing"
serve_stop
kill -0 "$SERVE_PID" 2>/dev/null && fail "server still running" || :
