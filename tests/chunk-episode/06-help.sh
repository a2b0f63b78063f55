# --help: usage on stdout, exit 0; every option of --help is in the man
# page.
. "$TESTS/lib/lib.sh"
expect_exit 0 chunk-episode --help
expect_grep out '^usage: chunk-episode'
expect_grep out 'hash'
[ -s err ] && fail "--help wrote to stderr"
man=$TESTS/../man/chunk-episode.1
[ -f "$man" ] || fail "no man page"
for o in $(grep -o -- '--[a-z][a-z-]*' out | sort -u); do
	esc=$(printf '%s' "${o#--}" | sed 's/-/\\-/g')
	grep -qF -- "\\-$esc" "$man" || fail "option $o missing from the man page"
done
