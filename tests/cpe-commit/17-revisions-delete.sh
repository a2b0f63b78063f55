# The building blocks of a sync (ingest --sync): the ledger keeps each
# article's rev_id and src_hash, --list-committed --revisions prints them,
# --delete FILE removes whole articles (entries, vectors, ledger) and is
# safe to run again.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen a.mp --articles 3 --chunks 2
gen b.mp --articles 2 --chunks 1 --source otherwiki
# Revisions on the first article of each source (every record of it, as
# wiki-fetch's pass-through gives), none on the rest.
rec-dump a.mp | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if d["page_id"] == 100:
        d["rev_id"] = 7001
        d["src_hash"] = "00ff00ff00ff00ff"
    if d["page_id"] == 101:
        d["src_hash"] = "ffffffffffffffff"
    print(json.dumps(d))' | rec-dump --pack > ar.mp
cat ar.mp b.mp | cpe-commit
cpe-commit --list-committed --revisions > rev.txt
printf 'otherwiki:100\t\t\notherwiki:101\t\t\ntestwiki-20260101:100\t7001\t00ff00ff00ff00ff\ntestwiki-20260101:101\t\tffffffffffffffff\ntestwiki-20260101:102\t\t\n' > want.txt
expect_same rev.txt want.txt
expect_eq "$(sql "SELECT src_hash FROM cpe_ledger WHERE doc_id = 'testwiki-20260101:101'")" -1 "src_hash kept as the same 64 bits"
# A bad src_hash is a data error naming the key.
rec-dump a.mp | sed 's/"doc_id"/"src_hash":"xyz","doc_id"/' | rec-dump --pack > bad.mp
expect_exit 1 cpe-commit bad.mp
expect_grep err 'key "src_hash": not 16 hex digits'
# --delete: two articles of one source, one of another, one unknown id.
rows0=$(sql 'SELECT count(*) FROM cpe_entry')
printf '# gone\ntestwiki-20260101:100\n\ntestwiki-20260101:102\notherwiki:101\notherwiki:999\n' > gone.txt
expect_exit 0 cpe-commit -v --batch-articles 1 --stats st.json --delete gone.txt
expect_grep err '3 articles deleted \(5 rows\)'
expect_grep st.json '"deleted_articles": 3'
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" $((rows0 - 5)) "entries left"
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors')" $((rows0 - 5)) "vectors left (cascade)"
cpe-commit --list-committed > left.txt
printf 'otherwiki:100\ntestwiki-20260101:101\n' > want.txt
expect_same left.txt want.txt
expect_eq "$(whole)" 0 "no broken article"
# Again: nothing left to delete, no error.
expect_exit 0 cpe-commit -v --delete gone.txt
expect_grep err '0 articles deleted \(0 rows\)'
# A line that is not a doc id stops before its batch.
printf 'otherwiki:100\nnot-an-id\n' > bad.txt
expect_exit 1 cpe-commit --batch-articles 5 --delete bad.txt
expect_grep err 'bad.txt: line 2: not a doc id'
expect_eq "$(sql "SELECT count(*) FROM cpe_ledger WHERE doc_id = 'otherwiki:100'")" 1 "nothing deleted before the bad line's batch"
expect_exit 3 cpe-commit --delete no-such-file
expect_exit 2 cpe-commit --revisions a.mp
expect_exit 2 cpe-commit --list-committed --delete gone.txt
# From standard input.
echo otherwiki:100 | cpe-commit --delete - 
expect_eq "$(sql "SELECT count(*) FROM cpe_ledger WHERE source = 'otherwiki'")" 0 "deleted from stdin"
exit 0
