from apps.mentoring.pace import PhaseLoad, expected_done, month_expecting, pace

PHASES = [PhaseLoad(0, 2, 20, 0), PhaseLoad(2, 6, 40, 0), PhaseLoad(6, 12, 60, 0)]


def with_done(done):
    return [PhaseLoad(p.start, p.end, p.counted, d) for p, d in zip(PHASES, done, strict=True)]


def test_the_plan_expects_phases_in_proportion_to_their_time():
    assert expected_done(PHASES, 0) == 0
    assert expected_done(PHASES, 1) == 10
    assert expected_done(PHASES, 4) == 20 + 20
    assert expected_done(PHASES, 99) == 120
    assert month_expecting(PHASES, 40) == 4
    assert month_expecting(PHASES, 0) == 0


def test_on_track_behind_and_ahead_in_weeks():
    assert pace(with_done([20, 20, 0]), 4.0).label == "On track"
    # 20 items done at month 4: the plan expected that at month 2, about 8.7 weeks earlier.
    behind = pace(with_done([20, 0, 0]), 4.0)
    assert behind.behind and behind.label == "8 weeks behind"
    ahead = pace(with_done([20, 40, 0]), 4.0)
    assert ahead.weeks < 0 and ahead.label.endswith("weeks ahead")
    assert pace(with_done([0, 0, 0]), -1).label == "Not started yet"
    # After the plan's end, the end is the yardstick: nobody is "70 weeks behind" forever.
    assert pace(with_done([20, 40, 60]), 30).label == "On track"
