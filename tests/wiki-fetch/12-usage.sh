# --help, bad options and bad numbers.
. "$TESTS/lib/lib.sh"
expect_exit 0 wiki-fetch --help
expect_grep out '^usage: wiki-fetch '
expect_grep out '--redirects MODE'
expect_exit 2 wiki-fetch --no-such-option
expect_grep err 'usage: wiki-fetch'
expect_exit 2 wiki-fetch -n ten "$DATA/wiki-fetch/basic.xml"
expect_exit 2 wiki-fetch --redirects maybe "$DATA/wiki-fetch/basic.xml"
expect_grep err '^wiki-fetch: --redirects: want skip or emit, not "maybe"$'
expect_exit 2 wiki-fetch --math sometimes "$DATA/wiki-fetch/basic.xml"
expect_grep err '^wiki-fetch: --math: want drop or keep, not "sometimes"$'
expect_exit 2 wiki-fetch --namespaces 0,x "$DATA/wiki-fetch/basic.xml"
expect_exit 2 wiki-fetch --max-page 1Q "$DATA/wiki-fetch/basic.xml"
expect_exit 3 wiki-fetch /nonexistent/dump.xml
expect_grep err '/nonexistent/dump.xml: No such file'
expect_exit 0 wiki-fetch --version
expect_grep out '^wiki-fetch '
