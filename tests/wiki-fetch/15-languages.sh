# Export 0.11 and localised markup: German (#WEITERLEITUNG, Kategorie,
# Datei), Vietnamese (#đổi, Tập tin, Thể loại, {{định hướng}}).
. "$TESTS/lib/lib.sh"
wiki-fetch -q "$DATA/wiki-fetch/export011-de.xml" | rec-dump >de.jsonl
expect_eq "$(wc -l <de.jsonl)" 2 "German records"
expect_grep de.jsonl '"title":"Mühlenweg",.*"text":"Der Mühlenweg ist eine Straße in Beispielstadt.\\n\\nGeschichte\\n\\nDie Straße wurde via molae genannt.","sections":\[\{"level":2,"title":"Geschichte".*"categories":\["Straße in Beispielstadt"\],"infobox_name":"Infobox Straße","infobox":\{"Name":"Mühlenweg","Länge":"800 m"\}'
expect_no_grep de.jsonl 'Mühle.jpg|mini|Mill Lane'
wiki-fetch -q --redirects emit "$DATA/wiki-fetch/export011-de.xml" | rec-dump >de-r.jsonl
expect_grep de-r.jsonl '"title":"Muehlenweg",.*"redirect":"Mühlenweg"'
wiki-fetch -q "$DATA/wiki-fetch/vi.xml" | rec-dump >vi.jsonl
expect_grep vi.jsonl '"text":"Cầu Lông Vũ là một cây cầu đá.","sections":\[\],"categories":\["Cầu đá"\]'
expect_no_grep vi.jsonl 'templatestyles|NOTOC|Cau.jpg|"Cau Long Vu"'
expect_eq "$(wiki-fetch -q --skip-disambig "$DATA/wiki-fetch/vi.xml" | rec-dump -c)" 1 "vi --skip-disambig"
wiki-fetch -q "$DATA/wiki-fetch/nosite.xml" | rec-dump >nosite.jsonl
expect_grep nosite.jsonl '^\{"source":"nosite","doc_id":"nosite:5","page_id":5,"rev_id":50,"src_hash":"[0-9a-f]{16}","ns":0,"title":"One line page","timestamp"'
expect_grep nosite.jsonl '"text":"Text in a CDATA section keeps <raw> markup & ampersands."'
# A fragment of bare <page> elements (no <mediawiki> root) is read too.
printf '<page><title>A</title><ns>0</ns><id>1</id><revision><id>2</id><text>Fragment one.</text></revision></page>\n<page><title>B</title><ns>0</ns><id>3</id><revision><id>4</id><text>Fragment two.</text></revision></page>\n' >frag.xml
expect_eq "$(wiki-fetch -q frag.xml | rec-dump -c)" 2 "fragment pages"
