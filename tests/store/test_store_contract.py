"""One contract, every backend: what a chat's stored session must survive."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine import SessionState
from bot.engine.state import Memory, SavedResult
from bot.store import MemoryStore, SqliteStore, StoredSession

MID_QUIZ = SessionState(
    mode="quiz",
    position=3,
    answers=(("big_ideas_to_steps", "yes"), ("steps_done_on_time", "no"), ("customer_problems", "somewhat")),
)


class Backend:
    """A store plus a way to scribble a raw row into it (to simulate corruption)."""

    def __init__(
        self, open_store: Callable[[], object], write_raw: Callable[[object, int, str, int | None], None]
    ) -> None:
        self.open, self.write_raw = open_store, write_raw


def memory_backend(tmp_path: Path) -> Backend:
    def write_raw(store, chat_id, raw, last):
        store._rows[chat_id] = (raw, last)  # the memory store holds serialised JSON, like SQLite

    return Backend(MemoryStore, write_raw)


def sqlite_backend(tmp_path: Path) -> Backend:
    path = tmp_path / "data" / "sessions.sqlite3"

    def write_raw(store, chat_id, raw, last):
        db = sqlite3.connect(str(path), isolation_level=None)
        db.execute(
            "INSERT OR REPLACE INTO sessions (chat_id, state, last_update_id, updated_at) VALUES (?, ?, ?, 0)",
            (chat_id, raw, last),
        )
        db.close()

    return Backend(lambda: SqliteStore(path), write_raw)


def redis_backend(tmp_path: Path, url: str) -> Backend:
    from tests.store.sync_redis import SyncRedisStore

    def write_raw(store, chat_id, raw, last):
        store.write_raw(chat_id, raw, last)

    return Backend(lambda: SyncRedisStore(url), write_raw)


@pytest.fixture(params=["memory", "sqlite", "redis"])
def backend(request, tmp_path: Path) -> Backend:
    if request.param == "redis":  # a real redis-server (tests/redis_server.py), emptied per test
        return redis_backend(tmp_path, request.getfixturevalue("redis_url"))
    return {"memory": memory_backend, "sqlite": sqlite_backend}[request.param](tmp_path)


@pytest.fixture
def store(backend: Backend) -> Iterator:
    opened = backend.open()
    yield opened
    opened.close()


def test_an_unknown_chat_loads_fresh(store) -> None:
    assert store.load(12345) == StoredSession(SessionState(), None)


def test_save_then_load_round_trips_state_and_last_update_id(store) -> None:
    store.save(7, StoredSession(MID_QUIZ, 1001))
    assert store.load(7) == StoredSession(MID_QUIZ, 1001)


def test_saving_again_replaces_the_session(store) -> None:
    store.save(7, StoredSession(MID_QUIZ, 1001))
    store.save(7, StoredSession(SessionState(), 1002))
    assert store.load(7) == StoredSession(SessionState(), 1002)


def test_a_session_without_update_id_round_trips(store) -> None:
    store.save(7, StoredSession(MID_QUIZ, None))
    assert store.load(7) == StoredSession(MID_QUIZ, None)


@pytest.mark.parametrize("chat_id", [0, 1, -1, -1001234567890, 2**53])
def test_any_telegram_chat_id_works(store, chat_id: int) -> None:
    store.save(chat_id, StoredSession(MID_QUIZ, 5))
    assert store.load(chat_id).state == MID_QUIZ


def test_chats_are_kept_apart(store) -> None:
    store.save(1, StoredSession(MID_QUIZ, 10))
    store.save(2, StoredSession(SessionState(), 20))
    assert store.load(1) == StoredSession(MID_QUIZ, 10)
    assert store.load(2) == StoredSession(SessionState(), 20)
    store.delete(1)
    assert store.load(2) == StoredSession(SessionState(), 20)


def test_delete_forgets_the_chat(store) -> None:
    store.save(7, StoredSession(MID_QUIZ, 1001))
    store.delete(7)
    assert store.load(7) == StoredSession(SessionState(), None)
    assert store.raw(7) is None


def test_deleting_an_unknown_chat_is_harmless(store) -> None:
    store.delete(999)
    assert store.load(999) == StoredSession(SessionState(), None)


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "",
        "null",
        "[]",
        '{"v": 99, "mode": "quiz", "position": 1, "answers": []}',
        '{"v": 1, "mode": "quiz", "position": "two", "answers": []}',
    ],
)
def test_a_corrupt_stored_state_loads_fresh_without_crashing(backend: Backend, store, raw: str) -> None:
    backend.write_raw(store, 7, raw, 55)
    loaded = store.load(7)
    assert loaded.state == SessionState()
    assert loaded.last_update_id == 55  # a re-delivered old update is still recognised
    store.save(7, StoredSession(MID_QUIZ, 56))  # and the chat can carry on
    assert store.load(7) == StoredSession(MID_QUIZ, 56)


def test_stored_state_is_the_small_json_of_the_state(store) -> None:
    store.save(7, StoredSession(MID_QUIZ, 1))
    assert store.raw(7) == MID_QUIZ.to_json()


def test_sqlite_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "sessions.sqlite3"
    first = SqliteStore(path)
    first.save(7, StoredSession(MID_QUIZ, 1001))
    first.save(8, StoredSession(SessionState(), 3))
    first.delete(8)
    first.close()

    second = SqliteStore(path)
    try:
        assert second.load(7) == StoredSession(MID_QUIZ, 1001)
        assert second.load(8) == StoredSession(SessionState(), None)
    finally:
        second.close()


def test_sqlite_data_is_visible_to_a_second_instance_without_closing_the_first(tmp_path: Path) -> None:
    """What a restarted process after kill -9 sees: the committed row, no close() needed."""
    path = tmp_path / "sessions.sqlite3"
    writer = SqliteStore(path)
    writer.save(7, StoredSession(MID_QUIZ, 1001))
    reader = SqliteStore(path)
    try:
        assert reader.load(7) == StoredSession(MID_QUIZ, 1001)
    finally:
        reader.close()
        writer.close()


WITH_RESULTS = SessionState(
    results=(
        SavedResult(
            answers=(("big_ideas_to_steps", "yes"), ("steps_done_on_time", "no")),
            scores=(("product_manager", 60), ("project_manager", 25)),
            verdict="product_manager",
            date="2026-11-03",
        ),
        SavedResult(
            answers=(("big_ideas_to_steps", "yes"), ("steps_done_on_time", "yes")),
            scores=(("product_manager", 75), ("project_manager", 75)),
            verdict=None,
            tiebreak="even",
            date=None,
        ),
    )
)


def test_kept_results_and_a_pending_tie_break_round_trip(store) -> None:
    store.save(7, StoredSession(WITH_RESULTS, 3))
    assert store.load(7) == StoredSession(WITH_RESULTS, 3)
    asking = replace(MID_QUIZ, tiebreak=True, results=WITH_RESULTS.results)
    store.save(7, StoredSession(asking, 4))
    assert store.load(7) == StoredSession(asking, 4)


def test_delete_forgets_the_kept_results_too(store) -> None:
    store.save(7, StoredSession(WITH_RESULTS, 3))
    store.delete(7)
    assert store.load(7).state.results == ()


def test_a_state_saved_by_the_version_before_results_still_loads(backend: Backend, store) -> None:
    """A row written before results were kept: same schema version, no results or tiebreak keys."""
    today = '{"answers":[["big_ideas_to_steps","yes"],["steps_done_on_time","no"]],"mode":"quiz","position":2,"v":1}'
    backend.write_raw(store, 7, today, 12)
    loaded = store.load(7)
    assert loaded.last_update_id == 12
    assert loaded.state == SessionState(
        mode="quiz", position=2, answers=(("big_ideas_to_steps", "yes"), ("steps_done_on_time", "no"))
    )
    assert loaded.state.results == () and not loaded.state.tiebreak


def test_recently_shown_topics_round_trip_and_older_memory_rows_still_load(backend: Backend, store) -> None:
    """The recent-topics list is an optional memory key: rows written before it load with it empty."""
    told = SessionState(memory=Memory(topic="salaries", focus="both", last="topic", shown=("job_outlook", "salaries")))
    store.save(7, StoredSession(told, 5))
    assert store.load(7) == StoredSession(told, 5)
    before = (
        '{"answers":[],"memory":{"focus":"both","last":"topic","topic":"salaries"},"mode":"idle","position":0,"v":1}'
    )
    backend.write_raw(store, 8, before, 6)
    assert store.load(8).state.memory == Memory(topic="salaries", focus="both", last="topic")
