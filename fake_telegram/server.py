"""aiohttp server for the fake Bot API, running in its own thread and event loop.

A dedicated thread/loop lets the same server serve a bot running as a
subprocess (sync tests) and a bot running inside the test's own event loop
(async tests) without the two loops ever blocking each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import re
import threading
from typing import Any

from aiohttp import web

from .methods import CANONICAL, METHODS
from .model import JSON, ApiError, CallRecord, Upload, bad_request
from .state import FakeState
from .validation import coerce_params

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_CONFLICT_POLL = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
_PROXY_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Merge query string and body (JSON, urlencoded or multipart) into one dict."""
    params: dict[str, Any] = dict(request.query)
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("JSON object expected")
        params.update(body)
    else:
        form = await request.post()
        for key, value in form.items():
            # Uploaded files keep their bytes, so sendPhoto can check the image and a test can read it.
            if isinstance(value, web.FileField):
                params[key] = Upload(str(value.filename), value.file.read())
            else:
                params[key] = value if isinstance(value, str) else bytes(value).decode(errors="replace")
    return params


class FakeServer:
    def __init__(self, state: FakeState, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self.host = host
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._changed: asyncio.Event | None = None
        self._stopping = False
        self._lifecycle = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        with self._lifecycle:
            if self._thread is not None:
                return
            ready = threading.Event()
            errors: list[BaseException] = []
            self._stopping = False
            self._thread = threading.Thread(
                target=self._run, args=(ready, errors), name="fake-telegram-api", daemon=True
            )
            self._thread.start()
            ready.wait(15)
            if errors or not ready.is_set():
                self._thread.join(5)
                self._thread = None
                raise RuntimeError("fake Bot API server failed to start") from (errors[0] if errors else None)

    def stop(self) -> None:
        with self._lifecycle:
            if self._thread is None or self._loop is None:
                return
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
            try:
                future.result(15)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(15)
                self._thread = None

    def _run(self, ready: threading.Event, errors: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            loop.run_until_complete(self._setup())
        except BaseException as exc:  # reported to start() in the caller's thread
            errors.append(exc)
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    async def _setup(self) -> None:
        self._changed = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # handler_cancellation: a client that hangs up must not leave a poller behind.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]  # keep it: a restart reuses the port
        self.state.add_listener(self._notify_threadsafe)

    async def _shutdown(self) -> None:
        self._stopping = True
        self.state.remove_listener(self._notify_threadsafe)
        self._fire()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- wake-ups for long polling -------------------------------------------
    def _notify_threadsafe(self) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._fire)

    def _fire(self) -> None:
        # Swap in a fresh Event so waiters that grabbed the old one never miss a change.
        old, self._changed = self._changed, asyncio.Event()
        if old is not None:
            old.set()

    # -- request handling ----------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        name = request.match_info["method"]
        method = CANONICAL.get(name.lower(), name)
        params: JSON = {}
        try:
            raw = await _read_params(request)
            self._check_access(token, method)
            params = coerce_params(raw)
            fault = self.state.take_fault(method, params)
            if fault is not None and fault.kind == "http":
                self._record(method, params, None, f"HTTP {fault.http_status}", fault.http_status)
                return _proxy_error(fault.http_status)
            if fault is not None and fault.kind == "stall":
                await asyncio.sleep(fault.stall)
                if fault.then_drop:
                    self._record(method, params, None, "stalled, then connection dropped", None)
                    return _drop_connection(request)
                fault = None
            if fault is not None and fault.kind == "drop":
                self._record(method, params, None, "connection dropped", None)
                return _drop_connection(request)
            if fault is not None and fault.error is not None:
                raise fault.error
            if method == "getUpdates":
                result: Any = await self._get_updates(params)
            else:
                with self.state.lock:
                    result = METHODS[method](self.state, params)
        except ApiError as err:
            self._record(method, params, None, err.description, err.code)
            return web.json_response(err.body(), status=err.code)
        self._record(method, params, result, None, None)
        return web.json_response({"ok": True, "result": result})

    def _check_access(self, token: str, method: str) -> None:
        if token != self.state.token or self.state.logged_out:
            # Telegram: well-formed but wrong token -> 401, malformed -> 404.
            if _TOKEN_RE.match(token):
                raise ApiError(401, "Unauthorized")
            raise ApiError(404, "Not Found")
        if method != "getUpdates" and method not in METHODS:
            raise ApiError(404, "Not Found")

    def _record(self, method: str, params: JSON, result: Any, error: str | None, code: int | None) -> None:
        self.state.record(
            CallRecord(
                method=method,
                params=copy.deepcopy(params),
                response_ok=error is None,
                error_description=error,
                error_code=code,
            )
        )

    async def _get_updates(self, params: JSON) -> list[JSON]:
        state = self.state
        if state.webhook is not None:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        with state.lock:
            state.poll_generation += 1
            generation = state.poll_generation
        self._fire()  # an older long poll must notice it was superseded
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            assert changed is not None
            with state.lock:
                if state.poll_generation != generation:
                    raise ApiError(409, _CONFLICT_POLL)
                updates = state.take_updates(offset, limit, allowed)
            remaining = deadline - loop.time()
            if updates or remaining <= 0 or self._stopping:
                return updates
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)


def _proxy_error(status: int) -> web.Response:
    reasons = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out"}
    reason = reasons.get(status, "Error")
    return web.Response(
        status=status,
        text=_PROXY_PAGE.format(status=status, reason=reason),
        content_type="text/html",
    )


def _drop_connection(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.abort()  # RST-like close: the client sees a broken connection
    raise asyncio.CancelledError
