# Empty input, -o FILE written atomically, /dev/full is an I/O error,
# '-' and file operands, several files in one run.
. "$TESTS/lib/lib.sh"
: > empty.mp
expect_exit 0 dump empty.mp
[ -s out ] && fail "empty input gave output"
expect_eq "$(dump -c < empty.mp)" 0 "count of empty"
expect_exit 0 pack /dev/null
printf '{"a":1}\n' | pack > one.mp
expect_exit 0 dump -o res.jsonl one.mp
expect_eq "$(cat res.jsonl)" '{"a":1}' "-o output"
ls | grep -q 'tmp\.' && fail "temporary file left behind"
# A failing run leaves no -o file and no temporary file.
printf '\301' > bad.mp
expect_exit 1 dump -o fail.jsonl one.mp bad.mp
[ -e fail.jsonl ] && fail "-o file published after an error"
ls | grep -q 'tmp\.' && fail "temporary file left behind after an error"
expect_exit 3 dump -o /dev/full one.mp
expect_exit 3 sh -c 'rec-dump one.mp > /dev/full'
expect_grep err 'write error: No space left on device'
expect_exit 3 sh -c 'rec-dump --pack -f < /dev/null > /dev/full; printf "{\"a\":1}\n" | rec-dump --pack > /dev/full'
expect_eq "$(cat one.mp | dump - one.mp | wc -l | tr -d ' ')" 2 "stdin and file"
