import hashlib
import unicodedata

from django.db import migrations, models


def content_hash(text):
    # As agreements.models.content_hash, frozen here.
    words = unicodedata.normalize("NFC", text).replace("\ufeff", "").split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def rehash(apps, schema_editor):
    """Every announcement's hash taken anew over its words; of texts that are now the same, the first keeps
    its hash and the others none (they stay, and an editor can merge or delete them)."""
    announcement_model = apps.get_model("agreements", "Announcement")
    seen = set()
    for announcement in announcement_model.objects.order_by("pk").only("pk", "body").iterator(chunk_size=500):
        digest = content_hash(announcement.body)
        announcement_model.objects.filter(pk=announcement.pk).update(content_hash="" if digest in seen else digest)
        seen.add(digest)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0009_data_version_moved_to_core"),
    ]

    operations = [
        migrations.RunPython(rehash, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="announcement",
            name="content_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="historicalannouncement",
            name="content_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name="announcement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("content_hash", ""), _negated=True),
                fields=("content_hash",),
                name="unique_announcement_text",
            ),
        ),
    ]
