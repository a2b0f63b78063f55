# Reference, link and bibliography sections are dropped with their
# subsections (headings of English and of the dump's language, any case),
# --keep-sections keeps them, --drop-sections names more, --stats counts
# what was dropped.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/sections.xml
wiki-fetch -q --stats st.json "$f" | rec-dump >d.jsonl
expect_grep d.jsonl '"title":"Quillfeather Bridge",.*"text":"Quillfeather Bridge is a stone bridge.\\n\\nHistory\\n\\nIt was built in 1900.\\n\\nLegacy\\n\\nThe bridge still stands.\\n\\nПосилання\\n\\nЦе не розділ англійської мови.","sections":\[\{"level":2,"title":"History".*\{"level":2,"title":"Legacy","path":"Legacy","para":3,"offset":72\},\{"level":2,"title":"Посилання"'
expect_grep d.jsonl '"categories":\["Stone bridges"\]'
expect_no_grep d.jsonl 'Featherstone|Smith|ledger|Official site|Brown|See also|EXTERNAL|Further'
# An English dump knows no Ukrainian headings; English ones are known on
# every dump.
expect_grep d.jsonl '"title":"Міст Перо",.*"text":"Міст Перо — кам.яний міст.\\n\\nІсторія\\n\\nЙого збудували 1900 року.\\n\\nДив. також\\n\\nМіст Камінь\\n\\nПОСИЛАННЯ\\n\\nСайт мосту"'
expect_grep st.json '"sections_dropped": 5,'
expect_grep st.json '"sections_dropped_by_heading": \{"See also": 1, "Notes and references": 1, "EXTERNAL_LINKS": 1, "Further reading": 1, "References": 1\}'
expect_grep st.json '"section_bytes_dropped": [1-9][0-9]*,'
# A Ukrainian dump: its own headings, in any case, and the English ones.
sed 's/xml:lang="en"/xml:lang="uk"/' "$f" >uk.xml
wiki-fetch -q uk.xml | rec-dump >uk.jsonl
expect_grep uk.jsonl '"text":"Міст Перо — кам.яний міст.\\n\\nІсторія\\n\\nЙого збудували 1900 року.",'
expect_grep uk.jsonl '"text":"Quillfeather Bridge is a stone bridge.\\n\\nHistory\\n\\nIt was built in 1900.\\n\\nLegacy\\n\\nThe bridge still stands."'
# --keep-sections: everything, and nothing counted.
wiki-fetch -q --keep-sections --stats k.json "$f" | rec-dump >k.jsonl
expect_grep k.jsonl 'See also\\n\\nFeatherstone Bridge\\nList of stone bridges\\n\\n'
expect_grep k.jsonl 'Sources\\n\\nSmith, J. Stone bridges. Bridge Press, 1950. ISBN 0-000-00000-0.\\n\\nPrimary sources\\n\\nThe bridge.s ledger, 1900.\\n\\nEXTERNAL_LINKS\\n\\nOfficial site'
expect_grep k.json '"sections_dropped": 0,'
expect_grep k.json '"sections_dropped_by_heading": \{\}'
# --drop-sections: more headings (any case), beside the table's, or
# alone with --keep-sections.
wiki-fetch -q --drop-sections 'legacy, історія' --stats x.json "$f" | rec-dump >x.jsonl
expect_grep x.jsonl '"text":"Quillfeather Bridge is a stone bridge.\\n\\nHistory\\n\\nIt was built in 1900.\\n\\nПосилання\\n\\nЦе не розділ англійської мови.",'
expect_grep x.jsonl '"text":"Міст Перо — кам.яний міст.\\n\\nДив. також'
expect_grep x.json '"sections_dropped_by_heading": {"See also": 1, "Notes and references": 1, "EXTERNAL_LINKS": 1, "Legacy": 1, "Історія": 1, "References": 1}'
wiki-fetch -q --keep-sections --drop-sections Legacy "$f" | rec-dump >kx.jsonl
expect_grep kx.jsonl 'Featherstone'
expect_no_grep kx.jsonl 'still stands|Brown'
expect_exit 2 wiki-fetch --drop-sections '' "$f"
expect_grep err '^wiki-fetch: --drop-sections: empty list$'
expect_exit 2 wiki-fetch --drop-sections ' , ' "$f"
