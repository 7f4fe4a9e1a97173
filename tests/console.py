"""What a test that presses Ctrl-C needs of the child it starts."""

from __future__ import annotations

import signal


def as_in_a_terminal() -> None:
    """``preexec_fn`` for a child that the test will send Ctrl-C: SIGINT back to its default.

    A command typed at a terminal runs in the foreground, where Ctrl-C reaches it. A test run started in the
    background (``pytest &``, ``nohup``, a CI runner's job) has SIGINT ignored, as POSIX shells do for background jobs,
    and a child inherits that: Python then never installs its KeyboardInterrupt handler, the child runs to the end
    and the test sees exit 0 instead of 130. Resetting it makes the test depend on the command, not on how it was
    started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
