"""Re-linking: announcements imported before a record existed get its mentions proposed, once."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.imports.ingestion import import_text
from agreements.models import Suggestion
from partners.models import Organization


def relink(slug):
    out = io.StringIO()
    call_command("relink", announcement=slug, stdout=out)
    return out.getvalue()


def test_a_record_added_after_an_import_has_its_mentions_proposed_once(seeded):
    report = import_text("Qiming Lanvel and ZTE met in Yinchuan; Qiming Lanvel will build the network.", title="Qiming")
    Organization.objects.create(name="Qiming Lanvel", slug="qiming-lanvel")
    assert "2 new mention(s) to review" in relink(report.announcement.slug)
    proposed = Suggestion.objects.filter(announcement=report.announcement, kind="mention", label="Qiming Lanvel")
    assert proposed.count() == 2 and proposed.first().candidates[0]["name"] == "Qiming Lanvel"
    assert "0 new mention(s) proposed" in relink(report.announcement.slug), "nothing is proposed twice"
    assert Suggestion.objects.filter(announcement=report.announcement, label="ZTE").count() == 1


def test_relinking_an_unknown_announcement_says_so(seeded):
    with pytest.raises(CommandError, match="No announcement has the address"):
        relink("no-such-announcement")


def test_editors_relink_the_selected_announcements_from_the_admin(seeded, editor):
    report = import_text("Orbia Grid signed with Chengdu.", title="Orbia")
    Organization.objects.create(name="Orbia Grid", slug="orbia-grid")
    response = editor.post(
        "/admin/agreements/announcement/",
        {"action": "relink_selected", "_selected_action": [report.announcement.pk]},
        follow=True,
    )
    assert "1 new mention(s) proposed for review" in response.content.decode()
    assert Suggestion.objects.filter(announcement=report.announcement, label="Orbia Grid").exists()
