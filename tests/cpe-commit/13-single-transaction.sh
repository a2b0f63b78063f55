# --single-transaction: a data error anywhere leaves nothing of the run;
# without it, the batches before the error stay.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 10 --chunks 2
dump in.mp | jedit 17 'r["task_code"] = "t"' | pack > bad.mp
expect_exit 1 cpe-commit --single-transaction --batch-articles 2 bad.mp
expect_grep err 'record 17 .*key "task_code"'
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" 0 "rows after a failed single transaction"
expect_exit 1 cpe-commit --batch-articles 2 bad.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 8 "articles in earlier batches"
expect_exit 0 cpe-commit --single-transaction in.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" 20 rows
