"""Drive headless Chromium through the DevTools protocol over a pipe: load a page, run a script, read the result.

No library and no network port: Chromium started with ``--remote-debugging-pipe`` reads protocol commands
(JSON, each ended by a NUL byte) from file descriptor 3 and writes replies and events to descriptor 4. This is
enough to click the layer toggles of an article page and follow evidence links, as a reader would.
(Belongs under ``site/`` in the new layout, beside ``sitecheck``.)

Example:
    >>> with Browser() as b:                                     # doctest: +SKIP
    ...     b.goto("http://127.0.0.1:8000/index.html")
    ...     b.evaluate("document.title")
    'How outlets cover the same story · mediabias'
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import select
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from mediabias.site.check import CHROMIUM_FLAGS, find_chromium


class BrowserError(RuntimeError):
    """Chromium failed, timed out, or a script threw."""


class Browser:
    """One headless Chromium with one page, controlled over the DevTools pipe."""

    def __init__(self, chromium: str | None = None, *, timeout: float = 30.0):
        self.chromium = chromium or find_chromium()
        if self.chromium is None:
            raise FileNotFoundError("Chromium not found: install Debian's `chromium` package (make browser)")
        self.timeout = timeout
        self._id = 0
        self._buffer = b""
        self._events: list[dict] = []

    # ------------------------------------------------------------------ process and pipe
    def __enter__(self) -> "Browser":
        self._profile = tempfile.TemporaryDirectory()
        cmd_r, self._cmd_w = os.pipe()       # we write commands, Chromium reads them on fd 3
        self._out_r, out_w = os.pipe()       # Chromium writes on fd 4, we read

        def wire():  # in the child: put the two pipe ends on fds 3 and 4
            os.dup2(cmd_r, 3)
            os.dup2(out_w, 4)

        self._proc = subprocess.Popen(
            [self.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
             "--window-size=1280,900", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, pass_fds=(3, 4, cmd_r, out_w))  # 3 and 4 survive close_fds
        os.close(cmd_r)
        os.close(out_w)
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close")
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._out_r], [], [], left)
            if ready:
                chunk = os.read(self._out_r, 1 << 16)
                if not chunk:
                    raise BrowserError(f"Chromium exited (code {self._proc.poll()})")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, *, session: bool = False) -> dict:
        """Send one protocol command and return its result (events that arrive meanwhile are kept)."""
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_for(self, event: str) -> dict:
        """Wait for a protocol event (e.g. ``Page.loadEventFired``) and return it."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, e in enumerate(self._events):
                if e.get("method") == event:
                    return self._events.pop(i)
            self._events.append(self._read_message(deadline))

    # ------------------------------------------------------------------ what a reader does
    def goto(self, url: str) -> None:
        """Load ``url`` and wait until its load event fired."""
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        result = self.send("Page.navigate", {"url": url}, session=True)
        if result.get("errorText"):
            raise BrowserError(f"{url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        """Run JavaScript in the page and return its (JSON) value; a thrown error raises :class:`BrowserError`."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, session=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"script failed: {text}")
        return result.get("result", {}).get("value")


# ---------------------------------------------------------------------------------- checks of a built site
@contextlib.contextmanager
def serve(site: Path):
    """Serve ``site`` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


#: For each layer, a script returning how the layer's marks look (one string); toggling must change it.
LAYER_PROBES = {
    "attributions": ("mark.att-content, mark.att-source", "backgroundColor"),
    "mentions": ("mark.mention", "outlineStyle"),
    "loaded": ("mark.loaded-cue", "textDecorationLine"),
    "frames": ("aside.frames", "visibility"),
    "excerpts": (".origin", "display"),
}

TOGGLE_SCRIPT = """
(function (layer, selector, property) {
  var article = document.getElementById('article-text');
  var box = document.querySelector('.layers input[data-layer="' + layer + '"]');
  if (!article || !box) return {error: 'no article text or no toggle for ' + layer};
  var el = article.querySelector(selector);
  function look() { return el ? getComputedStyle(el)[property] : null; }
  var before = look(), hiddenBefore = article.classList.contains('hide-' + layer);
  box.click();
  var after = look(), hiddenAfter = article.classList.contains('hide-' + layer);
  box.click();
  var back = look(), hiddenBack = article.classList.contains('hide-' + layer);
  return {marks: el ? article.querySelectorAll(selector).length : 0, before: before, after: after, back: back,
          hidden: [hiddenBefore, hiddenAfter, hiddenBack]};
})(%s, %s, %s)
"""


def check_layers(site: Path, *, chromium: str | None = None) -> tuple[list[str], dict]:
    """Open every ``articles/*.html`` page of ``site`` in Chromium and click each layer's checkbox twice.

    A layer passes when the first click hides it (the ``hide-<layer>`` class is set and its first mark's
    computed style changes) and the second click shows it again. Returns ``(problems, marks)`` where
    ``marks[page][layer]`` counts the marks of that layer on the page.
    """
    problems, counts = [], {}
    pages = sorted((Path(site) / "articles").glob("*.html"))
    if not pages:
        return [f"{site}: no article pages under articles/"], counts
    with serve(Path(site)) as base, Browser(chromium) as b:
        for page in pages:
            rel = f"articles/{page.name}"
            b.goto(base + rel)
            counts[rel] = {}
            for layer, (selector, prop) in LAYER_PROBES.items():
                r = b.evaluate(TOGGLE_SCRIPT % (json.dumps(layer), json.dumps(selector), json.dumps(prop)))
                if "error" in r:
                    problems.append(f"{rel}: {r['error']}")
                    continue
                counts[rel][layer] = r["marks"]
                if r["hidden"] != [False, True, False]:
                    problems.append(f"{rel}: the {layer} checkbox does not toggle the layer ({r['hidden']})")
                elif r["marks"] and not (r["before"] != r["after"] and r["before"] == r["back"]):
                    problems.append(f"{rel}: toggling {layer} does not change how its marks look "
                                    f"({r['before']!r} → {r['after']!r} → {r['back']!r})")
    return problems, counts


def check_evidence_links(site: Path, *, chromium: str | None = None) -> tuple[list[str], int]:
    """Follow every evidence link (``a.evidence``) of the site's top-level pages in Chromium.

    For each link the browser loads its article page and goes to its fragment; the link resolves when the
    page's ``:target`` is the element with that id. Returns ``(problems, number of links followed)``.
    """
    from urllib.parse import urldefrag

    problems, followed = [], 0
    with serve(Path(site)) as base, Browser(chromium) as b:
        links: dict[str, set[str]] = {}
        for page in sorted(Path(site).glob("*.html")):
            b.goto(base + page.name)
            for href in b.evaluate("Array.from(document.querySelectorAll('a.evidence')).map(a => a.href)"):
                url, fragment = urldefrag(href)
                if not url.startswith(base):
                    problems.append(f"{page.name}: evidence link leaves the site: {href}")
                    continue
                links.setdefault(url, set()).add(fragment)
        for url, fragments in sorted(links.items()):
            try:
                b.goto(url)
            except BrowserError as exc:
                problems.append(f"evidence link to a page that does not load: {url} ({exc})")
                continue
            if b.evaluate("document.getElementById('article-text') === null"):
                problems.append(f"evidence link to a page without article text: {url}")
            for fragment in sorted(fragments):
                followed += 1
                if not fragment:
                    continue
                got = b.evaluate(f"location.hash = {json.dumps('#' + fragment)}; "
                                 "(document.querySelector(':target') || {}).id || null")
                if got != fragment:
                    problems.append(f"evidence link {url[len(base):]}#{fragment} does not resolve to an anchor")
    return problems, followed
