"""Logging for every dreambank process: secrets redacted from every record, chatty libraries kept quiet."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit

from .json_logs import JsonFormatter, extras
from .settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "[redacted]"

# Libraries that log whole requests, SQL with its parameters, or Bot API calls with message text and button
# data: they stay at WARNING (or INFO) whatever dreambank's own level, unless the operator asks for them by
# DREAMBANK_LOG_LEVEL_LIBRARIES while troubleshooting.
LIBRARY_FLOORS = {
    "httpx": logging.WARNING, "httpcore": logging.WARNING, "hpack": logging.WARNING, "h11": logging.WARNING,
    "h2": logging.WARNING, "sqlalchemy": logging.WARNING, "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING, "psycopg": logging.WARNING, "aiosmtplib": logging.WARNING,
    "multipart": logging.WARNING, "python_multipart": logging.WARNING, "urllib3": logging.WARNING,
    "telegram": logging.INFO, "apscheduler": logging.INFO, "uvicorn": logging.INFO, "starlette": logging.INFO,
    "alembic": logging.INFO, "tzlocal": logging.INFO, "discord": logging.INFO, "aiohttp": logging.WARNING,
}

_SHORTEST_SECRET = 4  # replacing a shorter value everywhere would blank out ordinary words and numbers

# Shapes of secrets whose values are only known while the process runs (or come from elsewhere).
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # a Bot API URL carries the token as its path: https://api.telegram.org/bot<token>/sendMessage
    (re.compile(r"(/bot)[^/\s'\"]+(?=/)"), r"\1" + HIDDEN),
    # a Telegram bot token wherever it stands: <bot id>:<35 characters>
    (re.compile(r"\b\d{3,}:[A-Za-z0-9_-]{20,}"), HIDDEN),
    # a Discord bot token: <the bot's id in base64>.<6 characters>.<27 or more characters>
    (re.compile(r"(?<![\w.-])[A-Za-z0-9_-]{18,40}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}(?![\w.-])"), HIDDEN),
    # a Discord interaction's token (valid 15 minutes) in the URLs that answer it
    (re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/\s'\"?]+"), r"\1" + HIDDEN),
    # the webhook's secret: the X-Telegram-Bot-Api-Secret-Token header, setWebhook's secret_token parameter
    (re.compile(r"(secret[_-]token['\"]?\s*[:=,]\s*b?['\"]?)[^'\"\s,)}\]]+", re.IGNORECASE), r"\1" + HIDDEN),
    # an email code: in a notice's parameters ('code': '042917'), or typed alone as a message's text
    (re.compile(r"(\bcode['\"]?\s*[:=]\s*['\"]?)\d{4,8}\b", re.IGNORECASE), r"\1" + HIDDEN),
    (re.compile(r"(\btext['\"]?\s*[:=]\s*['\"])\s*\d{4,8}\s*(?=['\"])"), r"\1" + HIDDEN),
    (re.compile(r"(/email(?:@\w+)?\s+)\d{4,8}\b"), r"\1" + HIDDEN),
    # a one-time code that joins an account on another platform, as shown and as typed back: /connect ABCD2345
    (re.compile(r"(/connect(?:@\w+)?\s+)[A-Za-z0-9]{4}[\s-]?[A-Za-z0-9]{4}\b"), r"\1" + HIDDEN),
    # a SHA-256 digest: an email code's keyed hash gives the code away to anyone trying a million codes
    (re.compile(r"\b[0-9a-fA-F]{64}\b"), HIDDEN),
    # a signed button token <action>.<args>.<signature>: the signature goes, what was pressed stays readable
    (re.compile(r"(?<![\w.-])([a-z]{1,2}(?:\.[A-Za-z0-9_-]{1,16}){0,4}\.)[A-Za-z0-9_-]{11}(?![\w.-])"),
     r"\1" + HIDDEN),
    # a one-click unsubscribe link's signed token
    (re.compile(r"(/unsubscribe/)[^\s/'\"?#<>]+"), r"\1" + HIDDEN),
    # a one-time sign-in link's token: whoever has it signs in
    (re.compile(r"(/signin/)[^\s/'\"?#<>]+"), r"\1" + HIDDEN),
    # a password in any URL: scheme://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s'\"]*:)[^@/\s'\"]+(?=@)", re.IGNORECASE), r"\1" + HIDDEN),
)

# An address is personal data: above DEBUG only its domain is shown.
_ADDRESS = re.compile(r"\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")


class Redactor:
    """Removes the deployment's secrets (known values and known shapes) from a text."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        values = set()
        for secret in secrets:
            if secret and len(secret) >= _SHORTEST_SECRET:
                values.update({secret, quote(secret, safe=""), unquote(secret)})
        # the longest first, so that a secret containing another is hidden whole
        self._values = sorted((v for v in values if len(v) >= _SHORTEST_SECRET), key=len, reverse=True)

    def __call__(self, text: str, personal: bool = True) -> str:
        for value in self._values:
            text = text.replace(value, HIDDEN)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        if not personal:
            text = _ADDRESS.sub(r"[address]@\1", text)
        return text


class RedactingFilter(logging.Filter):
    """On a handler: rewrites each record it passes so that its message, traceback and stack hold no secret
    (and, above DEBUG, no address), whichever logger it came from."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact
        self._tracebacks = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        personal = record.levelno <= logging.DEBUG
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record, nor let its raw args through
            message = f"{record.msg!s} (unformattable arguments)"
        record.msg, record.args = self.redact(message, personal), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._tracebacks.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text, personal)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info, personal)
        for key, value in extras(record).items():  # written as fields of their own in JSON lines
            if not isinstance(value, (int, float, bool, type(None))):
                setattr(record, key, self.redact(str(value), personal))
        return True


def deployment_secrets(settings: Settings) -> list[str | None]:
    """Every secret value the settings hold: the bots' tokens, the webhook secret, the deployment's secret, the
    passwords in the database and SMTP URLs, and the token that opens the metrics."""
    def password(url: str | None) -> str | None:
        try:
            return urlsplit(url).password if url else None
        except ValueError:
            return None

    token = settings.telegram_token.get_secret_value() if settings.telegram_token else None
    discord = settings.discord_token.get_secret_value() if settings.discord_token else None
    smtp = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    deployment = settings.resolved_secret().decode()
    metrics = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    return [token, discord, settings.webhook_secret(), deployment, password(settings.database_url), password(smtp),
            metrics]


def _level(name: str | None, default: int) -> int:
    if not name:
        return default
    level = logging.getLevelName(name.strip().upper())
    return level if isinstance(level, int) else default


def configure_logging(settings: Settings) -> RedactingFilter:
    """Sends every logger's records through one redacting filter to stderr, at the configured levels, as text
    lines or (DREAMBANK_LOG_FORMAT=json) one JSON object a line.

    Safe to call again (each `build` does): the previous filter is replaced, not stacked."""
    root = logging.getLogger()
    level = _level(settings.log_level, logging.WARNING)
    libraries = _level(settings.log_level_libraries, -1)
    redacting = RedactingFilter(Redactor(deployment_secrets(settings)))
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter() if settings.log_format == "json" else logging.Formatter(FORMAT))
        root.addHandler(handler)
        root.setLevel(level)
        for name, floor in LIBRARY_FLOORS.items():
            logging.getLogger(name).setLevel(libraries if libraries >= 0 else max(level, floor))
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redacting)
    logging.captureWarnings(True)  # a library's warning text goes through the same filter
    return redacting
