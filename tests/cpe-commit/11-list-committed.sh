# --list-committed prints the ledger's doc ids (all, or of one --source);
# an empty or schema-less database prints nothing.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
expect_exit 0 cpe-commit --list-committed
[ ! -s out ] || fail "output from an empty database"
gen a.mp --articles 3 --chunks 2
gen b.mp --articles 2 --chunks 1 --source otherwiki
cat a.mp b.mp | cpe-commit
cpe-commit --list-committed > all.txt
expect_eq "$(wc -l < all.txt | tr -d ' ')" 5 "all doc ids"
cpe-commit --list-committed --source otherwiki > o.txt
printf 'otherwiki:100\notherwiki:101\n' > want.txt
expect_same o.txt want.txt
expect_exit 3 sh -c 'cpe-commit --list-committed > /dev/full'
expect_exit 2 cpe-commit --source otherwiki a.mp
