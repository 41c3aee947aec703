"""Settings for benchmarks: the portal's own, plus a bare view to compare against."""

from klushuis.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
