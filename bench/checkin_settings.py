"""The product's settings, routed through bench/checkin_urls.py (the bare view next to the product's URLs)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.checkin_urls"
