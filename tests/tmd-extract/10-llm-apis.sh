# Each wire protocol against the fake server: the answers land on the
# right records, tmd_source "llm", prompt carries the taxonomy.
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake --models test-model
marked 40 | pack >in.mp
for api in ollama ollama-chat openai; do
	tmd-extract -m llm --api "$api" --endpoint "http://127.0.0.1:$PORT/" \
	    --model test-model --stats "st-$api.json" in.mp | dump >"got-$api"
	check_marked "got-$api"
	expect_eq "$(count_source llm "got-$api")" 40 "$api: llm labels"
	expect_grep "st-$api.json" '"llm_questions": 40'
	expect_grep "st-$api.json" '"llm_malformed": 0'
done
# OpenAI endpoints are often given with /v1.
tmd-extract -m llm --api openai --endpoint "127.0.0.1:$PORT/v1" \
    --model test-model in.mp | dump >got-v1
check_marked got-v1
# The environment names the server too.
WIKIPIPE_LLM_ENDPOINT="127.0.0.1:$PORT" WIKIPIPE_LLM_MODEL=test-model \
    WIKIPIPE_LLM_API=ollama-chat tmd-extract -m llm in.mp | dump >got-env
check_marked got-env
# A model the server does not have is a permanent error: exit 4 at once,
# even with --fallback heuristic (a typo must not pass silently).
expect_exit 4 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --model nope \
    --fallback heuristic in.mp
expect_grep err 'HTTP status 404.*model \\"nope\\" not found'
