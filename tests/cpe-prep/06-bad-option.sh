# Bad options and operands are usage errors (exit 2, usage on stderr).
. "$TESTS/lib/lib.sh"
expect_exit 2 cpe-prep --no-such-option
expect_grep err '^usage: cpe-prep'
expect_exit 2 cpe-prep --dim 0
expect_exit 2 cpe-prep --dim x
expect_exit 2 cpe-prep --content-type poem
expect_grep err '^cpe-prep: --content-type: want factual, math, instruction or narrative, not "poem"$'
expect_grep err '^usage: cpe-prep'
expect_exit 2 cpe-prep --cpesh --api grpc
expect_grep err '^cpe-prep: --api: want ollama, ollama-chat or openai, not "grpc"$'
expect_exit 2 env WIKIPIPE_LLM_API=grpc cpe-prep
expect_grep err '^cpe-prep: WIKIPIPE_LLM_API: want ollama, ollama-chat or openai, not "grpc"$'
expect_exit 2 cpe-prep a b
