# Every page is accounted for: read = emitted + skipped, by reason,
# on stderr and in --stats.
. "$TESTS/lib/lib.sh"
wiki-fetch --stats s.json "$DATA/wiki-fetch/basic.xml" >out.mp 2>err
expect_grep err '^wiki-fetch: 8 pages read, 4 emitted \(0 redirects\), 4 skipped \(namespace 1, redirect 2, short 1\)$'
expect_grep s.json '"pages_read": 8,'
expect_grep s.json '"emitted": 4,'
expect_grep s.json '"skipped": 4,'
expect_grep s.json '"namespace": 1, "too_large": 0, "redirect": 2, "excluded": 0, "disambiguation": 0, "short": 1'
expect_grep s.json '"complete": 1'
expect_eq "$(rec-dump -c out.mp)" 4 records
