"""Settings from the environment and an optional .env file (the environment wins).

Secrets are wrapped in `Secret`, whose repr() and str() never show the value, so a settings
object can be logged or printed in a traceback without leaking the token.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
# A checkout's dialogues/ when there is one (edits show at once), else the copy the wheel
# ships inside the package (setup.py). CONTENT_DIR points elsewhere.
_CHECKOUT_CONTENT = Path(__file__).resolve().parent.parent / "dialogues"
_PACKAGED_CONTENT = Path(__file__).resolve().parent / "_dialogues"
DEFAULT_CONTENT_DIR = _CHECKOUT_CONTENT if _CHECKOUT_CONTENT.is_dir() else _PACKAGED_CONTENT
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")
REDIS_SCHEMES = ("redis", "rediss", "unix")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting is missing or malformed; the message says what to set."""


@dataclass(frozen=True)
class Secret:
    value: str

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    token: Secret | None
    api_base_url: str
    data_dir: Path
    content_dir: Path
    log_level: str
    webhook_url: str | None
    webhook_secret: Secret | None
    port: int
    webhook_listen: str = "0.0.0.0"
    # '' or sqlite:///path: SQLite in data_dir or at path; redis://, rediss://, unix://: Redis. A
    # Secret, because the URL may carry the Redis password.
    store: Secret = Secret("")
    webhook_max_connections: int = 40  # what `set-webhook` asks Telegram for (1-100)
    flood_limit: tuple[int, float] | None = (20, 3.0)  # per-chat burst and refill per second; None: off

    @property
    def uses_redis(self) -> bool:
        return urlparse(self.store.value).scheme in REDIS_SCHEMES

    def secrets(self) -> list[str]:
        """Every string that must never reach a log: the token, its secret half, the webhook secret,
        and the passwords a Redis URL or a self-hosted Bot API's URL may carry (the Bot API URL is
        logged when it cannot be reached, and by PTB at DEBUG)."""
        found = []
        if self.token:
            found += [self.token.value, self.token.value.split(":", 1)[-1]]
        if self.webhook_secret:
            found.append(self.webhook_secret.value)
        for url in (self.store.value, self.api_base_url):
            found.append(urlparse(url).password or "")
        return [s for s in found if s]


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; '#' comments, blank lines, optional 'export ' and quotes allowed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    # utf-8-sig: editors that save a byte order mark would otherwise hide the first key.
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        values[key.strip()] = _env_value(value.strip())
    return values


def _env_value(value: str) -> str:
    """A quoted value ends at its closing quote (a comment may follow: TOKEN="..."  # mine);
    an unquoted one at " #"."""
    if value[:1] in ("'", '"'):
        closing = value.find(value[0], 1)
        if closing > 0:
            return value[1:closing]
    return value.split(" #", 1)[0].strip()


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    merged = {**(read_env_file(env_file) if env_file else {}), **(os.environ if environ is None else environ)}
    get = lambda key, default="": (merged.get(key) or default).strip()

    token = get("TELEGRAM_BOT_TOKEN")
    level = get("LOG_LEVEL", "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (got {level[:20]!r})")
    port_text = get("PORT", "8443")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT must be a port number (got {port_text[:20]!r})")
    webhook_url = get("WEBHOOK_URL") or None
    if webhook_url and urlparse(webhook_url).scheme not in ("https", "http"):
        raise ConfigError("WEBHOOK_URL must be a full https:// URL")
    secret = get("WEBHOOK_SECRET")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1-256 characters)")
    store_url = get("STORE_URL")
    if store_url and urlparse(store_url).scheme not in ("sqlite", *REDIS_SCHEMES):
        raise ConfigError("STORE_URL must be sqlite:///path, redis://host:port/db, rediss://... or unix:///path.sock")
    max_connections = get("WEBHOOK_MAX_CONNECTIONS", "40")
    if not max_connections.isdigit() or not 1 <= int(max_connections) <= 100:
        raise ConfigError(f"WEBHOOK_MAX_CONNECTIONS must be 1-100 (got {max_connections[:20]!r})")
    return Settings(
        token=Secret(token) if token else None,
        api_base_url=normalise_base_url(get("TELEGRAM_API_BASE_URL", DEFAULT_API_BASE_URL)),
        data_dir=Path(get("DATA_DIR", "./data")),
        content_dir=Path(get("CONTENT_DIR") or DEFAULT_CONTENT_DIR),
        log_level=level,
        webhook_url=webhook_url,
        webhook_secret=Secret(secret) if secret else None,
        port=int(port_text),
        webhook_listen=get("WEBHOOK_LISTEN", "0.0.0.0"),
        store=Secret(store_url),
        webhook_max_connections=int(max_connections),
        flood_limit=parse_flood_limit(get("FLOOD_LIMIT", "20/3")),
    )


def parse_flood_limit(text: str) -> tuple[int, float] | None:
    """'20/3': a chat may send 20 updates at once, then 3 a second; 'off': no limit."""
    if text.lower() == "off":
        return None
    burst, _, rate = text.partition("/")
    try:
        parsed = int(burst), float(rate)
    except ValueError:
        parsed = (0, 0.0)
    if parsed[0] < 1 or parsed[1] <= 0:
        raise ConfigError(f"FLOOD_LIMIT must look like 20/3 (burst/per second) or off (got {text[:20]!r})")
    return parsed


def normalise_base_url(url: str) -> str:
    """Accept the Bot API root ('https://api.telegram.org') or PTB's base_url form ('.../bot')."""
    url = url.rstrip("/")
    if urlparse(url).scheme not in ("http", "https"):
        raise ConfigError(f"TELEGRAM_API_BASE_URL must start with http:// or https:// (got {url[:60]!r})")
    return url if url.endswith("/bot") else url + "/bot"


def require_token(settings: Settings) -> str:
    """The token, checked for shape; ConfigError with a one-line hint otherwise."""
    if settings.token is None:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env (see .env.example)"
        )
    if not TOKEN_PATTERN.match(settings.token.value):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: it should look like 123456789:AAF... as given by @BotFather"
        )
    return settings.token.value
