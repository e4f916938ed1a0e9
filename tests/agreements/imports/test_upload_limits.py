"""The import page refuses an oversized file without reading it whole into memory."""

from django.core.files.uploadedfile import SimpleUploadedFile

import agreements.imports.admin as import_admin
from agreements.imports.ingestion import MAX_BYTES
from agreements.models import ImportReport


def test_an_oversized_upload_is_read_no_further_than_the_limit_and_refused_with_a_report(seeded, editor, monkeypatch):
    read = []
    real_import_file = import_admin.import_file

    def import_file(name, data=None, **options):
        read.append(len(data))
        return real_import_file(name, data, **options)

    monkeypatch.setattr(import_admin, "import_file", import_file)
    big = SimpleUploadedFile("big.txt", b"a" * (MAX_BYTES + 512 * 1024))
    page = editor.post("/admin/agreements/announcement/import/", {"file": big}, follow=True).content.decode()
    assert "the limit is 2 MB" in page
    assert read and read[0] <= MAX_BYTES + 1
    assert ImportReport.objects.get(source="big.txt").outcome == "refused"
