"""Development: DEBUG on unless the environment says otherwise, mail printed to the console."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ANONYMOUS_PAGE_CACHE_SECONDS = 0
