"""Trust levels, Discourse-style: earned from a reader's record, lost on rejections (pure).

The record is counted from rows that already exist (the reader's comments on the site and the
reports they made, with moderators' resolutions), so every moderator decision moves trust at
once and there is no second copy of the counts to drift.

| level | name    | earned by (all of)                                              |
| ----- | ------- | --------------------------------------------------------------- |
| 0     | new     | anyone; link limit and posting rate limit apply                  |
| 1     | basic   | 3 approved comments, on 2 different days, first seen 1+ day ago  |
| 2     | member  | 15 approved, 10 days active, first seen 14+ days ago             |
| 3     | regular | 50 approved, 30 days active, 60+ days, 3 reports upheld          |

Rejections take it away: any rejected comment caps the level at 2; more than 1 in 10 of the
reader's judged comments rejected caps it at 1; 3 or more rejections making up a quarter of them
put the reader back at 0.

A report's weight comes from its reporter's track record: 1.0 by default, 3.0 for a level-3
reader or one whose reports moderators keep upholding, 0.5 when more of their reports were
dismissed than upheld, 0.25 when dismissals are at least twice the upheld ones (3 or more).
"""

from __future__ import annotations

from dataclasses import dataclass

NEW, BASIC, MEMBER, REGULAR = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Record:
    """What a reader has done on one site."""

    approved: int = 0  # comments published (by the machine or a moderator)
    rejected: int = 0
    days_active: int = 0  # distinct days with a comment
    age_days: float = 0.0  # since first seen
    reports_upheld: int = 0  # their reports that moderators acted on
    reports_dismissed: int = 0


@dataclass(frozen=True, slots=True)
class Requirement:
    approved: int
    days_active: int
    age_days: float
    reports_upheld: int = 0

    def met(self, record: Record) -> bool:
        return (
            record.approved >= self.approved
            and record.days_active >= self.days_active
            and record.age_days >= self.age_days
            and record.reports_upheld >= self.reports_upheld
        )


REQUIREMENTS = {
    BASIC: Requirement(approved=3, days_active=2, age_days=1),
    MEMBER: Requirement(approved=15, days_active=10, age_days=14),
    REGULAR: Requirement(approved=50, days_active=30, age_days=60, reports_upheld=3),
}


def trust_level(record: Record) -> int:
    earned = NEW
    for level in (BASIC, MEMBER, REGULAR):
        if REQUIREMENTS[level].met(record):
            earned = level
    return min(earned, _rejection_cap(record))


def _rejection_cap(record: Record) -> int:
    if record.rejected == 0:
        return REGULAR
    share = record.rejected / (record.approved + record.rejected)
    if record.rejected >= 3 and share >= 0.25:
        return NEW
    if share > 0.1:
        return BASIC
    return MEMBER


def reporter_weight(record: Record, level: int) -> float:
    upheld, dismissed = record.reports_upheld, record.reports_dismissed
    if dismissed >= 3 and dismissed >= 2 * upheld:
        return 0.25
    if dismissed >= 2 and dismissed > upheld:
        return 0.5
    if level >= REGULAR or (upheld >= 5 and upheld >= 4 * dismissed):
        return 3.0
    return 1.0
