"""A real redis-server for the tests: started on a unix socket in a temporary folder, stopped after.

CI installs Redis from the distribution's packages (.ci/run); there a missing binary FAILS the
run, so a Redis test can never pass by being skipped. On a developer machine without it the
tests are skipped with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

INSTALL_HINT = "sudo apt-get install -y redis-server"
START_TIMEOUT = 15.0


def redis_binary() -> str:
    """The redis-server path; fails in CI (CI=true), skips elsewhere, when it is missing."""
    found = shutil.which("redis-server", path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/bin")
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"redis-server is not installed; CI must install it ({INSTALL_HINT})")
    pytest.skip(f"redis-server is not installed: {INSTALL_HINT}")


class RedisServer:
    """One redis-server process with AOF on (appendfsync everysec), as the README recommends."""

    def __init__(self, folder: Path | None = None, appendfsync: str = "everysec") -> None:
        # Unix socket paths must stay under 108 bytes: use a short folder of our own.
        self.folder = folder or Path(tempfile.mkdtemp(prefix="rf-redis-"))
        self.socket = self.folder / "redis.sock"
        self.appendfsync = appendfsync
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> RedisServer:
        binary = redis_binary()
        self.socket.unlink(missing_ok=True)
        log = (self.folder / "redis.log").open("ab")
        flags = {
            "--port": "0",  # no TCP: the tests talk to it over the unix socket only
            "--unixsocket": str(self.socket),
            "--unixsocketperm": "700",
            "--dir": str(self.folder),
            "--save": "",
            "--appendonly": "yes",
            "--appendfsync": self.appendfsync,
        }
        self.proc = subprocess.Popen(
            [binary, *(part for pair in flags.items() for part in pair)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while not self.ping():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: {self.log()[-2000:]}")
            time.sleep(0.02)
        return self

    def ping(self) -> bool:
        import redis

        try:
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except (redis.RedisError, OSError):
            return False

    def client(self):
        import redis

        return redis.Redis(unix_socket_path=str(self.socket), decode_responses=True)

    def log(self) -> str:
        path = self.folder / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def flush(self) -> None:
        client = self.client()
        try:
            client.flushall()
        finally:
            client.close()
