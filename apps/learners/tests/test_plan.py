"""The plan math: every bucket, full time and part time, the slumps and today's position."""

import datetime as dt

import pytest

from apps.learners.plan import (
    BucketSpec,
    PhaseSpec,
    SlumpSpec,
    build_plan,
    date_after,
    part_time_extra_percent,
    position_on,
    slump_near,
)

BUCKETS = {
    "A": BucketSpec("A", 12, 18, 4, 6),
    "B": BucketSpec("B", 9, 12),
    "C": BucketSpec("C", 6, 9),
    "D": BucketSpec("D", 3, 6),
}
PHASES = [
    PhaseSpec("foundation", "Foundation", 1, 2),
    PhaseSpec("hands-on-ml", "Hands-on ML and DL", 3, 5),
    PhaseSpec("specialization-portfolio", "Specialization + portfolio", 6, 9),
    PhaseSpec("job-search", "Job search", 10, 12),
]
SLUMPS = [SlumpSpec(2, "too much", "push"), SlumpSpec(6, "not hireable", "fine"),
          SlumpSpec(10, "no replies", "don't stop")]  # fmt: skip
START = dt.date(2026, 1, 1)


def plan(letter: str, hours: int = 40, start: dt.date = START):
    return build_plan(
        bucket=BUCKETS[letter], phases=PHASES, slumps=SLUMPS, start_date=start,
        hours_per_week=hours,
    )  # fmt: skip


def lengths(p):
    return [phase.end - phase.start for phase in p.phases]


@pytest.mark.parametrize(
    ("hours", "extra"),
    [(1, 100), (10, 100), (15, 100), (17, 80), (20, 50), (30, 25), (40, 0), (60, 0), (80, 0)],
)
def test_part_time_adds_50_to_100_percent(hours, extra):
    assert part_time_extra_percent(hours) == pytest.approx(extra)


def test_hours_must_be_positive():
    with pytest.raises(ValueError):
        part_time_extra_percent(0)


@pytest.mark.parametrize(
    ("letter", "total", "before_ai", "phase_lengths"),
    [
        # A: the AI-specific layer is the last 4-6 months of 12-18.
        ("A", 15, 10, [10, 1.5, 2, 1.5]),
        # B, C, D: the AI phases keep their share of the arc (10 of 12 months).
        ("B", 10.5, 1.75, [1.75, 2.625, 3.5, 2.625]),
        ("C", 7.5, 1.25, [1.25, 1.875, 2.5, 1.875]),
        ("D", 4.5, 0.75, [0.75, 1.125, 1.5, 1.125]),
    ],
)
def test_full_time_plan_for_every_bucket(letter, total, before_ai, phase_lengths):
    p = plan(letter)
    assert p.total_months == pytest.approx(total)
    assert p.months_before_ai == pytest.approx(before_ai)
    assert lengths(p) == pytest.approx(phase_lengths)
    assert p.phases[0].start == 0
    assert p.phases[-1].end == pytest.approx(total)
    for earlier, later in zip(p.phases, p.phases[1:], strict=False):
        assert earlier.end == pytest.approx(later.start)
        assert earlier.end_date == later.start_date


@pytest.mark.parametrize(
    ("letter", "hours", "total"),
    [("A", 15, 30), ("B", 20, 15.75), ("C", 10, 15), ("D", 30, 5.625), ("C", 17, 13.5)],
)
def test_part_time_stretches_every_phase(letter, hours, total):
    full, part = plan(letter), plan(letter, hours)
    assert part.total_months == pytest.approx(total)
    ratio = part.total_months / full.total_months
    assert lengths(part) == pytest.approx([length * ratio for length in lengths(full)])


def test_plan_dates_follow_the_start_date():
    p = plan("C")
    assert p.start_date == START
    assert p.end_date == date_after(START, 7.5) == dt.date(2026, 8, 17)


def test_slumps_fall_at_the_same_point_of_their_phase():
    p = plan("C")
    spans = [(round(s.start, 4), round(s.end, 4)) for s in p.slumps]
    assert spans == [(0.625, 1.25), (3.125, 3.75), (5.625, 6.25)]
    assert [s.arc_month for s in p.slumps] == [2, 6, 10]
    twelve = build_plan(
        bucket=BucketSpec("X", 12, 12), phases=PHASES, slumps=SLUMPS, start_date=START,
        hours_per_week=40,
    )  # fmt: skip
    assert [(s.start, s.end) for s in twelve.slumps] == [(1, 2), (5, 6), (9, 10)]


def test_position_before_during_and_after_the_plan():
    p = plan("C")
    before = position_on(p, START - dt.timedelta(days=3))
    assert (before.started, before.days_until_start, before.phase_index) == (False, 3, None)
    first_day = position_on(p, START)
    assert (first_day.month_number, first_day.phase_index) == (1, 0)
    day_40 = position_on(p, START + dt.timedelta(days=40))
    assert (day_40.month_number, day_40.phase_index) == (2, 1)
    last_phase = position_on(p, dt.date(2026, 8, 1))
    assert last_phase.phase_index == 3 and not last_phase.finished
    after = position_on(p, dt.date(2027, 1, 1))
    assert after.finished and after.phase_index == 3


def test_slump_warning_starts_two_weeks_ahead_and_ends_with_the_slump():
    p = plan("C")
    slump = p.slumps[1]
    assert slump_near(p, slump.start_date - dt.timedelta(days=15)) is None
    assert slump_near(p, slump.start_date - dt.timedelta(days=14)) == slump
    assert slump_near(p, slump.end_date - dt.timedelta(days=1)) == slump
    assert slump_near(p, slump.end_date) is None


def test_confirmed_readiness_moves_the_current_phase_on_but_never_back():
    from apps.learners.plan import current_phase_index

    p = plan("C")
    ids = [1, 2, 3, 4]
    start = position_on(p, START)
    assert current_phase_index(start, ids, set()) == 0
    assert current_phase_index(start, ids, {1}) == 1
    assert current_phase_index(start, ids, {2}) == 0  # phase 1 not confirmed yet
    assert current_phase_index(start, ids, {1, 2, 3, 4}) == 3
    late = position_on(p, dt.date(2026, 8, 1))
    assert current_phase_index(late, ids, set()) == 3
