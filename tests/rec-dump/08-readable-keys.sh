# -r shows a key that is not a str as its JSON text cut to the width, so
# keys nested in keys cannot double the output at each level (found by
# the fuzzer: 66 bytes kept rec-dump -r busy for minutes).
. "$TESTS/lib/lib.sh"
f=$ROOT/fuzz/regress/dump/readable-key-blowup-66b.mp
[ -f "$f" ] || skip "fuzz regression input missing"
timeout 10 rec-dump -r "$f" > out.txt 2>/dev/null || [ $? -eq 1 ] || fail "rec-dump -r did not finish"
[ "$(wc -c < out.txt)" -lt 10000 ] || fail "output grew to $(wc -c < out.txt) bytes"
printf '{"$map":[[{"$map":[[[1,2],"v"]]},"w"]]}\n' | pack | rec-dump -r > o.json
expect_grep o.json '^\{"\{\\"\[1,2\]\\":\\"v\\"\}":"w"\}$'
