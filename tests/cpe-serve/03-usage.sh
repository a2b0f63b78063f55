#!/bin/sh
# Usage errors exit 2 before anything listens; --help goes to stdout.
. "$TESTS/lib/lib.sh"
expect_exit 0 cpe-serve --help
expect_grep out '^usage: cpe-serve '
expect_grep out '--token-file FILE'
[ ! -s err ] || fail "--help wrote to stderr"
expect_exit 2 cpe-serve
expect_grep err 'no INDEX given'
expect_exit 2 cpe-serve idx other
expect_grep err 'one INDEX only'
expect_exit 2 cpe-serve --listen 127.0.0.1 idx
expect_grep err 'want ADDR:PORT'
expect_exit 2 cpe-serve --listen localhost:80 idx
expect_grep err 'not an IPv4 address'
expect_exit 2 cpe-serve --listen 127.0.0.1:70000 idx
expect_exit 2 cpe-serve --listen '[::1:80' idx
expect_exit 2 cpe-serve --listen 0.0.0.0:8080 idx
expect_grep err 'not a loopback address: give --token-file'
expect_exit 2 cpe-serve --listen '[::]:8080' idx
expect_grep err 'not a loopback address'
printf 'short\n' >token
expect_exit 2 cpe-serve --listen 0.0.0.0:8080 --token-file token idx
expect_grep err 'at least 16 characters'
expect_exit 3 cpe-serve --token-file missing idx
expect_exit 2 cpe-serve --threads 0 idx
expect_exit 2 cpe-serve --max-k x idx
expect_exit 2 cpe-serve --bogus idx
expect_exit 2 cpe-serve --timeout idx
expect_exit 2 cpe-serve --db 'host=' --db 'x y' idx
# A missing index is an I/O error (the token check passed first).
printf 'a-test-token-of-32-characters-xx\n' >token
expect_exit 3 cpe-serve --listen 0.0.0.0:0 --token-file token idx
expect_grep err 'idx: no such index'
