"""What an import did (or, with --dry-run, would do): the figures the CLI prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_SKIPPED_EXAMPLES = 20


@dataclass
class Summary:
    source: str
    site: str
    dry_run: bool = False
    site_created: bool = False
    threads_created: int = 0
    threads_existing: int = 0
    comments: int = 0  # comments written (replies included)
    replies: int = 0  # written with their parent
    orphans: int = 0  # replies whose parent is missing: written as top-level comments
    duplicates: int = 0  # already imported by an earlier run, or repeated in the file
    by_status: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_examples: list[str] = field(default_factory=list)
    assessed: int = 0
    flagged: Counter[str] = field(default_factory=Counter)  # rule -> comments flagged
    decisions: Counter[str] = field(default_factory=Counter)  # decision -> comments
    status_changes: int = 0  # --apply-verdicts: comments whose status the verdict changed

    def skip(self, reason: str, line: int, detail: str = "") -> None:
        self.skipped[reason] += 1
        if len(self.skipped_examples) < MAX_SKIPPED_EXAMPLES:
            example = f"{reason} ({detail})" if detail else reason
            self.skipped_examples.append(f"line {line}: {example}" if line else example)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "site": self.site,
            "dry_run": self.dry_run,
            "site_created": self.site_created,
            "threads": {"created": self.threads_created, "existing": self.threads_existing},
            "comments": self.comments,
            "replies": self.replies,
            "orphans": self.orphans,
            "duplicates": self.duplicates,
            "by_status": dict(sorted(self.by_status.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "skipped_examples": list(self.skipped_examples),
            "assessment": {
                "assessed": self.assessed,
                "flagged": dict(sorted(self.flagged.items())),
                "decisions": dict(sorted(self.decisions.items())),
                "status_changes": self.status_changes,
            },
        }
