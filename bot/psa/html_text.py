"""Ticket text as words: HTML from a PSA (Halo's emailed tickets, rich-text notes) turned into plain lines.

Uses the standard library's ``html.parser``: ``<style>``/``<script>``/``<head>`` content is dropped (Outlook's
``p.MsoNormal {…}`` rules never reach a card or a prompt), block elements and ``<br>`` become line breaks,
entities are decoded. Text with no tags at all is returned as it came, apart from trimmed blank lines.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

DROPPED = {"style", "script", "head", "title", "template", "noscript"}
BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "dl",
}  # fmt: skip
BLOCK_EDGE = "\x00"
EDGES = re.compile(r"[ \t]*\x00[\s\x00]*")
LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&[a-zA-Z]+;|&#\d+;")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in DROPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append(BLOCK_EDGE)
        if tag == "li" and not self._skipping:
            self.parts.append("• ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCKS and tag != "br":
            self.parts.append(BLOCK_EDGE)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(value: str | None) -> str | None:
    """Plain text for a card, flow ranking and the AI; None when nothing readable is left."""
    if not isinstance(value, str) or not value.strip():
        return None
    if not LOOKS_LIKE_HTML.search(value):
        return _tidy(value.splitlines())
    collector = _TextCollector()
    collector.feed(value)
    collector.close()
    # Inside a block, HTML whitespace (source newlines included) is one space; a <br> is a line break;
    # the edges between blocks are one line break however many of them meet.
    text = "".join(part if part in ("\n", BLOCK_EDGE) else " ".join(part.split("\n")) for part in collector.parts)
    text = EDGES.sub("\n", text)
    return _tidy(" ".join(line.split()) for line in text.split("\n"))


def text_to_html(text: str) -> str:
    """A plain-text note as the HTML Halo renders in its actions: escaped, one paragraph per blank-line block."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join("<p>" + "<br>".join(escape(line) for line in p.splitlines()) + "</p>" for p in paragraphs)


def _tidy(lines) -> str | None:
    """Drop leading/trailing blank lines and collapse runs of blank lines to one."""
    out: list[str] = []
    for line in (str(line).rstrip() for line in lines):
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) or None
