from django.db import migrations


class Migration(migrations.Migration):
    """DataVersion now belongs to citykb.core, which takes over its table (core 0001)."""

    dependencies = [
        ("agreements", "0008_imports_and_suggestions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="DataVersion")]),
    ]
