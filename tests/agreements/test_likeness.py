"""Texts nearly the same as a stored announcement are found by their shared bands, and need a confirmation."""

import io

from django.core.management import call_command

from agreements.imports.ingestion import import_text
from agreements.likeness import nearly_the_same
from agreements.models import Announcement, AnnouncementBand
from tests.agreements.imports.conftest import member_of

MK = "milton-keynes-council-yinchuan-zte-three-way-agreement"


def reworded(body):
    """The text with a sentence added: a corrected release, or a copy on another site."""
    return body.rstrip() + " Editor's note: this version corrects the date of the signing."


def test_a_text_nearly_the_same_as_a_stored_one_is_found_and_a_different_one_is_not(seeded):
    stored = Announcement.objects.get(slug=MK)
    assert [(a.slug, round(share, 1) >= 0.8) for a, share in nearly_the_same(reworded(stored.body))] == [(MK, True)]
    other = Announcement.objects.exclude(slug=MK).first()
    assert nearly_the_same(other.body.upper()) == [(other, 1.0)], "case and accents aside, the same words"
    assert nearly_the_same("Orbia Grid and the city of Curitiba signed a framework agreement today.") == []


def test_an_import_nearly_the_same_is_refused_with_a_link_until_confirmed(seeded):
    stored = Announcement.objects.get(slug=MK)
    refused = import_text(reworded(stored.body), title="The same release again")
    assert refused.outcome == "refused"
    assert "nearly the same" in refused.problem and stored.get_absolute_url() in refused.problem
    confirmed = import_text(reworded(stored.body), title="The same release again", even_if_alike=True)
    assert confirmed.outcome == "imported"


def test_the_admin_form_imports_a_near_copy_once_the_box_is_ticked(seeded, client, django_user_model):
    editor = member_of(client, django_user_model, "Editors")
    text = reworded(Announcement.objects.get(slug=MK).body)
    form = {"text": text, "title": "Near copy"}
    first = editor.post("/admin/agreements/announcement/import/", form)
    assert "nearly the same" in first.content.decode() and "Import it even if alike" in first.content.decode()
    editor.post("/admin/agreements/announcement/import/", {**form, "even_if_alike": "on"})
    assert Announcement.objects.filter(title="Near copy").exists()


def test_every_announcement_has_its_bands_after_a_load_and_after_a_save(seeded):
    assert AnnouncementBand.objects.values("announcement").distinct().count() == Announcement.objects.count()
    stored = Announcement.objects.get(slug=MK)
    stored.body = "An entirely different text about street lighting in Curitiba and nothing else at all."
    stored.save()
    assert nearly_the_same(stored.body) == [(stored, 1.0)]


def test_the_command_imports_a_near_copy_when_told_to(seeded, tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(reworded(Announcement.objects.get(slug=MK).body))
    call_command("import_announcement", str(path), even_if_alike=True, stdout=io.StringIO())
    assert Announcement.objects.filter(source_file="copy.txt").exists()
