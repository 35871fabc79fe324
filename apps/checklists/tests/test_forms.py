import datetime as dt

from apps.checklists.forms import CheckInForm
from tests.field_groups import assert_same_as_templates


def test_the_check_in_form_is_written_as_the_templates_write_it():
    assert assert_same_as_templates(CheckInForm(initial={"week_start": dt.date(2026, 11, 23)}))
    assert assert_same_as_templates(CheckInForm({"week_start": "soon", "hours": "-1"})) == 3
