"""The two roles of the knowledge base, as groups: Editors and Reviewers.

Editors add, change and delete partner, agreement, announcement and citation
records (every record model of the partners and agreements apps) and manage
no users or groups. Reviewers can do the same and, once suggestions exist,
accept or reject them (a later migration adds those permissions).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Reviewers"]
RECORD_APPS = ["partners", "agreements"]
NOT_EDITED = {"dataversion", "announcementmention"}  # worked out from the records, never edited


def create_groups(apps, schema_editor):
    # Permissions are otherwise created after all migrations have run; the groups need them now.
    for label in ["auth", "contenttypes", *RECORD_APPS]:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    permission = apps.get_model("auth", "Permission")
    records = permission.objects.filter(content_type__app_label__in=RECORD_APPS).exclude(
        content_type__model__in=NOT_EDITED
    )
    for name in GROUPS:
        group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=name)
        group.permissions.add(*records)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_fill_announcement_mentions"),
        ("partners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
