# A missing or non-string text is a data error naming the record and the
# key; the records before it are written whole.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"text":"fine"}' '{"title":"no text"}' | pack > m.mp
expect_exit 1 embed m.mp
expect_grep err '^embed: m.mp: record 2 \(byte [0-9]+\): key "text": missing$'
expect_eq "$(dump -c out)" 1 "first record written"
printf '%s\n' '{"text":42}' | pack > i.mp
expect_exit 1 embed i.mp
expect_grep err '^embed: i.mp: record 1 \(byte 0\): key "text": expected str, got uint$'
printf '%s\n' '{"text":null}' | pack | embed 2>err >/dev/null && fail "nil text accepted"
expect_grep err 'key "text": expected str, got nil'
printf '%s\n' '{"text":{"$bin":"YWJj"}}' | pack | embed 2>err >/dev/null && fail "bin text accepted"
expect_grep err 'key "text": expected str, got bin'
# Not a map at all.
printf '[1,2]\n' | pack > a.mp
expect_exit 1 embed a.mp
expect_grep err 'record 1'
