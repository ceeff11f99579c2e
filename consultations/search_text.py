"""What a visitor types into a search box or a title field, made safe for every search: the same
cleaning for the site search, the proposals' search and the similar-proposals hint.

PostgreSQL refuses NUL bytes; SQLite's full-text index reads quotes, stars and upper-case
AND/OR/NOT as its own syntax and fails on unbalanced ones; and nobody searches with a page of text.
"""

import re

MAX_QUERY_LENGTH = 200
MAX_SEARCH_WORDS = 12


def typed_text(raw, limit=MAX_QUERY_LENGTH):
    """The text as typed, shown back to the visitor: no NUL byte, at most `limit` characters,
    spaces collapsed."""
    return " ".join((raw or "").replace("\x00", " ")[:limit].split())


def search_words(text):
    """The words searched for: lower case, letters and digits only, at most MAX_SEARCH_WORDS."""
    return re.findall(r"\w+", text.lower())[:MAX_SEARCH_WORDS]
