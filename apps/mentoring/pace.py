"""How far a learner is from their dated plan, in weeks. Pure functions, no database.

The plan gives each phase a stretch of months; the roadmap gives each phase its items. By a
given day the plan expects every past phase done and the current one done in proportion to
the time spent in it. A learner's done items are placed on that same curve: the day the plan
expected exactly that many done is where they are, and the distance to today is how far
behind (or ahead) they are. Phases differ in size, so this is fairer than comparing one
overall percentage with the share of the year gone by."""

from __future__ import annotations

from dataclasses import dataclass

from apps.learners.plan import DAYS_PER_MONTH

ON_TRACK_WEEKS = 1  # a week either way is noise, not news


@dataclass(frozen=True)
class PhaseLoad:
    start: float  # months from the plan's start
    end: float
    counted: int  # items the phase counts
    done: int


@dataclass(frozen=True)
class Pace:
    started: bool
    weeks: int  # > 0 behind, < 0 ahead, 0 on track

    @property
    def behind(self) -> bool:
        return self.weeks > 0

    @property
    def label(self) -> str:
        if not self.started:
            return "Not started yet"
        if self.weeks > 0:
            return f"{self.weeks} week{'s' if self.weeks != 1 else ''} behind"
        if self.weeks < 0:
            return f"{-self.weeks} week{'s' if self.weeks != -1 else ''} ahead"
        return "On track"


def expected_done(phases: list[PhaseLoad], months: float) -> float:
    """How many items the plan expects done ``months`` after the start."""
    total = 0.0
    for phase in phases:
        length = phase.end - phase.start
        share = 1.0 if length <= 0 else (months - phase.start) / length
        total += phase.counted * min(1.0, max(0.0, share))
    return total


def month_expecting(phases: list[PhaseLoad], done: int) -> float:
    """The point of the plan (in months) by which it expects ``done`` items done."""
    remaining = done
    for phase in phases:
        if phase.counted == 0:
            continue
        if remaining <= phase.counted:
            return phase.start + (phase.end - phase.start) * remaining / phase.counted
        remaining -= phase.counted
    return phases[-1].end if phases else 0.0


def pace(phases: list[PhaseLoad], months_elapsed: float) -> Pace:
    if months_elapsed < 0 or not phases:
        return Pace(started=False, weeks=0)
    done = sum(p.done for p in phases)
    today = min(months_elapsed, phases[-1].end)
    where = month_expecting(phases, done)
    weeks = (today - where) * DAYS_PER_MONTH / 7
    if abs(weeks) <= ON_TRACK_WEEKS:
        return Pace(started=True, weeks=0)
    return Pace(started=True, weeks=int(weeks) if weeks > 0 else -int(-weeks))
