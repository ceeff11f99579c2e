"""The demo's data files, demo/data/*.yaml, read once per process.

Writers type ordinary spaces; reading a file puts French typography's non-breaking spaces before
: ; ? ! % » and after «, so that a question mark never starts a line. images.yaml is read as
typed: later runs find images by their title, which must not change under them.
"""

from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

_PUNCTUATION_SPACES = [
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
    (" %", "\u00a0%"),
]


def french_spacing(text):
    """Non-breaking spaces before French double punctuation, so '?' never starts a line."""
    for plain, fixed in _PUNCTUATION_SPACES:
        text = text.replace(plain, fixed)
    return text


def _typeset(value):
    if isinstance(value, str):
        return french_spacing(value)
    if isinstance(value, dict):
        return {key: _typeset(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typeset(item) for item in value]
    return value


@cache
def load(name):
    """The content of demo/data/<name>.yaml. Shared by every caller: read it, never change it."""
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as file:
        content = yaml.safe_load(file)
    return content if name == "images" else _typeset(content)
