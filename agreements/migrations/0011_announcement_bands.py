import django.db.models.deletion
from django.db import migrations, models


def store_bands(apps, schema_editor):
    # The bands are a pure function of each text (agreements.likeness), written for every stored one.
    from agreements.likeness import bands, signature

    announcement_model = apps.get_model("agreements", "Announcement")
    band_model = apps.get_model("agreements", "AnnouncementBand")
    batch = []
    for announcement in announcement_model.objects.only("id", "body").iterator(chunk_size=500):
        batch += [
            band_model(announcement_id=announcement.pk, band=band, bucket=bucket)
            for band, bucket in bands(signature(announcement.body))
        ]
        if len(batch) >= 4000:
            band_model.objects.bulk_create(batch)
            batch = []
    band_model.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0010_announcement_text_unique"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnnouncementBand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("band", models.PositiveSmallIntegerField()),
                ("bucket", models.BigIntegerField()),
                (
                    "announcement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="agreements.announcement"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["band", "bucket"], name="announcement_band")],
            },
        ),
        migrations.RunPython(store_bands, migrations.RunPython.noop),
    ]
