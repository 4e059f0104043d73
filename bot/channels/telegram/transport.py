"""PTB's HTTP transport on aiohttp instead of httpx.

Why: under load the bot's CPU went mostly to httpx/httpcore, not to RoleFit. httpcore's pool
re-checks every pooled connection (and, for each idle one, every other) on each request and
each response; at 200 busy chats that bookkeeping was ~40% of the bot's CPU even with a pool
of 32 (benchmarks/README.md). aiohttp keeps idle connections in a per-host queue and parses
HTTP in C, so a Bot API call costs a fraction of the CPU. PTB supports swapping the transport
through `telegram.request.BaseRequest`; this class maps aiohttp's failures onto the same PTB
errors (`TimedOut`, `NetworkError`) that `HTTPXRequest` raises, so nothing above it changes.

Proxies: HTTPS_PROXY / HTTP_PROXY (and NO_PROXY) from the environment are honoured, an http://
proxy URL only; ALL_PROXY and SOCKS proxies are not, unlike with httpx.
"""

from __future__ import annotations

import re
import ssl
from typing import Any, cast

import aiohttp
import certifi
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB marks a timeout the caller did not give with an instance of its DefaultValue class, which
# lives in a private module (`telegram._utils`), so it is recognised by the type of the public
# `BaseRequest.DEFAULT_NONE`, and the timeout parameters are typed `object`: wider than PTB's
# own hint, which an override may be.
_NOT_GIVEN = type(BaseRequest.DEFAULT_NONE)


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a bounded connection pool (PTB's `BaseRequest` contract)."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 32,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # The same CA bundle httpx uses, so a slim image without system CAs still verifies
            # api.telegram.org; trust_env keeps HTTPS_PROXY working as it did with httpx.
            tls = ssl.create_default_context(cafile=certifi.where())
            connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=tls)
            self._session = aiohttp.ClientSession(
                connector=connector,
                trust_env=True,
                headers={"User-Agent": self.USER_AGENT},
                # PTB reads the body itself and needs it whatever the status (errors are JSON).
                raise_for_status=False,
                auto_decompress=True,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        # aiohttp has no pool or write timeout of its own. `connect` bounds waiting for a free
        # pooled connection plus opening one (None for either leaves both unbounded);
        # `sock_read` bounds each wait for answer bytes, but only starts once the body is
        # written, so an upload the server stops reading is bounded by a total instead.
        total = None
        if files and None not in (connect, pool, write, read):
            total = connect + pool + write + read  # type: ignore[operator]
        timeout = aiohttp.ClientTimeout(
            total=total,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            body = _body(request_data, files)
            # httpx, PTB's own transport, does not follow redirects; aiohttp would, turning the
            # POST into a GET without its body and making a misrouted call look successful.
            async with self._session.request(
                method, url, data=body, timeout=timeout, allow_redirects=False
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's connect/read timeouts are TimeoutErrors too
            raise TimedOut(_describe(err) if str(err) else None) from err
        except aiohttp.ClientError as err:
            raise NetworkError(_describe(err)) from err


_TOKEN_IN_PATH = re.compile(r"/bot[^/\s'\"]+")


def _describe(err: Exception) -> str:
    """The error for PTB's message. aiohttp puts the request URL, and so the bot token, into
    some errors' text; log records are scrubbed anyway, but the text should not carry it."""
    return _TOKEN_IN_PATH.sub("/bot<token>", f"aiohttp.{type(err).__name__}: {err}")


def _given(value: object, default: float | None) -> float | None:
    if isinstance(value, _NOT_GIVEN):
        return default
    return cast("float | None", value)


def _body(request_data: RequestData | None, files: dict[str, Any] | None) -> Any:
    """Form-encoded parameters, as PTB sends them with httpx; multipart when files go along."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not files:
        return fields
    form = aiohttp.FormData(quote_fields=False)  # file names go as UTF-8, as httpx sends them
    for name, value in fields.items():
        form.add_field(name, value)
    for name, part in files.items():
        filename, content, mime = part
        if not isinstance(content, bytes):
            # aiohttp would close the caller's file handle after sending; httpx rewinds it.
            # Read it here, so a retry or a second send of the same InputFile still works.
            content.seek(0)
            content = content.read()
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
