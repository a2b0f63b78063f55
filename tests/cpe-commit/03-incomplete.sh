# An article with a missing chunk is reported, never committed, and the
# exit status is 1; the other articles are committed.  So is an article
# cut off at the end of the input, or one whose chunks come out of order.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 4 --chunks 3
dump in.mp | sed -e '5d' -e '12d' > cut.jsonl	# 2nd chunk of page 101, last of 103
pack cut.jsonl > cut.mp
expect_exit 1 cpe-commit cut.mp
expect_grep err '^cpe-commit: .*record 5 \(byte [0-9]+\): article "testwiki-20260101:101": chunk 2 where 1 was expected; not committed$'
expect_grep err '^cpe-commit: article "testwiki-20260101:103": 2 of 3 chunks at the end of the input; not committed$'
expect_eq "$(sql 'SELECT string_agg(doc_id, $$,$$ ORDER BY doc_id) FROM cpe_ledger')" \
    "testwiki-20260101:100,testwiki-20260101:102" ledger
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" 6 rows
expect_eq "$(whole)" 0 "articles not whole"
expect_eq "$(sql 'SELECT status||incomplete FROM cpe_run')" incomplete2 run
# A different article starting before the previous one is whole.
dump in.mp | sed '3d' | pack > cut2.mp
expect_exit 1 cpe-commit cut2.mp
expect_grep err 'record 3 .*article "testwiki-20260101:100": 2 of 3 chunks; not committed'
