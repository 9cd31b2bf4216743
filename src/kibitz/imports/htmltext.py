"""Comment HTML from another system -> the markdown subset Kibitz stores as a comment's source.

Source HTML is never stored or shown as given: it is parsed into a small tree, the constructs the
Kibitz renderer knows (paragraphs, line breaks, emphasis, links, quotes, code, lists, rules) become
markdown, every other tag is dropped with its text kept (script, style and the like lose their text
too), and literal text is escaped so that `*` or `[` typed by a reader stays text. The caller then
renders the markdown through `kibitz.comments.render`, the same path as a posted comment, so the
result is sanitised by the same allow-list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "col", "source"}
_DROPPED = {"script", "style", "iframe", "object", "embed", "template", "noscript", "head", "title"}
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "figure", "table", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "center", "li",
}  # fmt: skip
_LINK_SCHEMES = {"http", "https", "mailto"}
_ESCAPED = re.compile(r"([\\`*_\[\]<>&!|~])")
_LINE_START = re.compile(r"^(\s*)([-+=#>]|\d+[.)])")
_SPACES = re.compile(r"\s+")


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """Lenient: unclosed tags close with their parent, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def html_to_markdown(html: str) -> str:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return "\n\n".join(_blocks(builder.root)).strip()


def text_to_html(text: str) -> str:
    """WordPress-style plain text (blank line = paragraph, newline = line break) as HTML."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs if p)


def _blocks(node: _Node) -> list[str]:
    """Markdown blocks for the children of `node`; runs of inline content become paragraphs."""
    blocks: list[str] = []
    run: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, _Node) and _is_block(child):
            blocks.extend(_paragraph(run))
            run = []
            blocks.extend(_block(child))
        else:
            run.append(child)
    blocks.extend(_paragraph(run))
    return blocks


def _is_block(node: _Node) -> bool:
    return node.tag in _BLOCKS or node.tag in {"blockquote", "ul", "ol", "pre", "hr"}


def _block(node: _Node) -> list[str]:
    if node.tag == "blockquote":
        inner = "\n\n".join(_blocks(node))
        return [_prefix_lines(inner, "> ", ">")] if inner else []
    if node.tag in {"ul", "ol"}:
        return _list(node)
    if node.tag == "pre":
        return [_fenced(_raw_text(node))]
    if node.tag == "hr":
        return ["---"]
    return _blocks(node)


def _paragraph(run: list[_Node | str]) -> list[str]:
    text = "".join(_inline(child) for child in run)
    lines = [line.strip() for line in text.split("\n")]
    lines = [_escape_line_start(line) for line in lines if line]
    return ["\n".join(lines)] if lines else []


def _list(node: _Node) -> list[str]:
    items: list[str] = []
    number = _start(node)
    for child in node.children:
        if not isinstance(child, _Node) or child.tag != "li":
            continue
        marker = f"{number}. " if node.tag == "ol" else "- "
        number += 1
        inner = "\n\n".join(_blocks(child)) or "\u200b"
        items.append(marker + _prefix_lines(inner, " " * len(marker), "", first=False))
    return ["\n".join(items)] if items else []


def _start(node: _Node) -> int:
    value = node.attrs.get("start", "1")
    return int(value) if value.isdigit() and len(value) < 9 else 1


def _prefix_lines(text: str, prefix: str, empty: str, *, first: bool = True) -> str:
    lines = text.split("\n")
    out = [
        line if index == 0 and not first else (prefix + line if line else empty)
        for index, line in enumerate(lines)
    ]
    return "\n".join(out)


def _inline(node: _Node | str) -> str:
    if isinstance(node, str):
        return _ESCAPED.sub(r"\\\1", _SPACES.sub(" ", node))
    if node.tag in _DROPPED or node.tag == "img":
        return ""
    if node.tag == "br":
        return "\n"
    if node.tag == "code":
        return _code_span(_raw_text(node))
    inner = "".join(_inline(child) for child in node.children)
    if node.tag in {"em", "i"}:
        return _wrap(inner, "*")
    if node.tag in {"strong", "b"}:
        return _wrap(inner, "**")
    if node.tag == "a":
        return _link(inner, node.attrs.get("href", ""))
    return inner


def _wrap(inner: str, marker: str) -> str:
    """Emphasis markers hug the text: whitespace inside them would stop them from counting."""
    stripped = inner.strip(" ")
    if not stripped or "\n" in stripped:
        return inner
    lead = " " if inner.startswith(" ") else ""
    trail = " " if inner.endswith(" ") else ""
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _link(inner: str, href: str) -> str:
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in _LINK_SCHEMES:
        return inner
    target = href.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    label = inner.strip() or _ESCAPED.sub(r"\\\1", href)
    return f"[{label}](<{target}>)"


def _code_span(text: str) -> str:
    text = _SPACES.sub(" ", text)
    if not text.strip():
        return ""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(text: str) -> str:
    text = text.strip("\n")
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _raw_text(node: _Node) -> str:
    if node.tag in _DROPPED:
        return ""
    parts = [
        child if isinstance(child, str) else ("\n" if child.tag == "br" else _raw_text(child))
        for child in node.children
    ]
    return "".join(parts)


def _escape_line_start(line: str) -> str:
    """A paragraph line that would start a list, quote or heading in markdown stays text."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    marker = match.group(2)
    escaped = marker[:-1] + "\\" + marker[-1]
    return line[: match.start(2)] + escaped + line[match.end(2) :]
