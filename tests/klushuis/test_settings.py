"""Production start-up refuses unsafe settings; the deploy check passes with safe ones."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG = secrets.token_urlsafe(64)


def run_check(**env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env_vars", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "klushuis.example.nl"}, "DJANGO_SECRET_KEY is missing or weak"),
        (
            {"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "klushuis.example.nl"},
            "DJANGO_SECRET_KEY is missing or weak",
        ),
        ({"DJANGO_SECRET_KEY": STRONG}, "DJANGO_ALLOWED_HOSTS is empty"),
        (
            {"DJANGO_SECRET_KEY": STRONG, "DJANGO_ALLOWED_HOSTS": "x.nl", "DJANGO_DEBUG": "true"},
            "DJANGO_DEBUG is on",
        ),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(env_vars, message):
    result = run_check(DJANGO_ENV="production", **env_vars)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_check(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=STRONG,
        DJANGO_ALLOWED_HOSTS="klushuis.example.nl",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_shared_cache_fails_the_deploy_check():
    # Login lockouts and rate limits count in the cache; one per worker process would let an
    # attacker multiply every limit by the number of workers.
    env = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": STRONG}
    result = run_check(**env, DJANGO_ALLOWED_HOSTS="klushuis.example.nl", REDIS_URL="")
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr
