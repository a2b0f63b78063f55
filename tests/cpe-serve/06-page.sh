#!/bin/sh
# The page in a real headless Chromium, from the keyboard: type a query,
# Enter, the hits appear (the first is /search's first); Tab to its
# "Neighbours" button, Enter, its neighbours appear.  The screenshot is
# kept in the case's directory as page.png (sh tests/run.sh -k).
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
need_cmd python3 chromium
cpx_setup
gen 0 199
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
serve_start --threads 2 idx
expect_status 200 "$URL/search?q=passage+about+topic+7&k=10"
first="1. $(jq -r '.hits[0].title + " — " + .hits[0].section' body)"
python3 "$TESTS/cpe-serve/cdp.py" "$URL/" "passage about topic 7" page.png >cdp.out 2>cdp.err ||
    { cat cdp.err >&2; fail "the page did not work in chromium"; }
expect_eq "$(sed -n 1p cdp.out)" "$first" "first hit on the page"
expect_grep cdp.out '^10 hits for neighbours of [0-9a-f-]{36}$'
[ "$(head -c 4 page.png | od -An -c | tr -d ' ')" = "211PNG" ] || fail "no PNG screenshot"
serve_stop
