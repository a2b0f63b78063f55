#!/bin/sh
# The table for people and the JSON lines for programs: keys, ranks,
# scores in order, -k, several queries, --queries FILE.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 199
sql "UPDATE cpe_entry_data SET concept_text = E'line one\\nline two with ünïcödé and a \"quote\"' WHERE cpe_id = '$(uuid 3)'"
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx

expect_exit 0 cpe-search -j -k 4 --like "$(uuid 3)" idx
expect_eq "$(wc -l <out | tr -d ' ')" 4 "lines"
expect_grep out "^\{\"query\":0,\"query_text\":\"$(uuid 3)\",\"rank\":1,\"score\":1,\"row_id\":[0-9]+,\"cpe_id\":\"$(uuid 3)\",\"doc_id\":\"testwiki:0\",\"title\":\"Article 0\",\"section\":\"Section 0\",\"chunk_index\":3,\"tmd_lane\":\"lane_3\",\"lane\":\"lane_3\",\"text\":\"line one\\\\nline two with ünïcödé and a \\\\\"quote\\\\\"\"\}$"
expect_eq "$(sed -n 's/.*"rank":\([0-9]*\).*/\1/p' out | tr '\n' ' ')" "1 2 3 4 " "ranks"
sed -n 's/.*"score":\([-0-9.e]*\).*/\1/p' out >scores
sort -gr scores | expect_same - scores 2>/dev/null || { sort -gr scores >sorted; expect_same sorted scores; }

# The table: newlines flattened, long text cut with "~".
expect_exit 0 cpe-search -k 2 --width 60 --like "$(uuid 3)" idx
expect_grep out "^query 1: $(uuid 3)$"
expect_grep out '^    1  1\.0000  Article 0                 Section 0         line one ~$'
expect_exit 0 cpe-search -k 1 --like "$(uuid 3)" idx
expect_grep out '^    1  1\.0000  Article 0                 Section 0         line one line two with ünïcödé and a "quote"$'

printf 'first query\n\nsecond query\n' >q.txt
expect_exit 0 cpe-search -j -k 2 --queries q.txt idx
expect_eq "$(grep -c '"query":0,"query_text":"first query"' out)" 2 "query 0 hits"
expect_eq "$(grep -c '"query":1,"query_text":"second query"' out)" 2 "query 1 hits"
expect_exit 0 cpe-search -j -k 2 --queries - idx <q.txt
expect_eq "$(wc -l <out | tr -d ' ')" 4 "stdin queries"
