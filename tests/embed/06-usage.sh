# --help on stdout lists every embedder; bad options, bad numbers and bad
# SPECs are usage errors; a missing file is an I/O error; a model file
# that is not a word-vector file is a data error.
. "$TESTS/lib/lib.sh"
expect_exit 0 embed --help
expect_grep out '^usage: embed'
for b in hash wordvec ollama openai gtr; do expect_grep out "^  $b "; done
[ -s err ] && fail "--help wrote to stderr"
expect_exit 2 embed --frobnicate
expect_grep err "^embed: unknown option '--frobnicate'"
expect_grep err '^usage: embed'
expect_exit 2 embed -b 0
expect_exit 2 embed -b 5000
expect_exit 2 embed -b x
expect_exit 2 embed -e
expect_exit 2 embed -e nosuch < /dev/null
expect_grep err '^embed: --embedder nosuch: unknown embedder "nosuch"'
expect_exit 2 embed -e hash:dimm=3 < /dev/null
expect_grep err 'unknown parameter "dimm" for embedder hash'
expect_exit 2 embed -e wordvec < /dev/null
expect_grep err 'wordvec needs file=PATH'
expect_exit 2 embed -e ollama < /dev/null
expect_grep err 'ollama needs model=NAME'
expect_exit 2 embed -e gtr:url=ftp://x < /dev/null
expect_exit 2 embed -e gtr:batch=0 < /dev/null
expect_exit 3 embed -e wordvec:file=no-such.vec < /dev/null
expect_grep err '^embed: --embedder wordvec:file=no-such.vec: no-such.vec: No such file or directory'
printf 'not a vector file\n' > bad.vec
expect_exit 1 embed -e wordvec:file=bad.vec < /dev/null
expect_exit 3 embed no-such-file
expect_grep err '^embed: no-such-file: No such file or directory'
expect_exit 0 embed -V
expect_grep out '^embed [0-9]'
if command -v script >/dev/null 2>&1; then
	script -qec "embed /dev/null" /dev/null > tty.out 2>&1 || true
	grep -q 'refusing to write binary records to a terminal' tty.out ||
		fail "binary went to a terminal: $(cat tty.out)"
fi
