"""Production settings plus one bare view, so that the benchmark's floor is served by the
same server, middleware and settings as the pages it is compared with."""

from thaogo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
