# Options: --help on stdout, bad options and numbers are usage errors,
# binary is never written to a terminal, --version.
. "$TESTS/lib/lib.sh"
expect_exit 0 rec-dump --help
expect_grep out '^usage: rec-dump'
[ -s err ] && fail "--help wrote to stderr"
expect_exit 2 rec-dump --frobnicate
expect_grep err "^rec-dump: unknown option '--frobnicate'"
expect_grep err '^usage: rec-dump'
expect_exit 2 rec-dump -x
expect_grep err "unknown option -- 'x'"
expect_exit 2 rec-dump -n 12x
expect_grep err "^rec-dump: -n: '12x': not a number"
expect_exit 2 rec-dump -n
expect_grep err "requires an argument"
expect_exit 2 rec-dump --max-record 5Q
expect_exit 2 rec-dump --to cobs
expect_grep err '^rec-dump: --to: want plain or nul, not "cobs"$'
expect_grep err '^usage: rec-dump'
expect_exit 0 rec-dump -V
expect_grep out '^rec-dump [0-9]'
expect_exit 3 rec-dump no-such-file
expect_grep err '^rec-dump: no-such-file: No such file or directory'
# A terminal on stdout: refused for binary (script(1) gives us a tty).
if command -v script >/dev/null 2>&1; then
	echo '{"a":1}' > one.jsonl
	script -qec "rec-dump --pack one.jsonl" /dev/null > tty.out 2>&1 || true
	grep -q 'refusing to write binary records to a terminal' tty.out ||
		fail "binary went to a terminal: $(cat tty.out)"
fi
