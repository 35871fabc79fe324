import datetime as dt
from types import SimpleNamespace

from apps.portfolio.funnel import funnel, furthest_stage

MATH = {"reply_rate_min": 10, "reply_rate_max": 20, "first_round_rate_min": 5,
        "first_round_rate_max": 10, "offer_rate_min": 1, "offer_rate_max": 3}  # fmt: skip
DAY = dt.date(2026, 11, 1)


def application(stage="applied", **dates):
    fields = {"replied_on": None, "first_round_on": None, "final_round_on": None,
              "offer_on": None}  # fmt: skip
    fields.update(dates)
    return SimpleNamespace(stage=stage, **fields)


def test_an_application_counts_up_to_the_furthest_stage_it_reached():
    assert furthest_stage(application()) == 0
    assert furthest_stage(application("final_round")) == 3
    # Rejected after a first round: the date says how far it got.
    assert furthest_stage(application("rejected", replied_on=DAY, first_round_on=DAY)) == 2
    assert furthest_stage(application("withdrawn")) == 0


def test_rates_beside_the_texts_typical_rates():
    apps = [application() for _ in range(6)] + [
        application("replied"),
        application("rejected", replied_on=DAY),
        application("first_round"),
        application("offer"),
    ]
    result = funnel(apps, MATH)
    rows = {row.key: row for row in result.rows}
    assert result.total == 10
    assert [rows[k].count for k in ["applied", "replied", "first_round", "final_round",
                                    "offer"]] == [10, 4, 2, 1, 1]  # fmt: skip
    assert rows["replied"].rate == 40.0
    assert (rows["replied"].text_min, rows["replied"].text_max) == (10, 20)
    assert rows["final_round"].text_min is None
    assert rows["offer"].rate == 10.0
    assert rows["applied"].width > rows["replied"].width > rows["offer"].width > 0
    assert "10 applications" in result.summary and "Offer: 1 (10%)" in result.summary


def test_an_empty_funnel_is_all_zero():
    result = funnel([], MATH)
    assert result.total == 0
    assert all(row.rate == 0 and row.width == 0 for row in result.rows)
