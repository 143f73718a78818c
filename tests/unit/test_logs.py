"""The log: every logger's records pass one filter that removes the deployment's secrets."""

import contextlib
import io
import json
import logging

import pytest

from dreambank.json_logs import JsonFormatter
from dreambank.logs import HIDDEN, LIBRARY_FLOORS, Redactor, RedactingFilter, configure_logging
from dreambank.settings import Settings

TOKEN = "4839574812:AAHk3vZ9TqUu1bX0yWunitTokenPart2xQ"
SECRET = "unit-deployment-secret-0123456789"


@pytest.fixture
def redact() -> Redactor:
    return Redactor([TOKEN, SECRET, "p@ss/word", "webhook-secret-abc", None, "", "ab"])


class TestRedactor:
    @pytest.mark.parametrize("text", [
        f"POST https://api.telegram.org/bot{TOKEN}/sendMessage",
        "POST http://127.0.0.1:8081/bot123:ANY-local-token/getUpdates",  # a local Bot API's token of any shape
        f"token {TOKEN.replace(':', '%3A')}",
        f"Set Bot API File URL: https://api.telegram.org/file/bot{TOKEN}",
        "the secret is unit-deployment-secret-0123456789",
        "postgresql+asyncpg://dreambank:p%40ss%2Fword@db/dreambank",
        "smtp://mailer:hunter22@mail.example.org:587",
        "{'url': 'https://x/hook', 'secret_token': 'Zm9vYmFy12'}",
        "headers: X-Telegram-Bot-Api-Secret-Token: Zm9vYmFy12",
        "(b'x-telegram-bot-api-secret-token', b'Zm9vYmFy12')",
        "{'kind': 'email_code', 'params': {'code': '042917', 'minutes': 30}}",
        '{"code": "042917", "branch": "Fjordby"}',
        "Message(text='042917', chat=…)",
        "typed /email 042917",
        "text='To use this account on another platform too, write /connect K7QX2MPA in your chat with me'",
        "typed /connect k7qx-2mpa",
        "InlineKeyboardButton(callback_data='v.12.a.AbCdEfGhIjK', text='Approve')",
        "{'callback_data': 'd.3.cx._mw5fOLM4fg', 'text': 'Cancel'}",
        "GET /unsubscribe/WzEsImFsbCJd.Xyz-abc_123 HTTP/1.1",
        "POST /signin/q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C HTTP/1.1",
        "{'url': 'https://bank.example.org/signin/q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C', 'minutes': 15}",
        "code_hash f9bc19d0f27f971d64038cce134d6b7724f6893f0308cc1cce753f1e53456543",
    ])
    def test_no_secret_survives(self, redact, text):
        cleaned = redact(text)

        assert HIDDEN in cleaned
        for secret in (TOKEN, TOKEN.split(":")[1], SECRET, "p@ss/word", "p%40ss%2Fword", "hunter22", "Zm9vYmFy12",
                       "042917", "K7QX2MPA", "k7qx-2mpa", "AbCdEfGhIjK", "_mw5fOLM4fg", "WzEsImFsbCJd", "f9bc19d0f27f971d",
                       "q1W2e3R4t5Y6u7I8o9P0"):
            assert secret not in cleaned

    def test_what_was_pressed_stays_readable_without_the_signature(self, redact):
        assert redact("callback_data='v.12.a.AbCdEfGhIjK'") == f"callback_data='v.12.a.{HIDDEN}'"

    @pytest.mark.parametrize("text", [
        "holding the lease 'scheduler'", "notice 12 was refused: 550 5.1.1 mailbox unavailable",
        "Telegram asked us to wait 3.0 s before sendMessage", "HTTP: listening on 127.0.0.1:8080",
        "digest of branch 3: 120 written", "exit code 1", "version 1.2.3", "example.org/path",
    ])
    def test_ordinary_text_is_left_alone(self, redact, text):
        assert redact(text) == text

    def test_a_very_short_secret_is_not_used_to_blank_out_ordinary_words(self, redact):
        assert redact("about a lab") == "about a lab"

    def test_addresses_show_only_their_domain_unless_personal_data_is_allowed(self, redact):
        assert redact("mail to anna@example.org refused", personal=False) == "mail to [address]@example.org refused"
        assert redact("mail to anna@example.org refused", personal=True) == "mail to anna@example.org refused"


def record(level: int, msg: str, *args, exc_info=None, stack_info=None) -> logging.LogRecord:
    made = logging.LogRecord("httpx", level, __file__, 1, msg, args, exc_info)
    made.stack_info = stack_info
    return made


class TestRedactingFilter:
    def test_the_formatted_message_with_its_arguments_is_redacted(self, redact):
        handled = record(logging.INFO, "HTTP Request: %s %s", "POST", f"https://api.telegram.org/bot{TOKEN}/getMe")

        RedactingFilter(redact).filter(handled)

        assert handled.getMessage() == f"HTTP Request: POST https://api.telegram.org/bot{HIDDEN}/getMe"

    def test_a_traceback_and_a_stack_are_redacted(self, redact):
        try:
            raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
        except ConnectionError:
            import sys
            handled = record(logging.ERROR, "polling failed", exc_info=sys.exc_info(),
                             stack_info=f"Stack (most recent call last):\n  token={TOKEN}")

        RedactingFilter(redact).filter(handled)
        shown = logging.Formatter().format(handled)

        assert "ConnectionError: cannot reach" in shown and "Traceback" in shown
        assert TOKEN not in shown and TOKEN.split(":")[1] not in shown

    def test_a_record_whose_arguments_do_not_fit_is_still_shown_without_them(self, redact):
        handled = record(logging.WARNING, "two %s %s", TOKEN)

        assert RedactingFilter(redact).filter(handled)
        assert TOKEN not in handled.getMessage()


@contextlib.contextmanager
def fresh_root():
    """The root logger as a new process has it (pytest's own handlers set aside), restored afterwards."""
    root = logging.getLogger()
    kept = root.handlers[:], root.level, {name: logging.getLogger(name).level for name in LIBRARY_FLOORS}
    root.handlers.clear()
    try:
        yield root
    finally:
        root.handlers[:] = kept[0]
        root.setLevel(kept[1])
        for name, level in kept[2].items():
            logging.getLogger(name).setLevel(level)


class TestConfigureLogging:
    def test_every_logger_goes_through_the_filter_and_no_secret_of_the_settings_is_shown(self, tmp_path):
        with fresh_root() as root:
            settings = Settings(data_dir=tmp_path, secret=SECRET, telegram_token=TOKEN, log_level="DEBUG",
                                smtp_url="smtp://mailer:hunter22@127.0.0.1:25",
                                database_url="postgresql+asyncpg://db:pg-password-x@127.0.0.1/db")
            configure_logging(settings)
            shown = io.StringIO()
            root.handlers[0].setStream(shown)

            logging.getLogger("apscheduler.scheduler").error("webhook secret %s", settings.webhook_secret())
            logging.getLogger("dreambank.anything").debug("login %s and %s", "hunter22", "pg-password-x")
            logging.getLogger("telegram.ext.ExtBot").info("token %s secret %s", TOKEN, SECRET)

            assert shown.getvalue().count(HIDDEN) == 5
            for secret in (settings.webhook_secret(), "hunter22", "pg-password-x", TOKEN, SECRET):
                assert secret not in shown.getvalue()

    def test_chatty_libraries_stay_at_their_floor_unless_asked_for(self, tmp_path):
        with fresh_root() as root:
            configure_logging(Settings(data_dir=tmp_path, secret=SECRET, log_level="DEBUG"))
            quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "sqlalchemy", "telegram")}
            root.handlers.clear()
            configure_logging(Settings(data_dir=tmp_path, secret=SECRET, log_level="DEBUG",
                                       log_level_libraries="DEBUG"))

            assert root.level == logging.DEBUG
            assert quiet == {"httpx": logging.WARNING, "httpcore": logging.WARNING, "sqlalchemy": logging.WARNING,
                             "telegram": logging.INFO}
            assert logging.getLogger("httpx").level == logging.DEBUG

    def test_configuring_again_replaces_the_filter_rather_than_adding_one(self, tmp_path):
        with fresh_root() as root:
            settings = Settings(data_dir=tmp_path, secret=SECRET)
            configure_logging(settings)
            configure_logging(settings)

            assert len(root.handlers) == 1
            assert len([f for f in root.handlers[0].filters if isinstance(f, RedactingFilter)]) == 1


class TestJsonLines:
    def test_each_record_is_one_json_object_with_its_fields_and_no_secret_in_any(self, tmp_path):
        with fresh_root() as root:
            configure_logging(Settings(data_dir=tmp_path, secret=SECRET, telegram_token=TOKEN, log_format="JSON",
                                       log_level="INFO"))
            shown = io.StringIO()
            root.handlers[0].setStream(shown)

            logging.getLogger("telegram.ext").warning("calling https://api.telegram.org/bot%s/getMe", TOKEN)
            logging.getLogger("bots.telegram.updates").error(
                "while handling a Telegram update: %s", "boom", extra={"platform": "telegram",
                                                                      "update_key": "telegram:42",
                                                                      "url": f"https://api.telegram.org/bot{TOKEN}/x",
                                                                      "tries": 3})
            try:
                raise ConnectionError(f"the secret {SECRET} was refused")
            except ConnectionError:
                logging.getLogger("dreambank.cli").exception("dreambank stopped after an unexpected error")

        lines = shown.getvalue().splitlines()
        records = [json.loads(line) for line in lines]
        assert len(records) == 3
        assert all({"time", "level", "logger", "message", "process"} <= set(r) for r in records)
        assert records[0]["message"] == f"calling https://api.telegram.org/bot{HIDDEN}/getMe"
        assert records[0]["time"].endswith("Z") and records[0]["level"] == "WARNING"
        assert (records[1]["logger"], records[1]["platform"], records[1]["update_key"], records[1]["tries"]) == (
            "bots.telegram.updates", "telegram", "telegram:42", 3)
        assert records[1]["url"] == f"https://api.telegram.org/bot{HIDDEN}/x"
        assert "ConnectionError: the secret" in records[2]["exception"] and records[2]["level"] == "ERROR"
        assert TOKEN not in shown.getvalue() and TOKEN.split(":")[1] not in shown.getvalue()
        assert SECRET not in shown.getvalue()

    def test_text_stays_the_default(self, tmp_path):
        with fresh_root() as root:
            configure_logging(Settings(data_dir=tmp_path, secret=SECRET))

            assert not isinstance(root.handlers[0].formatter, JsonFormatter)

    def test_a_format_there_is_not_is_refused_when_the_settings_are_read(self, tmp_path):
        with pytest.raises(ValueError, match="log_format"):
            Settings(data_dir=tmp_path, log_format="xml")


DISCORD_TOKEN = "MTE4NDc1NjI5MzQ1NzIzNjAwMA.GhT3xq.uNiTtEsTdIsCoRdToKeNpArT3_abcdefgh"
INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTE4NDc1NjI5MzQ1NzIzNjAwMDpzZWNyZXQ"


class TestDiscordSecrets:
    @pytest.mark.parametrize("text", [
        f"Authorization: Bot {DISCORD_TOKEN}",
        f"token={DISCORD_TOKEN!r} refused",
        f"POST https://discord.com/api/v10/interactions/1184756293457236001/{INTERACTION_TOKEN}/callback",
        f"PATCH /api/v10/webhooks/1184756293457236000/{INTERACTION_TOKEN}/messages/@original has returned 200",
    ])
    def test_a_bot_token_of_any_deployment_and_an_interactions_token_are_hidden(self, text):
        cleaned = Redactor([])(text)

        assert HIDDEN in cleaned
        assert DISCORD_TOKEN not in cleaned and INTERACTION_TOKEN not in cleaned
        assert "GhT3xq" not in cleaned

    def test_the_configured_token_is_hidden_whatever_its_shape(self, tmp_path):
        with fresh_root() as root:
            configure_logging(Settings(data_dir=tmp_path, secret=SECRET, discord_token="local-stand-in-token-42"))
            shown = io.StringIO()
            root.handlers[0].setStream(shown)

            logging.getLogger("discord.http").warning("logging in with %s", "local-stand-in-token-42")

            assert shown.getvalue().strip().endswith(f"logging in with {HIDDEN}")

    def test_discord_py_stays_quiet_below_info_since_its_debug_shows_whole_payloads(self, tmp_path):
        with fresh_root():
            configure_logging(Settings(data_dir=tmp_path, secret=SECRET, log_level="DEBUG"))

            assert logging.getLogger("discord").level == logging.INFO
