"""Find live markup in built pages that the site itself did not write: the check behind "article data
never becomes a link, a handler or a script".

:func:`unsafe_markup` reads one page's HTML (a file, or the DOM Chromium dumps after scripts ran) and
reports every

* link or resource whose URL uses the ``javascript:``, ``vbscript:`` or ``data:`` scheme (as a browser
  reads it: entities decoded, tabs/newlines/control characters inside the URL ignored, any case),
  except the two ``data:`` URLs the site writes itself (:data:`SITE_DATA_URLS`: nbconvert's embedded
  figures in ``<img src>``, and the empty favicon);
* inline event handler (an ``on...`` attribute, ``onclick``, ``onerror``, ...);
* ``<script>`` element other than the layer switches the site writes on its article pages and ``<iframe>``, ``<object>``,
  ``<embed>``, ``<base>``, ``<form>`` or ``<meta http-equiv=refresh>``, none of which the site writes.

:func:`check_site_files` runs it on every page of a built site without a browser;
:func:`mediabias.site.check.check_site` runs it on the DOM in headless Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from mediabias.site import pages

#: Attributes holding a URL that a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                            "cite", "longdesc", "srcset", "ping", "manifest", "icon", "lowsrc", "dynsrc"})
#: Elements the site never writes.
#: The script texts the site itself writes (the article pages' layer switches).
SITE_SCRIPTS = (pages.SCRIPT,)
FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed", "base", "form", "frame", "frameset", "applet"})
#: ``(tag, attribute, pattern)`` of the ``data:`` URLs the site writes itself.
SITE_DATA_URLS = (
    ("img", "src", re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*")),  # nbconvert's embedded figures
    ("link", "href", re.compile(r"data:,")),                                            # the empty favicon
)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def url_scheme(url: str) -> str:
    """The scheme a browser sees in ``url`` (lowercase; ``""`` for a relative URL).

    >>> url_scheme(" JaVa\\tScRiPt:alert(1)"), url_scheme("figures/a.png"), url_scheme("https://x.org/")
    ('javascript', '', 'https')
    """
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", _IGNORED_IN_URL.sub("", url))
    return m.group(1).lower() if m else ""


class _Scanner(HTMLParser):
    def __init__(self, page: str, allowed_scripts: frozenset[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.problems: list[str] = []
        self.allowed_scripts = allowed_scripts
        self.script: list[str] | None = None  # the text of the <script> being read

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            if "".join(self.script).strip() not in self.allowed_scripts:
                self._report("<script> element the site did not write")
            self.script = None

    def _report(self, what: str) -> None:
        self.problems.append(f"{self.page}: {what}")

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not attrs and self.allowed_scripts:
            self.script = []  # judged at its end tag: allowed only when its text is one the site writes
        elif tag in FORBIDDEN_TAGS:
            self._report(f"<{tag}> element the site did not write")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._report(f"inline event handler {name}={value[:60]!r} on <{tag}>")
            elif tag == "meta" and name == "http-equiv" and value.strip().lower() == "refresh":
                self._report("<meta http-equiv=refresh> the site did not write")
            elif name in URL_ATTRIBUTES or name == "style" and "url(" in value.lower():
                urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", value, flags=re.I) if name == "style" else [value]
                for url in urls:
                    scheme = url_scheme(url)
                    if scheme in ("javascript", "vbscript"):
                        self._report(f"{scheme}: URL in <{tag} {name}>: {url[:80]!r}")
                    elif scheme == "data" and not any(t == tag and a == name and p.fullmatch(url.strip())
                                                      for t, a, p in SITE_DATA_URLS):
                        self._report(f"data: URL in <{tag} {name}>: {url[:80]!r}")


def unsafe_markup(page_html: str, *, page: str = "page", allowed_scripts=SITE_SCRIPTS) -> list[str]:
    """Every live link, handler or script in one page that the site did not write (empty = safe).

    The only scripts the site writes are the layer switches of the article pages (:data:`SITE_SCRIPTS`, compared
    by their whole text); any other ``<script>``, or one with attributes (``src=``), is reported."""
    scanner = _Scanner(page, frozenset(s.strip() for s in allowed_scripts))
    scanner.feed(page_html)
    scanner.close()
    return scanner.problems


def check_site_files(site: Path) -> list[str]:
    """:func:`unsafe_markup` over every ``.html`` file of a built site (no browser needed)."""
    problems = []
    for path in sorted(Path(site).rglob("*.html")):
        problems += unsafe_markup(path.read_text(encoding="utf-8"), page=str(path.relative_to(site)))
    return problems
