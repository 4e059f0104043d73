"""Fault injection and webhook delivery parts of ``FakeBotApi`` (mixins)."""

from __future__ import annotations

import asyncio
import copy
import json
import time
import urllib.error
import urllib.request

from .model import JSON, ApiError, Fault
from .state import FakeState
from .waiting import ensure_not_in_event_loop

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
}


def _now() -> int:
    return int(time.time())


class FaultsMixin:
    state: FakeState

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` (optionally only for ``chat_id``) fail."""
        parameters = None
        if error_code == 429 or retry_after is not None:
            retry_after = 5 if retry_after is None else retry_after
            parameters = {"retry_after": retry_after}
            description = description or f"Too Many Requests: retry after {retry_after}"
        description = description or _DEFAULT_DESCRIPTIONS.get(error_code, "Internal Server Error")
        self._add_fault(
            Fault(
                method=method.lower(), times=times, chat_id=chat_id, error=ApiError(error_code, description, parameters)
            )
        )

    def block_user(self, chat_id: int) -> None:
        """Every request targeting this chat gets 403 'bot was blocked by the user'."""
        with self.state.lock:
            self.state.blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        with self.state.lock:
            self.state.blocked.discard(chat_id)

    def fail_get_updates(self, status: int = 502, times: int = 1) -> None:
        """Next getUpdates get a non-JSON proxy error page (like nginx in front of TG)."""
        self._add_fault(Fault(method="getupdates", times=times, kind="http", http_status=status))

    def conflict_get_updates(self, times: int = 1) -> None:
        """Next getUpdates get 409 'terminated by other getUpdates request'."""
        self.fail_next(
            "getUpdates",
            409,
            ("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"),
            times=times,
        )

    def drop_connections(self, times: int = 1, method: str = "getUpdates") -> None:
        """Abort the TCP connection of the next ``times`` calls without any response."""
        self._add_fault(Fault(method=method.lower(), times=times, kind="drop"))

    def stall_next(self, method: str, seconds: float, then_drop: bool = False, chat_id: int | None = None) -> None:
        """Hold the next call of ``method`` for ``seconds`` (a slow Telegram, or time for a test to
        kill the caller mid-request); then answer it normally or, with ``then_drop``, drop it."""
        self._add_fault(
            Fault(method=method.lower(), times=1, kind="stall", chat_id=chat_id, stall=seconds, then_drop=then_drop)
        )

    def clear_faults(self) -> None:
        with self.state.lock:
            self.state.faults.clear()

    def _add_fault(self, fault: Fault) -> None:
        with self.state.lock:
            self.state.faults.append(fault)


class WebhookMixin:
    state: FakeState

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot (getUpdates offset or webhook 2xx)."""
        with self.state.lock:
            return copy.deepcopy(self.state.forced + self.state.pending)

    def deliver_via_webhook(self, update: JSON | int, timeout: float = 10.0) -> int:
        """POST an update (dict, or update_id of a queued one) to the webhook URL.

        Sends X-Telegram-Bot-Api-Secret-Token when a secret was set. Returns the HTTP
        status; a 2xx answer confirms a queued update, like Telegram.
        """
        ensure_not_in_event_loop("deliver_via_webhook")
        with self.state.lock:
            hook = self.state.webhook
            if hook is None:
                raise RuntimeError("no webhook is set (the bot never called setWebhook)")
            if isinstance(update, int):
                queued = self.state.forced + self.state.pending
                found = [u for u in queued if u["update_id"] == update]
                if not found:
                    raise KeyError(f"update {update} is not queued")
                update = found[0]
            body = json.dumps(update).encode()
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        request = urllib.request.Request(hook.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            hook.last_error_date, hook.last_error_message = _now(), f"Connection failed: {exc}"
            raise
        if 200 <= status < 300:
            self.state.confirm_update(int(update["update_id"]))
        else:
            hook.last_error_date = _now()
            hook.last_error_message = f"Wrong response from the webhook: {status}"
        return status

    def deliver_pending_via_webhook(self, timeout: float = 10.0) -> list[int]:
        """Deliver every queued update through the webhook, oldest first."""
        return [self.deliver_via_webhook(update, timeout) for update in self.pending_updates()]

    async def deliver_via_webhook_async(self, update: JSON | int, timeout: float = 10.0) -> int:
        return await asyncio.to_thread(self.deliver_via_webhook, update, timeout)
