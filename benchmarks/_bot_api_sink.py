"""A minimal Bot API for the scale benchmark: answers getMe, sendMessage, editMessageText and
answerCallbackQuery at once with well-formed results, and counts sendMessage. It validates
nothing (the tests' fake Bot API does that); it only has to cost the replicas what Telegram's
answers cost them, without importing test helpers.

    python -m benchmarks._bot_api_sink PORT
"""

from __future__ import annotations

import itertools
import sys
import time

from aiohttp import web

BOT = {"id": 777000111, "is_bot": True, "first_name": "RoleFit", "username": "RoleFitBenchBot"}


def main(port: int) -> None:
    ids = itertools.count(1)
    sent = {"sendMessage": 0}

    async def method(request: web.Request) -> web.Response:
        name = request.match_info["method"]
        if name == "getMe":
            return web.json_response({"ok": True, "result": BOT})
        if name == "stats":
            return web.json_response(sent)
        params = await request.json() if request.content_type == "application/json" else dict(await request.post())
        if name in ("sendMessage", "editMessageText"):
            sent[name] = sent.get(name, 0) + 1
            chat = int(str(params.get("chat_id", 0)))
            message = {
                "message_id": next(ids),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private", "first_name": "U"},
                "from": BOT,
                "text": str(params.get("text", ""))[:50],
            }
            return web.json_response({"ok": True, "result": message})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", method)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
