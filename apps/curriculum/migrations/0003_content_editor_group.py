from django.contrib.auth.management import create_permissions
from django.db import migrations

from apps.curriculum.roles import CONTENT_EDITORS, sync_content_editor_group


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_content_editor_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CONTENT_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0002_content_changes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
