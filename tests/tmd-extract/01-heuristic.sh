# Happy path: heuristic labels, every output key, pass-through, packing.
. "$TESTS/lib/lib.sh"
pack "$DATA/tmd/chunks.jsonl" | tmd-extract --stats st.json | dump
expect_grep st.json '"records": 3'
expect_grep st.json '"heuristic": 3'
expect_grep st.json '"domains": \{"Science":0,.*"History":1,.*"Software":1\}'
