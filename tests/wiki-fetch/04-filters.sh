# Namespaces, redirects, disambiguation, --min-chars, --limit, --skip.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
count() { wiki-fetch -q "$@" | rec-dump -c; }
expect_eq "$(count -N all "$f")" 5 "-N all"
expect_eq "$(count --namespaces 0,4 "$f")" 5 "-N 0,4"
expect_eq "$(count -N 4 "$f")" 1 "-N 4"
expect_eq "$(count --redirects emit "$f")" 6 "--redirects emit"
wiki-fetch -q --redirects emit "$f" | rec-dump >r.jsonl
expect_grep r.jsonl '"title":"Quill Bridge".*"redirect":"Quillfeather Bridge","text":""'
expect_grep r.jsonl '"title":"The Quill".*"redirect":"Quillfeather Bridge#History"'
expect_eq "$(count --skip-disambig "$f")" 3 "--skip-disambig"
expect_eq "$(count --min-chars 0 "$f")" 5 "--min-chars 0"
expect_eq "$(count --min-chars 100 "$f")" 1 "--min-chars 100"
expect_eq "$(count -n 2 "$f")" 2 "-n 2"
expect_eq "$(count --limit 0 "$f")" 0 "--limit 0"
wiki-fetch -q --skip 5 "$f" | rec-dump >s.jsonl
expect_grep s.jsonl '^\{"source":"testwiki","doc_id":"testwiki:106".*"article_index":5,'
expect_eq "$(wc -l <s.jsonl)" 2 "--skip 5"
wiki-fetch --skip 5 --stats st.json "$f" >/dev/null 2>&1
expect_grep st.json '"skip": 5, "namespace": 0, "too_large": 0, "redirect": 0, "excluded": 0, "disambiguation": 0, "short": 1'
