# A run whose process is gone (kill -9) is marked 'abandoned' by the next
# cpe-commit; a run still alive (another cpe-commit waiting for input)
# stays 'running'; a store of schema version 1 migrates in place.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
gen in.mp --articles 4 --chunks 3
mkfifo a b
cpe-commit a 2> err.a &
pa=$!
exec 7> a
cpe-commit b 2> err.b &
pb=$!
exec 8> b
i=0
until [ "$(sql "SELECT count(*) FROM cpe_run WHERE status = 'running'" 2>/dev/null)" = 2 ] ||
    [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
expect_eq "$(sql "SELECT count(*) FROM cpe_run WHERE status = 'running'")" 2 "runs started"
kill -9 $pa
wait $pa 2>/dev/null || :
exec 7>&-
expect_exit 0 cpe-commit in.mp
expect_eq "$(sql "SELECT status FROM cpe_run ORDER BY cmdline")" "$(printf 'abandoned\nrunning\nok')" "statuses"
expect_eq "$(sql "SELECT count(*) FROM cpe_run WHERE status = 'abandoned' AND finished_at IS NOT NULL")" 1 "finished_at of the abandoned run"
# The live run ends normally.
exec 8>&-
wait $pb || fail "the live run failed: $(cat err.b)"
expect_eq "$(sql "SELECT status FROM cpe_run ORDER BY cmdline")" "$(printf 'abandoned\nok\nok')" "statuses at the end"
expect_eq "$(sql 'SELECT version FROM cpe_schema')" 5 "schema version"
# A store of schema version 1 (the status check without 'abandoned'; made
# from the version-4 schema by undoing migrations 2 to 4) migrates in
# place, and its killed runs are marked too.
createdb "${PGDATABASE}_v1"
PGDATABASE=${PGDATABASE}_v1; export PGDATABASE
psql -X -q -v ON_ERROR_STOP=1 -f "$TESTS/cpe-commit/schema-v4.sql" >/dev/null 2>&1 ||
    fail "cannot load schema-v4.sql"
sql "ALTER TABLE cpe_run DROP CONSTRAINT cpe_run_status_check;
     ALTER TABLE cpe_run ADD CONSTRAINT cpe_run_status_check CHECK (status IN ('running', 'ok', 'incomplete', 'failed'));
     ALTER TABLE cpe_entry DROP COLUMN tmd_source;
     ALTER TABLE cpe_ledger DROP COLUMN rev_id, DROP COLUMN src_hash;
     UPDATE cpe_schema SET version = 1;
     INSERT INTO cpe_run (program, version, schema_version, cmdline) VALUES ('cpe-commit', 'old', 1, 'killed long ago')" >/dev/null
expect_exit 0 cpe-commit -v in.mp
expect_grep err 'schema migrated to version 5'
expect_grep err '1 earlier run marked abandoned'
expect_eq "$(sql 'SELECT version FROM cpe_schema')" 5 "migrated schema version"
expect_eq "$(sql "SELECT status FROM cpe_run WHERE cmdline = 'killed long ago'")" abandoned "old killed run"
expect_eq "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'cpe_entry' AND column_name = 'tmd_source'")" 1 "tmd_source column added"
expect_eq "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'cpe_ledger' AND column_name IN ('rev_id', 'src_hash')")" 2 "ledger revision columns added"
exit 0
