# A piece with no letter or digit (a stray "." left where markup was
# removed) never becomes a chunk of its own: it joins its neighbour in the
# same section, so no text is lost and embed never sees an empty passage.
. "$TESTS/lib/lib.sh"
cat > in.jsonl <<'J'
{"doc_id":"t:1","text":"The river floods every spring and the farmers plant rice after the water goes down.\n\n.\n\nThe second paragraph talks about the harvest that follows in the autumn months."}
{"doc_id":"t:2","text":". . !"}
J
pack in.jsonl | chunk-semantic --min-words 1 --headings none > out.mp
dump out.mp > out.jsonl
expect_no_grep out.jsonl '"text":"[[:punct:][:space:]]*"'
expect_eq "$(grep -c '"doc_id":"t:1"' out.jsonl)" 2 "chunks of t:1"
expect_grep out.jsonl 'goes down\.\\n\\n\.'
expect_eq "$(grep -c '"doc_id":"t:2"' out.jsonl)" 0 "chunks of a punctuation-only text"
