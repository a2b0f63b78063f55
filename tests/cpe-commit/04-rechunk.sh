# An article re-chunked into fewer chunks replaces the old rows as a
# whole: rows with a higher chunk_index go, in the same transaction.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen four.mp --articles 2 --chunks 4
gen two.mp --articles 1 --chunks 2
cpe-commit four.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" 8 before
cpe-commit two.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry WHERE page_id = 100')" 2 "rows of page 100"
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors')" 6 vectors
expect_eq "$(sql 'SELECT chunk_count FROM cpe_ledger WHERE page_id = 100')" 2 ledger
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry WHERE page_id = 101')" 4 "page 101 untouched"
expect_eq "$(whole)" 0 "articles not whole"
# A fresh database loaded with the same final articles has the same sum.
a=$(cksum)
PGDATABASE=${PGDATABASE}_b; export PGDATABASE
createdb "$PGDATABASE"
dump four.mp | sed -n '5,8p' | pack > p101.mp
cat two.mp p101.mp | cpe-commit
expect_eq "$(cksum)" "$a" "checksum against a direct load"
