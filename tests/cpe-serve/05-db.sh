#!/bin/sh
# The database lost and back, on a private cluster: /health says 503 and
# searches answer 503 (JSON, no SQL) while it is down; both recover by
# themselves.  A restart during a load: after it is back, no request
# fails.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
. "$TESTS/lib/pg.sh"
need_cmd python3
pg_bindir >/dev/null || skip "no PostgreSQL server binaries"
d=$(mktemp -d /tmp/wikipipe-serve-pg.XXXXXX)
trap 'serve_kill; pg_stop "$d"' EXIT
pg_start "$d" > pg.log 2>&1 || skip "cannot start a private cluster: $(tail -n 1 pg.log)"
need_pg() { :; }
cpx_setup
gen 0 199
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
serve_start --threads 2 idx
expect_status 200 "$URL/search?q=passage+about+topic+4&k=5"
cp body before

_pg_as "$(pg_bindir)/pg_ctl" -D "$d/data" -m fast -w -s stop
http /health
expect_eq "$code" 503 "/health while down"
expect_eq "$(jq .database.reachable body)" false "reachable while down"
expect_eq "$(jq .index.rows body)" 200 "index rows while down"
expect_status 503 "$URL/search?q=passage+about+topic+4&k=5"
expect_status 503 -X POST --data '{"queries":["a b c","topic"]}' "$URL/search"
expect_status 200 "$URL/metrics"
expect_grep body '^cpe_serve_database_up 0$'
expect_no_grep bodies 'SELECT|ERROR|FATAL|socket|postgres'

pg_restart "$d" || fail "pg_restart"
expect_status 200 "$URL/health"
expect_eq "$(jq .database.reachable body)" true "reachable when back"
expect_status 200 "$URL/search?q=passage+about+topic+4&k=5"
expect_same before body

# A restart under load: failures only while it is down (503), none after.
load_start 4
sleep 0.5
pg_restart "$d" || fail "pg_restart"
sleep 0.5
load_stop
cat load.out >&2
expect_no_grep load.out '^error|^[^25]'
load_start 4
sleep 1.5
load_stop
cat load.out >&2
expect_no_grep load.out '^error|^[^2]'
expect_grep load.out '^200 [0-9]'
serve_stop
