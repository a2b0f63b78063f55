# --headings keep|drop|mark, the section path, --tables, --math.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q -n 1 --headings drop "$f" | rec-dump >drop.jsonl
expect_grep drop.jsonl '"text":"Quillfeather Bridge is .* nothing else.\\n\\nConstruction began'
expect_grep drop.jsonl '"sections":\[\{"level":2,"title":"History","path":"History","para":2,"offset":207\},\{"level":3,"title":"Repairs","path":"History > Repairs","para":4,'
wiki-fetch -q -n 1 --headings mark "$f" | rec-dump >mark.jsonl
expect_grep mark.jsonl '\\n\\n== History ==\\n\\n.*\\n\\n=== Repairs ===\\n\\n'
wiki-fetch -q -n 1 --tables "$f" | rec-dump >tables.jsonl
expect_grep tables.jsonl 'Repairs\\n\\nRepair works\\nYear; Work\\n1921; new railings\\nmajor works in 1950\\n\\nAfter the flood'
expect_no_grep tables.jsonl 'colspan|\|-|wikitable'
printf '{"title":"M","text":"Energy is <math>E = mc^2</math> here."}\n' >m.jsonl
wiki-fetch -q --wikitext m.jsonl | rec-dump >keep.jsonl
expect_grep keep.jsonl '"text":"Energy is E = mc\^2 here."'
wiki-fetch -q --wikitext --math drop m.jsonl | rec-dump >dropm.jsonl
expect_grep dropm.jsonl '"text":"Energy is here."'
expect_exit 2 wiki-fetch --headings sideways "$f"
expect_grep err '^wiki-fetch: --headings: want keep, drop or mark, not "sideways"$'
