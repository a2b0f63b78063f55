# Empty input: empty output, exit 0, in every mode.
. "$TESTS/lib/lib.sh"
: >empty
expect_exit 0 tmd-extract empty
[ ! -s out ] || fail "output from empty input"
expect_exit 0 tmd-extract -m llm --endpoint 127.0.0.1:1 empty
[ ! -s out ] || fail "output from empty input (llm)"
