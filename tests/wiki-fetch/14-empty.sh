# Empty input: no records, exit 0; a dump with no pages likewise.
. "$TESTS/lib/lib.sh"
: >empty.xml
expect_exit 0 wiki-fetch -q empty.xml
[ ! -s out ] || fail "output from empty input"
expect_exit 0 wiki-fetch -q </dev/null
printf '<mediawiki><siteinfo><dbname>x</dbname></siteinfo></mediawiki>\n' >nopages.xml
expect_exit 0 wiki-fetch --stats st.json nopages.xml
[ ! -s out ] || fail "output from a dump without pages"
expect_grep st.json '"pages_read": 0,'
