# Hybrid: the heuristic where its confidence reaches --threshold, the LLM
# elsewhere.
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake
pack "$DATA/tmd/eval.jsonl" >eval.mp
n=$(wc -l <"$DATA/tmd/eval.jsonl")
tmd-extract -m hybrid --endpoint "127.0.0.1:$PORT" --stats st.json eval.mp | dump >got
h=$(count_source heuristic got)
l=$(count_source llm got)
expect_eq "$((h + l))" "$n" "heuristic + llm"
[ "$h" -gt 0 ] && [ "$l" -gt 0 ] || fail "hybrid used one labeller only ($h, $l)"
# Every heuristic label is at or above the threshold.
grep '"tmd_source":"heuristic"' got | grep -Eq '"tmd_confidence":0\.[0-4]' &&
    fail "a heuristic label below the threshold"
tmd-extract -m hybrid --threshold 0 --endpoint 127.0.0.1:1 eval.mp | dump >got0
# (Those with no domain evidence at all, confidence 0, are marked none.)
expect_eq "$(($(count_source heuristic got0) + $(count_source none got0)))" "$n" "threshold 0: all heuristic or none"
expect_eq "$(count_source none got0)" "$(grep -c '"tmd_confidence":0\.0*[,}]' got0 || :)" "threshold 0: none = confidence 0"
tmd-extract -m hybrid --threshold 1 --endpoint "127.0.0.1:$PORT" eval.mp | dump >got1
expect_eq "$(count_source llm got1)" "$n" "threshold 1: all llm"
