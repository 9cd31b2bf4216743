"""Services, models and the pure helpers never import the web stack (STYLE: "What we take" 2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kibitz

PACKAGE = Path(kibitz.__file__).parent
WEB_MODULES = ("fastapi", "starlette", "uvicorn", "kibitz.web")
NO_WEB = [
    "db.py",
    "errors.py",
    "comments/models.py",
    "comments/service.py",
    "comments/listing.py",
    "comments/tree.py",
    "comments/render.py",
    "comments/cursor.py",
    "comments/validation.py",
    "reports/models.py",
    "reports/service.py",
    "sites/models.py",
    "sites/service.py",
    "sites/origins.py",
    "sites/demo.py",
    "imports/records.py",
    "imports/htmltext.py",
    "imports/xmlstream.py",
    "imports/disqus.py",
    "imports/wordpress.py",
    "imports/isso.py",
    "imports/remark42.py",
    "imports/kibitz_json.py",
    "imports/threads.py",
    "imports/writer.py",
    "imports/assess.py",
    "imports/service.py",
    "exports/rows.py",
    "exports/kibitz_json.py",
    "exports/disqus.py",
    "feeds/service.py",
    "feeds/xml.py",
    "comments/verdicts.py",
    "accounts/models.py",
    "accounts/service.py",
    "accounts/bans.py",
    "accounts/policy.py",
    "accounts/readers.py",
    "accounts/tokens.py",
    "accounts/sso.py",
    "accounts/privacy.py",
    "accounts/notify.py",
    "accounts/mail.py",
    "accounts/outbox.py",
    "defences/limits.py",
    "defences/gate.py",
    "defences/honeypot.py",
    "review/models.py",
    "review/schemas.py",
    "review/cursor.py",
    "review/queues.py",
    "review/items.py",
    "review/actions.py",
    "review/context.py",
    "review/audit.py",
    "review/export.py",
    "review/highlight.py",
    "review/insights.py",
    "review/charts.py",
]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", NO_WEB)
def test_no_web_imports(module: str) -> None:
    imported = _imports(PACKAGE / module)
    offending = {name for name in imported if name.startswith(WEB_MODULES)}
    assert not offending, f"{module} imports {offending}"
