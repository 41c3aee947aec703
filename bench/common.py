"""What the benchmarks share: the server's environment and a database of their own."""

import os
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(database_url: str, **extra: str) -> dict:
    """Development settings with DEBUG off, no broker, files kept out of the project."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(ROOT / "bench" / "results" / "media"),
        "PRIVATE_MEDIA_ROOT": str(ROOT / "bench" / "results" / "private"),
        **extra,
    }


def database(database_url: str, *, fresh: bool) -> None:
    """Create the benchmark's PostgreSQL database; with `fresh`, drop it first."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(url: str, attempts: int = 50) -> None:
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")
