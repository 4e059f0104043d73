"""Small readers shared by the reliability tests (the chat driver lives in tests/telegram)."""

from __future__ import annotations

from fake_telegram import CallbackRecord, FakeBotApi

# What a clean asyncio shutdown never prints: tasks left pending, coroutines never awaited,
# exceptions nobody retrieved, errors swallowed in __del__.
SHUTDOWN_NOISE = (
    "Traceback",
    "Task was destroyed",
    "was never awaited",
    "was never retrieved",
    "Exception ignored",
)


def shutdown_noise(log: str) -> list[str]:
    return [line for line in log.splitlines() if any(noise in line for noise in SHUTDOWN_NOISE)]


def push_inaccessible_callback(fake: FakeBotApi, chat_id: int, message_id: int, data: str) -> str:
    """A button press on a message Telegram can no longer show the bot (older than 48 h): the
    query carries an InaccessibleMessage (date 0, no keyboard), so the channel cannot compare
    the data with the message's buttons and the engine alone has to judge the claim."""
    with fake.state.lock:
        user = fake.state.users[chat_id]
        query_id = fake.state.new_callback_id()
        fake.state.callbacks[query_id] = CallbackRecord(
            id=query_id, chat_id=chat_id, message_id=message_id, data=data, user_id=user.id
        )
    fake.push_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user.to_json(),
                "message": {
                    "chat": {"id": chat_id, "type": "private", "first_name": user.first_name},
                    "message_id": message_id,
                    "date": 0,
                },
                "chat_instance": str(chat_id * 7),
                "data": data,
            }
        }
    )
    return query_id
