#!/bin/sh
# A table of bad requests, each with its status and a JSON error that
# holds no SQL; the server answers good requests after all of them.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
need_cmd python3
cpx_setup
gen 0 99
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
printf 'a-test-token-of-32-characters-xx\n' >token
serve_start --token-file token --max-batch 4 --max-connections 2 --timeout 2 idx
A="Authorization: Bearer a-test-token-of-32-characters-xx"

# Tokens: none, wrong, wrong length, wrong scheme; the page needs none.
expect_status 401 "$URL/search?q=topic"
expect_status 401 -H "Authorization: Bearer a-test-token-of-32-characters-xy" "$URL/search?q=topic"
expect_status 401 -H "Authorization: Bearer a-test-token" "$URL/health"
expect_status 401 -H "Authorization: Basic YTpi" "$URL/metrics"
expect_status 200 "$URL/"
expect_status 200 -H "$A" "$URL/search?q=topic"

# Query parameters.
expect_status 400 -H "$A" "$URL/search?q=%FF%FE"
expect_status 400 -H "$A" "$URL/search?q=a%00b"
expect_status 400 -H "$A" "$URL/search?q="
expect_status 400 -H "$A" "$URL/search"
expect_status 400 -H "$A" "$URL/search?q=topic&k=0"
expect_status 400 -H "$A" "$URL/search?q=topic&k=1000000000"
expect_status 400 -H "$A" "$URL/search?q=topic&k=-1"
expect_status 400 -H "$A" "$URL/search?q=topic&k=ten"
expect_status 400 -H "$A" "$URL/search?q=topic&lane=lane_x"
expect_status 400 -H "$A" "$URL/search?q=topic&lane=99999"
expect_status 400 -H "$A" "$URL/search?q=topic&domain=16"
expect_status 400 -H "$A" "$URL/search?like=not-a-uuid"
expect_status 400 -H "$A" "$URL/search?like=$(uuid 3)&q=topic"
expect_status 404 -H "$A" "$URL/search?like=$(uuid 99999)"
expect_status 400 -H "$A" "$URL/search?q=%2B%2B%2B"	# no features
head -c 5000 /dev/zero | tr '\0' a >long
expect_status 413 -H "$A" "$URL/search?q=$(cat long)"

# Bodies.
expect_status 400 -H "$A" --data '{"q":' "$URL/search"
expect_status 400 -H "$A" --data '[1,2]' "$URL/search"
expect_status 400 -H "$A" --data '{"q":7}' "$URL/search"
expect_status 400 -H "$A" --data '{"queries":[]}' "$URL/search"
expect_status 400 -H "$A" --data '{"queries":[{"q":"topic","k":0}]}' "$URL/search"
expect_grep body '"message":"query 0: k must'
printf '{"q":"\377"}' >badutf8
expect_status 400 -H "$A" --data-binary @badutf8 "$URL/search"
expect_status 413 -H "$A" --data '{"queries":["a","b","c","d","e"]}' "$URL/search"
python3 -c 'import json; print(json.dumps({"q": "word " * 210000}))' >big
expect_status 413 -H "$A" --data-binary @big "$URL/search"
expect_status 405 -H "$A" -X DELETE "$URL/search"
expect_status 405 -H "$A" -X PUT --data x "$URL/health"
expect_status 404 -H "$A" "$URL/etc/passwd"

# A request line or headers past --max-header (16384 bytes): JSON 414
# and 431, before the token is looked at.
head -c 40000 /dev/zero | tr '\0' a >a40k
expect_status 414 -H "$A" "$URL/search?q=$(cat a40k)"
expect_grep body '"message":"the URL is 400[0-9]{2} bytes, at most 16384 are allowed \(--max-header\)"'
expect_status 414 "$URL/$(cat a40k)"
expect_status 431 -H "$A" -H "X-Long: $(cat a40k)" "$URL/search?q=topic"
expect_grep body '"message":"the request line and headers are 40[0-9]{3} bytes, at most 16384'
expect_status 431 -H "X-A: $(head -c 9000 a40k)" -H "X-B: $(head -c 9000 a40k)" "$URL/health"
# Just under: answered.
expect_status 200 -H "$A" -H "X-Long: $(head -c 15000 a40k)" "$URL/search?q=topic&k=1"

# A URL past 4 times that (the memory libmicrohttpd is given for a
# connection): its own refusal (4xx, not JSON), no crash.
head -c 1048576 /dev/zero | tr '\0' a >huge
printf 'GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n' "$(cat huge)" >hugereq
python3 - "$PORT" <<'PY' >hugestatus
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
try:
    s.sendall(open("hugereq", "rb").read())
except OSError:
    pass
print(s.recv(100).split(b" ")[1].decode())
PY
case $(cat hugestatus) in 4[0-9][0-9]) ;; *) fail "1 MB URL: status $(cat hugestatus)" ;; esac

# Too many connections: two held open, the third is told 429.
python3 - "$PORT" "$URL" <<'PY' >conn
import socket, subprocess, sys, time
a = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
b = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(0.3)
print(subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
    sys.argv[2] + "/"], capture_output=True, text=True).stdout)
PY
expect_eq "$(cat conn)" 429 "third connection"

# A slow client (half a request line) is dropped after --timeout.
python3 - "$PORT" <<'PY' >slow
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /search?q=top")
s.settimeout(10)
t = time.time()
d = s.recv(100)
print("closed" if d == b"" or d.startswith(b"HTTP/1.1 408") else "answered %r" % d)
PY
expect_eq "$(cat slow)" closed "slow client"

# No SQL, no server text in any answer above; the server still answers.
expect_no_grep bodies 'SELECT|ERROR:|cpe_index_row|bigint|postgres'
expect_status 200 -H "$A" "$URL/search?q=topic&k=3"
expect_eq "$(jq '.hits | length' body)" 3 "hits after the bad requests"
expect_status 200 -H "$A" "$URL/metrics"
expect_grep body '^cpe_serve_requests_total\{code="400"\} 20$'
expect_grep body '^cpe_serve_requests_total\{code="401"\} 4$'
expect_grep body '^cpe_serve_requests_total\{code="413"\} 3$'
serve_stop
expect_no_grep serve.err 'AddressSanitizer|runtime error'
