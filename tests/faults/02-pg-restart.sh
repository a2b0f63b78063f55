# PostgreSQL restarted (pg_ctl restart -m fast) in the middle of a load
# by the real pipeline: cpe-commit reconnects and retries, every stage
# ends with status 0, and the database is identical (ordered checksum) to
# an undisturbed load.  A private cluster, since it is restarted.
. "$TESTS/lib/lib.sh"
. "$TESTS/faults/lib.sh"
. "$TESTS/lib/pg.sh"
need_stages
need_cmd mkfifo
pg_bindir >/dev/null || skip "no PostgreSQL server binaries"
d=$(mktemp -d /tmp/wikipipe-faults-pg.XXXXXX)
trap 'pg_stop "$d"' EXIT
pg_start "$d" > pg.log 2>&1 || skip "cannot start a private cluster: $(tail -n 1 pg.log)"
fault_seed
make_dump dump.xml 12
COMMIT_ARGS="--batch-articles 2"
createdb ref
export PGDATABASE=ref
start_pipeline dump.xml
wait_pipeline
[ "$(cat rc.cpe-commit)" = 0 ] || fail "reference run: $(cat err.cpe-commit)"
want=$(cksum)
life=$(stage_ms cpe-commit)
n_art=$(sql 'SELECT count(*) FROM cpe_ledger')
for i in 1 2; do
	PGDATABASE=t$i
	createdb "$PGDATABASE"
	fault_rand $((life * 2 / 3 + 1))
	at=$((RAND + life / 6))
	start_pipeline dump.xml
	sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
	before=$(sql 'SELECT count(*) FROM cpe_ledger' 2>/dev/null || echo "?")
	pg_restart "$d" || fail "pg_restart"
	wait_pipeline
	echo "restart $i at $at of $life ms ($before of $n_art articles committed before it)" >&2
	for s in $STAGES; do
		[ "$(cat rc.$s)" = 0 ] || fail "$s exit $(cat rc.$s) after a restart: $(head -c 500 err.$s)"
	done
	expect_eq "$(cksum)" "$want" "checksum after a restart at $at ms"
	expect_eq "$(whole)" 0 "articles not whole"
done
