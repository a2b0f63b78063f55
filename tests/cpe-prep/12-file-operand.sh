# A file operand reads the same as stdin; -o FILE is written atomically
# and not left behind when the input is bad.
. "$TESTS/lib/lib.sh"
pack "$DATA/cpe/chunks.jsonl" > in.mp
cpe-prep --dim 8 in.mp > a.mp
cpe-prep --dim 8 - < in.mp > b.mp
cpe-prep --dim 8 -o c.mp in.mp
expect_same a.mp b.mp
expect_same a.mp c.mp
head -c 500 in.mp > cut.mp
expect_exit 1 cpe-prep --dim 8 -o d.mp cut.mp
[ ! -e d.mp ] || fail "d.mp left behind"
[ -z "$(ls | grep 'd.mp.tmp')" ] || fail "temporary file left behind"
