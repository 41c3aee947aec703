"""With PostgreSQL restarted, the web processes recover without a restart of their own.

A gunicorn worker keeps its database connection between requests (CONN_MAX_AGE); after a
restart of PostgreSQL that connection is dead, and CONN_HEALTH_CHECKS makes Django notice
before the next request uses it and connect again.
"""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.faults.conftest import free_port, wait_port

ROOT = Path(__file__).resolve().parent.parent.parent


def _get(url, timeout=20):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.headers.get("X-Worker-Pid")
    except urllib.error.HTTPError as error:
        return error.code, None


def test_the_web_answers_again_right_after_postgresql_restarts(throwaway_postgres, tmp_path):
    port = free_port(8107)
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": throwaway_postgres.url,
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": "",
        "LOG_LEVEL": "CRITICAL",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, no input
        [
            sys.executable,
            "-m",
            "gunicorn",
            "klushuis.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "critical",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_port(port, seconds=30)
        url = f"http://127.0.0.1:{port}/healthz"
        # The master listens before its worker has loaded Django: the first answer may take.
        assert _get(url, timeout=90)[0] == 200
        assert _get(url)[0] == 200  # the same, persistent connection

        throwaway_postgres.stop()
        assert _get(url)[0] == 503  # down: said so, not hung
        throwaway_postgres.start()

        assert _get(url)[0] == 200  # the very first request after the restart
        assert server.poll() is None  # the same server process, never restarted
    finally:
        server.terminate()
        server.wait(timeout=10)
