#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""fake-embed.py: a test embedding server speaking three APIs.

  POST /api/embed       Ollama:  {"model", "input": [..]} -> {"embeddings"}
  POST /v1/embeddings   OpenAI:  {"model", "input": [..]} -> {"data": [..]}
  POST /embed           GTR-T5 (the original's 8767): {"texts": [..]}
                        -> {"embeddings", "dimension", "count", "encoder"}
  GET  /health          {"status": "ok", "dimension": DIM}
  GET  /stats           {"requests", "texts", "max_batch", "max_inflight",
                         "failed", "auth" (requests that carried
                         "Authorization: Bearer sk-test-secret")}

The vector of a text depends on the text only (one of 512 fixed random
vectors picked by CRC-32), so a client's output can be checked with
--check.  Failure modes (--mode):

  ok        answer normally            500      always HTTP 500
  429       always HTTP 429            flaky    the first --fail N requests
                                                get 500, 429, 503 in turn
  garbage   HTTP 200 with non-JSON     short    one vector too few
  nan       a NaN inside a vector      wrongdim every vector has DIM+1
  flipdim   the first request right, then DIM+1
  hang      never answer in time (sleeps --hang seconds)
  drop      close the connection without an answer
  shuffle   OpenAI answer in reverse order (with indices)
  dieafter  the first --fail N requests are answered, then HTTP 500
  huge      a valid answer padded with 9 MiB of white space

--latency MS delays every answer.  The server binds 127.0.0.1 only,
writes its port to --port-file, and exits after --lifetime seconds
(default 120) whatever happens, so a test can never leave it behind.

  fake-embed.py --check FILE  reads rec-dump JSON lines and checks that
  every concept_vec is the normalised vector of its text (exit 1 if not).
"""
import argparse
import base64
import json
import math
import os
import random
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NVEC = 512


def base_vectors(dim):
    out = []
    for i in range(NVEC):
        rnd = random.Random(1000003 * i + dim)
        out.append([rnd.uniform(-1.0, 1.0) for _ in range(dim)])
    return out


def pick(text):
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % NVEC


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.requests = 0
        self.texts = 0
        self.max_batch = 0
        self.inflight = 0
        self.max_inflight = 0
        self.failed = 0
        self.auth = 0
        self.strs = {}

    def vec_strs(self, dim):
        with self.lock:
            if dim not in self.strs:
                self.strs[dim] = ["[" + ",".join("%.6f" % x for x in v) + "]"
                                  for v in base_vectors(dim)]
            return self.strs[dim]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle
        # and the client's delayed ACK add up to 40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *a):
        if self.server.st.args.verbose:
            sys.stderr.write("fake-embed: " + (fmt % a) + "\n")

    def send(self, code, body, ctype="application/json", extra=()):
        b = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(b)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(b)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_GET(self):
        st = self.server.st
        if self.path == "/health":
            self.send(200, json.dumps({"status": "ok", "model": "fake",
                                       "dimension": st.args.dim,
                                       "encoder": "fake"}))
        elif self.path == "/stats":
            with st.lock:
                self.send(200, json.dumps({
                    "requests": st.requests, "texts": st.texts,
                    "max_batch": st.max_batch, "failed": st.failed,
                    "auth": st.auth,
                    "max_inflight": st.max_inflight}))
        else:
            self.send(404, '{"error":"not found"}')

    def do_POST(self):
        st = self.server.st
        n = int(self.headers.get("Content-Length") or 0)
        if n > 64 << 20:
            self.send(413, '{"error":"too large"}')
            return
        raw = self.rfile.read(n)
        with st.lock:
            st.requests += 1
            reqno = st.requests
            if self.headers.get("Authorization") == "Bearer sk-test-secret":
                st.auth += 1
            st.inflight += 1
            st.max_inflight = max(st.max_inflight, st.inflight)
        try:
            self.answer(st, reqno, raw)
        finally:
            with st.lock:
                st.inflight -= 1

    def fail(self, st, code, msg, extra=()):
        with st.lock:
            st.failed += 1
        self.send(code, json.dumps({"error": msg}), extra=extra)

    def answer(self, st, reqno, raw):
        a = st.args
        api = {"/api/embed": "ollama", "/v1/embeddings": "openai",
               "/embed": "gtr"}.get(self.path)
        if api is None:
            self.send(404, '{"error":"no such endpoint"}')
            return
        try:
            req = json.loads(raw)
            texts = req["texts"] if api == "gtr" else req["input"]
            if api != "gtr" and not isinstance(req.get("model"), str):
                raise ValueError("model")
            if isinstance(texts, str) and api != "gtr":
                texts = [texts]
            if not isinstance(texts, list) or not texts or \
                    not all(isinstance(t, str) for t in texts):
                raise ValueError("texts")
        except (ValueError, KeyError, TypeError) as e:
            self.fail(st, 400, "bad request: %s" % e)
            return
        with st.lock:
            st.texts += len(texts)
            st.max_batch = max(st.max_batch, len(texts))
        if a.latency:
            time.sleep(a.latency / 1000.0)
        mode = a.mode
        if mode == "dieafter":
            mode = "ok" if reqno <= a.fail else "500"
        if mode == "flaky":
            mode = "ok" if reqno > a.fail else ("500", "429", "503")[reqno % 3]
        if mode in ("500", "503"):
            self.fail(st, int(mode), "internal error (fake)")
            return
        if mode == "429":
            self.fail(st, 429, "slow down (fake)", [("Retry-After", "0")])
            return
        if mode == "hang":
            time.sleep(a.hang)
            self.fail(st, 504, "late")
            return
        if mode == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if mode == "garbage":
            self.send(200, "<html>this is not json</html>", "text/html")
            return
        dim = a.dim
        if mode == "wrongdim" or (mode == "flipdim" and reqno > 1):
            dim += 1
        strs = st.vec_strs(dim)
        vecs = [strs[pick(t)] for t in texts]
        if mode == "short":
            vecs = vecs[:-1]
        if mode == "nan":
            vecs[0] = vecs[0].replace("[", "[NaN,", 1).rsplit(",", 1)[0] + "]"
        if api == "openai":
            items = ['{"object":"embedding","index":%d,"embedding":%s}' % (i, v)
                     for i, v in enumerate(vecs)]
            if mode == "shuffle":
                items.reverse()
            body = ('{"object":"list","data":[' + ",".join(items) +
                    '],"model":%s,"usage":{"prompt_tokens":0}}'
                    % json.dumps(req["model"]))
        elif api == "ollama":
            body = ('{"model":%s,"embeddings":[' % json.dumps(req["model"]) +
                    ",".join(vecs) + "]}")
        else:
            body = ('{"embeddings":[' + ",".join(vecs) +
                    '],"dimension":%d,"count":%d,"encoder":"fake-gtr"}'
                    % (dim, len(vecs)))
        if mode == "huge":
            body = body[:-1] + " " * (9 << 20) + "}"
        self.send(200, body)


def check(path, dim):
    """Every concept_vec must be the normalised vector of its text."""
    bad = 0
    cache = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            rec = json.loads(line)
            raw = base64.b64decode(rec["concept_vec"]["$bin"])
            got = struct.unpack("<%df" % (len(raw) // 4), raw)
            if len(got) not in cache:
                cache[len(got)] = base_vectors(len(got))
            want = cache[len(got)][pick(rec["text"])]
            want = [float("%.6f" % x) for x in want]
            norm = math.sqrt(sum(x * x for x in want))
            err = max(abs(g - w / norm) for g, w in zip(got, want))
            if err > 1e-5 or (dim and len(got) != dim):
                print("record %d: vector does not match its text (%g)"
                      % (lineno, err))
                bad += 1
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dim", type=int, default=768)
    p.add_argument("--mode", default="ok",
                   choices=["ok", "500", "429", "flaky", "garbage", "short",
                            "nan", "wrongdim", "flipdim", "hang", "drop",
                            "shuffle", "dieafter", "huge"])
    p.add_argument("--fail", type=int, default=3,
                   help="flaky: requests that fail first; dieafter: that succeed")
    p.add_argument("--latency", type=float, default=0, help="milliseconds")
    p.add_argument("--hang", type=float, default=30, help="hang: seconds")
    p.add_argument("--lifetime", type=float, default=120)
    p.add_argument("--port-file")
    p.add_argument("--check", metavar="FILE")
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args()
    if a.check:
        sys.exit(check(a.check, 0))
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.st = State(a)
    srv.st.vec_strs(a.dim)
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.server_address[1])
        os.rename(tmp, a.port_file)
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
