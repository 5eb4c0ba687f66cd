#!/usr/bin/env python3
"""Renders report.html in headless Chromium (DevTools protocol over a pipe, standard library
only) and fails on a console error, an uncaught exception, a failed load, or a figure that is
missing or draws nothing: every SVG file beside the page must appear inline, with its curves.

Usage: scripts/html-check.py REPORT_DIR [SCREENSHOT.png]
"""
import base64, json, os, subprocess, sys, tempfile

folder = os.path.abspath(sys.argv[1])
page = os.path.join(folder, "report.html")
figures = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".svg"))

commands_read, commands_write = os.pipe()
replies_read, replies_write = os.pipe()


def child_fds():
    os.dup2(commands_read, 3)
    os.dup2(replies_write, 4)


with tempfile.TemporaryDirectory() as profile:
    browser = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
         "--user-data-dir=" + profile, "--window-size=1280,1024", "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        pass_fds=(3, 4), preexec_fn=child_fds, env={**os.environ, "TMPDIR": profile})
    os.close(commands_read)
    os.close(replies_write)
    to_browser = os.fdopen(commands_write, "wb")
    from_browser = os.fdopen(replies_read, "rb")
    buffered = b""
    problems, events, next_id = [], [], [0]

    def receive():
        global buffered
        while b"\0" not in buffered:
            chunk = from_browser.read1(65536)
            if not chunk:
                raise SystemExit("html-check: FAILED: Chromium closed the pipe")
            buffered += chunk
        message, buffered = buffered.split(b"\0", 1)
        return json.loads(message)

    def send(method, params=None, session=None):
        next_id[0] += 1
        message = {"id": next_id[0], "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        to_browser.write(json.dumps(message).encode() + b"\0")
        to_browser.flush()
        while True:
            reply = receive()
            if reply.get("id") == next_id[0]:
                if "error" in reply:
                    raise SystemExit(f"html-check: FAILED: {method}: {reply['error']}")
                return reply["result"]
            events.append(reply)

    def wait_for(method):
        while True:
            for i, event in enumerate(events):
                if event.get("method") == method:
                    del events[i]
                    return event
            events.append(receive())

    try:
        target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ["Page", "Runtime", "Log"]:
            send(domain + ".enable", session=session)
        navigation = send("Page.navigate", {"url": "file://" + page}, session=session)
        if navigation.get("errorText"):
            problems.append("load: " + navigation["errorText"])
        wait_for("Page.loadEventFired")
        measure = """JSON.stringify([...document.querySelectorAll('figure')].map(f => {
            const svg = f.querySelector(':scope > svg'); if (!svg) return [f.id, 0, 0];
            const box = svg.getBBox();
            return [f.id, box.width * box.height, svg.querySelectorAll('path.curve').length]; }))"""
        drawn = json.loads(send("Runtime.evaluate", {"expression": measure, "returnByValue": True},
                                session=session)["result"]["value"])
        if len(sys.argv) > 2:
            metrics = send("Page.getLayoutMetrics", session=session)["cssContentSize"]
            shot = send("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {
                "x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 0.5}},
                session=session)
            with open(sys.argv[2], "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        send("Runtime.evaluate", {"expression": "0"}, session=session)  # collects late events
        send("Browser.close")
    finally:
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()

    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            problems.append("exception: " + params["exceptionDetails"].get("text", "?"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            problems.append("console: " + " ".join(str(a.get("value", "")) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            problems.append("log: " + params["entry"].get("text", ""))
    shown = {name[len("figure-"):]: (area, curves) for name, area, curves in drawn}
    for figure in figures:
        area, curves = shown.get(figure, (0, 0))
        if area <= 0 or curves == 0:
            problems.append(f"figure {figure}: missing or empty (area {area}, {curves} curves)")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit("html-check: FAILED")
    print(f"html-check: ok ({len(figures)} figures drawn, no console error)")
