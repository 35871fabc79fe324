from django.db import migrations, models

from apps.accounts import stamps


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataStamp",
            fields=[
                ("user_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("value", models.BigIntegerField()),
            ],
        ),
        migrations.RunSQL(stamps.FUNCTIONS_SQL, stamps.DROP_FUNCTIONS_SQL),
    ]
