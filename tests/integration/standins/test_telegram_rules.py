"""The stand-in is as strict as Telegram's documentation: nesting of entities, the age of a button press,
lengths in UTF-16 code units; and a fault inside it fails the test that caused it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import MessageEntityType, ParseMode
from telegram.error import BadRequest, NetworkError

from tests.integration.standins.test_telegram import ANNA, TOKEN, as_reported, bot_for
from tests.integration.standins.test_telegram_community import FakeTime
from tests.standins.telegram import (
    CALLBACK_ANSWER_SECONDS,
    QUERY_INVALID,
    ApiError,
    BotApiStandIn,
    StandInCrashed,
    client_ssl_context,
    parse_html,
    png_bytes,
    utf16_len,
)
from tests.standins.telegram.endpoints import METHODS

WAVE = "🌊"  # one code point, two UTF-16 code units


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def api(time: FakeTime) -> AsyncIterator[BotApiStandIn]:
    async with BotApiStandIn(token=TOKEN, clock=time) as stand_in:
        stand_in.user(ANNA, "Anna", language_code="nb")
        yield stand_in


@pytest.fixture
async def bot(api: BotApiStandIn) -> AsyncIterator[Bot]:
    async with bot_for(api) as bot:
        yield bot


def refusal(source: str) -> str:
    with pytest.raises(ApiError) as refused:
        parse_html(source)
    return refused.value.description


class TestNesting:
    @pytest.mark.parametrize("source, inner, outer", [
        ("<code><b>x</b></code>", "b", "code"),
        ("<pre>a <i>b</i></pre>", "i", "pre"),
        ("<code><a href='https://example.org'>x</a></code>", "a", "code"),
        ("<blockquote>a<blockquote>b</blockquote></blockquote>", "blockquote", "blockquote"),
        ("<blockquote>a<blockquote expandable>b</blockquote></blockquote>", "blockquote", "blockquote"),
        ("<a href='https://example.org'><code>x</code></a>", "code", "a"),
        ("<a href='https://example.org'><a href='https://example.com'>x</a></a>", "a", "a"),
        ("<b><code><i>x</i></code></b>", "i", "code"),
    ])
    def test_what_the_documentation_forbids_cannot_be_parsed(self, source, inner, outer):
        description = refusal(source)

        assert description.startswith("Bad Request: can't parse entities: ")
        assert f'Tag "{inner}" can\'t be nested in tag "{outer}"' in description

    @pytest.mark.parametrize("source, types", [
        ("<b><code>x</code></b>", ["bold", "code"]),
        ("<i><b>x</b></i>", ["italic", "bold"]),
        ("<b><a href='https://example.org'>x</a></b>", ["bold", "text_link"]),
        ("<a href='https://example.org'><b>x</b></a>", ["text_link", "bold"]),
        ("<blockquote><a href='https://example.org'>x</a></blockquote>", ["blockquote", "text_link"]),
        ("<blockquote><b>x</b> <code>y</code></blockquote>", ["blockquote", "bold", "code"]),
        ("<b><blockquote>x</blockquote></b>", ["bold", "blockquote"]),
        ("<blockquote>a</blockquote><blockquote expandable>b</blockquote>", ["blockquote", "expandable_blockquote"]),
        ("<pre><code class='language-python'>x = 1</code></pre>", ["pre"]),
    ])
    def test_what_the_documentation_allows_is_parsed(self, source, types):
        _, entities = parse_html(source)

        assert sorted(entity["type"] for entity in entities) == sorted(types)

    async def test_the_bot_is_told_why_its_message_was_refused(self, api, bot):
        with pytest.raises(BadRequest) as refused:
            await bot.send_message(ANNA, "<code><b>x</b></code>", parse_mode=ParseMode.HTML)

        assert refused.value.message.startswith("Can't parse entities: tag \"b\" can't be nested in tag \"code\"")
        assert api.messages_in(ANNA) == []


class TestCallbackQueryAge:
    async def pressed(self, api: BotApiStandIn, bot: Bot) -> str:
        sent = await bot.send_message(ANNA, "Vil du?", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Ja", callback_data="yes")]]))
        api.press(ANNA, sent, "yes")
        [update] = await bot.get_updates(timeout=0)
        return update.callback_query.id

    async def test_a_press_may_be_answered_until_the_limit(self, api, bot, time):
        query_id = await self.pressed(api, bot)
        time.now += CALLBACK_ANSWER_SECONDS

        assert await bot.answer_callback_query(query_id, text="Takk")
        assert api.callback_answers[query_id] == {"text": "Takk"}

    async def test_a_press_older_than_the_limit_is_too_old_to_answer(self, api, bot, time):
        query_id = await self.pressed(api, bot)
        time.now += CALLBACK_ANSWER_SECONDS + 0.01

        with pytest.raises(BadRequest) as stale:
            await bot.answer_callback_query(query_id, text="Takk")

        assert stale.value.message == as_reported(QUERY_INVALID)
        assert query_id not in api.callback_answers

    def test_the_limit_is_the_one_telegram_keeps(self):
        assert CALLBACK_ANSWER_SECONDS == 15


class TestLengthsInUtf16:
    def test_an_emoji_is_two_code_units(self):
        assert (len(WAVE), utf16_len(WAVE), utf16_len("æøå")) == (1, 2, 3)

    async def test_a_text_is_measured_in_utf16_code_units(self, api, bot):
        fits = WAVE * 2048  # 4096 units

        await bot.send_message(ANNA, fits)
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(ANNA, fits + "a")  # 2049 code points, 4097 units

        assert [m["text"] for m in api.messages_in(ANNA)] == [fits]

    async def test_a_caption_is_measured_in_utf16_code_units(self, api, bot):
        photo = png_bytes(320, 240)
        fits = "<b>" + WAVE * 512 + "</b>"  # 1024 units once the tags are parsed out

        await bot.send_photo(ANNA, InputFile(photo, filename="a.png"), caption=fits, parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="Message caption is too long"):
            await bot.send_photo(ANNA, InputFile(photo, filename="b.png"), caption=WAVE * 512 + "a")

        [sent] = api.messages_in(ANNA)
        assert sent["caption"] == WAVE * 512
        assert sent["caption_entities"][0]["length"] == 1024
        assert sent["caption_entities"][0]["type"] == MessageEntityType.BOLD

    async def test_a_press_answer_is_measured_in_utf16_code_units(self, api, bot):
        sent = await bot.send_message(ANNA, "Vil du?", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Ja", callback_data="yes")]]))
        for _ in range(2):
            api.press(ANNA, sent, "yes")
        first, second = [update.callback_query.id for update in await bot.get_updates(timeout=0)]

        with pytest.raises(BadRequest, match="Message_too_long"):
            await bot.answer_callback_query(first, text=WAVE * 100 + "a")  # 101 code points, 201 units
        assert await bot.answer_callback_query(second, text=WAVE * 100)

    async def test_button_data_is_measured_in_bytes(self, api, bot):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(ANNA, "Vil du?", reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Ja", callback_data=WAVE * 16 + "a")]]))  # 65 bytes


def crash(api: BotApiStandIn, req: object) -> None:
    raise RuntimeError("a fault inside the stand-in")


class TestCrashes:
    async def test_a_crash_answers_500_and_fails_when_the_stand_in_stops(self, monkeypatch):
        monkeypatch.setitem(METHODS, "getme", ("getMe", crash))
        api = BotApiStandIn(token=TOKEN)
        await api.start()

        async with httpx.AsyncClient(verify=client_ssl_context()) as client:
            response = await client.post(f"{api.base_url}{TOKEN}/getMe")

        assert response.status_code == 500
        assert response.json()["ok"] is False
        [crashed] = api.crashes
        assert crashed.method == "getMe" and "a fault inside the stand-in" in crashed.traceback
        with pytest.raises(StandInCrashed, match="crashed 1 time"):
            await api.stop()

    async def test_a_crash_is_told_beside_the_error_of_a_test_that_failed_already(self, monkeypatch):
        monkeypatch.setitem(METHODS, "getme", ("getMe", crash))

        with pytest.raises(NetworkError) as failed:
            async with BotApiStandIn(token=TOKEN) as api, bot_for(api):
                pass  # the bot asks getMe as it starts

        assert any("a fault inside the stand-in" in note for note in failed.value.__notes__)

    async def test_a_crash_that_a_test_expects_can_be_cleared(self, monkeypatch):
        monkeypatch.setitem(METHODS, "getme", ("getMe", crash))

        async with BotApiStandIn(token=TOKEN) as api, httpx.AsyncClient(verify=client_ssl_context()) as client:
            response = await client.post(f"{api.base_url}{TOKEN}/getMe")
            assert response.status_code == 500
            assert len(api.crashes) == 1
            api.crashes.clear()

    async def test_a_bot_killed_mid_request_is_not_a_crash(self):
        async with BotApiStandIn(token=TOKEN) as api:
            reader, writer = await asyncio.open_connection("127.0.0.1", api.port)
            writer.write(f"POST /bot{TOKEN}/sendMessage HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"chat_id\": ".encode())
            await writer.drain()
            await asyncio.sleep(0.1)
            writer.close()
            await writer.wait_closed()
            await asyncio.sleep(0.1)

            assert api.crashes == []
            assert api.calls_to("sendMessage") == []

    @pytest.mark.parametrize("stand_in", [
        'async with BotApiStandIn(token="1:t") as api:',
        'api = await BotApiStandIn(token="1:t").__aenter__()  # never stopped: the finaliser finds it\nif True:',
    ], ids=["stopped", "left running"])
    def test_a_test_whose_bot_crashes_the_stand_in_fails(self, tmp_path: Path, stand_in: str):
        root = Path(__file__).resolve().parents[3]
        (tmp_path / "test_crashing.py").write_text(textwrap.dedent("""
            import httpx

            from tests.standins.telegram import BotApiStandIn
            from tests.standins.telegram.endpoints import METHODS


            def crash(api, req):
                raise RuntimeError("a fault inside the stand-in")


            async def test_it_only_calls_the_stand_in(monkeypatch):
                monkeypatch.setitem(METHODS, "getme", ("getMe", crash))
                STAND_IN
                    async with httpx.AsyncClient() as client:
                        response = await client.post(f"{api.base_url}1:t/getMe")
                assert response.status_code == 500  # the test itself passes; the stand-in fails it
        """).replace("STAND_IN", stand_in.replace("\n", "\n    ")))

        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                              "--rootdir", str(root), "-o", "asyncio_mode=auto", str(tmp_path / "test_crashing.py")],
                             cwd=root, capture_output=True, text=True, timeout=120)

        assert run.returncode == 1, run.stdout + run.stderr
        assert "1 passed, 1 error" in run.stdout or "1 failed" in run.stdout, run.stdout
        assert "StandInCrashed" in run.stdout and "a fault inside the stand-in" in run.stdout
