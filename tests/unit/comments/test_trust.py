"""Trust levels and report weights from a reader's record (comments/trust.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kibitz.comments.trust import BASIC, MEMBER, NEW, REGULAR, Record, reporter_weight, trust_level


@pytest.mark.parametrize(
    ("record", "level"),
    [
        (Record(), NEW),
        (Record(approved=3, days_active=2, age_days=1.0), BASIC),
        (Record(approved=3, days_active=1, age_days=5.0), NEW),  # one busy day is not enough
        (Record(approved=2, days_active=2, age_days=5.0), NEW),
        (Record(approved=15, days_active=10, age_days=14.0), MEMBER),
        (Record(approved=50, days_active=30, age_days=60.0, reports_upheld=3), REGULAR),
        (Record(approved=50, days_active=30, age_days=60.0, reports_upheld=2), MEMBER),
    ],
)
def test_levels_are_earned(record: Record, level: int) -> None:
    assert trust_level(record) == level


def test_rejections_take_trust_away() -> None:
    regular = Record(approved=60, days_active=40, age_days=90.0, reports_upheld=5)
    assert trust_level(regular) == REGULAR
    assert trust_level(replace(regular, rejected=1)) == MEMBER
    assert trust_level(replace(regular, rejected=7)) == BASIC  # over 1 in 10
    assert trust_level(replace(regular, rejected=20)) == NEW  # a quarter


@pytest.mark.parametrize(
    ("upheld", "dismissed", "level", "weight"),
    [
        (0, 0, NEW, 1.0),
        (0, 0, REGULAR, 3.0),
        (5, 1, NEW, 3.0),
        (5, 2, NEW, 1.0),
        (1, 2, NEW, 0.5),
        (0, 3, NEW, 0.25),
        (2, 4, REGULAR, 0.25),  # a regular whose reports are mostly wrong counts for little
    ],
)
def test_report_weight_follows_the_track_record(
    upheld: int, dismissed: int, level: int, weight: float
) -> None:
    record = Record(reports_upheld=upheld, reports_dismissed=dismissed)
    assert reporter_weight(record, level) == weight
