from django.db import migrations

from apps.accounts import stamps

# Every table of a learner's own records (apps.accounts.stamps).
TABLES = [
    (f"checklists_{name}", stamps.own())
    for name in ("itemprogress", "progressevent", "activityzone", "activityday", "bookmark",
                 "pageread", "phaseconfirmation", "weeklycheckin")
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_data_stamps"),
        ("checklists", "0004_history_index_in_its_order"),
    ]

    operations = [
        migrations.RunSQL(stamps.triggers_sql(table, users), stamps.drop_triggers_sql(table))
        for table, users in TABLES
    ]
