from django.db import migrations

from apps.accounts import stamps

TABLES = [
    *((f"portfolio_{name}", stamps.own())
      for name in ("project", "paperread", "contribution", "publicpost", "application",
                   "interviewpractice", "behavioralstory", "publicfootprint")),
    ("portfolio_polishcheck",
     "SELECT p.user_id FROM {rows} AS c JOIN portfolio_project AS p ON p.id = c.project_id"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_data_stamps"),
        ("portfolio", "0003_carry_rubric_ticks_to_records"),
    ]

    operations = stamps.trigger_operations(TABLES)
