"""The scale benchmark's fleet: a redis-server, `python -m bot run` replicas in webhook mode and
a round-robin front, all started on this machine (no test helper imported)."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp import web

from benchmarks._common import ROOT

TOKEN = "123456789:AAbenchbenchbenchbenchbenchbenchbe"
SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 90.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} never answered")


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "redis.sock"
        binary = shutil.which("redis-server", path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/bin")
        if binary is None:
            raise SystemExit("redis-server is not installed (apt-get install -y redis-server)")
        flags = ["--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700", "--dir", str(folder)]
        flags += ["--save", "", "--appendonly", "yes", "--appendfsync", "everysec"]
        self.proc = subprocess.Popen([binary, *flags], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        self.client = redis.Redis(unix_socket_path=str(self.socket), decode_responses=True)
        for _ in range(300):
            try:
                self.client.ping()
                return
            except (redis.RedisError, OSError):
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def commands(self) -> int:
        return sum(int(v["calls"]) for k, v in self.client.info("commandstats").items())

    def bytes_per(self, pattern: str, sample: int = 200) -> float:
        keys = list(itertools.islice(self.client.scan_iter(pattern, count=1000), sample))
        return sum(self.client.memory_usage(k) or 0 for k in keys) / max(len(keys), 1)

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(10)


class Replica:
    def __init__(self, workdir: Path, api_port: int, store_url: str, data_dir: Path) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{api_port}",
            "DATA_DIR": str(data_dir),
            "STORE_URL": store_url,
            "WEBHOOK_URL": "https://bench.example.org/hook",
            "WEBHOOK_SECRET": SECRET,
            "PORT": str(self.port),
            "WEBHOOK_LISTEN": "127.0.0.1",
            "FLOOD_LIMIT": "off",
            "LOG_LEVEL": "WARNING",
            "CONTENT_DIR": str(ROOT / "dialogues"),
        }
        self.log = (workdir / f"replica-{self.port}.log").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stderr=self.log)
        wait_http(f"http://127.0.0.1:{self.port}/healthz")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def cpu_seconds(self) -> float:
        """User + system CPU of the replica so far (all its threads), from /proc."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(20)
        self.log.close()


async def round_robin_front(backends: list[str], port: int) -> web.AppRunner:
    """The load balancer's part: each POST to the next replica, answer passed through."""
    turn = itertools.count()
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200))

    async def forward(request: web.Request) -> web.Response:
        body = await request.read()
        url = backends[next(turn) % len(backends)]
        async with session.post(url, data=body, headers=dict(request.headers)) as answer:
            return web.Response(status=answer.status, body=await answer.read(), headers=answer.headers)

    app = web.Application()
    app.router.add_post("/hook", forward)
    app.on_cleanup.append(lambda _: session.close())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner
