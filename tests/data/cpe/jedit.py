#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# jedit.py LINE CODE: copy JSON lines from stdin to stdout, running the
# Python statement CODE on line LINE (1-based) parsed as the dict r.
# "del r['text']", "r['page_id'] = 'x'" ...; LINE 0 means every line.
import json, sys
n, code = int(sys.argv[1]), sys.argv[2]
for i, line in enumerate(sys.stdin, 1):
    if n in (0, i):
        r = json.loads(line)
        exec(code, {"r": r})
        line = json.dumps(r, ensure_ascii=False) + "\n"
    sys.stdout.write(line)
