# --seen FILE: the doc ids of the pages kept (emitted, unchanged, excluded),
# in dump order; written (FILE.tmp renamed) only when the whole input was
# read: not after an error, a --limit stop or --skip.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q --seen seen.txt "$f" | rec-dump >out.jsonl
grep -o '"doc_id":"[^"]*"' out.jsonl | sed 's/"doc_id":"//; s/"$//' >emitted.txt
expect_same seen.txt emitted.txt
[ ! -e seen.txt.tmp ] || fail "seen.txt.tmp left behind"
# Unchanged (--known) and excluded pages are listed; redirects when emitted.
printf 'testwiki:101\t9001\t\n' >known.txt
printf 'testwiki:108\n' >ex.txt
wiki-fetch -q --redirects emit --known known.txt --exclude ex.txt \
    --seen seen.txt "$f" | rec-dump -c >n
expect_eq "$(cat n)" 4 "records"
expect_eq "$(tr '\n' ' ' <seen.txt)" \
    'testwiki:101 testwiki:102 testwiki:103 testwiki:105 testwiki:106 testwiki:108 ' "seen"
# A limit that stops reading, or --skip: no list, and a stale one goes.
wiki-fetch -n 2 --seen seen.txt "$f" 2>err >/dev/null
expect_grep err '^wiki-fetch: --seen: not written: --limit stopped reading$'
[ ! -e seen.txt ] && [ ! -e seen.txt.tmp ] || fail "list written with --limit"
wiki-fetch -q -n 100 --seen seen.txt "$f" >/dev/null
expect_same seen.txt emitted.txt
wiki-fetch --skip 1 --seen seen.txt "$f" 2>err >/dev/null
expect_grep err '^wiki-fetch: --seen: not written: --skip passed 1 pages over$'
[ ! -e seen.txt ] && [ ! -e seen.txt.tmp ] || fail "list written with --skip"
# A truncated dump (exit 1), alone or after a whole one: no list.
cp emitted.txt seen.txt
expect_exit 1 wiki-fetch --seen seen.txt "$DATA/wiki-fetch/truncated.xml"
expect_grep err 'truncated dump'
expect_grep err '^wiki-fetch: --seen: not written: the run stopped on an error$'
[ ! -e seen.txt ] && [ ! -e seen.txt.tmp ] || fail "list written for a truncated dump"
expect_exit 1 wiki-fetch --seen seen.txt "$f" "$DATA/wiki-fetch/truncated.xml"
[ ! -e seen.txt ] && [ ! -e seen.txt.tmp ] || fail "list written for a truncated dump"
# Write errors are I/O errors naming the file.
if [ -w /dev/full ]; then
	ln -s /dev/full full.txt.tmp
	expect_exit 3 wiki-fetch -q --seen full.txt "$f"
	expect_grep err '^wiki-fetch: full.txt.tmp: write error: '
	[ ! -e full.txt ] || fail "list published after a write error"
fi
expect_exit 3 wiki-fetch --seen /nonexistent/seen.txt "$f"
expect_grep err '/nonexistent/seen.txt.tmp: '
expect_exit 2 wiki-fetch --decompress --seen seen.txt "$f"
