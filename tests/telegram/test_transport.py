"""The aiohttp transport keeps PTB's contract: the body and status come back as they were sent,
parameters arrive as Telegram reads them, and each failure becomes the PTB error the sender
already handles (TimedOut, NetworkError), never an aiohttp exception."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData

from bot.channels.telegram.transport import AiohttpRequest


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[dict[str, object]]]]:
    """A tiny HTTP server: /echo returns what it received, /slow never answers in time,
    /page answers 502 with an HTML page, like a proxy in front of the Bot API."""
    received: list[dict[str, object]] = []

    async def echo(request: web.Request) -> web.Response:
        form = await request.post()
        fields = {}
        for name, value in form.items():
            fields[name] = (
                f"{value.filename}: {value.file.read().decode()}" if isinstance(value, web.FileField) else value
            )
        received.append(
            {
                "content_type": request.content_type,
                "fields": fields,
                "user_agent": request.headers.get("User-Agent", ""),
            }
        )
        return web.json_response({"ok": True, "result": True})

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1.5)
        return web.json_response({"ok": True, "result": True})

    async def page(request: web.Request) -> web.Response:
        return web.Response(status=502, text="<html>502 Bad Gateway</html>", content_type="text/html")

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/echo")

    app = web.Application()
    app.router.add_post("/echo", echo)
    app.router.add_post("/slow", slow)
    app.router.add_post("/page", page)
    app.router.add_post("/moved", moved)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", received
    await runner.cleanup()


@pytest.fixture
async def transport() -> AsyncIterator[AiohttpRequest]:
    request = AiohttpRequest(connection_pool_size=2, read_timeout=0.5, connect_timeout=0.5, pool_timeout=0.2)
    await request.initialize()
    yield request
    await request.shutdown()


class _Sent:
    """The two views of PTB's RequestData that the transport reads, built from public types (PTB
    builds RequestData from a class in a private module). Encoded as PTB encodes a call: files
    go as (name, content, mime) under their parameter, strings as they are, the rest as JSON."""

    def __init__(self, **params: Any) -> None:
        files = {name: value for name, value in params.items() if isinstance(value, InputFile)}
        self.multipart_data = {name: file.field_tuple for name, file in files.items()} or None
        self.json_parameters = {name: _encoded(value) for name, value in params.items() if name not in files}


def _encoded(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value.to_dict() if hasattr(value, "to_dict") else value)


def _data(**params: Any) -> RequestData:
    return cast(RequestData, _Sent(**params))


async def test_parameters_arrive_form_encoded_as_ptb_sends_them(server, transport) -> None:
    base, received = server
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes & more", callback_data="v1:a:s1:yes")]])
    status, body = await transport.do_request(
        f"{base}/echo", "POST", _data(chat_id=42, text="<b>Hi</b> & ü", reply_markup=markup)
    )
    assert status == 200 and json.loads(body) == {"ok": True, "result": True}
    fields = received[0]["fields"]
    assert received[0]["content_type"] == "application/x-www-form-urlencoded"
    assert fields["chat_id"] == "42" and fields["text"] == "<b>Hi</b> & ü"
    assert json.loads(fields["reply_markup"])["inline_keyboard"][0][0]["callback_data"] == "v1:a:s1:yes"
    assert "python-telegram-bot" in received[0]["user_agent"]


async def test_files_go_as_multipart(server, transport) -> None:
    base, received = server
    document = InputFile(b"the file body", filename="notes.txt", attach=False)
    await transport.do_request(f"{base}/echo", "POST", _data(chat_id=7, document=document))
    assert received[0]["content_type"] == "multipart/form-data"
    assert received[0]["fields"] == {"chat_id": "7", "document": "notes.txt: the file body"}


async def test_a_file_name_goes_as_written(server, transport) -> None:
    base, received = server
    document = InputFile(b"x", filename="резюме май.txt", attach=False)
    await transport.do_request(f"{base}/echo", "POST", _data(chat_id=7, document=document))
    assert received[0]["fields"]["document"] == "резюме май.txt: x"


async def test_a_file_handle_can_be_sent_again(server, transport, tmp_path) -> None:
    # A retry (or a second send) of the same InputFile must not find its handle closed or spent.
    base, received = server
    path = tmp_path / "notes.txt"
    path.write_bytes(b"kept")
    with path.open("rb") as handle:
        document = InputFile(handle, filename="notes.txt", attach=False, read_file_handle=False)
        for _ in range(2):
            status, _ = await transport.do_request(f"{base}/echo", "POST", _data(chat_id=7, document=document))
            assert status == 200
    assert [r["fields"]["document"] for r in received] == ["notes.txt: kept", "notes.txt: kept"]


async def test_an_upload_the_server_stops_reading_is_timed_out(transport) -> None:
    # A server that accepts the connection but never reads: the body fills the socket buffers.
    async def never_read(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(30)

    stalled = await asyncio.start_server(never_read, "127.0.0.1", 0)
    port = stalled.sockets[0].getsockname()[1]
    document = InputFile(b"x" * 50_000_000, filename="big.bin", attach=False)
    try:
        with pytest.raises(TimedOut):
            await asyncio.wait_for(
                transport.do_request(
                    f"http://127.0.0.1:{port}/echo",
                    "POST",
                    _data(chat_id=1, document=document),
                    write_timeout=0.3,
                    read_timeout=0.3,
                ),
                timeout=10,
            )
    finally:
        stalled.close()


async def test_a_redirect_is_not_followed(server, transport) -> None:
    # Following it would turn the POST into a GET without its body: a misrouted call must not
    # look like a success.
    base, received = server
    status, _ = await transport.do_request(f"{base}/moved", "POST", _data(chat_id=1))
    assert status == 302 and received == []


async def test_an_error_page_comes_back_with_its_status(server, transport) -> None:
    base, _ = server
    status, body = await transport.do_request(f"{base}/page", "POST", _data(chat_id=1))
    assert status == 502 and b"Bad Gateway" in body


async def test_a_slow_answer_is_timed_out(server, transport) -> None:
    base, _ = server
    with pytest.raises(TimedOut):
        await transport.do_request(f"{base}/slow", "POST", _data(chat_id=1), read_timeout=0.2)


async def test_waiting_for_a_pooled_connection_is_bounded(server, transport) -> None:
    base, _ = server
    # Both pooled connections are held by slow requests; a third cannot get one in time.
    holders = [
        asyncio.create_task(transport.do_request(f"{base}/slow", "POST", None, read_timeout=3)) for _ in range(2)
    ]
    await asyncio.sleep(0.1)
    with pytest.raises(TimedOut):
        await transport.do_request(f"{base}/echo", "POST", _data(chat_id=1))
    for task in holders:
        task.cancel()
    await asyncio.gather(*holders, return_exceptions=True)


async def test_a_refused_connection_is_a_network_error(transport) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError) as caught:
        await transport.do_request(f"http://127.0.0.1:{port}/echo", "POST", _data(chat_id=1))
    assert not isinstance(caught.value, TimedOut)
    assert "aiohttp" in str(caught.value)


async def test_it_reopens_after_shutdown_and_refuses_before(server) -> None:
    base, _ = server
    request = AiohttpRequest()
    with pytest.raises(RuntimeError):
        await request.do_request(f"{base}/echo", "POST", _data(chat_id=1))
    await request.initialize()
    await request.shutdown()
    await request.initialize()  # PTB initialises again after a shutdown (Application restart)
    status, _ = await request.do_request(f"{base}/echo", "POST", _data(chat_id=1))
    await request.shutdown()
    assert status == 200


async def test_an_error_text_does_not_carry_the_token(transport) -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1000)
        writer.write(b"HTTX not a status line\r\n\r\n")
        await writer.drain()
        writer.close()

    broken = await asyncio.start_server(garbage, "127.0.0.1", 0)
    port = broken.sockets[0].getsockname()[1]
    try:
        with pytest.raises(NetworkError) as caught:
            await transport.do_request(f"http://127.0.0.1:{port}/bot123456:SECRET-half_of-token/getMe", "POST", None)
    finally:
        broken.close()
    assert "SECRET-half_of-token" not in str(caught.value)
    assert "/bot<token>/getMe" in str(caught.value)
