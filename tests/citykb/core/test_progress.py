"""The progress shown by long commands: a bar on a terminal, plain lines elsewhere, nothing at verbosity 0."""

import io

from citykb.core.progress import Progress, track


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_bar_redrawn_in_place_with_count_rate_and_time_left():
    screen = Terminal()
    assert list(track(range(35), screen, total=35, desc="Indexing", unit="records")) == list(range(35))
    shown = screen.getvalue()
    assert "\r" in shown and "|" in shown, "a bar, redrawn with carriage returns"
    last = shown.split("\r")[-1]
    assert "Indexing: 100%" in last and "35/35" in last and "records/s" in last


def test_a_log_gets_plain_lines_with_the_same_figures():
    log = io.StringIO()
    with Progress(log, total=35, desc="Indexing", unit="records", every=0) as progress:
        for _ in progress.iterate(range(35)):
            pass
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert lines[0].startswith("Indexing: 0/35 (0%)")
    assert lines[1].startswith("Indexing: 1/35 (3%)")
    assert lines[-1].startswith("Indexing: 35/35 (100%)") and "records/s" in lines[-1]


def test_a_log_is_not_flooded_between_lines():
    log = io.StringIO()
    list(track(range(1000), log, total=1000, desc="Indexing", unit="records"))
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("Indexing: 0/1000") and lines[-1].startswith("Indexing: 1000/1000")
    assert len(lines) < 10


def test_an_unknown_total_shows_the_count_alone():
    log = io.StringIO()
    with Progress(log, total=None, desc="Loading", unit="rows") as progress:
        progress.update(3)
    assert log.getvalue().splitlines()[-1].startswith("Loading: 3 [")


def test_verbosity_0_shows_nothing():
    for stream in (io.StringIO(), Terminal()):
        list(track(range(35), stream, total=35, desc="Indexing", verbosity=0))
        assert stream.getvalue() == ""


def test_a_line_of_the_commands_own_is_printed_whole_next_to_the_bar():
    screen, out = Terminal(), io.StringIO()
    with Progress(screen, total=2, desc="Importing", unit="files") as progress:
        progress.update()
        progress.write(out, "Imported one.txt\n")
    assert out.getvalue() == "Imported one.txt\n"
