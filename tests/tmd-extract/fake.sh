# SPDX-License-Identifier: ISC
# tests/tmd-extract/fake.sh: helpers for cases that talk to the fake LLM
# server (tests/lib/fake-llm.py).  Sourced after lib.sh.

FAKE_PIDS=""
trap 'for p in $FAKE_PIDS; do kill "$p" 2>/dev/null; done' EXIT

# start_fake [ARGS...]: start a fake LLM server on a free 127.0.0.1 port
# and set PORT.  It stops itself after 120 s (or 30 s idle) in any case.
start_fake() {
	rm -f fake.port
	python3 "$TESTS/lib/fake-llm.py" --port-file fake.port --idle 30 \
	    --lifetime 120 "$@" 2>>fake.log &
	FAKE_PIDS="$FAKE_PIDS $!"
	n=0
	while [ ! -s fake.port ]; do
		n=$((n + 1))
		[ $n -le 600 ] || fail "fake-llm did not start: $(cat fake.log)"
		sleep 0.05
	done
	PORT=$(cat fake.port)
}

# fake_stat KEY: a number from the server's /stats (requests, max_inflight).
fake_stat() {
	python3 -c 'import json, sys, urllib.request as u
s = json.load(u.urlopen("http://127.0.0.1:%s/stats" % sys.argv[1], timeout=5))
print(s[sys.argv[2]])' "$PORT" "$1"
}

# marked N [MODE]: N chunk records whose text asks the fake server for
# the codes (i % 16, i % 32, i % 64), as JSON lines.
marked() {
	awk -v n="$1" -v mode="${2:-}" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"doc_id\":\"t:%d\",\"chunk_index\":%d,\"text\":\"Passage %d %s CODES=%d,%d,%d.\"}\n",
			    int(i / 10), i, i, (mode == "" ? "" : "MODE=" mode), i % 16, i % 32, i % 64
	}'
}

# check_marked FILE: every record of the dumped FILE carries the codes its
# text asked for, in order.
check_marked() {
	awk '{
		if (!match($0, /CODES=[0-9]+,[0-9]+,[0-9]+/)) { print "no marker: " $0; bad = 1; next }
		split(substr($0, RSTART + 6, RLENGTH - 6), c, ",")
		want = "\"domain_code\":" c[1] ",\"task_code\":" c[2] ",\"modifier_code\":" c[3]
		if (index($0, want) == 0) { print "line " NR ": wanted " want ": " $0; bad = 1 }
	} END { exit bad }' "$1" >&2 || fail "codes do not match the markers"
}

# count_source SOURCE FILE: records of the dumped FILE with that tmd_source.
count_source() { grep -c "\"tmd_source\":\"$1\"" "$2" || true; }
