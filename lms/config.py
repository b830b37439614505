"""Configuration from environment variables, with embedded defaults for one machine."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    path = Path(os.environ.get("LMS_DATA_DIR") or PROJECT_ROOT / "instance").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _kept(folder: Path, variable: str, filename: str, make) -> str:
    """The environment variable, or a value generated once and kept in the data dir."""
    if os.environ.get(variable):
        return os.environ[variable]
    path = folder / filename
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(make())
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()


def timezone_name() -> str:
    """The instance's local time zone (the city's calendar days and months)."""
    return os.environ.get("LMS_TIMEZONE") or "Asia/Shanghai"


def _secret_key(folder: Path) -> str:
    """LMS_SECRET_KEY, or a key generated once and kept in the data dir."""
    return _kept(folder, "LMS_SECRET_KEY", "secret_key", lambda: secrets.token_hex(32))


def _instance_id(folder: Path) -> str:
    """LMS_INSTANCE_ID, or one generated once and kept in the data dir: the points
    export's `source`, and the root of our xAPI statement ids, so two instances (or
    one with a rebuilt database) never make the same statement id."""
    return _kept(folder, "LMS_INSTANCE_ID", "instance_id", _new_instance_id)


def _new_instance_id() -> str:
    return f"gig-lms-{secrets.token_hex(6)}"


def _hours(raw: str | None) -> Decimal | None:
    return Decimal(raw).quantize(Decimal("0.01")) if raw else None


def load() -> dict:
    """The app's settings; tests pass overrides to `create_app` on top of these."""
    folder = data_dir()
    database = (
        os.environ.get("LMS_DATABASE_URL") or f"sqlite:///{folder / 'lms.sqlite3'}"
    )
    redis_url = os.environ.get("LMS_REDIS_URL") or None
    return {
        "LMS_DATA_DIR": str(folder),
        "SECRET_KEY": _secret_key(folder),
        "SQLALCHEMY_DATABASE_URI": database,
        "LMS_REDIS_URL": redis_url,
        "LMS_LAUNCH_SECRET": os.environ.get("LMS_LAUNCH_SECRET") or None,
        "LMS_TOKEN_DAYS": int(os.environ.get("LMS_TOKEN_DAYS", "30")),
        "LMS_TIMEZONE": timezone_name(),
        "LMS_DAILY_CREDIT_HOURS": _hours(os.environ.get("LMS_DAILY_CREDIT_HOURS")),
        # Proxies in front that set X-Forwarded-For/-Proto/-Host (nginx: 1); 0: none.
        "LMS_PROXY_HOPS": int(os.environ.get("LMS_PROXY_HOPS", "0")),
        # The staff audit log is kept this many days (a daily task drops older rows).
        "LMS_AUDIT_DAYS": int(os.environ.get("LMS_AUDIT_DAYS", "365")),
        "LMS_MEDIA_X_ACCEL": os.environ.get("LMS_MEDIA_X_ACCEL") == "1",
        # A separate, cookieless origin serving what /media/ serves; unset: /media/.
        "LMS_MEDIA_URL": (os.environ.get("LMS_MEDIA_URL") or "").rstrip("/") or None,
        # Transcode jobs: heartbeat interval, and when a silent job counts as lost.
        "LMS_TRANSCODE_HEARTBEAT_S": float(
            os.environ.get("LMS_TRANSCODE_HEARTBEAT_S", "5")
        ),
        "LMS_TRANSCODE_STALE_S": float(os.environ.get("LMS_TRANSCODE_STALE_S", "120")),
        # Search: how often a web node applies course changes made through others.
        "LMS_SEARCH_SYNC_S": float(os.environ.get("LMS_SEARCH_SYNC_S", "10")),
        "LMS_COURSE_CONTENT": os.environ.get("LMS_COURSE_CONTENT")
        or str(PROJECT_ROOT / "courses" / "content"),
        # Credits export to the points platform (shared/specs/points-export.md).
        "LMS_POINTS_URL": os.environ.get("LMS_POINTS_URL") or None,
        "LMS_POINTS_SECRET": os.environ.get("LMS_POINTS_SECRET") or None,
        "LMS_POINTS_PULL_TOKEN": os.environ.get("LMS_POINTS_PULL_TOKEN") or None,
        "LMS_INSTANCE_ID": _instance_id(folder),
        "LMS_POINTS_TIMEOUT": float(os.environ.get("LMS_POINTS_TIMEOUT", "30")),
        "LMS_POINTS_BATCH_SIZE": int(os.environ.get("LMS_POINTS_BATCH_SIZE", "500")),
        # This instance's public address: xAPI actor homePage, QR codes, badge issuer.
        "LMS_PUBLIC_URL": (
            os.environ.get("LMS_PUBLIC_URL") or "http://127.0.0.1:5000"
        ).rstrip("/"),
        # xAPI statements to a learning record store; unset URL = off.
        "LMS_XAPI_URL": os.environ.get("LMS_XAPI_URL") or None,
        "LMS_XAPI_USERNAME": os.environ.get("LMS_XAPI_USERNAME") or None,
        "LMS_XAPI_PASSWORD": os.environ.get("LMS_XAPI_PASSWORD") or None,
        "LMS_XAPI_TIMEOUT": float(os.environ.get("LMS_XAPI_TIMEOUT", "30")),
        # Certificate PDFs: a CJK font file and its face (2 = SC in Noto's TTC).
        "LMS_CJK_FONT": os.environ.get("LMS_CJK_FONT")
        or "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "LMS_CJK_FONT_FACE": int(os.environ.get("LMS_CJK_FONT_FACE", "2")),
        # Production: logs as JSON lines; how many proxies (nginx) stand in front.
        "LMS_LOG_FORMAT": os.environ.get("LMS_LOG_FORMAT") or "text",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "lms" / "translations"),
        "LANGUAGES": ("zh_CN", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
    }
