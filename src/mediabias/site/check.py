"""Check a built site the way a reader's browser sees it: headless Chromium, a local server, no network.

The site is served on 127.0.0.1 by a threaded ``http.server`` that records every request. Chromium
(Debian's ``chromium`` package, networking features off) loads each page and dumps the DOM after
scripts ran; images and stylesheets the page loads hit the server, links found in the DOM are followed.
Any request answered 404, any reference to another host, and any live markup the site did not write
(:func:`mediabias.site.safety.unsafe_markup`: ``javascript:``/``data:`` links, inline handlers, scripts)
is a problem.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from mediabias.site.safety import unsafe_markup

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for key in ("src",):
            if a.get(key):
                self.resources.append(a[key])
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"])


class _Handler(http.server.SimpleHTTPRequestHandler):
    log: list[tuple[str, int]]

    def log_request(self, code="-", size="-"):
        self.log.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, *args):  # silence
        pass


def check_site(site: Path, *, chromium: str | None = None, timeout: int = 60) -> list[str]:
    """Problems found while browsing every page reachable from ``index.html`` (empty list = fine)."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise FileNotFoundError("Chromium not found: install Debian's `chromium` package")
    log: list[tuple[str, int]] = []
    handler = functools.partial(type("H", (_Handler,), {"log": log}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems, seen, queue = [], set(), ["index.html"]
    try:
        with tempfile.TemporaryDirectory() as profile:
            while queue:
                page = queue.pop(0)
                if page in seen:
                    continue
                seen.add(page)
                url = urljoin(base, page)
                done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                       "--virtual-time-budget=3000", "--dump-dom", url],
                                      capture_output=True, text=True, timeout=timeout)
                if done.returncode != 0 or "<body" not in done.stdout:
                    problems.append(f"{page}: Chromium could not render the page ({done.returncode})")
                    continue
                problems += unsafe_markup(done.stdout, page=page)  # article data never becomes live markup
                refs = _Refs()
                refs.feed(done.stdout)
                for ref in refs.links + refs.resources:
                    parsed = urlparse(urljoin(url, ref))
                    if parsed.scheme in ("data", "mailto", "javascript"):
                        continue
                    if parsed.netloc != urlparse(base).netloc:
                        problems.append(f"{page}: refers to another host: {ref}")
                        continue
                    rel = parsed.path.lstrip("/")
                    if ref in refs.links and rel.endswith(".html") and rel not in seen:
                        queue.append(rel)
                    elif not (site / rel).exists():
                        problems.append(f"{page}: broken link or missing file: {ref}")
    finally:
        server.shutdown()
        server.server_close()
    problems += [f"request answered {code}: {path}" for path, code in log if code >= 400]
    if not any(p == "/index.html" for p, _ in log):
        problems.append("index.html was never requested: the browser did not load the site")
    return sorted(set(problems))
