#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# fake-cpesh.py PORTFILE [LIFETIME [DELAY]]: an Ollama-like /api/generate
# server on 127.0.0.1 (any free port, written to PORTFILE) answering CPESH
# prompts for the cpe-prep tests and bench, each after DELAY seconds.  The passage (between <passage> lines) decides:
#   contains MALFORMED  -> a chatty answer with no JSON object
#   contains FENCED     -> the JSON inside a ```json fence with chatter
#   contains PARTIAL    -> JSON with only "concept" (fallbacks fill the rest)
#   contains DOWN       -> HTTP 404 (a missing model: a permanent failure)
#   otherwise           -> full JSON derived from the passage's first word
import json, re, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(DELAY)
        m = re.search(r"<passage>\n(.*)\n</passage>", body.get("prompt", ""), re.S)
        p = m.group(1) if m else ""
        w = p.split()[0] if p.split() else "thing"
        full = {"concept": "%s is a concept." % w, "probe": "What is %s?" % w,
                "expected": w, "soft_negatives": ["near " + w, "almost " + w, "quasi " + w],
                "hard_negatives": ["volcano", "violin", 42]}
        if "DOWN" in p:
            self.send_response(404); self.end_headers(); return
        if "MALFORMED" in p:
            ans = "I think the passage is about %s." % w
        elif "FENCED" in p:
            ans = "Sure!\n```json\n" + json.dumps(full) + "\n```\nHope it helps."
        elif "PARTIAL" in p:
            ans = json.dumps({"concept": "%s alone." % w})
        else:
            ans = json.dumps(full)
        out = json.dumps({"model": body.get("model"), "response": ans, "done": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
ThreadingHTTPServer.request_queue_size = 128
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_address[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(float(sys.argv[2]) if len(sys.argv) > 2 else 60, s.shutdown).start()
s.serve_forever()
