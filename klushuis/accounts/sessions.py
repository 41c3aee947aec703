"""How long a login lasts: plain rules, no Django (decision 0006).

A session ends when it has been idle too long or has lasted too long since the login, with
stricter limits for anyone who needs a second factor (staff, jurors, notaries).
"""

from dataclasses import dataclass

# Recording the last request on every request would write the session on every page view;
# once a minute is precise enough for limits counted in minutes and hours.
TOUCH_EVERY_SECONDS = 60


@dataclass(frozen=True)
class Limits:
    idle_seconds: int
    max_seconds: int


def session_ended(*, now: float, started: float, last_seen: float, limits: Limits) -> str | None:
    """Why the session is over ("idle" or "max_age"), or None while it lasts."""
    if now - started >= limits.max_seconds:
        return "max_age"
    if now - last_seen >= limits.idle_seconds:
        return "idle"
    return None


def should_touch(*, now: float, last_seen: float) -> bool:
    return now - last_seen >= TOUCH_EVERY_SECONDS
