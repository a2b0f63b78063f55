# A read-only database: a clear error, exit 4, and nothing changes.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen a.mp --articles 2 --chunks 2
gen b.mp --articles 2 --chunks 3 --first-page 500
cpe-commit a.mp
before=$(cksum)
sql "ALTER DATABASE \"$PGDATABASE\" SET default_transaction_read_only = on"
expect_exit 4 cpe-commit b.mp
expect_grep err '^cpe-commit: .*read-only transaction.*\(SQLSTATE 25006\)$'
PGDATABASE=postgres sql "ALTER DATABASE \"$PGDATABASE\" SET default_transaction_read_only = off"
expect_eq "$(cksum)" "$before" "tables after the failed load"
# Also when the schema does not exist yet.
createdb "${PGDATABASE}_ro"
sql "ALTER DATABASE \"${PGDATABASE}_ro\" SET default_transaction_read_only = on"
PGDATABASE=${PGDATABASE}_ro expect_exit 4 cpe-commit b.mp
expect_grep err 'cannot create or migrate the schema: .*read-only'
