# --help: usage on stdout, exit 0; every option of --help is in the man
# page.
. "$TESTS/lib/lib.sh"
expect_exit 0 chunk-semantic --help
expect_grep out '^usage: chunk-semantic'
[ -s err ] && fail "--help wrote to stderr"
man=$TESTS/../man/chunk-semantic.1
[ -f "$man" ] || fail "no man page"
for o in $(grep -o -- '--[a-z][a-z-]*' out | sort -u); do
	esc=$(printf '%s' "${o#--}" | sed 's/-/\\-/g')
	grep -qF -- "\\-$esc" "$man" || fail "option $o missing from the man page"
done
