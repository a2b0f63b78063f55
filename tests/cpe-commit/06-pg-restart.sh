# PostgreSQL restarted (pg_ctl restart -m fast) in the middle of a load:
# cpe-commit reconnects, replays the batch and completes; the database is
# identical to an undisturbed load.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
. "$TESTS/lib/pg.sh"
need_cmd python3
pg_bindir >/dev/null || skip "no PostgreSQL server binaries"
d=$(mktemp -d /tmp/wikipipe-cpe-pg.XXXXXX)
trap 'pg_stop "$d"' EXIT
pg_start "$d" > pg.log 2>&1 || skip "cannot start a private cluster: $(tail -n 1 pg.log)"
gen in.mp --articles 60 --chunks 4 --dim 32
dump in.mp > in.jsonl
head -n 100 in.jsonl | pack > a.mp
tail -n +101 in.jsonl | pack > b.mp
createdb ref; createdb t
PGDATABASE=ref cpe-commit in.mp
want=$(PGDATABASE=ref cksum)
export PGDATABASE=t
# The server restarts while cpe-commit holds an open connection between
# batches; the next batch meets a dead connection.
{ cat a.mp; sleep 1; cat b.mp; } |
    cpe-commit --batch-articles 4 --stats st.json 2>err &
pid=$!
sleep 0.5
pg_restart "$d" || fail "pg_restart"
wait $pid || fail "cpe-commit failed: $(cat err)"
grep -q '"retries": [1-9]' st.json || fail "no retry recorded: $(cat st.json)"
expect_eq "$(cksum)" "$want" "checksum after a restart"
expect_eq "$(whole)" 0 "articles not whole"
# Again with the restart during a stream of many small batches.
dropdb t; createdb t
gen big.mp --articles 600 --chunks 4 --dim 64
createdb ref2
PGDATABASE=ref2 cpe-commit big.mp
want=$(PGDATABASE=ref2 cksum)
PGDATABASE=t
cpe-commit < /dev/null 2>/dev/null	# the schema, so the ledger can be polled
cpe-commit --batch-articles 2 --stats st2.json big.mp 2>err2 &
pid=$!
i=0
while [ "$(sql 'SELECT count(*) FROM cpe_ledger' 2>/dev/null || echo 0)" -lt 10 ] && [ $i -lt 300 ]; do
	sleep 0.05; i=$((i + 1))
done
pg_restart "$d" || fail "pg_restart"
wait $pid || fail "cpe-commit failed: $(cat err2)"
grep -q '"retries": [1-9]' st2.json || fail "no retry recorded: $(cat st2.json)"
n=$(sql 'SELECT count(*) FROM cpe_ledger')
[ "$n" -eq 600 ] || fail "$n articles committed, wanted 600"
expect_eq "$(cksum)" "$want" "checksum after a restart mid-stream"
expect_eq "$(whole)" 0 "articles not whole"
