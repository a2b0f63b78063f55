# Foreign keys pass through to every episode, byte for byte and in order;
# keys the program owns are replaced, not duplicated.
. "$TESTS/lib/lib.sh"
printf '%s\n' '{"doc_id":"p:1","run":{"seed":[1,2.5,null]},"episode_id":"stale","coherence":"x","text":"A.\n\nB.\n\nC.\n\nD."}' |
    pack | chunk-episode -t 1 --min 2 | dump > out.jsonl
python3 - <<'PY'
import json
eps = [json.loads(l) for l in open("out.jsonl")]
assert len(eps) == 2
for i, e in enumerate(eps):
    assert list(e)[:2] == ["doc_id", "run"], list(e)
    assert e["run"] == {"seed": [1, 2.5, None]}
    assert e["episode_id"] == "p:1_ep%d" % i
    assert isinstance(e["coherence"], float)
    assert list(e).count("text") == 1
PY
