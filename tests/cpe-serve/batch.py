# SPDX-License-Identifier: ISC
# tests/cpe-serve/batch.py PORT N QUERIES: N clients at once, each one
# POST /search of a batch of QUERIES queries (k 100) (released together by a
# barrier); prints one line a request: "STATUS RETRY-AFTER MESSAGE" (- for
# a missing header or message).  For the cpe-serve cases.
import http.client, json, sys, threading

port, n, nq = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
body = json.dumps({"k": 100, "queries": ["passage about topic %d" % i for i in range(nq)]})
barrier = threading.Barrier(n)
out = [None] * n

def client(i):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.connect()
    barrier.wait()
    c.request("POST", "/search", body, {"Content-Type": "application/json"})
    r = c.getresponse()
    d = r.read()
    msg = "-"
    if r.status != 200:
        msg = json.loads(d)["error"]["message"]
    out[i] = "%d %s %s" % (r.status, r.getheader("Retry-After") or "-", msg)

ts = [threading.Thread(target=client, args=(i,)) for i in range(n)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for l in out:
    print(l)
sys.exit(1 if None in out else 0)
