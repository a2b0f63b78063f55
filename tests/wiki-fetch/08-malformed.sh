# Malformed XML: the message names the line and column; exit 1.
. "$TESTS/lib/lib.sh"
expect_exit 1 wiki-fetch -q "$DATA/wiki-fetch/malformed.xml"
expect_grep err 'malformed.xml: line 12, column 43: end tag </txet> does not match <text>'
expect_eq "$(rec-dump -c out)" 1 "pages before the error"
printf '<mediawiki><page><title>A &bogus; entity</title></page></mediawiki>' >ent.xml
expect_exit 1 wiki-fetch -q ent.xml
expect_grep err "ent.xml: line 1, column 27: unknown entity '&bogus;'"
printf '<mediawiki><page><title>x</title></page></mediawiki>\n<mediawiki/>' >two.xml
expect_exit 1 wiki-fetch -q two.xml
expect_grep err 'line 2, column 1: a second document element'
printf 'this is not a dump\n' >junk.txt
expect_exit 1 wiki-fetch -q junk.txt
expect_grep err 'junk.txt: neither a MediaWiki XML dump nor JSON lines'
