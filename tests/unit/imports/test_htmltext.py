"""Source HTML -> markdown source: what the renderer makes of it again, and what never survives."""

from __future__ import annotations

import pytest

from kibitz.comments.render import render_markdown
from kibitz.imports.htmltext import html_to_markdown, text_to_html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>Hello <b>world</b> &amp; <i>you</i></p>",
            "<p>Hello <strong>world</strong> &amp; <em>you</em></p>",
        ),
        ("<p>1. not a list<br>- nor this</p>", "<p>1. not a list<br>\n- nor this</p>"),
        ("<p>*stars* and [brackets]</p>", "<p>*stars* and [brackets]</p>"),
        ('<a href="javascript:alert(1)">x</a><script>alert(2)</script>', "<p>x</p>"),
        ('<img src="x" onerror="alert(1)"><p>after</p>', "<p>after</p>"),
        ("<ol start=3><li>c</li></ol>", '<ol start="3">\n<li>c</li>\n</ol>'),
        ("<p>مرحبا 👋</p>", "<p>مرحبا 👋</p>"),
    ],
)
def test_rendered_result(html: str, expected: str) -> None:
    assert render_markdown(html_to_markdown(html)) == expected


@pytest.mark.parametrize(
    "source",
    [
        "Plain *emphasis*, **strong**, `code` and a [link](https://example.com/?a=1&b=2).",
        "> quoted\n> twice\n\nreply\nwith a break",
        "- one\n- two\n\n1. first\n2. second",
        "```\nblock <b>code</b>\n  indented\n```",
        "Looks like markup: <script>x</script> # 1. a_b",
    ],
)
def test_kibitz_html_converts_back_to_the_same_html(source: str) -> None:
    html = render_markdown(source)
    assert render_markdown(html_to_markdown(html)) == html


def test_wordpress_text_paragraphs_and_breaks() -> None:
    assert text_to_html("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"
