"""Running Django code in a process of its own, on a database of its own (not the test database)."""

import os
import socket
import subprocess
import sys

from django.conf import settings


def django_environment(database_url, index_dir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "citykb.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(index_dir),
        "SEARCH_BACKEND": "whoosh",
    }


def start_django(code, environment, **popen):
    """A process that sets Django up and runs `code`."""
    return subprocess.Popen(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=settings.BASE_DIR,
        env=environment,
        text=True,
        **popen,
    )


def run_django(code, environment):
    """Run `code` in a Django process to its end: (exit code, everything it printed)."""
    process = start_django(code, environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = process.communicate(timeout=600)
    return process.returncode, "\n".join(line for line in output.splitlines() if not line.startswith("AXES"))


def manage(environment, *arguments):
    """A management command in a process of its own: (exit code, output)."""
    return run_django(
        f"from django.core.management import call_command\ncall_command(*{list(arguments)!r})", environment
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
