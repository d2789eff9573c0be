"""Production starts: static files collected with the production settings, pages served by gunicorn.

The suite itself runs with plain static storage (no manifest), so nothing else would notice a static
file that `collectstatic` cannot post-process (a CSS or JS file naming a missing source map, say): the
site would then answer 500 on every page. This test does what a deployment does.
"""

import re
from pathlib import Path

import pytest

from tests.fresh_python import run_python
from tests.servers import Gunicorn, manage, production_env, request


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
    manage(collected, "migrate", "--no-input")
    with Gunicorn(collected, tmp_path / "gunicorn.log") as server:
        page = request(f"{server.url}/comptes/login/")

        assert page.status == 200, server.log_tail()
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page.text)
        scripts = re.findall(r'src="(/static/[^"]+\.js)"', page.text)
        assert stylesheets and scripts
        for path in stylesheets + scripts:
            # Hashed by the manifest storage, so browsers may cache it for ever.
            assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), path
            static = request(server.url + path)
            assert static.status == 200, path
            assert static.body
            assert "max-age=315360000" in static.headers.get("Cache-Control", "")


def test_a_worker_imports_the_urls_and_views_before_its_first_request():
    result = run_python(
        "import sys; import extranet.wsgi; "
        "print('extranet.urls' in sys.modules, 'weasyprint' in sys.modules)",
        DJANGO_DEBUG="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
