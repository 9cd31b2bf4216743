"""Markdown subset and sanitising: what a comment body may become in HTML."""

from __future__ import annotations

import re

import pytest

from kibitz.comments.render import ALLOWED_TAGS, render_markdown


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("`x = 1`", "<p><code>x = 1</code></p>"),
        ("```\n<b>\n```", "<pre><code>&lt;b&gt;\n</code></pre>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("3. c\n4. d", '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
        ("# Not a heading", "<p># Not a heading</p>"),
    ],
)
def test_markdown_subset(source: str, html: str) -> None:
    assert render_markdown(source) == html


def test_links_get_rel_and_target() -> None:
    assert render_markdown("[site](https://example.org/a?b=1)") == (
        '<p><a href="https://example.org/a?b=1" target="_blank" '
        'rel="nofollow ugc noopener">site</a></p>'
    )


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://evil.example'></iframe>",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<style>body{display:none}</style>",
    ],
)
def test_html_and_script_stay_inert(source: str) -> None:
    html = render_markdown(source)
    assert not re.search(r"<(script|img|iframe|style)", html)
    assert not re.search(r'<a [^>]*href="(javascript|data):', html)
    assert set(re.findall(r"<(\w+)", html)) <= ALLOWED_TAGS


def test_images_are_not_embedded() -> None:
    html = render_markdown("![pixel](https://tracker.example/p.png)")
    assert "<img" not in html
    assert 'href="https://tracker.example/p.png"' in html
