from django.db import migrations, models

# Written with IF [NOT] EXISTS: a database may already have the index from when this migration
# was numbered 0003 (renumbered after 0003_activity_days, landed at the same time).
CREATE = (
    "CREATE INDEX IF NOT EXISTS event_user_at_id_idx "
    'ON checklists_progressevent ("user_id", "at", "id")'
)
DROP_OLD = "DROP INDEX IF EXISTS checklists__user_id_ba0817_idx"
CREATE_OLD = (
    "CREATE INDEX IF NOT EXISTS checklists__user_id_ba0817_idx "
    'ON checklists_progressevent ("user_id", "at")'
)


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0003_activity_days"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(CREATE, reverse_sql="DROP INDEX IF EXISTS event_user_at_id_idx"),
                migrations.RunSQL(DROP_OLD, reverse_sql=CREATE_OLD),
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="progressevent",
                    index=models.Index(fields=["user", "at", "id"], name="event_user_at_id_idx"),
                ),
                migrations.RemoveIndex(
                    model_name="progressevent", name="checklists__user_id_ba0817_idx"
                ),
            ],
        ),
    ]
