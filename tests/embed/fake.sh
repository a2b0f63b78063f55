# SPDX-License-Identifier: ISC
# tests/embed/fake.sh: sourced by the embed cases that need an embedding
# server (after lib.sh).  The server is tests/lib/fake-embed.py.

# start_fake ARGS...: start the fake server with ARGS in the background,
# set FAKE (its base URL) and FAKE_PID; it is stopped when the case ends
# (and stops itself after 60 s whatever happens).
start_fake() {
	rm -f fake.port
	python3 "$TESTS/lib/fake-embed.py" --port-file fake.port --lifetime 60 \
		"$@" 2>>fake.log &
	FAKE_PID=$!
	trap 'kill $FAKE_PID 2>/dev/null || true' EXIT
	n=0
	while [ ! -s fake.port ]; do
		n=$((n + 1))
		[ $n -le 100 ] || fail "fake server did not start: $(cat fake.log)"
		sleep 0.1
	done
	FAKE=http://127.0.0.1:$(cat fake.port)
}

# stop_fake: stop the server now.
stop_fake() {
	kill "$FAKE_PID" 2>/dev/null || true
	wait "$FAKE_PID" 2>/dev/null || true
}

# fake_stat KEY: one figure from the server's /stats.
fake_stat() {
	python3 -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/stats"))[sys.argv[2]])' \
		"$FAKE" "$1"
}

# A port where nothing listens: bind one, note it, close it.
free_port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
