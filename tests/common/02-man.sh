# Every built program has a man page with INPUT, OUTPUT and EXIT STATUS
# sections that passes mandoc -Tlint, and every
# long option its --help lists appears in that page (and the reverse for
# the page's SYNOPSIS options would be too strict: the page may group).
. "$TESTS/lib/lib.sh"
for bin in "$WIKIPIPE_BIN"/*; do
	p=$(basename "$bin")
	page=$ROOT/man/$p.1
	[ -f "$page" ] || fail "$p: no man page man/$p.1"
	for sec in INPUT OUTPUT "EXIT STATUS"; do
		grep -q "^\.Sh $sec\$" "$page" || fail "man/$p.1 has no $sec section"
	done
	"$bin" --help > help.txt 2>&1 || fail "$p --help exited non-zero"
	grep -q "^usage: $p" help.txt || fail "$p --help does not start with 'usage: $p'"
	for o in $(grep -oE -- '--[a-z][a-z0-9-]*' help.txt | sort -u); do
		# mdoc writes --max-record as "Fl \-max\-record".
		re=$(printf '%s' "${o#-}" | sed 's/-/\\\\?-/g')
		# ... or as "Fl Fl max-record", the other mdoc spelling.
		re2=$(printf '%s' "${o#--}" | sed 's/-/\\\\?-/g')
		grep -qE -- "(Fl |, )$re( |\$)|Fl Fl $re2( |\$)" "$page" ||
			fail "$p: option $o of --help is not in man/$p.1"
	done
done
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint -W warning "$ROOT"/man/*.[1-9] > lint.txt 2>&1 || true
	[ -s lint.txt ] && { cat lint.txt >&2; fail "mandoc -Tlint found problems"; }
fi
exit 0
