# --help: usage on stdout, exit 0; every option is in the man page.
. "$TESTS/lib/lib.sh"
expect_exit 0 cpe-prep --help
expect_grep out '^usage: cpe-prep'
[ ! -s err ] || fail "stderr not empty"
for o in $(grep -o -- '--[a-z-]*' out | sort -u); do
	sed "s/\\\\//g" "$ROOT/man/cpe-prep.1" | grep -q -- "Fl ${o#-}" || fail "$o not in man/cpe-prep.1"
done
