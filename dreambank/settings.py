"""Settings, read once from DREAMBANK_* environment variables and a .env file."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DREAMBANK_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="where the SQLite database and local state live")
    database_url: str | None = Field(None, description="postgresql+asyncpg://… ; SQLite in data_dir when unset")
    secret: SecretStr | None = Field(None, description="signs button data; made and kept in data_dir when unset")
    default_branch: str | None = Field(None, description="the branch new members join (its slug)")
    log_level: str = "WARNING"

    telegram_token: SecretStr | None = None

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
