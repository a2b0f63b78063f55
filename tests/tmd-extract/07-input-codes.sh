# Codes already on the input are kept (tmd_source "input"); nil codes
# count as absent; --ignore-input relabels.
. "$TESTS/lib/lib.sh"
printf '%s\n' \
 '{"text":"The army fought a battle.","domain_code":4,"task_code":5,"modifier_code":9,"tmd_source":"old"}' \
 '{"text":"The army fought a battle.","domain_code":null,"task_code":null,"modifier_code":null}' \
 '{"text":"x","domain_code":15,"task_code":31,"modifier_code":63,"tmd_confidence":0.25}' | pack >in.mp
tmd-extract in.mp | dump >got
sed -n 1p got | grep -Eq '"domain_code":4,"task_code":5,"modifier_code":9,"tmd_bits":8521,"tmd_lane":"lane_4","lane_index":4,"tmd_source":"input","tmd_confidence":1(\.0)?}' || fail "record 1: $(sed -n 1p got)"
sed -n 2p got | grep -q '"domain_code":7,.*"tmd_source":"heuristic"' || fail "record 2: $(sed -n 2p got)"
sed -n 3p got | grep -q '"tmd_bits":32767,"tmd_lane":"lane_15","lane_index":15,"tmd_source":"input","tmd_confidence":0.25' || fail "record 3: $(sed -n 3p got)"
[ "$(grep -c tmd_source got)" -eq 3 ] || fail "a key is duplicated"
grep -q '"tmd_source":"old"' got && fail "the old tmd_source survived"
tmd-extract --ignore-input in.mp | dump >got2
sed -n 1p got2 | grep -q '"domain_code":7,.*"tmd_source":"heuristic"' || fail "--ignore-input: $(sed -n 1p got2)"
# Input codes never reach the LLM: no server is needed for them.
sed -n '1p;3p' got | pack >coded.mp
expect_exit 0 tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 coded.mp
expect_exit 4 tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 in.mp
