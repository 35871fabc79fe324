from django.db import migrations

from apps.accounts import stamps

# The calendar feed (the profile, whose name mentors see, is stamped by mentoring's 0006,
# with the people on the other side of its mentorships).
TABLES = [("learners_calendarfeed", stamps.own())]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_data_stamps"),
        ("learners", "0003_job_start_and_calendar_feed"),
    ]

    operations = stamps.trigger_operations(TABLES)
