# -z framing, -o FILE (atomic), and binary output refused on a terminal
# is the writer's job; here: -z and -o give the same records.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q "$f" | rec-dump >plain.jsonl
wiki-fetch -q -z "$f" | rec-dump -z >nul.jsonl
expect_same plain.jsonl nul.jsonl
wiki-fetch -q -o out.mp "$f"
rec-dump out.mp >o.jsonl
expect_same plain.jsonl o.jsonl
ls | grep -q 'tmp' && fail "temporary file left behind"
# A usage error leaves no output file.
expect_exit 2 wiki-fetch -q -o bad.mp --limit x "$f"
[ ! -e bad.mp ] || fail "bad.mp created"
# Every option of --help is in the man page.
man=$ROOT/man/wiki-fetch.1
[ -f "$man" ] || skip "no man page"
for o in $(wiki-fetch --help | grep -oE -- '--[a-z-]+' | sort -u); do
	grep -q -- "Fl Fl ${o#--}" "$man" || fail "$o not in the man page"
done
