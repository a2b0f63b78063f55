# Bad options and operands are usage errors (exit 2, usage on stderr).
. "$TESTS/lib/lib.sh"
expect_exit 2 cpe-prep --no-such-option
expect_grep err '^usage: cpe-prep'
expect_exit 2 cpe-prep --dim 0
expect_exit 2 cpe-prep --dim x
expect_exit 2 cpe-prep --content-type poem
expect_exit 2 cpe-prep a b
