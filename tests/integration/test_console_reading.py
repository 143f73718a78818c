"""The console's line reader over a real pipe: the loop runs on while it waits, and Ctrl-C comes as a line."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from bots.console.reading import CTRL_C, LineReader


@pytest.fixture
def pipe():
    read_end, write_end = os.pipe()
    yield read_end, write_end
    for fd in (read_end, write_end):
        try:
            os.close(fd)
        except OSError:  # closed by the test already
            pass


async def ticks_while(waiting: asyncio.Future, seconds: float = 0.3) -> int:
    """How often a task of its own got to run on the loop during `seconds` while `waiting` waited."""
    count = 0
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
        count += 1
    assert not waiting.done()
    return count


class TestLineReader:
    async def test_the_loop_runs_on_while_it_waits_for_a_line(self, pipe):
        read_end, write_end = pipe
        async with LineReader(read_end, encoding="utf-8") as reader:
            waiting = asyncio.ensure_future(reader.next())

            ticks = await ticks_while(waiting)
            os.write(write_end, "Benk ved fjorden 🏳️‍🌈\n".encode())
            line = await asyncio.wait_for(waiting, 10)

        assert ticks >= 10 and line == "Benk ved fjorden 🏳️‍🌈"

    async def test_lines_come_whole_however_they_are_split_and_the_input_ends_with_none(self, pipe):
        read_end, write_end = pipe
        async with LineReader(read_end, encoding="utf-8") as reader:
            os.write(write_end, b"/as anna\r\n/dep")
            first = await asyncio.wait_for(reader.next(), 10)
            os.write(write_end, "osit\nbl\xc3".encode("latin-1"))
            second = await asyncio.wait_for(reader.next(), 10)
            os.write(write_end, b"\xa5b\nno line end")
            os.close(write_end)
            rest = [await asyncio.wait_for(reader.next(), 10) for _ in range(4)]

        assert (first, second) == ("/as anna", "/deposit")
        assert rest == ["blåb", "no line end", None, None]

    async def test_ctrl_c_comes_as_a_line_of_its_own_and_the_line_waited_for_still_comes(self, pipe):
        read_end, write_end = pipe
        async with LineReader(read_end, ctrl_c=True, encoding="utf-8") as reader:
            waiting = asyncio.ensure_future(reader.next())
            await ticks_while(waiting, 0.1)

            os.kill(os.getpid(), signal.SIGINT)
            pressed = await asyncio.wait_for(waiting, 10)
            os.write(write_end, b"A reading bench\n")
            line = await asyncio.wait_for(reader.next(), 10)

        assert pressed is CTRL_C and line == "A reading bench"

    async def test_two_ctrl_c_pressed_while_no_line_is_asked_for_are_both_told(self, pipe):
        read_end, _ = pipe
        async with LineReader(read_end, ctrl_c=True, encoding="utf-8") as reader:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
            await asyncio.sleep(0.1)  # the handler runs on the loop

            pressed = [await asyncio.wait_for(reader.next(), 10) for _ in range(2)]

        assert pressed == [CTRL_C, CTRL_C]
