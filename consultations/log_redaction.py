"""Secrets that travel in addresses, kept out of the portal's own logs (settings.LOGGING puts this
filter on the request and development-server loggers): the token of an unsubscribe link, and a code
given in a query string (a receipt from an old link, an OpenID Connect authorisation code)."""

import logging
import re

SECRETS = (
    re.compile(r"(/notifications/unsubscribe/)[^/\s?\"]+"),
    re.compile(r"([?&]code=)[^&\s\"]+"),
)


def redacted(text):
    for secret in SECRETS:
        text = secret.sub(r"\1…", text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        cleaned = redacted(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
