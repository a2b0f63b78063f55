# Empty input: empty output, exit 0.
. "$TESTS/lib/lib.sh"
cpe-prep < /dev/null > out.mp
[ ! -s out.mp ] || fail "output not empty"
