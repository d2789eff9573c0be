"""Production starts: static files collected with the production settings, pages served by gunicorn.

The suite itself runs with plain static storage (no manifest), so nothing else would notice a static
file that `collectstatic` cannot post-process (a CSS or JS file naming a missing source map, say): the
site would then answer 500 on every page. This test does what a deployment does.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "extranet.example.org"


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "extranet.settings",
        "DJANGO_SECRET_KEY": "production-test-" + "q8W#e7R$t6Y%u5I^" * 4,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes, dict]:
    # The load balancer terminates TLS: it says so with X-Forwarded-Proto.
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def manage(env: dict[str, str], *arguments: str) -> None:
    """Run a management command as a deployment does, in its own process with `env` only."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    env = production_env(tmp_path_factory.mktemp("production"))
    manage(env, "collectstatic", "--no-input")
    return env


def test_collectstatic_with_the_production_settings_writes_a_manifest(collected):
    static_root = Path(collected["DJANGO_STATIC_ROOT"])

    assert (static_root / "staticfiles.json").exists()
    assert list(static_root.glob("vendor/bootstrap/bootstrap.min.*.css"))


def test_gunicorn_serves_a_page_and_its_hashed_static_files_with_debug_off(collected, tmp_path):
    env = {**collected, "DJANGO_BEHIND_PROXY": "1"}
    manage(env, "migrate", "--no-input")
    log = tmp_path / "gunicorn.log"
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [gunicorn, "extranet.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    status, body, _ = get(f"{base}/comptes/login/")
                    break
                except (ConnectionError, urllib.error.URLError):
                    assert time.monotonic() < deadline, log.read_text()[-3000:]
                    time.sleep(0.3)

            assert status == 200, log.read_text()[-3000:]
            html = body.decode()
            stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', html)
            scripts = re.findall(r'src="(/static/[^"]+\.js)"', html)
            assert stylesheets and scripts
            for path in stylesheets + scripts:
                # Hashed by the manifest storage, so browsers may cache it for ever.
                assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), path
                status, content, headers = get(base + path)
                assert status == 200, path
                assert content
                assert "max-age=315360000" in headers.get("Cache-Control", "")
        finally:
            server.terminate()
            server.wait(timeout=10)
