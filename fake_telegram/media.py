"""What the user sends besides text: stickers, photos and documents, each optionally with a
caption as Telegram delivers it (``caption`` plus ``caption_entities``). Part of ``FakeBotApi``
(mixin)."""

from __future__ import annotations

from typing import Any, Protocol

from .commands import command_entities
from .model import JSON


class _Pushes(Protocol):
    def _push_message(self, chat_id: int, user_id: int | None, text: str | None = None, **extra: Any) -> int: ...


class MediaMixin:
    def push_sticker(self: _Pushes, chat_id: int, user_id: int | None = None, emoji: str = "👍") -> int:
        sticker = {
            "file_id": "CAACAgIAAxkBAAEFakeSticker",
            "file_unique_id": "AgADFakeSticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeStickers",
        }
        return self._push_message(chat_id, user_id, sticker=sticker)

    def push_photo(self: _Pushes, chat_id: int, user_id: int | None = None, caption: str | None = None) -> int:
        sizes = [
            {
                "file_id": f"AgACAgIAAxkBAAEFakePhoto{w}",
                "file_unique_id": f"AQADFake{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 40,
            }
            for w in (90, 320, 800)
        ]
        return self._push_message(chat_id, user_id, photo=sizes, **_caption(caption))

    def push_document(
        self: _Pushes,
        chat_id: int,
        user_id: int | None = None,
        caption: str | None = None,
        file_name: str = "cv.pdf",
    ) -> int:
        document = {
            "file_id": "BQACAgIAAxkBAAEFakeDocument",
            "file_unique_id": "AgADFakeDocument",
            "file_name": file_name,
            "mime_type": "application/pdf",
            "file_size": 48_213,
        }
        return self._push_message(chat_id, user_id, document=document, **_caption(caption))


def _caption(caption: str | None) -> JSON:
    """Telegram leaves the caption out when there is none, and marks commands in it as in text."""
    if not caption:
        return {}
    entities = command_entities(caption)
    return {"caption": caption, **({"caption_entities": entities} if entities else {})}
