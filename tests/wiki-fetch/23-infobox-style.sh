# Inline CSS never reaches an infobox value (issue 18): a template that
# takes a style as a positional argument ({{longitem|STYLE|TEXT}}) gives
# its text, whatever the style's shape; a text that merely holds a colon
# stays text.  Fixture written for this test.
. "$TESTS/lib/lib.sh"
cat > box.xml <<'XML'
<mediawiki><siteinfo><dbname>testwiki</dbname></siteinfo>
<page><title>Old Lamp</title><ns>0</ns><id>7</id><revision><id>70</id><text>{{Infobox artifact
| name = Old Lamp
| caption = {{longitem|line-height:1.25em|A brass lamp seen from the side.}}
| made = 1890 {{longitem|padding-top:0;line-height:1.4em |Harbour Street,&lt;br/&gt;Portville}}
| spaced = {{longitem| font-size : 90% ; color:#333 |Small print}}
| note = {{longitem|note: kept in the hall}}
}}
The '''Old Lamp''' is a brass lamp that stood by the harbour for a century.</text></revision></page>
</mediawiki>
XML
wiki-fetch -q box.xml | rec-dump > box.jsonl
expect_grep box.jsonl '"caption":"A brass lamp seen from the side\."'
expect_grep box.jsonl '"made":"1890 Harbour Street, Portville"'
expect_grep box.jsonl '"spaced":"Small print"'
expect_grep box.jsonl '"note":"note: kept in the hall"'
expect_no_grep box.jsonl 'line-height|padding-top|font-size'
