"""How far a long management command got, shown the way command-line users expect.

On a terminal: tqdm's bar with the count, the rate and the time left, redrawn in place. Anywhere else
(a log file, cron mail, a pipe, a test's StringIO): the same figures as a plain line every few seconds,
since a bar redrawn with carriage returns turns a log into one unreadable line. Progress goes to the
command's stderr, so that what a command prints as its result (`import_announcement --dry-run --json`)
can still be piped; verbosity 0 shows none of it.
"""

import time

from django.core.management.base import OutputWrapper
from tqdm import tqdm

# Often enough that a log shows the command is alive, seldom enough that it stays short.
PLAIN_LINE_EVERY = 5.0
PLAIN_FORMAT = "{desc}: {n_fmt}/{total_fmt} ({percentage:.0f}%) [{elapsed}<{remaining}, {rate_fmt}]"
PLAIN_FORMAT_NO_TOTAL = "{desc}: {n_fmt} [{elapsed}, {rate_fmt}]"


class Progress:
    """Count steps done out of `total` (None when unknown): `for item in progress.iterate(items)`, or
    `progress.update()` per step; `close()` (or leaving a `with` block) shows the last figures."""

    def __init__(self, stream, *, total, desc, unit="it", verbosity=1, every=PLAIN_LINE_EVERY):
        # Django's OutputWrapper ends every write with a newline (and colours stderr on a terminal), which
        # would break the bar's redrawing: tqdm writes to the stream underneath.
        self.stream = stream._out if isinstance(stream, OutputWrapper) else stream
        self.total = total
        self.desc = desc
        self.unit = f" {unit}"  # "35 records", "12.5 records/s"
        self.every = every
        self.shown = verbosity > 0
        self.on_terminal = self.shown and _is_terminal(self.stream)
        self.done = 0
        self.started = time.monotonic()
        self.last_line = None
        self.closed = False
        self.bar = None
        if self.on_terminal:
            self.bar = tqdm(total=total, desc=desc, unit=self.unit, file=self.stream, dynamic_ncols=True)
        elif self.shown:
            self._write_line()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def iterate(self, iterable):
        for item in iterable:
            yield item
            self.update()

    def update(self, steps=1):
        self.done += steps
        if self.bar is not None:
            self.bar.update(steps)
        elif self.shown and time.monotonic() - self.last_line >= self.every:
            self._write_line()

    def write(self, output, message):
        """Print a line of the command's own (to `output`, its stdout or stderr) without tearing the bar."""
        if self.bar is not None:
            with tqdm.external_write_mode(file=self.stream):
                output.write(message)
        else:
            output.write(message)

    def close(self):
        if self.closed:
            return
        self.closed = True
        if self.bar is not None:
            self.bar.close()
        elif self.shown and self.done:
            self._write_line()

    def _write_line(self):
        now = time.monotonic()
        self.last_line = now
        line = tqdm.format_meter(
            self.done,
            self.total,
            now - self.started,
            prefix=self.desc,
            unit=self.unit,
            bar_format=PLAIN_FORMAT if self.total is not None else PLAIN_FORMAT_NO_TOTAL,
        )
        self.stream.write(line + "\n")
        self.stream.flush()


def _is_terminal(stream):
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def track(iterable, stream, *, total, desc, unit="it", verbosity=1):
    """Yield the items of `iterable`, showing on `stream` how many of `total` are done."""
    with Progress(stream, total=total, desc=desc, unit=unit, verbosity=verbosity) as progress:
        yield from progress.iterate(iterable)
