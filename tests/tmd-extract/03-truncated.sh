# Truncated input: exit 1 naming the record; the records before it are out.
. "$TESTS/lib/lib.sh"
pack "$DATA/tmd/chunks.jsonl" >in.mp
size=$(wc -c <in.mp)
head -c $((size - 10)) in.mp >cut.mp
expect_exit 1 tmd-extract cut.mp
expect_grep err '^tmd-extract: cut\.mp: record 3 \(byte [0-9]+\).*'
n=$(dump out | wc -l)
expect_eq "$n" 2 "records before the cut"
# With -o FILE nothing is published when the input is bad.
expect_exit 1 tmd-extract -o labelled.mp cut.mp
[ ! -e labelled.mp ] || fail "-o file left behind"
ls | grep -q 'labelled\.mp\.tmp' && fail "temporary file left behind"
true
