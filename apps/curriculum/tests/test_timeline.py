"""The arc's geometry: wide for desktops, tall for phones, nothing outside the picture."""

import pytest
from django.template.loader import render_to_string

from apps.curriculum.timeline import Segment, arc_picture, arc_svg

PHASES = [Segment("Foundation", 0, 2), Segment("Hands-on ML and DL", 2, 5),
          Segment("Specialization + portfolio", 5, 9), Segment("Job search", 9, 12)]  # fmt: skip


def test_the_tall_arc_keeps_every_band_and_marker_inside_the_picture():
    picture = arc_picture(PHASES, 12, slumps=[(2.5, "Month 3")], today=0)
    tall = picture.tall
    assert [band.label for band in tall.bands][0] == "Foundation"
    for band in tall.bands:
        assert band.x >= 0 and band.x + band.width <= tall.height
    assert all(0 <= marker.x <= tall.height for marker in tall.markers)
    assert {marker.label for marker in tall.markers} == {"Month 3", "Today"}
    # Labels sit right of the bands, in room enough for "Slump (Aug 2026)" at 12 px.
    assert tall.width - tall.label_x >= 110


def test_a_long_plan_stays_a_phone_screen_or_two_tall():
    long_plan = [Segment(s.title, s.start * 2, s.end * 2) for s in PHASES]
    assert arc_picture(long_plan, 24).tall.height <= 520


@pytest.mark.parametrize(
    ("total", "today", "slumps", "caption"),
    [
        (12.7, 0.1, [(3, "Slump (Jan 2026)")], ""),
        (12.7, 12.6, [], "A caption & <more>"),
        (30, 5.5, [(3.3, "a"), (7.1, 'b"<')], ""),
        (12.7, None, [(0.2, "x"), (12.5, "y")], "The 12-month arc"),
        (4, 2.0, [], ""),
    ],
)
def test_the_arc_in_python_is_the_arc_the_template_drew(total, today, slumps, caption):
    """``arc_svg`` replaces the include on the dashboard: byte for byte the same markup."""
    titles = ["Foundations & <maths>", "Core ML", "Deep learning", "Job search"]
    bounds = [0, 2.5, 6.3, 9, 12.7]
    segments = [
        Segment(title, bounds[n] * total / 12.7, bounds[n + 1] * total / 12.7)
        for n, title in enumerate(titles)
    ]
    picture = arc_picture(segments, total_months=total, slumps=slumps, today=today)
    context = {"picture": picture, "svg_id": "plan-arc", "svg_title": "Your <plan>",
               "caption": caption}  # fmt: skip
    assert arc_svg(picture, svg_id="plan-arc", svg_title="Your <plan>", caption=caption) == (
        render_to_string("includes/arc_svg.html", context)
    )
