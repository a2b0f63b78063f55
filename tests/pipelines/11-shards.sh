# ingest --shards N: N whole pipelines, one per part of a multistream dump
# the test builds (400 articles, 10 pages a bzip2 stream, with its index),
# all committing to one database: the store equals one pipeline's by the
# ordered checksum, with the index (article_index exact) and without it
# (article_index unknown after the first shard: compared without it), on
# a dump whose streams cut pages in the middle, and on plain XML (shards
# by page_id).  Metrics merge the shards; a failing shard is named; one
# shard's cpe-commit killed with kill -9, then --resume: the same store;
# --sync over shards deletes what the newer dump lacks.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
need_cmd ps bzip2
TMPDIR=$PWD; export TMPDIR
replicate 400 rep.xml
multistream pages 10 rep.xml rep-multistream.xml.bz2 rep-multistream-index.txt.bz2


# The reference: one pipeline.
expect_exit 0 ingest -q rep-multistream.xml.bz2
ref=$(cksum) ref_sync=$(cksum_sync)
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 400 "articles of one pipeline"

# 3 shards, the index found beside the dump: the same store, every key.
newdb s3
expect_exit 0 ingest -q --shards 3 -s stats rep-multistream.xml.bz2
expect_eq "$(cksum)" "$ref" "checksum of --shards 3 with the index"
expect_eq "$(sql 'SELECT count(DISTINCT run_id) FROM cpe_run')" 3 "one run a shard"
# Disjoint parts: no article committed by two shards (upserts would hide it).
expect_eq "$(sql 'SELECT sum(articles) FROM cpe_run')" 400 "articles committed over the 3 runs"
for s in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit; do
	for j in 1 2 3; do [ -s "stats/$s.$j.json" ] || fail "no stats/$s.$j.json"; done
done
n=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["articles_processed"])' stats/pipeline_metrics.json)
expect_eq "$n" 400 "articles_processed in the merged pipeline_metrics.json"
# Each shard read a part: its wiki-fetch saw fewer than all 480 pages.
for j in 1 2 3; do
	p=$(grep -o '"pages_read": *[0-9]*' "stats/wiki-fetch.$j.json" | grep -o '[0-9]*$')
	[ "$p" -gt 0 ] && [ "$p" -lt 480 ] || fail "shard $j read $p pages (of 480)"
done

# 4 shards without the index: article_index is unknown after shard 1.
mkdir noidx && cp rep-multistream.xml.bz2 noidx/
newdb s4
expect_exit 0 ingest -q --shards 4 noidx/rep-multistream.xml.bz2
expect_eq "$(sql 'SELECT sum(articles) FROM cpe_run')" 400 "articles committed over the 4 runs"
expect_eq "$(cksum_sync)" "$ref_sync" "checksum of --shards 4 without the index (article_index left out)"

# Streams cut anywhere (a parallel bzip2's): pages straddle streams.
multistream cut 15000 rep.xml cut.xml.bz2 cut.idx
newdb cut
expect_exit 0 ingest -q --shards 3 cut.xml.bz2
expect_eq "$(sql 'SELECT sum(articles) FROM cpe_run')" 400 "articles committed over the 3 runs (cut streams)"
expect_eq "$(cksum_sync)" "$ref_sync" "checksum of --shards 3 on streams cut inside pages"

# Plain XML: shards by page_id, each reads it all; article_index exact.
newdb xml
expect_exit 0 ingest -q --shards 2 rep.xml
expect_eq "$(sql 'SELECT sum(articles) FROM cpe_run')" 400 "articles committed over the 2 runs (plain XML)"
expect_eq "$(cksum)" "$ref" "checksum of --shards 2 on plain XML"

# On a terminal: one progress line, the shards' articles and shards done.
if command -v script >/dev/null 2>&1; then
	newdb tty
	cmd="bash '$INGEST' --bin '$WIKIPIPE_BIN' --shards 2 rep-multistream.xml.bz2"
	script -qefc "$cmd" /dev/null > tty.txt 2>&1 </dev/null || { cat tty.txt >&2; fail "--shards 2 on a terminal failed"; }
	tr '\r' '\n' < tty.txt | sed "s/$(printf '\033')\[K//g" > lines.txt
	expect_grep lines.txt '^ingest: [0-9]+ articles committed, [0-9]+\.[0-9] articles/s, shards done [0-2]/2$'
	expect_grep lines.txt '^ingest: 400 articles'
fi

# The dry run shows the shard command; usage errors.
expect_exit 0 ingest -n --shards 3 rep-multistream.xml.bz2
expect_grep out 'wiki-fetch --shard \{#\}/3'
expect_grep out '^parallel .*--pipe -N1'
expect_exit 2 ingest --shards 0 rep.xml
expect_grep err '^ingest: --shards: not a number from 1 to 4096: 0'
expect_exit 2 ingest --shards x rep.xml
expect_exit 2 ingest --shards 2 --fanout embed rep.xml
expect_grep err '^ingest: --shards runs whole pipelines'
expect_exit 2 ingest --shards 2 --limit 5 rep.xml
expect_grep err '^ingest: --shards reads the whole dump'
expect_exit 2 ingest --shards 2 - < rep.xml
expect_grep err '^ingest: --shards needs the dump as a file'
expect_exit 2 ingest --shards 2 --db "$(printf 'dbname=a\nuser=b')" rep.xml
expect_grep err '^ingest: --db: a connection string is one line'

# A stage failing in every shard: the run fails naming a shard and the
# stage, with the stage's own status.
newdb bad
expect_exit 1 ingest --shards 2 -A cpe-prep=--dim=5 rep-multistream.xml.bz2
expect_grep err '^ingest: shard [12]/2 cpe-prep failed'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 0 "articles committed by failing shards"

# kill -9 of one shard's cpe-commit mid-run: the run fails naming that
# shard; the same command plus --resume gives the same store.  The kill
# follows the first commit; on a slow (sanitizer) build a shard can still
# have finished by then, so a run that lost nothing is tried again.
for try in 1 2 3; do
	newdb kill$try
	bash "$INGEST" --bin "$WIKIPIPE_BIN" -q --shards 3 -A cpe-commit=--batch-articles=2 \
	    rep-multistream.xml.bz2 2>err1 &
	pid=$!
	wait_ledger 2
	kill_under $pid cpe-commit >/dev/null || fail "no cpe-commit under the run to kill (ended before the kill?)"
	rc=0; wait $pid || rc=$?
	[ $rc -ne 0 ] || fail "the run exited 0 after a shard's cpe-commit was killed"
	grep -q '^ingest: shard [123]/3 cpe-commit failed' err1 || { cat err1 >&2; fail "no message naming the shard's cpe-commit"; }
	grep -q 'cpe-commit (killed by signal 9)' err1 || { cat err1 >&2; fail "no signal 9"; }
	n=$(sql 'SELECT count(*) FROM cpe_ledger')
	[ "$n" -lt 400 ] && break
done
[ "$n" -lt 400 ] || fail "all 400 articles committed before the kill, three times"
expect_eq "$(whole)" 0 "articles not whole after kill -9 of a shard"
expect_exit 0 ingest -v --shards 3 --resume -A cpe-commit=--batch-articles=2 rep-multistream.xml.bz2
expect_grep err "^ingest: resume: $n articles are committed already"
expect_eq "$(cksum)" "$ref" "checksum after kill -9 of a shard at $n and --resume"

# --sync over shards: a newer dump without 5 articles (one of them in
# every shard's part) and one edited; the deletions need every shard's
# list of what it read.
python3 - rep.xml v2.xml <<'PY' || fail "editing the dump"
import re, sys
x = open(sys.argv[1], encoding="utf-8").read()
pages = re.findall(r"[ \t]*<page>.*?</page>\n", x, re.S)
arts = [p for p in pages if "<ns>0</ns>" in p and "<redirect" not in p]
gone = {arts[i] for i in (3, 100, 200, 300, 399)}
edit = arts[150]
new = re.sub(r"(<revision>\s*<id>)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), edit, 1)
new = new.replace("</text>", "\n\nThis paragraph was added by the shard test to change the page.</text>", 1)
y = x.replace(edit, new, 1)
for g in gone:
    y = y.replace(g, "", 1)
open(sys.argv[2], "w", encoding="utf-8").write(y)
PY
multistream pages 10 v2.xml v2-multistream.xml.bz2 v2-multistream-index.txt.bz2
newdb v2
expect_exit 0 ingest -q -A wiki-fetch=--source=rep v2-multistream.xml.bz2
v2=$(cksum_sync)
newdb sync
expect_exit 0 ingest -q --shards 3 -A wiki-fetch=--source=rep rep-multistream.xml.bz2
expect_exit 0 ingest -v --sync --shards 3 -A wiki-fetch=--source=rep v2-multistream.xml.bz2
expect_grep err '^ingest: sync: 5 articles are gone from'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 395 "articles after the sync"
expect_eq "$(cksum_sync)" "$v2" "checksum after --sync --shards 3 (the newer dump's alone)"
exit 0
