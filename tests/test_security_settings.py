"""The documented production settings pass `thaogo check --deploy`, and every response
carries the security headers and cookie flags they promise."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.helpers import PASSWORD

REPO = Path(__file__).resolve().parent.parent

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return {name: sources for name, sources in directives}


def documented_production_env() -> dict[str, str]:
    """The variables of the sample /etc/thaogo.env in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```ini\n# /etc/thaogo\.env\n(.*?)```", readme, re.DOTALL)
    assert block, "README.md lost its sample /etc/thaogo.env"
    return dict(
        line.split("=", 1)
        for line in block.group(1).splitlines()
        if line.strip() and not line.startswith("#")
    )


def run_thaogo(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "thaogo", *arguments],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issue_under_the_documented_production_settings(tmp_path):
    env = documented_production_env()
    assert "DEBUG" not in env
    env |= {
        "HOME": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),  # the sample holds a placeholder
        "THAOGO_VAR_DIR": str(tmp_path / "var"),
        # The check needs no database server; keep the documented kind out of the way.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'thaogo.sqlite3'}",
    }

    result = run_thaogo(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_a_setting_is_weakened(tmp_path):
    env = documented_production_env() | {
        "HOME": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "THAOGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'thaogo.sqlite3'}",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
    }
    result = run_thaogo(env, "check", "--deploy")
    output = result.stdout + result.stderr
    assert "security.W004" in output  # no HSTS
    assert "security.W012" in output  # session cookie not secure-only
    assert "security.W016" in output  # CSRF cookie not secure-only


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("login"), secure=True)

    assert policy(response) == EXPECTED_CSP
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_public_portal_pages_carry_the_policy_too(client):
    response = client.get("/", secure=True)
    assert policy(response) == EXPECTED_CSP


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # the production default; tests speak plain HTTP
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_login_cookie_is_secure_http_only_and_ends_with_the_browser(client, cadre):
    response = client.post(
        reverse("login"), {"username": "cadre", "password": PASSWORD}, secure=True
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert not session["max-age"] and not session["expires"]  # gone when the browser closes
    csrf = (
        client.get(reverse("login"), secure=True).cookies.get("csrftoken")
        or client.cookies["csrftoken"]
    )
    assert csrf["secure"]


def test_production_defaults(tmp_path):
    probe = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT,"
        " s.AXES_COOLOFF_TIME.total_seconds())"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=REPO,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "THAOGO_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "thaogo.settings",
            "SECRET_KEY": "x" * 50,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "31536000", "True", "True", "True", "True", "True", "28800", "5", "900.0"
    ]  # fmt: skip
