# Idempotence: the same input again (also with other batch sizes, or in
# one transaction) leaves identical tables: same ordered checksum, no
# duplicate rows.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 20 --chunks 5 --vary
n=$(dump -c in.mp)
cpe-commit in.mp
a=$(cksum)
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" "$n" rows
cpe-commit in.mp
expect_eq "$(cksum)" "$a" "checksum after a second run"
cpe-commit --batch-articles 1 in.mp
expect_eq "$(cksum)" "$a" "checksum with --batch-articles 1"
cpe-commit --single-transaction in.mp
expect_eq "$(cksum)" "$a" "checksum with --single-transaction"
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" "$n" "rows after four runs"
expect_eq "$(sql "SELECT count(*) FROM cpe_run WHERE status = 'ok'")" 4 runs
# created_at is kept, updated_at moves.
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry WHERE updated_at > created_at')" "$n" updated
# A re-run takes the upsert path; a batch mixing new and committed
# articles too; both end as a load from scratch does.
cpe-commit --stats st.json in.mp
expect_grep st.json '"upsert_batches": 1'
PGDATABASE=${PGDATABASE}_half; export PGDATABASE
createdb "$PGDATABASE"
dump in.mp | head -n 30 | pack > half.mp
cpe-commit --stats st1.json half.mp 2>/dev/null || :
expect_grep st1.json '"upsert_batches": 0'
cpe-commit --stats st2.json in.mp
expect_grep st2.json '"upsert_batches": 1'
expect_eq "$(cksum)" "$a" "checksum after half, then all"
