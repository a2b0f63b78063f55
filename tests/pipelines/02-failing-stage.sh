# A failing stage anywhere gives a non-zero status that names it, with
# the stage's own exit status; what was committed is whole articles.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg

# A stage in the middle dies (a stand-in that reads a little and fails).
mkdir fake
for p in $STAGES; do ln -s "$WIKIPIPE_BIN/$p" fake/$p; done
rm fake/chunk-semantic
cat > fake/chunk-semantic <<'SH'
#!/bin/sh
head -c 100 >/dev/null
echo "chunk-semantic: injected failure" >&2
exit 1
SH
chmod +x fake/chunk-semantic
expect_exit 1 bash "$INGEST" --bin fake "$SAMPLE"
expect_grep err '^ingest: failed: .*chunk-semantic \(exit 1\)'
expect_grep err '^ingest: chunk-semantic failed; .*--resume'
expect_no_grep err '^ingest: [0-9]+ articles'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger' 2>/dev/null || echo 0)" 0 "committed"

# cpe-prep fails (a dimension it refuses): in the plain pipe, and inside
# a GNU parallel job, alone or after another stage of the job.
expect_exit 1 ingest -A cpe-prep=--dim=5 "$SAMPLE"
expect_grep err 'cpe-prep'
expect_grep err '^ingest: cpe-prep failed'
expect_exit 1 ingest -F cpe-prep -A cpe-prep=--dim=5 "$SAMPLE"
expect_grep err 'cpe-prep'
expect_grep err '^ingest: cpe-prep \(parallel job 1\) failed'
expect_exit 1 ingest -F tmd-extract-cpe-prep -A cpe-prep=--dim=5 "$SAMPLE"
expect_grep err '^ingest: cpe-prep \(parallel job 1\) failed'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger' 2>/dev/null || echo 0)" 0 "committed after failed jobs"

# The database is unreachable: cpe-commit's status, not a broken pipe.
expect_exit 4 ingest -d "host=$PWD/nonexistent dbname=x connect_timeout=2" "$SAMPLE"
expect_grep err '^ingest: cpe-commit failed'

# The dump is cut short: wiki-fetch fails (data error), the articles
# before the cut are committed whole and nothing after it.
# (Same file name: wiki-fetch takes the source name from it.)
mkdir cut
head -c 30000 "$SAMPLE" > cut/${SAMPLE##*/}
expect_exit 1 ingest cut/${SAMPLE##*/}
expect_grep err '^ingest: wiki-fetch failed'
n=$(sql 'SELECT count(*) FROM cpe_ledger')
[ "$n" -gt 0 ] && [ "$n" -lt 20 ] || fail "$n articles committed from the cut dump"
expect_eq "$(whole)" 0 "articles not whole"
# ... and the rest comes in with --resume on the whole dump.
expect_exit 0 ingest --resume "$SAMPLE"
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 20 "after --resume"

# A stray "." paragraph (left where markup was removed) is absorbed by
# chunk-semantic: the whole dump goes in.
mkdir dot
python3 - "$SAMPLE" dot/${SAMPLE##*/} <<'PY'
import sys
s = open(sys.argv[1]).read()
i = s.index("== Why it stays upright ==")
open(sys.argv[2], "w").write(s[:i] + ".\n\n" + s[i:])
PY
PGDATABASE=${PGDATABASE}_dot; export PGDATABASE; createdb "$PGDATABASE"
expect_exit 0 ingest dot/${SAMPLE##*/}
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 20 "articles with a stray dot"

# A record embed cannot take (a word-vector model that knows no word of
# one chunk): the run stops at it, and with --reject DIR it is set aside,
# its article is not committed, the rest is, and the status says so (1).
mkdir oov
python3 - "$SAMPLE" oov/${SAMPLE##*/} oov/wv.vec <<'PY'
import random, re, sys
s = open(sys.argv[1]).read()
i = s.index("== Why it stays upright ==")
open(sys.argv[2], "w").write(s[:i] + "== Zyxwvut ==\n\nQwzxv.\n\n" + s[i:])
words = sorted(set(w.lower() for w in re.findall(r"[A-Za-z0-9]+", s)))
r = random.Random(1)
with open(sys.argv[3], "w") as f:
    f.write("%d 8\n" % len(words))
    for w in words:
        f.write(w + " " + " ".join("%.3f" % r.uniform(-1, 1) for _ in range(8)) + "\n")
PY
PGDATABASE=${PGDATABASE}_oov; export PGDATABASE; createdb "$PGDATABASE"
expect_exit 1 ingest -e wordvec:file=oov/wv.vec -A cpe-prep=--dim=8 oov/${SAMPLE##*/}
expect_grep err '^ingest: embed failed'
expect_exit 1 ingest -e wordvec:file=oov/wv.vec -A cpe-prep=--dim=8 --reject rej -s st oov/${SAMPLE##*/}
expect_grep err '^ingest: 1 records set aside in .*/rej; their articles are incomplete'
expect_eq "$(rec-dump -c rej/embed.reject)" 1 "records in rej/embed.reject"
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 19 "articles committed beside the rejected one"
expect_eq "$(sql "SELECT count(*) FROM cpe_ledger WHERE title = 'Bicycle'")" 0 "the incomplete article"
expect_eq "$(whole)" 0 "articles not whole"
expect_grep st/pipeline_metrics.json '"errors": 1,'
expect_grep st/pipeline_metrics.json '"rejected_records": 1,'
# Records set aside by cpe-prep (a whole article's worth, so cpe-commit
# never sees it) are a data error of the run too, never a silent success.
PGDATABASE=${PGDATABASE}_prep; export PGDATABASE; createdb "$PGDATABASE"
expect_exit 1 ingest -e wordvec:file=oov/wv.vec --reject rej2 "$SAMPLE"
expect_grep err '^ingest: [0-9]+ records set aside in .*/rej2; their articles are incomplete'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 0 "articles committed with every vector refused"

# The script's own errors: usage 2, unreadable dump 3.
expect_exit 2 ingest --jobs x "$SAMPLE"
expect_grep err '^ingest: --jobs: not a positive number'
expect_exit 2 ingest --bogus "$SAMPLE"
expect_exit 2 ingest
expect_exit 3 ingest "$PWD/no-such-dump.xml"
expect_exit 3 bash "$INGEST" --bin "$PWD/empty" "$SAMPLE"
expect_grep err 'wiki-fetch not found'
exit 0
