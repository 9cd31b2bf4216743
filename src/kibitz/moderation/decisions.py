"""The site's own moderators' decisions as a training source (`moderation train --decisions`).

Reads the JSON lines `kibitz moderation export-decisions` writes (`{"id", "text", "action",
"rule", "label", …}`) and maps each onto the rule heads:

- a removal naming a rule R (reject, suspend, ban, shadow-ban) -> R positive, the other heads
  left out: removing for spam says nothing about whether the text was also rude;
- a kept comment (approve, feature) -> every rule head negative: a moderator read it and found
  nothing wrong;
- edit-and-approve -> no row: the exported text is the original, which the moderator had to
  correct, so it was not clean, yet no rule was named;
- a removal naming no rule, or one with no head (doxing is a detector; `illegal`, `other`) ->
  no row: there is nothing to teach.

Rows are split with the same text hash as the public sets, so some decisions are held out.
Pure: no database and no web; the file is the only input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kibitz.moderation.datasets import RULE_HEADS, Row, hash_split

SOURCE = "moderator-decisions"


class DecisionsFileError(ValueError):
    """A decisions file that is not what `export-decisions` writes."""


def labels_for(record: dict[str, Any]) -> dict[str, int] | None:
    """The heads one exported decision labels, or None when it teaches nothing."""
    label = record.get("label")
    if record.get("action") == "edit_approve":
        return None
    if label == "keep":
        return dict.fromkeys(RULE_HEADS, 0)
    if label == "remove":
        rule = record.get("rule")
        return {rule: 1} if rule in RULE_HEADS else None
    raise DecisionsFileError(f"label must be 'keep' or 'remove', not {label!r}")


def rows_from_records(records: Iterable[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for record in records:
        text = str(record.get("text") or "").strip()
        labels = labels_for(record)
        if text and labels is not None:
            rows.append(Row(text, SOURCE, labels, hash_split(text)))
    return rows


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DecisionsFileError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise DecisionsFileError(f"{path}:{number}: expected a JSON object")
            if record.get("label") not in ("keep", "remove"):
                raise DecisionsFileError(f"{path}:{number}: label must be 'keep' or 'remove'")
            yield record


def load_decisions(paths: Iterable[Path]) -> list[Row]:
    """Every usable decision in the files, in order; the same comment exported twice (two files
    from different dates) counts once, its last decision winning."""
    latest: dict[tuple[str, Any], dict[str, Any]] = {}
    for path in paths:
        for record in _records(path):
            key = (str(record.get("site", "")), record.get("id"))
            latest.pop(key, None)  # re-insert: the order follows the last decision
            latest[key] = record
    return rows_from_records(latest.values())
