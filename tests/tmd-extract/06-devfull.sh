# A write error is exit 3.
. "$TESTS/lib/lib.sh"
[ -w /dev/full ] || skip "no /dev/full"
pack "$DATA/tmd/chunks.jsonl" >in.mp
rc=0
tmd-extract in.mp >/dev/full 2>err || rc=$?
expect_eq "$rc" 3 "exit status"
expect_grep err '^tmd-extract: '
rc=0
tmd-extract --list >/dev/full 2>err || rc=$?
expect_eq "$rc" 3 "exit status of --list"
