"""Where the browser suite leaves what helps to read a failure (git-ignored test-artifacts/)."""

import re
from pathlib import Path

ARTIFACTS_DIR = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"


def screenshot_path(name):
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
