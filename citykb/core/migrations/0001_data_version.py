import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    """DataVersion moves here from the agreements app: its table is taken over as it is, then renamed."""

    initial = True

    dependencies = [
        ("agreements", "0009_data_version_moved_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.UUIDField(default=uuid.uuid4)),
                    ],
                    options={"db_table": "agreements_dataversion"},
                ),
            ],
        ),
        migrations.AlterModelTable(name="dataversion", table=None),
    ]
