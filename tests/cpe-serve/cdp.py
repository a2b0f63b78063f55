# SPDX-License-Identifier: ISC
# tests/cpe-serve/cdp.py URL QUERY PNG: drive a headless Chromium over the
# DevTools protocol (a minimal WebSocket client, standard library only):
# open URL, type QUERY into the focused field, press Enter, wait for the
# hits, print the first hit's heading, then Tab to its "Neighbours"
# button and press Enter, wait for the neighbours, print the status
# line, and save a screenshot to PNG.  Exits non-zero on any failure.
import base64, json, os, re, shutil, socket, struct, subprocess, sys
import tempfile, time, urllib.request

url, query, png = sys.argv[1], sys.argv[2], sys.argv[3]
prof = tempfile.mkdtemp(prefix="cdp-")
exe = shutil.which("chromium") or shutil.which("chromium-browser")
proc = subprocess.Popen([exe, "--headless=new", "--no-sandbox",
    "--disable-gpu", "--no-first-run", "--disable-extensions",
    "--remote-debugging-port=0", "--user-data-dir=" + prof,
    "--window-size=1000,900", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

def stop(code):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    shutil.rmtree(prof, ignore_errors=True)
    sys.exit(code)

try:
    port = None
    t0 = time.time()
    while port is None and time.time() - t0 < 60:
        line = proc.stderr.readline()
        if not line:
            break
        m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    if port is None:
        print("chromium did not start", file=sys.stderr)
        stop(1)
    targets = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port))
    ws = [t for t in targets if t["type"] == "page"][0]["webSocketDebuggerUrl"]
    path = ws.split(str(port), 1)[1]
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n" % (path, port, key)).encode())
    hdr = b""
    while b"\r\n\r\n" not in hdr:
        hdr += s.recv(1)
    if b" 101 " not in hdr.split(b"\r\n")[0]:
        print("no WebSocket: %r" % hdr[:80], file=sys.stderr)
        stop(1)

    def recvn(n):
        b = b""
        while len(b) < n:
            c = s.recv(n - len(b))
            if not c:
                raise EOFError("closed")
            b += c
        return b

    def send(obj):
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        h = bytes([0x81])
        if n < 126:
            h += bytes([0x80 | n])
        elif n < 65536:
            h += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            h += bytes([0x80 | 127]) + struct.pack(">Q", n)
        s.sendall(h + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv():
        msg = b""
        while True:
            b0, b1 = recvn(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", recvn(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", recvn(8))[0]
            msg += recvn(n)
            if b0 & 0x80:
                return json.loads(msg)

    seq = [0]
    def call(method, **params):
        seq[0] += 1
        send({"id": seq[0], "method": method, "params": params})
        while True:
            m = recv()
            if m.get("id") == seq[0]:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})

    def js(expr):
        return call("Runtime.evaluate", expression=expr, returnByValue=True)["result"].get("value")

    def wait(expr, what):
        t = time.time()
        while time.time() - t < 20:
            v = js(expr)
            if v:
                return v
            time.sleep(0.1)
        print("timed out waiting for " + what + "; status: %r" % js("document.getElementById('status') && document.getElementById('status').textContent"), file=sys.stderr)
        stop(1)

    def key(k, code, vk, text=None):
        d = {"key": k, "code": code, "windowsVirtualKeyCode": vk}
        if text:
            d["text"] = text
        call("Input.dispatchKeyEvent", type="keyDown", **d)
        call("Input.dispatchKeyEvent", type="keyUp", key=k, code=code, windowsVirtualKeyCode=vk)

    call("Page.enable")
    call("Runtime.enable")
    call("Page.navigate", url=url)
    wait("document.readyState === 'complete' && document.activeElement && document.activeElement.id === 'q'", "the page with the query field focused")
    call("Input.insertText", text=query)
    key("Enter", "Enter", 13, "\r")
    wait("document.querySelectorAll('article.hit').length", "the hits")
    print(js("document.querySelector('article.hit h2').textContent"))
    # Tab from the query field through the form to the first hit's button.
    for _ in range(12):
        if js("document.activeElement.className") == "like":
            break
        key("Tab", "Tab", 9)
    if js("document.activeElement.className") != "like":
        print("Tab never reached a Neighbours button", file=sys.stderr)
        stop(1)
    key("Enter", "Enter", 13, "\r")
    print(wait("(t => t.includes('hits for neighbours of') && t)(document.getElementById('status').textContent)", "the neighbours"))
    shot = call("Page.captureScreenshot", format="png")["data"]
    with open(png, "wb") as f:
        f.write(base64.b64decode(shot))
    stop(0)
except Exception as e:
    print("cdp: %r" % e, file=sys.stderr)
    stop(1)
