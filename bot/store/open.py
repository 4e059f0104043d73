"""STORE_URL -> the store the Telegram channel commits through."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from bot.config import Settings
from bot.store.commit import ChatStore, LocalChatStore
from bot.store.sqlite import SqliteStore

DB_NAME = "rolefit.sqlite3"


def sqlite_path(settings: Settings) -> Path:
    """As SQLAlchemy writes it: sqlite:///relative/path, sqlite:////absolute/path; unset:
    DATA_DIR/rolefit.sqlite3."""
    if not settings.store.value:
        return settings.data_dir / DB_NAME
    return Path(urlparse(settings.store.value).path[1:] or settings.data_dir / DB_NAME)


def open_chat_store(settings: Settings) -> ChatStore:
    if settings.uses_redis:
        from bot.store.redis import RedisStore  # redis-py loads only when Redis is used

        return RedisStore(settings.store.value)
    return LocalChatStore(SqliteStore(sqlite_path(settings)))
