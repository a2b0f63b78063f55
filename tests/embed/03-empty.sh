# Empty input gives empty output.  An empty or blank text, or one with no
# features (punctuation only), has no vector: a data error naming the
# record (a zero vector is never written), or, with --reject FILE, the
# record goes to FILE untouched and the run goes on.
. "$TESTS/lib/lib.sh"
: > empty.mp
expect_exit 0 embed empty.mp
[ -s out ] && fail "empty input gave output"
printf '%s\n' '{"id":1,"text":"first"}' '{"id":2,"text":""}' '{"id":3,"text":"third"}' | pack > e.mp
expect_exit 1 embed e.mp
expect_grep err '^embed: e.mp: record 2 \(byte [0-9]+\): key "text": empty text: no vector \(a zero vector is refused'
expect_eq "$(dump out)" "$(embed -b 1 e.mp 2>/dev/null | dump | head -1)" "record 1 written"
expect_eq "$(dump -c out)" 1 "only record 1"
printf '%s\n' '{"id":1,"text":" \n\t "}' | pack > b.mp
expect_exit 1 embed b.mp
expect_grep err 'record 1 \(byte 0\): key "text": blank text: no vector'
printf '%s\n' '{"id":1,"text":"ok"}' '{"id":2,"text":"?!... --"}' | pack > p.mp
expect_exit 1 embed p.mp
expect_grep err 'record 2 \(byte [0-9]+\): key "text": text without features: no vector'
# --reject: aside, counted in --stats, the rest embedded in order.
cat e.mp b.mp p.mp > all.mp
expect_exit 0 embed --reject rej.mp --stats st.json all.mp
dump out | sed 's/,"concept_vec".*//' > kept
printf '%s\n' '{"id":1,"text":"first"' '{"id":3,"text":"third"' '{"id":1,"text":"ok"' > want
expect_same kept want
dump rej.mp > rej.jsonl
printf '%s\n' '{"id":2,"text":""}' '{"id":1,"text":" \n\t "}' '{"id":2,"text":"?!... --"}' > want.rej
expect_same rej.jsonl want.rej
expect_grep st.json '"rejected": ?3'
expect_grep st.json '"records": ?6'
