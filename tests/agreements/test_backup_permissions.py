"""A backup holds every user's password hash: only its owner may read it."""

import os
import stat

from django.contrib.auth.models import User
from django.core.management import call_command


def test_a_backup_is_readable_by_its_owner_only(seeded, tmp_path, capsys):
    User.objects.create_user("edith", password="a-long-password")
    backup = tmp_path / "backup.json"
    backup.write_text("an older backup, made readable by all")
    backup.chmod(0o644)
    previous = os.umask(0o022)  # the usual umask, which gives a new file 0644
    try:
        call_command("backup", str(backup))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "pbkdf2_sha256$" in backup.read_text() or "md5$" in backup.read_text()
    assert "readable by you only" in capsys.readouterr().out


def test_a_new_backup_file_is_never_readable_by_others_even_for_a_moment(seeded, tmp_path):
    backup = tmp_path / "new-backup.json"
    previous = os.umask(0o000)
    try:
        call_command("backup", str(backup))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
