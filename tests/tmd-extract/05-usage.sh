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
expect_grep err '^tmd-extract: --mode: want heuristic, llm or hybrid, not "magic"$'
expect_exit 2 tmd-extract --api grpc
expect_grep err '^tmd-extract: --api: want ollama, ollama-chat or openai, not "grpc"$'
expect_grep err '^usage: tmd-extract'
expect_exit 2 env WIKIPIPE_LLM_API=grpc tmd-extract
expect_grep err '^tmd-extract: WIKIPIPE_LLM_API: want ollama, ollama-chat or openai, not "grpc"$'
expect_exit 2 tmd-extract --fallback maybe
expect_grep err '^tmd-extract: --fallback: want none or heuristic, not "maybe"$'
expect_exit 2 tmd-extract --on-malformed ignore
expect_grep err '^tmd-extract: --on-malformed: want heuristic or fail, not "ignore"$'
expect_exit 2 tmd-extract --threshold 1.5
expect_exit 2 tmd-extract -j 0
expect_exit 2 tmd-extract --list=xml
expect_grep err '^tmd-extract: --list: want text or json, not "xml"$'
expect_exit 2 tmd-extract a b
expect_exit 2 tmd-extract -m llm --endpoint ftp://example.invalid </dev/null
expect_grep err 'only http:// and https://'
