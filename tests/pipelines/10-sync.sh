# ingest --sync on a real dump the test edits (pages changed with new
# revision ids, one deleted, one turned into a redirect, one added): the
# synced store equals a store loaded from the edited dump alone (ordered
# checksum of rows, vectors and ledger; article_index left out: it is the
# ordinal in the dump an article was last loaded from, and a sync does
# not renumber unchanged articles).  Only the changed and new pages reach
# chunking; -n says what would happen; a truncated dump deletes nothing;
# kill -9 in the middle of a sync, then the same command: the same store.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
need_wikidata
need_cmd setsid
TMPDIR=$PWD; export TMPDIR
src=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
[ -r "$src" ] || skip "$src not found"
S="-A wiki-fetch=--source=synctest"

# v1: the pages of a real dump up to its 20th article; v2: the same, edited.
python3 - "$src" v1.xml v2.xml <<'PY' || fail "editing the dump"
import bz2, re, sys
x = bz2.open(sys.argv[1], "rt", encoding="utf-8").read()
pages = re.findall(r"<page>.*?</page>", x, re.S)
head = x[:x.index("<page>")]
k = [i for i, p in enumerate(pages) if "<ns>0</ns>" in p and "<redirect" not in p][19]
pages = pages[:k + 1]
open(sys.argv[2], "w", encoding="utf-8").write(head + "\n".join(pages) + "\n</mediawiki>\n")
arts = [p for p in pages if "<ns>0</ns>" in p and "<redirect" not in p]
assert len(arts) >= 8, len(arts)
def bump(p, text):
    p = re.sub(r"(<revision>\s*<id>)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), p, 1)
    return re.sub(r"(<text[^>]*>)(.*?)(</text>)", lambda m: m.group(1) + text(m.group(2)) + m.group(3), p, 1, re.S)
def half(t):
    ps = t.split("\n\n")
    return "\n\n".join(ps[:len(ps) // 2 + 1])
edits = {
    arts[1]: bump(arts[1], lambda t: t + "\n\nThe sync test adds this closing paragraph, which is long enough to be kept as a passage of its own."),
    arts[3]: bump(arts[3], half),                                        # shorter: fewer chunks
    arts[4]: "",                                                          # deleted
    arts[6]: bump(arts[6], lambda t: "#REDIRECT [[Somewhere else]]"),   # now a redirect
}
new = re.sub(r"<title>[^<]*</title>", "<title>Sync test page</title>", arts[7], 1)
new = re.sub(r"(</ns>\s*<id>)\d+", r"\g<1>99999001", new, 1)
new = bump(new, lambda t: "The sync test wrote this page. " + t)
for old, rep in edits.items():
    pages[pages.index(old)] = rep
pages.append(new)
open(sys.argv[3], "w", encoding="utf-8").write(head + "\n".join(p for p in pages if p) + "\n</mediawiki>\n")
PY

# The reference: v2 alone.
newdb ref
expect_exit 0 ingest -q $S v2.xml
ref=$(cksum_sync)
nref=$(sql 'SELECT count(*) FROM cpe_ledger')

# v1, then --sync v2.
newdb sync
expect_exit 0 ingest -q $S v1.xml
n1=$(sql 'SELECT count(*) FROM cpe_ledger')
expect_exit 0 ingest -n --sync $S v2.xml
expect_grep out '^sync: [0-9]+ unchanged, 2 changed, 1 new, 2 to delete$'
expect_exit 0 ingest -q --sync $S -s st v2.xml
expect_eq "$(cksum_sync)" "$ref" "synced store vs a load of v2 alone"
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" "$nref" "ledger articles"
# Only the 3 changed and new articles went past wiki-fetch.
expect_grep st/wiki-fetch.json '"sync_unchanged": '"$((n1 - 4))"
expect_grep st/wiki-fetch.json '"emitted": 3[,}]'
# A second sync of the same dump does nothing.
expect_exit 0 ingest -n --sync $S v2.xml
expect_grep out "^sync: $nref unchanged, 0 changed, 0 new, 0 to delete\$"

# A truncated newer dump deletes nothing and says so.
head -c $(( $(wc -c < v2.xml) * 2 / 3 )) v2.xml > cut.xml
newdb cut
expect_exit 0 ingest -q $S v1.xml
before=$(cksum_sync)
rc=0; ingest -q --sync $S cut.xml 2>err || rc=$?
[ $rc -ne 0 ] || fail "a sync of a truncated dump exited 0"
expect_grep err 'nothing deleted'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" "$n1" "no article deleted by a truncated sync"

# kill -9 in the middle of a sync, then the same command.
newdb kill
expect_exit 0 ingest -q $S v1.xml
setsid bash "$INGEST" --bin "$WIKIPIPE_BIN" -q --sync $S -A cpe-commit=--batch-articles=1 v2.xml 2>/dev/null &
pid=$!
# Once the sync's run has committed its first article (of 3).
i=0
until [ "$(sql "SELECT coalesce(max(articles), 0) FROM cpe_run WHERE run_id > 1" 2>/dev/null)" -ge 1 ] 2>/dev/null ||
    [ $i -ge 400 ]; do sleep 0.025; i=$((i + 1)); done
kill -9 -$pid 2>/dev/null || :
wait $pid 2>/dev/null || :
sleep 0.2
expect_exit 0 ingest -q --sync $S v2.xml
expect_eq "$(cksum_sync)" "$ref" "sync killed with -9, then run again"
exit 0
