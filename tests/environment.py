"""Loaded as a pytest plugin (-p tests.environment) before pytest-django imports the settings.

The test settings differ from development in a few deliberate ways (fast password hashing,
Celery always eager, a per-process cache); DJANGO_ENV=test selects them.
"""

import os

os.environ["DJANGO_ENV"] = "test"
# Playwright's sync API runs an event loop in the test thread; Django refuses database access
# from a thread with a running loop unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
