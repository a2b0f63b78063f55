#!/bin/sh
# The workers' queue: a search that waited longer than --request-timeout
# for a worker, and one that finds --max-queue searches waiting, are
# answered 503 with a JSON error and Retry-After, and the server goes
# on; /health and /metrics answer while the only worker is busy.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
need_cmd python3
cpx_setup
gen 0 299
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx

# One worker, 200 ms of waiting allowed: of 6 batches of 2000 queries
# (k 100) sent at once, the worker takes one, and those behind it have
# waited for its 2000 searches (each two database round trips) when
# their turn comes.
serve_start --threads 1 --max-batch 2000 --request-timeout 200 idx
python3 "$TESTS/cpe-serve/batch.py" "$PORT" 6 2000 >got
cut -c1-100 got >&2
expect_grep got '^503 1 the request waited [0-9]+ ms for a worker, longer than the 200 ms allowed \(--request-timeout\)$'
expect_no_grep got '^[^25]'
n503=$(grep -c '^503' got)
expect_status 200 "$URL/metrics"
expect_grep body "^cpe_serve_queue_rejected_total\\{reason=\"timeout\"\\} $n503\$"
expect_grep body '^cpe_serve_queue_length 0$'
# Alone, a search waits for no one.
expect_status 200 "$URL/search?q=passage+about+topic+3&k=3"
expect_eq "$(jq '.hits | length' body)" 3 "hits after the timeouts"
serve_stop

# --max-queue 1: while the worker answers one batch and one waits, the
# others are refused at once.
serve_start --threads 1 --max-batch 2000 --max-queue 1 idx
python3 "$TESTS/cpe-serve/batch.py" "$PORT" 6 2000 >got
cut -c1-100 got >&2
expect_grep got '^200 - -$'
expect_grep got '^503 1 the server is busy: 1 searches are waiting \(--max-queue\)$'
expect_no_grep got '^[^25]'
n503=$(grep -c '^503' got)
expect_status 200 "$URL/metrics"
expect_grep body "^cpe_serve_queue_rejected_total\\{reason=\"full\"\\} $n503\$"

# /health (its own thread and connection) and /metrics (no database)
# while the only worker is busy with batches.
python3 "$TESTS/cpe-serve/batch.py" "$PORT" 2 2000 >/dev/null &
bp=$!
expect_status 200 "$URL/health"
expect_eq "$(jq .database.reachable body)" true "reachable under load"
expect_status 200 "$URL/metrics"
wait $bp
serve_stop
