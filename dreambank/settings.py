"""Settings, read once from DREAMBANK_* environment variables and a .env file."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DREAMBANK_", env_file=".env", extra="ignore",
                                      populate_by_name=True)

    data_dir: Path = Field(Path("data"), description="where the SQLite database and local state live")
    database_url: str | None = Field(None, description="postgresql+asyncpg://… ; SQLite in data_dir when unset")
    database_pool: int = Field(20, ge=1, le=500, description="PostgreSQL connections a process keeps open for "
                                                             "reuse, opened as they are needed")
    secret: SecretStr | None = Field(None, description="signs button data; made and kept in data_dir when unset")
    default_branch: str | None = Field(None, description="the branch new members join (its slug)")
    operators: str = Field("", description="who may open branches in chat: comma-separated identities, like "
                                            "telegram:12345,console:gustav")
    log_level: str = Field("WARNING", description="dreambank's own logging level")
    log_level_libraries: str | None = Field(None, description="the libraries' level (httpx, telegram, sqlalchemy…); "
                                                              "quieter than dreambank's unless set")
    log_format: Literal["text", "json"] = Field("text", description="text lines, or one JSON object a line")
    metrics_listen: str | None = Field(None, description="host:port where this process also serves /metrics, "
                                                         "/healthz and /readyz (for processes without the web app)")
    metrics_token: SecretStr | None = Field(None, description="when set, /metrics answers only a request with "
                                                              "Authorization: Bearer <token>")

    telegram_token: SecretStr | None = Field(None, description="the bot's token from @BotFather")
    telegram_api_url: str = Field("https://api.telegram.org/bot", description="the Bot API's base URL")
    telegram_username: str | None = Field(None, description="the bot's username, for links to it in mail")
    telegram_webhook_url: str | None = Field(None, description="public https URL of the webhook; polling when unset")
    listen: str = Field("127.0.0.1:8080",
                        validation_alias=AliasChoices("DREAMBANK_LISTEN", "DREAMBANK_TELEGRAM_LISTEN"),
                        description="host:port the web app (the portal, the webhook, mail's links) listens on; "
                                    "DREAMBANK_TELEGRAM_LISTEN, its earlier name, is still read")
    telegram_webhook_secret: SecretStr | None = Field(None, description="checked in Telegram's secret-token header")
    telegram_poll_seconds: float = Field(1.0, description="how often the outbox is looked at when nothing wakes it")
    telegram_per_second: float = Field(30.0, gt=0, description="messages a second the bot sends at most")
    telegram_per_chat_per_second: float = Field(1.0, gt=0, description="messages a second to one private chat")
    telegram_per_group_per_minute: float = Field(20.0, gt=0, description="messages a minute to one group")
    discord_token: SecretStr | None = Field(None, description="the bot's token from Discord's developer portal")
    discord_api_url: str = Field("https://discord.com/api/v10", description="the REST API's base URL")
    discord_gateway_url: str = Field("wss://gateway.discord.gg/", description="the gateway's websocket URL")
    discord_per_second: float = Field(50.0, gt=0, description="requests a second the bot makes at most")
    delivery_max_tries: int = Field(5, ge=1, description="tries before a notice is given up as failed")

    smtp_url: SecretStr | None = Field(None, description="smtp://user:password@host:587?starttls=true; "
                                                         "email is off when unset")
    mail_from: str = Field("dreambank <noreply@localhost>", description="the sender of every mail")
    mail_per_second: float = Field(5.0, gt=0, description="mails a second sent at most")
    public_url: str | None = Field(None, description="the https base URL where this dreambank is reached; "
                                                     "used in links in mail")

    reminder_minutes: str = Field("1440,120", description="minutes before an event that those going are reminded")
    nudge_after_days: int = Field(14, ge=1, description="days without an update before a project's team is nudged")
    vote_reminder_hours: int = Field(48, ge=1, description="hours a review waits before board members are reminded")
    schedule_sync_seconds: float = Field(60.0, gt=0, description="how often the schedule looks for new work")
    schedule_standby_seconds: float = Field(5.0, gt=0,
                                            description="how often a waiting process checks the scheduler is alive")

    @field_validator("telegram_token", "discord_token", "telegram_webhook_secret", "secret", "database_url",
                     "telegram_webhook_url", "default_branch", "smtp_url", "public_url", "telegram_username",
                     "log_level_libraries", "metrics_listen", "metrics_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("reminder_minutes")
    @classmethod
    def _minutes(cls, value: str) -> str:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not all(p.isdigit() and 0 < int(p) <= 60 * 24 * 30 for p in parts):
            raise ValueError("a comma-separated list of minutes, like 1440,120")
        return ",".join(parts)

    @field_validator("operators")
    @classmethod
    def _identities(cls, value: str) -> str:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not all(platform and external for platform, _, external in (p.partition(":") for p in parts)):
            raise ValueError("a comma-separated list of platform:id, like telegram:12345,console:gustav")
        return ",".join(parts)

    def operator_identities(self) -> frozenset[tuple[str, str]]:
        """The operators as (platform, id) pairs."""
        return frozenset(tuple(p.split(":", 1)) for p in self.operators.split(",") if p)  # type: ignore[misc]

    def reminder_leads(self) -> tuple[int, ...]:
        return tuple(sorted({int(p) for p in self.reminder_minutes.split(",") if p}, reverse=True))

    def sqlite_path(self) -> Path:
        return self.data_dir / "dreambank.sqlite3"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.sqlite_path().resolve()}"

    def resolved_secret(self) -> bytes:
        """The configured secret, or one made on first start and kept beside the database."""
        if self.secret is not None:
            return self.secret.get_secret_value().encode()
        path = self.data_dir / "secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip().encode()

    def webhook_secret(self) -> str:
        """The configured secret, or one derived from the deployment's secret (the same on every worker)."""
        if self.telegram_webhook_secret is not None:
            return self.telegram_webhook_secret.get_secret_value()
        digest = hmac.new(self.resolved_secret(), b"telegram-webhook", hashlib.sha256).hexdigest()
        return digest[:48]

    def listen_address(self) -> tuple[str, int]:
        return _address(self.listen)

    def metrics_address(self) -> tuple[str, int] | None:
        """Where this process serves its metrics beside its work, if anywhere."""
        return _address(self.metrics_listen) if self.metrics_listen else None


def _address(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return host or "127.0.0.1", int(port)
