# Empty input gives empty output; an empty text gives no episode but is
# counted.
. "$TESTS/lib/lib.sh"
chunk-episode < /dev/null > out.mp
[ ! -s out.mp ] || fail "output not empty"
echo '{"doc_id":"x:1","text":""}' | pack | chunk-episode --stats st.json > out.mp
[ ! -s out.mp ] || fail "an empty text gave episodes"
expect_grep st.json '"empty": *1'
expect_grep st.json '"records": *1'
