"""Settings read from the environment, and the language and date conventions users see."""

import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from thaogo.lib import release
from thaogo.lib.env import env_bool, env_int, env_list, env_str


def import_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    """Import thaogo.settings in a fresh interpreter with only the given variables set."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "THAOGO_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "import thaogo.settings"],
        env=clean,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = import_settings(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_an_empty_secret_key_when_debug_is_off(tmp_path):
    result = import_settings(tmp_path, SECRET_KEY="", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_start_with_a_secret_key(tmp_path):
    result = import_settings(tmp_path, SECRET_KEY="a-real-secret-from-the-environment")
    assert result.returncode == 0, result.stderr


def test_settings_start_without_a_secret_key_in_debug(tmp_path):
    result = import_settings(tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_settings_refuse_a_debug_value_that_is_not_a_boolean(tmp_path):
    result = import_settings(tmp_path, DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_settings_refuse_a_page_size_that_is_not_a_number(tmp_path):
    result = import_settings(tmp_path, SECRET_KEY="x", THAOGO_PAGE_SIZE="twenty")
    assert result.returncode != 0
    assert "THAOGO_PAGE_SIZE must be a whole number" in result.stderr


def settings_value(tmp_path, expression: str, **env) -> str:
    """`expression` evaluated on thaogo.settings (as `s`) in a fresh interpreter."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "THAOGO_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "x",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import thaogo.settings as s; print(({expression}))"],
        env=clean,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_cache_is_each_process_memory_unless_a_redis_address_is_given(tmp_path):
    backend = "s.CACHES['default']['BACKEND']"
    assert settings_value(tmp_path, backend).endswith("LocMemCache")
    shared = settings_value(
        tmp_path,
        f"{backend}, s.CACHES['default']['LOCATION']",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert shared == str(
        ("django.core.cache.backends.redis.RedisCache", "redis://cache.internal:6379/2")
    )
    # CACHE_URL wins over REDIS_URL (a platform may set REDIS_URL for something else).
    location = settings_value(
        tmp_path,
        "s.CACHES['default']['LOCATION']",
        CACHE_URL="redis://a:6379/1",
        REDIS_URL="redis://b:6379/0",
    )
    assert location == "redis://a:6379/1"


def test_the_shared_cache_is_keyed_by_the_release_so_a_new_one_never_serves_old_markup(
    tmp_path,
):
    prefix = "s.CACHES['default']['KEY_PREFIX']"
    redis = {"CACHE_URL": "redis://cache.internal:6379/1"}
    named = settings_value(tmp_path, prefix, THAOGO_RELEASE="2026.12.1", **redis)
    assert named == "thaogo:2026.12.1"
    assert settings_value(
        tmp_path, prefix, THAOGO_RELEASE="2026.12.2", CACHE_KEY_PREFIX="hai-phong", **redis
    ) == ("hai-phong:2026.12.2")
    # Unnamed, the release is the package's files: what every server of it has in common.
    assert settings_value(tmp_path, prefix, **redis) == f"thaogo:{release.fingerprint()}"


def test_settings_refuse_a_cache_address_that_is_not_redis(tmp_path):
    result = import_settings(tmp_path, SECRET_KEY="x", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address" in result.stderr


def test_sessions_and_login_lockouts_live_in_the_database_shared_by_every_server(tmp_path):
    assert settings_value(
        tmp_path, "s.SESSION_ENGINE, s.AXES_HANDLER", REDIS_URL="redis://cache:6379/0"
    ) == str(("django.contrib.sessions.backends.db", "axes.handlers.database.AxesDatabaseHandler"))


def test_uploaded_files_go_to_local_disk_or_to_an_s3_bucket(tmp_path):
    storage = "s.STORAGES['default']['BACKEND']"
    assert settings_value(tmp_path, storage) == "django.core.files.storage.FileSystemStorage"
    options = settings_value(
        tmp_path,
        f"{storage}, s.STORAGES['default']['OPTIONS']",
        THAOGO_FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="thaogo-files",
        AWS_S3_ENDPOINT_URL="https://minio.example.vn:9000",
        AWS_LOCATION="/hai-phong/",
    )
    assert options.startswith("('storages.backends.s3.S3Storage', {")
    for expected in (
        "'bucket_name': 'thaogo-files'",
        "'endpoint_url': 'https://minio.example.vn:9000'",
        "'location': 'hai-phong'",
        "'file_overwrite': False",
        "'access_key': None",  # unset: boto3's own chain (an instance role, ~/.aws)
    ):
        assert expected in options


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"THAOGO_FILE_STORAGE": "s3"}, "THAOGO_FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"THAOGO_FILE_STORAGE": "ftp"}, "THAOGO_FILE_STORAGE must be local or s3, not 'ftp'"),
    ],
)
def test_settings_refuse_an_incomplete_or_unknown_file_storage(tmp_path, env, message):
    result = import_settings(tmp_path, SECRET_KEY="x", **env)
    assert result.returncode != 0
    assert message in result.stderr


# The helpers


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("THAOGO_FLAG", raw)
    assert env_bool("THAOGO_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("THAOGO_FLAG", raw)
    assert env_bool("THAOGO_FLAG", True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "tru"])
def test_env_bool_rejects_anything_else(monkeypatch, raw):
    monkeypatch.setenv("THAOGO_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="THAOGO_FLAG must be true or false"):
        env_bool("THAOGO_FLAG")


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("THAOGO_FLAG", raising=False)
    assert env_bool("THAOGO_FLAG", True) is True


@pytest.mark.parametrize("raw", ["abc", "3.5", "1e3", "10 days"])
def test_env_int_rejects_what_is_not_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("THAOGO_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="THAOGO_NUMBER must be a whole number"):
        env_int("THAOGO_NUMBER", 3)


def test_env_int_rejects_a_value_below_the_minimum(monkeypatch):
    monkeypatch.setenv("THAOGO_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("THAOGO_NUMBER", 3, minimum=0)


def test_env_int_reads_numbers_and_defaults(monkeypatch):
    monkeypatch.setenv("THAOGO_NUMBER", " 7 ")
    assert env_int("THAOGO_NUMBER", 3) == 7
    monkeypatch.setenv("THAOGO_NUMBER", "")
    assert env_int("THAOGO_NUMBER", 3) == 3
    monkeypatch.delenv("THAOGO_NUMBER")
    assert env_int("THAOGO_NUMBER", 3) == 3


def test_env_list_and_str(monkeypatch):
    monkeypatch.setenv("THAOGO_HOSTS", " a.vn, ,b.vn ")
    assert env_list("THAOGO_HOSTS", []) == ["a.vn", "b.vn"]
    monkeypatch.delenv("THAOGO_HOSTS")
    assert env_list("THAOGO_HOSTS", ["x"]) == ["x"]
    assert env_str("THAOGO_HOSTS", "d") == "d"


# Language and dates


@pytest.mark.django_db
def test_dates_show_as_day_month_year(client_for, world):
    html = (
        client_for(world.btc)
        .get(reverse("documents:plan_detail", args=[world.plan.pk]))
        .content.decode()
    )
    assert re.search(r"29/11/2023\D{1,40}31/12/2025", html)  # the plan's period
    assert "2023-11-29" not in html
    assert "11/29/2023" not in html


@pytest.mark.django_db
def test_dates_show_as_day_month_year_in_english_too(client_for, world):
    client = client_for(world.btc)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("tasks:detail", args=[world.clearance.pk])).content.decode()
    assert "31/12/2024" in html


@pytest.mark.django_db
def test_site_is_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi"' in html
    assert "Đăng nhập" in html


@pytest.mark.django_db
def test_language_cookie_switches_to_english(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert "Log in" in html
    assert "Đăng nhập" not in html


@pytest.mark.django_db
def test_choosing_english_in_the_footer_sets_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    assert '<html lang="en"' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert client.get(reverse("login"))["Content-Language"] == "vi"
