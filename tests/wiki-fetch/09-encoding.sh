# UTF-16 is refused clearly; a UTF-8 BOM is skipped; invalid UTF-8 is
# replaced by U+FFFD and counted.
. "$TESTS/lib/lib.sh"
printf '\377\376<\000m\000e\000d\000' >utf16.xml
expect_exit 1 wiki-fetch -q utf16.xml
expect_grep err 'utf16.xml: UTF-16 input \(byte order mark\) is not supported'
printf '<\000m\000e\000' >utf16nobom.xml
expect_exit 1 wiki-fetch -q utf16nobom.xml
expect_grep err 'UTF-16 input is not supported'
printf '<?xml version="1.0" encoding="ISO-8859-1"?><mediawiki/>' >latin1.xml
expect_exit 1 wiki-fetch -q latin1.xml
expect_grep err "encoding 'ISO-8859-1' is not supported"
{ printf '\357\273\277'; cat "$DATA/wiki-fetch/basic.xml"; } >bom.xml
expect_exit 0 wiki-fetch -q bom.xml
expect_eq "$(rec-dump -c out)" 4 "records with a BOM"
printf '<mediawiki><page><title>Bad \377 byte</title><ns>0</ns><id>1</id><revision><id>2</id><text>Caf\303 and \355\240\200 surrogate, ok \303\251.</text></revision></page></mediawiki>' >bad.xml
wiki-fetch --stats st.json bad.xml 2>err | rec-dump >out.jsonl
r=$(printf '\357\277\275')
expect_grep out.jsonl "\"title\":\"Bad $r byte\""
expect_grep out.jsonl "\"text\":\"Caf$r and $r$r$r surrogate, ok $(printf '\303\251')."
expect_grep st.json '"invalid_utf8": 5,'
expect_grep st.json '"invalid_utf8_pages": 1,'
expect_grep err '5 invalid UTF-8 sequences in 1 pages replaced by U\+FFFD'
