"""Fill the mention index for announcements that were stored before it existed."""

from django.db import migrations

# (kind, app, model, alias model, alias field): as agreements.mentions.MENTIONABLE, frozen here.
MENTIONABLE = [
    ("organization", "partners", "Organization", "OrganizationAlias", "organization"),
    ("city", "partners", "City", "CityAlias", "city"),
    ("person", "partners", "Person", "PersonAlias", "person"),
    ("event", "agreements", "Event", "EventAlias", "event"),
    ("initiative", "agreements", "Initiative", "InitiativeAlias", "initiative"),
]


def fill(apps, schema_editor):
    from agreements.mentions import Known, mentioned_records

    names = {}
    for kind, app, model, alias_model, alias_field in MENTIONABLE:
        aliases = {}
        for owner, alias in apps.get_model(app, alias_model).objects.values_list(alias_field, "name"):
            aliases.setdefault(owner, []).append(alias)
        for pk, name in sorted(apps.get_model(app, model).objects.values_list("pk", "name"), key=lambda r: r[1]):
            for spelling in [name, *sorted(aliases.get(pk, []))]:
                names.setdefault(spelling.casefold(), Known(kind, pk, name, ""))
    mention = apps.get_model("agreements", "AnnouncementMention")
    rows = [
        mention(announcement_id=pk, kind=kind, record_id=record)
        for pk, body in apps.get_model("agreements", "Announcement").objects.values_list("pk", "body").iterator()
        for kind, record in sorted(mentioned_records(body, names))
    ]
    mention.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_announcement_mentions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
