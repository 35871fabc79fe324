"""The arc's geometry: wide for desktops, tall for phones, nothing outside the picture."""

from apps.curriculum.timeline import Segment, arc_picture

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
