"""Markdown source -> safe HTML for a comment.

markdown-it-py parses a small subset (emphasis, links, quotes, code, lists); raw HTML is never
parsed, so `<script>` in a body stays visible text. nh3 then sanitises with an allow-list as a
second line of defence, and every link opens in a new tab with `rel="nofollow ugc noopener"` so
comment links pass no ranking and no window handle.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "hr",
}
LINK_REL = "nofollow ugc noopener"
URL_SCHEMES = {"http", "https", "mailto"}
# Headings and images would let one comment shout over the page or load third-party content.
_DISABLED_RULES = ["heading", "lheading", "image", "html_block", "html_inline"]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    parser.disable(_DISABLED_RULES)
    return parser


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Sanitised HTML for a comment body; deterministic, so it can be stored and re-rendered."""
    html = _markdown().render(source)
    return str(_cleaner().clean(html)).strip()
