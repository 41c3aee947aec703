"""Throwaway servers for fault tests: started by the test on their own ports, never the
suite's own PostgreSQL or Redis, and always stopped."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.applications.conftest import complete_application, homes, open_round  # noqa: F401


def free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


def wait_port(port: int, *, up: bool = True, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if (probe.connect_ex(("127.0.0.1", port)) == 0) == up:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not come {'up' if up else 'down'}")


class ThrowawayRedis:
    """redis-server on a port of its own, without persistence."""

    def __init__(self, tmp_path):
        self.port = free_port(56379)
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, no input
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
            wait_port(self.port, up=False)


@pytest.fixture
def throwaway_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = ThrowawayRedis(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def pg_binary(name: str) -> str | None:
    """A PostgreSQL server program: on the PATH, or where Debian's packages put it."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return str(candidates[0]) if candidates else None


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary folder, trust on loopback)."""

    def __init__(self):
        self.port = free_port(55432)
        # Not under pytest's tmp_path: the postgres user may not enter root's folders there.
        self.home = Path(tempfile.mkdtemp(prefix="klushuis-faults-pg-"))
        self.dir = self.home / "pgdata"
        self.log = self.home / "pg.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command, check=True):
        # initdb and postgres refuse to run as root; the system's postgres user runs them.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(  # noqa: S603 - fixed arguments, no input
            [*prefix, *command], check=check, capture_output=True, timeout=60
        )

    def init(self):
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            pg_binary("initdb"),
            "-D",
            str(self.dir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        )

    def start(self):
        self._run(
            pg_binary("pg_ctl"),
            "-D",
            str(self.dir),
            "-l",
            str(self.log),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self, check=True):
        self._run(pg_binary("pg_ctl"), "-D", str(self.dir), "-w", "-m", "fast", "stop", check=check)


@pytest.fixture
def throwaway_postgres():
    if pg_binary("initdb") is None or pg_binary("pg_ctl") is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    server = ThrowawayPostgres()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop(check=False)
        shutil.rmtree(server.home, ignore_errors=True)
