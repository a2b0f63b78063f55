# Sentence splitting in a chunk stream: with --min-words 1 every sentence
# is a chunk; abbreviations, initials, decimals, ellipses, quotes after the
# full stop and capitals outside ASCII are cut right.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/hard.jsonl" | chunk-semantic --min-words 1 | dump > out.jsonl
python3 - "$DATA/chunk/hard.sentences" <<'PY'
import json, sys
got = [json.loads(l)["text"] for l in open("out.jsonl")]
want = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert got == want, "\n".join("%r" % g for g in got)
PY
