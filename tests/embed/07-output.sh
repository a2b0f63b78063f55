# Output to /dev/full is an I/O error; -o FILE is written atomically and
# left absent after a failure.
. "$TESTS/lib/lib.sh"
pack < "$DATA/embed/chunks.jsonl" > in.mp
expect_exit 3 sh -c 'embed in.mp > /dev/full'
expect_grep err 'write error: No space left on device'
expect_exit 3 embed -o /dev/full in.mp
expect_exit 0 embed -o res.mp in.mp
expect_eq "$(dump -c res.mp)" 12 "-o output"
ls | grep -q 'tmp\.' && fail "temporary file left behind"
printf '{"text":1}\n' | pack > bad.mp
expect_exit 1 embed -o fail.mp in.mp bad.mp
[ -e fail.mp ] && fail "-o file published after an error"
ls | grep -q 'tmp\.' && fail "temporary file left behind after an error"
printf '{"text":""}\n' | pack > empty-text.mp
expect_exit 3 embed --reject /dev/full in.mp empty-text.mp
true
