# Usage errors exit 2 with a reason; --help and --version exit 0.
. "$TESTS/lib/lib.sh"
expect_exit 0 tmd-extract --help
expect_grep out '^usage: tmd-extract '
expect_grep out -- '--fallback POLICY'
expect_exit 0 tmd-extract -V
expect_grep out '^tmd-extract '
expect_exit 2 tmd-extract --no-such-option
expect_grep err 'usage: tmd-extract'
expect_exit 2 tmd-extract -m magic
expect_grep err -- '--mode: invalid value "magic"'
expect_exit 2 tmd-extract --api grpc
expect_exit 2 tmd-extract --fallback maybe
expect_exit 2 tmd-extract --on-malformed ignore
expect_exit 2 tmd-extract --threshold 1.5
expect_exit 2 tmd-extract -j 0
expect_exit 2 tmd-extract --list=xml
expect_exit 2 tmd-extract a b
expect_exit 2 tmd-extract -m llm --endpoint ftp://example.invalid </dev/null
expect_grep err 'only http:// and https://'
