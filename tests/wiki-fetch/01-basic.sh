# Happy path: a hand-written export-0.10 dump with real markup.
. "$TESTS/lib/lib.sh"
wiki-fetch -q "$DATA/wiki-fetch/basic.xml" | rec-dump
