"""Session stores: SQLite (default, durable) and memory (terminal chat, tests)."""

from bot.store.base import SessionStore, StoredSession
from bot.store.memory import MemoryStore
from bot.store.sqlite import SqliteStore

__all__ = ["MemoryStore", "SessionStore", "SqliteStore", "StoredSession"]
