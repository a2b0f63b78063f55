#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""fake-llm: a stand-in LLM server for tests and benchmarks.

Speaks the real wire formats of Ollama (POST /api/generate, /api/chat,
GET /api/tags) and of OpenAI-compatible servers (POST /v1/chat/completions,
GET /v1/models), non-streaming.  Python 3 standard library only.

It binds 127.0.0.1 only, on the port given (0 = any free one, written to
--port-file), and stops by itself after --lifetime seconds, after
--idle seconds without a request, or after --max-requests requests.

What it answers to a passage (the text between <passage> lines of the
prompt, else the whole prompt) depends on the mode: the server's --mode,
overridden per request by a marker MODE=name in the passage.

  ok              answer "D,T,M": the marker CODES=D,T,M if present, else
                  codes derived from a hash of the passage
  malformed       a chatty answer that is not three numbers
  malformed-once  malformed on the first request for a passage, then ok
  range           three numbers out of range (99,99,99)
  badjson         HTTP 200 with a body that is not JSON
  noshape         HTTP 200 JSON without the answer field
  slow            ok after --delay seconds
  jitter          ok after a random 0..--delay seconds (reorders replies)
  timeout         sleep --hang seconds, then ok (clients should time out)
  500 / 503       that HTTP status every time
  500-once        HTTP 500 on the first request for a passage, then ok
  429             HTTP 429 with Retry-After: 0 every time
  429-once        HTTP 429 (Retry-After: 0) first, then ok
  close           close the connection without an answer

--delay also applies to every mode as a base latency when --base-delay is
set.  --models limits the known model names (others get the API's 404).
GET /stats returns {"requests":N,"max_inflight":K,"by_mode":{...}}.
"""
import argparse
import hashlib
import json
import os
import random
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"requests": 0, "inflight": 0, "max_inflight": 0, "by_mode": {},
         "seen": {}, "last": time.monotonic()}


def passage_of(prompt):
    m = re.search(r"<passage>\n(.*)\n</passage>", prompt, re.S)
    return m.group(1) if m else prompt


def codes_for(passage):
    m = re.search(r"CODES=(\d+),(\d+),(\d+)", passage)
    if m:
        return "%s,%s,%s" % m.groups()
    h = hashlib.sha256(passage.encode("utf-8", "replace")).digest()
    return "%d,%d,%d" % (h[0] % 16, h[1] % 32, h[2] % 64)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-llm/1"
    # One write per answer and no Nagle delay, as real servers do; with
    # headers and body in two segments every reply would wait for the
    # client's delayed ACK (~40 ms).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.opts.verbose:
            sys.stderr.write("fake-llm: " + (fmt % args) + "\n")

    def send_json(self, status, obj, extra=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_raw(self, status, body, ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        touch()
        if self.path == "/stats":
            with LOCK:
                s = {k: STATE[k] for k in ("requests", "max_inflight",
                                            "by_mode")}
            self.send_json(200, s)
        elif self.path == "/api/tags":
            self.send_json(200, {"models": [{"name": m, "model": m}
                                            for m in self.server.models]})
        elif self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [
                {"id": m, "object": "model", "owned_by": "fake"}
                for m in self.server.models]})
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self):
        with LOCK:
            STATE["requests"] += 1
            STATE["inflight"] += 1
            STATE["max_inflight"] = max(STATE["max_inflight"],
                                        STATE["inflight"])
            n = STATE["requests"]
        try:
            self.handle_post()
        finally:
            with LOCK:
                STATE["inflight"] -= 1
            touch()
            if n >= self.server.opts.max_requests:
                stop(self.server, "max requests reached")

    def handle_post(self):
        o = self.server.opts
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        api = {"/api/generate": "generate", "/api/chat": "chat",
               "/v1/chat/completions": "openai"}.get(self.path)
        if api is None:
            return self.send_json(404, {"error": "404 page not found"})
        try:
            req = json.loads(raw)
            model = req["model"]
            if api == "generate":
                prompt = req["prompt"]
            else:
                prompt = [m for m in req["messages"]
                          if m.get("role") == "user"][-1]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            return self.error(api, 400, "invalid request body")
        if api != "openai" and req.get("stream", True) is not False:
            return self.error(api, 400, "fake-llm supports stream:false only")
        if self.server.models and model not in self.server.models:
            return self.error(api, 404, 'model "%s" not found, try pulling '
                              'it first' % model)
        passage = passage_of(prompt)
        m = re.search(r"MODE=([a-z0-9-]+)", passage)
        mode = m.group(1) if m else o.mode
        key = hashlib.sha256(passage.encode("utf-8", "replace")).hexdigest()
        with LOCK:
            seen = STATE["seen"].get(key, 0)
            STATE["seen"][key] = seen + 1
            STATE["by_mode"][mode] = STATE["by_mode"].get(mode, 0) + 1
        if o.base_delay:
            time.sleep(o.delay)
        if mode.endswith("-once"):
            mode = mode[:-5] if seen == 0 else "ok"
        answer = codes_for(passage)
        if mode == "slow":
            time.sleep(o.delay)
        elif mode == "jitter":
            time.sleep(random.random() * o.delay)
        elif mode == "timeout":
            time.sleep(o.hang)
        elif mode in ("500", "503"):
            return self.error(api, int(mode), "internal error (fake)")
        elif mode == "429":
            return self.error(api, 429, "rate limited (fake)",
                              {"Retry-After": "0"})
        elif mode == "close":
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        elif mode == "badjson":
            return self.send_raw(200, b"<html>this is not json</html>")
        elif mode == "noshape":
            return self.send_json(200, {"model": model, "done": True})
        elif mode == "malformed":
            answer = "Sure! The domain is History, task 18 and modifier 5."
        elif mode == "range":
            answer = "99,99,99"
        self.reply(api, model, answer)

    def error(self, api, status, msg, extra=None):
        if api == "openai":
            obj = {"error": {"message": msg, "type": "invalid_request_error"
                             if status < 500 else "server_error",
                             "code": status}}
        else:
            obj = {"error": msg}
        self.send_json(status, obj, extra)

    def reply(self, api, model, text):
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        if api == "generate":
            obj = {"model": model, "created_at": now, "response": text,
                   "done": True, "done_reason": "stop", "context": [1, 2, 3],
                   "total_duration": 1000, "eval_count": 5}
        elif api == "chat":
            obj = {"model": model, "created_at": now,
                   "message": {"role": "assistant", "content": text},
                   "done": True, "done_reason": "stop",
                   "total_duration": 1000, "eval_count": 5}
        else:
            obj = {"id": "chatcmpl-fake", "object": "chat.completion",
                   "created": int(time.time()), "model": model,
                   "choices": [{"index": 0, "message": {
                       "role": "assistant", "content": text},
                       "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 10, "completion_tokens": 5,
                             "total_tokens": 15}}
        self.send_json(200, obj)


def touch():
    with LOCK:
        STATE["last"] = time.monotonic()


def stop(server, why):
    if server.opts.verbose:
        sys.stderr.write("fake-llm: stopping: %s\n" % why)
    threading.Thread(target=server.shutdown, daemon=True).start()


def watchdog(server):
    start = time.monotonic()
    while True:
        time.sleep(0.2)
        now = time.monotonic()
        with LOCK:
            idle = now - STATE["last"]
        if now - start > server.opts.lifetime:
            return stop(server, "lifetime over")
        if idle > server.opts.idle:
            return stop(server, "idle")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--base-delay", action="store_true",
                    help="sleep --delay before every answer")
    ap.add_argument("--hang", type=float, default=5.0)
    ap.add_argument("--models", default="",
                    help="comma-separated known models (default: any)")
    ap.add_argument("--max-requests", type=int, default=20000)
    ap.add_argument("--lifetime", type=float, default=120.0)
    ap.add_argument("--idle", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    o = ap.parse_args()
    random.seed(o.seed)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 64
    srv = ThreadingHTTPServer(("127.0.0.1", o.port), Handler)
    srv.opts = o
    srv.models = [m for m in o.models.split(",") if m]
    port = srv.server_address[1]
    if o.port_file:
        tmp = o.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, o.port_file)
    threading.Thread(target=watchdog, args=(srv,), daemon=True).start()
    try:
        srv.serve_forever(poll_interval=0.1)
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
