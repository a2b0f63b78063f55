# A record larger than --max-record is a data error (exit 1) naming it;
# the whole articles before it are committed, its article is not.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 3 --chunks 2
dump in.mp | jedit 4 'r["text"] = "x" * 20000' | pack > big.mp
expect_exit 1 cpe-commit --max-record 16K big.mp
expect_grep err 'record 4 .*(larger|exceeds|too large|max)'
expect_grep err 'article "testwiki-20260101:101": 1 of 2 chunks before the error; not committed'
expect_eq "$(sql 'SELECT string_agg(doc_id, $$,$$) FROM cpe_ledger')" testwiki-20260101:100 ledger
expect_eq "$(whole)" 0 "articles not whole"
