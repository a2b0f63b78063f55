# A write error is an I/O error (exit 3).
. "$TESTS/lib/lib.sh"
[ -w /dev/full ] || skip "no /dev/full"
rc=0
wiki-fetch -q -f "$DATA/wiki-fetch/basic.xml" >/dev/full 2>err || rc=$?
expect_eq "$rc" 3 "exit status"
expect_grep err 'wiki-fetch: '
