"""Secrets given in addresses do not reach the portal's own logs."""

import logging

import pytest


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def server_log():
    logger = logging.getLogger("django.server")
    kept = Kept()
    logger.addHandler(kept)
    yield logger, kept.lines
    logger.removeHandler(kept)


@pytest.mark.parametrize(
    ("request_line", "secret"),
    [
        ("GET /bulletin/verifier/?code=K7QM-2XWP-9RTA-4HCD HTTP/1.1", "K7QM-2XWP-9RTA-4HCD"),
        ("GET /accounts/oidc/ville/login/callback/?state=x&code=abc123secret HTTP/1.1", "abc123secret"),
        ("POST /notifications/unsubscribe/WzEsInJlcGxpZXMiXQ:1tXyZ:abcdef/ HTTP/1.1", "WzEsInJlcGxpZXMiXQ"),
    ],
)
def test_the_development_server_log_leaves_secrets_out(server_log, request_line, secret):
    logger, lines = server_log
    logger.info('"%s" %s %s', request_line, "200", "1234")
    assert len(lines) == 1
    assert secret not in lines[0]
    assert lines[0].startswith(f'"{request_line.split("/")[0]}/')
    assert '200 1234' in lines[0]
