# SIGKILL of each stage in turn at a random point of a real pipeline into
# a real database, then the documented resume (cpe-commit --list-committed
# into wiki-fetch --exclude): committed articles are always whole, and
# after the resume the database is identical, by an ordered checksum, to
# an uninterrupted run.  FAULT_SEED=N replays the same kill points.
. "$TESTS/lib/lib.sh"
. "$TESTS/faults/lib.sh"
need_stages
need_pg
need_cmd pgrep mkfifo
fault_seed
make_dump dump.xml 12
COMMIT_ARGS="--batch-articles 4"
ref=$PGDATABASE
start_pipeline dump.xml
wait_pipeline
for s in $STAGES; do
	[ "$(cat rc.$s)" = 0 ] || fail "reference run: $s exit $(cat rc.$s): $(cat err.$s)"
	eval "ms_$(echo $s | tr - _)=$(stage_ms $s)"
done
want=$(cksum)
n_art=$(sql 'SELECT count(*) FROM cpe_ledger')
echo "reference: $n_art articles, $(sql 'SELECT count(*) FROM cpe_entry') rows, $(stage_ms cpe-commit) ms" >&2
[ "$n_art" -gt 100 ] || fail "reference run committed only $n_art articles"
i=0
for s in $STAGES; do
	i=$((i + 1))
	PGDATABASE=${ref}_k$i; export PGDATABASE
	createdb "$PGDATABASE"
	# A random point within the stage's lifetime in the reference run.
	eval "life=\$ms_$(echo $s | tr - _)"
	fault_rand $((life > 10 ? life : 10))
	at=$RAND
	# A stage that already ended was not hit: try again, earlier.
	for try in 1 2 3 4; do
		start_pipeline dump.xml
		sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
		pid=$(stage_pid $s)
		[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || :
		wait_pipeline
		[ -n "$pid" ] && break
		dropdb --force "$PGDATABASE"; createdb "$PGDATABASE"
		at=$((at / 3))
	done
	got=$(sql 'SELECT count(*) FROM cpe_ledger' 2>/dev/null || echo 0)
	echo "kill $s at $at of $life ms (pid ${pid:-gone}): status $(cat rc.$s), $got of $n_art articles committed" >&2
	# (if cpe-commit died before creating its schema, nothing is there)
	[ "$got" = 0 ] || expect_eq "$(whole)" 0 "articles not whole after killing $s"
	resume dump.xml || fail "resume after killing $s failed"
	expect_eq "$(cksum)" "$want" "checksum after killing $s at $at ms and resuming"
	expect_eq "$(whole)" 0 "articles not whole after resuming ($s)"
done
