# SPDX-License-Identifier: ISC
# tests/cpe-serve/load.py PORT CLIENTS STOPFILE OUT [TOTAL]: CLIENTS
# threads, each one keep-alive connection, send GET /search (queries in
# turn) until STOPFILE exists (or TOTAL requests are answered); OUT gets "STATUS COUNT" lines, and a line "error TEXT"
# for each connection failure.  For the cpe-serve cases (not a benchmark).
import http.client, os, sys, threading, collections

port, clients, stop, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
total = int(sys.argv[5]) if len(sys.argv) > 5 else 0
counts = collections.Counter()
errors = []
lock = threading.Lock()

def client(n):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = 0
    while not os.path.exists(stop) and not (total and sum(counts.values()) + len(errors) >= total):
        i += 1
        try:
            c.request("GET", "/search?k=5&q=passage+about+topic+%d" % ((n * 7 + i) % 40))
            r = c.getresponse()
            r.read()
            st = r.status
        except Exception as e:
            with lock:
                errors.append(repr(e))
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        with lock:
            counts[st] += 1

ts = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in ts:
    t.start()
for t in ts:
    t.join()
with open(out, "w") as f:
    for st, n in sorted(counts.items()):
        f.write("%d %d\n" % (st, n))
    for e in errors:
        f.write("error %s\n" % e)
