# SPDX-License-Identifier: ISC
# tests/cpe-serve/lib.sh: sourced by the cpe-serve cases after lib.sh and
# cpe-index/gen.sh.  serve_start [OPTION ...] INDEX starts cpe-serve on
# 127.0.0.1 (a free port the kernel picks: --listen 127.0.0.1:0) and
# waits for it to say where it listens; URL is then http://127.0.0.1:PORT.
# serve_stop sends SIGTERM, waits, and fails unless it exited 0.  An EXIT
# trap (serve_kill) kills a server and a load a failed case leaves, so
# none outlives its case.
# SERVE_WRAP (unset) is a command put before cpe-serve (valgrind).

SERVE_PID="" LOAD_PID=""
serve_kill() {
	if [ -n "$LOAD_PID" ]; then kill "$LOAD_PID" 2>/dev/null || :; fi
	if [ -n "$SERVE_PID" ]; then kill -KILL "$SERVE_PID" 2>/dev/null || :; fi
}
trap serve_kill EXIT

serve_start() {
	need_cmd curl jq
	# A previous server's line must not be read as this one's: the
	# background shell truncates the file only when it gets to run.
	: >serve.err
	${SERVE_WRAP:-} cpe-serve --listen 127.0.0.1:0 "$@" 2>serve.err &
	SERVE_PID=$!
	_i=0
	while ! grep -q 'listening on' serve.err 2>/dev/null; do
		kill -0 "$SERVE_PID" 2>/dev/null || {
			cat serve.err >&2; SERVE_PID=""; fail "cpe-serve did not start"; }
		_i=$((_i + 1))
		[ $_i -lt 1200 ] || { cat serve.err >&2; fail "cpe-serve not listening after 120 s"; }
		sleep 0.1
	done
	PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' serve.err | head -1)
	[ -n "$PORT" ] && [ "$PORT" -gt 0 ] || fail "no port in: $(cat serve.err)"
	URL=http://127.0.0.1:$PORT
}

serve_stop() {
	kill -TERM "$SERVE_PID"
	_rc=0
	wait "$SERVE_PID" || _rc=$?
	SERVE_PID=""
	[ $_rc -eq 0 ] || { cat serve.err >&2; fail "cpe-serve exited $_rc on SIGTERM"; }
}

# http [CURL ARGS ...] PATH: the status in $code, the body in file body.
http() {
	_p=$1; shift
	code=$(curl -sS -o body -w '%{http_code}' "$@" "$URL$_p")
}

# expect_status WANT [CURL ARGS ...] PATH: http, then the status must be
# WANT and, for an error, the body a JSON error object of that status.
# Every body is also appended to the file bodies.
expect_status() {
	_w=$1; shift
	_last=""
	for _a; do _last=$_a; done
	code=$(curl -sS -o body -w '%{http_code}' "$@" 2>curl.err) || :
	cat body >>bodies
	[ "$code" = "$_w" ] || fail "$*: status $code, wanted $_w: $(head -c 300 body)"
	if [ "$_w" -ge 400 ]; then
		[ "$(jq -r .error.status body)" = "$_w" ] ||
		    fail "$*: not a JSON error of status $_w: $(head -c 300 body)"
	fi
}

# load_start CLIENTS: keep-alive clients searching in the background
# (load.py) until load_stop, which leaves "STATUS COUNT" lines in
# load.out.
load_start() {
	rm -f load.stop load.out
	python3 "$TESTS/cpe-serve/load.py" "$PORT" "$1" load.stop load.out &
	LOAD_PID=$!
}
load_stop() {
	touch load.stop
	wait "$LOAD_PID"
	LOAD_PID=""
}
