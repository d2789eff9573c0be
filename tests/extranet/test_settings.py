"""Production settings refuse to start without their secrets; every page carries a strict CSP."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.fresh_python import run_python

BASE_DIR = Path(__file__).resolve().parents[2]
IMPORT_SETTINGS = "import django; django.setup(); print('ok')"


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off():
    result = run_python(IMPORT_SETTINGS)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_refuse_to_load_without_allowed_hosts_when_debug_is_off():
    result = run_python(IMPORT_SETTINGS, DJANGO_SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_settings_refuse_a_boolean_they_cannot_read():
    result = run_python(IMPORT_SETTINGS, DJANGO_DEBUG="peut-être")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


WITH_SETTINGS = "import django; django.setup(); from django.conf import settings as s; "


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/1"}, "RedisCache redis://127.0.0.1:6379/1 cached_db"),
        ({"REDIS_URL": ""}, "DatabaseCache extranet_cache db"),
        ({}, "DatabaseCache extranet_cache db"),
    ],
)
def test_the_cache_and_the_sessions_reads_go_to_redis_only_when_redis_url_is_set(env, expected):
    # Sessions are always written to the database; with Redis they are read from the cache first.
    code = WITH_SETTINGS + (
        "c = s.CACHES['default']; print(c['BACKEND'].rsplit('.', 1)[1], c['LOCATION'], "
        "s.SESSION_ENGINE.rsplit('.', 1)[1])"
    )
    result = run_python(code, DJANGO_DEBUG="1", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_postgresql_connections_compile_no_query_just_in_time():
    # Compiling took 70-90 ms for the structure page's 7 ms query at ten times the network.
    code = WITH_SETTINGS + "print(s.DATABASES['default']['OPTIONS']['options'])"
    result = run_python(code, DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/extranet")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-c jit=off"


def test_settings_refuse_a_redis_url_that_is_not_one():
    result = run_python(IMPORT_SETTINGS, DJANGO_DEBUG="1", REDIS_URL="127.0.0.1:6379")

    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"EMAIL_HOST": "smtp.example.org"}, "smtp smtp.example.org 587 True False 20"),
        (
            {
                "EMAIL_HOST": "smtp.example.org",
                "EMAIL_PORT": "465",
                "EMAIL_USE_SSL": "1",
                "EMAIL_TIMEOUT": "5",
            },
            "smtp smtp.example.org 465 False True 5",
        ),
    ],
)
def test_smtp_settings_come_from_the_environment_typed(env, expected):
    code = WITH_SETTINGS + (
        "print(s.EMAIL_BACKEND.split('.')[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
        "s.EMAIL_TIMEOUT)"
    )
    result = run_python(code, DJANGO_DEBUG="1", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"EMAIL_PORT": "vingt-cinq"}, "EMAIL_PORT"),
        ({"EMAIL_USE_TLS": "peut-être"}, "EMAIL_USE_TLS"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_SSL"),
    ],
)
def test_settings_refuse_smtp_values_they_cannot_read(env, named):
    result = run_python(IMPORT_SETTINGS, DJANGO_DEBUG="1", EMAIL_HOST="smtp.example.org", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_without_email_host_mail_goes_to_the_console():
    code = WITH_SETTINGS + "print(s.EMAIL_BACKEND)"
    result = run_python(code, DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_settings_load_in_debug_without_secrets():
    result = run_python(IMPORT_SETTINGS, DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("url_name", ["account_login", "home"])
def test_pages_carry_a_csp_without_inline_scripts(client, conseiller, url_name):
    if url_name == "home":
        client.force_login(conseiller)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy.get("default-src", "")
    assert policy["frame-ancestors"] == "'none'"


def test_production_settings_pass_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SECRET_KEY": "k3y-" + "z9Q#w8E$r7T%y6U^" * 4,
            "DJANGO_ALLOWED_HOSTS": "extranet.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
