"""Settings come from the environment and fail loudly when production is misconfigured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings.environment import email_settings, env_bool

PROJECT = Path(__file__).resolve().parent.parent
STRONG_KEY = "x7Gq2-unit-test-production-key-9fK3mZ8pLw4vR1tY6uB0nC5dE2hJ7kQ"


def run_python(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "OIDC_PROVIDERS", "EMAIL_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_python(
        "import django; django.setup()", DJANGO_SETTINGS_MODULE="portal.settings.production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_debug_mode():
    result = run_python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=STRONG_KEY,
        DEBUG="true",
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    result = run_python(
        "import django; django.setup()", DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY=STRONG_KEY
    )
    assert result.returncode != 0
    assert "Set EMAIL_URL" in result.stderr


def test_development_runs_without_secret_key():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_deploy_check_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": STRONG_KEY,
            "EMAIL_URL": "smtp://mail.example.fr:25",
            "ALLOWED_HOSTS": "participer.example.fr",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_hsts_and_redirects_to_https():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "plain = client.get('/robots.txt')\n"
        "secure = client.get('/robots.txt', secure=True)\n"
        "print(plain.status_code, plain['Location'])\n"
        "print(secure['Strict-Transport-Security'])\n"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="testserver",
        EMAIL_URL="smtp://mail.example.fr:25",
    )
    assert result.returncode == 0, result.stderr
    redirect_line, hsts_line = result.stdout.strip().splitlines()
    assert redirect_line == "301 https://testserver/robots.txt"
    assert "max-age=31536000" in hsts_line and "includeSubDomains" in hsts_line


def test_malformed_oidc_configuration_is_reported():
    result = run_python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        OIDC_PROVIDERS="[{not json",
    )
    assert result.returncode != 0
    assert "OIDC_PROVIDERS is not valid JSON" in result.stderr


def test_an_oidc_provider_without_an_absolute_address_is_reported():
    result = run_python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        OIDC_PROVIDERS='[{"provider_id": "idp", "name": "IdP", "client_id": "abc", "server_url": "idp/realm"}]',
    )
    assert result.returncode != 0
    assert "OIDC_PROVIDERS entry idp: server_url must be an absolute http(s) address" in result.stderr


def test_oidc_provider_is_enabled_from_the_environment():
    providers = (
        '[{"provider_id": "franceconnect", "name": "FranceConnect", "client_id": "abc", '
        '"secret": "s3cret", "server_url": "https://fcp.integ01.dev-franceconnect.fr/api/v1", '
        '"trusted": true}]'
    )
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from csp.utils import build_policy\n"
        "app = settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]\n"
        "print(app['provider_id'], app['name'], app['settings']['trusted'])\n"
        "print(build_policy())\n"
    )
    result = run_python(code, DJANGO_SETTINGS_MODULE="portal.settings.dev", OIDC_PROVIDERS=providers)
    assert result.returncode == 0, result.stderr
    app_line, policy = result.stdout.strip().splitlines()
    assert app_line == "franceconnect FranceConnect True"
    assert "form-action 'self' https://fcp.integ01.dev-franceconnect.fr" in policy


@pytest.mark.django_db
def test_the_sign_in_page_offers_each_configured_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "franceconnect",
                    "name": "FranceConnect",
                    "client_id": "abc",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://fcp.example.fr/api/v1", "trusted": True},
                }
            ]
        }
    }
    html = client.get("/accounts/login/").content.decode()
    assert "FranceConnect" in html
    assert "/accounts/oidc/franceconnect/login/" in html


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)]
)
def test_booleans_are_read_from_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_an_unreadable_boolean_is_an_error(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe' is not a boolean"):
        env_bool("SOME_FLAG")


def test_email_url_gives_smtp_settings():
    settings = email_settings("submission://relay%40epl.fr:p%40ss@smtp.epl.fr")
    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.epl.fr",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "relay@epl.fr",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_unknown_email_scheme_is_an_error():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme 'pigeon'"):
        email_settings("pigeon://loft")


def test_migrations_match_the_models():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_files_collect_with_the_production_storage(tmp_path):
    """Hashed, compressed static files: every file a stylesheet or script points at must exist."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=PROJECT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": STRONG_KEY,
            "EMAIL_URL": "smtp://mail.example.fr:25",
            "ALLOWED_HOSTS": "participer.example.fr",
            "STATIC_ROOT": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/portal.css" in manifest and "vendor/leaflet/leaflet.js" in manifest
