"""Lines typed or piped to the console, read without holding up the event loop; Ctrl-C arrives as a line of its own."""

from __future__ import annotations

import asyncio
import codecs
import collections
import os
import queue
import signal
import sys
import threading
from typing import Final

CHUNK = 65536


class _CtrlC:
    def __repr__(self) -> str:
        return "CTRL_C"


#: what `LineReader.next` returns when Ctrl-C was pressed
CTRL_C: Final = _CtrlC()


class LineReader:
    """Lines from a file descriptor (stdin by default), one at a time.

    A thread of its own does the reading, since a read that waits for a person would stop everything else on
    the loop (the schedule, the outbox). It reads only when a line is asked for and none is left, so a piped
    script is taken in as it is worked through. It reads the descriptor itself, never `sys.stdin`, whose lock
    a thread left waiting at exit would hold; and it leaves the descriptor blocking, as a terminal shared with
    the shell must stay.

    With `ctrl_c`, Ctrl-C (SIGINT) no longer ends the program: `next` returns CTRL_C instead, and the line
    being waited for still comes afterwards.
    """

    def __init__(self, fd: int | None = None, ctrl_c: bool = False, encoding: str | None = None) -> None:
        self._fd = sys.stdin.fileno() if fd is None else fd
        self._ctrl_c = ctrl_c
        self._decoder = codecs.getincrementaldecoder(encoding or sys.stdin.encoding or "utf-8")(errors="replace")
        self._lines: collections.deque[str] = collections.deque()
        self._partial = ""
        self._ended = self._asked = False
        self._presses = 0  # Ctrl-C presses not yet returned: two while a line is handled still leave
        self._wake = asyncio.Event()
        self._requests: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __aenter__(self) -> LineReader:
        self._loop = asyncio.get_running_loop()
        # a daemon thread: one still waiting for a line when the chat ends must not keep the process alive
        threading.Thread(target=self._read, args=(self._loop,), name="console-input", daemon=True).start()
        if self._ctrl_c:
            self._loop.add_signal_handler(signal.SIGINT, self._interrupt)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._ctrl_c and self._loop is not None:
            self._loop.remove_signal_handler(signal.SIGINT)
        self._requests.put(False)  # a thread not in the middle of a read ends now; one that is, at exit

    async def next(self) -> str | _CtrlC | None:
        """The next line without its line ending, CTRL_C after a Ctrl-C, or None at the end of the input."""
        while True:
            if self._presses:
                self._presses -= 1
                return CTRL_C
            if self._lines:
                return self._lines.popleft()
            if self._ended:
                return None
            if not self._asked:
                self._asked = True
                self._requests.put(True)
            self._wake.clear()
            await self._wake.wait()

    def _interrupt(self) -> None:
        self._presses += 1
        self._wake.set()

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        """In the thread: one read for each request, handed to the loop."""
        while self._requests.get():
            try:
                data = os.read(self._fd, CHUNK)
            except OSError:  # the terminal is gone (EIO): as good as the end of the input
                data = b""
            try:
                loop.call_soon_threadsafe(self._arrived, data)
            except RuntimeError:  # the loop has closed: nobody waits for this any more
                return
            if not data:
                return

    def _arrived(self, data: bytes) -> None:
        """On the loop: a read's bytes become whole lines; the end of the input ends a last, unfinished one."""
        self._asked = False
        text = self._partial + self._decoder.decode(data, final=not data)
        *lines, self._partial = text.split("\n")
        self._lines.extend(line.removesuffix("\r") for line in lines)
        if not data:
            self._ended = True
            if self._partial:
                self._lines.append(self._partial)
                self._partial = ""
        self._wake.set()
