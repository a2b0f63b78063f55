# A store of schema version 4 (tests/cpe-commit/schema-v4.sql, as that
# version's cpe-commit made it) holding the rows of a fresh load migrates
# in place to version 5, and then equals the fresh load by the ordered
# checksum of every table and view.  A migration cut off half way (its
# session killed while it waits for a lock) leaves version 4 as it was,
# and the next run migrates.  VACUUM FULL then gives back the space of
# the dropped columns.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen g.mp --articles 30 --chunks 4 --vary --dim 64 --text-bytes 200
# Two rows as CPESH leaves them: concept_text differs from the text.
dump g.mp | jedit 3 'r["concept_text"] = "a concept of its own"' |
    jedit 7 'r["concept_text"] = ""; r["probe_question"] = "why?"' | pack > in.mp
a=$PGDATABASE
cpe-commit in.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry_data WHERE concept_text IS NOT NULL')" 2 "CPESH texts stored in full"

# The version-4 store, with the same rows (the views give them in the
# version-4 columns, fused_vec computed).
b=${a}_v4
createdb "$b"
psql -X -q -v ON_ERROR_STOP=1 -d "$b" -f "$TESTS/cpe-commit/schema-v4.sql" >/dev/null 2>&1 ||
    fail "cannot load schema-v4.sql"
for t in cpe_run cpe_entry cpe_vectors cpe_ledger; do
	psql -X -q -v ON_ERROR_STOP=1 -d "$a" -c "\\copy (SELECT * FROM $t) TO '$t.bin' (FORMAT binary)"
	psql -X -q -v ON_ERROR_STOP=1 -d "$b" -c "\\copy $t FROM '$t.bin' (FORMAT binary)"
done
PGDATABASE=$b sql "SELECT setval('cpe_run_run_id_seq', (SELECT max(run_id) FROM cpe_run))" >/dev/null
v4sum=$(PGDATABASE=$b cksum)
expect_eq "$v4sum" "$(cksum)" "version-4 copy"

# tsum DB: every table and view of the store, each in the order of its
# key, each row whole (the runs of the fresh load only).
tsum() {
	for t in cpe_entry_data:cpe_id cpe_vectors_data:cpe_id cpe_entry:cpe_id \
	    cpe_vectors:cpe_id cpe_ledger:doc_id; do
		printf '%s ' "${t%%:*}"
		PGDATABASE=$1 sql "SELECT md5(string_agg(t::text, E'\\n' ORDER BY ${t#*:}))
		    FROM ${t%%:*} t"
	done
	PGDATABASE=$1 sql "SELECT md5(string_agg(t::text, E'\\n' ORDER BY run_id))
	    FROM cpe_run t WHERE run_id <= $(sql 'SELECT max(run_id) FROM cpe_run')"
}

# Cut off: the migration waits for a lock on cpe_vectors (after it
# rewrote the texts), its client is killed and its session ended.
psql -X -q -d "$b" -c "BEGIN; LOCK TABLE cpe_vectors IN ACCESS SHARE MODE; SELECT pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
i=0
until [ "$(PGDATABASE=$b sql "SELECT count(*) FROM pg_locks WHERE relation = 'cpe_vectors'::regclass AND mode = 'AccessShareLock' AND granted")" = 1 ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "the lock holder did not start"; sleep 0.1
done
PGDATABASE=$b cpe-commit < /dev/null 2>/dev/null &
pid=$!
i=0
until [ "$(PGDATABASE=$b sql "SELECT count(*) FROM pg_locks WHERE NOT granted")" -ge 1 ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "the migration never waited"; sleep 0.1
done
kill -9 $pid
wait $pid 2>/dev/null || :
PGDATABASE=$b sql "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE NOT granted AND pid IS NOT NULL" >/dev/null
PGDATABASE=$b sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
wait $holder 2>/dev/null || :
expect_eq "$(PGDATABASE=$b sql 'SELECT version FROM cpe_schema')" 4 "version after the cut-off migration"
expect_eq "$(PGDATABASE=$b sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'cpe_vectors' AND column_name = 'fused_vec'")" 1 "fused_vec still stored"
expect_eq "$(PGDATABASE=$b cksum)" "$v4sum" "version-4 rows after the cut-off migration"

# The migration, run again, whole.
size0=$(PGDATABASE=$b sql "SELECT pg_relation_size('cpe_vectors')")
PGDATABASE=$b expect_exit 0 cpe-commit -v < /dev/null
expect_grep err 'schema migrated to version 5'
expect_eq "$(PGDATABASE=$b sql 'SELECT version FROM cpe_schema')" 5 "migrated version"
expect_eq "$(tsum "$b")" "$(tsum "$a")" "every table and view, migrated vs fresh load"
# A second run finds nothing to do and changes nothing.
PGDATABASE=$b expect_exit 0 cpe-commit -v < /dev/null
expect_no_grep err 'schema migrated'
expect_eq "$(tsum "$b")" "$(tsum "$a")" "every table and view after a second run"
# The same rows committed again over the migrated store: still equal.
PGDATABASE=$b cpe-commit in.mp
expect_eq "$(PGDATABASE=$b cksum)" "$(cksum)" "rows re-committed over the migrated store"
# The dropped columns' bytes go with a rewrite.
PGDATABASE=$b sql "VACUUM FULL cpe_vectors_data" >/dev/null
size1=$(PGDATABASE=$b sql "SELECT pg_relation_size('cpe_vectors_data')")
[ "$size1" -lt $((size0 * 2 / 3)) ] || fail "VACUUM FULL left cpe_vectors_data at $size1 bytes (was $size0)"
exit 0
