"""The shared loop: load, step, save before replying; skip re-delivered updates; forget deletes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.conversation import Conversation
from bot.engine import ButtonEvent, CommandEvent, Engine, SessionState, TextEvent
from bot.engine.callbacks import answer_data
from bot.store import MemoryStore, SqliteStore, StoredSession

CHAT = 99


class Match:
    topic = None
    suggestions: tuple[str, ...] = ()
    score = 0.0


class NoMatcher:
    def match(self, text: str) -> Match:
        return Match()


class RecordingStore(MemoryStore):
    """Notes every call, so a test can see what was saved and when."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def load(self, chat_id: int) -> StoredSession:
        self.calls.append("load")
        return super().load(chat_id)

    def save(self, chat_id: int, session: StoredSession) -> None:
        self.calls.append("save")
        super().save(chat_id, session)

    def delete(self, chat_id: int) -> None:
        self.calls.append("delete")
        super().delete(chat_id)


@pytest.fixture
def engine(content: Content) -> Engine:
    return Engine(content, NoMatcher())


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path: Path):
    opened = RecordingStore() if request.param == "memory" else SqliteStore(tmp_path / "s.sqlite3")
    yield opened
    opened.close()


def test_the_new_state_is_saved_before_handle_returns(engine: Engine, store) -> None:
    conversation = Conversation(engine, store)
    t = conversation.handle(CHAT, CommandEvent("quiz"), update_id=1)
    # The caller sends replies only after handle() returns; by then the state is durable.
    assert store.load(CHAT) == StoredSession(t.state, 1)
    assert t.state.mode == "quiz"


def test_save_comes_after_load_and_before_return(engine: Engine) -> None:
    store = RecordingStore()
    Conversation(engine, store).handle(CHAT, CommandEvent("quiz"), update_id=1)
    assert store.calls == ["load", "save"]


def test_a_duplicate_update_id_is_skipped(engine: Engine, content: Content, store) -> None:
    conversation = Conversation(engine, store)
    conversation.handle(CHAT, CommandEvent("quiz"), update_id=10)
    yes = ButtonEvent(answer_data(content.statements[0].id, "yes"))
    assert conversation.handle(CHAT, yes, update_id=11) is not None
    before = store.load(CHAT)
    assert conversation.handle(CHAT, yes, update_id=11) is None
    assert conversation.handle(CHAT, CommandEvent("cancel"), update_id=9) is None  # an older one, too
    assert store.load(CHAT) == before
    assert before.state.position == 1 and before.last_update_id == 11


def test_each_chat_has_its_own_update_ids(engine: Engine, store) -> None:
    conversation = Conversation(engine, store)
    conversation.handle(1, CommandEvent("quiz"), update_id=50)
    assert conversation.handle(2, CommandEvent("quiz"), update_id=50) is not None


def test_an_unchanged_state_still_records_the_update_id(engine: Engine, store) -> None:
    conversation = Conversation(engine, store)
    conversation.handle(CHAT, CommandEvent("help"), update_id=5)
    assert store.load(CHAT).last_update_id == 5
    assert conversation.handle(CHAT, CommandEvent("help"), update_id=5) is None


def test_forget_deletes_the_row(engine: Engine, store) -> None:
    conversation = Conversation(engine, store)
    conversation.handle(CHAT, CommandEvent("quiz"), update_id=1)
    t = conversation.handle(CHAT, CommandEvent("forget"), update_id=2)
    assert t is not None and t.forget
    assert store.raw(CHAT) is None
    assert store.load(CHAT) == StoredSession(SessionState(), None)


def test_without_update_ids_every_event_is_applied(engine: Engine, content: Content) -> None:
    store = RecordingStore()
    conversation = Conversation(engine, store)
    conversation.handle(CHAT, CommandEvent("quiz"))
    yes = ButtonEvent(answer_data(content.statements[0].id, "yes"))
    conversation.handle(CHAT, yes)
    conversation.handle(CHAT, TextEvent("no"))
    assert store.load(CHAT).state.position == 2


def test_nothing_is_written_when_nothing_changed_and_there_is_no_update_id(engine: Engine) -> None:
    store = RecordingStore()
    Conversation(engine, store).handle(CHAT, CommandEvent("help"))
    assert store.calls == ["load"] and store.raw(CHAT) is None


def test_a_corrupt_row_starts_the_chat_fresh(engine: Engine) -> None:
    store = RecordingStore()
    store._rows[CHAT] = ("{garbage", 3)
    t = Conversation(engine, store).handle(CHAT, CommandEvent("start"), update_id=4)
    assert t is not None and t.state == SessionState()
