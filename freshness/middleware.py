"""Each request reads its versions once: this middleware gives it a reader (freshness/versions.py).

The first version a request asks for is read together with the published-content version, the
signed-in reader's own, and the keys this address needed last time it was served by this process
(a hint, kept in memory): so a page usually costs one query for all of its versions, whatever
it shows. A wrong or missing hint only costs a second query.
"""

import hashlib

from . import kept, versions


def _always(request):
    keys = [versions.CONTENT]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(versions.reader_key(user.pk))
    return keys


class VersionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = f"{request.get_host()}{request.path}"
        hint_key = "hint:" + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()
        hinted = kept.memo().get(hint_key) or ()
        reader = versions.Reader(always=lambda: _always(request), expected=hinted)
        token = versions.start(reader)
        try:
            response = self.get_response(request)
        finally:
            versions.stop(token)
        if response.status_code == 200:
            needed = tuple(key for key in reader.read_keys() if not key.startswith("reader:"))
            if needed and needed != hinted:
                kept.memo().set(hint_key, needed, None)
        return response
